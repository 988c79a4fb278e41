/// Heun's method (the explicit trapezoidal rule):
/// `k₁ = f(t, y)`, `k₂ = f(t + h, y + h·k₁)`, `y₁ = y + (h/2)·(k₁ + k₂)`.
///
/// Order 2, two stages (two right-hand-side evaluations per step), fixed step, no error estimate.
/// Not suited to stiff problems; needs no Jacobian.
///
/// Tableau: `c = [0, 1]`, `a₂₁ = 1`, `b = [½, ½]`.
///
/// Reference: K. Heun, "Neue Methoden zur approximativen Integration der Differentialgleichungen
/// einer unabhängigen Veränderlichen", Z. Math. Phys. 45 (1900) 23–38; Hairer–Nørsett–Wanner I, §II.1,
/// doi:10.1007/978-3-540-78862-1.
public struct Heun: ExplicitRungeKuttaMethod {
  /// Creates the method.
  public init() {}

  /// Heun's tableau (order 2, 2 stages).
  public static let tableau = ButcherTableau(
    builtIn: "Heun", order: 2, a: [[], [1]], b: [0.5, 0.5], c: [0, 1])

  /// ``Heun/tableau``.
  public var tableau: ButcherTableau { Self.tableau }
}
