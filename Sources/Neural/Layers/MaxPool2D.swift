/// 2×2 max pooling with stride 2 on NHWC batches: `[N, H, W, C] → [N, H/2, W/2, C]` (no
/// parameters). See ``maxPool2D(_:)``.
public struct MaxPool2D: Layer {
  /// Creates the layer.
  public init() {}

  /// The pooled input.
  ///
  /// - Throws: ``NeuralError/shapeMismatch(operation:expected:actual:)`` unless the input is NHWC
  ///   with H, W ≥ 2.
  public func callAsFunction(_ x: Tensor) throws -> Tensor { try maxPool2D(x) }

  /// None.
  public var namedParameters: [(name: String, parameter: Parameter)] { [] }
}
