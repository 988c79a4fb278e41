import Foundation
import Testing

@testable import DiffEq

@Suite struct FixedStepSolverTests {
  /// `y' = −2y` on [0, 1]: each method's error at t = 1 is below its stated bound
  /// (C·dtᵖ with a generous C, chosen from the methods' error constants).
  @Test func exponential_decay_matches_the_exact_solution() throws {
    let problem = try TestProblems.exponential(lambda: -2, t0: 0, t1: 1, y0: 1)
    let exact = exp(-2.0)
    let dt = 1e-3
    let cases: [(any ExplicitRungeKuttaMethod, Double)] = [
      (Euler(), 1e-3), (Midpoint(), 1e-6), (Heun(), 1e-6), (RungeKutta4(), 1e-13),
    ]
    for (method, bound) in cases {
      let error = try abs(solveFinal(method, problem, dt: dt)[0] - exact)
      #expect(error <= bound, "\(method.tableau.name): error \(error) > \(bound)")
    }
  }

  private func solveFinal(_ method: any ExplicitRungeKuttaMethod, _ problem: ODEProblem, dt: Double)
    throws -> [Double]
  {
    func run<M: ExplicitRungeKuttaMethod>(_ m: M) throws -> [Double] {
      try problem.solve(FixedStepSolver(m, dt: dt)).finalState
    }
    return try run(method)
  }

  /// Harmonic oscillator with RK4, dt = 0.01, t ∈ [0, 10]: phase error ≤ 1e-8 and energy drift
  /// ≤ 1e-9 at every saved time.
  @Test func harmonic_oscillator_keeps_phase_and_energy() throws {
    let problem = try TestProblems.harmonic(t1: 10)
    let times = (1...100).map { Double($0) * 0.1 }
    let solution = try problem.solve(FixedStepSolver(RungeKutta4(), dt: 0.01), saveAt: .times(times))
    #expect(solution.t == times)
    for i in 0..<solution.count {
      let t = solution.t[i]
      let y = solution.state(i)
      #expect(abs(y[0] - cos(t)) <= 1e-8 && abs(y[1] + sin(t)) <= 1e-8, "t = \(t)")
      #expect(abs(0.5 * (y[0] * y[0] + y[1] * y[1]) - 0.5) <= 1e-9, "t = \(t)")
    }
  }

  /// `y' = cos t` on [0, 3]: RK4 reduces to Simpson's rule, error ≤ dt⁴·max|sin|/180·span ≈ 1.7e-10
  /// at dt = 0.01; every method's final value is within its bound of sin 3.
  @Test func quadrature_of_cosine() throws {
    let problem = try ODEProblem(dimension: 1, t0: 0, t1: 3, y0: [0]) { t, _, dydt in
      dydt[0] = cos(t)
    }
    let dt = 0.01
    #expect(try abs(solveFinal(RungeKutta4(), problem, dt: dt)[0] - sin(3.0)) <= 2e-10)
    #expect(try abs(solveFinal(Midpoint(), problem, dt: dt)[0] - sin(3.0)) <= 1e-5)
    #expect(try abs(solveFinal(Heun(), problem, dt: dt)[0] - sin(3.0)) <= 1e-5)
    #expect(try abs(solveFinal(Euler(), problem, dt: dt)[0] - sin(3.0)) <= 1e-2)
  }

  /// Observed order on y' = y·cos t, t ∈ [0, 2]: log2 of successive error ratios when halving dt
  /// is within ±0.1 of the method's order, forward and backward in time.
  @Test(arguments: [(0, 1e-3), (1, 1e-2), (2, 1e-2), (3, 0.04)])
  func observed_order_matches(_ methodIndex: Int, _ dt0: Double) throws {
    let methods: [any ExplicitRungeKuttaMethod] = [Euler(), Midpoint(), Heun(), RungeKutta4()]
    let method = methods[methodIndex]
    for (t0, t1) in [(0.0, 2.0), (2.0, 0.0)] {
      let problem = try TestProblems.growthCos(t0: t0, t1: t1)
      let exact = TestProblems.growthCosFlow(from: t0, problem.y0[0], to: t1)
      let errors = try (0..<4).map { k in
        try abs(solveFinal(method, problem, dt: dt0 / Double(1 << k))[0] - exact)
      }
      for k in 1..<errors.count {
        let observed = log2(errors[k - 1] / errors[k])
        #expect(
          abs(observed - Double(method.tableau.order)) <= 0.1,
          "\(method.tableau.name) [\(t0), \(t1)]: observed order \(observed), errors \(errors)")
      }
    }
  }

  /// Backward in time: RK4 from t = 2 to 0 recovers y(0) = 1 within 1e-10 (dt = 0.01).
  @Test func integrates_backward() throws {
    let problem = try TestProblems.growthCos(t0: 2, t1: 0)
    let solution = try problem.solve(
      FixedStepSolver(RungeKutta4(), dt: 0.01), saveAt: .times([1.5, 0.5, 0]))
    #expect(solution.t == [1.5, 0.5, 0])
    for i in 0..<3 {
      let exact = TestProblems.growthCosFlow(from: 2, problem.y0[0], to: solution.t[i])
      #expect(abs(solution.state(i)[0] - exact) <= 1e-10)
    }
  }

  /// Off-lattice save times and t1: the recorded times are exactly the requested ones, the states
  /// match the exact solution (≤ 1e-9 with RK4, dt = 0.1 over [0, 1.05]), and the step count is the
  /// lattice's 11 steps plus the 2 extra splits made by off-lattice save times.
  @Test func lands_exactly_on_save_times_and_t1() throws {
    let problem = try TestProblems.growthCos(t0: 0, t1: 1.05)
    let saves = [0.0, 0.25, 0.5, 0.73, 1.05]
    let solution = try problem.solve(
      FixedStepSolver(RungeKutta4(), dt: 0.01), saveAt: .times(saves))
    #expect(solution.t == saves)
    #expect(solution.state(0) == problem.y0)
    for i in 0..<saves.count {
      let exact = TestProblems.growthCosFlow(from: 0, 1, to: saves[i])
      #expect(abs(solution.state(i)[0] - exact) <= 1e-9)
    }
    let coarse = try problem.solve(
      FixedStepSolver(RungeKutta4(), dt: 0.1), saveAt: .times([0.25, 0.73]))
    #expect(coarse.statistics.steps == 13)
    #expect(coarse.statistics.rhsEvaluations == 4 * 13)
    #expect(coarse.statistics.rejectedSteps == 0)
  }

  /// `.everyStep` records y0, every step, and ends exactly on t1; counts agree with statistics.
  @Test func every_step_output() throws {
    let problem = try TestProblems.harmonic(t1: 1.05)
    let solution = try problem.solve(FixedStepSolver(Heun(), dt: 0.1), saveAt: .everyStep)
    #expect(solution.count == solution.statistics.steps + 1)
    #expect(solution.statistics.steps == 11)
    #expect(solution.statistics.rhsEvaluations == 22)
    #expect(solution.t.first == 0 && solution.t.last == 1.05)
    #expect(zip(solution.t, solution.t.dropFirst()).allSatisfy { $0 < $1 })
    #expect(solution.component(0).count == solution.count)
    #expect(solution.solverDescription.contains("Heun") && solution.solverDescription.contains("dt = 0.1"))
  }
}
