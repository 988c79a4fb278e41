// Seeded random tensors.

extension Tensor {
  /// A tensor of independent normal samples `N(mean, standardDeviation²)` drawn from `generator`.
  ///
  /// - Throws: ``NeuralError/invalidArgument(operation:reason:)`` when a dimension is negative.
  /// - Complexity: O(count), about 10 ns per element.
  public init(
    randomNormal shape: [Int], mean: Float = 0, standardDeviation: Float = 1,
    generator: inout SeededGenerator
  ) throws {
    try Tensor.validate(shape, in: "Tensor(randomNormal:)")
    self.init(uninitializedShape: shape)
    let p = pointer
    for i in 0..<count { p[i] = mean + standardDeviation * generator.nextNormal() }
  }

  /// A tensor of independent uniform samples in `[lowerBound, upperBound)` drawn from `generator`.
  ///
  /// - Throws: ``NeuralError/invalidArgument(operation:reason:)`` when a dimension is negative or
  ///   `upperBound < lowerBound`.
  /// - Complexity: O(count).
  public init(
    randomUniform shape: [Int], lowerBound: Float = 0, upperBound: Float = 1,
    generator: inout SeededGenerator
  ) throws {
    try Tensor.validate(shape, in: "Tensor(randomUniform:)")
    guard upperBound >= lowerBound else {
      throw NeuralError.invalidArgument(
        operation: "Tensor(randomUniform:)",
        reason: "upperBound \(upperBound) must be ≥ lowerBound \(lowerBound)")
    }
    self.init(uninitializedShape: shape)
    let p = pointer
    let width = upperBound - lowerBound
    for i in 0..<count { p[i] = lowerBound + width * generator.nextUnitFloat() }
  }
}
