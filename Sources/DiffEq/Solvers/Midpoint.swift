/// The explicit midpoint method: `y₁ = y + h·f(t + h/2, y + (h/2)·f(t, y))`.
///
/// Order 2, two stages (two right-hand-side evaluations per step), fixed step, no error estimate.
/// Not suited to stiff problems; needs no Jacobian.
///
/// Tableau: `c = [0, ½]`, `a₂₁ = ½`, `b = [0, 1]`.
///
/// Reference: E. Hairer, S. P. Nørsett, G. Wanner, *Solving Ordinary Differential Equations I*,
/// 2nd ed., Springer 1993, §II.1 (Runge 1895), doi:10.1007/978-3-540-78862-1.
public struct Midpoint: ExplicitRungeKuttaMethod {
  /// Creates the method.
  public init() {}

  /// The explicit midpoint tableau (order 2, 2 stages).
  public static let tableau = ButcherTableau(
    builtIn: "Midpoint", order: 2, a: [[], [0.5]], b: [0, 1], c: [0, 0.5])

  /// ``Midpoint/tableau``.
  public var tableau: ButcherTableau { Self.tableau }
}
