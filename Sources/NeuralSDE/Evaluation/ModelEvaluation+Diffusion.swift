import DiffEq

extension ModelEvaluation {
  /// The pointwise relative L2 error of the learned diffusion matrix over `N` states:
  /// ```
  /// e = √( Σᵢ ‖σ̂σ̂ᵀ(zᵢ) − σσᵀ(zᵢ)‖²_F / Σᵢ ‖σσᵀ(zᵢ)‖²_F ).
  /// ```
  /// Unlike the error of the *average* `σ̂σ̂ᵀ` (``meanDiffusionCovariance(_:states:)``), which a
  /// field too large in one region and too small in another can meet, this measures the field
  /// itself where the data are.
  ///
  /// - Parameters:
  ///   - model: the learned model.
  ///   - states: `N·D` values.
  ///   - trueCovariance: writes `σσᵀ(z)` (`D·D` values, row-major) for the state `z`.
  /// - Throws: the errors of ``NeuralSDEModel/diffusionCovariance(at:)``;
  ///   ``NeuralSDEError/empty(what:)`` for no states or a zero true diffusion everywhere.
  public static func pointwiseDiffusionRelativeError(
    _ model: NeuralSDEModel, states: [Double],
    trueCovariance: (_ z: UnsafeBufferPointer<Double>, _ c: UnsafeMutableBufferPointer<Double>) -> Void
  ) throws -> Double {
    let D = model.configuration.stateDimension
    return try relativeL2Error(
      learned: try model.diffusionCovariance(at: states), states: states, stateDimension: D,
      valuesPerState: D * D, truth: trueCovariance, name: "diffusion")
  }

  /// The spread of the learned diffusion over `N` states: the ratio of the `upper` to the `lower`
  /// quantile of `tr σ̂σ̂ᵀ(zᵢ)` (nearest-rank quantiles). A constant diffusion gives 1.
  ///
  /// - Parameters: `lower`, `upper`: quantile levels with `0 ≤ lower < upper ≤ 1` (defaults
  ///   0.05 and 0.95).
  /// - Returns: the ratio (`+∞` when the lower quantile is 0).
  /// - Throws: the errors of ``NeuralSDEModel/diffusionCovariance(at:)``;
  ///   ``NeuralSDEError/empty(what:)`` for no states;
  ///   ``NeuralSDEError/invalidConfiguration(parameter:value:expected:)`` for invalid levels.
  public static func diffusionTraceSpread(
    _ model: NeuralSDEModel, states: [Double], lower: Double = 0.05, upper: Double = 0.95
  ) throws -> Double {
    guard lower >= 0, upper <= 1, lower < upper else {
      throw NeuralSDEError.invalidConfiguration(
        parameter: "quantile levels", value: "\(lower), \(upper)", expected: "0 ≤ lower < upper ≤ 1")
    }
    let D = model.configuration.stateDimension
    let c = try model.diffusionCovariance(at: states)
    let N = c.count / (D * D)
    guard N > 0 else { throw NeuralSDEError.empty(what: "the set of evaluation states") }
    let traces = (0..<N).map { i in (0..<D).reduce(0.0) { $0 + c[i * D * D + $1 * D + $1] } }.sorted()
    func quantile(_ p: Double) -> Double { traces[min(N - 1, Int((p * Double(N - 1)).rounded()))] }
    let low = quantile(lower)
    return low > 0 ? quantile(upper) / low : .infinity
  }

  /// Mean and covariance per time of `paths` paths simulated from the learned SDE
  /// (``LearnedSDEField`` with DiffEq's Euler–Maruyama ensemble) from the state `x0`.
  ///
  /// - Parameters:
  ///   - model: the learned model.
  ///   - x0: the initial state (`D` values).
  ///   - times: the save times, strictly increasing; the first is the start time.
  ///   - substeps: Euler–Maruyama steps per interval `(times[1] − times[0])`, `≥ 1`.
  ///   - paths: `≥ 2`.
  ///   - seed: the simulation seed (path `k` draws from stream `k`).
  ///   - threads: worker threads (default all processors).
  /// - Returns: DiffEq's per-time statistics (failed paths excluded and listed).
  /// - Throws: DiffEq's `SDEError` for an invalid problem or save times;
  ///   ``NeuralSDEError/invalidConfiguration(parameter:value:expected:)`` for fewer than 2 times
  ///   or paths, or `substeps < 1`.
  public static func simulatedMoments(
    _ model: NeuralSDEModel, x0: [Double], times: [Double], substeps: Int, paths: Int, seed: UInt64,
    threads: Int = SDEEnsemble<LearnedSDEField, EulerMaruyama>.defaultThreadCount
  ) throws -> EnsembleStatistics {
    guard times.count >= 2, let t0 = times.first, let t1 = times.last, t1 > t0 else {
      throw NeuralSDEError.invalidConfiguration(
        parameter: "times", value: "\(times.count) times", expected: "at least 2 increasing times")
    }
    guard substeps >= 1 else {
      throw NeuralSDEError.invalidConfiguration(parameter: "substeps", value: "\(substeps)", expected: "≥ 1")
    }
    guard paths >= 2 else {
      throw NeuralSDEError.invalidConfiguration(parameter: "paths", value: "\(paths)", expected: "≥ 2")
    }
    let problem = try SDEProblem(LearnedSDEField(model), x0: x0, t0: t0, t1: t1)
    let ensemble = try SDEEnsemble(
      problem: problem, method: EulerMaruyama(), dt: (times[1] - t0) / Double(substeps),
      saveTimes: times, seed: seed)
    return try ensemble.statistics(count: paths, threads: threads)
  }
}
