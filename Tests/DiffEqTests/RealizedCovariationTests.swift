import Foundation
import Testing
@testable import DiffEq

@Suite struct RealizedCovariationTests {
  /// Naive reference: Σₖ ΔZⁱ ΔZˡ in one left-to-right loop.
  func naive(_ z: [Double], samples: Int, d: Int) -> [Double] {
    var b = [Double](repeating: 0, count: d * d)
    for k in 0..<(samples - 1) {
      for i in 0..<d {
        for l in 0..<d { b[i * d + l] += (z[(k + 1) * d + i] - z[k * d + i]) * (z[(k + 1) * d + l] - z[k * d + l]) }
      }
    }
    return b
  }

  @Test func small_path_by_hand() throws {
    // ΔZ = (1, 2), (2, −1): B = [[1 + 4, 2 − 2], [2 − 2, 4 + 1]].
    let rc = try RealizedCovariation(paths: [0, 0, 1, 2, 3, 1], pathCount: 1, sampleCount: 3, dimension: 2)
    #expect(rc.perPath == [5, 0, 0, 5])
    #expect(rc.mean == [5, 0, 0, 5])
    #expect(rc.standardError.allSatisfy { $0.isNaN })
  }

  /// The vectorised kernels (d = 1, 2) and the general one (d = 3) agree with the naive loop
  /// (relative 1e-12), for lengths that exercise the vector body and the scalar tail, and results
  /// do not depend on the thread count (bit for bit).
  @Test(arguments: [1, 2, 3])
  func kernels_agree_with_naive_sums(d: Int) throws {
    var g = GaussianStream<Double>(seed: UInt64(d), firstStream: 0)
    for samples in [2, 3, 5, 9, 1001] {
      let paths = 7
      var z = [Double](repeating: 0, count: paths * samples * d)
      for q in d..<z.count { z[q] = z[q - d] + g.next() }
      let rc = try RealizedCovariation(paths: z, pathCount: paths, sampleCount: samples, dimension: d, threads: 2)
      let rc1 = try RealizedCovariation(paths: z, pathCount: paths, sampleCount: samples, dimension: d, threads: 1)
      #expect(bits(rc.perPath) == bits(rc1.perPath))
      for p in 0..<paths {
        let slice = Array(z[(p * samples * d)..<((p + 1) * samples * d)])
        let reference = naive(slice, samples: samples, d: d)
        for (a, b) in zip(rc.matrix(path: p), reference) { #expect(abs(a - b) <= 1e-12 * max(1, abs(b))) }
      }
    }
  }

  /// SDE ball paths (EM, dt = 10⁻⁴, 200 paths over [0, 10]) sampled every Δt: the mean realized
  /// covariation approaches σσᵀT = [[0.4, 0.2], [0.2, 0.1]]; the error ‖B̄ − σσᵀT‖_F shrinks
  /// monotonically as Δt goes 0.1 → 0.001 (drift bias O(Δt)), ending below 3 % of ‖σσᵀT‖_F. The same
  /// holds for irregular sampling times (random subsets of the fine grid with mean spacing Δt).
  @Test func sde_ball_covariation_converges_to_sigma_sigma_T_times_T() throws {
    let fine = 0.001
    let saves = (0...10_000).map { Double($0) * fine }
    let problem = try SDEProblem(BallField(), x0: [0, 1], t0: 0, t1: 10)
    let ensemble = try SDEEnsemble(problem: problem, method: EulerMaruyama(), dt: 1e-4, saveTimes: saves, seed: 77)
    let paths = try ensemble.paths(count: 200)
    let target = [0.4, 0.2, 0.2, 0.1]
    let norm = target.reduce(0) { $0 + $1 * $1 }.squareRoot()

    func error(indices: [Int]) throws -> Double {
      var values: [Double] = []
      values.reserveCapacity(200 * indices.count * 2)
      for p in 0..<200 {
        for k in indices { values.append(contentsOf: paths.state(path: p, save: k)) }
      }
      let rc = try RealizedCovariation(paths: values, pathCount: 200, sampleCount: indices.count, dimension: 2)
      return zip(rc.mean, target).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
    }

    let strides = [100, 30, 10, 3, 1]
    let uniform = try strides.map { try error(indices: Array(stride(from: 0, through: 10_000, by: $0))) }
    var g = Xoshiro256PlusPlus(seed: 5)
    let irregular = try strides.map { s -> Double in
      var indices = [0]
      for k in 1..<10_000 where g.next() % UInt64(s) == 0 { indices.append(k) }
      indices.append(10_000)
      return try error(indices: indices)
    }
    for errors in [uniform, irregular] {
      for j in 1..<errors.count { #expect(errors[j] < errors[j - 1], "errors \(errors)") }
      #expect(errors[errors.count - 1] < 0.03 * norm, "errors \(errors)")
    }
  }

  @Test func invalid_inputs_throw_typed_errors() {
    #expect(throws: EstimatorError.tooFewSamples(what: "realized covariation", needed: 2, actual: 1)) {
      try RealizedCovariation(paths: [1, 2], pathCount: 1, sampleCount: 1, dimension: 2)
    }
    #expect(throws: EstimatorError.self) {
      try RealizedCovariation(paths: [1, 2, 3], pathCount: 1, sampleCount: 2, dimension: 2)
    }
    #expect(throws: EstimatorError.invalidArgument(what: "dimension", value: 0, requirement: "≥ 1")) {
      try RealizedCovariation(paths: [], pathCount: 1, sampleCount: 2, dimension: 0)
    }
    #expect(throws: EstimatorError.invalidArgument(what: "pathCount", value: 0, requirement: "≥ 1")) {
      try RealizedCovariation(paths: [], pathCount: 0, sampleCount: 2, dimension: 1)
    }
    #expect(throws: EstimatorError.invalidArgument(what: "threads", value: 0, requirement: "≥ 1")) {
      try RealizedCovariation(paths: [1, 2], pathCount: 1, sampleCount: 2, dimension: 1, threads: 0)
    }
    let nanError = #expect(throws: EstimatorError.self) {
      try RealizedCovariation(paths: [0, 1, .nan, 3], pathCount: 1, sampleCount: 4, dimension: 1)
    }
    if case .nonFiniteValue(_, let index, _) = nanError { #expect(index == 2) } else {
      Issue.record("expected nonFiniteValue, got \(String(describing: nanError))")
    }
  }
}

@Suite struct IntegratedDiffusionTests {
  /// Constant σ: A = σσᵀ (t_last − t_first) exactly for any sampling; the field-based and
  /// value-based constructors agree; the discrepancy to the realized covariation of a ball path
  /// shrinks with the sampling interval.
  @Test func constant_diffusion_integrates_to_sigma_sigma_T_times_T() throws {
    let times = [0, 0.5, 1.25, 2, 3]
    let states = [Double](repeating: 0, count: 10)
    let a = try IntegratedDiffusion(field: BallField(), times: times, states: states)
    let expected = [0.04, 0.02, 0.02, 0.01].map { $0 * 3 }
    for (x, y) in zip(a.matrix, expected) { #expect(abs(x - y) < 1e-15) }
    let b = try IntegratedDiffusion(
      times: times, diffusionValues: [Double](repeating: 0, count: 10).enumerated().map { $0.offset % 2 == 0 ? 0.2 : 0.1 },
      stateDimension: 2, noiseDimension: 1)
    #expect(bits(a.matrix) == bits(b.matrix))
    #expect(try a.discrepancy(to: expected) < 1e-15)
  }

  /// State-dependent σ (GBM, σ(x) = 0.5x): A is the left Riemann sum Σ Δt (0.5 xₖ)², checked by
  /// hand on a 3-sample path; along a simulated path the discrepancy ‖A − B‖_F falls as the path
  /// is sampled more finely.
  @Test func state_dependent_diffusion_and_discrepancy() throws {
    let field = GeometricBrownianMotion(mu: 0.2, sigma: 0.5)
    let a = try IntegratedDiffusion(field: field, times: [0, 0.1, 0.3], states: [1, 2, 4])
    #expect(abs(a.matrix[0] - (0.1 * 0.25 * 1 + 0.2 * 0.25 * 4)) < 1e-15)
    let problem = try SDEProblem(field, x0: [1], t0: 0, t1: 1)
    let times = (0...10_000).map { Double($0) * 1e-4 }
    let path = try problem.solve(method: Milstein(), dt: 1e-4, saveTimes: times, seed: 3).states
    var discrepancies: [Double] = []
    for stride in [1_000, 100, 10, 1] {
      let idx = Array(Swift.stride(from: 0, through: 10_000, by: stride))
      let sampled = idx.map { path[$0] }
      let t = idx.map { times[$0] }
      let b = try RealizedCovariation(paths: sampled, pathCount: 1, sampleCount: idx.count, dimension: 1)
      discrepancies.append(try IntegratedDiffusion(field: field, times: t, states: sampled).discrepancy(to: b.perPath))
    }
    #expect(discrepancies[3] < discrepancies[0] / 5, "discrepancies \(discrepancies)")
  }

  @Test func invalid_inputs_throw_typed_errors() {
    #expect(throws: EstimatorError.tooFewSamples(what: "integrated diffusion", needed: 2, actual: 1)) {
      try IntegratedDiffusion(times: [0], diffusionValues: [1], stateDimension: 1, noiseDimension: 1)
    }
    #expect(throws: EstimatorError.timesNotIncreasing(index: 1, previous: 1, current: 1)) {
      try IntegratedDiffusion(times: [1, 1], diffusionValues: [1, 1], stateDimension: 1, noiseDimension: 1)
    }
    #expect(throws: EstimatorError.self) {
      try IntegratedDiffusion(times: [0, 1], diffusionValues: [1, 1, 1], stateDimension: 1, noiseDimension: 1)
    }
    #expect(throws: EstimatorError.self) {
      try IntegratedDiffusion(field: BallField(), times: [0, 1], states: [0, 0, 0])
    }
    #expect(throws: EstimatorError.self) {
      try IntegratedDiffusion(times: [0, 1], diffusionValues: [1, .infinity], stateDimension: 1, noiseDimension: 1)
    }
    #expect(throws: EstimatorError.dimensionMismatch(what: "realized covariation matrix", expected: 1, actual: 4)) {
      try IntegratedDiffusion(times: [0, 1], diffusionValues: [1, 1], stateDimension: 1, noiseDimension: 1)
        .discrepancy(to: [1, 2, 3, 4])
    }
  }
}

@Suite struct BipowerVariationTests {
  @Test func small_path_by_hand() throws {
    // |ΔZ| = 1, 2, 3: BV = π/2 (2·1 + 3·2).
    let bv = try BipowerVariation(paths: [0, 1, 3, 0], pathCount: 1, sampleCount: 4, dimension: 1)
    #expect(abs(bv.perPath[0] - Double.pi / 2 * 8) < 1e-14)
  }

  /// Brownian motion σ = 0.3 on [0, 1] with three jumps of size 0.5 (20 paths): realized variance
  /// stays near σ² + Σ J² = 0.84 (within 2 %) while bipower variation converges to σ² = 0.09. A jump
  /// J biases BV by about 2·(π/2)|J|·E|σΔW| = π|J|σ√(2Δt/π), i.e. 4 % at Δt = 10⁻⁵, so the error
  /// must fall at least 2× per decade of Δt and end within 6 % of σ².
  @Test func bipower_variation_ignores_jumps() throws {
    let paths = 20
    var errors: [Double] = []
    for steps in [1_000, 10_000, 100_000] {
      var z = [Double](repeating: 0, count: paths * (steps + 1))
      let jumps = Set([steps / 4, steps / 2, 3 * steps / 4])
      for p in 0..<paths {
        var g = GaussianStream<Double>(seed: 42, firstStream: UInt64(p))
        let scale = 0.3 / Double(steps).squareRoot()
        for k in 1...steps {
          let jump = jumps.contains(k) ? 0.5 : 0
          z[p * (steps + 1) + k] = z[p * (steps + 1) + k - 1] + scale * g.next() + jump
        }
      }
      let bv = try BipowerVariation(paths: z, pathCount: paths, sampleCount: steps + 1, dimension: 1)
      let rv = try RealizedCovariation(paths: z, pathCount: paths, sampleCount: steps + 1, dimension: 1)
      #expect(abs(rv.mean[0] - 0.84) < 0.02 * 0.84, "realized variance \(rv.mean[0])")
      errors.append(abs(bv.mean[0] - 0.09))
    }
    #expect(errors[1] < errors[0] / 2 && errors[2] < errors[1] / 2, "errors \(errors)")
    #expect(errors[2] < 0.06 * 0.09, "errors \(errors)")
  }

  @Test func invalid_inputs_throw_typed_errors() {
    #expect(throws: EstimatorError.tooFewSamples(what: "bipower variation", needed: 3, actual: 2)) {
      try BipowerVariation(paths: [0, 1], pathCount: 1, sampleCount: 2, dimension: 1)
    }
    #expect(throws: EstimatorError.self) {
      try BipowerVariation(paths: [0, 1, 2, 3], pathCount: 1, sampleCount: 3, dimension: 1)
    }
    #expect(throws: EstimatorError.self) {
      try BipowerVariation(paths: [0, .nan, 2], pathCount: 1, sampleCount: 3, dimension: 1)
    }
  }
}
