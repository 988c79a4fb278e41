/// A 2-D transposed convolution layer, stride 1, k×k kernels (Keras `Conv2DTranspose`):
/// `y = f(conv2dTranspose(x, W) + b)` on NHWC batches.
///
/// Shapes: input `[N, H, W, inChannels]`, output `[N, Ho, Wo, filters]` with `Ho = H + k − 1`
/// (`.valid`) or `H` (`.same`); `weight` is `[k, k, filters, inChannels]` (Keras' layout), `bias`
/// `[filters]`. Glorot-uniform weights (`fanIn + fanOut = k²·(inChannels + filters)`), zero biases.
/// Forward: one GEMM and a col2im scatter (bias first), activation in place; backward: f′, then
/// bias, weight and (when recorded) input gradients.
///
/// - Complexity: `2·N·H·W·k²·inChannels·filters` flops forward.
public final class Conv2DTranspose: Layer {
  /// `W`, shape `[k, k, filters, inChannels]`.
  public let weight: Parameter
  /// `b`, shape `[filters]`.
  public let bias: Parameter
  /// The input channels.
  public let inChannels: Int
  /// The output channels.
  public let filters: Int
  /// The kernel side k.
  public let kernelSize: Int
  /// `.valid` (grows by k − 1) or `.same`.
  public let padding: Padding
  /// `f`.
  public let activation: Activation

  /// Creates the layer with Glorot-uniform weights drawn from `seed` and zero biases.
  ///
  /// - Parameters:
  ///   - inChannels: ≥ 1.
  ///   - filters: output channels, ≥ 1.
  ///   - kernelSize: k ≥ 1; default 3.
  ///   - padding: default `.valid`.
  ///   - activation: default `.identity`.
  ///   - seed: the initialisation seed.
  /// - Throws: ``NeuralError/invalidArgument(operation:reason:)`` when a size is below 1.
  public init(
    inChannels: Int, filters: Int, kernelSize: Int = 3, padding: Padding = .valid,
    activation: Activation = .identity, seed: UInt64
  ) throws {
    (weight, bias) = try _ConvolutionLayer<Conv2DTransposeKernel>.parameters(
      inChannels: inChannels, filters: filters, kernelSize: kernelSize, seed: seed)
    self.inChannels = inChannels
    self.filters = filters
    self.kernelSize = kernelSize
    self.padding = padding
    self.activation = activation
  }

  /// `f(conv2dTranspose(x, W) + b)`.
  ///
  /// - Throws: ``NeuralError/shapeMismatch(operation:expected:actual:)`` unless the input is
  ///   `[N, H, W, inChannels]`.
  public func callAsFunction(_ x: Tensor) throws -> Tensor {
    try _apply(x)
  }

  /// `weight` and `bias`.
  public var namedParameters: [(name: String, parameter: Parameter)] {
    [("weight", weight), ("bias", bias)]
  }
}

extension Conv2DTranspose: _ConvolutionLayerType {
  typealias Kernel = Conv2DTransposeKernel
}
