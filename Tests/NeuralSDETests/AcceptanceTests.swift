import DiffEq
import Foundation
import Neural
import Testing

@testable import NeuralSDE

/// Short versions of the acceptance experiments (small data, few epochs). The bars are
/// looser than the full runs' (`make bench FILTER=nsde`) but separate a working method from a
/// broken one: the naive one-step estimator's known biases (9.6 % drift, ≈ 13 % σσᵀ on the SDE
/// ball at Δt = 0.19) must show, and the corrected estimator must beat them clearly.
@Suite struct AcceptanceTests {
  /// The SDE ball at the full experiment's Δt = 3π/49 with 400 paths and 12 + 8 epochs
  /// (``SDEBallExperiment/Configuration/quick``):
  /// corrected drift error ≤ 6 % and σσᵀ error ≤ 8 %; naive drift error ≥ 8 % (its bias is
  /// 9.6 %) and σσᵀ error ≥ 10 %; the corrected reconstruction from (0, 1) beats the naive one.
  @Test func sdeBallCorrectedBeatsNaive() throws {
    var configuration = SDEBallExperiment.Configuration.quick
    configuration.gridResolution = 5
    configuration.spreadPaths = 0  // the simulated spread is checked in DiffusionFieldTests
    let report = try SDEBallExperiment.run(configuration)
    let c = report.corrected
    let n = try #require(report.naive)
    #expect(report.data.paths == 400 && report.data.steps == 50)
    #expect(c.driftRelativeError <= 0.06, "corrected drift \(c.driftRelativeError)")
    #expect(c.diffusionRelativeError <= 0.08, "corrected σσᵀ \(c.diffusionRelativeError)")
    #expect(n.driftRelativeError >= 0.08, "naive drift \(n.driftRelativeError)")
    #expect(n.diffusionRelativeError >= 0.10, "naive σσᵀ \(n.diffusionRelativeError)")
    #expect(c.driftRelativeError <= n.driftRelativeError - 0.03)
    #expect(c.reconstructionMaxError < n.reconstructionMaxError)
    // Plot data: a 5 × 5 grid, reconstruction and truth at the 50 observation times.
    #expect(c.grid.points.count == 50 && report.trueGridDrift.count == 50)
    #expect(c.reconstruction.count == 100 && report.trueSolution.count == 100)
    #expect(report.summary.contains("corrected: drift rel. L2 error"))
  }

  /// 1-D Ornstein–Uhlenbeck `dX = −θX dt + σ dW` (θ = 1, σ = 0.5) observed at Δt = 0.2: the
  /// slope of an affine fit of the learned drift within 5 % of −θ and σ² within 10 % (corrected);
  /// the naive slope carries its bias `(e^{−θΔt} − 1)/Δt = −0.906` (more than 6 % off), as does
  /// the Kramers–Moyal estimate `D1` on the same data (within 5 % of −0.906).
  @Test func ornsteinUhlenbeckSlopeAndVariance() throws {
    let theta = 1.0
    let sigma = 0.5
    let dt = 0.2
    let data = try Support.linearData(
      A: [-theta], s: [sigma], x0: [1.5], paths: 400, observations: 50, dt: dt)
    var slopes: [EstimationMethod: Double] = [:]
    for method in EstimationMethod.allCases {
      let result = try learnSDE(
        from: data,
        configuration: LearningConfiguration(
          model: .init(observedDimension: 1, hiddenWidths: [16, 16], seed: 2),
          losses: LossConfiguration(method: method),
          training: TrainingConfiguration(
            epochs: 12, diffusionEpochs: 8, batchSize: 256, diffusionBatchSize: 1024,
            learningRate: 5e-3, seed: 3)))
      let fit = try ModelEvaluation.affineDriftFit(result.model, states: data.values)
      slopes[method] = fit.A[0]
      if method == .corrected {
        let s2 = try ModelEvaluation.meanDiffusionCovariance(result.model, states: data.values)[0]
        #expect(abs(s2 - sigma * sigma) <= 0.10 * sigma * sigma, "σ² \(s2)")
      }
    }
    let corrected = try #require(slopes[.corrected])
    let naive = try #require(slopes[.naive])
    #expect(abs(corrected + theta) <= 0.05 * theta, "corrected slope \(corrected)")
    #expect(abs(naive + theta) > 0.06 * theta, "naive slope \(naive)")
    // Kramers–Moyal D1 on the same data: a least-squares slope through the bin estimates.
    let km = try KramersMoyal(
      samples: data.values, dimension: 1, dt: dt, bins: [20], ranges: [-1.0...1.5],
      pathCount: data.paths)
    var sxx = 0.0
    var sxy = 0.0
    for (b, x) in km.centers[0].enumerated() where !km.isUnderPopulated[b] {
      sxx += x * x
      sxy += x * km.drift[b]
    }
    let kmSlope = sxy / sxx
    let biased = (exp(-theta * dt) - 1) / dt
    #expect(abs(kmSlope - biased) <= 0.05 * abs(biased), "Kramers–Moyal slope \(kmSlope)")
  }

  /// Order M = 2, structured, on a noisy harmonic oscillator `dx = v dt, dv = −x dt + 0.1 dW`
  /// observed in position only (Δt = 0.05, velocity rows built empirically): the learned
  /// acceleration `f(x, v)` is within 10 % (relative L2 over the visited states) of `−x`.
  @Test func structuredSecondOrderOscillator() throws {
    let data = try Support.linearData(
      A: [0, 1, -1, 0], s: [0, 0.1], x0: [1, 0], paths: 200, observations: 100, dt: 0.05, keep: 1)
    let result = try learnSDE(
      from: data,
      configuration: LearningConfiguration(
        model: .init(observedDimension: 1, order: 2, noiseDimension: 1, isStructured: true, seed: 4),
        training: TrainingConfiguration(
          epochs: 10, diffusionEpochs: 0, batchSize: 256, learningRate: 5e-3, seed: 6)))
    let series = try _StateSeries(
      values: data.values, paths: data.paths, steps: data.steps, dims: 1, dt: 0.05,
      model: result.model.configuration, derivatives: .empirical)
    #expect(series.length == 99)  // the last M − 1 = 1 observation is lost
    let states = series.doubleStates
    let error = try ModelEvaluation.driftRelativeError(result.model, states: states) { z, mu in
      mu[0] = z[1]
      mu[1] = -z[0]
    }
    #expect(error <= 0.10, "acceleration error \(error)")
  }
}
