import DiffEq
import Foundation
import Neural
import Testing

@testable import NeuralSDE

/// The learned model as a DiffEq SDE: simulated with DiffEq's ensembles.
@Suite struct LearnedSDEFieldTests {
  /// A model holding the exact SDE-ball drift and diffusion, snapshotted as a DiffEq vector field
  /// and simulated by DiffEq's Euler–Maruyama ensemble (4,000 paths, Δt = 1e-3, T = 1): the
  /// sample mean at T is within 4 standard errors of the exact mean `e^{AT}x₀` and the sample
  /// covariance within 10 % (Frobenius) of the exact `∫₀ᵀ e^{As}σσᵀe^{Aᵀs} ds`.
  @Test func ensembleOfTheSnapshotMatchesTheExactMoments() throws {
    let sigma = [0.2, 0.1]
    let model = try Support.linearModel(A: [0, 1, -1, 0], sigma: sigma, D: 2)
    let field = LearnedSDEField(model)
    let T = 1.0
    let problem = try SDEProblem(field, x0: [0, 1], t0: 0, t1: T)
    let ensemble = try SDEEnsemble(
      problem: problem, method: EulerMaruyama(), dt: 1e-3, saveTimes: [T], seed: 11)
    let stats = try ensemble.statistics(count: 4000)
    let mean = Array(stats.mean(at: 0))
    let se = stats.standardErrorOfMean(at: 0)
    let exact = [sin(T), cos(T)]
    for a in 0..<2 {
      #expect(abs(mean[a] - exact[a]) <= 4 * se[a], "mean[\(a)] \(mean[a]) vs \(exact[a]) ± \(se[a])")
    }
    var C = [0.0, 0, 0, 0]
    let n = 4000
    for i in 0..<n {
      let s = (Double(i) + 0.5) * T / Double(n)
      let E = Support.rotation(1, s)
      let v = [E[0] * sigma[0] + E[1] * sigma[1], E[2] * sigma[0] + E[3] * sigma[1]]
      for a in 0..<2 { for b in 0..<2 { C[a * 2 + b] += v[a] * v[b] * T / Double(n) } }
    }
    let error = try ModelEvaluation.relativeFrobeniusError(Array(stats.covariance(at: 0)), reference: C)
    #expect(error <= 0.10, "covariance error \(error)")
  }

  /// Lane vectors give the same bits as single paths: ensemble path k equals `solve(path: k)`
  /// for the (nonlinear, tanh) snapshot of an untrained model.
  @Test func lanesAgreeWithSinglePaths() throws {
    let model = try NeuralSDEModel(.init(observedDimension: 2, noiseDimension: 2, seed: 3))
    let field = LearnedSDEField(model)
    let problem = try SDEProblem(field, x0: [0.5, -0.5], t0: 0, t1: 0.5)
    let ensemble = try SDEEnsemble(
      problem: problem, method: EulerMaruyama(), dt: 0.01, saveTimes: [0.25, 0.5], seed: 2)
    let paths = try ensemble.paths(count: 20, threads: 1)
    for k in [0, 7, 19] {
      let single = try ensemble.solve(path: k)
      #expect(Array(paths.path(k)) == single.states)
    }
  }
}
