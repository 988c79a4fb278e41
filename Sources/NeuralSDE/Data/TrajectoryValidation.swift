/// The checks applied to observation times when trajectory data are built or read.
///
/// Always checked, whatever the options: at least one path, step and dimension; finite values and
/// times; strictly increasing times; the same times for every path (within
/// `relativeTimeTolerance · mean Δt`). Optionally checked: equally spaced times.
public struct TrajectoryValidation: Sendable, Equatable {
  /// Whether every time step must equal the mean step `(t_last − t_0)/(steps − 1)` within
  /// ``relativeTimeTolerance`` (default `true`; the learning losses assume uniform Δt).
  public var requireUniformTimeStep: Bool
  /// Relative tolerance for comparing times: `|Δtₖ − mean Δt| ≤ tol · mean Δt` for uniformity,
  /// `|t_{p,k} − t_{0,k}| ≤ tol · mean Δt` between paths. Default `1e-4`, loose enough for times
  /// printed with 6 significant digits, tight enough to catch a missing observation. Range `≥ 0`.
  public var relativeTimeTolerance: Double

  /// Creates a validation policy.
  /// - Parameters:
  ///   - requireUniformTimeStep: require equally spaced times, default `true`.
  ///   - relativeTimeTolerance: relative tolerance for time comparisons, default `1e-4`, `≥ 0`.
  public init(requireUniformTimeStep: Bool = true, relativeTimeTolerance: Double = 1e-4) {
    self.requireUniformTimeStep = requireUniformTimeStep
    self.relativeTimeTolerance = relativeTimeTolerance
  }

  /// Uniform time steps required, relative tolerance `1e-4`.
  public static let `default` = TrajectoryValidation()
  /// Non-uniform (but strictly increasing, shared) times accepted, relative tolerance `1e-4`.
  public static let allowingNonUniformTimes = TrajectoryValidation(requireUniformTimeStep: false)
}
