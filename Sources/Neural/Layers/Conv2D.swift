/// A 2-D convolution layer, stride 1, k×k kernels: `y = f(conv2d(x, W) + b)` on NHWC batches.
///
/// Shapes: input `[N, H, W, inChannels]`, output `[N, Ho, Wo, filters]` with `Ho = H` (`.same`)
/// or `H − k + 1` (`.valid`); `weight` is HWIO `[k, k, inChannels, filters]`, `bias` `[filters]`.
/// Weights are Glorot-uniform with `fanIn = k²·inChannels`, `fanOut = k²·filters` (Keras), biases
/// zero. Forward: im2col + one GEMM (bias added by the kernel) and the activation in place;
/// backward: f′, then bias, weight and (when the input is recorded) input gradients, one GEMM each.
///
/// - Complexity: `2·N·Ho·Wo·k²·inChannels·filters` flops forward.
public final class Conv2D: Layer {
  /// `W`, shape `[k, k, inChannels, filters]`.
  public let weight: Parameter
  /// `b`, shape `[filters]`.
  public let bias: Parameter
  /// The input channels.
  public let inChannels: Int
  /// The output channels.
  public let filters: Int
  /// The kernel side k.
  public let kernelSize: Int
  /// `.same` or `.valid`.
  public let padding: Padding
  /// `f`.
  public let activation: Activation

  /// Creates the layer with Glorot-uniform weights drawn from `seed` and zero biases.
  ///
  /// - Parameters:
  ///   - inChannels: ≥ 1.
  ///   - filters: output channels, ≥ 1.
  ///   - kernelSize: k ≥ 1; default 3.
  ///   - padding: default `.same`.
  ///   - activation: default `.identity`.
  ///   - seed: the initialisation seed.
  /// - Throws: ``NeuralError/invalidArgument(operation:reason:)`` when a size is below 1.
  public init(
    inChannels: Int, filters: Int, kernelSize: Int = 3, padding: Padding = .same,
    activation: Activation = .identity, seed: UInt64
  ) throws {
    (weight, bias) = try _ConvolutionLayer<Conv2DKernel>.parameters(
      inChannels: inChannels, filters: filters, kernelSize: kernelSize, seed: seed)
    self.inChannels = inChannels
    self.filters = filters
    self.kernelSize = kernelSize
    self.padding = padding
    self.activation = activation
  }

  /// `f(conv2d(x, W) + b)`.
  ///
  /// - Throws: ``NeuralError/shapeMismatch(operation:expected:actual:)`` unless the input is
  ///   `[N, H, W, inChannels]` (with H, W ≥ k for `.valid`).
  public func callAsFunction(_ x: Tensor) throws -> Tensor {
    try _apply(x)
  }

  /// `weight` and `bias`.
  public var namedParameters: [(name: String, parameter: Parameter)] {
    [("weight", weight), ("bias", bias)]
  }
}

extension Conv2D: _ConvolutionLayerType {
  typealias Kernel = Conv2DKernel
}
