/// The loss terms of one evaluation: each `nil` when its weight is zero or it was not computed in
/// this phase.
public struct LossTerms: Sendable, Equatable {
  /// `L_lp`.
  public var pointwise: Double?
  /// `L_lcv`.
  public var covariance: Double?
  /// `L_lr`.
  public var reconstruction: Double?
  /// `Σ wᵢLᵢ` over the computed terms.
  public var total: Double

  /// Creates the record.
  public init(pointwise: Double? = nil, covariance: Double? = nil, reconstruction: Double? = nil, total: Double) {
    self.pointwise = pointwise
    self.covariance = covariance
    self.reconstruction = reconstruction
    self.total = total
  }
}

/// Which networks a training epoch updates.
public enum TrainingPhase: String, Sendable, Equatable, CaseIterable {
  /// The drift network (`L_lp`, `L_lr`).
  case drift
  /// The diffusion network with the drift frozen (`L_lcv`).
  case diffusion
  /// Both networks on the whole weighted sum.
  case joint
}

/// A report passed to the progress callback after every minibatch and every epoch.
public struct TrainingProgress: Sendable {
  /// What just finished.
  public enum Event: Sendable, Equatable {
    /// One minibatch step.
    case step
    /// One epoch (``TrainingProgress/validation`` is set when there is a validation split).
    case epoch
  }
  /// What just finished.
  public var event: Event
  /// The phase.
  public var phase: TrainingPhase
  /// The epoch within the phase, from 0.
  public var epoch: Int
  /// The phase's number of epochs.
  public var epochsInPhase: Int
  /// The global epoch index over all phases, from 0, and the total.
  public var globalEpoch: Int
  /// All epochs of all phases.
  public var totalEpochs: Int
  /// The step within the epoch, from 1 (equal to ``stepsPerEpoch`` at the epoch's end).
  public var step: Int
  /// Minibatches per epoch in this phase.
  public var stepsPerEpoch: Int
  /// Running means of the training terms over the epoch so far.
  public var training: LossTerms
  /// The validation terms (epoch events with a validation split only).
  public var validation: LossTerms?
  /// The learning rate of the last step.
  public var learningRate: Double
  /// Seconds since this call to train started.
  public var elapsedSeconds: Double
}

/// What the progress callback asks the trainer to do next.
public enum TrainingControl: Sendable, Equatable {
  /// Go on.
  case proceed
  /// Stop now (after writing a checkpoint when the event is an epoch end): the result is marked
  /// interrupted and a later run with `resume` continues from the checkpoint.
  case stop
}

/// One epoch of the loss history.
public struct EpochRecord: Sendable, Equatable {
  /// The phase.
  public var phase: TrainingPhase
  /// The global epoch index.
  public var epoch: Int
  /// Mean training terms over the epoch.
  public var training: LossTerms
  /// Validation terms, when there is a validation split.
  public var validation: LossTerms?
  /// The learning rate at the epoch's end.
  public var learningRate: Double
}
