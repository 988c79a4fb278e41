/// Shapes of a stride-1, k × k, 2-D convolution on an NHWC batch (validated once, reused per call).
///
/// Layouts (row-major, contiguous):
/// - input  `[batch, height, width, inChannels]`
/// - weights `[kernelSize, kernelSize, inChannels, outChannels]` (HWIO, as Keras `Conv2D`)
/// - bias `[outChannels]`
/// - output `[batch, outputHeight, outputWidth, outChannels]`
///
/// The convolution (a cross-correlation, as in every deep-learning library) is
/// ```
/// y[n, i, j, o] = b[o] + Σ_{u, v < k} Σ_c x[n, i + u − padTop, j + v − padLeft, c] · w[u, v, c, o]
/// ```
/// with `x = 0` outside the image. See ``Padding`` for the output sizes and pad amounts.
public struct Conv2DGeometry: Sendable, Hashable {
  /// Images in the batch (N).
  public let batch: Int
  /// Input rows (H).
  public let height: Int
  /// Input columns (W).
  public let width: Int
  /// Input channels (C).
  public let inChannels: Int
  /// Output channels (filters).
  public let outChannels: Int
  /// Kernel side k (k × k kernels).
  public let kernelSize: Int
  /// Spatial padding.
  public let padding: Padding
  /// Output rows: `height` (same) or `height − k + 1` (valid).
  public let outputHeight: Int
  /// Output columns: `width` (same) or `width − k + 1` (valid).
  public let outputWidth: Int
  /// Zero rows above the image (`(k − 1) / 2` for same, 0 for valid).
  public let padTop: Int
  /// Zero columns left of the image (`(k − 1) / 2` for same, 0 for valid).
  public let padLeft: Int

  /// Validates and records the shapes.
  ///
  /// - Parameters:
  ///   - batch: N ≥ 1.
  ///   - height: H ≥ 1 (≥ k for valid).
  ///   - width: W ≥ 1 (≥ k for valid).
  ///   - inChannels: C ≥ 1.
  ///   - outChannels: filters ≥ 1.
  ///   - kernelSize: k ≥ 1.
  ///   - padding: `.same` or `.valid`.
  /// - Throws: ``KernelShapeError`` for a size below its minimum, a valid convolution with k > H or
  ///   k > W, or a tensor of more than 2³¹ − 1 elements.
  public init(
    batch: Int, height: Int, width: Int, inChannels: Int, outChannels: Int, kernelSize: Int,
    padding: Padding
  ) throws(KernelShapeError) {
    try KernelShapeError.checkConvolution(
      batch: batch, height: height, width: width, inChannels: inChannels,
      outChannels: outChannels, kernelSize: kernelSize)
    if padding == .valid && (kernelSize > height || kernelSize > width) {
      throw .kernelLargerThanImage(kernelSize: kernelSize, height: height, width: width)
    }
    self.batch = batch
    self.height = height
    self.width = width
    self.inChannels = inChannels
    self.outChannels = outChannels
    self.kernelSize = kernelSize
    self.padding = padding
    let pad = padding.amounts(kernelSize: kernelSize).before
    self.padTop = pad
    self.padLeft = pad
    self.outputHeight = padding == .same ? height : height - kernelSize + 1
    self.outputWidth = padding == .same ? width : width - kernelSize + 1
    try KernelShapeError.check("input", count: Self.product(batch, height, width, inChannels))
    try KernelShapeError.check(
      "output", count: Self.product(batch, outputHeight, outputWidth, outChannels))
    try KernelShapeError.check(
      "weights", count: Self.product(kernelSize, kernelSize, inChannels, outChannels))
  }

  /// Elements of the input, `batch · height · width · inChannels`.
  public var inputCount: Int { batch * height * width * inChannels }
  /// Elements of the output, `batch · outputHeight · outputWidth · outChannels`.
  public var outputCount: Int { batch * outputHeight * outputWidth * outChannels }
  /// Elements of the weights, `k² · inChannels · outChannels`.
  public var weightCount: Int { kernelSize * kernelSize * inChannels * outChannels }
  /// Multiply–adds × 2 of the forward pass: `2 · batch · outputHeight · outputWidth · k² · C · filters`
  /// (each backward pass — input or weights — costs the same).
  public var forwardFlops: Int { 2 * batch * outputHeight * outputWidth * weightCount }

  /// A product saturating at `Int.max` (sizes validated before use).
  static func product(_ a: Int, _ b: Int, _ c: Int, _ d: Int) -> Int {
    var r = a
    for x in [b, c, d] {
      let (p, o) = r.multipliedReportingOverflow(by: x)
      if o { return Int.max }
      r = p
    }
    return r
  }
}
