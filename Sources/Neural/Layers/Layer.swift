/// A differentiable function of one tensor with trainable parameters (possibly none).
///
/// Layers with parameters are classes that own ``Parameter`` objects; stateless layers
/// (``Flatten``, ``Reshape``, ``MaxPool2D``, ``UpSampling2D``, ``Activation``) are values. A model is
/// a layer too (``Sequential``), so ``parameters`` of the model is what an optimizer iterates.
public protocol Layer {
  /// Applies the layer to a batch.
  ///
  /// - Throws: ``NeuralError/shapeMismatch(operation:expected:actual:)`` when the input does not
  ///   have the shape the layer was built for.
  func callAsFunction(_ input: Tensor) throws -> Tensor

  /// The trainable parameters with stable names (for checkpoints), in a fixed order.
  var namedParameters: [(name: String, parameter: Parameter)] { get }
}

extension Layer {
  /// The trainable parameters, in the order of ``namedParameters``.
  public var parameters: [Parameter] { namedParameters.map(\.parameter) }

  /// ``namedParameters`` with `prefix` and a dot before each name (to combine sub-models in one
  /// checkpoint, e.g. `encoder.namedParameters(prefix: "encoder")`).
  public func namedParameters(prefix: String) -> [(name: String, parameter: Parameter)] {
    namedParameters.map { ("\(prefix).\($0.name)", $0.parameter) }
  }

  /// The total number of trainable scalars.
  public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }
}
