import Foundation
import NeuralSDE
import Testing

/// `diffeq learn-sde`: short runs on small files, outputs, resume and invalid input.
@Suite struct LearnSDETests {
  /// A small SDE-ball data set (40 paths × 20 observations over [0, 3π]) in a fresh directory.
  static func ballData() throws -> URL {
    let dir = try TemporaryDirectory.make()
    let r = try Diffeq.run(
      ["simulate", "sde-ball", "--paths", "40", "--observations", "20", "--output", "ball.npy"], in: dir)
    #expect(r.exitCode == 0, "\(r)")
    return dir
  }

  static let small = ["--hidden-widths", "8,8", "--batch-size", "128", "--epochs", "4", "--diffusion-epochs", "2"]

  @Test func shortRunWritesItsOutputs() throws {
    let dir = try Self.ballData()
    let r = try Diffeq.run(["learn-sde", "ball.npy", "--output", "out", "--true-drift", "sde-ball"] + Self.small, in: dir)
    #expect(r.exitCode == 0, "\(r)")
    for text in ["6 of 6 epochs", "learned σσᵀ averaged over the data", "drift relative L2 error", "σσᵀ vs"] {
      #expect(r.stdout.contains(text), "missing '\(text)' in \(r)")
    }
    let out = dir.appendingPathComponent("out")
    for file in ["checkpoint.safetensors", "model.safetensors", "field_points.npy", "field_drift.npy", "field_diffusion.npy"] {
      #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(file).path), "missing \(file)")
    }
    for plot in ["loss.svg", "paths.svg", "drift.svg"] {
      let svg = try String(contentsOf: out.appendingPathComponent(plot), encoding: .utf8)
      #expect(svg.contains("<svg"), "\(plot) is not an SVG")
    }
    #expect(try String(contentsOf: out.appendingPathComponent("drift.svg"), encoding: .utf8).contains("true drift"))

    // Loss history: one row per epoch (4 drift + 2 diffusion), and training lowers the drift loss.
    let loss = try EstimateTests.readTable(out.appendingPathComponent("loss.csv"))
    #expect(loss.count == 6)
    let drift = loss.filter { $0["phase"] == "drift" }.compactMap { Double($0["train_drift"] ?? "") }
    #expect(drift.count == 4)
    #expect(drift[3] < drift[0], "drift loss \(drift) did not decrease")

    // The learned field on the default 15 × 15 grid, finite.
    let field = try EstimateTests.readTable(out.appendingPathComponent("field.csv"))
    #expect(field.count == 225)
    #expect(field.allSatisfy { row in ["mu_x1", "mu_x2", "sigma2_x1_x1"].allSatisfy { Double(row[$0] ?? "")?.isFinite == true } })

    // Reconstructions of the first 5 paths from their initial states, at the data's times.
    let rec = try TrajectorySet.readCSV(out.appendingPathComponent("reconstruction.csv").path)
    #expect(rec.paths == 5 && rec.steps == 20 && rec.dims == 2)
    let data = try TrajectorySet.readNPY(dir.appendingPathComponent("ball.npy").path, dt: 3 * Double.pi / 19)
    for p in 0..<5 { #expect(Array(rec.state(path: p, step: 0)) == Array(data.state(path: p, step: 0))) }

    // Paths of the learned SDE from the first observed state, at the data's times.
    let simulated = try TrajectorySet.readCSV(out.appendingPathComponent("simulated.csv").path)
    #expect(simulated.paths == 100 && simulated.steps == 20 && simulated.dims == 2)
    let timeError = zip(simulated.times, data.times).map { abs($0 - $1) }.max() ?? .infinity
    #expect(timeError < 1e-12)
    for p in 0..<100 { #expect(Array(simulated.state(path: p, step: 0)) == Array(data.state(path: 0, step: 0))) }
    let allFinite = simulated.values.allSatisfy { $0.isFinite }
    #expect(allFinite)

    // The saved model loads and describes the trained configuration.
    let model = try NeuralSDEModel.load(from: out.appendingPathComponent("model.safetensors").path)
    #expect(model.configuration.observedDimension == 2 && model.configuration.resolvedHiddenWidths == [8, 8])
  }

  /// Training interrupted after 3 epochs and resumed ends with the same model, bit for bit, as the
  /// uninterrupted run (the library's resume guarantee on one machine and build).
  @Test func interruptedTrainingResumesFromTheCheckpoint() throws {
    let dir = try Self.ballData()
    let full = try Diffeq.run(["learn-sde", "ball.npy", "--output", "full"] + Self.small, in: dir)
    #expect(full.exitCode == 0, "\(full)")
    let cut = try Diffeq.run(["learn-sde", "ball.npy", "--output", "cut", "--stop-after-epochs", "3"] + Self.small, in: dir)
    #expect(cut.exitCode == 0, "\(cut)")
    #expect(cut.stdout.contains("3 of 6 epochs") && cut.stdout.contains("--resume"), "\(cut)")
    let resumed = try Diffeq.run(["learn-sde", "ball.npy", "--output", "cut", "--resume"] + Self.small, in: dir)
    #expect(resumed.exitCode == 0, "\(resumed)")
    #expect(resumed.stdout.contains("resumed at epoch 3"), "\(resumed)")
    let a = try Data(contentsOf: dir.appendingPathComponent("full/model.safetensors"))
    let b = try Data(contentsOf: dir.appendingPathComponent("cut/model.safetensors"))
    #expect(a == b)
    let lossA = try String(contentsOf: dir.appendingPathComponent("full/loss.csv"), encoding: .utf8)
    let lossB = try String(contentsOf: dir.appendingPathComponent("cut/loss.csv"), encoding: .utf8)
    #expect(lossA == lossB)
  }

  @Test func resumeErrors() throws {
    let dir = try Self.ballData()
    try expectRuntimeError(
      ["learn-sde", "ball.npy", "--output", "none", "--resume"] + Self.small, in: dir,
      mentions: ["no checkpoint", "without --resume"])
    let first = try Diffeq.run(["learn-sde", "ball.npy", "--output", "out", "--stop-after-epochs", "1"] + Self.small, in: dir)
    #expect(first.exitCode == 0, "\(first)")
    try expectRuntimeError(
      ["learn-sde", "ball.npy", "--output", "out", "--resume", "--seed", "7"] + Self.small, in: dir,
      mentions: ["checkpoint"])
  }

  /// Order 2, structured, on 1-D OU data: the state gains an empirical derivative row and each path
  /// loses its last observation.
  @Test func secondOrderStructuredModel() throws {
    let dir = try TemporaryDirectory.make()
    let sim = try Diffeq.run(["simulate", "ou", "--paths", "30", "--observations", "25", "--output", "ou.csv"], in: dir)
    #expect(sim.exitCode == 0, "\(sim)")
    let r = try Diffeq.run(
      ["learn-sde", "ou.csv", "--order", "2", "--structured", "--output", "out"] + Self.small, in: dir)
    #expect(r.exitCode == 0, "\(r)")
    #expect(r.stdout.contains("M = 2, d = 1, n = 1, structured"), "\(r)")
    let rec = try TrajectorySet.readCSV(dir.appendingPathComponent("out/reconstruction.csv").path)
    #expect(rec.paths == 5 && rec.steps == 24 && rec.dims == 1)
  }

  @Test func oneDimensionalFieldAndTruth() throws {
    let dir = try TemporaryDirectory.make()
    let sim = try Diffeq.run(["simulate", "ou", "--paths", "30", "--observations", "25", "--output", "ou.csv"], in: dir)
    #expect(sim.exitCode == 0, "\(sim)")
    let r = try Diffeq.run(["learn-sde", "ou.csv", "--output", "out", "--true-drift", "ou", "--method", "naive"] + Self.small, in: dir)
    #expect(r.exitCode == 0, "\(r)")
    #expect(r.stdout.contains("vs true ou") && r.stdout.contains("σ² vs 0.25"), "\(r)")
    let field = try EstimateTests.readTable(dir.appendingPathComponent("out/field.csv"))
    #expect(field.count == 60)
    #expect(Set(field[0].keys) == ["x", "mu_x", "sigma2_x_x"])
    try expectRuntimeError(["learn-sde", "ou.csv", "--true-drift", "sde-ball"] + Self.small, in: dir, mentions: ["sde-ball", "2 state dimensions"])
  }

  /// `--no-diffusion-warm-start` reaches the library (the run says so) and still trains.
  @Test func diffusionWarmStartCanBeSwitchedOff() throws {
    let dir = try Self.ballData()
    let cold = try Diffeq.run(
      ["learn-sde", "ball.npy", "--output", "cold", "--no-diffusion-warm-start", "--simulate-paths", "0"] + Self.small, in: dir)
    #expect(cold.exitCode == 0, "\(cold)")
    #expect(cold.stdout.contains("no warm start"), "\(cold)")
    let warm = try Diffeq.run(["learn-sde", "ball.npy", "--output", "warm", "--simulate-paths", "0"] + Self.small, in: dir)
    #expect(warm.exitCode == 0, "\(warm)")
    #expect(!warm.stdout.contains("no warm start"), "\(warm)")
  }

  @Test func invalidOptions() throws {
    try expectUsageError(["learn-sde", "x.csv", "--order", "0"], mentions: ["--order must be at least 1"])
    try expectUsageError(["learn-sde", "x.csv", "--structured"], mentions: ["--structured needs --order ≥ 2"])
    try expectUsageError(["learn-sde", "x.csv", "--noise-dim", "0"], mentions: ["--noise-dim must be at least 1"])
    try expectUsageError(["learn-sde", "x.csv", "--method", "naive", "--substeps", "4"], mentions: ["--substeps applies to --method corrected"])
    try expectUsageError(["learn-sde", "x.csv", "--method", "exact"], mentions: ["exact", "naive", "corrected"])
    try expectUsageError(["learn-sde", "x.csv", "--true-drift", "lorenz"], mentions: ["lorenz", "sde-ball", "gbm"])
    try expectUsageError(["learn-sde", "x.csv", "--true-drift", "ou", "--order", "2"], mentions: ["needs --order 1"])
    try expectUsageError(["learn-sde", "x.csv", "--hidden-widths", "8,x"], mentions: ["--hidden-widths", "8,x"])
    try expectUsageError(["learn-sde", "x.csv", "--weight-drift", "-1"], mentions: ["--weight-drift must be", "≥ 0"])
    try expectUsageError(
      ["learn-sde", "x.csv", "--weight-drift", "0", "--weight-reconstruction", "0"], mentions: ["nothing would train the drift"])
    try expectUsageError(["learn-sde", "x.csv", "--learning-rate", "0"], mentions: ["--learning-rate must be"])
    try expectUsageError(["learn-sde", "x.csv", "--validation-fraction", "1"], mentions: ["--validation-fraction must be in [0, 1)"])
    try expectUsageError(
      ["learn-sde", "x.csv", "--patience", "3", "--validation-fraction", "0"], mentions: ["--patience needs validation paths"])
    try expectUsageError(["learn-sde", "x.csv", "--epochs", "0"], mentions: ["--epochs must be at least 1"])
    try expectUsageError(["learn-sde", "x.csv", "--simulate-paths", "-1"], mentions: ["--simulate-paths must be at least 0"])
  }
}
