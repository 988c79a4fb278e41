import Foundation
import Testing
@testable import DiffEq

@Suite struct GaussianStreamTests {
  /// Outputs of the reference C code (prng.di.unimi.it/xoshiro256plusplus.c) from state {1, 2, 3, 4}.
  @Test func xoshiro256PlusPlus_matches_reference_outputs() {
    var g = Xoshiro256PlusPlus(state: (1, 2, 3, 4))
    let expected: [UInt64] = [
      0x0000_0000_0280_0001, 0x0000_0000_0380_0067, 0x000c_c000_0380_0067,
      0x000c_c201_9944_00b2, 0x8012_a201_9ac4_33cd, 0x8a69_978a_cdee_33ba,
    ]
    #expect((0..<6).map { _ in g.next() } == expected)
  }

  /// Outputs of the reference C code (prng.di.unimi.it/splitmix64.c) from x = 0 and x = 1234567.
  @Test func splitMix64_matches_reference_outputs() {
    var a = SplitMix64(state: 0)
    #expect([a.next(), a.next(), a.next()] == [0xe220_a839_7b1d_cdaf, 0x6e78_9e6a_a1b9_65f4, 0x06c4_5d18_8009_454f])
    var b = SplitMix64(state: 1_234_567)
    #expect([b.next(), b.next(), b.next()] == [0x599e_d017_fb08_fc85, 0x2c73_f084_5854_0fa5, 0x883e_bce5_a3f2_7c77])
  }

  @Test func streams_depend_on_seed_and_stream_index() {
    let a = Xoshiro256PlusPlus.streamState(seed: 7, stream: 0)
    let b = Xoshiro256PlusPlus.streamState(seed: 7, stream: 1)
    let c = Xoshiro256PlusPlus.streamState(seed: 8, stream: 0)
    #expect(a != b && a != c && b != c)
    #expect(a == Xoshiro256PlusPlus.streamState(seed: 7, stream: 0))
  }

  /// Lane j of a SIMD stream is exactly the Double stream `firstStream + j`, for next() and fill.
  @Test func lanes_equal_single_streams_bit_for_bit() {
    var wide = GaussianStream<SIMD16<Double>>(seed: 99, firstStream: 40)
    var eight = GaussianStream<SIMD8<Double>>(seed: 99, firstStream: 48)
    var wideValues: [SIMD16<Double>] = (0..<37).map { _ in wide.next() }
    let buffer = UnsafeMutablePointer<SIMD8<Double>>.allocate(capacity: 37)
    defer { buffer.deallocate() }
    _ = eight.next()  // odd offset: fill must continue with the spare half of the pair
    SIMD8<Double>._fillGaussians(&eight, into: buffer, count: 36)
    for j in 0..<16 {
      var single = GaussianStream<Double>(seed: 99, firstStream: UInt64(40 + j))
      let reference = (0..<37).map { _ in single.next() }
      #expect(bits(wideValues.map { $0[j] }) == bits(reference))
      if j >= 8 {
        #expect(bits((0..<36).map { buffer[$0][j - 8] }) == bits(reference[1...]))
      }
    }
    wideValues.removeAll()
  }

  /// Moments and the Kolmogorov–Smirnov distance of 200,000 samples against N(0, 1).
  /// Tolerances: 4 standard errors for mean, variance, kurtosis and the 3σ tail fraction
  /// (two-sided significance ≈ 6e-5 each); KS critical value 1.949/√n (α = 0.001).
  @Test func samples_are_standard_normal() {
    let n = 200_000
    var stream = GaussianStream<SIMD16<Double>>(seed: 2024, firstStream: 0)
    var samples: [Double] = []
    samples.reserveCapacity(n)
    while samples.count < n {
      let v = stream.next()
      for j in 0..<16 { samples.append(v[j]) }
    }
    let N = Double(n)
    let mean = samples.reduce(0, +) / N
    let variance = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (N - 1)
    let kurtosis = samples.reduce(0) { $0 + pow($1 - mean, 4) } / N / (variance * variance)
    let tail = Double(samples.filter { abs($0) > 3 }.count) / N
    #expect(abs(mean) < 4 / N.squareRoot())
    #expect(abs(variance - 1) < 4 * (2 / N).squareRoot())
    #expect(abs(kurtosis - 3) < 4 * (24 / N).squareRoot())
    let p3 = 2 * (1 - normalCDF(3))
    #expect(abs(tail - p3) < 4 * (p3 * (1 - p3) / N).squareRoot())
    samples.sort()
    var d = 0.0
    for (k, x) in samples.enumerated() {
      let f = normalCDF(x)
      d = max(d, abs(f - Double(k) / N), abs(Double(k + 1) / N - f))
    }
    #expect(d < 1.949 / N.squareRoot(), "KS distance \(d)")
  }

  /// Consecutive samples of a stream and samples of neighbouring streams are uncorrelated
  /// (|r| < 4/√n for n = 100,000 pairs).
  @Test func samples_are_uncorrelated_within_and_across_streams() {
    let n = 100_000
    var a = GaussianStream<Double>(seed: 5, firstStream: 0)
    var b = GaussianStream<Double>(seed: 5, firstStream: 1)
    var previous = a.next()
    var lag = 0.0
    var cross = 0.0
    for _ in 0..<n {
      let x = a.next()
      lag += x * previous
      cross += x * b.next()
      previous = x
    }
    let bound = 4 / Double(n).squareRoot()
    #expect(abs(lag / Double(n)) < bound)
    #expect(abs(cross / Double(n)) < bound)
  }

  /// The lane-wise log, square root and sin/cos kernels against Foundation: log within 2 ulp,
  /// sin/cos within 2e-15 absolute (the reference itself rounds 2πu), √ exactly.
  @Test func lane_math_kernels_are_accurate() {
    var g = Xoshiro256PlusPlus(seed: 11)
    var worstLog = 0.0
    var worstTrig = 0.0
    for k in 0..<100_000 {
      let bitsU = g.next()
      let u: Double = _LaneMath.unitOpenClosed(bitsU)
      let v: Double = _LaneMath.unitClosedOpen(bitsU)
      let l: Double = _LaneMath.log(u)
      let reference = Foundation.log(u)
      if reference != 0 { worstLog = max(worstLog, abs(l - reference) / reference.ulp) }
      let sc: (sin: Double, cos: Double) = _LaneMath.sinCosTwoPi(v)
      worstTrig = max(worstTrig, abs(sc.sin - sin(2 * Double.pi * v)), abs(sc.cos - cos(2 * Double.pi * v)))
      let r: Double = _LaneMath.squareRoot(-2 * l)
      #expect(r == (-2 * l).squareRoot())
      if k < 4 {
        let edge = [1.0, 0x1p-52, 0.5, 0.75][k]
        #expect(abs(_LaneMath.log(edge) - Foundation.log(edge)) <= 2 * max(Foundation.log(edge).ulp, 1e-300))
      }
    }
    #expect(worstLog <= 2, "worst log error \(worstLog) ulp")
    #expect(worstTrig <= 2e-15, "worst sin/cos error \(worstTrig)")
  }
}
