/// The explicit (forward) Euler method: `y₁ = y + h·f(t, y)`.
///
/// Order 1, one stage (one right-hand-side evaluation per step), fixed step, no error estimate.
/// Not suited to stiff problems; needs no Jacobian.
///
/// Tableau: `c = [0]`, `b = [1]`.
///
/// Reference: E. Hairer, S. P. Nørsett, G. Wanner, *Solving Ordinary Differential Equations I*,
/// 2nd ed., Springer 1993, §I.7, doi:10.1007/978-3-540-78862-1.
public struct Euler: ExplicitRungeKuttaMethod {
  /// Creates the method.
  public init() {}

  /// The forward Euler tableau (order 1, 1 stage).
  public static let tableau = ButcherTableau(
    builtIn: "Euler", order: 1, a: [[]], b: [1], c: [0])

  /// ``Euler/tableau``.
  public var tableau: ButcherTableau { Self.tableau }
}
