// What Conv2D and Conv2DTranspose share: parameter creation, the input check and the forward
// call, for either direction (`K`), and the fused convolution + ReLU + max-pooling that
// `Sequential` uses.

/// A convolution layer whose ReLU output can be max-pooled in the same tape operation.
protocol _MaxPoolFusable {
  /// `maxPool2D(self(x))` as one operation, or `nil` when the layer cannot fuse (its activation is
  /// not ReLU).
  func _callAsFunctionThenMaxPool(_ x: Tensor) throws -> Tensor?
}

/// ``Conv2D`` or ``Conv2DTranspose``: the stored configuration the shared forward call reads.
protocol _ConvolutionLayerType: _MaxPoolFusable {
  associatedtype Kernel: _ConvolutionKernel
  var weight: Parameter { get }
  var bias: Parameter { get }
  var inChannels: Int { get }
  var filters: Int { get }
  var kernelSize: Int { get }
  var padding: Padding { get }
  var activation: Activation { get }
}

extension _ConvolutionLayerType {
  /// `f(conv(x, W) + b)`, followed by 2×2 max pooling in the same operation when `maxPool`
  /// (only with `f == .relu`).
  ///
  /// - Throws: ``NeuralError/shapeMismatch(operation:expected:actual:)`` unless the input is
  ///   `[N, H, W, inChannels]` (with the sizes the geometry needs).
  func _apply(_ x: Tensor, maxPool: Bool = false) throws -> Tensor {
    let name = _ConvolutionLayer<Kernel>.name(
      inChannels: inChannels, filters: filters, kernelSize: kernelSize)
    guard x.rank == 4, x.shape[3] == inChannels else {
      throw NeuralError.shapeMismatch(
        operation: name, expected: "[batch, height, width, \(inChannels)]", actual: x.shape)
    }
    return try Tensor._convolution(
      Kernel.self, x, weight.value, bias: bias.value, activation, padding, maxPool: maxPool,
      name: name)
  }

  func _callAsFunctionThenMaxPool(_ x: Tensor) throws -> Tensor? {
    activation == .relu ? try _apply(x, maxPool: true) : nil
  }
}

/// The shared parts of the two convolution layers.
enum _ConvolutionLayer<K: _ConvolutionKernel> {
  /// `"Conv2D(C→F, k×k)"` or `"Conv2DTranspose(C→F, k×k)"`, the name in error messages.
  static func name(inChannels: Int, filters: Int, kernelSize: Int) -> String {
    "\(K.isTransposed ? "Conv2DTranspose" : "Conv2D")(\(inChannels)→\(filters), \(kernelSize)×\(kernelSize))"
  }

  /// Glorot-uniform weights from `seed` (`[k, k, C, F]`, or `[k, k, F, C]` transposed; fans
  /// `k²·` the third and fourth axes) and a zero bias `[F]`.
  ///
  /// - Throws: ``NeuralError/invalidArgument(operation:reason:)`` when a size is below 1.
  static func parameters(inChannels: Int, filters: Int, kernelSize: Int, seed: UInt64) throws
    -> (weight: Parameter, bias: Parameter)
  {
    try _requirePositive(
      [("inChannels", inChannels), ("filters", filters), ("kernelSize", kernelSize)],
      in: K.isTransposed ? "Conv2DTranspose" : "Conv2D")
    let (a, b) = K.isTransposed ? (filters, inChannels) : (inChannels, filters)
    let area = kernelSize * kernelSize
    let weight = Parameter(
      _glorotUniform(
        shape: [kernelSize, kernelSize, a, b], fanIn: area * a, fanOut: area * b, seed: seed))
    let bias = Parameter(Tensor(shape: [filters], storage: _TensorStorage(zeros: filters)))
    return (weight, bias)
  }
}
