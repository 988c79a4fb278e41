/// An elementwise activation function applied after a layer's affine map.
///
/// Each derivative is computed from the activation's output `y` alone, so layers fuse bias,
/// activation and their backward pass into one pass over the data and keep only `y`:
///
/// | case | y = f(x) | f′ from y |
/// |---|---|---|
/// | `identity` | x | 1 |
/// | `relu` | max(x, 0) | 1 if y > 0 else 0 |
/// | `tanh` | tanh x | 1 − y² |
/// | `sigmoid` | 1/(1 + e⁻ˣ) | y(1 − y) |
/// | `softplus` | ln(1 + eˣ) | 1 − e⁻ʸ |
public enum Activation: Sendable, Equatable, CaseIterable {
  case identity, relu, tanh, sigmoid, softplus

  /// Applies the activation as a recorded elementwise operation.
  public func callAsFunction(_ x: Tensor) -> Tensor {
    switch self {
    case .identity: return x
    case .relu: return Neural.relu(x)
    case .tanh: return Neural.tanh(x)
    case .sigmoid: return Neural.sigmoid(x)
    case .softplus: return Neural.softplus(x)
    }
  }

  /// y = f(z + b[c]) over rows of length `c`, in place allowed (`y` may equal `z`).
  func forward(
    _ z: UnsafePointer<Float>, bias: UnsafePointer<Float>?, _ y: UnsafeMutablePointer<Float>,
    rows: Int, columns c: Int
  ) {
    switch self {
    case .identity: _biasMap(z, bias, y, rows, c) { $0 }
    case .relu: _biasMap(z, bias, y, rows, c) { $0.replacing(with: 0, where: $0 .< 0) }
    case .tanh: _biasMap(z, bias, y, rows, c, _vtanh)
    case .sigmoid: _biasMap(z, bias, y, rows, c) { 1 / (1 + _vexp(-$0)) }
    case .softplus: _biasMap(z, bias, y, rows, c, _vsoftplus)
    }
  }

  /// y = f(y) in place over `n` elements (ReLU through the AVX-512 kernel).
  func applyInPlace(_ y: UnsafeMutablePointer<Float>, _ n: Int) {
    switch self {
    case .identity: return
    case .relu: ElementwiseKernels.reluForward(count: n, y, into: y)
    default: forward(y, bias: nil, y, rows: n, columns: 1)
    }
  }

  /// dz = ḡ ⊙ f′ (from y), `n` elements (`dz` may equal `g`).
  func backward(
    _ g: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ dz: UnsafeMutablePointer<Float>,
    _ n: Int
  ) {
    switch self {
    case .identity: if dz != g { dz.update(from: g, count: n) }
    case .relu:
      ElementwiseKernels.reluBackward(count: n, output: y, outputGradient: g, inputGradient: dz)
    case .tanh: _vzip(g, y, dz, n) { g, y in g * (1 - y * y) }
    case .sigmoid: _vzip(g, y, dz, n) { g, y in g * y * (1 - y) }
    case .softplus: _vzip(g, y, dz, n) { g, y in g * (1 - _vexp(-y)) }
    }
  }
}

/// y[r·c + j] = f(z[r·c + j] + b[j]) (no bias when `b` is nil), SIMD8 blocks.
@inline(__always)
private func _biasMap(
  _ z: UnsafePointer<Float>, _ b: UnsafePointer<Float>?, _ y: UnsafeMutablePointer<Float>,
  _ rows: Int, _ c: Int, _ f: (_V) -> _V
) {
  guard let b else {
    _vmap(z, y, rows &* c, f)
    return
  }
  if c == 1 {
    let b0 = b[0]
    _vmap(z, y, rows) { f($0 + b0) }
    return
  }
  if c % 8 == 0 {
    for r in 0..<rows {
      let o = r &* c
      _vzip(z + o, b, y + o, c) { f($0 + $1) }
    }
    return
  }
  // Odd channel counts: add the bias row by row, then apply f over the whole buffer.
  for r in 0..<rows {
    let o = r &* c
    _zip(z + o, b, y + o, c, +)
  }
  _vmap(y, y, rows &* c, f)
}
