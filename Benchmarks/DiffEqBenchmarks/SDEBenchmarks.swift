// Benchmarks of the SDE area. Names start with the area prefix used by `make bench FILTER=...`.
import CBaselines
import DiffEq
import Foundation

/// The SDE ball is ``LinearSDE/sdeBall``: dX = Y dt + 0.2 dW, dY = −X dt + 0.1 dW (one shared W).
enum SDEBenchmarks {
  static let all: [Benchmark] = [emEnsemble, threadScaling, realizedCovariation]

  static let paths = 10_000
  static let steps = 1_000
  static let saveEvery = 10
  static let t1 = 10.0

  /// Mean and covariance (xx, xy, yy) at t1 of Euler–Maruyama applied to the ball with step dt:
  /// mₖ₊₁ = (I + A dt) mₖ, Pₖ₊₁ = (I + A dt) Pₖ (I + A dt)ᵀ + b bᵀ dt, exactly (no sampling).
  static func discreteMoments(steps: Int, dt: Double) -> (mean: [Double], cov: [Double]) {
    var m = (0.0, 1.0)
    var p = (0.0, 0.0, 0.0)  // xx, xy, yy
    let b = (0.2, 0.1)
    for _ in 0..<steps {
      m = (m.0 + dt * m.1, m.1 - dt * m.0)
      // G = [[1, dt], [-dt, 1]]
      let xx = p.0 + 2 * dt * p.1 + dt * dt * p.2
      let xy = -dt * p.0 + (1 - dt * dt) * p.1 + dt * p.2
      let yy = dt * dt * p.0 - 2 * dt * p.1 + p.2
      p = (xx + b.0 * b.0 * dt, xy + b.0 * b.1 * dt, yy + b.1 * b.1 * dt)
    }
    return ([m.0, m.1], [p.0, p.1, p.2])
  }

  /// Checks mean and covariance at t1 against the exact discrete moments within 5 standard errors.
  static func check(mean: [Double], cov: [Double], label: String) throws {
    let exact = discreteMoments(steps: steps, dt: t1 / Double(steps))
    let n = Double(paths)
    let seMean = [exact.cov[0], exact.cov[2]].map { ($0 / n).squareRoot() }
    let seCov = [
      ((2 * exact.cov[0] * exact.cov[0]) / n).squareRoot(),
      ((exact.cov[0] * exact.cov[2] + exact.cov[1] * exact.cov[1]) / n).squareRoot(),
      ((2 * exact.cov[2] * exact.cov[2]) / n).squareRoot(),
    ]
    for i in 0..<2 where abs(mean[i] - exact.mean[i]) > 5 * seMean[i] {
      throw SDEBenchmarkFailure(
        "\(label): mean[\(i)] = \(mean[i]), exact \(exact.mean[i]) ± \(seMean[i])")
    }
    for j in 0..<3 where abs(cov[j] - exact.cov[j]) > 5 * seCov[j] {
      throw SDEBenchmarkFailure(
        "\(label): cov[\(j)] = \(cov[j]), exact \(exact.cov[j]) ± \(seCov[j])")
    }
  }

  static func ballEnsemble() throws -> SDEEnsemble<LinearSDE, EulerMaruyama> {
    let problem = try SDEProblem(LinearSDE.sdeBall, x0: [0, 1], t0: 0, t1: t1)
    let saves = (0...(steps / saveEvery)).map { Double($0 * saveEvery) * (t1 / Double(steps)) }
    return try SDEEnsemble(
      problem: problem, method: EulerMaruyama(), dt: t1 / Double(steps), saveTimes: saves, seed: 2024)
  }

  static func finalMoments(_ stats: EnsembleStatistics) -> (mean: [Double], cov: [Double]) {
    let s = stats.saveTimes.count - 1
    let c = Array(stats.covariance(at: s))
    return (Array(stats.mean(at: s)), [c[0], c[1], c[3]])
  }

  static let emEnsemble = Benchmark(name: "sde.em_ensemble") {
    let ensemble = try ballEnsemble()
    var ours: EnsembleStatistics? = nil
    let saves = steps / saveEvery + 1
    var cMean = [Double](repeating: 0, count: saves * 2)
    var cCov = [Double](repeating: 0, count: saves * 3)
    var status: Int32 = 0
    let times = try interleavedMedianSeconds(
      repetitions: 11, warmup: 1,
      ours: { ours = try ensemble.statistics(count: paths, threads: 2) },
      baseline: {
        status = sde_baseline_em_ball(
          paths, Int32(steps), t1, Int32(saveEvery), 2024, 2, &cMean, &cCov)
      })
    guard status == 0, let stats = ours else { throw SDEBenchmarkFailure("baseline failed") }
    blackHole(stats)
    let o = finalMoments(stats)
    try check(mean: o.mean, cov: o.cov, label: "ours")
    try check(
      mean: [cMean[(saves - 1) * 2], cMean[(saves - 1) * 2 + 1]],
      cov: Array(cCov[((saves - 1) * 3)..<(saves * 3)]), label: "C baseline")
    let pathSteps = Double(paths * steps)
    return .ratio(
      ours: times.ours, baseline: times.baseline,
      extra: [
        ("path_steps_per_s", .number(pathSteps / times.ours)),
        ("baseline_path_steps_per_s", .number(pathSteps / times.baseline)),
        ("threads", .number(2)), ("save_times", .number(Double(saves))),
      ],
      summary: String(format: "%.0f M path-steps/s (C %.0f M)", pathSteps / times.ours / 1e6,
        pathSteps / times.baseline / 1e6))
  }

  static let threadScaling = Benchmark(name: "sde.thread_scaling") {
    let ensemble = try ballEnsemble()
    var two: EnsembleStatistics? = nil
    var one: EnsembleStatistics? = nil
    let times = try interleavedMedianSeconds(
      repetitions: 11, warmup: 1,
      ours: { two = try ensemble.statistics(count: paths, threads: 2) },
      baseline: { one = try ensemble.statistics(count: paths, threads: 1) })
    guard let a = two, let b = one else { throw SDEBenchmarkFailure("no result") }
    guard a.mean.map(\.bitPattern) == b.mean.map(\.bitPattern),
      a.covariance.map(\.bitPattern) == b.covariance.map(\.bitPattern)
    else { throw SDEBenchmarkFailure("1-thread and 2-thread statistics differ") }
    let o = finalMoments(a)
    try check(mean: o.mean, cov: o.cov, label: "ours")
    return .ratio(ours: times.ours, baseline: times.baseline, extra: [("threads", .number(2))])
  }
}

extension SDEBenchmarks {
  /// Realized covariation of 10,000 stored 2-D SDE-ball paths of 1,000 steps (1,001 samples each,
  /// 160 MB), on 2 threads; baseline: a plain single-threaded C loop over the same data.
  static let realizedCovariation = Benchmark(name: "sde.realized_covariation") {
    let problem = try SDEProblem(LinearSDE.sdeBall, x0: [0, 1], t0: 0, t1: t1)
    let dt = t1 / Double(steps)
    let saves = (0...steps).map { Double($0) * dt }
    let ensemble = try SDEEnsemble(
      problem: problem, method: EulerMaruyama(), dt: dt, saveTimes: saves, seed: 7)
    let data = try ensemble.paths(count: paths)
    var ours: RealizedCovariation? = nil
    var baseline = [Double](repeating: 0, count: paths * 3)
    let times = try interleavedMedianSeconds(
      repetitions: 9, warmup: 1,
      ours: {
        ours = try RealizedCovariation(
          paths: data.values, pathCount: paths, sampleCount: steps + 1, dimension: 2, threads: 2)
      },
      baseline: {
        data.values.withUnsafeBufferPointer { v in
          sde_baseline_realized_covariation_2d(v.baseAddress, paths, steps + 1, &baseline)
        }
      })
    guard let rc = ours else { throw SDEBenchmarkFailure("no result") }
    for p in 0..<paths {
      let m = rc.matrix(path: p)
      let b = m.startIndex
      for (q, c) in [(0, 0), (1, 1), (3, 2)] where abs(m[b + q] - baseline[p * 3 + c]) > 1e-10 * max(1, abs(baseline[p * 3 + c])) {
        throw SDEBenchmarkFailure("path \(p) entry \(q): \(m[b + q]) vs C \(baseline[p * 3 + c])")
      }
    }
    // E B = σσᵀT + O(dt): [[0.4, 0.2], [0.2, 0.1]] at T = 10 (drift bias ≈ 0.05 at dt = 0.01).
    let target = [0.4, 0.2, 0.2, 0.1]
    for q in 0..<4 where abs(rc.mean[q] - target[q]) > 0.1 {
      throw SDEBenchmarkFailure("mean B[\(q)] = \(rc.mean[q]), expected ≈ \(target[q])")
    }
    let increments = Double(paths * steps)
    return .ratio(
      ours: times.ours, baseline: times.baseline,
      extra: [
        ("increments_per_s", .number(increments / times.ours)), ("threads", .number(2)),
        ("bar_ours_s", .number(0.0142)),
      ],
      summary: String(format: "%.0f M increments/s", increments / times.ours / 1e6))
  }
}

/// A benchmark whose answer is wrong.
struct SDEBenchmarkFailure: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
