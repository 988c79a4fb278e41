import DiffEq

/// Runs DiffEq's ``SDEEnsemble`` for the CLI: builds the problem, picks the method (Euler–Maruyama
/// or Milstein, both DiffEq's), reports progress and turns failed paths into a ``CLIError``. The
/// numerics are all DiffEq's; this adapter only connects the CLI's options to them.
enum EnsembleRunner {
  /// All saved states of `paths` paths of `dX = μ dt + σ dW` from `x0` over `[0, t1]`.
  ///
  /// - Throws: ``SDEError`` for invalid settings; ``CLIError`` when paths became non-finite.
  static func paths<Field: SDEVectorField>(
    _ field: Field, x0: [Double], t1: Double, dt: Double, saveTimes: [Double], paths: Int,
    seed: UInt64, threads: Int?, method: SDEMethodChoice, label: String = "simulate"
  ) throws -> EnsemblePaths {
    let problem = try SDEProblem(field, x0: x0, t0: 0, t1: t1)
    let reporter = ProgressReporter(label: label, total: paths)
    defer { reporter.finish() }
    let progress: @Sendable (Int, Int) -> Bool = { done, _ in
      reporter.update(done)
      return true
    }
    func simulate<Method: SDEMethod>(_ method: Method) throws -> EnsemblePaths {
      let ensemble = try SDEEnsemble(
        problem: problem, method: method, dt: dt, saveTimes: saveTimes, seed: seed)
      return try ensemble.paths(
        count: paths, threads: threads ?? SDEEnsemble<Field, Method>.defaultThreadCount,
        progress: progress)
    }
    let result: EnsemblePaths
    switch method {
    case .eulerMaruyama: result = try simulate(EulerMaruyama())
    case .milstein: result = try simulate(Milstein())
    }
    if let first = result.failures.first {
      throw CLIError(
        "\(result.failures.count) of \(paths) paths became non-finite (first: \(first)): the "
          + "step dt = \(_formatNumber(dt)) is too large for this system or it explodes; raise "
          + "--substeps or shorten --t1.")
    }
    return result
  }
}
