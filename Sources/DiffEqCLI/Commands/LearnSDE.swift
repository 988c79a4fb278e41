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
        Training runs in two phases: the drift network first (pointwise drift loss and, when \
        weighted, the noise-free reconstruction loss; --epochs), then the diffusion network with \
        the drift frozen (covariance loss; --diffusion-epochs). Adam on minibatches of \
        transitions, a validation split of the paths, optional early stopping.

        --output DIR receives checkpoint.safetensors after every epoch (so an interrupted run \
        continues with --resume), model.safetensors (the trained model), loss.csv, the learned \
        drift and σσᵀ on a grid over the data (field.csv and field_*.npy), noise-free \
        reconstructions of the first 5 paths (reconstruction.csv), and the plots loss.svg, \
        paths.svg and drift.svg (against the true drift with --true-drift).

        Example:
          diffeq simulate sde-ball --paths 1000 --output ball.npy
          diffeq learn-sde ball.npy --output learned --true-drift sde-ball
        """)

    @OptionGroup(title: "Input")
    var input: TrajectoryInputOptions

    @Option(parsing: .unconditional, help: ArgumentHelp(
      "Model order M ≥ 1: the state Z holds the observation and M − 1 derivatives.",
      valueName: "M"))
    var order: Int = 1

    @Option(help: ArgumentHelp(
      "Where derivative rows 1 … M−1 come from: empirical (forward differences of the data; the "
        + "last M − 1 observations of each path are lost) or supplied (the file holds all M·d "
        + "columns: x, x′, …).",
      valueName: "source"))
    var derivatives: DerivativeChoice = .empirical

    @Option(parsing: .unconditional, help: ArgumentHelp(
      "Number n ≥ 1 of Brownian motions driving the learned SDE.", valueName: "n"))
    var noiseDim: Int = 1

    @Flag(help: "For M ≥ 2: fix rows 0 … M−2 of the drift to the next row (ds = v dt) and learn only the last row.")
    var structured = false

    @Option(parsing: .unconditional, help: ArgumentHelp(
      "Hidden layer widths of both networks, comma-separated (each ≥ 1). Default: 20M,20M.",
      valueName: "widths"))
    var hiddenWidths: String?

    @OptionGroup(title: "Loss")
    var weights: LossWeightOptions

    @Option(help: ArgumentHelp(LearningMethodChoice.helpText, valueName: "method"))
    var method: LearningMethodChoice = .corrected

    @Option(parsing: .unconditional, help: ArgumentHelp(
      "RK4 sub-steps per observation interval for the corrected method (≥ 1; not with naive). "
        + "Default: 2.",
      valueName: "count"))
    var substeps: Int?

    @OptionGroup(title: "Training")
    var training: TrainingOptions

    @Option(parsing: .unconditional, help: ArgumentHelp(
      "Random seed (0 … 2⁶⁴−1) of the initial weights, the validation split and the shuffling; "
        + "the same seed reproduces the run.",
      valueName: "n"))
    var seed: UInt64 = 42

    @Option(help: ArgumentHelp(
      "The built-in system the data come from, to compare the learned drift (and σσᵀ) with the "
        + "truth and plot both: sde-ball, ou or gbm, with simulate's default parameters. Needs "
        + "--order 1.",
      valueName: "system"))
    var trueDrift: TrueSystemChoice?

    @Option(help: ArgumentHelp(
      "Output directory (created if missing) for checkpoint.safetensors, model.safetensors, "
        + "loss.csv, field.csv/.npy, reconstruction.csv and the plots loss.svg, paths.svg, drift.svg.",
      valueName: "dir"))
    var output: String = "learned"

    @Option(parsing: .unconditional, help: ArgumentHelp(
      "Paths of the learned SDE to simulate (DiffEq ensemble, Euler–Maruyama with 20 steps per "
        + "observation interval, from the first path's initial state) into simulated.csv and "
        + "simulated.svg (≥ 0; 0 skips it).",
      valueName: "count"))
    var simulatePaths: Int = 100

    @Flag(help: "Continue an interrupted run from checkpoint.safetensors in --output (same options required).")
    var resume = false

    @Option(help: .hidden)
    var stopAfterEpochs: Int?

    func validate() throws {
      if order < 1 { throw ValidationError("--order must be at least 1 (got \(order)).") }
      if noiseDim < 1 { throw ValidationError("--noise-dim must be at least 1 (got \(noiseDim)).") }
      if structured && order < 2 {
        throw ValidationError(
          "--structured needs --order ≥ 2 (got \(order)): it ties each derivative row to the next.")
      }
      if simulatePaths < 0 {
        throw ValidationError("--simulate-paths must be at least 0 (got \(simulatePaths)).")
      }
      if let substeps {
        if substeps < 1 { throw ValidationError("--substeps must be at least 1 (got \(substeps)).") }
        if method == .naive {
          throw ValidationError("--substeps applies to --method corrected; naive takes one Euler step per interval.")
        }
      }
      if hiddenWidths != nil { _ = try parsedHiddenWidths() }
      if trueDrift != nil {
        if order != 1 {
          throw ValidationError("--true-drift compares states of the built-in system: it needs --order 1.")
        }
      }
    }

    /// `--hidden-widths` as integers.
    func parsedHiddenWidths() throws -> [Int]? {
      guard let hiddenWidths else { return nil }
      let parts = hiddenWidths.split(separator: ",", omittingEmptySubsequences: false)
      let widths = parts.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
      guard widths.count == parts.count, !widths.isEmpty, widths.allSatisfy({ $0 >= 1 }) else {
        throw ValidationError(
          "--hidden-widths must be comma-separated integers ≥ 1, e.g. 40,40 (got '\(hiddenWidths)').")
      }
      return widths
    }

    func run() throws {
      let data = try input.read()
      guard let dt = data.dt, data.steps >= 2 else {
        throw CLIError(
          "'\(input.file)' has \(data.steps) observation per path: learning needs at least 2 equally spaced observations.")
      }
      let source = derivatives.source
      let d = source == .supplied ? data.dims / order : data.dims
      if source == .supplied, data.dims % order != 0 {
        throw CLIError(
          "--derivatives supplied needs M·d columns, but '\(input.file)' has \(data.dims) state "
            + "columns, not a multiple of --order \(order).")
      }
      let trueDrift = self.trueDrift?.system
      if let trueDrift, let expected = trueDrift.fixedDimension, expected != data.dims {
        throw CLIError(
          "--true-drift \(trueDrift.rawValue) has \(expected) state dimension\(expected == 1 ? "" : "s") "
            + "but '\(input.file)' has \(data.dims): give the system the data come from.")
      }
      try _makeDirectory(output)
      let checkpoint = _join(output, "checkpoint.safetensors")
      if resume, !FileManager.default.fileExists(atPath: checkpoint) {
        throw CLIError(
          "--resume: there is no checkpoint '\(checkpoint)' to continue from; run without --resume "
            + "to start training.")
      }

      let substeps = self.substeps ?? 2
      let model = NeuralSDEModel.Configuration(
        observedDimension: d, order: order, noiseDimension: noiseDim, isStructured: structured,
        hiddenWidths: try parsedHiddenWidths(), seed: seed)
      let configuration = LearningConfiguration(
        model: model, derivatives: source,
        losses: method.losses(weights: weights.weights, substeps: substeps),
        training: training.configuration(seed: seed, checkpointDirectory: output, resume: resume))

      print(
        "learn-sde: \(input.file): \(data.paths) paths × \(data.steps) observations × \(data.dims) "
          + "dimension\(data.dims == 1 ? "" : "s"), Δt = \(_formatNumber(dt))")
      print(
        "model: M = \(order), d = \(d), n = \(noiseDim)\(structured ? ", structured" : ""), hidden "
          + "\(model.resolvedHiddenWidths); \(method.rawValue) losses "
          + "(\(configuration.losses.weights))"
          + (method == .corrected ? ", RK4 × \(substeps) per interval" : "")
          + (training.diffusionWarmStart ? "" : "; diffusion from random weights (no warm start)"))

      let reporter = TrainingReporter(label: "learn-sde", stopAfterEpochs: stopAfterEpochs)
      let result: TrainingResult
      do {
        result = try learnSDE(from: data, configuration: configuration) { reporter.callback($0) }
      } catch {
        reporter.finish()
        throw CLIError("training failed: \(error)")
      }
      reporter.finish()
      let trained = result.model

      var status = "\(result.completedEpochs) of \(result.totalEpochs) epochs"
      if let start = result.resumedFromEpoch { status += " (resumed at epoch \(start))" }
      status += " in \(String(format: "%.1f", result.seconds)) s; \(result.trainingPaths.count) training / "
        + "\(result.validationPaths.count) validation paths"
      if !result.stoppedEarly.isEmpty {
        status += "; early stop in " + result.stoppedEarly.map(\.rawValue).joined(separator: ", ")
      }
      print("training: " + status)
      if let last = result.history.last(where: { $0.phase == .drift }) ?? result.history.last {
        print("final drift-phase losses: " + TrainingReporter.describe(last.training))
      }
      if let last = result.history.last(where: { $0.phase == .diffusion }) {
        print("final diffusion-phase losses: " + TrainingReporter.describe(last.training))
      }
      if result.interrupted {
        print("interrupted: the checkpoint in \(output) holds the last finished epoch; continue with --resume.")
      }

      // Evaluation over every observed state the model sees (row 0 … for M = 1: the data).
      let states = source == .supplied || order == 1 ? data.values : Self.observedStates(data)
      let D = model.stateDimension
      if order == 1 || source == .supplied {
        let sigma = try ModelEvaluation.meanDiffusionCovariance(trained, states: states)
        print("learned σσᵀ averaged over the data: " + Self.matrixText(sigma, D))
        if D <= 4, let fit = try? ModelEvaluation.affineDriftFit(trained, states: states) {
          print("affine fit of the learned drift μ(z) ≈ A z + b: A = " + Self.matrixText(fit.A, D)
            + ", b = [" + fit.b.map { _formatNumber($0, significant: 4) }.joined(separator: ", ") + "]")
        }
        if let trueDrift { try compare(trained, states: states, with: trueDrift, sigma: sigma) }
      }

      var outputs = LearnedModelOutputs(directory: output)
      try outputs.saveModel(trained)
      try outputs.writeLossHistory(result.history)
      try outputs.plotLossHistory(result.history, title: "learn-sde losses (\(method.rawValue))")
      if order == 1 || source == .supplied {
        let names = source == .supplied ? data.stateNames : data.stateNames
        let field = try outputs.writeField(trained, states: states, stateNames: names)
        try outputs.plotField(
          grid: field.grid, sweep: field.sweep, trueDrift: trueDrift.flatMap(Self.trueDrift2D),
          trueDrift1D: trueDrift.flatMap(Self.trueDrift1D), states: states, stateNames: names)
      }
      try outputs.writeReconstructions(
        trained, data: data, derivatives: source,
        truth: trueDrift == .sdeBall && Array(data.state(path: 0, step: 0)) == [0, 1]
          ? data.times.map { [sin($0), cos($0)] } : nil)
      if simulatePaths > 0 {
        try outputs.writeSimulatedPaths(
          trained, data: data, derivatives: source, paths: simulatePaths, substeps: 20, seed: seed)
      }
      print("wrote " + ([checkpoint] + outputs.written).joined(separator: ", "))
    }

    /// Compares the learned drift (and σσᵀ when constant) with a built-in system's.
    func compare(_ model: NeuralSDEModel, states: [Double], with system: SystemName, sigma: [Double]) throws {
      let error: Double
      var line = ""
      switch system {
      case .sdeBall:
        error = try ModelEvaluation.driftRelativeError(model, states: states) { z, mu in
          mu[0] = z[1]
          mu[1] = -z[0]
        }
        let sigmaError = try ModelEvaluation.relativeFrobeniusError(sigma, reference: [0.04, 0.02, 0.02, 0.01])
        line = ", σσᵀ vs [[0.04, 0.02], [0.02, 0.01]]: \(_percent(sigmaError)) (Frobenius)"
      case .ou:
        let ou = SystemName.defaultOU
        error = try ModelEvaluation.driftRelativeError(model, states: states) { z, mu in
          mu[0] = (ou.mean - z[0]) * ou.theta
        }
        let variance = ou.sigma * ou.sigma
        let sigmaError = try ModelEvaluation.relativeFrobeniusError(sigma, reference: [variance])
        line = ", σ² vs \(_formatNumber(variance)): \(_percent(sigmaError))"
      default:
        let rate = SystemName.defaultGBM.mu
        error = try ModelEvaluation.driftRelativeError(model, states: states) { z, mu in mu[0] = rate * z[0] }
      }
      print("vs true \(system.rawValue): drift relative L2 error \(_percent(error)) over the data" + line)
    }

    /// The observed rows of every state when derivatives are empirical (the data themselves).
    static func observedStates(_ data: TrajectorySet) -> [Double] { data.values }

    static func trueDrift2D(_ system: SystemName) -> ((Double, Double) -> (Double, Double))? {
      system == .sdeBall ? { x, y in (y, -x) } : nil
    }

    static func trueDrift1D(_ system: SystemName) -> ((Double) -> Double)? {
      switch system {
      case .ou:
        let ou = SystemName.defaultOU
        return { (ou.mean - $0) * ou.theta }
      case .gbm:
        let rate = SystemName.defaultGBM.mu
        return { rate * $0 }
      default: return nil
      }
    }

    /// `[[a, b], [c, d]]` with 4 significant digits.
    static func matrixText(_ m: [Double], _ n: Int) -> String {
      "[" + (0..<n).map { i in
        "[" + (0..<n).map { j in _formatNumber(m[i * n + j], significant: 4) }.joined(separator: ", ") + "]"
      }.joined(separator: ", ") + "]"
    }
  }
}
