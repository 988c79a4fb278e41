import Foundation
import Testing
@testable import DiffEq

/// The library's Ornstein–Uhlenbeck process: exact moments against the Van Loan moments of the
/// same SDE written as a ``LinearSDE`` (an independent computation) and against seeded ensembles.
@Suite struct OrnsteinUhlenbeckTests {
  /// dX = θ(m − X) dt + σ dW is the linear SDE dX = (A X + b) dt + σ dW with A = −θ, b = θm
  /// (1e-13 relative).
  @Test(arguments: [(2.0, 1.0, 0.5, 3.0), (0.3, -2.0, 1.5, 0.0), (-0.5, 0.0, 0.2, 1.0), (5.0, 4.0, 0.0, -1.0)])
  func exact_moments_match_van_loan(theta: Double, mean: Double, sigma: Double, x0: Double) throws {
    let ou = OrnsteinUhlenbeck(theta: theta, mean: mean, sigma: sigma)
    let linear = try LinearSDE(driftMatrix: [-theta], driftOffset: [theta * mean], diffusionMatrix: [sigma])
    let times = [0.0, 0.1, 1.0, 4.0]
    let reference = try linear.moments(x0: [x0], times: times)
    for (k, t) in times.enumerated() {
      let m = ou.exactMean(x0: x0, t: t)
      let v = ou.exactVariance(t: t)
      #expect(abs(m - reference.mean[k]) <= 1e-13 * max(1, abs(m)), "mean at t = \(t)")
      #expect(abs(v - reference.covariance[k]) <= 1e-13 * max(1, v), "variance at t = \(t)")
    }
  }

  /// θ = 0 is a Brownian motion: variance σ²t exactly; for tiny θ the expm1 form stays accurate
  /// (θ = 10⁻¹⁰: σ²t(1 − θt) to 1e-15 relative, where 1 − e^{−2θt} would lose 7 digits).
  @Test func variance_limit_at_small_theta() {
    #expect(OrnsteinUhlenbeck(theta: 0, mean: 1, sigma: 3).exactVariance(t: 2) == 18)
    let v = OrnsteinUhlenbeck(theta: 1e-10, mean: 0, sigma: 3).exactVariance(t: 2)
    #expect(abs(v / (18 * (1 - 2e-10)) - 1) < 1e-15, "variance \(v)")
    #expect(OrnsteinUhlenbeck(theta: 0, mean: 1, sigma: 3).exactMean(x0: 5, t: 2) == 5)
  }

  /// EM with dt = 10⁻³ (mean bias ≈ θ²dt/2 relative, under 0.1 standard errors), 20,000 Gaussian
  /// final states of dX = 1.5(−1 − X) dt + 0.8 dW from 2 at t = 0.4 and 2: mean within 4 standard
  /// errors (σ/√N), variance within 4 standard errors (v·√(2/(N − 1))).
  @Test func ensemble_moments_match_exact() throws {
    let ou = OrnsteinUhlenbeck(theta: 1.5, mean: -1, sigma: 0.8)
    let problem = try SDEProblem(ou, x0: [2], t0: 0, t1: 2)
    let stats = try SDEEnsemble(problem: problem, method: EulerMaruyama(), dt: 1e-3, saveTimes: [0.4, 2], seed: 21)
      .statistics(count: 20_000, threads: 2)
    #expect(stats.failures.isEmpty)
    let n = Double(stats.count)
    for (s, t) in [0.4, 2.0].enumerated() {
      let v = ou.exactVariance(t: t)
      let mean = stats.mean(at: s)[stats.mean(at: s).startIndex]
      let variance = stats.variance(at: s)[0]
      #expect(abs(mean - ou.exactMean(x0: 2, t: t)) < 4 * (v / n).squareRoot(), "mean \(mean) at t = \(t)")
      #expect(abs(variance - v) < 4 * v * (2 / (n - 1)).squareRoot(), "variance \(variance) at t = \(t)")
    }
  }

  /// Additive noise: Milstein's correction vanishes (∂σ/∂x = 0), so Milstein and Euler–Maruyama
  /// give the same paths bit for bit on the same seed.
  @Test func milstein_equals_euler_maruyama() throws {
    let problem = try SDEProblem(OrnsteinUhlenbeck(theta: 2, mean: 1, sigma: 0.5), x0: [3], t0: 0, t1: 1)
    let em = try SDEEnsemble(problem: problem, method: EulerMaruyama(), dt: 0.01, saveTimes: [0.5, 1], seed: 5)
      .paths(count: 40, threads: 1)
    let milstein = try SDEEnsemble(problem: problem, method: Milstein(), dt: 0.01, saveTimes: [0.5, 1], seed: 5)
      .paths(count: 40, threads: 1)
    #expect(bits(em.values) == bits(milstein.values))
  }

  /// A non-finite σ (evaluated once per solve: constant noise) is reported for every path as a
  /// typed error, not a crash.
  @Test func non_finite_noise_is_reported_by_the_solve() throws {
    let problem = try SDEProblem(OrnsteinUhlenbeck(theta: 1, mean: 0, sigma: .infinity), x0: [0], t0: 0, t1: 1)
    let ensemble = try SDEEnsemble(problem: problem, method: EulerMaruyama(), dt: 0.1, saveTimes: [1], seed: 1)
    let stats = try ensemble.statistics(count: 4, threads: 1)
    #expect(stats.failures.count == 4)
    #expect(throws: SDEError.self) { try ensemble.solve(path: 0) }
  }
}
