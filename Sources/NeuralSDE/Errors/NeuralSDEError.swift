/// An error thrown by `NeuralSDE`: an input, a configuration or a checkpoint the learner cannot use,
/// or a training run that diverged.
///
/// Every message names what was expected, what was received, and what to change.
public enum NeuralSDEError: Error, CustomStringConvertible, Equatable, Sendable {
  /// A configuration value is outside its documented range.
  ///
  /// - `parameter`: the option (for example `"training.batchSize"`).
  /// - `value`: the value received, as text.
  /// - `expected`: the accepted range in words.
  case invalidConfiguration(parameter: String, value: String, expected: String)
  /// A dimension of the data or of a tensor does not match the model.
  case dimensionMismatch(what: String, expected: Int, actual: Int)
  /// The observation step is not finite and positive (or the times are not uniform).
  case invalidTimeStep(dt: Double, reason: String)
  /// A path has too few observations for the order `M` (which loses `M − 1` points) and at least
  /// one transition.
  case tooFewSteps(steps: Int, order: Int, required: Int)
  /// A data value is NaN or infinite.
  case nonFiniteData(path: Int, step: Int, dimension: Int, value: Double)
  /// A batch, a split or a data set has no element.
  case empty(what: String)
  /// A checkpoint does not belong to this model or configuration.
  case checkpointMismatch(key: String, expected: String, actual: String)
  /// A loss became NaN or infinite during training.
  case nonFiniteLoss(epoch: Int, step: Int, term: String)

  /// A human-readable description naming the expected and actual values and what to do.
  public var description: String {
    switch self {
    case .invalidConfiguration(let parameter, let value, let expected):
      return "\(parameter) = \(value) is invalid: expected \(expected)."
    case .dimensionMismatch(let what, let expected, let actual):
      return "\(what): expected \(expected), got \(actual). Check the data's state columns against "
        + "the model's order M and observed dimension d."
    case .invalidTimeStep(let dt, let reason):
      return "invalid observation step Δt = \(dt): \(reason). The learner needs paths sampled at "
        + "one uniform step Δt > 0."
    case .tooFewSteps(let steps, let order, let required):
      return "each path has \(steps) observations but order M = \(order) needs at least "
        + "\(required) (empirical derivatives lose the last M − 1 points and one transition is "
        + "needed); supply longer paths or lower the order."
    case .nonFiniteData(let path, let step, let dimension, let value):
      return "data value \(value) at path \(path), step \(step), dimension \(dimension) is not "
        + "finite; remove or repair the path."
    case .empty(let what):
      return "\(what) is empty; supply more paths or lower the batch size / validation fraction."
    case .checkpointMismatch(let key, let expected, let actual):
      return "checkpoint \(key) is \(actual) but this run expects \(expected); resume with the "
        + "configuration the checkpoint was written with, or start a new run in an empty folder."
    case .nonFiniteLoss(let epoch, let step, let term):
      return "the \(term) loss became NaN or infinite at epoch \(epoch), step \(step); lower the "
        + "learning rate, enable gradient clipping, or check the data's scale."
    }
  }
}
