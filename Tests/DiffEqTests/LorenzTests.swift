import Foundation
import Testing
@testable import DiffEq

/// The library's Lorenz system: the right-hand side against values worked out by hand, the fixed
/// points as zeros of it, the Jacobian against finite differences, and its use as an
/// ``ODEFunction`` and as an ``ODEProblem``.
@Suite struct LorenzTests {
  /// Classic parameters at (1, 2, 3): (10·1, 1·25 − 2, 2 − 8) = (10, 23, −6); σ = 2, ρ = 5, β = 0.5
  /// at (−1, 0.5, 4): (3, −1.5, −2.5). Worked out by hand; 1e-14.
  @Test func right_hand_side_matches_the_formula() {
    for (system, y, expected) in [
      (Lorenz(), [1.0, 2, 3], [10.0, 23, -6]),
      (Lorenz(sigma: 2, rho: 5, beta: 0.5), [-1.0, 0.5, 4], [3.0, -1.5, -2.5]),
    ] {
      let f = TestProblems.rates(system, y)
      for i in 0..<3 { #expect(abs(f[i] - expected[i]) <= 1e-14, "f[\(i)] = \(f[i]), expected \(expected[i])") }
    }
    #expect(Lorenz() == Lorenz(sigma: 10, rho: 28, beta: 8.0 / 3.0))
  }

  /// The fixed points are zeros of f (|f| ≤ 1e-13): the origin and C± = (±6√2, ±6√2, 27) for the
  /// classic parameters (β(ρ − 1) = 72); only the origin for ρ ≤ 1.
  @Test func fixed_points_are_zeros_of_the_right_hand_side() {
    let classic = Lorenz().fixedPoints
    #expect(classic.count == 3)
    let c = 6 * 2.0.squareRoot()
    #expect(zip(classic[1], [c, c, 27]).allSatisfy { abs($0 - $1) <= 1e-14 * 27 })
    #expect(zip(classic[2], [-c, -c, 27]).allSatisfy { abs($0 - $1) <= 1e-14 * 27 })
    for system in [Lorenz(), Lorenz(sigma: 3, rho: 1.5, beta: 4), Lorenz(rho: 0.5), Lorenz(rho: 1)] {
      let points = system.fixedPoints
      #expect(points.count == (system.rho > 1 ? 3 : 1))
      #expect(points[0] == [0, 0, 0])
      for p in points {
        let f = TestProblems.rates(system, p)
        #expect(f.allSatisfy { abs($0) <= 1e-13 }, "f(\(p)) = \(f) for ρ = \(system.rho)")
      }
    }
  }

  /// ∂f/∂y against central differences (h = 10⁻⁶, error O(h²) and rounding O(ε/h): 1e-7 relative
  /// to the largest entry); the trace is the constant divergence −(σ + 1 + β).
  @Test func jacobian_matches_finite_differences() {
    let system = Lorenz(sigma: 7, rho: 19, beta: 1.5)
    let (dfdy, dfdt, differences) = TestProblems.jacobianAndDifferences(
      system, system.jacobian, at: [1.3, -2.1, 17.0], step: { _ in 1e-6 })
    #expect(system.jacobian.dimension == 3 && dfdt == [0, 0, 0])
    for e in 0..<9 {
      #expect(abs(dfdy[e] - differences[e]) <= 1e-7 * 20, "entry \(e): \(dfdy[e]) vs \(differences[e])")
    }
    #expect(abs(dfdy[0] + dfdy[4] + dfdy[8] + (7 + 1 + 1.5)) <= 1e-15)
  }

  /// The ODEFunction path and the ODEProblem path give the same RK4 solution bit for bit, and it
  /// stays on the attractor (|x|, |y| < 30, 0 < z < 60) after t = 20.
  @Test func function_and_problem_forms_agree() throws {
    let solver = FixedStepSolver(RungeKutta4(), dt: 1e-3)
    let times: [Double] = [1, 5, 20]
    let fast = try solver.solve(Lorenz(), t0: 0, t1: 20, y0: [1, 1, 1], saveAt: .times(times))
    let viaProblem = try Lorenz().problem(t1: 20, y0: [1, 1, 1]).solve(solver, saveAt: .times(times))
    #expect(bits(fast.values) == bits(viaProblem.values))
    let end = fast.finalState
    #expect(abs(end[0]) < 30 && abs(end[1]) < 30 && end[2] > 0 && end[2] < 60, "y(20) = \(end)")
  }

  /// With the exact Jacobian, GSL's implicit Bulirsch–Stoer (bsimp) agrees with rk8pd at t = 1 to
  /// 1e-6 and uses analytic Jacobian evaluations (no finite differences).
  @Test func implicit_method_uses_the_exact_jacobian() throws {
    let problem = try Lorenz().problem(t1: 1, y0: [1, 1, 1])
    let implicit = try problem.solve(
      GSLSolver(.bsimp, relativeTolerance: 1e-10, absoluteTolerance: 1e-10), saveAt: .end)
    let explicit = try problem.solve(
      GSLSolver(.rk8pd, relativeTolerance: 1e-11, absoluteTolerance: 1e-11), saveAt: .end)
    #expect(!implicit.statistics.finiteDifferenceJacobian && implicit.statistics.jacobianEvaluations > 0)
    for i in 0..<3 {
      #expect(abs(implicit.finalState[i] - explicit.finalState[i]) <= 1e-6,
        "bsimp \(implicit.finalState) vs rk8pd \(explicit.finalState)")
    }
  }

  /// For ρ < 1 the origin attracts every solution: from (1, 1, 1) with ρ = 0.5 the slowest rate is
  /// (−11 + √101)/2 ≈ −0.475, so |y(20)| ≈ e^{−9.5} < 10⁻³.
  @Test func subcritical_solutions_decay_to_the_origin() throws {
    let end = try FixedStepSolver(RungeKutta4(), dt: 1e-2)
      .solve(Lorenz(rho: 0.5), t0: 0, t1: 20, y0: [1, 1, 1]).finalState
    #expect(end.allSatisfy { abs($0) < 1e-3 }, "y(20) = \(end)")
  }

  /// Bad initial states and spans are the problem's typed errors.
  @Test func invalid_problems_throw() {
    #expect(throws: ODEError.stateDimensionMismatch(expected: 3, actual: 2)) {
      try Lorenz().problem(t1: 1, y0: [1, 1])
    }
    #expect(throws: ODEError.self) { try Lorenz().problem(t1: 1, y0: [1, .nan, 1]) }
    #expect(throws: ODEError.self) { try Lorenz().problem(t0: 2, t1: 2, y0: [1, 1, 1]) }
  }
}
