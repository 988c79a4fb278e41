/// The classical fourth-order Runge–Kutta method (the textbook tableau, one evaluation per stage):
/// ```
/// k₁ = f(t, y)                  k₂ = f(t + h/2, y + (h/2)·k₁)
/// k₃ = f(t + h/2, y + (h/2)·k₂) k₄ = f(t + h,   y + h·k₃)
/// y₁ = y + (h/6)·k₁ + (h/3)·k₂ + (h/3)·k₃ + (h/6)·k₄
/// ```
/// Order 4, four stages (four right-hand-side evaluations per step), fixed step, no error
/// estimate. Not suited to stiff problems; needs no Jacobian. (This is not GSL's `rk4` stepper,
/// which adds step doubling at three times the cost.)
///
/// Reference: W. Kutta, "Beitrag zur näherungsweisen Integration totaler
/// Differentialgleichungen", Z. Math. Phys. 46 (1901) 435–453; Hairer–Nørsett–Wanner I, §II.1,
/// doi:10.1007/978-3-540-78862-1.
public struct RungeKutta4: ExplicitRungeKuttaMethod {
  /// Creates the method.
  public init() {}

  /// The classical RK4 tableau (order 4, 4 stages).
  public static let tableau = ButcherTableau(
    builtIn: "RK4", order: 4,
    a: [[], [0.5], [0, 0.5], [0, 0, 1]],
    b: [1.0 / 6.0, 1.0 / 3.0, 1.0 / 3.0, 1.0 / 6.0],
    c: [0, 0.5, 0.5, 1])

  /// ``RungeKutta4/tableau``.
  public var tableau: ButcherTableau { Self.tableau }
}
