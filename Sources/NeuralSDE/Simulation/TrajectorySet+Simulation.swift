import DiffEq

extension TrajectorySet {
  /// Simulates `paths` paths of an SDE with DiffEq's Euler–Maruyama ensemble and returns them
  /// observed at `times`.
  ///
  /// Each observation interval is covered by `substeps` steps of equal size (the ensemble's
  /// lattice `t₀ + j·h`, `h = (times[1] − times[0])/substeps` for uniform times), so the data
  /// follow the continuous SDE to the method's accuracy (strong order ½, weak order 1). Path `k`
  /// draws from random stream `k` under `seed`: it is the same for any thread count.
  ///
  /// - Parameters:
  ///   - field: the drift and diffusion (any DiffEq ``SDEVectorField``).
  ///   - x0: the initial state of every path.
  ///   - times: increasing observation times; the first is the start time.
  ///   - substeps: steps per observation interval, `≥ 1`.
  ///   - paths: the number of paths, `≥ 1`.
  ///   - seed: the random seed.
  ///   - keep: the leading state components to keep (default all; e.g. positions only).
  ///   - stateNames: names of the kept components (default `x1, x2, …`).
  ///   - threads: worker threads (default all processors).
  /// - Throws: DiffEq's `SDEError` for an invalid problem or a non-finite path;
  ///   ``TrajectoryDataError`` for invalid times;
  ///   ``NeuralSDEError/invalidConfiguration(parameter:value:expected:)`` for `substeps < 1` or
  ///   `keep` out of `1…d`.
  public static func simulating<F: SDEVectorField>(
    _ field: F, x0: [Double], times: [Double], substeps: Int, paths: Int, seed: UInt64,
    keep: Int? = nil, stateNames: [String]? = nil, threads: Int = SDEEnsemble<F, EulerMaruyama>.defaultThreadCount
  ) throws -> TrajectorySet {
    guard substeps >= 1 else {
      throw NeuralSDEError.invalidConfiguration(parameter: "substeps", value: "\(substeps)", expected: "≥ 1")
    }
    guard times.count >= 2, let t0 = times.first, let t1 = times.last else {
      throw NeuralSDEError.invalidConfiguration(
        parameter: "times", value: "\(times.count) times", expected: "at least 2 observation times")
    }
    let d = field.stateDimension
    let k = keep ?? d
    guard k >= 1 && k <= d else {
      throw NeuralSDEError.invalidConfiguration(parameter: "keep", value: "\(k)", expected: "1…\(d)")
    }
    let problem = try SDEProblem(field, x0: x0, t0: t0, t1: t1)
    let h = (t1 - t0) / Double(times.count - 1) / Double(substeps)
    let ensemble = try SDEEnsemble(
      problem: problem, method: EulerMaruyama(), dt: h, saveTimes: times, seed: seed)
    let result = try ensemble.paths(count: paths, threads: threads)
    try result.requireAllFinite()
    var values = result.values
    if k < d {
      values = []
      values.reserveCapacity(paths * times.count * k)
      for i in 0..<(paths * times.count) { values += result.values[(i * d)..<(i * d + k)] }
    }
    return try TrajectorySet(
      values: values, paths: paths, steps: times.count, dims: k, times: times, stateNames: stateNames)
  }
}
