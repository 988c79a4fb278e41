import Foundation
import Testing

@testable import DiffEq

@Suite struct GSLSolverTests {
  /// Every GSL stepper meets its tolerance: GSL controls the local error of each step
  /// (|err| ≤ atol + rtol·|y|), so each accepted step is compared with the exact flow from the
  /// previous accepted state; the error must be ≤ 10 × (atol + rtol·|y|), rtol = atol = 1e-6, on
  /// y' = y·cos t over [0, 6] forward and [6, 0] backward, and on the harmonic oscillator over
  /// [0, 6] and back. The final state must also be within 10 × tolerance × (number of steps)
  /// of the exact value (local errors add up).
  @Test(arguments: GSLMethod.allCases)
  func every_stepper_meets_its_tolerance(_ method: GSLMethod) throws {
    let tol = 1e-6
    let solver = GSLSolver(method, relativeTolerance: tol, absoluteTolerance: tol)
    for (t0, t1) in [(0.0, 6.0), (6.0, 0.0)] {
      let scalar = try TestProblems.growthCos(t0: t0, t1: t1).solve(solver, saveAt: .everyStep)
      #expect(scalar.t.last == t1)
      var worst = 0.0
      for i in 1..<scalar.count {
        let exact = TestProblems.growthCosFlow(from: scalar.t[i - 1], scalar.values[i - 1], to: scalar.t[i])
        worst = max(worst, abs(scalar.values[i] - exact) / (tol + tol * abs(exact)))
      }
      #expect(worst <= 10, "\(method) y·cos t [\(t0), \(t1)]: local error \(worst) × tolerance")
      let global = abs(scalar.finalState[0] - TestProblems.growthCosFlow(from: t0, scalar.values[0], to: t1))
      #expect(global <= 10 * tol * Double(scalar.statistics.steps))

      let oscillator = try TestProblems.harmonic(t0: t0, t1: t1).solve(solver, saveAt: .everyStep)
      worst = 0
      for i in 1..<oscillator.count {
        // The exact flow is a rotation by the step.
        let (x, v) = (oscillator.values[2 * i - 2], oscillator.values[2 * i - 1])
        let h = oscillator.t[i] - oscillator.t[i - 1]
        let exact = [x * cos(h) + v * sin(h), -x * sin(h) + v * cos(h)]
        for j in 0..<2 {
          worst = max(worst, abs(oscillator.values[2 * i + j] - exact[j]) / (tol + tol * abs(exact[j])))
        }
      }
      #expect(worst <= 10, "\(method) oscillator [\(t0), \(t1)]: local error \(worst) × tolerance")
    }
  }

  /// Lotka–Volterra with rk8pd at rtol = atol = 1e-10: the invariant V = δx − γ ln x + βy − α ln y
  /// stays within 1e-8 relative of V(0) at every step over t ∈ [0, 50].
  @Test func lotka_volterra_invariant_with_rk8pd() throws {
    let solution = try TestProblems.lotkaVolterra(t1: 50).solve(
      GSLSolver(.rk8pd, relativeTolerance: 1e-10, absoluteTolerance: 1e-10), saveAt: .everyStep)
    let v0 = TestProblems.lotkaVolterraInvariant(10, 5)
    var worst = 0.0
    for i in 0..<solution.count {
      let v = TestProblems.lotkaVolterraInvariant(solution.values[2 * i], solution.values[2 * i + 1])
      worst = max(worst, abs(v - v0) / abs(v0))
    }
    #expect(solution.t.last == 50)
    #expect(worst <= 1e-8, "relative drift \(worst)")
  }

  /// Stiff Van der Pol, μ = 1000, y0 = (2, 0), t ∈ [0, 3000], rtol = atol = 1e-6: msbdf and bsimp,
  /// with the analytic Jacobian and with finite differences, end within 1e-3 (each component) of a
  /// reference computed here by msbdf at rtol = atol = 1e-10 (which itself agrees with bsimp at
  /// 1e-10 to 1e-6).
  @Test func stiff_van_der_pol() throws {
    let reference = try TestProblems.vanDerPol(mu: 1000, t1: 3000, jacobian: true).solve(
      GSLSolver(.msbdf, relativeTolerance: 1e-10, absoluteTolerance: 1e-10)
    ).finalState
    let check = try TestProblems.vanDerPol(mu: 1000, t1: 3000, jacobian: true).solve(
      GSLSolver(.bsimp, relativeTolerance: 1e-10, absoluteTolerance: 1e-10)
    ).finalState
    #expect(zip(reference, check).allSatisfy { abs($0 - $1) <= 1e-6 })
    for method in [GSLMethod.msbdf, .bsimp] {
      for jacobian in [true, false] {
        let problem = try TestProblems.vanDerPol(mu: 1000, t1: 3000, jacobian: jacobian)
        let solution = try problem.solve(
          GSLSolver(method, relativeTolerance: 1e-6, absoluteTolerance: 1e-6))
        let y = solution.finalState
        #expect(
          zip(y, reference).allSatisfy { abs($0 - $1) <= 1e-3 },
          "\(method) jacobian: \(jacobian): \(y) vs \(reference)")
        #expect(solution.statistics.jacobianEvaluations > 0)
        #expect(solution.statistics.finiteDifferenceJacobian == !jacobian)
        #expect(solution.solverDescription.contains(jacobian ? "Jacobian: user" : "finite differences"))
      }
    }
  }

  /// Robertson's kinetics to t = 1e5 (rtol = 1e-6, atol = 1e-10): y₁ + y₂ + y₃ = 1 within 1e-6 at
  /// every step, with msbdf and bsimp, with and without the Jacobian; and the four final states
  /// agree to 1e-4 (y₁(1e5) ≈ 0.0179).
  @Test func robertson_conserves_mass() throws {
    var finals: [[Double]] = []
    for method in [GSLMethod.msbdf, .bsimp] {
      for jacobian in [true, false] {
        let solution = try TestProblems.robertson(t1: 1e5, jacobian: jacobian).solve(
          GSLSolver(method, relativeTolerance: 1e-6, absoluteTolerance: 1e-10), saveAt: .everyStep)
        var worst = 0.0
        for i in 0..<solution.count {
          let sum = solution.values[3 * i] + solution.values[3 * i + 1] + solution.values[3 * i + 2]
          worst = max(worst, abs(sum - 1))
        }
        #expect(worst <= 1e-6, "\(method) jacobian: \(jacobian): mass error \(worst)")
        #expect(solution.t.last == 1e5)
        finals.append(solution.finalState)
      }
    }
    for y in finals { #expect(zip(y, finals[0]).allSatisfy { abs($0 - $1) <= 1e-4 }) }
    #expect(abs(finals[0][0] - 0.0179) <= 1e-3)
  }

  /// Save times are hit exactly (GSL ends a step there), including t0; values within 1e-8 of the
  /// exact solution at rtol = atol = 1e-10 with rkf45; backward too.
  @Test func save_times_are_exact() throws {
    for (t0, t1, saves) in [(0.0, 3.0, [0.0, 0.7, 1.9, 3.0]), (3.0, 0.0, [2.5, 1.0, 0.1])] {
      let problem = try TestProblems.growthCos(t0: t0, t1: t1)
      let solution = try problem.solve(
        GSLSolver(.rkf45, relativeTolerance: 1e-10, absoluteTolerance: 1e-10), saveAt: .times(saves))
      #expect(solution.t == saves)
      for i in 0..<saves.count {
        let exact = TestProblems.growthCosFlow(from: t0, problem.y0[0], to: saves[i])
        #expect(abs(solution.state(i)[0] - exact) <= 1e-8)
      }
    }
  }

  /// Statistics are what happened: the reported right-hand-side and Jacobian evaluations equal
  /// counts kept by the closures themselves (msbdf with a user Jacobian, and with finite
  /// differences, where each Jacobian costs n + 2 = 4 evaluations); explicit methods evaluate no
  /// Jacobian; everyStep records steps + 1 states.
  @Test func statistics_are_consistent() throws {
    final class Counter { var rhs = 0; var jacobian = 0 }
    for useJacobian in [true, false] {
      let counter = Counter()
      let system = VanDerPol(mu: 10)
      let exact = system.jacobian
      let J = ODEJacobian(dimension: 2) { t, y, dfdy, dfdt in
        counter.jacobian += 1
        exact.evaluate(t, y, dfdy, dfdt)
      }
      let problem = try ODEProblem(
        dimension: 2, t0: 0, t1: 20, y0: [2, 0], jacobian: useJacobian ? J : nil
      ) { t, y, dydt in
        counter.rhs += 1
        system(t, y, dydt)
      }
      let solution = try problem.solve(
        GSLSolver(.msbdf, relativeTolerance: 1e-6, absoluteTolerance: 1e-8), saveAt: .everyStep)
      let stats = solution.statistics
      #expect(solution.count == stats.steps + 1)
      #expect(stats.rhsEvaluations == counter.rhs)
      #expect(stats.jacobianEvaluations > 0)
      if useJacobian {
        #expect(stats.jacobianEvaluations == counter.jacobian)
      } else {
        #expect(counter.jacobian == 0)
        #expect(stats.rhsEvaluations > 4 * stats.jacobianEvaluations)
      }
      #expect(stats.rejectedSteps != nil)
    }
    let explicit = try TestProblems.lorenz(t1: 5).solve(
      GSLSolver(.rk8pd, relativeTolerance: 1e-8, absoluteTolerance: 1e-8, initialStep: 1e-3))
    #expect(explicit.statistics.jacobianEvaluations == 0)
    #expect(explicit.statistics.rhsEvaluations >= 12 * explicit.statistics.steps)
    #expect(explicit.solverDescription.contains("initialStep = 0.001"))
  }

  /// The finite-difference Jacobian is accurate: msbdf without a Jacobian reproduces msbdf with
  /// the analytic one to 1e-6 on Robertson (rtol = 1e-8, atol = 1e-12) at t = 40.
  @Test func finite_difference_jacobian_matches_analytic() throws {
    let solver = GSLSolver(.msbdf, relativeTolerance: 1e-8, absoluteTolerance: 1e-12)
    let analytic = try TestProblems.robertson(t1: 40, jacobian: true).solve(solver).finalState
    let fd = try TestProblems.robertson(t1: 40, jacobian: false).solve(solver).finalState
    for j in 0..<3 { #expect(abs(analytic[j] - fd[j]) <= 1e-6 * max(abs(analytic[j]), 1e-6)) }
  }
}
