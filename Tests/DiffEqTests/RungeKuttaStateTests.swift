import Testing

@testable import DiffEq

/// A value-semantic state with no buffers: the protocol's two primitives on `SIMD4<Double>`, and
/// the default (unfused) linear combination.
private struct ValueState: RungeKuttaState {
  var v: SIMD4<Double>
  mutating func assign(_ other: ValueState) { self = other }
  mutating func addScaled(_ a: Double, _ x: ValueState) { v += a * x.v }
}

/// An array-backed value state (a stand-in for a tensor: `+=` builds a new value).
private struct ArrayState: RungeKuttaState {
  var v: [Double]
  mutating func assign(_ other: ArrayState) { v = other.v }
  mutating func addScaled(_ a: Double, _ x: ArrayState) {
    v = zip(v, x.v).map { $0 + a * $1 }
  }
}

@Suite struct RungeKuttaStateTests {
  /// The generic stepper on value states gives bit-for-bit the buffer path's RK4 Lorenz solution
  /// (3,000 steps of 1e-3 with save times): both form every sum in the same order, so equality is
  /// exact by construction.
  @Test func value_states_match_the_buffer_path_exactly() throws {
    let saves = [0.5, 1.2345, 3.0]
    let problem = try TestProblems.lorenz(t1: 3)
    let buffer = try problem.solve(FixedStepSolver(RungeKutta4(), dt: 1e-3), saveAt: .times(saves))

    let schedule = FixedStepSchedule(t0: 0, t1: 3, dt: 1e-3, saveTimes: saves)
    func lorenz(_ y: SIMD4<Double>) -> SIMD4<Double> {
      let sigma = 10.0, rho = 28.0, beta = 8.0 / 3.0
      return [sigma * (y[1] - y[0]), y[0] * (rho - y[2]) - y[1], y[0] * y[1] - beta * y[2], 0]
    }

    let simd = ExplicitRungeKutta<ValueState>(tableau: RungeKutta4.tableau) { ValueState(v: .zero) }
    var y = ValueState(v: [1, 1, 1, 0])
    var scratch = y
    var simdSaves: [[Double]] = []
    simd.integrate(
      { _, y, dydt in dydt.v = lorenz(y.v) }, schedule: schedule, y: &y, scratch: &scratch
    ) { _, _, y, _, index in
      if index != nil { simdSaves.append([y.v[0], y.v[1], y.v[2]]) }
    }

    let array = ExplicitRungeKutta<ArrayState>(tableau: RungeKutta4.tableau) { ArrayState(v: []) }
    var a = ArrayState(v: [1, 1, 1])
    var aScratch = a
    var arraySaves: [[Double]] = []
    array.integrate(
      { _, y, dydt in
        let d = lorenz([y.v[0], y.v[1], y.v[2], 0])
        dydt.v = [d[0], d[1], d[2]]
      }, schedule: schedule, y: &a, scratch: &aScratch
    ) { _, _, y, _, index in
      if index != nil { arraySaves.append(y.v) }
    }

    #expect(simdSaves.count == 3)
    for i in 0..<3 {
      #expect(simdSaves[i] == buffer.state(i))
      #expect(arraySaves[i] == buffer.state(i))
    }
  }

  /// One `step` on a value state: y' = y from y = 1 with h = 0.1 gives RK4's polynomial
  /// 1 + h + h²/2 + h³/6 + h⁴/24 (to 1e-16).
  @Test func single_step_is_the_rk4_polynomial() {
    let stepper = ExplicitRungeKutta<ValueState>(tableau: RungeKutta4.tableau) {
      ValueState(v: .zero)
    }
    let y = ValueState(v: [1, 0, 0, 0])
    var next = y
    stepper.step({ _, y, dydt in dydt = y }, t: 0, h: 0.1, from: y, to: &next)
    let h = 0.1
    let expected = 1 + h + h * h / 2 + h * h * h / 6 + h * h * h * h / 24
    #expect(abs(next.v[0] - expected) <= 1e-16)
  }
}
