import ArgumentParser

/// The optimisation settings shared by `learn-sde` and `demo`.
struct TrainingOptions: ParsableArguments {
  @Option(parsing: .unconditional, help: ArgumentHelp("Passes over the training paths (≥ 1).", valueName: "count"))
  var epochs: Int = 200

  @Option(parsing: .unconditional, help: ArgumentHelp("Paths per minibatch (≥ 1).", valueName: "count"))
  var batchSize: Int = 64

  @Option(parsing: .unconditional, help: ArgumentHelp("Adam learning rate (> 0).", valueName: "rate"))
  var learningRate: Double = 3e-3

  @Option(parsing: .unconditional, help: ArgumentHelp(
    "Fraction of paths held out for validation and early stopping, in [0, 1).",
    valueName: "fraction"))
  var validationFraction: Double = 0.1

  @Option(parsing: .unconditional, help: ArgumentHelp(
    "Stop after this many epochs without a lower validation loss (≥ 1; needs "
      + "--validation-fraction > 0).",
    valueName: "epochs"))
  var patience: Int = 20

  func validate() throws {
    if epochs < 1 { throw ValidationError("--epochs must be at least 1 (got \(epochs)).") }
    if batchSize < 1 { throw ValidationError("--batch-size must be at least 1 (got \(batchSize)).") }
    if !(learningRate.isFinite && learningRate > 0) {
      throw ValidationError("--learning-rate must be a finite number > 0 (got \(learningRate)); try 1e-3.")
    }
    if !(validationFraction >= 0 && validationFraction < 1) {
      throw ValidationError(
        "--validation-fraction must be in [0, 1) (got \(validationFraction)); 0.1 holds out 10 % of the paths.")
    }
    if patience < 1 { throw ValidationError("--patience must be at least 1 (got \(patience)).") }
  }
}
