/// Which states an ODE solve records in its ``ODESolution``.
///
/// Save times are checked by `solve` before integrating: they must be finite, inside the closed
/// span, and strictly monotone in the direction of integration (increasing when `t1 > t0`,
/// decreasing when `t1 < t0`).
public enum ODESaveAt: Sendable, Equatable {
  /// Only the final state `y(t1)` (the default).
  case end
  /// The state at each of these times. Fixed-step solvers shorten the step before a save time to
  /// land on it exactly (and resume the `t0 + k·dt` grid after it); GSL solvers end a step there.
  /// A time equal to `t0` records `y0`.
  case times([Double])
  /// `y0` and the state after every accepted step, ending with `y(t1)`.
  case everyStep
}
