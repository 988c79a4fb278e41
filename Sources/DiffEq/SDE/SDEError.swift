/// Every way an SDE problem, a solve setting, a Brownian path or an ensemble can fail.
///
/// Problem errors are thrown by ``SDEProblem/init(_:x0:t0:t1:)``; setting errors (step, save times,
/// path ranges, threads, method capabilities) before any integration; numerical outcomes during the
/// solve. Each message states the offending values and what to do.
public enum SDEError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The field's state or noise dimension is `< 1`; `what` names which.
  case invalidDimension(what: String, value: Int)
  /// The noise structure does not fit the dimensions (diagonal needs `n = d`, scalar needs `n = 1`).
  case noiseDimensionMismatch(structure: NoiseStructure, stateDimension: Int, noiseDimension: Int)
  /// `x0` has the wrong number of components.
  case initialStateDimensionMismatch(expected: Int, actual: Int)
  /// `x0` has a NaN or infinite component.
  case nonFiniteInitialState(index: Int, value: Double)
  /// `t0` or `t1` is not finite, or `t1 ≤ t0` (SDEs are integrated forward in time).
  case invalidTimeSpan(t0: Double, t1: Double)
  /// The step `dt` is `≤ 0`, NaN or infinite.
  case invalidStepSize(dt: Double)
  /// The fixed-step grid would need more than `limit` steps (5·10⁷: the step plan stores 32 bytes
  /// per step).
  case tooManySteps(required: Double, limit: Int)
  /// No save time was given.
  case emptySaveTimes
  /// A save time is NaN, infinite or outside `[t0, t1]`.
  case saveTimeOutsideSpan(index: Int, time: Double, t0: Double, t1: Double)
  /// Save times are not strictly increasing.
  case saveTimesNotIncreasing(index: Int, previous: Double, current: Double)
  /// The number of paths is `≤ 0`.
  case invalidPathCount(Int)
  /// A path range is empty or starts below 0.
  case invalidPathRange(lower: Int, upper: Int)
  /// The thread count is `< 1`.
  case invalidThreadCount(Int)
  /// A method parameter is out of range (`name` says which).
  case invalidParameter(name: String, value: Double)
  /// The method cannot integrate this noise structure.
  case unsupportedNoise(method: String, structure: NoiseStructure, stateDimension: Int,
    noiseDimension: Int)
  /// The method converges in one calculus and the field is written in the other (and its noise is
  /// not additive).
  case calculusMismatch(method: String, required: SDECalculus, actual: SDECalculus)
  /// A non-finite drift, diffusion, derivative or state at time `t` on path `path`.
  case nonFinite(quantity: SDEFault, t: Double, path: Int)
  /// The progress hook asked to stop after `completedPaths` of `totalPaths` paths.
  case cancelled(completedPaths: Int, totalPaths: Int)
  /// A Brownian path's dimension differs from the field's noise dimension.
  case brownianDimensionMismatch(expected: Int, actual: Int)
  /// A Brownian path's grid does not cover the problem's span; `reason` says how.
  case brownianGridMismatch(reason: String)
  /// A save time is not a point of the Brownian path's grid.
  case saveTimeNotOnBrownianGrid(index: Int, time: Double, t0: Double, dt: Double)
  /// A Brownian path's construction arguments are invalid; `reason` says how.
  case invalidBrownianPath(reason: String)
  /// Ensemble shards cannot be merged; `reason` says why.
  case incompatibleShards(reason: String)

  /// What went wrong, the offending values, and what to do.
  public var description: String {
    switch self {
    case .invalidDimension(let what, let value):
      return "SDE \(what) is \(value) but must be ≥ 1: declare at least one component."
    case .noiseDimensionMismatch(let structure, let d, let n):
      let need = structure == .diagonal ? "noiseDimension = stateDimension (\(d))" : "noiseDimension = 1"
      return "\(structure) noise needs \(need), but the field declares stateDimension \(d) and "
        + "noiseDimension \(n): fix the dimensions or use NoiseStructure.general."
    case .initialStateDimensionMismatch(let expected, let actual):
      return "SDE initial state x0 has \(actual) components but the field's stateDimension is "
        + "\(expected): pass exactly \(expected) values."
    case .nonFiniteInitialState(let index, let value):
      return "SDE initial state x0[\(index)] = \(value) is not finite: pass finite values."
    case .invalidTimeSpan(let t0, let t1):
      return "SDE time span [\(t0), \(t1)] is invalid: t0 and t1 must be finite with t1 > t0 "
        + "(SDEs are integrated forward in time)."
    case .invalidStepSize(let dt):
      return "SDE step dt = \(dt) is invalid: pass a finite dt > 0."
    case .tooManySteps(let required, let limit):
      return "the fixed-step grid needs \(required) steps, more than the limit \(limit): "
        + "increase dt or shorten the span."
    case .emptySaveTimes:
      return "no save time given: pass at least one time in [t0, t1] (e.g. [t1])."
    case .saveTimeOutsideSpan(let index, let time, let t0, let t1):
      return "save time \(index) = \(time) is outside [\(t0), \(t1)] or not finite: "
        + "pass finite save times within the span."
    case .saveTimesNotIncreasing(let index, let previous, let current):
      return "save times must increase strictly, but time \(index) = \(current) follows "
        + "\(previous): sort them and remove duplicates."
    case .invalidPathCount(let n):
      return "ensemble path count is \(n) but must be ≥ 1."
    case .invalidPathRange(let lower, let upper):
      return "ensemble path range \(lower)..<\(upper) is invalid: it must be non-empty and start "
        + "at 0 or above."
    case .invalidThreadCount(let threads):
      return "thread count is \(threads) but must be ≥ 1."
    case .invalidParameter(let name, let value):
      return "\(name) = \(value) is invalid: pass a finite value > 0."
    case .unsupportedNoise(let method, let structure, let d, let n):
      return "\(method) does not support \(structure) noise with stateDimension \(d) and "
        + "noiseDimension \(n): it needs diagonal noise (or d = n = 1); use EulerMaruyama or "
        + "StochasticHeun for other noise."
    case .calculusMismatch(let method, let required, let actual):
      return "\(method) converges to the \(required) solution but the field is written in "
        + "\(actual) form with state-dependent noise: use a method for \(actual) SDEs or convert the drift "
        + "(Itô drift = Stratonovich drift + ½ Σⱼₖ σᵏʲ ∂σⁱʲ/∂xᵏ)."
    case .nonFinite(let quantity, let t, let path):
      return "non-finite \(quantity) at t = \(t) on path \(path): reduce dt, check the model for "
        + "blow-up, or inspect that path with solve(path: \(path))."
    case .cancelled(let completed, let total):
      return "ensemble cancelled by the progress hook after \(completed) of \(total) paths."
    case .brownianDimensionMismatch(let expected, let actual):
      return "Brownian path has \(actual) components but the field's noiseDimension is "
        + "\(expected): sample the path with dimension \(expected)."
    case .brownianGridMismatch(let reason):
      return "Brownian path grid does not match the problem: \(reason)."
    case .saveTimeNotOnBrownianGrid(let index, let time, let t0, let dt):
      return "save time \(index) = \(time) is not on the Brownian grid t0 + k·dt "
        + "(t0 = \(t0), dt = \(dt)): save on grid points."
    case .invalidBrownianPath(let reason):
      return "invalid Brownian path: \(reason)."
    case .incompatibleShards(let reason):
      return "cannot merge ensemble shards: \(reason)."
    }
  }
}
