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
        + "(≥ 2); emptier bins are shown as '-' and written as NaN.",
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
      if minCount < 2 {
        throw ValidationError(
          "--min-count must be at least 2 (got \(minCount)): a standard error needs two increments.")
      }
    }

    func run() throws {
      let data = try input.read()
      guard data.steps >= 2, let dt = data.dt else {
        throw CLIError(
          "'\(input.file)' has \(data.steps) observation time\(data.steps == 1 ? "" : "s") per path: "
            + "the estimators need at least 2 equally spaced observations.")
      }
      let span = data.times[data.steps - 1] - data.times[0]
      let d = data.dims
      print(
        "\(input.file): \(data.paths) path\(data.paths == 1 ? "" : "s") × \(data.steps) observations × "
          + "\(d) dimension\(d == 1 ? "" : "s"), Δt = \(_formatNumber(dt)), t in "
          + "[\(_formatNumber(data.times[0])), \(_formatNumber(data.times[data.steps - 1]))]")

      // Realized covariation per path, scaled by the span to estimate the time-averaged σσᵀ.
      let covariation = try RealizedCovariation(
        paths: data.values, pathCount: data.paths, sampleCount: data.steps, dimension: d)
      let names = data.stateNames
      print("\nRealized covariation / (t_last − t_0) ≈ time-averaged σσᵀ (mean over paths ± standard error):")
      var table = _Table(["entry", "estimate", "std. error"], leftAlignsFirstColumn: true)
      var covarianceRows: [[String]] = []
      for i in 0..<d {
        for j in i..<d {
          let estimate = covariation.mean[i * d + j] / span
          let error = covariation.standardError[i * d + j] / span
          table.add(["\(names[i])·\(names[j])", _formatNumber(estimate, significant: 5),
                     error.isNaN ? "-" : _formatNumber(error, significant: 2)])
          covarianceRows.append([names[i], names[j], "\(estimate)", "\(error)"])
        }
      }
      print(table.rendered)

      // Kramers–Moyal on the first one or two dimensions.
      let kmDimension = min(d, 2)
      let samples = kmDimension == d ? data.values : Self.firstColumns(data, count: kmDimension)
      if d > 2 {
        print("\nKramers–Moyal uses the first two dimensions (\(names[0]), \(names[1])) of \(d).")
      }
      var ranges: [ClosedRange<Double>] = []
      for i in 0..<kmDimension {
        let column = stride(from: i, to: samples.count, by: kmDimension).map { samples[$0] }
        let lower = column.min() ?? 0
        let upper = column.max() ?? 0
        guard lower < upper else {
          throw CLIError(
            "'\(names[i])' is constant (\(lower)) in '\(input.file)': Kramers–Moyal needs states "
              + "that vary.")
        }
        ranges.append(lower...upper)
      }
      let km = try KramersMoyal(
        samples: samples, dimension: kmDimension, dt: dt,
        bins: [Int](repeating: bins, count: kmDimension), ranges: ranges, pathCount: data.paths,
        minimumCount: minCount)
      let report = KramersMoyalReport(km: km, names: Array(names.prefix(kmDimension)))
      let reported = km.isUnderPopulated.filter { !$0 }.count
      print(
        "\nKramers–Moyal: drift ≈ mean(ΔX)/Δt, diffusion ≈ mean(ΔXΔXᵀ)/Δt per bin (± standard "
          + "error); \(reported) of \(km.counts.count) bins have ≥ \(minCount) increments:")
      print(report.table.rendered)

      guard let output else { return }
      try _makeDirectory(output)
      var written: [String] = []
      let covariationCSV = "row,column,estimate,standard_error\n"
        + covarianceRows.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
      written.append(try _writeText(covariationCSV, to: _join(output, "covariation.csv")))
      written.append(try _writeText(report.csv, to: _join(output, "km.csv")))
      let npyPath = _join(output, "km.npy")
      try NPYArray(shape: [km.counts.count, report.columns.count], values: report.matrix)
        .write(to: npyPath)
      written.append(npyPath)
      let plotPath = _join(output, "km.svg")
      try report.figure(data: samples).write(to: plotPath)
      written.append(plotPath)
      print("\nwrote " + written.joined(separator: ", "))
    }

    /// The first `count` state columns of every sample (`paths × steps × count`).
    static func firstColumns(_ data: TrajectorySet, count: Int) -> [Double] {
      var out: [Double] = []
      out.reserveCapacity(data.paths * data.steps * count)
      for r in 0..<(data.paths * data.steps) {
        out.append(contentsOf: data.values[(r * data.dims)..<(r * data.dims + count)])
      }
      return out
    }
  }
}
