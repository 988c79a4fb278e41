import DiffEq
import Neural

/// `Tensor` as a state of DiffEq's one explicit Runge–Kutta stepper (``ExplicitRungeKutta``).
///
/// With this conformance the reconstructor `R_{μ,0}` and the flow form of the pointwise drift loss
/// run exactly the methods of `DiffEq` (``Euler``, ``RungeKutta4``, any ``ButcherTableau``) on a
/// batch of states `[batch, M·d]`; when a ``Tape`` is recording, every stage is recorded, so the
/// loss is differentiated through the integrator (discretise-then-differentiate: the gradient is
/// the exact gradient of the discrete RK map).
///
/// Both primitives build new values (`self = self + Float(a)·x`); nothing is written in place
/// behind the tape's back. A linear combination with `m` terms records `2m` tape operations (one
/// scaling and one sum per term): an RK4 step records 14 of them besides its 4 right-hand sides.
/// Coefficients are converted from `Double` to `Float` after forming `scale · coefficient` in
/// `Double`.
extension Tensor: RungeKuttaState {
  /// `self = other` (shares the buffer; copy on write protects it).
  public mutating func assign(_ other: Tensor) { self = other }

  /// `self = self + Float(a) · x` (a new buffer; recorded when either input is).
  public mutating func addScaled(_ a: Double, _ x: Tensor) { self = self + Float(a) * x }
}
