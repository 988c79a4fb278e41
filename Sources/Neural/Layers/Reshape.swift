/// Reshapes each example: `[batch, …] → [batch] + targetShape` (no copy; no parameters).
///
/// For example `Reshape([4, 4, 64])` turns a decoder's `[batch, 1024]` into NHWC feature maps.
public struct Reshape: Layer {
  /// The per-example shape of the output.
  public let targetShape: [Int]

  /// Creates the layer for a per-example `targetShape` (every dimension ≥ 1).
  ///
  /// - Throws: ``NeuralError/invalidArgument(operation:reason:)`` for a dimension below 1.
  public init(_ targetShape: [Int]) throws {
    try _requirePositive(targetShape.map { ("dimension", $0) }, in: "Reshape(\(targetShape))")
    self.targetShape = targetShape
  }

  /// The reshaped input.
  ///
  /// - Throws: ``NeuralError/shapeMismatch(operation:expected:actual:)`` when an example does not
  ///   hold exactly the product of `targetShape` elements.
  public func callAsFunction(_ x: Tensor) throws -> Tensor {
    let per = targetShape.reduce(1, *)
    guard x.rank >= 1, x.count == x.shape[0] * per else {
      throw NeuralError.shapeMismatch(
        operation: "Reshape(\(targetShape))", expected: "[batch, …] with \(per) elements per example",
        actual: x.shape)
    }
    return x._reshaped([x.shape[0]] + targetShape)
  }

  /// None.
  public var namedParameters: [(name: String, parameter: Parameter)] { [] }
}
