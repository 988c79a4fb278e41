import Foundation
import Testing
@testable import DiffEq

/// The library's Van der Pol oscillator: the right-hand side and Jacobian against the formula and
/// finite differences, and the μ = 1 limit cycle against its published amplitude and period.
@Suite struct VanDerPolTests {
  /// μ = 3 at (x, v) = (2, −0.5): f = (−0.5, 3(1 − 4)(−0.5) − 2) = (−0.5, 2.5), worked out by hand.
  @Test func right_hand_side_matches_the_formula() {
    let f = TestProblems.rates(VanDerPol(mu: 3), [2.0, -0.5])
    #expect(f == [-0.5, 2.5])  // every operation is exact in binary
  }

  /// ∂f/∂y against central differences (h = 10⁻⁶; tolerance 1e-6 absolute on entries of size ≤ 30).
  @Test func jacobian_matches_finite_differences() {
    let system = VanDerPol(mu: 4)
    let (dfdy, dfdt, differences) = TestProblems.jacobianAndDifferences(
      system, system.jacobian, at: [0.7, -1.9], step: { _ in 1e-6 })
    #expect(dfdt == [0, 0])
    for e in 0..<4 {
      #expect(abs(dfdy[e] - differences[e]) <= 1e-6, "entry \(e): \(dfdy[e]) vs \(differences[e])")
    }
  }

  /// μ = 1: after t = 80 the solution from (2, 0) is on the limit cycle, whose amplitude is
  /// 2.008619861 and period 6.663286859 (Van der Pol's standard values, e.g. Hairer–Wanner, Solving
  /// ODEs II, §IV.10). RK4 with dt = 10⁻³ (error ~1e-11), maximum and upward zero crossings of x
  /// on the save grid (linear interpolation): both within 1e-5 relative.
  @Test func limit_cycle_amplitude_and_period() throws {
    let times = (0...20_000).map { 80 + Double($0) * 1e-3 }
    let solution = try FixedStepSolver(RungeKutta4(), dt: 1e-3)
      .solve(VanDerPol(mu: 1), t0: 0, t1: 100, y0: [2, 0], saveAt: .times(times))
    let x = (0..<times.count).map { solution.values[$0 * 2] }
    let amplitude = x.map(abs).max() ?? 0
    var crossings: [Double] = []
    for k in 1..<x.count where x[k - 1] < 0 && x[k] >= 0 {
      crossings.append(times[k - 1] + (times[k] - times[k - 1]) * (-x[k - 1]) / (x[k] - x[k - 1]))
    }
    #expect(crossings.count >= 2)
    let period = (crossings[crossings.count - 1] - crossings[0]) / Double(crossings.count - 1)
    #expect(abs(amplitude / 2.008619861 - 1) < 1e-5, "amplitude \(amplitude)")
    #expect(abs(period / 6.663286859 - 1) < 1e-5, "period \(period)")
  }
}
