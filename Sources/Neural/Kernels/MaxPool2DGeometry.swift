/// Shapes of 2 × 2, stride-2 max pooling on an NHWC batch.
///
/// Input `[batch, height, width, channels]`, output `[batch, height / 2, width / 2, channels]`
/// (floor: for odd sizes the last row/column is dropped, as Keras' `MaxPooling2D` with 'valid'
/// padding).
public struct MaxPool2DGeometry: Sendable, Hashable {
  /// Images in the batch.
  public let batch: Int
  /// Input rows (≥ 2).
  public let height: Int
  /// Input columns (≥ 2).
  public let width: Int
  /// Channels (≥ 1).
  public let channels: Int
  /// `height / 2` (floor).
  public var outputHeight: Int { height / 2 }
  /// `width / 2` (floor).
  public var outputWidth: Int { width / 2 }

  /// Validates and records the shapes.
  /// - Throws: ``KernelShapeError`` if batch or channels < 1, height or width < 2, or the input
  ///   has more than 2³¹ − 1 elements.
  public init(batch: Int, height: Int, width: Int, channels: Int) throws(KernelShapeError) {
    try KernelShapeError.check("batch", batch, atLeast: 1)
    try KernelShapeError.check("height", height, atLeast: 2)
    try KernelShapeError.check("width", width, atLeast: 2)
    try KernelShapeError.check("channels", channels, atLeast: 1)
    try KernelShapeError.check(
      "input", count: Conv2DGeometry.product(batch, height, width, channels))
    self.batch = batch
    self.height = height
    self.width = width
    self.channels = channels
  }

  /// Elements of the input.
  public var inputCount: Int { batch * height * width * channels }
  /// Elements of the output (and of the argmax buffer).
  public var outputCount: Int { batch * outputHeight * outputWidth * channels }
}
