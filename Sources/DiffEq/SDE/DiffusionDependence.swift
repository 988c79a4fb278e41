/// What the diffusion `σ` depends on; additive noise (`σ` independent of the state) is evaluated
/// once per step, or once per solve, and shared by all paths.
public enum DiffusionDependence: Sendable, Equatable, CustomStringConvertible {
  /// `σ(t, x)`: evaluated for every path at every evaluation point (multiplicative noise).
  case state
  /// `σ(t)` (additive noise): evaluated once per evaluation time with `L = Double` and broadcast to
  /// every lane. The `x` passed in is then a placeholder and must not be read.
  case time
  /// `σ` constant (additive noise): evaluated once, at `t0`, with `L = Double`. The `x` passed in is
  /// a placeholder and must not be read.
  case constant

  /// `true` for ``time`` and ``constant``: the noise is additive, Itô and Stratonovich coincide and
  /// Milstein's correction vanishes.
  @inlinable
  public var isAdditive: Bool { self != .state }

  /// `state`, `time` or `constant`.
  public var description: String {
    switch self {
    case .state: return "state"
    case .time: return "time"
    case .constant: return "constant"
    }
  }
}
