/// How a neural SDE is trained: phases and epochs, minibatches, Adam, validation, early stopping,
/// checkpoints and the seed.
///
/// **Phases.** With ``TrainingSchedule/sequential`` (default) the drift is fitted first
/// (`w_lp·L_lp + w_lr·L_lr`, ``epochs`` epochs), then the diffusion with the drift frozen
/// (`w_lcv·L_lcv`, ``diffusionEpochs`` epochs): the covariance targets (residuals and
/// propagators of the frozen drift) are computed once. With ``TrainingSchedule/joint`` every step
/// minimises the whole weighted sum for ``epochs`` epochs and the targets are recomputed from the
/// current drift at the start of each epoch (stop-gradient on `μ` inside `L_lcv`).
///
/// **Optimisation.** One Adam per network, learning rate ``learningRate`` decayed exponentially
/// to ``finalLearningRateFactor`` times itself over its phase (per step:
/// `η(t) = η₀ · factor^{t/T}`), optional clipping of the gradient norm.
///
/// **Validation and early stopping.** A fraction of the *paths* (not transitions) is held out;
/// its losses are computed after every epoch. With ``earlyStoppingPatience`` = `p`, a phase ends
/// after `p` epochs without a lower validation objective, and the parameters of the best epoch
/// are restored (the phase's objective: the weighted drift terms, `L_lcv`, or the whole sum).
///
/// **Reproducibility and checkpoints.** The shuffling of epoch `e` of a phase draws from a
/// generator seeded with `(seed, phase, e)`, so the random state is the seed and the epoch
/// counter. With a ``checkpointDirectory`` the trainer writes `checkpoint.safetensors` there
/// every ``checkpointInterval`` epochs (atomically) with the parameters, both Adams' moments and
/// step counts, the epoch, the early-stopping state, the best parameters and the loss history;
/// with ``resume`` it continues from that file, which reproduces the uninterrupted run's
/// parameters bit for bit on the same machine and build.
public struct TrainingConfiguration: Sendable, Equatable {
  /// The drift-phase epochs (sequential) or all epochs (joint), `≥ 1`.
  public var epochs: Int
  /// The diffusion-phase epochs (sequential only), `≥ 0`.
  public var diffusionEpochs: Int
  /// Sequential (default) or joint.
  public var schedule: TrainingSchedule
  /// Transitions per drift (and joint) minibatch, `≥ 1` (default 1024).
  public var batchSize: Int
  /// Transitions per diffusion-phase minibatch, `≥ 1` (default 4096: `B` is a covariance
  /// estimate, less noisy with more transitions).
  public var diffusionBatchSize: Int
  /// Reconstruction windows per minibatch, `≥ 1` (default 64; used when `w_lr > 0`).
  public var reconstructionBatchSize: Int
  /// Adam's initial learning rate `η₀ > 0` (default 3e-3).
  public var learningRate: Float
  /// The learning rate at the end of each phase relative to `η₀`, in `(0, 1]` (default 0.1).
  public var finalLearningRateFactor: Float
  /// The fraction of paths held out for validation, in `[0, 1)` (default 0.1; 0 disables
  /// validation and early stopping). At least one path is held out when the fraction is
  /// positive and there are two paths or more.
  public var validationFraction: Double
  /// The fraction of each phase's last epochs whose end parameters are averaged, in `[0, 1]`
  /// (stochastic weight averaging, Izmailov et al. 2018, arXiv:1803.05407); at the end of the
  /// phase the parameters are set to the average. Default 0: keep the last iterate. The average
  /// smooths the minibatch noise of the final iterates but mixes in less-trained ones: on the SDE
  /// ball it narrowed the spread of the reconstruction error over seeds yet raised its mean
  /// (0.06–0.08 against 0.02–0.06 with the last iterate), so it is off by default. An
  /// early-stopping restore takes precedence.
  public var averagingFraction: Double
  /// Epochs without improvement before a phase stops, `≥ 1`, or `nil` (default) for none.
  public var earlyStoppingPatience: Int?
  /// The maximum global gradient norm per network, `> 0`, or `nil` (default) for no clipping.
  public var gradientClipNorm: Float?
  /// The seed of the validation split and of every epoch's shuffling.
  public var seed: UInt64
  /// The folder for `checkpoint.safetensors`, or `nil` (default) for none. Must exist.
  public var checkpointDirectory: String?
  /// Epochs between checkpoints, `≥ 1` (default 1; the last epoch is always written).
  public var checkpointInterval: Int
  /// Continue from an existing checkpoint in ``checkpointDirectory`` (default `true`).
  public var resume: Bool
  /// Start the diffusion phase (or the joint schedule) from the best constant diffusion
  /// (default `true`): the diffusion network's output layer gets zero weights and the bias
  /// `L₀`, `L₀L₀ᵀ` the rank-`n` part of `(1/(NΔt)) Σₖ rₖrₖᵀ` over the training transitions. The
  /// covariance loss sees `σ` only through `σσᵀ`, so from random weights `σ(z)` can keep opposite
  /// signs in different regions with a band of near-zero diffusion between them (measured on the
  /// SDE ball: a 47× spread of `tr σ̂σ̂ᵀ` over the data for one seed); from a constant start it has
  /// one sign everywhere. `false` keeps the random initial weights (for comparison).
  public var diffusionWarmStart: Bool
  /// BLAS threads while training, `≥ 1`, or `nil` to leave the process setting (default 1: the
  /// networks' GEMMs are small — `[batch, 20M] × [20M, 20M]` — and a second thread costs more in
  /// synchronisation than it saves; measured about 2× faster per epoch on 2 cores). The previous
  /// process-wide value is restored when training returns.
  public var blasThreadCount: Int?

  /// Creates a configuration; see the properties for defaults and ranges.
  public init(
    epochs: Int = 30, diffusionEpochs: Int = 15, schedule: TrainingSchedule = .sequential,
    batchSize: Int = 1024, diffusionBatchSize: Int = 4096, reconstructionBatchSize: Int = 64,
    learningRate: Float = 3e-3, finalLearningRateFactor: Float = 0.1,
    validationFraction: Double = 0.1, averagingFraction: Double = 0,
    earlyStoppingPatience: Int? = nil,
    gradientClipNorm: Float? = nil, seed: UInt64 = 0, checkpointDirectory: String? = nil,
    checkpointInterval: Int = 1, resume: Bool = true, blasThreadCount: Int? = 1,
    diffusionWarmStart: Bool = true
  ) {
    self.diffusionWarmStart = diffusionWarmStart
    self.epochs = epochs
    self.diffusionEpochs = diffusionEpochs
    self.schedule = schedule
    self.batchSize = batchSize
    self.diffusionBatchSize = diffusionBatchSize
    self.reconstructionBatchSize = reconstructionBatchSize
    self.learningRate = learningRate
    self.finalLearningRateFactor = finalLearningRateFactor
    self.validationFraction = validationFraction
    self.averagingFraction = averagingFraction
    self.earlyStoppingPatience = earlyStoppingPatience
    self.gradientClipNorm = gradientClipNorm
    self.seed = seed
    self.checkpointDirectory = checkpointDirectory
    self.checkpointInterval = checkpointInterval
    self.resume = resume
    self.blasThreadCount = blasThreadCount
  }

  /// Checks every field.
  ///
  /// - Throws: ``NeuralSDEError/invalidConfiguration(parameter:value:expected:)`` naming the
  ///   first field out of range.
  public func validate() throws {
    func bad(_ p: String, _ v: Any, _ e: String) -> NeuralSDEError {
      .invalidConfiguration(parameter: "training.\(p)", value: "\(v)", expected: e)
    }
    guard epochs >= 1 else { throw bad("epochs", epochs, "≥ 1") }
    guard diffusionEpochs >= 0 else { throw bad("diffusionEpochs", diffusionEpochs, "≥ 0") }
    guard batchSize >= 1 else { throw bad("batchSize", batchSize, "≥ 1") }
    guard diffusionBatchSize >= 1 else { throw bad("diffusionBatchSize", diffusionBatchSize, "≥ 1") }
    guard reconstructionBatchSize >= 1 else {
      throw bad("reconstructionBatchSize", reconstructionBatchSize, "≥ 1")
    }
    guard learningRate.isFinite, learningRate > 0 else { throw bad("learningRate", learningRate, "> 0") }
    guard finalLearningRateFactor > 0, finalLearningRateFactor <= 1 else {
      throw bad("finalLearningRateFactor", finalLearningRateFactor, "a factor in (0, 1]")
    }
    guard validationFraction >= 0, validationFraction < 1 else {
      throw bad("validationFraction", validationFraction, "a fraction in [0, 1)")
    }
    guard averagingFraction >= 0, averagingFraction <= 1 else {
      throw bad("averagingFraction", averagingFraction, "a fraction in [0, 1]")
    }
    if let p = earlyStoppingPatience, p < 1 { throw bad("earlyStoppingPatience", p, "≥ 1 or nil") }
    if let c = gradientClipNorm, !(c > 0 && c.isFinite) { throw bad("gradientClipNorm", c, "> 0 or nil") }
    guard checkpointInterval >= 1 else { throw bad("checkpointInterval", checkpointInterval, "≥ 1") }
    if let t = blasThreadCount, t < 1 { throw bad("blasThreadCount", t, "≥ 1 or nil") }
  }

  /// The fields that must match for a checkpoint to be resumed (not the folder or `resume`).
  var fingerprint: String {
    "epochs=\(epochs)+\(diffusionEpochs) \(schedule.rawValue) batch=\(batchSize)/"
      + "\(diffusionBatchSize)/\(reconstructionBatchSize) lr=\(learningRate)x\(finalLearningRateFactor) "
      + "val=\(validationFraction) avg=\(averagingFraction) patience=\(earlyStoppingPatience.map(String.init) ?? "none") "
      + "clip=\(gradientClipNorm.map { "\($0)" } ?? "none") seed=\(seed)"
      + (diffusionWarmStart ? "" : " cold-diffusion")
  }
}

/// The order in which the drift and diffusion networks are trained.
public enum TrainingSchedule: String, Sendable, Equatable, CaseIterable {
  /// Drift first, then diffusion with the drift frozen (default).
  case sequential
  /// The whole weighted sum at every step; covariance targets refreshed every epoch.
  case joint
}
