import Foundation
import Testing
@testable import DiffEq

@Suite struct SDEEnsembleTests {
  // MARK: Moments against exact moments of linear SDEs

  /// The exact moments of the SDE ball from (0, 1) at T = 10 (``LinearSDE/moments(x0:times:)``,
  /// checked against the closed form in `LinearSDETests`).
  func ballMomentsAtTen() throws -> (mean: [Double], covariance: [Double]) {
    let all = try LinearSDE.sdeBall.moments(x0: [0, 1], times: [0, 10])
    return (Array(all.mean[2...]), Array(all.covariance[4...]))
  }

  /// OU with EM, dt = 10⁻³ (discretisation bias < 0.3 standard errors), 20,000 paths.
  @Test func ornstein_uhlenbeck_moments_match_exact() throws {
    let field = OrnsteinUhlenbeck(theta: 2, mean: 1, sigma: 0.5)
    let problem = try SDEProblem(field, x0: [3], t0: 0, t1: 1)
    let ensemble = try SDEEnsemble(problem: problem, method: EulerMaruyama(), dt: 1e-3, saveTimes: [0.5, 1], seed: 31)
    let stats = try ensemble.statistics(count: 20_000, threads: 2)
    #expect(stats.count == 20_000 && stats.failures.isEmpty)
    for (s, t) in [0.5, 1.0].enumerated() {
      let mean = 1 + 2 * Foundation.exp(-2 * t)
      let variance = 0.25 / 4 * (1 - Foundation.exp(-4 * t))
      expectMoments(stats, save: s, mean: [mean], covariance: [variance])
    }
  }

  /// The SDE ball at T = 10: EM with dt = 10⁻³ over 4,000 paths (bias ≈ 0.6 standard errors),
  /// and stochastic Heun with dt = 10⁻² over 20,000 paths (bias negligible). Each noise
  /// declaration (scalar constant, scalar time-dependent, scalar state-dependent, general) is the
  /// same SDE.
  @Test(arguments: [BallField.Variant.scalarConstant, .scalarTime, .scalarState, .generalConstant])
  func sde_ball_moments_match_exact(variant: BallField.Variant) throws {
    let exact = try ballMomentsAtTen()
    let problem = try SDEProblem(BallField(variant: variant), x0: [0, 1], t0: 0, t1: 10)
    let em = try SDEEnsemble(problem: problem, method: EulerMaruyama(), dt: 1e-3, saveTimes: [10], seed: 8)
    expectMoments(try em.statistics(count: 4_000), save: 0, mean: exact.mean, covariance: exact.covariance)
    let stratonovich = try SDEProblem(
      BallField(variant: variant, declaredCalculus: .stratonovich), x0: [0, 1], t0: 0, t1: 10)
    let heun = try SDEEnsemble(problem: stratonovich, method: StochasticHeun(), dt: 1e-2, saveTimes: [10], seed: 9)
    expectMoments(try heun.statistics(count: 20_000), save: 0, mean: exact.mean, covariance: exact.covariance)
  }

  /// General noise (n = 2, full B) with a non-normal drift matrix: EM, dt = 10⁻³, 20,000 paths.
  @Test func general_noise_moments_match_exact() throws {
    #expect(GeneralLinearField.linear.noiseStructure == .general)
    let all = try GeneralLinearField.linear.moments(x0: [1, -1], times: [0, 1])
    let exact = (mean: Array(all.mean[2...]), covariance: Array(all.covariance[4...]))
    let problem = try SDEProblem(GeneralLinearField(), x0: [1, -1], t0: 0, t1: 1)
    let ensemble = try SDEEnsemble(problem: problem, method: EulerMaruyama(), dt: 1e-3, saveTimes: [1], seed: 4)
    expectMoments(try ensemble.statistics(count: 20_000), save: 0, mean: exact.mean, covariance: exact.covariance)
  }

  // MARK: Statistics against the stored paths

  /// The tree-merged statistics agree with a plain two-pass computation over the flat paths
  /// (relative 1e-12), for a multiplicative diagonal-noise field solved by Milstein.
  @Test func statistics_agree_with_flat_paths() throws {
    let saves = [0.1, 0.5, 1]
    let problem = try SDEProblem(DiagonalField(), x0: [1, 2], t0: 0, t1: 1)
    let ensemble = try SDEEnsemble(problem: problem, method: Milstein(), dt: 0.01, saveTimes: saves, seed: 6)
    let n = 333
    let stats = try ensemble.statistics(count: n, threads: 2)
    let paths = try ensemble.paths(count: n, threads: 2)
    for s in 0..<saves.count {
      for i in 0..<2 {
        let values = (0..<n).map { paths.state(path: $0, save: s)[paths.state(path: $0, save: s).startIndex + i] }
        let mean = values.reduce(0, +) / Double(n)
        #expect(abs(stats.mean(at: s)[stats.mean(at: s).startIndex + i] - mean) <= 1e-12 * max(1, abs(mean)))
        for l in 0..<2 {
          let other = (0..<n).map { paths.state(path: $0, save: s)[paths.state(path: $0, save: s).startIndex + l] }
          let otherMean = other.reduce(0, +) / Double(n)
          let c = zip(values, other).reduce(0) { $0 + ($1.0 - mean) * ($1.1 - otherMean) } / Double(n - 1)
          let got = stats.covariance(at: s)[stats.covariance(at: s).startIndex + i * 2 + l]
          #expect(abs(got - c) <= 1e-12 * max(1, abs(c)))
        }
      }
    }
  }

  // MARK: Reproducibility

  /// Path k is the same bits whatever the thread count, ensemble size, shard or lane position,
  /// and equal to the single-path solve (Double lanes) — for each method and noise structure.
  @Test func paths_are_bit_identical_across_threads_sizes_shards_and_lanes() throws {
    func check<F: SDEVectorField, M: SDEMethod>(_ field: F, _ method: M, x0: [Double]) throws {
      let problem = try SDEProblem(field, x0: x0, t0: 0, t1: 1)
      let ensemble = try SDEEnsemble(problem: problem, method: method, dt: 0.02, saveTimes: [0, 0.3, 1], seed: 21)
      let full = try ensemble.paths(count: 70, threads: 2)
      let one = try ensemble.paths(count: 70, threads: 1)
      #expect(bits(full.values) == bits(one.values))
      let small = try ensemble.paths(count: 9, threads: 2)
      #expect(bits(small.values) == bits(full.values[0..<small.values.count]))
      let shard = try ensemble.paths(5..<29, threads: 1)  // path 5 in lane 0 here, lane 5 in `full`
      for k in [5, 6, 20, 28] { #expect(bits(shard.path(k)) == bits(full.path(k))) }
      for k in [0, 5, 15, 16, 17, 69] {
        #expect(bits(try ensemble.solve(path: k).states) == bits(full.path(k)))
      }
      let merged = try EnsemblePaths.merged([
        try ensemble.paths(33..<70, threads: 2), try ensemble.paths(0..<33, threads: 1),
      ])
      #expect(merged.pathRange == 0..<70 && bits(merged.values) == bits(full.values))
    }
    try check(BallField(), EulerMaruyama(), x0: [0, 1])
    try check(BallField(variant: .scalarTime), StochasticHeun(), x0: [0, 1])
    try check(DiagonalField(), Milstein(), x0: [1, 2])
    try check(GeneralLinearField(), EulerMaruyama(), x0: [1, -1])
    try check(NumericalDerivative(GeometricBrownianMotion(mu: 0.5, sigma: 0.8)), Milstein(), x0: [1])
  }

  /// Statistics are bit-identical at 1 and 2 threads, and shards merged in any order (and split
  /// at arbitrary boundaries) equal the single run bit for bit.
  @Test func statistics_are_bit_identical_across_threads_and_shards() throws {
    let problem = try SDEProblem(DiagonalField(), x0: [1, 2], t0: 0, t1: 1)
    let ensemble = try SDEEnsemble(problem: problem, method: EulerMaruyama(), dt: 0.01, saveTimes: [0.2, 1], seed: 13)
    let single = try ensemble.statistics(count: 1_003, threads: 1)
    let two = try ensemble.statistics(count: 1_003, threads: 2)
    #expect(bits(single.mean) == bits(two.mean) && bits(single.covariance) == bits(two.covariance))
    let shards = try [0..<37, 37..<512, 512..<513, 513..<1_003].map {
      try ensemble.statistics(paths: $0, threads: 2)
    }
    for order in [[0, 1, 2, 3], [3, 1, 0, 2]] {
      let merged = try EnsembleStatistics.merged(order.map { shards[$0] })
      #expect(merged.pathRanges == [0..<1_003] && merged.count == 1_003)
      #expect(bits(merged.mean) == bits(single.mean))
      #expect(bits(merged.covariance) == bits(single.covariance))
    }
  }

  // MARK: Failures, progress, errors

  /// Paths whose drift turns NaN are recorded with the time and quantity a single solve reports,
  /// excluded from the statistics, and the run finishes.
  @Test func failed_paths_are_recorded_and_excluded() throws {
    let saves = (1...50).map { Double($0) * 0.02 }
    let problem = try SDEProblem(ThresholdField(threshold: 0.6), x0: [0], t0: 0, t1: 1)
    let ensemble = try SDEEnsemble(problem: problem, method: EulerMaruyama(), dt: 0.02, saveTimes: saves, seed: 3)
    let n = 100
    let stats = try ensemble.statistics(count: n, threads: 2)
    let paths = try ensemble.paths(count: n, threads: 2)
    #expect(!stats.failures.isEmpty && stats.failures.count < n)
    #expect(stats.failures == paths.failures)
    #expect(stats.count == n - stats.failures.count)
    for failure in stats.failures {
      #expect(throws: failure.error) { try ensemble.solve(path: failure.path) }
    }
    let failed = Set(stats.failures.map(\.path))
    for k in 0..<n where !failed.contains(k) { _ = try ensemble.solve(path: k) }
    let good = (0..<n).filter { !failed.contains($0) }
    let finalMean = good.map { paths.state(path: $0, save: saves.count - 1).first ?? .nan }.reduce(0, +)
      / Double(good.count)
    #expect(abs(stats.mean[saves.count - 1] - finalMean) < 1e-12)
    #expect(throws: stats.failures[0].error) { try stats.requireAllFinite() }
  }

  /// A failure between save times is still found (non-finite states stay non-finite), with the
  /// exact time of the single solve.
  @Test func failures_between_save_times_are_found() throws {
    for faultInDiffusion in [false, true] {
      let field = ThresholdField(threshold: 0.6, faultInDiffusion: faultInDiffusion)
      let problem = try SDEProblem(field, x0: [0], t0: 0, t1: 1)
      let ensemble = try SDEEnsemble(problem: problem, method: EulerMaruyama(), dt: 0.01, saveTimes: [1], seed: 4)
      let stats = try ensemble.statistics(count: 64, threads: 2)
      #expect(!stats.failures.isEmpty && stats.failures.count < 64)
      for failure in stats.failures {
        #expect(failure.quantity == (faultInDiffusion ? .diffusion : .drift))
        #expect(throws: failure.error) { try ensemble.solve(path: failure.path) }
      }
    }
  }

  @Test func progress_is_reported_and_can_cancel() throws {
    let problem = try SDEProblem(BallField(), x0: [0, 1], t0: 0, t1: 1)
    let ensemble = try SDEEnsemble(problem: problem, method: EulerMaruyama(), dt: 0.01, saveTimes: [1], seed: 1)
    final class Log: @unchecked Sendable {
      let lock = NSLock()
      var calls: [(Int, Int)] = []
    }
    let log = Log()
    _ = try ensemble.statistics(count: 2_000, threads: 2) { done, total in
      log.lock.lock()
      log.calls.append((done, total))
      log.lock.unlock()
      return true
    }
    #expect(log.calls.count > 1)
    #expect(log.calls.map(\.0) == log.calls.map(\.0).sorted())
    #expect(log.calls.last.map { $0.0 == 2_000 && $0.1 == 2_000 } == true)
    let error = #expect(throws: SDEError.self) {
      try ensemble.paths(count: 2_000, threads: 1) { _, _ in false }
    }
    if case .cancelled(let done, let total) = error {
      #expect(done > 0 && done < total && total == 2_000)
    } else {
      Issue.record("expected cancelled, got \(String(describing: error))")
    }
  }

  @Test func invalid_ensemble_requests_throw_typed_errors() throws {
    let problem = try SDEProblem(BallField(), x0: [0, 1], t0: 0, t1: 1)
    let ensemble = try SDEEnsemble(problem: problem, method: EulerMaruyama(), dt: 0.1, saveTimes: [1], seed: 1)
    #expect(throws: SDEError.invalidPathCount(0)) { try ensemble.statistics(count: 0) }
    #expect(throws: SDEError.invalidPathCount(-3)) { try ensemble.paths(count: -3) }
    #expect(throws: SDEError.invalidPathRange(lower: -1, upper: 4)) { try ensemble.paths(-1..<4) }
    #expect(throws: SDEError.invalidPathRange(lower: 4, upper: 4)) { try ensemble.statistics(paths: 4..<4) }
    #expect(throws: SDEError.invalidThreadCount(0)) { try ensemble.statistics(count: 10, threads: 0) }
    #expect(throws: SDEError.invalidStepSize(dt: -1)) {
      try SDEEnsemble(problem: problem, method: EulerMaruyama(), dt: -1, saveTimes: [1], seed: 1)
    }
    let a = try ensemble.statistics(paths: 0..<10, threads: 1)
    let b = try ensemble.statistics(paths: 5..<20, threads: 1)
    #expect(throws: SDEError.self) { try EnsembleStatistics.merged([a, b]) }
    #expect(throws: SDEError.self) { try EnsembleStatistics.merged([]) }
    let other = try SDEEnsemble(problem: problem, method: EulerMaruyama(), dt: 0.1, saveTimes: [1], seed: 2)
    #expect(throws: SDEError.self) {
      try EnsembleStatistics.merged([a, try other.statistics(paths: 10..<20, threads: 1)])
    }
    #expect(throws: SDEError.self) {
      try EnsemblePaths.merged([try ensemble.paths(0..<10), try ensemble.paths(11..<20)])
    }
  }
}
