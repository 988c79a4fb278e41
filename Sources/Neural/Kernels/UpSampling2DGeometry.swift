/// Shapes of nearest-neighbour upsampling by an integer factor on an NHWC batch.
///
/// Input `[batch, height, width, channels]`, output
/// `[batch, factor · height, factor · width, channels]`, `y[n, i, j, c] = x[n, i / f, j / f, c]`.
public struct UpSampling2DGeometry: Sendable, Hashable {
  /// Images in the batch.
  public let batch: Int
  /// Input rows.
  public let height: Int
  /// Input columns.
  public let width: Int
  /// Channels.
  public let channels: Int
  /// The factor f (2 for Keras' default `UpSampling2D`).
  public let factor: Int

  /// Validates and records the shapes.
  /// - Parameter factor: f ≥ 1; default 2.
  /// - Throws: ``KernelShapeError`` for a size below 1 or an output of more than 2³¹ − 1 elements.
  public init(batch: Int, height: Int, width: Int, channels: Int, factor: Int = 2)
    throws(KernelShapeError)
  {
    try KernelShapeError.check("batch", batch, atLeast: 1)
    try KernelShapeError.check("height", height, atLeast: 1)
    try KernelShapeError.check("width", width, atLeast: 1)
    try KernelShapeError.check("channels", channels, atLeast: 1)
    try KernelShapeError.check("factor", factor, atLeast: 1)
    try KernelShapeError.check(
      "output",
      count: Conv2DGeometry.product(
        Conv2DGeometry.product(batch, height, width, channels), factor, factor, 1))
    self.batch = batch
    self.height = height
    self.width = width
    self.channels = channels
    self.factor = factor
  }

  /// Output rows, `factor · height`.
  public var outputHeight: Int { factor * height }
  /// Output columns, `factor · width`.
  public var outputWidth: Int { factor * width }
  /// Elements of the input.
  public var inputCount: Int { batch * height * width * channels }
  /// Elements of the output.
  public var outputCount: Int { inputCount * factor * factor }
}
