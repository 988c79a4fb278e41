import Foundation
import Testing
@testable import DiffEq

/// ``LinearSDE``: exact moments against closed forms, the declared noise structure, the drift's
/// arithmetic, seeded ensembles against the exact moments, and every documented input error.
@Suite struct LinearSDETests {
  // MARK: Exact moments against closed forms

  /// The SDE ball from (0, 1): e^{As} is the rotation [[cos s, sin s], [−sin s, cos s]], so
  /// `m(t) = (sin t, cos t)` and `P(t) = ∫₀ᵗ g gᵀ du` with
  /// `g(u) = e^{Au} B = (0.2 cos u + 0.1 sin u, 0.1 cos u − 0.2 sin u)`; with
  /// `C = ∫cos² = t/2 + sin 2t/4`, `S = ∫sin² = t/2 − sin 2t/4`, `X = ∫sin cos = sin²t/2`:
  /// `Pxx = 0.04C + 0.04X + 0.01S`, `Pxy = 0.02C − 0.03X − 0.02S`, `Pyy = 0.01C − 0.04X + 0.04S`.
  /// Tolerance 1e-12 absolute (entries up to 0.25).
  @Test func sde_ball_moments_match_closed_form() throws {
    let times = [0, 0.5, 1.9, 3 * Double.pi, 10, 10, 25]
    let (mean, cov) = try LinearSDE.sdeBall.moments(x0: [0, 1], times: times)
    #expect(mean.count == 2 * times.count && cov.count == 4 * times.count)
    for (k, t) in times.enumerated() {
      let c = t / 2 + sin(2 * t) / 4
      let s = t / 2 - sin(2 * t) / 4
      let x = sin(t) * sin(t) / 2
      let pxy = 0.02 * c - 0.03 * x - 0.02 * s
      let expected = [0.04 * c + 0.04 * x + 0.01 * s, pxy, pxy, 0.01 * c - 0.04 * x + 0.04 * s]
      #expect(abs(mean[2 * k] - sin(t)) <= 1e-12 && abs(mean[2 * k + 1] - cos(t)) <= 1e-12, "mean at t = \(t)")
      for i in 0..<4 {
        #expect(abs(cov[4 * k + i] - expected[i]) <= 1e-12, "t = \(t) entry \(i): \(cov[4 * k + i]) vs \(expected[i])")
      }
    }
  }

  /// One-dimensional OU with offset, dX = (−θX + θm) dt + σ dW, against
  /// `m + (x0 − m)e^{−θt}` and `σ²(1 − e^{−2θt})/(2θ)`, including a stiff, long case
  /// (θ = 50 to t = 100, where a single exponential would overflow: e^{5000}) and an explosive one
  /// (θ = −0.5). Tolerance 1e-12 relative.
  @Test(arguments: [(1.5, 0.0, 0.5, 2.0), (50.0, -1.0, 2.0, 3.0), (-0.5, 0.3, 0.2, 1.0)])
  func ornstein_uhlenbeck_moments_match_closed_form(theta: Double, level: Double, sigma: Double, x0: Double) throws {
    let ou = try LinearSDE(driftMatrix: [-theta], driftOffset: [theta * level], diffusionMatrix: [sigma])
    let all: [Double] = [0, 0.01, 0.7, 4, 100]
    let times = theta > 0 ? all : Array(all.prefix(4))
    let (mean, variance) = try ou.moments(x0: [x0], times: times)
    for (k, t) in times.enumerated() {
      let m = level + (x0 - level) * Foundation.exp(-theta * t)
      let v = sigma * sigma * -Foundation.expm1(-2 * theta * t) / (2 * theta)
      #expect(abs(mean[k] - m) <= 1e-12 * max(1, abs(m)), "mean at t = \(t): \(mean[k]) vs \(m)")
      #expect(abs(variance[k] - v) <= 1e-12 * max(1e-300, v), "variance at t = \(t): \(variance[k]) vs \(v)")
    }
  }

  /// A non-normal drift (Jordan block A = [[−1, 1], [0, −2]]), an offset and diagonal noise: at
  /// t = 40 (e^{−40} ≈ 4e-18) the mean is the fixed point −A⁻¹b and the covariance solves the
  /// Lyapunov equation A P + P Aᵀ + BBᵀ = 0 (residual ≤ 1e-14); the moments at t = 2 are the same
  /// whether reached in one interval or through t = 0.3 and 1.1 (1e-14).
  @Test func stationary_limit_solves_lyapunov_equation() throws {
    let a = [-1.0, 1, 0, -2]
    let b = [0.5, -1.0]
    let field = try LinearSDE(driftMatrix: a, driftOffset: b, diffusionMatrix: [0.3, 0, 0, 0.7])
    let (mean, cov) = try field.moments(x0: [4, -3], times: [0, 40])
    // −A⁻¹ b with A⁻¹ = [[−1, −1/2], [0, −1/2]].
    let fixedPoint = [b[0] + 0.5 * b[1], 0.5 * b[1]]
    #expect(abs(mean[2] - fixedPoint[0]) <= 1e-14 && abs(mean[3] - fixedPoint[1]) <= 1e-14)
    let p = Array(cov[4...])
    let q = [0.09, 0, 0, 0.49]
    for i in 0..<2 {
      for j in 0..<2 {
        var r = q[i * 2 + j]
        for k in 0..<2 { r += a[i * 2 + k] * p[k * 2 + j] + p[i * 2 + k] * a[j * 2 + k] }
        #expect(abs(r) <= 1e-14, "Lyapunov residual [\(i)][\(j)] = \(r)")
      }
    }
    let direct = try field.moments(x0: [4, -3], times: [0, 2])
    let stepped = try field.moments(x0: [4, -3], times: [0, 0.3, 1.1, 2])
    for i in 0..<2 { #expect(abs(direct.mean[2 + i] - stepped.mean[6 + i]) <= 1e-14) }
    for i in 0..<4 { #expect(abs(direct.covariance[4 + i] - stepped.covariance[12 + i]) <= 1e-14) }
  }

  // MARK: Declarations and arithmetic

  /// The narrowest noise structure: scalar for n = 1, diagonal for a diagonal d × d B (d ≥ 2),
  /// general otherwise; always constant (additive) diffusion, Itô, with a zero derivative; the
  /// diffusion writes B in that structure's layout.
  @Test func noise_structure_follows_diffusion_matrix() throws {
    #expect(LinearSDE.sdeBall.noiseStructure == .scalar && LinearSDE.sdeBall.noiseDimension == 1)
    #expect(LinearSDE.sdeBall == (try LinearSDE(driftMatrix: [0, 1, -1, 0], diffusionMatrix: [0.2, 0.1])))
    let diagonal = try LinearSDE(driftMatrix: [-1, 0, 0, -1], diffusionMatrix: [0.3, 0, 0, 0.7])
    let general = try LinearSDE(driftMatrix: [-1, 0, 0, -1], diffusionMatrix: [0.3, 0.1, 0, 0.7])
    let wide = try LinearSDE(driftMatrix: [-1], diffusionMatrix: [0.3, 0.4, 0.5])
    #expect(diagonal.noiseStructure == .diagonal)
    #expect(general.noiseStructure == .general && wide.noiseStructure == .general && wide.noiseDimension == 3)
    #expect(try LinearSDE(driftMatrix: [2], diffusionMatrix: [1]).noiseStructure == .scalar)
    for field in [LinearSDE.sdeBall, diagonal, general, wide] {
      #expect(field.diffusionDependence == .constant && field.calculus == .ito && field.hasDiffusionDerivative)
    }
    func written(_ field: LinearSDE) -> [Double] {
      let count = field.noiseStructure.valueCount(
        stateDimension: field.stateDimension, noiseDimension: field.noiseDimension)
      var out = [Double](repeating: .nan, count: count)
      let x = [Double](repeating: 0, count: field.stateDimension)
      x.withUnsafeBufferPointer { xp in
        out.withUnsafeMutableBufferPointer { op in
          field.diffusion(
            t: 0, x: LaneValues(xp.baseAddress!, count: xp.count), into: LaneBuffer(op.baseAddress!, count: op.count))
        }
      }
      return out
    }
    #expect(written(diagonal) == [0.3, 0.7])
    #expect(written(general) == [0.3, 0.1, 0, 0.7])
    #expect(written(.sdeBall) == [0.2, 0.1])
  }

  /// μ = A x + b on 8-lane vectors against a scalar reference (1e-15 relative), and for the SDE
  /// ball exactly (y, −x) bit for bit, as the hand-written fields it replaced computed.
  @Test func drift_is_affine_map() throws {
    let a = [0.5, -1.25, 0, 2, 0, 0, 0.125, 3, -0.75]
    let b = [1.0, 0, -2]
    let field = try LinearSDE(driftMatrix: a, driftOffset: b, diffusionMatrix: [1, 1, 1])
    var generator = Xoshiro256PlusPlus(seed: 5)
    var x = [SIMD8<Double>](repeating: .zero, count: 3)
    for i in 0..<3 { for l in 0..<8 { x[i][l] = Double.random(in: -3...3, using: &generator) } }
    var mu = [SIMD8<Double>](repeating: .zero, count: 3)
    x.withUnsafeBufferPointer { xp in
      mu.withUnsafeMutableBufferPointer { mp in
        field.drift(t: 0, x: LaneValues(xp.baseAddress!, count: 3), into: LaneBuffer(mp.baseAddress!, count: 3))
      }
    }
    for i in 0..<3 {
      for l in 0..<8 {
        var ref = b[i]
        for j in 0..<3 { ref += a[i * 3 + j] * x[j][l] }
        #expect(abs(mu[i][l] - ref) <= 1e-15 * max(1, abs(ref)), "μ[\(i)] lane \(l)")
      }
    }
    var ball = [SIMD8<Double>](repeating: .zero, count: 2)
    x.withUnsafeBufferPointer { xp in
      ball.withUnsafeMutableBufferPointer { mp in
        LinearSDE.sdeBall.drift(t: 0, x: LaneValues(xp.baseAddress!, count: 2), into: LaneBuffer(mp.baseAddress!, count: 2))
      }
    }
    #expect(bits((0..<8).map { ball[0][$0] }) == bits((0..<8).map { x[1][$0] }))
    #expect(bits((0..<8).map { ball[1][$0] }) == bits((0..<8).map { -x[0][$0] }))
  }

  // MARK: Ensembles against the exact moments

  /// `expectMoments` at the last save time against the moments at the last of `exact`'s times,
  /// within 4 standard errors.
  func expectWithinFourSE(
    _ stats: EnsembleStatistics, exact: (mean: [Double], covariance: [Double]),
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let d = stats.stateDimension
    expectMoments(
      stats, save: stats.saveTimes.count - 1, mean: Array(exact.mean.suffix(d)),
      covariance: Array(exact.covariance.suffix(d * d)), withinStandardErrors: 4, sourceLocation: sourceLocation)
  }

  /// Seeded ensembles of 20,000 paths for each noise structure: the SDE ball (scalar) by
  /// Euler–Maruyama, dt = 10⁻³, to T = 10 (discretisation bias ≈ 0.3 SE); the diagonal-noise
  /// Jordan system with offset by Milstein (= Euler–Maruyama for additive noise), dt = 10⁻³, to
  /// T = 2; a general 2 × 3 B by stochastic Heun, dt = 10⁻², to T = 2.
  @Test func ensembles_match_exact_moments() throws {
    let ball = LinearSDE.sdeBall
    let em = try SDEEnsemble(
      problem: try SDEProblem(ball, x0: [0, 1], t0: 0, t1: 10), method: EulerMaruyama(), dt: 1e-3,
      saveTimes: [10], seed: 11)
    expectWithinFourSE(try em.statistics(count: 20_000), exact: try ball.moments(x0: [0, 1], times: [0, 10]))

    let jordan = try LinearSDE(driftMatrix: [-1, 1, 0, -2], driftOffset: [0.5, -1], diffusionMatrix: [0.3, 0, 0, 0.7])
    let milstein = try SDEEnsemble(
      problem: try SDEProblem(jordan, x0: [4, -3], t0: 0, t1: 2), method: Milstein(), dt: 1e-3,
      saveTimes: [2], seed: 12)
    expectWithinFourSE(try milstein.statistics(count: 20_000), exact: try jordan.moments(x0: [4, -3], times: [0, 2]))

    let general = try LinearSDE(
      driftMatrix: [-0.5, 2, -2, -0.5], driftOffset: [1, 0], diffusionMatrix: [0.3, 0.1, -0.2, 0, 0.4, 0.25])
    let heun = try SDEEnsemble(
      problem: try SDEProblem(general, x0: [1, -1], t0: 0, t1: 2), method: StochasticHeun(), dt: 1e-2,
      saveTimes: [2], seed: 13)
    expectWithinFourSE(try heun.statistics(count: 20_000), exact: try general.moments(x0: [1, -1], times: [0, 2]))
  }

  // MARK: Invalid input

  /// Every documented input error, with its values; messages name them.
  @Test func invalid_input_throws_documented_errors() throws {
    #expect(throws: LinearSDEError.driftMatrixNotSquare(count: 3)) {
      try LinearSDE(driftMatrix: [1, 2, 3], diffusionMatrix: [1])
    }
    #expect(throws: LinearSDEError.driftMatrixNotSquare(count: 0)) {
      try LinearSDE(driftMatrix: [], diffusionMatrix: [1])
    }
    #expect(throws: LinearSDEError.diffusionMatrixShape(stateDimension: 2, count: 3)) {
      try LinearSDE(driftMatrix: [1, 0, 0, 1], diffusionMatrix: [1, 2, 3])
    }
    #expect(throws: LinearSDEError.diffusionMatrixShape(stateDimension: 2, count: 0)) {
      try LinearSDE(driftMatrix: [1, 0, 0, 1], diffusionMatrix: [])
    }
    #expect(throws: LinearSDEError.driftOffsetDimensionMismatch(expected: 2, actual: 1)) {
      try LinearSDE(driftMatrix: [1, 0, 0, 1], driftOffset: [1], diffusionMatrix: [1, 1])
    }
    #expect(throws: LinearSDEError.nonFiniteCoefficient(name: "A", index: 2, value: .infinity)) {
      try LinearSDE(driftMatrix: [1, 0, .infinity, 1], diffusionMatrix: [1, 1])
    }
    #expect(throws: LinearSDEError.nonFiniteCoefficient(name: "b", index: 1, value: -.infinity)) {
      try LinearSDE(driftMatrix: [1, 0, 0, 1], driftOffset: [0, -.infinity], diffusionMatrix: [1, 1])
    }
    do {
      _ = try LinearSDE(driftMatrix: [1], diffusionMatrix: [.nan])
      Issue.record("a NaN diffusion was accepted")
    } catch let error as LinearSDEError {
      guard case .nonFiniteCoefficient(let name, let index, let value) = error else {
        Issue.record("wrong error \(error)")
        return
      }
      #expect(name == "B" && index == 0 && value.isNaN)
      #expect(error.description.contains("B[0] = nan"))
    }
    let ball = LinearSDE.sdeBall
    #expect(throws: LinearSDEError.initialStateDimensionMismatch(expected: 2, actual: 3)) {
      try ball.moments(x0: [0, 1, 2], times: [0, 1])
    }
    #expect(throws: LinearSDEError.nonFiniteInitialState(index: 1, value: .infinity)) {
      try ball.moments(x0: [0, .infinity], times: [0, 1])
    }
    #expect(throws: LinearSDEError.emptyTimes) { try ball.moments(x0: [0, 1], times: []) }
    #expect(throws: LinearSDEError.invalidTime(index: 2, time: 0.5, previous: 1)) {
      try ball.moments(x0: [0, 1], times: [0, 1, 0.5])
    }
    #expect(throws: LinearSDEError.invalidTime(index: 1, time: .infinity, previous: nil)) {
      try ball.moments(x0: [0, 1], times: [0, .infinity])
    }
    #expect(LinearSDEError.driftMatrixNotSquare(count: 3).description.contains("3 entries"))
    #expect(LinearSDEError.invalidTime(index: 2, time: 0.5, previous: 1).description.contains("time 1 = 1.0"))
  }
}
