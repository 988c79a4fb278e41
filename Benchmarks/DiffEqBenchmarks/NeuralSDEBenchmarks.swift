// Benchmarks of the NeuralSDE area. Names start with the area prefix used by `make bench FILTER=...`.
import Foundation
import NeuralSDE

enum NeuralSDEBenchmarks {
  static let all: [Benchmark] = [Benchmark(name: "nsde.sde_ball", run: runSDEBall)]

  /// The acceptance bars of the SDE-ball experiment (issue 5).
  static let driftBar = 0.05
  static let sigmaBar = 0.10
  static let reconstructionBar = 0.1
  static let secondsBar = 60.0
  static let pointwiseSigmaBar = 0.20
  static let simulatedVarianceBar = 0.20

  /// A result that misses an accuracy bar: a fast wrong answer is a failure.
  struct AccuracyError: Error, CustomStringConvertible {
    var description: String
  }

  /// `nsde.sde_ball`: the full SDE-ball experiment of `make demo` (simulate 3,000 paths × 50
  /// observations over [0, 3π] with 100 Euler–Maruyama sub-steps per interval; learn drift and
  /// diffusion with the corrected losses, and the naive ones for comparison; evaluate), timed
  /// once end to end (it is the job whose wall time has the 60 s bar).
  ///
  /// JSON: `seconds` (whole run), `drift_rel_error` (corrected, relative L2 over the observed
  /// states; bar ≤ 0.05), `sigma_rel_error` (mean σσᵀ, Frobenius; bar ≤ 0.10),
  /// `reconstruction_max_error` (noise-free path from (0, 1) against (sin t, cos t); bar ≤ 0.1),
  /// `sigma_pointwise_rel_error` (σ̂σ̂ᵀ(z) against the constant truth over the observed states,
  /// relative L2; bar ≤ 0.20), `sigma_trace_spread` (p95/p5 of tr σ̂σ̂ᵀ, 1 for the truth),
  /// `simulated_variance_rel_error` (the largest Frobenius error of the covariance of 1,000 paths
  /// simulated from the learned SDE against the exact one, at t ≈ 1.9 and t = 3π; bar ≤ 0.20),
  /// the naive estimator's `naive_drift_rel_error` and `naive_sigma_rel_error`, and the training
  /// seconds of each estimator. Throws when an accuracy bar is missed.
  static func runSDEBall() throws -> BenchmarkResult {
    let report = try SDEBallExperiment.run()
    let c = report.corrected
    let fields: [(String, BenchmarkValue)] = [
      ("seconds", .number(report.totalSeconds)),
      ("drift_rel_error", .number(c.driftRelativeError)),
      ("sigma_rel_error", .number(c.diffusionRelativeError)),
      ("reconstruction_max_error", .number(c.reconstructionMaxError)),
      ("sigma_pointwise_rel_error", .number(c.pointwiseDiffusionRelativeError)),
      ("sigma_trace_spread", .number(c.diffusionTraceSpread)),
      ("simulated_variance_rel_error", .number(c.simulatedSpread?.maxRelativeError ?? .nan)),
      ("naive_drift_rel_error", .number(report.naive?.driftRelativeError ?? .nan)),
      ("naive_sigma_rel_error", .number(report.naive?.diffusionRelativeError ?? .nan)),
      ("corrected_train_s", .number(c.training.seconds)),
      ("naive_train_s", .number(report.naive?.training.seconds ?? .nan)),
    ]
    blackHole(report)
    var failures: [String] = []
    if !(c.driftRelativeError <= driftBar) { failures.append("drift error \(c.driftRelativeError) > \(driftBar)") }
    if !(c.diffusionRelativeError <= sigmaBar) {
      failures.append("σσᵀ error \(c.diffusionRelativeError) > \(sigmaBar)")
    }
    if !(c.reconstructionMaxError <= reconstructionBar) {
      failures.append("reconstruction error \(c.reconstructionMaxError) > \(reconstructionBar)")
    }
    if !(c.pointwiseDiffusionRelativeError <= pointwiseSigmaBar) {
      failures.append("pointwise σσᵀ(x) error \(c.pointwiseDiffusionRelativeError) > \(pointwiseSigmaBar)")
    }
    let simulated = c.simulatedSpread?.maxRelativeError ?? .nan
    if !(simulated <= simulatedVarianceBar) {
      failures.append("simulated covariance error \(simulated) > \(simulatedVarianceBar)")
    }
    if !failures.isEmpty { throw AccuracyError(description: failures.joined(separator: "; ")) }
    let summary = report.summary.replacingOccurrences(of: "\n", with: "\n  ")
      + (report.totalSeconds <= secondsBar ? "" : String(format: "\n  over the %.0f s bar", secondsBar))
    return BenchmarkResult(fields: fields, summary: summary)
  }
}
