/// The outcome of ``NeuralSDETrainer/train(progress:)``.
public struct TrainingResult {
  /// The trained model (the trainer's model, updated in place).
  public let model: NeuralSDEModel
  /// One record per epoch run (including epochs restored from a checkpoint).
  public let history: [EpochRecord]
  /// Global epochs completed (`totalEpochs` unless interrupted; phases cut short by early
  /// stopping count as complete).
  public let completedEpochs: Int
  /// All epochs of all phases.
  public let totalEpochs: Int
  /// The phases that ended by early stopping.
  public let stoppedEarly: [TrainingPhase]
  /// `true` when the progress callback asked to stop before the end.
  public let interrupted: Bool
  /// The global epoch the run resumed at, or `nil` for a fresh run.
  public let resumedFromEpoch: Int?
  /// Indices of the paths used for training and for validation.
  public let trainingPaths: [Int]
  /// Indices of the held-out paths (empty without validation).
  public let validationPaths: [Int]
  /// Wall-clock seconds of this call.
  public let seconds: Double
}
