import Foundation

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
    case .relu: _biasMap(z, bias, y, rows, c) { $0 > 0 ? $0 : 0 }
    case .tanh: _biasMap(z, bias, y, rows, c) { Foundation.tanh($0) }
    case .sigmoid: _biasMap(z, bias, y, rows, c) { 1 / (1 + Foundation.exp(-$0)) }
    case .softplus:
      _biasMap(z, bias, y, rows, c) { max($0, 0) + Foundation.log1p(Foundation.exp(-Swift.abs($0))) }
    }
  }

  /// dz = ḡ ⊙ f′ (from y), `n` elements (`dz` may equal `g`).
  func backward(
    _ g: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ dz: UnsafeMutablePointer<Float>,
    _ n: Int
  ) {
    switch self {
    case .identity: if dz != g { dz.update(from: g, count: n) }
    case .relu: _zip(g, y, dz, n) { $1 > 0 ? $0 : 0 }
    case .tanh: _zip(g, y, dz, n) { $0 * (1 - $1 * $1) }
    case .sigmoid: _zip(g, y, dz, n) { $0 * $1 * (1 - $1) }
    case .softplus: _zip(g, y, dz, n) { -$0 * Foundation.expm1(-$1) }
    }
  }
}

/// y[r·c + j] = f(z[r·c + j] + b[j]) (no bias when `b` is nil).
@inline(__always)
private func _biasMap(
  _ z: UnsafePointer<Float>, _ b: UnsafePointer<Float>?, _ y: UnsafeMutablePointer<Float>,
  _ rows: Int, _ c: Int, _ f: (Float) -> Float
) {
  guard let b else {
    _map(z, y, rows &* c, f)
    return
  }
  if c == 1 {
    let b0 = b[0]
    _map(z, y, rows) { f($0 + b0) }
    return
  }
  for r in 0..<rows {
    let o = r &* c
    _zip(z + o, b, y + o, c) { f($0 + $1) }
  }
}
