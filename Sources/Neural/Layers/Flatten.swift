/// Flattens each example: `[batch, d1, …, dk] → [batch, d1·…·dk]` (no copy; no parameters).
public struct Flatten: Layer {
  /// Creates the layer.
  public init() {}

  /// The flattened input.
  ///
  /// - Throws: ``NeuralError/shapeMismatch(operation:expected:actual:)`` for a scalar input.
  public func callAsFunction(_ x: Tensor) throws -> Tensor { try x.flattened() }

  /// None.
  public var namedParameters: [(name: String, parameter: Parameter)] { [] }
}
