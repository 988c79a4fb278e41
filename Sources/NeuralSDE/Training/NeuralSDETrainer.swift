import DiffEq
import Foundation
import Neural

/// Trains a ``NeuralSDEModel`` on trajectories: minibatches of transitions, Adam, a validation
/// split, early stopping, checkpoints and resume (see ``TrainingConfiguration``), minimising the
/// losses of ``LossConfiguration``.
///
/// ```swift
/// let model = try NeuralSDEModel(.init(observedDimension: 2, seed: 1))
/// let trainer = try NeuralSDETrainer(model: model, data: paths)
/// let result = try trainer.train { p in print(p.epoch, p.training.total); return .proceed }
/// ```
///
/// The trainer owns one ``Neural/Tape``, one DiffEq RK workspace per flow and one Adam per
/// network; a step allocates only tensor buffers (from Neural's buffer cache), the tape's records
/// and small shape arrays.
public final class NeuralSDETrainer {
  /// The model, updated in place.
  public let model: NeuralSDEModel
  /// The losses.
  public let losses: LossConfiguration
  /// The training settings.
  public let training: TrainingConfiguration
  /// How the state rows were built from the data.
  public let derivatives: DerivativeSource

  let series: _StateSeries
  let dataFingerprint: String

  /// Prepares training on `data` (paths sampled at a uniform step).
  ///
  /// - Parameters:
  ///   - model: the model to train.
  ///   - data: the trajectories; `data.dims` must be `d` (empirical derivatives) or `M·d`
  ///     (supplied), and `data.dt` must exist (uniform times).
  ///   - derivatives: where rows `1 … M−1` come from (default empirical; see
  ///     ``DerivativeSource``: the last `M − 1` points of each path are lost).
  ///   - losses: default ``LossConfiguration/corrected``.
  ///   - training: default ``TrainingConfiguration/init(epochs:diffusionEpochs:schedule:batchSize:diffusionBatchSize:reconstructionBatchSize:learningRate:finalLearningRateFactor:validationFraction:earlyStoppingPatience:gradientClipNorm:seed:checkpointDirectory:checkpointInterval:resume:)``.
  /// - Throws: ``NeuralSDEError`` for mismatched dimensions, a missing or non-positive `Δt`, too
  ///   few steps for the order, non-finite values or an invalid configuration.
  public convenience init(
    model: NeuralSDEModel, data: TrajectorySet, derivatives: DerivativeSource = .empirical,
    losses: LossConfiguration = .corrected, training: TrainingConfiguration = TrainingConfiguration()
  ) throws {
    let M = model.configuration.order
    guard data.steps >= 2 else {
      throw NeuralSDEError.tooFewSteps(steps: data.steps, order: M, required: derivatives == .empirical ? M + 1 : 2)
    }
    guard let dt = data.dt else {
      throw NeuralSDEError.invalidTimeStep(
        dt: ((data.times.last ?? 0) - data.times[0]) / Double(data.steps - 1),
        reason: "the observation times are not uniformly spaced")
    }
    let series = try _StateSeries(
      values: data.values, paths: data.paths, steps: data.steps, dims: data.dims, dt: dt,
      model: model.configuration, derivatives: derivatives)
    try self.init(model: model, series: series, derivatives: derivatives, losses: losses, training: training)
  }

  init(
    model: NeuralSDEModel, series: _StateSeries, derivatives: DerivativeSource,
    losses: LossConfiguration, training: TrainingConfiguration
  ) throws {
    try losses.validate()
    try training.validate()
    self.model = model
    self.series = series
    self.derivatives = derivatives
    self.losses = losses
    self.training = training
    self.dataFingerprint =
      "paths=\(series.pathCount) length=\(series.length) D=\(series.stateDimension) "
      + "dt=\(series.dt) derivatives=\(derivatives.rawValue)"
  }

  /// The phases and their epochs, in order.
  var phases: [(phase: TrainingPhase, epochs: Int)] {
    let w = losses.weights
    switch training.schedule {
    case .joint:
      return [(.joint, training.epochs)]
    case .sequential:
      var out: [(TrainingPhase, Int)] = []
      if w.pointwise > 0 || w.reconstruction > 0 { out.append((.drift, training.epochs)) }
      if w.covariance > 0 && training.diffusionEpochs > 0 { out.append((.diffusion, training.diffusionEpochs)) }
      return out
    }
  }

  /// Splits the paths into training and validation sets (seeded).
  func split() throws -> (train: [Int], validation: [Int]) {
    let P = series.pathCount
    var order = Array(0..<P)
    var g = SeededGenerator(seed: _derivedSeed(training.seed, 10))
    order.shuffle(using: &g)
    var v = 0
    if training.validationFraction > 0 && P >= 2 {
      v = min(P - 1, max(1, Int((training.validationFraction * Double(P)).rounded())))
    }
    let validation = Array(order[0..<v]).sorted()
    let train = Array(order[v...]).sorted()
    guard !train.isEmpty else { throw NeuralSDEError.empty(what: "the training split") }
    return (train, validation)
  }

  /// Runs (or resumes) training and returns the result; the model is updated in place.
  ///
  /// - Parameter progress: called after every minibatch (``TrainingProgress/Event/step``) and
  ///   every epoch (``TrainingProgress/Event/epoch``, after the checkpoint is written); return
  ///   ``TrainingControl/stop`` to interrupt.
  /// - Throws: ``NeuralSDEError/nonFiniteLoss(epoch:step:term:)`` when training diverges,
  ///   ``NeuralSDEError/checkpointMismatch(key:expected:actual:)`` when the checkpoint to resume
  ///   belongs to another configuration, `CheckpointError` when it cannot be read or written.
  public func train(
    progress: ((TrainingProgress) -> TrainingControl)? = nil
  ) throws -> TrainingResult {
    let previousThreads = BLAS.threadCount
    if let t = training.blasThreadCount { BLAS.threadCount = t }
    defer { BLAS.threadCount = previousThreads }
    var run = try _TrainingRun(trainer: self)
    return try run.execute(progress: progress)
  }
}
