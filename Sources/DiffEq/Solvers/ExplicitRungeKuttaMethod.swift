/// A fixed-step explicit Runge–Kutta method: a named ``ButcherTableau``.
///
/// Conforming types hold only their tableau, order and reference (``Euler``, ``Midpoint``,
/// ``Heun``, ``RungeKutta4``); the stepping is done once, by ``ExplicitRungeKutta``. Explicit
/// methods are not suited to stiff problems (their stability region is bounded, so the step must
/// shrink with the fastest time scale) and never use a Jacobian.
public protocol ExplicitRungeKuttaMethod: Sendable {
  /// The method's coefficients (order, stages, `a`, `b`, `c`).
  var tableau: ButcherTableau { get }
}
