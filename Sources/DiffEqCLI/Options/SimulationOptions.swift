import ArgumentParser

/// The sampling grid of a simulation: how many paths, over which span, observed how often, and how
/// finely each observation interval is integrated.
///
/// Observation times are `tₖ = k·t1/(observations − 1)`, `k = 0 … observations − 1` (both ends
/// included); the solver step is `dt = t1 / ((observations − 1) · substeps)`.
struct SimulationOptions: ParsableArguments {
  @Option(parsing: .unconditional, help: ArgumentHelp(
    "Number of independent sample paths (≥ 1). Default: 100 (1 for lorenz, which is deterministic).",
    valueName: "count"))
  var paths: Int?

  @Option(parsing: .unconditional, help: ArgumentHelp(
    "End time t1 > 0 (paths start at t0 = 0; time in the system's units). Default per system: "
      + "sde-ball 3π ≈ 9.425, ou 10, gbm 1, lorenz 20, linear 10.",
    valueName: "time"))
  var t1: Double?

  @Option(parsing: .unconditional, help: ArgumentHelp(
    "Number of equally spaced observation times in [0, t1], both ends included (≥ 2).",
    valueName: "count"))
  var observations: Int = 50

  @Option(parsing: .unconditional, help: ArgumentHelp(
    "Fine solver steps per observation interval (≥ 1); the step is "
      + "dt = t1 / ((observations − 1) · substeps).",
    valueName: "count"))
  var substeps: Int = 20

  /// The observation times `k·t1/(observations − 1)`, the last exactly `t1`.
  func observationTimes(t1: Double) -> [Double] {
    let intervals = Double(observations - 1)
    var times: [Double] = []
    times.reserveCapacity(observations)
    for k in 0..<(observations - 1) {
      let fraction: Double = Double(k) / intervals
      times.append(fraction * t1)
    }
    times.append(t1)
    return times
  }

  /// The fine step `t1 / ((observations − 1) · substeps)`.
  func step(t1: Double) -> Double {
    let fineSteps: Double = Double((observations - 1) * substeps)
    return t1 / fineSteps
  }

  /// Checks each value on its own (cross-option checks are the command's).
  func validate() throws {
    if let paths, paths < 1 {
      throw ValidationError("--paths must be at least 1 (got \(paths)).")
    }
    if let t1, !(t1.isFinite && t1 > 0) {
      throw ValidationError("--t1 must be a finite time > 0 (got \(t1)); paths start at t0 = 0.")
    }
    if observations < 2 {
      throw ValidationError(
        "--observations must be at least 2 (got \(observations)): the start time and t1 are both observed.")
    }
    if substeps < 1 {
      throw ValidationError("--substeps must be at least 1 (got \(substeps)).")
    }
  }
}
