import Foundation
import Testing

@testable import DiffEq

/// Every documented error is thrown (not a crash), and its message names the key fact.
@Suite struct ODEErrorTests {
  private func rhsZero(_ t: Double, _ y: UnsafeBufferPointer<Double>, _ dydt: UnsafeMutableBufferPointer<Double>) {
    for i in 0..<dydt.count { dydt[i] = 0 }
  }

  /// Runs `body`, requires an `ODEError`, and returns it with its message.
  private func odeError(_ body: () throws -> Void) throws -> (ODEError, String) {
    do {
      try body()
    } catch let error as ODEError {
      return (error, error.description)
    }
    Issue.record("no error thrown")
    throw CancellationError()
  }

  private var oneDimensional: ODEProblem {
    get throws { try ODEProblem(dimension: 1, t0: 0, t1: 1, y0: [1], f: rhsZero) }
  }

  private static let solvers: [any ODESolver] = [
    FixedStepSolver(RungeKutta4(), dt: 0.01),
    GSLSolver(.rk8pd, relativeTolerance: 1e-8, absoluteTolerance: 1e-8),
    GSLSolver(.msbdf, relativeTolerance: 1e-8, absoluteTolerance: 1e-8),
  ]

  // MARK: - Problem

  @Test func empty_state() throws {
    let (error, message) = try odeError {
      _ = try ODEProblem(dimension: 0, t0: 0, t1: 1, y0: [], f: rhsZero)
    }
    #expect(error == .emptyState(dimension: 0))
    #expect(message.contains("empty"))
  }

  @Test func state_dimension_mismatch() throws {
    let (error, message) = try odeError {
      _ = try ODEProblem(dimension: 3, t0: 0, t1: 1, y0: [1, 2], f: rhsZero)
    }
    #expect(error == .stateDimensionMismatch(expected: 3, actual: 2))
    #expect(message.contains("2 components") && message.contains("dimension is 3"))
  }

  @Test func non_finite_initial_state() throws {
    for bad in [Double.nan, .infinity, -.infinity] {
      let (error, message) = try odeError {
        _ = try ODEProblem(dimension: 3, t0: 0, t1: 1, y0: [1, bad, 0], f: rhsZero)
      }
      guard case .nonFiniteInitialState(let index, _) = error else {
        Issue.record("wrong error \(error)")
        continue
      }
      #expect(index == 1)
      #expect(message.contains("y0[1] = \(bad)"))
    }
  }

  @Test func non_finite_time_span() throws {
    let (error, message) = try odeError {
      _ = try ODEProblem(dimension: 1, t0: 0, t1: .infinity, y0: [1], f: rhsZero)
    }
    #expect(error == .nonFiniteTimeSpan(t0: 0, t1: .infinity))
    #expect(message.contains("inf"))
  }

  @Test func zero_length_span() throws {
    let (error, message) = try odeError {
      _ = try ODEProblem(dimension: 1, t0: 1.5, t1: 1.5, y0: [1], f: rhsZero)
    }
    #expect(error == .zeroLengthSpan(t: 1.5))
    #expect(message.contains("t0 = t1 = 1.5"))
  }

  @Test func jacobian_dimension_mismatch() throws {
    let jacobian = ODEJacobian(dimension: 3) { _, _, _, _ in }
    let (error, message) = try odeError {
      _ = try ODEProblem(dimension: 2, t0: 0, t1: 1, y0: [1, 2], jacobian: jacobian, f: rhsZero)
    }
    #expect(error == .jacobianDimensionMismatch(expected: 2, actual: 3))
    #expect(message.contains("dimension 3") && message.contains("dimension is 2"))
  }

  // MARK: - Settings (each solver)

  @Test func empty_save_times() throws {
    for solver in Self.solvers {
      let (error, _) = try odeError { _ = try oneDimensional.solve(solver, saveAt: .times([])) }
      #expect(error == .emptySaveTimes)
    }
  }

  @Test func unsorted_save_times() throws {
    for solver in Self.solvers {
      let (error, message) = try odeError {
        _ = try oneDimensional.solve(solver, saveAt: .times([0.2, 0.7, 0.5]))
      }
      #expect(error == .saveTimesNotMonotone(index: 2, previous: 0.7, current: 0.5, forward: true))
      #expect(message.contains("saveTimes[1] = 0.7") && message.contains("saveTimes[2] = 0.5"))
      let (duplicate, _) = try odeError {
        _ = try oneDimensional.solve(solver, saveAt: .times([0.2, 0.2]))
      }
      #expect(duplicate == .saveTimesNotMonotone(index: 1, previous: 0.2, current: 0.2, forward: true))
      let backward = try ODEProblem(dimension: 1, t0: 1, t1: 0, y0: [1], f: rhsZero)
      let (reversed, reversedMessage) = try odeError {
        _ = try backward.solve(solver, saveAt: .times([0.2, 0.5]))
      }
      #expect(reversed == .saveTimesNotMonotone(index: 1, previous: 0.2, current: 0.5, forward: false))
      #expect(reversedMessage.contains("decreasing"))
    }
  }

  @Test func save_time_outside_span() throws {
    for solver in Self.solvers {
      let (error, message) = try odeError {
        _ = try oneDimensional.solve(solver, saveAt: .times([0.5, 1.5]))
      }
      #expect(error == .saveTimeOutsideSpan(index: 1, time: 1.5, t0: 0, t1: 1))
      #expect(message.contains("saveTimes[1] = 1.5") && message.contains("[0.0, 1.0]"))
      let (nan, _) = try odeError { _ = try oneDimensional.solve(solver, saveAt: .times([.nan])) }
      guard case .saveTimeOutsideSpan(index: 0, _, _, _) = nan else {
        Issue.record("wrong error \(nan)")
        continue
      }
    }
  }

  @Test func invalid_tolerances() throws {
    for bad in [0, -1e-6, Double.nan, .infinity] {
      let (relative, message) = try odeError {
        _ = try oneDimensional.solve(
          GSLSolver(.rkf45, relativeTolerance: bad, absoluteTolerance: 1e-6))
      }
      #expect(relative == .invalidTolerance(name: "relativeTolerance", value: bad) || bad.isNaN)
      #expect(message.contains("relativeTolerance = \(bad)"))
      let (absolute, _) = try odeError {
        _ = try oneDimensional.solve(
          GSLSolver(.msbdf, relativeTolerance: 1e-6, absoluteTolerance: bad))
      }
      guard case .invalidTolerance(name: "absoluteTolerance", _) = absolute else {
        Issue.record("wrong error \(absolute)")
        continue
      }
    }
  }

  @Test func invalid_step_sizes() throws {
    for bad in [0, -0.1, Double.nan, .infinity] {
      let (fixed, message) = try odeError {
        _ = try oneDimensional.solve(FixedStepSolver(Euler(), dt: bad))
      }
      guard case .invalidStepSize(name: "dt", _) = fixed else {
        Issue.record("wrong error \(fixed)")
        continue
      }
      #expect(message.contains("dt = \(bad)"))
      let (initial, initialMessage) = try odeError {
        _ = try oneDimensional.solve(
          GSLSolver(.rk2, relativeTolerance: 1e-6, absoluteTolerance: 1e-6, initialStep: bad))
      }
      guard case .invalidStepSize(name: "initialStep", _) = initial else {
        Issue.record("wrong error \(initial)")
        continue
      }
      #expect(initialMessage.contains("initialStep = \(bad)"))
    }
  }

  @Test func invalid_max_steps() throws {
    let (fixed, message) = try odeError {
      _ = try oneDimensional.solve(FixedStepSolver(Euler(), dt: 0.1, maxSteps: 0))
    }
    #expect(fixed == .invalidMaxSteps(0))
    #expect(message.contains("maxSteps = 0"))
    let (adaptive, _) = try odeError {
      _ = try oneDimensional.solve(
        GSLSolver(.rk2, relativeTolerance: 1e-6, absoluteTolerance: 1e-6, maxSteps: -3))
    }
    #expect(adaptive == .invalidMaxSteps(-3))
  }

  @Test func fixed_step_grid_larger_than_max_steps() throws {
    let (error, message) = try odeError {
      _ = try oneDimensional.solve(FixedStepSolver(Euler(), dt: 1e-3, maxSteps: 10))
    }
    #expect(error == .fixedStepCountExceedsMaxSteps(required: 1000, maxSteps: 10, dt: 1e-3))
    #expect(message.contains("needs 1000 steps") && message.contains("maxSteps = 10"))
  }

  // MARK: - Numerical failures

  /// A right-hand side that returns NaN once t > 0.5: every solver reports an evaluation time
  /// past 0.5 (within one step) and the last finite state, which is the exact y(t) = 1 + t at a
  /// time ≤ 0.5 (to 1e-9).
  @Test func non_finite_right_hand_side() throws {
    let problem = try ODEProblem(dimension: 1, t0: 0, t1: 1, y0: [1]) { t, _, dydt in
      dydt[0] = t > 0.5 ? .nan : 1
    }
    for solver in Self.solvers {
      let (error, message) = try odeError { _ = try problem.solve(solver) }
      guard case .nonFiniteRightHandSide(let t, let lastT, let lastY) = error else {
        Issue.record("\(solver): wrong error \(error)")
        continue
      }
      #expect(t > 0.5 && t <= 1, "\(solver): t = \(t)")
      #expect(lastT <= 0.5 && lastT < t)
      #expect(lastY.count == 1 && abs(lastY[0] - (1 + lastT)) <= 1e-9)
      #expect(message.contains("at t = \(t)") && message.contains("y(\(lastT))"))
    }
    // Euler with dt = 0.1: the first evaluation past 0.5 is at the start of the step from 0.6,
    // so the last finite state is y(0.6) = 1.6 (to 1e-12).
    let fixed = try odeError {
      _ = try problem.solve(FixedStepSolver(Euler(), dt: 0.1), saveAt: .everyStep)
    }.0
    guard case .nonFiniteRightHandSide(let t, let lastT, let lastY) = fixed else {
      Issue.record("wrong error \(fixed)")
      return
    }
    #expect(abs(t - 0.6) <= 1e-12 && lastT == t && abs(lastY[0] - 1.6) <= 1e-12)
  }

  /// Non-finite values already at t0 are reported with y0 as the last finite state.
  @Test func non_finite_right_hand_side_at_start() throws {
    let problem = try ODEProblem(dimension: 2, t0: 0, t1: 1, y0: [1, 2]) { _, _, dydt in
      dydt[0] = 0
      dydt[1] = .infinity
    }
    for solver in Self.solvers {
      let (error, _) = try odeError { _ = try problem.solve(solver) }
      #expect(error == .nonFiniteRightHandSide(t: 0, lastFiniteTime: 0, lastFiniteState: [1, 2]))
    }
  }

  /// A Jacobian that returns NaN: the implicit methods report it with t and the last finite state.
  @Test func non_finite_jacobian() throws {
    let jacobian = ODEJacobian(dimension: 1) { _, _, dfdy, dfdt in
      dfdy[0] = .nan
      dfdt[0] = 0
    }
    let problem = try ODEProblem(dimension: 1, t0: 0, t1: 1, y0: [1], jacobian: jacobian) {
      _, y, dydt in dydt[0] = -y[0]
    }
    for method in [GSLMethod.msbdf, .bsimp, .rk1imp, .rk2imp, .rk4imp] {
      let (error, message) = try odeError {
        _ = try problem.solve(GSLSolver(method, relativeTolerance: 1e-6, absoluteTolerance: 1e-6))
      }
      guard case .nonFiniteJacobian(let t, let lastT, let lastY) = error else {
        Issue.record("\(method): wrong error \(error)")
        continue
      }
      #expect(t >= 0 && lastT == 0 && lastY == [1], "\(method)")
      #expect(message.contains("Jacobian returned a non-finite value"))
    }
  }

  /// A finite right-hand side whose Euler step overflows: y' = 1e308 with dt = 10 makes y = ∞
  /// after the first step; the error names the step's end and the finite state before it.
  @Test func non_finite_state_from_overflow() throws {
    let problem = try ODEProblem(dimension: 1, t0: 0, t1: 100, y0: [0]) { _, _, dydt in
      dydt[0] = 1e308
    }
    let (error, message) = try odeError {
      _ = try problem.solve(FixedStepSolver(Euler(), dt: 10))
    }
    #expect(error == .nonFiniteState(t: 10, lastFiniteTime: 0, lastFiniteState: [0]))
    #expect(message.contains("t = 10.0") && message.contains("reduce dt"))
  }

  /// y' = y², y(0) = 1 blows up at t = 1: adaptive solvers stop with a step-size underflow at a
  /// time within 1e-5 of 1 where |y| > 1e5, reporting it (never crashing or returning success).
  @Test func step_size_underflow() throws {
    let problem = try ODEProblem(dimension: 1, t0: 0, t1: 2, y0: [1]) { _, y, dydt in
      dydt[0] = y[0] * y[0]
    }
    for method in [GSLMethod.rkf45, .rk8pd, .msbdf] {
      let (error, message) = try odeError {
        _ = try problem.solve(
          GSLSolver(method, relativeTolerance: 1e-8, absoluteTolerance: 1e-8, maxSteps: 1_000_000))
      }
      guard case .stepSizeUnderflow(let t, _, let state, _) = error else {
        Issue.record("\(method): wrong error \(error)")
        continue
      }
      #expect(abs(t - 1) <= 1e-5, "\(method): t = \(t)")
      #expect(state[0] > 1e5)
      #expect(message.contains("step size underflow at t = \(t)"))
    }
  }

  /// Lorenz with rk8pd at 1e-10 and maxSteps = 10: stops after 10 steps at t < t1 = 10,
  /// reporting the t reached and the state there.
  @Test func max_steps_exceeded() throws {
    let problem = try TestProblems.lorenz(t1: 10)
    let (error, message) = try odeError {
      _ = try problem.solve(
        GSLSolver(.rk8pd, relativeTolerance: 1e-10, absoluteTolerance: 1e-10, maxSteps: 10))
    }
    guard case .maxStepsExceeded(let maxSteps, let t, let t1, let state) = error else {
      Issue.record("wrong error \(error)")
      return
    }
    #expect(maxSteps == 10 && t > 0 && t < 10 && t1 == 10 && state.count == 3)
    #expect(message.contains("maxSteps = 10") && message.contains("at t = \(t)"))
  }
}
