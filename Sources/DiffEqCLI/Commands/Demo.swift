import ArgumentParser
import DiffEq
import Foundation
import NeuralSDE
import SVGPlot

extension DiffEqCommand {
  /// `diffeq demo`: the SDE-ball experiment end to end.
  struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run the SDE-ball experiment end to end: simulate, learn drift and diffusion, report, plot.",
      discussion: """
        Simulates 3,000 paths of dX = Y dt + 0.2 dW, dY = −X dt + 0.1 dW from X0 = (0, 1) over \
        [0, 3π] at 50 observation times (fine sub-steps), learns the drift and diffusion \
        (M = 1, d = 2, n = 1) with the naive and the corrected method, and prints the learned vs \
        true drift error, σσᵀ against [[0.04, 0.02], [0.02, 0.01]] and the reconstruction error. \
        --quick runs a smaller version (fewer paths and epochs) in a few seconds.
        """)

    @Option(help: ArgumentHelp(
      "Directory for the data, plots and reports (created if missing).", valueName: "dir"))
    var output: String = "demo-output"

    @Flag(help: "A smaller, faster run (fewer paths and epochs) for a quick check.")
    var quick = false

    @OptionGroup(title: "Randomness")
    var random: RandomOptions

    func run() throws {
      throw CLIError("demo needs the NeuralSDE learner, which this build does not include yet.")
    }
  }
}
