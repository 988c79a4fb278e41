/// An in-place right-hand side `f(t, y, dydt)` as a type, so a solve can be specialised on it.
///
/// ``ODEProblem`` stores its right-hand side as a closure, which the solver calls through a
/// function pointer at every stage (an opaque call the optimiser cannot see into). A type
/// conforming to `ODEFunction` is instead a generic parameter of the solve
/// (``FixedStepSolver/solve(_:t0:t1:y0:saveAt:)``): the compiler specialises the whole fixed-step
/// loop for it and inlines `callAsFunction` into the Runge–Kutta stages. For dimensions `≤ 4` the
/// state is also held by value so each step stays in registers: small systems (Lorenz, pendulums,
/// rate equations) then run close to a hand-written C loop with the right-hand side pasted in
/// (measured 1.00× on Lorenz/RK4, against about 2.4× through a closure). The method, its
/// tableau and its step grid are the same as with a closure; results are bit-identical.
///
/// Write the conformance in the module that solves (or mark it `@inlinable`/`@frozen` in a
/// library) and keep the body small, free of allocation, and in place:
/// ```swift
/// struct Lorenz: ODEFunction {
///   var sigma = 10.0, rho = 28.0, beta = 8.0 / 3.0
///   func callAsFunction(
///     _ t: Double, _ y: UnsafeBufferPointer<Double>, _ dydt: UnsafeMutableBufferPointer<Double>
///   ) {
///     dydt[0] = sigma * (y[1] - y[0])
///     dydt[1] = y[0] * (rho - y[2]) - y[1]
///     dydt[2] = y[0] * y[1] - beta * y[2]
///   }
/// }
/// let solution = try FixedStepSolver(RungeKutta4(), dt: 1e-3)
///   .solve(Lorenz(), t0: 0, t1: 1000, y0: [1, 1, 1])
/// ```
/// Cost: one specialised copy of the fixed-step loop per (method, function type) pair in the
/// client's binary; nothing at run time.
public protocol ODEFunction {
  /// Writes `f(t, y)` into `dydt`.
  ///
  /// - Parameters:
  ///   - t: the time.
  ///   - y: the state, `dimension` values (read only).
  ///   - dydt: receives the `dimension` values of `y'(t)`; every entry must be written.
  func callAsFunction(
    _ t: Double, _ y: UnsafeBufferPointer<Double>, _ dydt: UnsafeMutableBufferPointer<Double>)
}
