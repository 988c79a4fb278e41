import Foundation
import NeuralSDE
import Testing

/// `diffeq estimate`: simulate → estimate round trips and invalid input.
@Suite struct EstimateTests {
  /// The rows of a CSV file written by `estimate`, as dictionaries by column name.
  static func readTable(_ url: URL) throws -> [[String: String]] {
    let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
    guard let header = lines.first?.split(separator: ",").map(String.init) else { return [] }
    return lines.dropFirst().map { line in
      Dictionary(uniqueKeysWithValues: zip(header, line.split(separator: ",").map(String.init)))
    }
  }

  /// SDE ball observed finely (Δt = 5e-4 on [0, 1]): realized covariation / T and the
  /// count-weighted Kramers–Moyal diffusion recover σσᵀ = [[0.04, 0.02], [0.02, 0.01]] within 10 %
  /// (Frobenius). Expected error: drift bias ≈ E[μμᵀ]Δt ≈ 5e-4·I (≈ 1 % of ‖σσᵀ‖ = 0.05) plus
  /// sampling error ≈ ‖σσᵀ‖·√(2Δt/(T·paths)) ≈ 0.3 %.
  @Test func sdeBallRoundTripRecoversSigmaSigmaT() throws {
    let dir = try TemporaryDirectory.make()
    let sim = try Diffeq.run(
      ["simulate", "sde-ball", "--t1", "1", "--observations", "2001", "--substeps", "1",
       "--paths", "20", "--output", "ball.npy"], in: dir)
    #expect(sim.exitCode == 0, "\(sim)")
    let est = try Diffeq.run(["estimate", "ball.npy", "--bins", "4", "--output", "out"], in: dir)
    #expect(est.exitCode == 0, "\(est)")
    #expect(est.stdout.contains("Realized covariation") && est.stdout.contains("Kramers–Moyal"))

    let truth: [String: Double] = ["x1x1": 0.04, "x1x2": 0.02, "x2x2": 0.01]
    let norm = (0.04 * 0.04 + 2 * 0.02 * 0.02 + 0.01 * 0.01).squareRoot()
    func frobeniusError(_ estimate: [String: Double]) -> Double {
      let offDiagonal = 2 * pow(estimate["x1x2"]! - 0.02, 2)
      return (pow(estimate["x1x1"]! - 0.04, 2) + offDiagonal + pow(estimate["x2x2"]! - 0.01, 2)).squareRoot() / norm
    }
    var covariation: [String: Double] = [:]
    for row in try Self.readTable(dir.appendingPathComponent("out/covariation.csv")) {
      covariation[row["row"]! + row["column"]!] = Double(row["estimate"]!)
    }
    #expect(Set(covariation.keys) == Set(truth.keys))
    #expect(frobeniusError(covariation) < 0.10, "covariation \(covariation)")

    var weighted: [String: Double] = [:]
    var total = 0.0
    for row in try Self.readTable(dir.appendingPathComponent("out/km.csv")) {
      guard let value = Double(row["diffusion_x1x1"]!), !value.isNaN, let count = Double(row["count"]!) else { continue }
      total += count
      for key in truth.keys { weighted[key, default: 0] += count * Double(row["diffusion_" + key]!)! }
    }
    #expect(total > 0)
    let kmDiffusion = weighted.mapValues { $0 / total }
    #expect(frobeniusError(kmDiffusion) < 0.10, "Kramers–Moyal \(kmDiffusion)")

    let npy = try NPYArray.read(from: dir.appendingPathComponent("out/km.npy").path)
    #expect(npy.shape == [16, 13])  // 4×4 bins × (2 centres, count, 2+2 drift, 3+3 diffusion)
    let svg = try String(contentsOf: dir.appendingPathComponent("out/km.svg"), encoding: .utf8)
    #expect(svg.contains("<svg") && svg.contains("Kramers–Moyal drift field"))
  }

  /// OU (θ = 1, σ = 0.5) at Δt = 0.05: the Kramers–Moyal drift slope is
  /// −(1 − e^{−θΔt})/Δt = −0.975 (count-weighted least squares over populated bins, within 10 %),
  /// and the 1-D diffusion ≈ σ²(1 − θΔt) + θ²E[x²]Δt ≈ 0.244 is within 10 % of σ² = 0.25.
  @Test func ornsteinUhlenbeckDriftSlope() throws {
    let dir = try TemporaryDirectory.make()
    let sim = try Diffeq.run(
      ["simulate", "ou", "--paths", "300", "--observations", "201", "--output", "ou.csv", "--seed", "5"], in: dir)
    #expect(sim.exitCode == 0, "\(sim)")
    let est = try Diffeq.run(["estimate", "ou.csv", "--bins", "8", "--min-count", "50", "--output", "out"], in: dir)
    #expect(est.exitCode == 0, "\(est)")
    var (sw, sx, sy, sxx, sxy, sd) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    for row in try Self.readTable(dir.appendingPathComponent("out/km.csv")) {
      guard let drift = Double(row["drift_x"]!), !drift.isNaN else { continue }
      let (x, w) = (Double(row["center_x"]!)!, Double(row["count"]!)!)
      sw += w; sx += w * x; sy += w * drift; sxx += w * x * x; sxy += w * x * drift
      sd += w * Double(row["diffusion_xx"]!)!
    }
    let slope = (sw * sxy - sx * sy) / (sw * sxx - sx * sx)
    let expected = -(1 - exp(-0.05)) / 0.05
    #expect(abs(slope / expected - 1) < 0.10, "slope \(slope) vs \(expected)")
    #expect(abs(sd / sw / 0.25 - 1) < 0.10, "diffusion \(sd / sw)")
  }

  @Test func invalidOptions() throws {
    try expectUsageError(["estimate", "x.csv", "--bins", "0"], mentions: ["--bins must be at least 1"])
    try expectUsageError(["estimate", "x.csv", "--min-count", "1"], mentions: ["--min-count must be at least 2"])
  }

  @Test func unusableData() throws {
    let dir = try TemporaryDirectory.make()
    try "path,t,x\n0,0,1\n1,0,2\n".write(to: dir.appendingPathComponent("one.csv"), atomically: true, encoding: .utf8)
    try expectRuntimeError(["estimate", "one.csv"], in: dir, mentions: ["one.csv", "at least 2"])
    try "path,t,x\n0,0,1\n0,1,1\n0,2,1\n".write(to: dir.appendingPathComponent("flat.csv"), atomically: true, encoding: .utf8)
    try expectRuntimeError(["estimate", "flat.csv"], in: dir, mentions: ["'x' is constant"])
    try "path,t,x\n0,0,1\n0,1,2\n0,2,1\n".write(to: dir.appendingPathComponent("ok.csv"), atomically: true, encoding: .utf8)
    try "".write(to: dir.appendingPathComponent("taken"), atomically: true, encoding: .utf8)
    try expectRuntimeError(["estimate", "ok.csv", "--min-count", "2", "--output", "taken"], in: dir, mentions: ["'taken'", "not a directory"])
  }
}
