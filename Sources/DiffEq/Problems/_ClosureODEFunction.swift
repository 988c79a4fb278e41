/// The closure of an ``ODEProblem`` as an ``ODEFunction``: the closure API runs through the same
/// generic fixed-step loop as a user's `ODEFunction` type (one opaque call per stage).
@usableFromInline
struct _ClosureODEFunction: ODEFunction {
  @usableFromInline let f: ODEProblem.RightHandSide

  @inlinable init(_ f: @escaping ODEProblem.RightHandSide) { self.f = f }

  @inlinable @inline(__always)
  func callAsFunction(
    _ t: Double, _ y: UnsafeBufferPointer<Double>, _ dydt: UnsafeMutableBufferPointer<Double>
  ) {
    f(t, y, dydt)
  }
}
