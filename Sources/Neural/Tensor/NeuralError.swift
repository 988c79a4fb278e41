/// An error thrown by the neural engine: a shape, axis or argument that the operation cannot accept,
/// or a misuse of the gradient tape.
///
/// Every message states what was expected, what was received, and what to change.
public enum NeuralError: Error, CustomStringConvertible, Equatable, Sendable {
  /// An input's shape does not fit the operation.
  ///
  /// - `operation`: the operation or layer (for example `"Dense(1024→128)"`).
  /// - `expected`: the accepted shapes in words (for example `"[batch, 1024]"`).
  /// - `actual`: the shape received.
  case shapeMismatch(operation: String, expected: String, actual: [Int])
  /// An argument (axis, size, count, hyper-parameter) is out of its documented range.
  case invalidArgument(operation: String, reason: String)
  /// The gradient tape was used in a way that cannot produce gradients (for example `backward` on a
  /// value that was not recorded, or on a non-scalar loss).
  case tapeMisuse(reason: String)

  /// A human-readable description naming the operation, the expected and the actual values.
  public var description: String {
    switch self {
    case .shapeMismatch(let operation, let expected, let actual):
      return "\(operation): expected an input of shape \(expected), got \(actual). "
        + "Reshape the input or build the layer for this shape."
    case .invalidArgument(let operation, let reason):
      return "\(operation): \(reason)"
    case .tapeMisuse(let reason):
      return "gradient tape: \(reason)"
    }
  }
}
