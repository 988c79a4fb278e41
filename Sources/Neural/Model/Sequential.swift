/// A chain of layers applied in order, `y = fₙ(…f₂(f₁(x)))`; itself a ``Layer``.
///
/// Parameter names are prefixed by the layer's index: `"0.weight"`, `"0.bias"`, `"2.weight"`, ….
///
/// ```swift
/// let mlp = Sequential([
///   try Dense(inputSize: 2, outputSize: 8, activation: .tanh, seed: 1),
///   try Dense(inputSize: 8, outputSize: 1, seed: 2),
/// ])
/// ```
public struct Sequential: Layer {
  /// The layers, first applied first.
  public var layers: [any Layer]

  /// Creates the chain.
  public init(_ layers: [any Layer]) {
    self.layers = layers
  }

  /// Applies every layer in order.
  ///
  /// A ``Conv2D`` or ``Conv2DTranspose`` with ReLU activation directly followed by a
  /// ``MaxPool2D`` runs as one fused operation (same values and gradients, two full-size memory
  /// passes fewer in the backward pass; see ``maxPool2D(_:)``).
  ///
  /// - Throws: the first layer's error (typically a shape mismatch naming that layer).
  public func callAsFunction(_ x: Tensor) throws -> Tensor {
    var y = x
    var i = 0
    while i < layers.count {
      if i + 1 < layers.count, layers[i + 1] is MaxPool2D,
        let fusable = layers[i] as? any _MaxPoolFusable,
        let pooled = try fusable._callAsFunctionThenMaxPool(y)
      {
        y = pooled
        i += 2
      } else {
        y = try layers[i](y)
        i += 1
      }
    }
    return y
  }

  /// Every layer's parameters, names prefixed with `"<index>."`.
  public var namedParameters: [(name: String, parameter: Parameter)] {
    var all: [(name: String, parameter: Parameter)] = []
    for (i, layer) in layers.enumerated() {
      for (name, p) in layer.namedParameters { all.append(("\(i).\(name)", p)) }
    }
    return all
  }
}
