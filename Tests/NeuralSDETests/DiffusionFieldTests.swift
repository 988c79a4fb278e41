import DiffEq
import Foundation
import Neural
import Testing

@testable import NeuralSDE

/// The learned diffusion field must be right across the state space, not only on average: paths
/// simulated from the learned SDE must have the data's spread.
@Suite struct DiffusionFieldTests {
  /// The evaluation measures on exactly known models: a model whose diffusion is the true
  /// constant has pointwise error 0 and spread 1; a constant `σ` 10 % too large has pointwise
  /// error 21 % (`1.1² − 1`); the learned SDE of an exact linear model, simulated by the
  /// ensemble (2,000 paths, seeded), has covariances within 10 % of the exact ones.
  @Test func evaluationMeasuresOnExactModels() throws {
    let data = try Support.ballData(paths: 50, observations: 20)
    func truth(_ z: UnsafeBufferPointer<Double>, _ c: UnsafeMutableBufferPointer<Double>) {
      for (i, v) in SDEBallExperiment.diffusionCovariance.enumerated() { c[i] = v }
    }
    let exact = try Support.linearModel(A: [0, 1, -1, 0], sigma: [0.2, 0.1], D: 2)
    let e0 = try ModelEvaluation.pointwiseDiffusionRelativeError(exact, states: data.values, trueCovariance: truth)
    #expect(e0 <= 1e-6)
    #expect(abs(try ModelEvaluation.diffusionTraceSpread(exact, states: data.values) - 1) <= 1e-6)
    let wide = try Support.linearModel(A: [0, 1, -1, 0], sigma: [0.22, 0.11], D: 2)
    let e1 = try ModelEvaluation.pointwiseDiffusionRelativeError(wide, states: data.values, trueCovariance: truth)
    #expect(abs(e1 - 0.21) <= 1e-5, "\(e1)")
    let times = (0..<20).map { Double($0) * 0.5 }
    let stats = try ModelEvaluation.simulatedMoments(
      exact, x0: [0, 1], times: times, substeps: 50, paths: 2000, seed: 9)
    let field = LinearSDE.sdeBall
    let (_, p) = try field.moments(x0: [0, 1], times: times)
    for k in [4, 19] {
      let e = try ModelEvaluation.relativeFrobeniusError(
        Array(stats.covariance(at: k)), reference: Array(p[(4 * k)..<(4 * k + 4)]))
      #expect(e <= 0.10, "t = \(times[k]): \(e)")
    }
    #expect(throws: NeuralSDEError.self) {
      try ModelEvaluation.diffusionTraceSpread(exact, states: data.values, lower: 0.9, upper: 0.1)
    }
    #expect(throws: NeuralSDEError.self) {
      try ModelEvaluation.simulatedMoments(exact, x0: [0, 1], times: [0, 1], substeps: 0, paths: 10, seed: 1)
    }
  }

  /// The SDE ball (400 paths at Δt = 3π/49, the quick training of
  /// ``SDEBallExperiment/Configuration/quick`` with model seed 7 and training seed 9, corrected
  /// method). From the random initial weights these seeds split the learned σ into regions of
  /// opposite sign with σ̂σ̂ᵀ ≈ 0 between them (measured without the warm start: pointwise error
  /// 58 %, p95/p5 of tr σ̂σ̂ᵀ 123, simulated covariance 62 % off at t ≈ 1.9, mean σσᵀ 37 % off),
  /// so the bars below fail for that behaviour; with it: 1.2 %, 1.01 and 9 %.
  /// Bars: pointwise σ̂σ̂ᵀ(z) error over the observed states ≤ 20 %; p95/p5 of tr σ̂σ̂ᵀ ≤ 1.5
  /// (the truth is constant, 1); the covariance of 1,000 paths simulated from the learned SDE
  /// within 25 % (Frobenius) of the exact one at t ≈ 1.0 and t ≈ 1.9 (1,000-path sampling error
  /// ≈ 4.5 %; at later times the short run's 4–5 % drift error dominates the covariance — the
  /// full run's end-time check is in `make bench FILTER=nsde`). The cold start, run alongside,
  /// must show the fault (spread > 5), so the seeds keep testing what they are meant to.
  @Test func sdeBallLearnedDiffusionGivesTheDataSpread() throws {
    func run(warmStart: Bool) throws -> SDEBallExperiment.MethodReport {
      var configuration = SDEBallExperiment.Configuration.quick
      configuration.compareWithNaive = false
      configuration.gridResolution = 3
      configuration.learning.model.seed = 7
      configuration.learning.training.seed = 9
      configuration.learning.training.diffusionWarmStart = warmStart
      configuration.spreadObservations = [5, 10]
      return try SDEBallExperiment.run(configuration).corrected
    }
    let r = try run(warmStart: true)
    let spread = try #require(r.simulatedSpread)
    let info = "pointwise \(r.pointwiseDiffusionRelativeError), spread \(r.diffusionTraceSpread), "
      + "mean σσᵀ error \(r.diffusionRelativeError), simulated \(spread.simulatedCovariances) vs exact "
      + "\(spread.exactCovariances) at \(spread.times): \(spread.relativeErrors)"
    #expect(spread.paths == 1000 && spread.times.count == 2)
    #expect(abs(spread.times[1] - 10 * 3 * Double.pi / 49) <= 1e-12)
    #expect(r.pointwiseDiffusionRelativeError <= 0.20, "\(info)")
    #expect(r.diffusionTraceSpread <= 1.5, "\(info)")
    #expect(spread.maxRelativeError <= 0.25, "\(info)")
    #expect(r.diffusionRelativeError <= 0.08, "\(info)")
    let cold = try run(warmStart: false)
    #expect(cold.diffusionTraceSpread > 5, "cold start: spread \(cold.diffusionTraceSpread)")
  }

  /// The Jacobi eigen-solver of the warm start: eigenpairs of [[2, 1], [1, 2]] (3 and 1, vectors
  /// (1, 1)/√2 and (1, −1)/√2 up to sign) and `S v = λ v` for a 4 × 4 symmetric matrix with
  /// orthonormal vectors, descending values; tolerance 1e-12.
  @Test func symmetricEigenDecomposition() {
    let (l2, v2) = _symmetricEigen([2, 1, 1, 2], 2)
    #expect(abs(l2[0] - 3) <= 1e-12 && abs(l2[1] - 1) <= 1e-12)
    #expect(abs(abs(v2[0]) - 0.5.squareRoot()) <= 1e-12 && abs(v2[0] - v2[2]) <= 1e-12)
    let m = 4
    let a: [Double] = [4, 1, -2, 0.5, 1, 3, 0, 1, -2, 0, 5, 2, 0.5, 1, 2, 1]
    let (l, v) = _symmetricEigen(a, m)
    for j in 0..<m {
      if j > 0 { #expect(l[j] <= l[j - 1]) }
      for i in 0..<m {
        let av = (0..<m).reduce(0.0) { $0 + a[i * m + $1] * v[$1 * m + j] }
        #expect(abs(av - l[j] * v[i * m + j]) <= 1e-12)
      }
      for k in 0..<m {
        let dot = (0..<m).reduce(0.0) { $0 + v[$1 * m + j] * v[$1 * m + k] }
        #expect(abs(dot - (j == k ? 1 : 0)) <= 1e-12)
      }
    }
  }

  /// The warm start sets σ to the rank-n part of the residual moment. A model with the exact
  /// SDE-ball drift and a wrong constant σ = (1, −1) trains only its diffusion (w_lp = 0) for one
  /// epoch at learning rate 1e-7 (the parameters move by ≈ 1e-6): σ̂σ̂ᵀ is then the same at every
  /// observed state (trace range within 0.1 %) and equals λ₁v₁v₁ᵀ, the top eigenpair of the exact
  /// one-interval covariance `P(Δt)/Δt` (``LinearSDE/moments(x0:times:)``),
  /// within 8 % (Frobenius; 4,900 transitions give a sampling error of ≈ 3 %).
  @Test func warmStartGivesTheConstantMoment() throws {
    let data = try Support.ballData(paths: 100, observations: 50)
    let dt = 3 * Double.pi / 49
    let model = try Support.linearModel(A: [0, 1, -1, 0], sigma: [1, -1], D: 2)
    let trainer = try NeuralSDETrainer(
      model: model, data: data, losses: LossConfiguration(weights: LossWeights(pointwise: 0, covariance: 1)),
      training: TrainingConfiguration(
        epochs: 1, diffusionEpochs: 1, learningRate: 1e-7, validationFraction: 0, seed: 9))
    _ = try trainer.train()
    let field = LinearSDE.sdeBall
    let p = try field.moments(x0: [0, 0], times: [0, dt]).covariance.dropFirst(4).map { $0 / dt }
    let (l, v) = _symmetricEigen(p, 2)
    let expected = [l[0] * v[0] * v[0], l[0] * v[0] * v[2], l[0] * v[2] * v[0], l[0] * v[2] * v[2]]
    let all = try model.diffusionCovariance(at: data.values)
    var lowest = Double.infinity
    var highest = 0.0
    for i in 0..<(all.count / 4) {
      lowest = min(lowest, all[4 * i] + all[4 * i + 3])
      highest = max(highest, all[4 * i] + all[4 * i + 3])
    }
    #expect(highest / lowest <= 1.001, "trace range \(lowest)…\(highest)")
    let first = Array(all[0..<4])
    let e = try ModelEvaluation.relativeFrobeniusError(first, reference: expected)
    #expect(e <= 0.08, "σ̂σ̂ᵀ \(first) vs λ₁v₁v₁ᵀ \(expected)")
  }
}
