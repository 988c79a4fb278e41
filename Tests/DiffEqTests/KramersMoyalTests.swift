import Foundation
import Testing
@testable import DiffEq

@Suite struct KramersMoyalTests {
  /// 10⁶ samples of an exact Ornstein–Uhlenbeck trajectory dX = θ(μ − X) dt + σ dW (θ = 1,
  /// μ = 0.5, σ = 0.8, Δt = 0.025, stationary standard deviation s = σ/√(2θ)).
  ///
  /// Three bins over μ ± 3s (each well-populated, > 10⁵ pairs):
  /// - D2 is within 5 % of σ² in each (bias ≈ −θΔt + θ²(x̄−μ)²Δt/σ²·… ≲ 2.5 %; noise ≈ 0.4 %);
  /// - D1 is within 5 % of −θ(x̄ − μ) at the bin mean x̄ in the two outer bins (bias −θΔt/2 = −1.25 %,
  ///   standard error ≈ 1.6 %); in the middle bin the drift passes through 0 and a relative bound
  ///   is meaningless, so there (and in the outer bins) D1 must be within 4 standard errors of the
  ///   exact finite-Δt conditional drift −(x̄ − μ)(1 − e^{−θΔt})/Δt.
  /// Ten bins over μ ± 5s: the tail bins (< 100 pairs) are marked under-populated and report NaN,
  /// and every reported D1 is within 4 standard errors of the exact conditional drift.
  @Test func ornstein_uhlenbeck_drift_and_diffusion_are_recovered() throws {
    let theta = 1.0
    let mu = 0.5
    let sigma = 0.8
    let dt = 0.025
    let s = sigma / (2 * theta).squareRoot()
    let n = 1_000_000
    let decay = Foundation.exp(-theta * dt)
    let noise = s * (1 - decay * decay).squareRoot()
    var g = GaussianStream<Double>(seed: 2718, firstStream: 0)
    var x = [Double](repeating: 0, count: n)
    x[0] = mu + s * g.next()
    for k in 1..<n { x[k] = mu + (x[k - 1] - mu) * decay + noise * g.next() }

    let coarse = try KramersMoyal(
      samples: x, dimension: 1, dt: dt, bins: [3], ranges: [(mu - 3 * s)...(mu + 3 * s)])
    for b in 0..<3 {
      #expect(coarse.counts[b] > 100_000)
      #expect(abs(coarse.diffusion[b] - sigma * sigma) < 0.05 * sigma * sigma, "D2 bin \(b): \(coarse.diffusion[b])")
      let offset = coarse.binMeans[b] - mu
      if b != 1 {
        let target = -theta * offset
        #expect(abs(coarse.drift[b] - target) < 0.05 * abs(target), "D1 bin \(b): \(coarse.drift[b]) vs \(target)")
      }
      let exact = -offset * (1 - decay) / dt
      #expect(abs(coarse.drift[b] - exact) < 4 * coarse.driftStandardError[b])
    }

    let fine = try KramersMoyal(
      samples: x, dimension: 1, dt: dt, bins: [10], ranges: [(mu - 5 * s)...(mu + 5 * s)])
    #expect(fine.isUnderPopulated[0] && fine.isUnderPopulated[9])
    for b in 0..<10 {
      if fine.counts[b] < 100 {
        #expect(fine.isUnderPopulated[b] && fine.drift[b].isNaN && fine.diffusion[b].isNaN)
        #expect(fine.driftStandardError[b].isNaN && fine.binMeans[b].isNaN)
      } else {
        #expect(!fine.isUnderPopulated[b])
        let exact = -(fine.binMeans[b] - mu) * (1 - decay) / dt
        #expect(abs(fine.drift[b] - exact) < 4 * fine.driftStandardError[b])
      }
    }
  }

  /// A 2-D OU process dX = −θX dt + B dW with correlated noise (BBᵀ = [[0.25, 0.15], [0.15, 0.25]]),
  /// 10⁶ exact samples at Δt = 0.01: in the four central bins of a 4 × 4 grid over ±2s, every D2
  /// entry is within 5 % of (BBᵀ)ⁱˡ(1 − e^{−2θΔt})/(2θΔt) + O(Δt) ≈ BBᵀ, and D1 within 4 standard
  /// errors of the exact conditional drift −x̄(1 − e^{−θΔt})/Δt.
  @Test func two_dimensional_process_is_recovered() throws {
    let theta = 1.0
    let dt = 0.01
    let b = [0.5, 0.0, 0.3, 0.4]
    let bbt = [0.25, 0.15, 0.15, 0.25]
    let decay = Foundation.exp(-theta * dt)
    let c = ((1 - decay * decay) / (2 * theta)).squareRoot()
    let n = 1_000_000
    var g = GaussianStream<Double>(seed: 31, firstStream: 0)
    var x = [Double](repeating: 0, count: 2 * n)
    for k in 1..<n {
      let z0 = g.next()
      let z1 = g.next()
      x[2 * k] = x[2 * k - 2] * decay + c * (b[0] * z0 + b[1] * z1)
      x[2 * k + 1] = x[2 * k - 1] * decay + c * (b[2] * z0 + b[3] * z1)
    }
    let s = (0.25 / 2).squareRoot()
    let km = try KramersMoyal(
      samples: x, dimension: 2, dt: dt, bins: [4, 4], ranges: [(-2 * s)...(2 * s), (-2 * s)...(2 * s)])
    for b0 in 1...2 {
      for b1 in 1...2 {
        let bin = b0 * 4 + b1
        #expect(km.counts[bin] > 50_000)
        for q in 0..<4 {
          #expect(abs(km.diffusion[bin * 4 + q] - bbt[q]) < 0.05 * 0.25, "D2[\(q)] = \(km.diffusion[bin * 4 + q])")
        }
        for i in 0..<2 {
          let exact = -km.binMeans[bin * 2 + i] * (1 - decay) / dt
          #expect(abs(km.drift[bin * 2 + i] - exact) < 4 * km.driftStandardError[bin * 2 + i])
        }
      }
    }
  }

  @Test func invalid_inputs_throw_typed_errors() {
    let ok = [0.0, 1, 2, 3]
    #expect(throws: EstimatorError.invalidArgument(what: "dimension", value: 3, requirement: "1 or 2")) {
      try KramersMoyal(samples: ok + ok[0..<2], dimension: 3, dt: 1, bins: [1, 1, 1], ranges: [0...1, 0...1, 0...1])
    }
    #expect(throws: EstimatorError.dimensionMismatch(what: "bins", expected: 1, actual: 2)) {
      try KramersMoyal(samples: ok, dimension: 1, dt: 1, bins: [2, 2], ranges: [0...1])
    }
    #expect(throws: EstimatorError.dimensionMismatch(what: "ranges", expected: 1, actual: 0)) {
      try KramersMoyal(samples: ok, dimension: 1, dt: 1, bins: [2], ranges: [])
    }
    #expect(throws: EstimatorError.invalidArgument(what: "bins[0]", value: 0, requirement: "≥ 1")) {
      try KramersMoyal(samples: ok, dimension: 1, dt: 1, bins: [0], ranges: [0...1])
    }
    #expect(throws: EstimatorError.invalidRange(dimension: 0, lower: 1, upper: 1)) {
      try KramersMoyal(samples: ok, dimension: 1, dt: 1, bins: [2], ranges: [1...1])
    }
    #expect(throws: EstimatorError.invalidTimeStep(0)) {
      try KramersMoyal(samples: ok, dimension: 1, dt: 0, bins: [2], ranges: [0...1])
    }
    #expect(throws: EstimatorError.invalidArgument(what: "minimumCount", value: 1, requirement: "≥ 2")) {
      try KramersMoyal(samples: ok, dimension: 1, dt: 1, bins: [2], ranges: [0...1], minimumCount: 1)
    }
    #expect(throws: EstimatorError.tooFewSamples(what: "Kramers–Moyal", needed: 2, actual: 1)) {
      try KramersMoyal(samples: ok, dimension: 1, dt: 1, bins: [2], ranges: [0...1], pathCount: 4)
    }
    #expect(throws: EstimatorError.self) {
      try KramersMoyal(samples: [0, 1, 2], dimension: 2, dt: 1, bins: [2, 2], ranges: [0...1, 0...1])
    }
    #expect(throws: EstimatorError.nonFiniteValue(what: "samples", index: 2, value: .infinity)) {
      try KramersMoyal(samples: [0, 1, .infinity, 3], dimension: 1, dt: 1, bins: [2], ranges: [0...1])
    }
  }
}
