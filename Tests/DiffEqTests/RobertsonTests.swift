import Foundation
import Testing
@testable import DiffEq

/// The library's Robertson kinetics: the rates against the formula, conservation of the total, and
/// the Jacobian against finite differences. (The stiff solves from (1, 0, 0) to 10⁵ are in
/// GSLSolverTests, through TestProblems.robertson.)
@Suite struct RobertsonTests {
  /// At (0.5, 2·10⁻⁵, 0.25): f₁ = −0.02 + 0.05 = 0.03, f₃ = 3·10⁷·4·10⁻¹⁰ = 0.012, f₂ = −f₁ − f₃;
  /// the three rates sum to zero (mass conservation) to rounding.
  @Test func rates_match_the_formula_and_conserve_the_total() {
    let f = TestProblems.rates(Robertson(), [0.5, 2e-5, 0.25])
    #expect(abs(f[0] - 0.03) <= 1e-15)
    #expect(abs(f[2] - 0.012) <= 1e-15)
    #expect(abs(f[1] + 0.042) <= 1e-15)
    #expect(abs(f[0] + f[1] + f[2]) <= 1e-15)
  }

  /// ∂f/∂y against central differences (h = 10⁻⁹ relative to each component's scale; tolerance
  /// 1e-6 relative to the largest entry, 6·10⁷·y₂ ≈ 1200 here).
  @Test func jacobian_matches_finite_differences() {
    let y = [0.7, 2e-5, 0.3]
    let (dfdy, dfdt, differences) = TestProblems.jacobianAndDifferences(
      Robertson(), Robertson().jacobian, at: y, step: { 1e-6 * max(abs(y[$0]), 1e-5) })
    #expect(dfdt == [0, 0, 0])
    let scale = dfdy.map(abs).max() ?? 0
    for e in 0..<9 {
      #expect(abs(dfdy[e] - differences[e]) <= 1e-6 * scale, "entry \(e): \(dfdy[e]) vs \(differences[e])")
    }
  }
}
