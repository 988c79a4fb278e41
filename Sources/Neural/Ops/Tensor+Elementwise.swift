// Elementwise functions. Each states y = f(x) and its derivative; all are O(count), one pass forward
// and one backward, and keep the input's shape.

/// Applies `f` elementwise (SIMD8 blocks) and records `dx = derivative(ḡ, x, y)`, computed in
/// ḡ's buffer when the tape holds the only reference to it.
@inline(__always)
private func _unary(
  _ x: Tensor, _ f: (_V) -> _V,
  _ derivative: @escaping (_ g: _V, _ x: _V, _ y: _V) -> _V
) -> Tensor {
  let out = Tensor(uninitializedShape: x.shape)
  let n = x.count
  _vmap(x.pointer, out.pointer, n, f)
  guard let tape = _CurrentTape.tape, let nx = tape.node(of: x) else { return out }
  let xv = x.detached
  let y = out
  return tape.recorded(out) { g, tape in
    let dx = g.reusableBuffer()
    let gp = g.pointer
    let xp = xv.pointer
    let yp = y.pointer
    let dp = dx.pointer
    var i = 0
    while i &+ 8 <= n {
      let r = derivative(
        UnsafeRawPointer(gp + i).loadUnaligned(as: _V.self),
        UnsafeRawPointer(xp + i).loadUnaligned(as: _V.self),
        UnsafeRawPointer(yp + i).loadUnaligned(as: _V.self))
      UnsafeMutableRawPointer(dp + i).storeBytes(of: r, as: _V.self)
      i &+= 8
    }
    if i < n {
      var gv = _V(repeating: 0)
      var xw = _V(repeating: 1)
      var yw = _V(repeating: 1)
      for j in 0..<(n &- i) {
        gv[j] = gp[i &+ j]
        xw[j] = xp[i &+ j]
        yw[j] = yp[i &+ j]
      }
      let r = derivative(gv, xw, yw)
      for j in 0..<(n &- i) { dp[i &+ j] = r[j] }
    }
    tape.accumulate(dx, into: nx)
  }
}

/// Natural exponential, `y = eˣ` (vectorised, ≤ 2 ulp); `dy/dx = y`.
public func exp(_ x: Tensor) -> Tensor {
  _unary(x, _vexp) { g, _, y in g * y }
}

/// Natural logarithm, `y = ln x` (NaN for x < 0, −∞ at 0; ≤ 2 ulp); `dy/dx = 1/x`.
public func log(_ x: Tensor) -> Tensor {
  _unary(x, _vlog) { g, x, _ in g / x }
}

/// Hyperbolic tangent, `y = tanh x` (≤ 3 ulp); `dy/dx = 1 − y²`.
public func tanh(_ x: Tensor) -> Tensor {
  _unary(x, _vtanh) { g, _, y in g * (1 - y * y) }
}

/// Logistic sigmoid, `y = 1/(1 + e⁻ˣ)` (saturates to exactly 0 or 1, never NaN for finite x);
/// `dy/dx = y(1 − y)`.
public func sigmoid(_ x: Tensor) -> Tensor {
  _unary(x, { 1 / (1 + _vexp(-$0)) }) { g, _, y in g * y * (1 - y) }
}

/// Rectified linear unit, `y = max(x, 0)` (NaN stays NaN); `dy/dx = 1` for x > 0, else 0.
public func relu(_ x: Tensor) -> Tensor {
  _unary(x, { $0.replacing(with: 0, where: $0 .< 0) }) { g, x, _ in
    g.replacing(with: 0, where: .!(x .> 0))
  }
}

/// Softplus, `y = ln(1 + eˣ)`, computed stably as `max(x, 0) + ln(1 + e^{−|x|})`;
/// `dy/dx = sigmoid(x)`.
public func softplus(_ x: Tensor) -> Tensor {
  _unary(x, _vsoftplus) { g, x, _ in g / (1 + _vexp(-x)) }
}

/// Square root, `y = √x` (NaN for x < 0); `dy/dx = 1/(2y)` (infinite at 0).
public func sqrt(_ x: Tensor) -> Tensor {
  _unary(x, { $0.squareRoot() }) { g, _, y in 0.5 * g / y }
}

/// Square, `y = x²`; `dy/dx = 2x`.
public func square(_ x: Tensor) -> Tensor {
  _unary(x, { $0 * $0 }) { g, x, _ in 2 * g * x }
}

/// Absolute value, `y = |x|`; `dy/dx = sign(x)` (0 at 0).
public func abs(_ x: Tensor) -> Tensor {
  _unary(x, { $0.replacing(with: -$0, where: $0 .< 0) }) { g, x, _ in
    g.replacing(with: -g, where: x .< 0).replacing(with: 0, where: x .== 0)
  }
}

/// `max(x, 0) + ln(1 + e^{−|x|})`, the stable softplus.
@inline(__always)
func _vsoftplus(_ x: _V) -> _V {
  let a = x.replacing(with: -x, where: x .< 0)
  return x.replacing(with: 0, where: x .< 0) + _vlog1p(_vexp(-a))
}
