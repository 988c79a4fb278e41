import Foundation
import Testing

/// `diffeq demo --quick`: the experiment runs end to end and the corrected method beats the naive.
@Suite struct DemoTests {
  /// The quick demo (600 paths, 10 + 5 epochs) prints one row per method and the goals, writes its
  /// files, and the corrected method's drift and σσᵀ errors are below the naive method's (in the
  /// quick run: about 7 % vs 11 % and 6 % vs 14 %; the naive bias alone is ≈ 9 % and ≈ 13 %).
  @Test(.enabled(
    if: Diffeq.isOptimizedBuild,
    "the quick demo trains two models: ~2 s in release but ~10 min in a debug build; run it with `swift test -c release` (make test)"))
  func quickDemo() throws {
    let dir = try TemporaryDirectory.make()
    let r = try Diffeq.run(["demo", "--quick", "--output", "demo"], in: dir)
    #expect(r.exitCode == 0, "\(r)")
    func row(_ method: String) -> [String]? {
      r.stdout.split(separator: "\n").map(String.init).first { $0.hasPrefix(method + " ") }?
        .split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    }
    guard let corrected = row("corrected"), let naive = row("naive") else {
      Issue.record("no method rows in \(r)")
      return
    }
    #expect(r.stdout.contains("goal"))
    // Columns: method, drift error, "%", mark, σσᵀ entries…, σσᵀ error, "%", mark, …
    let driftCorrected = Double(corrected[1]) ?? .nan, driftNaive = Double(naive[1]) ?? .nan
    #expect(driftCorrected < driftNaive, "drift errors corrected \(driftCorrected) naive \(driftNaive)")
    #expect(driftCorrected < 10, "corrected drift error \(driftCorrected) %")
    let sigmaCorrected = Double(corrected[7]) ?? .nan, sigmaNaive = Double(naive[7]) ?? .nan
    #expect(sigmaCorrected < sigmaNaive, "σσᵀ errors corrected \(sigmaCorrected) naive \(sigmaNaive)")
    let out = dir.appendingPathComponent("demo")
    for file in ["data.npy", "data.times.npy", "corrected-model.safetensors", "naive-model.safetensors",
                 "corrected-loss.csv", "corrected-field.csv", "drift.svg", "paths.svg", "loss.svg", "report.txt"] {
      #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(file).path), "missing \(file)")
    }
  }
}
