import DiffEq
import Foundation
import Neural

/// A frozen copy of a chain of dense layers in `Double`, evaluated on DiffEq lane vectors
/// (`Double` for one path, `SIMD16<Double>` for sixteen) with caller-provided scratch memory, so
/// evaluation allocates nothing. Each lane performs exactly the operations of the `Double`
/// evaluation, so results are bit-identical across lane widths.
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
  func evaluate<L: LaneVector>(
    _ x: UnsafePointer<L>, into out: UnsafeMutablePointer<L>, scratch: UnsafeMutablePointer<L>
  ) {
    var input = x
    var buffer = scratch
    for (i, layer) in layers.enumerated() {
      let target = i == layers.count - 1 ? out : buffer
      layer.weight.withUnsafeBufferPointer { w in
        layer.bias.withUnsafeBufferPointer { b in
          let m = layer.outputSize
          for o in 0..<m { target[o] = L(repeating: b[o]) }
          for k in 0..<layer.inputSize {
            let xk = input[k]
            let row = k * m
            for o in 0..<m { target[o] = target[o].addingProduct(xk, L(repeating: w[row + o])) }
          }
          switch layer.activation {
          case .identity: break
          case .tanh: for o in 0..<m { target[o] = target[o].lanewise { Foundation.tanh($0) } }
          case .relu: for o in 0..<m { target[o] = target[o].lanewise { max($0, 0) } }
          case .sigmoid:
            for o in 0..<m { target[o] = target[o].lanewise { 1 / (1 + Foundation.exp(-$0)) } }
          case .softplus:
            for o in 0..<m {
              target[o] = target[o].lanewise { max($0, 0) + Foundation.log1p(Foundation.exp(-abs($0))) }
            }
          }
        }
      }
      input = UnsafePointer(target)
      buffer = buffer == scratch ? scratch + maxWidth : scratch
    }
  }
}
