import ArgumentParser
import DiffEq
import Foundation
import NeuralSDE
import SVGPlot

extension DiffEqCommand {
  /// `diffeq learn-sde <file>`: fit neural drift and diffusion networks to trajectory data.
  struct LearnSDE: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "learn-sde",
      abstract: "Learn an SDE dZ = μ(Z) dt + σ(Z) dW (neural drift and diffusion) from trajectories.",
      discussion: """
        The loss is the weighted sum of a pointwise drift loss, a covariance loss and a noise-free \
        reconstruction loss (weights --weight-drift, --weight-covariance, --weight-reconstruction). \
        With --output DIR it writes the checkpoint (model.safetensors), the learned drift and \
        diffusion on a grid (field.csv/.npy), reconstructions (reconstruction.csv), the loss \
        history (loss.csv) and plots (*.svg). --resume continues from the checkpoint in DIR.

        Example:
          diffeq simulate sde-ball --paths 1000 --output ball.npy
          diffeq learn-sde ball.npy --epochs 100 --output learned --true-drift sde-ball
        """)

    @OptionGroup(title: "Input")
    var input: TrajectoryInputOptions

    @Option(parsing: .unconditional, help: ArgumentHelp(
      "Model order M ≥ 1: the state holds the observation and M − 1 empirical derivatives "
        + "(the last M − 1 observations of each path are lost).",
      valueName: "M"))
    var order: Int = 1

    @Option(parsing: .unconditional, help: ArgumentHelp("Number n ≥ 1 of Brownian motions driving the learned SDE.", valueName: "n"))
    var noiseDim: Int = 1

    @Flag(help: "For M ≥ 2: fix rows 0 … M−2 of the drift to the next row (ds = v dt) and learn only the last row.")
    var structured = false

    @OptionGroup(title: "Loss")
    var weights: LossWeightOptions

    @Option(help: ArgumentHelp(LearningMethodChoice.helpText, valueName: "method"))
    var method: LearningMethodChoice = .corrected

    @Option(parsing: .unconditional, help: ArgumentHelp(
      "Integration sub-steps per observation interval for the corrected method (≥ 1).",
      valueName: "count"))
    var substeps: Int = 4

    @OptionGroup(title: "Training")
    var training: TrainingOptions

    @OptionGroup(title: "Randomness")
    var random: RandomOptions

    @Option(help: ArgumentHelp(
      "Built-in system whose true drift to compare against and plot: sde-ball, ou or gbm "
        + "(with simulate's default parameters).",
      valueName: "system"))
    var trueDrift: SystemName?

    @Option(help: ArgumentHelp(
      "Output directory (created if missing) for the checkpoint, learned fields, reconstructions, "
        + "loss history and plots.",
      valueName: "dir"))
    var output: String = "learned"

    @Flag(help: "Continue training from the checkpoint in --output instead of starting afresh.")
    var resume = false

    func validate() throws {
      if order < 1 { throw ValidationError("--order must be at least 1 (got \(order)).") }
      if noiseDim < 1 { throw ValidationError("--noise-dim must be at least 1 (got \(noiseDim)).") }
      if structured && order < 2 {
        throw ValidationError(
          "--structured needs --order ≥ 2 (got \(order)): it ties each derivative row to the next.")
      }
      if substeps < 1 { throw ValidationError("--substeps must be at least 1 (got \(substeps)).") }
      if let trueDrift, trueDrift == .lorenz || trueDrift == .linear {
        throw ValidationError(
          "--true-drift must be sde-ball, ou or gbm (got \(trueDrift.rawValue)).")
      }
    }

    func run() throws {
      _ = try input.read()
      throw CLIError("learn-sde needs the NeuralSDE learner, which this build does not include yet.")
    }
  }
}
