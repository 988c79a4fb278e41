/// Every way an ODE problem, solver setting or solve can fail.
///
/// Problem errors are thrown by ``ODEProblem/init(dimension:t0:t1:y0:jacobian:f:)``; setting errors
/// (tolerances, step sizes, save times) by a solver's `solve` before any integration (and before any
/// GSL call); numerical outcomes (non-finite values, step-size underflow, too many steps) during the
/// solve. Each message states the offending values and what to do. Numerical errors carry the time
/// reached and the last finite state so the caller can inspect or restart from it.
public enum ODEError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The initial state `y0` is empty; `dimension` is the dimension the problem declared.
  case emptyState(dimension: Int)
  /// The initial state's length differs from the problem's dimension.
  case stateDimensionMismatch(expected: Int, actual: Int)
  /// The initial state has a NaN or infinite component.
  case nonFiniteInitialState(index: Int, value: Double)
  /// `t0` or `t1` is NaN or infinite.
  case nonFiniteTimeSpan(t0: Double, t1: Double)
  /// `t0 == t1`: there is nothing to integrate.
  case zeroLengthSpan(t: Double)
  /// The Jacobian's declared dimension differs from the problem's dimension.
  case jacobianDimensionMismatch(expected: Int, actual: Int)
  /// `.times([])`: no save time was requested.
  case emptySaveTimes
  /// Save times are not strictly monotone in the direction of integration.
  case saveTimesNotMonotone(index: Int, previous: Double, current: Double, forward: Bool)
  /// A save time is NaN, infinite or outside the closed span `[t0, t1]`.
  case saveTimeOutsideSpan(index: Int, time: Double, t0: Double, t1: Double)
  /// A tolerance is `≤ 0`, NaN or infinite. `name` is the parameter's label.
  case invalidTolerance(name: String, value: Double)
  /// A step size (`dt`, `initialStep`) is `≤ 0`, NaN or infinite. `name` is the parameter's label.
  case invalidStepSize(name: String, value: Double)
  /// `maxSteps < 1`.
  case invalidMaxSteps(Int)
  /// A fixed-step grid needs more steps than `maxSteps` allows (checked before integrating).
  case fixedStepCountExceedsMaxSteps(required: Int, maxSteps: Int, dt: Double)
  /// A user-defined Butcher tableau is inconsistent; `reason` says how.
  case invalidTableau(reason: String)
  /// The right-hand side returned NaN or ±∞ when evaluated at time `t`.
  case nonFiniteRightHandSide(t: Double, lastFiniteTime: Double, lastFiniteState: [Double])
  /// The Jacobian returned NaN or ±∞ when evaluated at time `t`.
  case nonFiniteJacobian(t: Double, lastFiniteTime: Double, lastFiniteState: [Double])
  /// The state overflowed to NaN or ±∞ in the step ending at `t` although every right-hand-side
  /// value was finite.
  case nonFiniteState(t: Double, lastFiniteTime: Double, lastFiniteState: [Double])
  /// The adaptive step size fell below what changes `t` by one ulp: the tolerance cannot be met
  /// (typically a singularity near `t`, or a tolerance too tight for double precision).
  case stepSizeUnderflow(t: Double, stepSize: Double, state: [Double], detail: String)
  /// The solve took `maxSteps` accepted steps and stopped at `t` before reaching `t1`.
  case maxStepsExceeded(maxSteps: Int, t: Double, t1: Double, state: [Double])
  /// GSL reported an unexpected status (allocation failure or an internal error).
  case integratorFailure(status: Int, message: String, t: Double, state: [Double])

  /// A message stating what was wrong (with the offending values) and what to do.
  public var description: String {
    switch self {
    case .emptyState(let dimension):
      return "ODE initial state y0 is empty (declared dimension \(dimension)): an ODE needs at least "
        + "one component; pass y0 with dimension ≥ 1 values."
    case .stateDimensionMismatch(let expected, let actual):
      return "ODE initial state has \(actual) components but the problem's dimension is \(expected): "
        + "pass y0 with exactly \(expected) values."
    case .nonFiniteInitialState(let index, let value):
      return "ODE initial state component y0[\(index)] = \(value) is not finite: "
        + "every component of y0 must be a finite number."
    case .nonFiniteTimeSpan(let t0, let t1):
      return "ODE time span [t0, t1] = [\(t0), \(t1)] is not finite: use finite t0 and t1."
    case .zeroLengthSpan(let t):
      return "ODE time span has zero length (t0 = t1 = \(t)): choose t1 different from t0 "
        + "(t1 < t0 integrates backward)."
    case .jacobianDimensionMismatch(let expected, let actual):
      return "ODE Jacobian is declared for dimension \(actual) but the problem's dimension is "
        + "\(expected): it must fill a \(expected)×\(expected) matrix (row-major) and \(expected) "
        + "time derivatives."
    case .emptySaveTimes:
      return "ODE save times are empty: request at least one time, or use .end or .everyStep."
    case .saveTimesNotMonotone(let index, let previous, let current, let forward):
      let order = forward ? "strictly increasing (t1 > t0)" : "strictly decreasing (t1 < t0)"
      return "ODE save times must be \(order), but saveTimes[\(index - 1)] = \(previous) and "
        + "saveTimes[\(index)] = \(current): sort them and remove duplicates."
    case .saveTimeOutsideSpan(let index, let time, let t0, let t1):
      return "ODE save time saveTimes[\(index)] = \(time) lies outside the span [\(Swift.min(t0, t1)), "
        + "\(Swift.max(t0, t1))] (t0 = \(t0), t1 = \(t1)): every save time must be finite and inside it."
    case .invalidTolerance(let name, let value):
      return "ODE tolerance \(name) = \(value) is invalid: it must be finite and > 0 "
        + "(typical values 1e-3 to 1e-10)."
    case .invalidStepSize(let name, let value):
      return "ODE step size \(name) = \(value) is invalid: it must be finite and > 0 "
        + "(its sign is taken from the direction of integration)."
    case .invalidMaxSteps(let value):
      return "ODE maxSteps = \(value) is invalid: it must be at least 1."
    case .fixedStepCountExceedsMaxSteps(let required, let maxSteps, let dt):
      return "ODE fixed-step grid with dt = \(dt) needs \(required) steps, more than maxSteps = "
        + "\(maxSteps): increase dt or maxSteps. No step was taken."
    case .invalidTableau(let reason):
      return "Butcher tableau is inconsistent: \(reason)."
    case .nonFiniteRightHandSide(let t, let lastT, let lastY):
      return "ODE right-hand side returned a non-finite value (NaN or ±∞) at t = \(t); "
        + "last finite state y(\(lastT)) = \(lastY). Check the right-hand side for overflow or "
        + "division by zero near this state, or reduce the step size / tolerances."
    case .nonFiniteJacobian(let t, let lastT, let lastY):
      return "ODE Jacobian returned a non-finite value (NaN or ±∞) at t = \(t); "
        + "last finite state y(\(lastT)) = \(lastY). Check the Jacobian near this state."
    case .nonFiniteState(let t, let lastT, let lastY):
      return "ODE state overflowed to a non-finite value in the step ending at t = \(t); "
        + "last finite state y(\(lastT)) = \(lastY). The step is too large for this problem: "
        + "reduce dt."
    case .stepSizeUnderflow(let t, let h, let y, let detail):
      return "ODE step size underflow at t = \(t) (step \(h) no longer changes t, GSL: \(detail)); "
        + "state there y = \(y). The solution may have a singularity near t, or the tolerances "
        + "are too tight for double precision: loosen them or stop before t."
    case .maxStepsExceeded(let maxSteps, let t, let t1, let y):
      return "ODE solve stopped after maxSteps = \(maxSteps) steps at t = \(t) before reaching "
        + "t1 = \(t1); state there y = \(y). Increase maxSteps, loosen the tolerances, or use a "
        + "stiff method (msbdf, bsimp) if the problem is stiff."
    case .integratorFailure(let status, let message, let t, let y):
      return "GSL integrator failed with status \(status) (\(message)) at t = \(t); "
        + "state there y = \(y). This is unexpected: please report it with the problem."
    }
  }
}
