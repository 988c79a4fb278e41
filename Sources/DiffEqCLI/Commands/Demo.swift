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
        [0, 3π] at 50 observation times (100 Euler–Maruyama sub-steps per interval), learns the \
        drift and diffusion (M = 1, d = 2, n = 1) with the corrected and the naive method, and \
        prints for each the relative L2 error of the learned drift against (y, −x) over the data \
        (goal ≤ 5 %), the learned σσᵀ averaged over the data against [[0.04, 0.02], [0.02, 0.01]] \
        (goal ≤ 10 %), the pointwise σσᵀ(x) error over the data (goal ≤ 20 %) and the largest \
        error of the noise-free reconstruction from (0, 1) against (sin t, cos t) (goal ≤ 0.1). \
        For the corrected method it also simulates 1,000 paths of the learned SDE and compares \
        their covariance at t ≈ 1.9 and at 3π with the exact one (goal ≤ 20 %). The goals are \
        for the full run; --quick trains too little to meet them.

        Writes to --output: data.npy and data.times.npy, per method (corrected-, naive-) \
        model.safetensors, loss.csv and field.csv/.npy, and the plots drift.svg, paths.svg, \
        loss.svg; report.txt holds the printed report. --quick runs 600 paths and fewer epochs.
        """)

    @Option(help: ArgumentHelp(
      "Directory for the data, models, plots and report (created if missing).", valueName: "dir"))
    var output: String = "demo-output"

    @Flag(help: "A smaller, faster run (600 paths, 10 + 5 epochs) for a quick check.")
    var quick = false

    @Option(parsing: .unconditional, help: ArgumentHelp(
      "Random seed (0 … 2⁶⁴−1): the simulation uses it, the initial weights seed + 2 and the "
        + "training's shuffling seed + 4.",
      valueName: "n"))
    var seed: UInt64 = 1

    @Flag(help: "Continue interrupted training from the checkpoints in --output (corrected/, naive/).")
    var resume = false

    func run() throws {
      try _makeDirectory(output)
      var configuration = SDEBallExperiment.Configuration()
      configuration.simulationSeed = seed
      configuration.learning.model.seed = seed &+ 2
      configuration.learning.training.seed = seed &+ 4
      configuration.learning.training.checkpointDirectory = output
      configuration.learning.training.resume = resume
      if quick {
        configuration.paths = 600
        configuration.learning.training.epochs = 10
        configuration.learning.training.diffusionEpochs = 5
      }
      let training = configuration.learning.training
      print(
        "SDE-ball demo: \(configuration.paths) paths × \(configuration.observations) observations over "
          + "[0, 3π] (Δt = \(_formatNumber(configuration.dt, significant: 4)), "
          + "\(configuration.simulationSubsteps) sub-steps), learning M = 1, d = 2, n = 1 with "
          + "\(training.epochs) + \(training.diffusionEpochs) epochs per method")

      var reporter: TrainingReporter?
      var currentMethod: EstimationMethod?
      let report: SDEBallExperiment.Report
      do {
        report = try SDEBallExperiment.run(configuration) { p in
          if currentMethod != p.method {
            reporter?.finish()
            reporter = TrainingReporter(label: "demo \(p.method.rawValue)")
            currentMethod = p.method
          }
          return reporter?.callback(p.training) ?? .proceed
        }
      } catch {
        reporter?.finish()
        throw CLIError("the SDE-ball experiment failed: \(error)")
      }
      reporter?.finish()

      let text = Self.reportText(report)
      print(text)
      try writeOutputs(report, text: text)
    }

    /// The printed report: one row per method with each measure against its goal.
    static func reportText(_ report: SDEBallExperiment.Report) -> String {
      let methods = [report.corrected] + (report.naive.map { [$0] } ?? [])
      var table = _Table(
        ["method", "drift error", "mean σσᵀ (xx, xy, yy)", "σσᵀ error", "reconstruction max error",
         "epochs", "training"], leftAlignsFirstColumn: true)
      func mark(_ ok: Bool) -> String { ok ? " ✓" : " ✗" }
      for r in methods {
        let s = r.meanDiffusionCovariance
        table.add([
          r.method.rawValue, _percent(r.driftRelativeError) + mark(r.driftRelativeError <= 0.05),
          [s[0], s[1], s[3]].map { String(format: "%.4f", $0) }.joined(separator: ", "),
          _percent(r.diffusionRelativeError) + mark(r.diffusionRelativeError <= 0.10),
          String(format: "%.3f", r.reconstructionMaxError) + mark(r.reconstructionMaxError <= 0.1),
          "\(r.training.completedEpochs)", String(format: "%.1f s", r.training.seconds),
        ])
      }
      table.add(["goal", "≤ 5.0 %", "0.0400, 0.0200, 0.0100", "≤ 10.0 %", "≤ 0.100", "", ""])
      var lines = [
        "", "Learned vs true SDE ball (drift (y, −x), σσᵀ = [[0.04, 0.02], [0.02, 0.01]], "
          + "noise-free solution (sin t, cos t)):", table.rendered, "",
      ]
      for r in methods {
        let a = r.fittedDriftMatrix
        lines.append(
          "\(r.method.rawValue): linear fit of the learned drift A = [[\(String(format: "%.4f", a[0])), "
            + "\(String(format: "%.4f", a[1]))], [\(String(format: "%.4f", a[2])), \(String(format: "%.4f", a[3]))]] "
            + "(true [[0, 1], [−1, 0]])")
      }
      if report.naive != nil {
        lines.append(
          "The naive one-step fit converges to (e^{AΔt} − I)/Δt, not A, and to the one-step residual "
            + "covariance; the corrected method integrates within each interval and removes both biases.")
      }
      for r in methods {
        var line = "\(r.method.rawValue): learned σσᵀ(x) over the data: pointwise error "
          + _percent(r.pointwiseDiffusionRelativeError) + mark(r.pointwiseDiffusionRelativeError <= 0.20)
          + " (goal ≤ 20 %), 95th/5th percentile of tr σσᵀ " + String(format: "%.2f", r.diffusionTraceSpread)
          + " (truth: constant, 1.00)"
        if let spread = r.simulatedSpread {
          line += "\n  \(spread.paths) paths simulated from the learned SDE from (0, 1), covariance vs exact:"
          for (k, t) in spread.times.enumerated() {
            let s = spread.simulatedCovariances[k]
            let p = spread.exactCovariances[k]
            line += "\n    t = " + String(format: "%.2f", t) + ": simulated ["
              + [s[0], s[1], s[3]].map { String(format: "%.4f", $0) }.joined(separator: ", ") + "] exact ["
              + [p[0], p[1], p[3]].map { String(format: "%.4f", $0) }.joined(separator: ", ") + "] error "
              + _percent(spread.relativeErrors[k]) + mark(spread.relativeErrors[k] <= 0.20) + " (goal ≤ 20 %)"
          }
        }
        lines.append(line)
      }
      let c = report.corrected
      let met = c.driftRelativeError <= 0.05 && c.diffusionRelativeError <= 0.10 && c.reconstructionMaxError <= 0.1
        && c.pointwiseDiffusionRelativeError <= 0.20 && (c.simulatedSpread?.maxRelativeError ?? 0) <= 0.20
      lines.append(
        "Goals \(met ? "met" : "NOT met") by the corrected method. Total \(String(format: "%.1f", report.totalSeconds)) s "
          + "(simulation \(String(format: "%.2f", report.simulationSeconds)) s).")
      return lines.joined(separator: "\n")
    }

    func writeOutputs(_ report: SDEBallExperiment.Report, text: String) throws {
      var written: [String] = []
      let data = _join(output, "data.npy")
      written += try TrajectoryFileFormat.npy.write(report.data, to: data)
      let states = report.data.values
      let names = report.data.stateNames
      var history: [(String, [EpochRecord])] = []
      for r in [report.corrected] + (report.naive.map { [$0] } ?? []) {
        var outputs = LearnedModelOutputs(directory: output, prefix: r.method.rawValue + "-")
        try outputs.saveModel(r.model)
        try outputs.writeLossHistory(r.training.history)
        _ = try outputs.writeField(r.model, states: states, stateNames: names)
        written += outputs.written
        history.append((r.method.rawValue, r.training.history))
      }

      // drift.svg: learned fields of both methods and the truth on the corrected grid.
      let grid = report.corrected.grid
      let count = grid.points.count / 2
      let x = (0..<count).map { grid.points[2 * $0] }
      let y = (0..<count).map { grid.points[2 * $0 + 1] }
      var figures = FigureGrid(columns: report.naive == nil ? 2 : 3, cellWidth: 520, cellHeight: 520)
      let (dataX, dataY) = Plots.subsample(states, dimension: 2)
      func panel(_ title: String, _ u: [Double], _ v: [Double], _ color: String) -> Figure {
        var f = Figure(width: 520, height: 520, title: title)
        f.xLabel = "x"
        f.yLabel = "y"
        f.equalAspect = true
        f.scatter(x: dataX, y: dataY, label: "data", color: "#b0b0b0", radius: 1.6)
        f.quiver(x: x, y: y, u: u, v: v, label: "drift", color: color)
        return f
      }
      let corrected = report.corrected.grid
      figures.add(panel(
        "corrected: learned drift", (0..<count).map { corrected.drift[2 * $0] },
        (0..<count).map { corrected.drift[2 * $0 + 1] }, Figure.palette[0]))
      if let naive = report.naive {
        let g = try FieldGrid.evaluate(
          naive.model, xRange: grid.xs[0]...grid.xs[grid.xs.count - 1],
          yRange: grid.ys[0]...grid.ys[grid.ys.count - 1], resolution: (grid.xs.count, grid.ys.count))
        figures.add(panel(
          "naive: learned drift", (0..<count).map { g.drift[2 * $0] }, (0..<count).map { g.drift[2 * $0 + 1] },
          Figure.palette[1]))
      }
      figures.add(panel(
        "true drift (y, −x)", (0..<count).map { report.trueGridDrift[2 * $0] },
        (0..<count).map { report.trueGridDrift[2 * $0 + 1] }, "black"))
      let driftFile = _join(output, "drift.svg")
      try figures.write(to: driftFile)
      written.append(driftFile)

      // paths.svg: a few observed paths, the reconstructions from (0, 1) and (sin t, cos t).
      let times = report.data.times
      var panels = FigureGrid(columns: 2, cellWidth: 600, cellHeight: 400)
      for (dim, name) in ["x", "y"].enumerated() {
        var f = Figure(title: "\(name)(t): observed paths, noise-free reconstructions, truth")
        f.xLabel = "t"
        f.yLabel = name
        for p in 0..<min(5, report.data.paths) {
          f.line(
            x: times, y: (0..<times.count).map { report.data[path: p, step: $0, dim: dim] },
            label: p == 0 ? "observed" : nil, color: "#999999", width: 0.8)
        }
        for (i, r) in ([report.corrected] + (report.naive.map { [$0] } ?? [])).enumerated() {
          f.line(
            x: times, y: (0..<times.count).map { r.reconstruction[2 * $0 + dim] },
            label: "\(r.method.rawValue) reconstruction", color: Figure.palette[i], width: 1.8)
        }
        f.line(
          x: times, y: (0..<times.count).map { report.trueSolution[2 * $0 + dim] }, label: "sin/cos",
          color: "black", dashed: true)
        panels.add(f)
      }
      let pathsFile = _join(output, "paths.svg")
      try panels.write(to: pathsFile)
      written.append(pathsFile)

      // loss.svg: per phase, the training loss of both methods (the naive dashed).
      var lossGrid = FigureGrid(columns: 2, cellWidth: 560, cellHeight: 420)
      for (title, term) in [("drift phase: pointwise drift loss", \LossTerms.pointwise),
                            ("diffusion phase: covariance loss", \LossTerms.covariance)] {
        var f = Figure(width: 560, height: 420, title: title)
        f.xLabel = "epoch"
        f.yLabel = "training loss"
        f.logY = true
        for (i, (name, records)) in history.enumerated() {
          let kept = records.filter { $0.training[keyPath: term] != nil }
          f.line(
            x: kept.map { Double($0.epoch + 1) }, y: kept.map { $0.training[keyPath: term] ?? .nan },
            label: name, color: Figure.palette[i], dashed: name == "naive")
        }
        lossGrid.add(f)
      }
      let lossFile = _join(output, "loss.svg")
      try lossGrid.write(to: lossFile)
      written.append(lossFile)

      written.append(try _writeText(text + "\n", to: _join(output, "report.txt")))
      print("wrote " + written.joined(separator: ", "))
    }
  }
}
