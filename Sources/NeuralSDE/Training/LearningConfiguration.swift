/// Everything ``learnSDE(from:configuration:progress:)`` needs besides the data: the model, how
/// the state rows are built, the losses and the training settings.
public struct LearningConfiguration: Sendable, Equatable {
  /// The model's shape and architecture (`d` must match the data: see ``DerivativeSource``).
  public var model: NeuralSDEModel.Configuration
  /// Where rows `1 … M−1` come from (default empirical).
  public var derivatives: DerivativeSource
  /// The losses (default ``LossConfiguration/corrected``).
  public var losses: LossConfiguration
  /// The training settings (defaults of ``TrainingConfiguration``).
  public var training: TrainingConfiguration

  /// Creates a configuration.
  public init(
    model: NeuralSDEModel.Configuration, derivatives: DerivativeSource = .empirical,
    losses: LossConfiguration = .corrected, training: TrainingConfiguration = TrainingConfiguration()
  ) {
    self.model = model
    self.derivatives = derivatives
    self.losses = losses
    self.training = training
  }
}

/// Learns a neural SDE from trajectories: builds the model, trains it (or resumes from a
/// checkpoint) and returns the result with the trained model.
///
/// ```swift
/// let data = try TrajectorySet.readCSV("paths.csv")
/// var config = LearningConfiguration(model: .init(observedDimension: data.dims, noiseDimension: 1))
/// config.training.epochs = 30
/// let result = try learnSDE(from: data, configuration: config)
/// let field = LearnedSDEField(result.model)      // simulate with DiffEq
/// ```
///
/// - Parameters:
///   - data: paths at a uniform step (`data.dt` set).
///   - configuration: model, derivatives, losses and training.
///   - progress: called after every step and epoch (see ``NeuralSDETrainer/train(progress:)``).
/// - Throws: every error of ``NeuralSDEModel/init(_:)``,
///   ``NeuralSDETrainer/init(model:data:derivatives:losses:training:)`` and
///   ``NeuralSDETrainer/train(progress:)``.
public func learnSDE(
  from data: TrajectorySet, configuration: LearningConfiguration,
  progress: ((TrainingProgress) -> TrainingControl)? = nil
) throws -> TrainingResult {
  let model = try NeuralSDEModel(configuration.model)
  let trainer = try NeuralSDETrainer(
    model: model, data: data, derivatives: configuration.derivatives,
    losses: configuration.losses, training: configuration.training)
  return try trainer.train(progress: progress)
}
