/// An activation is a parameterless layer, usable in ``Sequential``.
extension Activation: Layer {
  /// None: activations have no parameters.
  public var namedParameters: [(name: String, parameter: Parameter)] { [] }
}
