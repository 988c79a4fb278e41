import Foundation
import Neural

/// A frozen copy of a chain of dense layers in `Double`, evaluated one state at a time with no
/// allocation (the caller passes scratch memory): the form a simulator's vector field needs.
struct _DenseStack: Sendable {
  struct Layer: Sendable {
    let inputSize: Int
    let outputSize: Int
    /// `[inputSize, outputSize]` row-major, as ``Neural/Dense/weight``.
    let weight: [Double]
    let bias: [Double]
    let activation: Activation
  }
  let layers: [Layer]
  /// The widest layer output (scratch needs `2 · maxWidth` values).
  let maxWidth: Int

  init(_ dense: [Dense]) {
    layers = dense.map { l in
      Layer(
        inputSize: l.inputSize, outputSize: l.outputSize,
        weight: l.weight.value.scalars.map(Double.init), bias: l.bias.value.scalars.map(Double.init),
        activation: l.activation)
    }
    maxWidth = dense.map(\.outputSize).max() ?? 1
  }

  /// `out = network(x)`; `scratch` holds at least `2·maxWidth` values.
  @inline(__always)
  func evaluate(
    _ x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>,
    scratch: UnsafeMutablePointer<Double>
  ) {
    var input = UnsafePointer(x)
    var buffer = scratch
    for (i, layer) in layers.enumerated() {
      let target = i == layers.count - 1 ? out : buffer
      layer.weight.withUnsafeBufferPointer { w in
        for o in 0..<layer.outputSize {
          var acc = layer.bias[o]
          for k in 0..<layer.inputSize { acc += input[k] * w[k * layer.outputSize + o] }
          switch layer.activation {
          case .identity: break
          case .tanh: acc = Foundation.tanh(acc)
          case .relu: acc = max(acc, 0)
          case .sigmoid: acc = 1 / (1 + Foundation.exp(-acc))
          case .softplus: acc = max(acc, 0) + Foundation.log1p(Foundation.exp(-abs(acc)))
          }
          target[o] = acc
        }
      }
      input = UnsafePointer(target)
      buffer = buffer == scratch ? scratch + maxWidth : scratch
    }
  }
}
