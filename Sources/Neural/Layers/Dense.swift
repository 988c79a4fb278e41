/// A fully connected layer, `y = f(x·W + b)`.
///
/// Shapes: input `[…, inputSize]` (usually `[batch, inputSize]`), output `[…, outputSize]`;
/// `weight` is `[inputSize, outputSize]`, `bias` `[outputSize]`. Weights are Glorot-uniform from
/// `seed`, biases zero (Keras' defaults). Forward: one sgemm and one fused bias + activation pass;
/// backward: two sgemms (one when the input is not recorded) and one pass.
///
/// - Complexity: 2·batch·inputSize·outputSize flops forward.
public final class Dense: Layer {
  /// `W`, shape `[inputSize, outputSize]`.
  public let weight: Parameter
  /// `b`, shape `[outputSize]`.
  public let bias: Parameter
  /// `f`, applied after the affine map.
  public let activation: Activation
  /// The number of input features.
  public let inputSize: Int
  /// The number of output features.
  public let outputSize: Int

  /// Creates the layer with Glorot-uniform weights drawn from `seed` and zero biases.
  ///
  /// - Throws: ``NeuralError/invalidArgument(operation:reason:)`` when a size is below 1.
  public init(inputSize: Int, outputSize: Int, activation: Activation = .identity, seed: UInt64)
    throws
  {
    try _requirePositive([("inputSize", inputSize), ("outputSize", outputSize)], in: "Dense")
    self.inputSize = inputSize
    self.outputSize = outputSize
    self.activation = activation
    weight = Parameter(
      _glorotUniform(
        shape: [inputSize, outputSize], fanIn: inputSize, fanOut: outputSize, seed: seed))
    bias = Parameter(Tensor(shape: [outputSize], storage: _TensorStorage(zeros: outputSize)))
  }

  /// `f(x·W + b)`.
  ///
  /// - Throws: ``NeuralError/shapeMismatch(operation:expected:actual:)`` unless the input has rank
  ///   ≥ 2 and last dimension `inputSize`.
  public func callAsFunction(_ x: Tensor) throws -> Tensor {
    guard x.rank >= 2, x.shape[x.rank - 1] == inputSize else {
      throw NeuralError.shapeMismatch(
        operation: "Dense(\(inputSize)→\(outputSize))", expected: "[batch, \(inputSize)]",
        actual: x.shape)
    }
    let z = try matmul(x, weight.value)
    return Tensor._biasActivation(z, bias: bias.value, activation)
  }

  /// `weight` and `bias`.
  public var namedParameters: [(name: String, parameter: Parameter)] {
    [("weight", weight), ("bias", bias)]
  }
}
