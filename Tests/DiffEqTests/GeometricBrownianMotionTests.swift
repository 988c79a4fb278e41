import Foundation
import Testing
@testable import DiffEq

/// The library's geometric Brownian motion: its drift, diffusion and derivative, and its exact
/// moments against seeded ensembles. (Its exact pathwise solution is the reference of the strong
/// and weak order tests in `SDEConvergenceTests`.)
@Suite struct GeometricBrownianMotionTests {
  /// Sample mean and variance of the final states with their standard errors:
  /// SE(mean) = s/√N, SE(s²) = √((m₄ − s⁴)/N) (m₄ the sample fourth central moment; no Gaussian
  /// assumption, the law is log-normal).
  func finalMoments(_ paths: EnsemblePaths) -> (mean: Double, seMean: Double, variance: Double, seVariance: Double) {
    let last = paths.saveTimes.count - 1
    let x = (0..<paths.pathRange.count).map { paths.state(path: $0, save: last).first ?? .nan }
    let n = Double(x.count)
    let mean = x.reduce(0, +) / n
    let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
    let m4 = x.reduce(0) { $0 + pow($1 - mean, 4) } / n
    return (mean, (variance / n).squareRoot(), variance, ((m4 - variance * variance) / n).squareRoot())
  }

  @Test func coefficients_are_mu_x_sigma_x_and_sigma() {
    let gbm = GeometricBrownianMotion(mu: 0.3, sigma: -0.7)
    let x = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    let out = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    defer { x.deallocate(); out.deallocate() }
    x.pointee = 2.5
    let values = LaneValues<Double>(UnsafePointer(x), count: 1)
    let buffer = LaneBuffer<Double>(out, count: 1)
    gbm.drift(t: 0, x: values, into: buffer)
    #expect(abs(out.pointee - 0.75) <= 1e-15)  // μx = 0.3 · 2.5
    gbm.diffusion(t: 0, x: values, into: buffer)
    #expect(abs(out.pointee + 1.75) <= 1e-15)  // σx = −0.7 · 2.5
    gbm.diffusionDerivative(t: 0, x: values, into: buffer)
    #expect(out.pointee == -0.7)  // σ, copied
    #expect(gbm.stateDimension == 1 && gbm.noiseDimension == 1 && gbm.noiseStructure == .diagonal)
    #expect(gbm.hasDiffusionDerivative && gbm.calculus == .ito)
  }

  /// Itô GBM dX = 0.5X dt + 0.4X dW from 1, Milstein with dt = 10⁻³ (weak bias ≈ μ²hT/2 ≈ 1.3·10⁻⁴
  /// relative, under 0.05 standard errors), 20,000 paths: E X(1) = e^{0.5} and
  /// Var X(1) = e(e^{0.16} − 1) within 4 standard errors.
  @Test func ito_mean_and_variance_match_the_ensemble() throws {
    let gbm = GeometricBrownianMotion(mu: 0.5, sigma: 0.4)
    #expect(abs(gbm.exactMean(x0: 1, t: 1) - Foundation.exp(0.5)) < 1e-15)
    #expect(abs(gbm.exactVariance(x0: 1, t: 1) - M_E * (Foundation.exp(0.16) - 1)) < 1e-14)
    let problem = try SDEProblem(gbm, x0: [1], t0: 0, t1: 1)
    let paths = try SDEEnsemble(problem: problem, method: Milstein(), dt: 1e-3, saveTimes: [1], seed: 11)
      .paths(count: 20_000, threads: 2)
    #expect(paths.failures.isEmpty)
    let m = finalMoments(paths)
    #expect(abs(m.mean - gbm.exactMean(x0: 1, t: 1)) < 4 * m.seMean, "mean \(m.mean) ± \(m.seMean)")
    #expect(abs(m.variance - gbm.exactVariance(x0: 1, t: 1)) < 4 * m.seVariance,
      "variance \(m.variance) ± \(m.seVariance)")
  }

  /// Stratonovich GBM dX = 0.2X dt + 0.5X ∘ dW from 2, stochastic Heun with dt = 10⁻³ over
  /// [0, 1.5], 20,000 paths: mean 2e^{(0.2 + 0.125)·1.5} and variance 4e^{0.975}(e^{0.375} − 1)
  /// within 4 standard errors; the Itô reading of the same coefficients has a mean 5 % lower,
  /// which the test would detect (> 8 standard errors away).
  @Test func stratonovich_moments_use_the_ito_drift_rate() throws {
    let gbm = GeometricBrownianMotion(mu: 0.2, sigma: 0.5, calculus: .stratonovich)
    #expect(abs(gbm.itoDriftRate - 0.325) < 1e-15)
    let mean = 2 * Foundation.exp(0.325 * 1.5)
    let variance = 4 * Foundation.exp(0.975) * (Foundation.exp(0.375) - 1)
    #expect(abs(gbm.exactMean(x0: 2, t: 1.5) - mean) < 1e-14)
    #expect(abs(gbm.exactVariance(x0: 2, t: 1.5) - variance) < 1e-13)
    let problem = try SDEProblem(gbm, x0: [2], t0: 0, t1: 1.5)
    let paths = try SDEEnsemble(problem: problem, method: StochasticHeun(), dt: 1e-3, saveTimes: [1.5], seed: 12)
      .paths(count: 20_000, threads: 2)
    let m = finalMoments(paths)
    #expect(abs(m.mean - mean) < 4 * m.seMean, "mean \(m.mean) ± \(m.seMean)")
    #expect(abs(m.variance - variance) < 4 * m.seVariance, "variance \(m.variance) ± \(m.seVariance)")
    let itoMean = GeometricBrownianMotion(mu: 0.2, sigma: 0.5).exactMean(x0: 2, t: 1.5)
    #expect(abs(m.mean - itoMean) > 8 * m.seMean)
  }

  /// The exact solution is x0·exp((μ − σ²/2)t + σw) (Itô) and x0·exp(μt + σw) (Stratonovich):
  /// at w = 0 and w = 1 against values written out by hand (1e-15 relative).
  @Test func exact_solution_at_given_brownian_values() {
    let ito = GeometricBrownianMotion(mu: 1, sigma: 0.5)
    #expect(abs(ito.exactSolution(x0: 3, t: 2, w: 0) / (3 * Foundation.exp(1.75)) - 1) < 1e-15)
    #expect(abs(ito.exactSolution(x0: 3, t: 2, w: 1) / (3 * Foundation.exp(2.25)) - 1) < 1e-15)
    let strat = GeometricBrownianMotion(mu: 1, sigma: 0.5, calculus: .stratonovich)
    #expect(abs(strat.exactSolution(x0: 3, t: 2, w: -1) / (3 * Foundation.exp(1.5)) - 1) < 1e-15)
  }

  /// Var X(t) ≈ x0²σ²t for small σ²t: the expm1 form keeps full relative accuracy where
  /// e^{σ²t} − 1 would lose all digits (σ = 10⁻⁹: relative error < 10⁻¹²).
  @Test func variance_is_accurate_for_small_noise() {
    let gbm = GeometricBrownianMotion(mu: 0, sigma: 1e-9)
    let v = gbm.exactVariance(x0: 2, t: 3)
    #expect(abs(v / (4 * 1e-18 * 3) - 1) < 1e-12, "variance \(v)")
  }

  /// A non-finite parameter reaches the caller as a typed error of the solve, not a crash.
  @Test func non_finite_parameter_is_reported_by_the_solve() throws {
    let problem = try SDEProblem(GeometricBrownianMotion(mu: .nan, sigma: 0.2), x0: [1], t0: 0, t1: 1)
    let ensemble = try SDEEnsemble(problem: problem, method: EulerMaruyama(), dt: 0.1, saveTimes: [1], seed: 1)
    let paths = try ensemble.paths(count: 4, threads: 1)
    #expect(paths.failures.count == 4)
    #expect(throws: SDEError.self) { try paths.requireAllFinite() }
  }
}
