// Shared helpers of the kernel tests: a seeded generator and Double reference comparisons.

/// SplitMix64: a small seeded generator for reproducible test data.
struct KernelTestRNG {
  var state: UInt64
  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Uniform in [-1, 1).
  mutating func uniform() -> Float { Float(next() >> 40) / Float(1 << 23) - 1 }

  /// `count` uniforms in [-1, 1).
  mutating func array(_ count: Int) -> [Float] { (0..<count).map { _ in uniform() } }
}

/// A Double reference value with the sum of the magnitudes of its terms (the scale of its
/// Float32 rounding error).
struct Reference {
  var values: [Double]
  var magnitudes: [Double]

  init(count: Int) {
    values = Array(repeating: 0, count: count)
    magnitudes = Array(repeating: 0, count: count)
  }

  mutating func add(_ i: Int, _ term: Double) {
    values[i] += term
    magnitudes[i] += abs(term)
  }

  /// The largest `|got − ref| / (Σ|terms| + 1e-30)`; NaN anywhere gives +∞.
  func maxRelativeError(_ got: [Float]) -> Double {
    precondition(got.count == values.count)  // allowed: test-internal invariant
    var worst = 0.0
    for i in values.indices {
      let e = abs(Double(got[i]) - values[i]) / (magnitudes[i] + 1e-30)
      if !(e <= worst) { worst = e.isNaN ? .infinity : e }
    }
    return worst
  }
}

/// The relative tolerance of a Float32 sum against its Double reference, relative to the sum of
/// the magnitudes of its terms: blocked/pairwise Float32 sums of up to ~10⁴ terms stay far below
/// this (the worst-case bound for n terms is n · 2⁻²⁴ ≈ 6e-8 · n).
let kernelRelativeTolerance = 1e-4
