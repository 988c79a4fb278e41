import ArgumentParser
import NeuralSDE

/// The optimisation settings shared by `learn-sde` and `demo` (NeuralSDE's
/// `TrainingConfiguration`): sequential phases, drift first, then diffusion with the drift frozen.
struct TrainingOptions: ParsableArguments {
  @Option(parsing: .unconditional, help: ArgumentHelp(
    "Epochs of the drift phase (≥ 1): passes over the training transitions.", valueName: "count"))
  var epochs: Int = 30

  @Option(parsing: .unconditional, help: ArgumentHelp(
    "Epochs of the diffusion phase, drift frozen (≥ 0).", valueName: "count"))
  var diffusionEpochs: Int = 15

  @Option(parsing: .unconditional, help: ArgumentHelp(
    "Transitions (Zₖ, Zₖ₊₁) per drift minibatch, not paths (≥ 1): each step draws this many "
      + "consecutive-observation pairs from all training paths; diffusion minibatches hold 4× as "
      + "many. Reconstruction-loss windows (when that loss is weighted) are drawn separately, 64 per step.",
    valueName: "count"))
  var batchSize: Int = 1024

  @Option(parsing: .unconditional, help: ArgumentHelp(
    "Adam's initial learning rate (> 0), decayed exponentially to 0.1× over each phase.",
    valueName: "rate"))
  var learningRate: Double = 3e-3

  @Option(parsing: .unconditional, help: ArgumentHelp(
    "Fraction of paths held out for validation and early stopping, in [0, 1).",
    valueName: "fraction"))
  var validationFraction: Double = 0.1

  @Option(parsing: .unconditional, help: ArgumentHelp(
    "End a phase after this many epochs without a lower validation loss and keep its best "
      + "epoch (≥ 1; needs --validation-fraction > 0). Default: no early stopping.",
    valueName: "epochs"))
  var patience: Int?

  @Flag(inversion: .prefixedNo, help: ArgumentHelp(
    "Start the diffusion phase from the constant σ that fits the residual covariance (output "
      + "layer zero, bias from its eigen-decomposition), so σ has one sign everywhere. "
      + "--no-diffusion-warm-start keeps the random initial weights, which can leave σ with opposite "
      + "signs in different regions and near-zero diffusion between them (see Docs/NeuralSDE.md)."))
  var diffusionWarmStart = true

  func validate() throws {
    if epochs < 1 { throw ValidationError("--epochs must be at least 1 (got \(epochs)).") }
    if diffusionEpochs < 0 {
      throw ValidationError("--diffusion-epochs must be at least 0 (got \(diffusionEpochs)).")
    }
    if batchSize < 1 { throw ValidationError("--batch-size must be at least 1 (got \(batchSize)).") }
    if !(learningRate.isFinite && learningRate > 0) {
      throw ValidationError("--learning-rate must be a finite number > 0 (got \(learningRate)); try 3e-3.")
    }
    if !(validationFraction >= 0 && validationFraction < 1) {
      throw ValidationError(
        "--validation-fraction must be in [0, 1) (got \(validationFraction)); 0.1 holds out 10 % of the paths.")
    }
    if let patience {
      if patience < 1 { throw ValidationError("--patience must be at least 1 (got \(patience)).") }
      if validationFraction == 0 {
        throw ValidationError("--patience needs validation paths: set --validation-fraction > 0.")
      }
    }
  }

  /// The library's training configuration for these options.
  func configuration(seed: UInt64, checkpointDirectory: String?, resume: Bool) -> TrainingConfiguration {
    TrainingConfiguration(
      epochs: epochs, diffusionEpochs: diffusionEpochs, batchSize: batchSize,
      diffusionBatchSize: 4 * batchSize, learningRate: Float(learningRate),
      validationFraction: validationFraction, earlyStoppingPatience: patience, seed: seed,
      checkpointDirectory: checkpointDirectory, resume: resume,
      diffusionWarmStart: diffusionWarmStart)
  }
}
