import Foundation
import Neural

// Forward-mode (tangent) evaluation of the drift, for propagating covariances along the learned
// flow. Never recorded: the propagated-covariance targets treat the drift as frozen.

extension NeuralSDEModel {
  /// The drift and its directional derivatives: `μ(x)` and `J(x)·vₖ` for `K` tangent vectors.
  ///
  /// - Parameters:
  ///   - x: states `[batch, D]`.
  ///   - v: tangents `[batch, K, D]` (`v[b, k, :]` is the `k`-th vector at state `b`).
  /// - Returns: `μ(x)` `[batch, D]` and `J(x)·v` `[batch, K, D]`, `J = ∂μ/∂z`.
  /// - Complexity: about `1 + K` network evaluations (one GEMM per layer for all tangents).
  func driftTangent(_ x: Tensor, _ v: Tensor) throws -> (Tensor, Tensor) {
    try Tape.withoutRecording {
      var h = x
      var u = v
      for layer in driftLayers {
        let y = try layer(h)
        var uy = try matmul(u, layer.weight.value)
        if layer.activation != .identity {
          let slope = try _activationSlope(layer.activation, y).reshaped(to: [y.shape[0], 1, y.shape[1]])
          uy = uy * slope
        }
        h = y
        u = uy
      }
      guard configuration.isStructured else { return (h, u) }
      let d = configuration.observedDimension
      let D = configuration.stateDimension
      let mu = try Tensor.concatenate([x.sliced(alongAxis: 1, range: d..<D), h], alongAxis: 1)
      let ju = try Tensor.concatenate([v.sliced(alongAxis: 2, range: d..<D), u], alongAxis: 2)
      return (mu, ju)
    }
  }
}

/// `f′` expressed through the activation's output `y` (see ``Neural/Activation``), a new tensor.
func _activationSlope(_ f: Activation, _ y: Tensor) throws -> Tensor {
  var out = Tensor(zerosLike: y)
  y.withUnsafeBufferPointer { src in
    out.withUnsafeMutableBufferPointer { dst in
      let n = src.count
      switch f {
      case .identity: for i in 0..<n { dst[i] = 1 }
      case .tanh: for i in 0..<n { dst[i] = 1 - src[i] * src[i] }
      case .relu: for i in 0..<n { dst[i] = src[i] > 0 ? 1 : 0 }
      case .sigmoid: for i in 0..<n { dst[i] = src[i] * (1 - src[i]) }
      case .softplus: for i in 0..<n { dst[i] = -Foundation.expm1(-src[i]) }
      }
    }
  }
  return out
}
