import Foundation

// Elementwise functions. Each states y = f(x) and its derivative; all are O(count), one pass forward
// and one backward, and keep the input's shape.

/// Applies `f` elementwise and records `dx = backward(ḡ, x, y)` (computed in ḡ's buffer if free).
@inline(__always)
private func _unary(
  _ x: Tensor, _ f: (Float) -> Float,
  _ derivative: @escaping (
    _ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>,
    _ dx: UnsafeMutablePointer<Float>, _ n: Int
  ) -> Void
) -> Tensor {
  let out = Tensor(uninitializedShape: x.shape)
  let n = x.count
  _map(x.pointer, out.pointer, n, f)
  guard let tape = _CurrentTape.tape, let nx = tape.node(of: x) else { return out }
  let xv = x.detached
  let y = out
  return tape.recorded(out) { g, tape in
    let dx = g.reusableBuffer()
    derivative(g.pointer, xv.pointer, y.pointer, dx.pointer, n)
    tape.accumulate(dx, into: nx)
  }
}

/// Natural exponential, `y = eˣ`; `dy/dx = y`.
public func exp(_ x: Tensor) -> Tensor {
  _unary(x, { Foundation.exp($0) }) { g, _, y, dx, n in _zip(g, y, dx, n, *) }
}

/// Natural logarithm, `y = ln x` (NaN for x < 0, −∞ at 0); `dy/dx = 1/x`.
public func log(_ x: Tensor) -> Tensor {
  _unary(x, { Foundation.log($0) }) { g, x, _, dx, n in _zip(g, x, dx, n, /) }
}

/// Hyperbolic tangent, `y = tanh x`; `dy/dx = 1 − y²`.
public func tanh(_ x: Tensor) -> Tensor {
  _unary(x, { Foundation.tanh($0) }) { g, _, y, dx, n in _zip(g, y, dx, n) { $0 * (1 - $1 * $1) } }
}

/// Logistic sigmoid, `y = 1/(1 + e⁻ˣ)` (saturates to exactly 0 or 1, never NaN);
/// `dy/dx = y(1 − y)`.
public func sigmoid(_ x: Tensor) -> Tensor {
  _unary(x, { 1 / (1 + Foundation.exp(-$0)) }) { g, _, y, dx, n in
    _zip(g, y, dx, n) { $0 * $1 * (1 - $1) }
  }
}

/// Rectified linear unit, `y = max(x, 0)`; `dy/dx = 1` for x > 0, else 0.
public func relu(_ x: Tensor) -> Tensor {
  _unary(x, { $0 > 0 ? $0 : 0 }) { g, x, _, dx, n in _zip(g, x, dx, n) { $1 > 0 ? $0 : 0 } }
}

/// Softplus, `y = ln(1 + eˣ)`, computed stably as `max(x, 0) + ln(1 + e^{−|x|})`;
/// `dy/dx = sigmoid(x)`.
public func softplus(_ x: Tensor) -> Tensor {
  _unary(x, { max($0, 0) + Foundation.log1p(Foundation.exp(-abs($0))) }) { g, x, _, dx, n in
    _zip(g, x, dx, n) { $0 / (1 + Foundation.exp(-$1)) }
  }
}

/// Square root, `y = √x` (NaN for x < 0); `dy/dx = 1/(2y)` (infinite at 0).
public func sqrt(_ x: Tensor) -> Tensor {
  _unary(x, { $0.squareRoot() }) { g, _, y, dx, n in _zip(g, y, dx, n) { 0.5 * $0 / $1 } }
}

/// Square, `y = x²`; `dy/dx = 2x`.
public func square(_ x: Tensor) -> Tensor {
  _unary(x, { $0 * $0 }) { g, x, _, dx, n in _zip(g, x, dx, n) { 2 * $0 * $1 } }
}

/// Absolute value, `y = |x|`; `dy/dx = sign(x)` (0 at 0).
public func abs(_ x: Tensor) -> Tensor {
  _unary(x, { Swift.abs($0) }) { g, x, _, dx, n in
    _zip(g, x, dx, n) { $1 > 0 ? $0 : ($1 < 0 ? -$0 : 0) }
  }
}
