/// Shapes of a stride-1, k × k, 2-D transposed convolution on an NHWC batch.
///
/// Layouts (row-major, contiguous), as Keras `Conv2DTranspose`:
/// - input  `[batch, height, width, inChannels]`
/// - weights `[kernelSize, kernelSize, outChannels, inChannels]` (note: outChannels before
///   inChannels — the HWIO kernel of the convolution this layer is the adjoint of)
/// - bias `[outChannels]`
/// - output `[batch, outputHeight, outputWidth, outChannels]`, with `outputHeight = height + k − 1`
///   (valid) or `height` (same), likewise for the width.
///
/// The transposed convolution is the adjoint (transpose) of the ``Conv2DGeometry`` convolution
/// ``adjoint`` (from the output space to the input space, same kernel and padding), plus the bias:
/// ```
/// y[n, i, j, o] = b[o] + Σ_{u, v < k} Σ_c x[n, i − u + padTop, j − v + padLeft, c] · w[u, v, o, c]
/// ```
/// (terms with the x index outside the image are 0), i.e. every input pixel scatters its
/// `w[·, ·, ·, c]`-weighted k × k patch into the output, and `⟨convᵀ(x), y⟩ = ⟨x, conv(y)⟩`.
public struct Conv2DTransposeGeometry: Sendable, Hashable {
  /// The convolution whose adjoint this is: from `[batch, outputHeight, outputWidth, outChannels]`
  /// to `[batch, height, width, inChannels]` with HWIO weights `[k, k, outChannels, inChannels]`.
  /// Every other property is read from it.
  public let adjoint: Conv2DGeometry

  /// Images in the batch (N).
  public var batch: Int { adjoint.batch }
  /// Input rows (the adjoint's output rows).
  public var height: Int { adjoint.outputHeight }
  /// Input columns.
  public var width: Int { adjoint.outputWidth }
  /// Input channels (the adjoint's output channels).
  public var inChannels: Int { adjoint.outChannels }
  /// Output channels (filters).
  public var outChannels: Int { adjoint.inChannels }
  /// Kernel side k.
  public var kernelSize: Int { adjoint.kernelSize }
  /// Spatial padding (of the adjoint convolution).
  public var padding: Padding { adjoint.padding }
  /// Output rows: `height + k − 1` (valid) or `height` (same).
  public var outputHeight: Int { adjoint.height }
  /// Output columns: `width + k − 1` (valid) or `width` (same).
  public var outputWidth: Int { adjoint.width }

  /// Validates and records the shapes.
  ///
  /// - Parameters: sizes ≥ 1 (`batch`, `height`, `width`, `inChannels`, `outChannels`,
  ///   `kernelSize`); `padding` `.same` or `.valid`.
  /// - Throws: ``KernelShapeError`` for a size below 1 or a tensor of more than 2³¹ − 1 elements.
  public init(
    batch: Int, height: Int, width: Int, inChannels: Int, outChannels: Int, kernelSize: Int,
    padding: Padding
  ) throws(KernelShapeError) {
    try KernelShapeError.checkConvolution(
      batch: batch, height: height, width: width, inChannels: inChannels,
      outChannels: outChannels, kernelSize: kernelSize)
    let grow = padding == .valid ? kernelSize - 1 : 0
    adjoint = try Conv2DGeometry(
      batch: batch, height: height + grow, width: width + grow, inChannels: outChannels,
      outChannels: inChannels, kernelSize: kernelSize, padding: padding)
  }

  /// Elements of the input, `batch · height · width · inChannels`.
  public var inputCount: Int { adjoint.outputCount }
  /// Elements of the output, `batch · outputHeight · outputWidth · outChannels`.
  public var outputCount: Int { adjoint.inputCount }
  /// Elements of the weights, `k² · outChannels · inChannels`.
  public var weightCount: Int { adjoint.weightCount }
  /// Floating-point operations of the forward pass (= those of the adjoint convolution).
  public var forwardFlops: Int { adjoint.forwardFlops }
}
