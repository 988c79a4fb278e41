import DiffEq
import Foundation

/// The SDE-ball experiment end to end: simulate, learn (corrected and, for comparison, naive),
/// evaluate, and return the numbers and plot data.
///
/// The system is the linear Itô SDE with one Brownian motion
/// ```
/// dX = Y dt + 0.2 dW,   dY = −X dt + 0.1 dW,   (X, Y)(0) = (0, 1),
/// ```
/// drift `(y, −x)` (a rotation), `σσᵀ = [[0.04, 0.02], [0.02, 0.01]]`, noise-free solution
/// `(sin t, cos t)`. Paths are observed at `K` equally spaced times over `[0, T]`
/// (default 3,000 paths, `K = 50`, `T = 3π`, so `Δt = 3π/49 ≈ 0.192`), simulated by DiffEq's
/// Euler–Maruyama ensemble with ``Configuration/simulationSubsteps`` (100) steps per observation
/// interval (``TrajectorySet/simulating(_:x0:times:substeps:paths:seed:keep:stateNames:threads:)``).
///
/// At this `Δt` the naive one-step drift fit converges to `(e^{AΔt} − I)/Δt`, 9.6 % from `A` in
/// relative L2 over the visited states, and `Δt·σσᵀ` fitted to one-step residuals is about 13 %
/// off; the corrected losses remove both biases (see ``LossConfiguration``).
public enum SDEBallExperiment {
  /// The true drift matrix `A` (row-major): `μ(z) = A z`.
  public static let driftMatrix: [Double] = LinearSDE.sdeBall.driftMatrix
  /// The diffusion vector `s` (`σ = s`, one Brownian motion).
  public static let diffusionVector: [Double] = LinearSDE.sdeBall.diffusionMatrix
  /// `σσᵀ = s sᵀ`, row-major.
  public static let diffusionCovariance: [Double] = [0.04, 0.02, 0.02, 0.01]
  /// The initial state.
  public static let initialState: [Double] = [0, 1]

  /// The experiment's settings.
  public struct Configuration: Sendable, Equatable {
    /// Simulated paths (default 3,000).
    public var paths: Int
    /// Observations per path `K ≥ 3` (default 50).
    public var observations: Int
    /// The observed span `T > 0` (default 3π).
    public var timeSpan: Double
    /// Euler–Maruyama steps per observation interval (default 100). Euler–Maruyama's
    /// deterministic part `(I + hA)` grows the SDE ball's radius by `e^{ht/2}`: with 20 steps per
    /// interval (`h = 0.0096`) the data's mean path is 4.6 % too wide at `t = 3π` — an error of the
    /// simulation that the learner faithfully reproduces — with 100, 0.9 %.
    public var simulationSubsteps: Int
    /// The simulation seed (default 1).
    public var simulationSeed: UInt64
    /// The corrected learner (default ``defaultLearning``).
    public var learning: LearningConfiguration
    /// Also train the naive estimator with the same model and training settings (default true).
    public var compareWithNaive: Bool
    /// The reconstructor used for evaluation (default RK4 × 4).
    public var reconstructionFlow: FlowIntegrator
    /// Grid points per axis for the drift field (default 15).
    public var gridResolution: Int
    /// Paths simulated from the corrected estimator's learned SDE to compare its spread with the
    /// exact one (default 1,000: sampling error of a covariance ≈ √(2/1000) ≈ 4.5 %; 0 skips the
    /// comparison). It costs about 2.5 million Euler–Maruyama steps of both networks — a few
    /// seconds — so the naive estimator is not simulated (its biased σσᵀ shows in its errors).
    public var spreadPaths: Int
    /// The observation indices at which the spread is compared (default: the one nearest
    /// `T/5` — `t ≈ 1.9` for the default — and the last).
    public var spreadObservations: [Int]? = nil
    /// Euler–Maruyama steps per observation interval when simulating the learned SDE (default
    /// 50: the scheme's own growth of the covariance, `O(h)`, stays below 2 % at `t = 3π`).
    public var spreadSubsteps: Int

    /// Creates a configuration; every argument has the documented default (see
    /// ``defaultLearning`` for the learner).
    public init(
      paths: Int = 3000, observations: Int = 50, timeSpan: Double = 3 * Double.pi,
      simulationSubsteps: Int = 100, simulationSeed: UInt64 = 1,
      learning: LearningConfiguration = Configuration.defaultLearning,
      compareWithNaive: Bool = true, reconstructionFlow: FlowIntegrator = .rungeKutta4(substeps: 4),
      gridResolution: Int = 15, spreadPaths: Int = 1000, spreadSubsteps: Int = 50
    ) {
      self.spreadPaths = spreadPaths
      self.spreadSubsteps = spreadSubsteps
      self.paths = paths
      self.observations = observations
      self.timeSpan = timeSpan
      self.simulationSubsteps = simulationSubsteps
      self.simulationSeed = simulationSeed
      self.learning = learning
      self.compareWithNaive = compareWithNaive
      self.reconstructionFlow = reconstructionFlow
      self.gridResolution = gridResolution
    }

    /// The learner of the full experiment: `M = 1`, `d = 2`, `n = 1`, the default networks
    /// (model seed 3); ``LossConfiguration/corrected`` with the drift flow RK4 × 1 (at
    /// `Δt = 0.19` one RK4 step's error, `≈ (Δt)⁵/120 ≈ 2e-6` relative, is far below the
    /// statistical error, so a second sub-step only doubles the cost); 60 drift and 15 diffusion
    /// epochs, batches of 1024 and 4096, learning rate 3e-3 decayed to 3 % of itself (training
    /// seed 5). The reconstruction error from `(0, 1)` over 1.5 turns is the most demanding
    /// measure: with 30 epochs and a decay to 10 % it ranged 0.03–0.15 over training seeds, with
    /// these settings 0.02–0.06.
    public static var defaultLearning: LearningConfiguration {
      var losses = LossConfiguration.corrected
      losses.driftFlow = .rungeKutta4(substeps: 1)
      losses.reconstructionFlow = .rungeKutta4(substeps: 1)
      return LearningConfiguration(
        model: .init(observedDimension: 2, noiseDimension: 1, seed: 3), losses: losses,
        training: TrainingConfiguration(
          epochs: 60, diffusionEpochs: 15, finalLearningRateFactor: 0.03, seed: 5))
    }

    /// A small version that runs in a few seconds (400 paths, 12 drift and 8 diffusion epochs,
    /// batches of 256 and 1024, learning rate 5e-3, a 9 × 9 grid): the same `Δt`, so the naive
    /// estimator's biases show, with errors about twice the full run's.
    public static var quick: Configuration {
      var learning = defaultLearning
      learning.training = TrainingConfiguration(
        epochs: 12, diffusionEpochs: 8, batchSize: 256, diffusionBatchSize: 1024,
        learningRate: 5e-3, seed: 5)
      return Configuration(paths: 400, learning: learning, gridResolution: 9)
    }

    /// The observation step `T/(K − 1)`.
    public var dt: Double { timeSpan / Double(observations - 1) }

    func validate() throws {
      func bad(_ p: String, _ v: Any, _ e: String) -> NeuralSDEError {
        .invalidConfiguration(parameter: "experiment.\(p)", value: "\(v)", expected: e)
      }
      guard paths >= 2 else { throw bad("paths", paths, "≥ 2") }
      guard observations >= 3 else { throw bad("observations", observations, "≥ 3") }
      guard timeSpan.isFinite, timeSpan > 0 else { throw bad("timeSpan", timeSpan, "> 0") }
      guard simulationSubsteps >= 1 else { throw bad("simulationSubsteps", simulationSubsteps, "≥ 1") }
      guard gridResolution >= 2 else { throw bad("gridResolution", gridResolution, "≥ 2") }
      guard spreadPaths == 0 || spreadPaths >= 2 else { throw bad("spreadPaths", spreadPaths, "0 or ≥ 2") }
      guard spreadSubsteps >= 1 else { throw bad("spreadSubsteps", spreadSubsteps, "≥ 1") }
      for k in spreadObservations ?? [] where k < 1 || k >= observations {
        throw bad("spreadObservations", k, "indices in 1…\(observations - 1)")
      }
      let m = learning.model
      guard m.stateDimension == 2, m.noiseDimension >= 1 else {
        throw bad("learning.model", m.fingerprint, "order 1 and d = 2 (the SDE ball's state (x, y))")
      }
    }
  }

  /// The results of one estimator.
  public struct MethodReport {
    /// Which estimator.
    public let method: EstimationMethod
    /// The trained model.
    public let model: NeuralSDEModel
    /// The training outcome and loss history.
    public let training: TrainingResult
    /// Relative L2 error of the learned drift against `(y, −x)` over every observed state.
    public let driftRelativeError: Double
    /// `σ̂σ̂ᵀ` averaged over every observed state (row-major 2 × 2).
    public let meanDiffusionCovariance: [Double]
    /// `‖mean σ̂σ̂ᵀ − σσᵀ‖_F / ‖σσᵀ‖_F`.
    public let diffusionRelativeError: Double
    /// The pointwise error of the field, `√(Σᵢ ‖σ̂σ̂ᵀ(zᵢ) − σσᵀ‖²_F / Σᵢ ‖σσᵀ‖²_F)` over every
    /// observed state (``ModelEvaluation/pointwiseDiffusionRelativeError(_:states:trueCovariance:)``).
    public let pointwiseDiffusionRelativeError: Double
    /// The ratio of the 95th to the 5th percentile of `tr σ̂σ̂ᵀ` over the observed states (1 for
    /// a constant field, as the truth).
    public let diffusionTraceSpread: Double
    /// Paths simulated from the learned SDE against the exact spread (`nil` when
    /// ``Configuration/spreadPaths`` is 0).
    public let simulatedSpread: SimulatedSpread?
    /// The noise-free reconstruction from `(0, 1)` at the observation times (`K × 2`).
    public let reconstruction: [Double]
    /// Its largest absolute deviation from `(sin t, cos t)`.
    public let reconstructionMaxError: Double
    /// The least-squares linear fit `A` of the learned drift (row-major 2 × 2).
    public let fittedDriftMatrix: [Double]
    /// The learned field on a grid over the visited states.
    public let grid: FieldGrid
  }

  /// Everything the experiment produced.
  public struct Report {
    /// The settings.
    public let configuration: Configuration
    /// The simulated observations.
    public let data: TrajectorySet
    /// The noise-free solution `(sin t, cos t)` at the observation times (`K × 2`).
    public let trueSolution: [Double]
    /// The true drift `(y, −x)` at the grid points of ``corrected`` (same layout as its drift).
    public let trueGridDrift: [Double]
    /// The corrected estimator.
    public let corrected: MethodReport
    /// The naive estimator (when compared).
    public let naive: MethodReport?
    /// Seconds spent simulating.
    public let simulationSeconds: Double
    /// Seconds for the whole run.
    public let totalSeconds: Double

    /// A few lines of text with the errors of each estimator against the truth.
    public var summary: String {
      func line(_ r: MethodReport) -> String {
        let s = r.meanDiffusionCovariance.map { String(format: "%.4f", $0) }.joined(separator: ", ")
        var text = String(
          format: "%@: drift rel. L2 error %.2f %%, mean σσᵀ [%@] (error %.2f %%), pointwise σσᵀ(x) "
            + "error %.2f %% (p95/p5 of tr %.2f), reconstruction max error %.3f, %d epochs in %.1f s",
          r.method.rawValue, 100 * r.driftRelativeError, s, 100 * r.diffusionRelativeError,
          100 * r.pointwiseDiffusionRelativeError, r.diffusionTraceSpread,
          r.reconstructionMaxError, r.training.completedEpochs, r.training.seconds)
        if let spread = r.simulatedSpread {
          text += "; \(spread.paths) simulated paths, covariance error "
            + zip(spread.times, spread.relativeErrors).map {
              String(format: "%.2f %% at t = %.2f", 100 * $1, $0)
            }.joined(separator: ", ")
        }
        return text
      }
      var out = "SDE ball: \(data.paths) paths × \(data.steps) observations, Δt = "
        + String(format: "%.4f", configuration.dt) + "; true σσᵀ = [0.04, 0.02, 0.02, 0.01]\n"
      out += line(corrected) + "\n"
      if let naive { out += line(naive) + "\n" }
      out += String(format: "total %.1f s (simulation %.2f s)", totalSeconds, simulationSeconds)
      return out
    }
  }

  /// What the experiment is doing, passed to the progress callback.
  public struct Progress: Sendable {
    /// The estimator being trained.
    public var method: EstimationMethod
    /// The trainer's report.
    public var training: TrainingProgress
  }

  /// Runs the experiment.
  ///
  /// With a checkpoint directory in `configuration.learning.training`, each estimator
  /// checkpoints into its own sub-folder (`corrected/`, `naive/`), created when missing.
  /// - Parameters:
  ///   - configuration: the settings (defaults: the full experiment).
  ///   - progress: called after every training step and epoch; `.stop` interrupts the current
  ///     estimator's training (its model is evaluated as it is).
  /// - Throws: ``NeuralSDEError`` for invalid settings and training failures; checkpoint errors.
  public static func run(
    _ configuration: Configuration = Configuration(),
    progress: ((Progress) -> TrainingControl)? = nil
  ) throws -> Report {
    try configuration.validate()
    let start = Date()
    let K = configuration.observations
    let dt = configuration.dt
    let times = (0..<K).map { Double($0) * dt }
    let field = LinearSDE.sdeBall
    let data = try TrajectorySet.simulating(
      field, x0: initialState, times: times, substeps: configuration.simulationSubsteps,
      paths: configuration.paths, seed: configuration.simulationSeed, stateNames: ["x", "y"])
    let simulationSeconds = Date().timeIntervalSince(start)

    var methods: [EstimationMethod] = [.corrected]
    if configuration.compareWithNaive { methods.append(.naive) }
    var reports: [MethodReport] = []
    let bounds = FieldGrid.bounds(of: data.values, stateDimension: 2)
    for method in methods {
      var learning = configuration.learning
      if method == .naive {
        learning.losses = LossConfiguration.naive
        learning.losses.weights = configuration.learning.losses.weights
        learning.losses.reconstructionHorizon = configuration.learning.losses.reconstructionHorizon
      }
      if let dir = learning.training.checkpointDirectory {
        let sub = (dir as NSString).appendingPathComponent(method.rawValue)
        try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
        learning.training.checkpointDirectory = sub
      }
      let result = try learnSDE(from: data, configuration: learning) { p in
        progress?(Progress(method: method, training: p)) ?? .proceed
      }
      reports.append(
        try evaluate(
          result, method: method, data: data, configuration: configuration, bounds: bounds))
    }
    let grid = reports[0].grid
    var trueGridDrift = [Double](repeating: 0, count: grid.points.count)
    for p in 0..<(grid.points.count / 2) {
      trueGridDrift[2 * p] = grid.points[2 * p + 1]
      trueGridDrift[2 * p + 1] = -grid.points[2 * p]
    }
    var truth = [Double](repeating: 0, count: 2 * K)
    for (k, t) in times.enumerated() {
      truth[2 * k] = Foundation.sin(t)
      truth[2 * k + 1] = Foundation.cos(t)
    }
    return Report(
      configuration: configuration, data: data, trueSolution: truth, trueGridDrift: trueGridDrift,
      corrected: reports[0], naive: reports.count > 1 ? reports[1] : nil,
      simulationSeconds: simulationSeconds, totalSeconds: Date().timeIntervalSince(start))
  }

  static func evaluate(
    _ result: TrainingResult, method: EstimationMethod, data: TrajectorySet,
    configuration: Configuration, bounds: (ClosedRange<Double>, ClosedRange<Double>)
  ) throws -> MethodReport {
    let model = result.model
    let driftError = try ModelEvaluation.driftRelativeError(model, states: data.values) { z, mu in
      mu[0] = z[1]
      mu[1] = -z[0]
    }
    let sigma = try ModelEvaluation.meanDiffusionCovariance(model, states: data.values)
    let sigmaError = try ModelEvaluation.relativeFrobeniusError(sigma, reference: diffusionCovariance)
    let (reconstructionError, path) = try ModelEvaluation.reconstructionError(
      model, from: initialState, intervals: configuration.observations - 1, dt: configuration.dt,
      flow: configuration.reconstructionFlow
    ) { t, z in
      z[0] = Foundation.sin(t)
      z[1] = Foundation.cos(t)
    }
    let pointwise = try ModelEvaluation.pointwiseDiffusionRelativeError(model, states: data.values) { _, c in
      for i in 0..<4 { c[i] = diffusionCovariance[i] }
    }
    let traceSpread = try ModelEvaluation.diffusionTraceSpread(model, states: data.values)
    let spread = configuration.spreadPaths > 0 && method == .corrected
      ? try simulatedSpread(model, times: data.times, configuration: configuration) : nil
    let fit = try ModelEvaluation.affineDriftFit(model, states: data.values)
    let grid = try FieldGrid.evaluate(
      model, xRange: bounds.0, yRange: bounds.1,
      resolution: (configuration.gridResolution, configuration.gridResolution))
    return MethodReport(
      method: method, model: model, training: result, driftRelativeError: driftError,
      meanDiffusionCovariance: sigma, diffusionRelativeError: sigmaError,
      pointwiseDiffusionRelativeError: pointwise, diffusionTraceSpread: traceSpread,
      simulatedSpread: spread, reconstruction: path,
      reconstructionMaxError: reconstructionError, fittedDriftMatrix: fit.A, grid: grid)
  }

  /// Simulates the learned SDE from `(0, 1)` and compares its covariance with the exact one at
  /// the configured observation indices.
  static func simulatedSpread(
    _ model: NeuralSDEModel, times: [Double], configuration: Configuration
  ) throws -> SimulatedSpread {
    let K = times.count
    let indices = configuration.spreadObservations
      ?? [max(1, min(K - 1, Int((Double(K - 1) / 5).rounded()))), K - 1]
    let stats = try ModelEvaluation.simulatedMoments(
      model, x0: initialState, times: times, substeps: configuration.spreadSubsteps,
      paths: configuration.spreadPaths, seed: _derivedSeed(configuration.simulationSeed, 40))
    let field = LinearSDE.sdeBall
    // moments(…) starts at its first time: prepend t₀ and skip its (zero) covariance.
    let exact = Array(
      try field.moments(x0: initialState, times: [times[0]] + indices.map { times[$0] }).covariance.dropFirst(4))
    var simulated: [[Double]] = []
    var reference: [[Double]] = []
    var errors: [Double] = []
    for (j, k) in indices.enumerated() {
      let s = Array(stats.covariance(at: k))
      let p = Array(exact[(4 * j)..<(4 * j + 4)])
      simulated.append(s)
      reference.append(p)
      errors.append(try ModelEvaluation.relativeFrobeniusError(s, reference: p))
    }
    return SimulatedSpread(
      times: indices.map { times[$0] }, simulatedCovariances: simulated, exactCovariances: reference,
      relativeErrors: errors, paths: stats.count)
  }
}
