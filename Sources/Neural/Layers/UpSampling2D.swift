/// Nearest-neighbour upsampling on NHWC batches: `[N, H, W, C] → [N, f·H, f·W, C]` (no
/// parameters). See ``upSampling2D(_:factor:)``.
public struct UpSampling2D: Layer {
  /// The factor f ≥ 1.
  public let factor: Int

  /// Creates the layer.
  ///
  /// - Parameter factor: f ≥ 1; default 2.
  /// - Throws: ``NeuralError/invalidArgument(operation:reason:)`` for `factor < 1`.
  public init(factor: Int = 2) throws {
    try _requirePositive([("factor", factor)], in: "UpSampling2D")
    self.factor = factor
  }

  /// The upsampled input.
  ///
  /// - Throws: ``NeuralError/shapeMismatch(operation:expected:actual:)`` unless the input is NHWC.
  public func callAsFunction(_ x: Tensor) throws -> Tensor { try upSampling2D(x, factor: factor) }

  /// None.
  public var namedParameters: [(name: String, parameter: Parameter)] { [] }
}
