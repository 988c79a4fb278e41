/// The state of a fixed-step solve of dimension `≤ 4`, held by value in four scalar fields so the
/// generic stepper's register path (`ExplicitRungeKutta._stepInRegisters`) keeps it in registers.
///
/// Fields `dimension ..< 4` stay `0` (the right-hand side wrapper zeroes them), so they never hold
/// NaN or subnormal values. Arithmetic is per component (`x + a·k`), so each component is rounded
/// exactly as the buffer path rounds it.
@usableFromInline
struct _SmallState: RungeKuttaState {
  @usableFromInline var x: (Double, Double, Double, Double)

  @inlinable init() { x = (0, 0, 0, 0) }

  @inlinable mutating func assign(_ other: _SmallState) { x = other.x }

  @inlinable mutating func addScaled(_ a: Double, _ k: _SmallState) {
    x = (x.0 + a * k.x.0, x.1 + a * k.x.1, x.2 + a * k.x.2, x.3 + a * k.x.3)
  }

  /// Component `j` (`0 ..< 4`).
  @inlinable subscript(j: Int) -> Double {
    get {
      switch j {
      case 0: x.0
      case 1: x.1
      case 2: x.2
      default: x.3
      }
    }
    set {
      switch j {
      case 0: x.0 = newValue
      case 1: x.1 = newValue
      case 2: x.2 = newValue
      default: x.3 = newValue
      }
    }
  }

  /// `true` when every component is finite.
  @inlinable var isFinite: Bool {
    x.0.isFinite && x.1.isFinite && x.2.isFinite && x.3.isFinite
  }

  /// Calls `f(t, y, dydt)` through `Double` buffers of length `n` on the stack.
  @inlinable @inline(__always)
  static func evaluate<F: ODEFunction>(
    _ f: F, _ t: Double, _ y: _SmallState, _ dydt: inout _SmallState, _ n: Int
  ) {
    var input = y.x
    var output: (Double, Double, Double, Double) = (0, 0, 0, 0)
    withUnsafeMutablePointer(to: &input) { yp in
      yp.withMemoryRebound(to: Double.self, capacity: 4) { yd in
        withUnsafeMutablePointer(to: &output) { kp in
          kp.withMemoryRebound(to: Double.self, capacity: 4) { kd in
            f(t, UnsafeBufferPointer(start: yd, count: n), UnsafeMutableBufferPointer(start: kd, count: n))
          }
        }
      }
    }
    dydt.x = output
  }
}
