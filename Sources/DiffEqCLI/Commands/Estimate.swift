import ArgumentParser
import DiffEq
import Foundation
import NeuralSDE
import SVGPlot

extension DiffEqCommand {
  /// `diffeq estimate <file>`: model-free estimates of the diffusion and drift of trajectory data.
  struct Estimate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Estimate diffusion (realized covariation) and drift/diffusion fields "
        + "(Kramers–Moyal) from trajectory data.",
      discussion: """
        Realized covariation: for each path, Σₖ ΔXₖΔXₖᵀ / (t_last − t_0) estimates the time-averaged \
        σσᵀ; the table shows the mean over paths and its standard error (standard deviation over \
        paths / √paths).

        Kramers–Moyal: the state space (1-D, or the first two dimensions) is cut into --bins equal \
        bins per dimension spanning the observed range; in each bin with at least --min-count \
        increments, drift ≈ mean(ΔX)/Δt and diffusion ≈ mean(ΔXΔXᵀ)/Δt. Both have O(Δt) bias for \
        coarsely observed data.

        With --output DIR: km.csv and km.npy (binned estimates), covariation.csv, and km.svg.
        """)

    @OptionGroup(title: "Input")
    var input: TrajectoryInputOptions

    @Option(parsing: .unconditional, help: ArgumentHelp(
      "Kramers–Moyal bins per state dimension (≥ 1), equal widths over the observed range.",
      valueName: "count"))
    var bins: Int = 12

    @Option(parsing: .unconditional, help: ArgumentHelp(
      "Smallest number of increments a bin needs for its Kramers–Moyal estimate to be reported "
        + "(≥ 1); emptier bins are shown as '-' and written as NaN.",
      valueName: "count"))
    var minCount: Int = 20

    @Option(help: ArgumentHelp(
      "Directory for km.csv, km.npy, covariation.csv and km.svg (created if missing). "
        + "Default: print tables only.",
      valueName: "dir"))
    var output: String?

    func validate() throws {
      if bins < 1 { throw ValidationError("--bins must be at least 1 (got \(bins)).") }
      if bins > 1000 {
        throw ValidationError("--bins must be at most 1000 (got \(bins)): use fewer, wider bins.")
      }
      if minCount < 1 { throw ValidationError("--min-count must be at least 1 (got \(minCount)).") }
    }

    func run() throws {
      _ = try input.read()
      throw CLIError("estimate needs the estimators of DiffEq, which this build does not include yet.")
    }
  }
}
