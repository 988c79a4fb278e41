import Foundation
import Testing

@testable import DiffEq

/// The `ODEFunction` fast path of `FixedStepSolver`: the same method and grid as the closure API,
/// so its results must equal the closure API's exactly (`==` is exact by construction: the same
/// floating-point operations in the same order), on both the register loop (dimension ≤ 4) and
/// the buffer loop (dimension > 4).
@Suite struct ODEFunctionTests {
  /// `y'ᵢ = y_{i+1 mod n} · cos t − 0.1·i·yᵢ` for any `n` (time-dependent, coupled).
  struct Coupled: ODEFunction {
    let n: Int
    func callAsFunction(
      _ t: Double, _ y: UnsafeBufferPointer<Double>, _ dydt: UnsafeMutableBufferPointer<Double>
    ) {
      for i in 0..<n { dydt[i] = y[(i + 1) % n] * cos(t) - 0.1 * Double(i) * y[i] }
    }
  }

  /// A consistent `s`-stage tableau with every `aᵢⱼ`, `bᵢ` nonzero (`cᵢ = i/s`, `aᵢⱼ = cᵢ/i`,
  /// `bᵢ = 1/s`): exercises every unrolled stage count of the register path (`s ≤ 8`) and the
  /// buffer loop beyond it.
  struct Dense: ExplicitRungeKuttaMethod {
    let tableau: ButcherTableau
    init(stages s: Int) throws {
      let c = (0..<s).map { Double($0) / Double(s) }
      tableau = try ButcherTableau(
        name: "dense\(s)", order: 1,
        a: (0..<s).map { i in (0..<i).map { _ in c[i] / Double(i) } },
        b: Array(repeating: 1 / Double(s), count: s), c: c)
    }
  }

  /// `y' = y·cos t`, exact solution `y0·exp(sin t)`.
  struct Growth: ODEFunction {
    func callAsFunction(
      _ t: Double, _ y: UnsafeBufferPointer<Double>, _ dydt: UnsafeMutableBufferPointer<Double>
    ) {
      dydt[0] = y[0] * cos(t)
    }
  }

  func closureProblem<F: ODEFunction>(_ f: F, t0: Double, t1: Double, y0: [Double]) throws
    -> ODEProblem
  {
    try ODEProblem(dimension: y0.count, t0: t0, t1: t1, y0: y0) { t, y, dydt in f(t, y, dydt) }
  }

  func checkSame<F: ODEFunction, M: ExplicitRungeKuttaMethod>(
    _ f: F, _ method: M, dt: Double, t0: Double, t1: Double, y0: [Double], saveAt: ODESaveAt
  ) throws {
    let solver = FixedStepSolver(method, dt: dt)
    let fast = try solver.solve(f, t0: t0, t1: t1, y0: y0, saveAt: saveAt)
    let slow = try closureProblem(f, t0: t0, t1: t1, y0: y0).solve(solver, saveAt: saveAt)
    #expect(fast.t == slow.t, "\(method.tableau.name) n = \(y0.count): times differ")
    #expect(fast.values == slow.values, "\(method.tableau.name) n = \(y0.count): states differ")
    #expect(fast.statistics == slow.statistics)
  }

  /// Every built-in method, forward and backward, with save times and every step: identical.
  @Test func fast_path_equals_closure_api_exactly() throws {
    let ts = [0.25, 0.5, 0.73, 1.0]
    for saveAt in [ODESaveAt.end, .times(ts), .everyStep] {
      try checkSame(Lorenz(), RungeKutta4(), dt: 1e-3, t0: 0, t1: 1, y0: [1, 1, 1], saveAt: saveAt)
      try checkSame(Lorenz(), Euler(), dt: 1e-3, t0: 0, t1: 1, y0: [1, 1, 1], saveAt: saveAt)
      try checkSame(Lorenz(), Midpoint(), dt: 1e-3, t0: 0, t1: 1, y0: [1, 1, 1], saveAt: saveAt)
      try checkSame(Lorenz(), Heun(), dt: 1e-3, t0: 0, t1: 1, y0: [1, 1, 1], saveAt: saveAt)
      for n in [1, 2, 4, 5, 7] {  // register loop for n ≤ 4, buffer loop above
        let y0 = (0..<n).map { 1 + 0.5 * Double($0) }
        try checkSame(Coupled(n: n), RungeKutta4(), dt: 0.01, t0: 0, t1: 1, y0: y0, saveAt: saveAt)
      }
    }
    try checkSame(Coupled(n: 3), RungeKutta4(), dt: 0.01, t0: 1, t1: -1, y0: [1, 2, 3], saveAt: .times([0.5, 0, -1]))
    for s in 1...9 {
      try checkSame(Coupled(n: 3), try Dense(stages: s), dt: 0.01, t0: 0, t1: 1, y0: [1, 2, 3], saveAt: .times(ts))
    }
  }

  /// `y' = y·cos t` on [0, 2] with RK4 through the fast path: error ≤ 1e-9 at dt = 0.01 against
  /// `exp(sin 2)`, and the observed order log2(e(dt)/e(dt/2)) at dt = 0.1 is within ±0.1 of 4.
  @Test func rk4_fast_path_analytic_and_order() throws {
    let exact = exp(sin(2.0))
    func error(_ dt: Double) throws -> Double {
      let y = try FixedStepSolver(RungeKutta4(), dt: dt).solve(Growth(), t0: 0, t1: 2, y0: [1])
      return abs(y.finalState[0] - exact)
    }
    #expect(try error(0.01) <= 1e-9)
    let order = log2(try error(0.1) / error(0.05))
    #expect(abs(order - 4) <= 0.1, "observed order \(order)")
  }

  /// Bad input and a non-finite right-hand side throw the same typed errors as the closure API.
  @Test func errors_are_thrown() throws {
    let solver = FixedStepSolver(RungeKutta4(), dt: 0.1)
    #expect(throws: ODEError.emptyState(dimension: 0)) {
      _ = try solver.solve(Growth(), t0: 0, t1: 1, y0: [])
    }
    #expect(throws: ODEError.zeroLengthSpan(t: 1)) {
      _ = try solver.solve(Growth(), t0: 1, t1: 1, y0: [1])
    }
    #expect(throws: ODEError.nonFiniteInitialState(index: 1, value: .infinity)) {
      _ = try solver.solve(Lorenz(), t0: 0, t1: 1, y0: [1, .infinity, 1])
    }
    #expect(throws: ODEError.invalidStepSize(name: "dt", value: -1)) {
      _ = try FixedStepSolver(RungeKutta4(), dt: -1).solve(Growth(), t0: 0, t1: 1, y0: [1])
    }
    struct BlowsUp: ODEFunction {
      func callAsFunction(
        _ t: Double, _ y: UnsafeBufferPointer<Double>, _ dydt: UnsafeMutableBufferPointer<Double>
      ) {
        dydt[0] = t > 0.5 ? .nan : 1
      }
    }
    // Euler, dt = 0.1: the first NaN is f at t = 0.6, the last finite state y(0.6) = 1.6 (1e-12).
    do {
      _ = try FixedStepSolver(Euler(), dt: 0.1).solve(BlowsUp(), t0: 0, t1: 1, y0: [1])
      Issue.record("no error thrown")
    } catch let error as ODEError {
      guard case .nonFiniteRightHandSide(let t, let lastT, let lastY) = error else {
        Issue.record("wrong error \(error)")
        return
      }
      #expect(abs(t - 0.6) <= 1e-12 && lastT == t && abs(lastY[0] - 1.6) <= 1e-12)
    }
  }
}
