import Foundation

/// A fast, seedable pseudo-random generator (xoshiro256**), seeded through SplitMix64.
///
/// Every random thing in `Neural` (weight initialisation, noise, shuffling) takes one of these or a
/// seed, so runs are reproducible. Period 2²⁵⁶ − 1; passes BigCrush (Blackman & Vigna 2018,
/// "Scrambled linear pseudorandom number generators", doi:10.1145/3460772). About 1 ns per draw.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  @usableFromInline var s0: UInt64
  @usableFromInline var s1: UInt64
  @usableFromInline var s2: UInt64
  @usableFromInline var s3: UInt64

  /// Creates a generator whose whole stream is determined by `seed` (any value, including 0).
  public init(seed: UInt64) {
    var x = seed
    func splitMix() -> UInt64 {
      x &+= 0x9E37_79B9_7F4A_7C15
      var z = x
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    s0 = splitMix()
    s1 = splitMix()
    s2 = splitMix()
    s3 = splitMix()
  }

  /// The next 64 uniformly distributed bits.
  @inlinable
  public mutating func next() -> UInt64 {
    let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = (s3 << 45) | (s3 >> 19)
    return result
  }

  /// A uniform Float in `[0, 1)` with 24 random bits.
  @inlinable
  public mutating func nextUnitFloat() -> Float {
    Float(next() >> 40) * (1.0 / 16_777_216.0)
  }

  /// A standard normal Float (Box–Muller on two 32-bit halves of one draw).
  ///
  /// Uses `u1 ∈ (0, 1]` so the logarithm is finite: `z = √(−2 ln u1) · cos(2π u2)`.
  public mutating func nextNormal() -> Float {
    let bits = next()
    let u1 = (Float(bits >> 40) + 1) * (1.0 / 16_777_216.0)
    let u2 = Float((bits >> 16) & 0xFF_FFFF) * (1.0 / 16_777_216.0)
    return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Float.pi * u2)
  }
}
