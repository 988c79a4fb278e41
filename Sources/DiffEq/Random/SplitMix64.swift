/// SplitMix64 (Steele, Lea & Flood 2014): a 64-bit generator used to seed and to derive streams.
///
/// `next()` adds the golden-ratio increment `0x9E3779B97F4A7C15` to the state and returns
/// ``mix(_:)`` of it. ``mix(_:)`` is the bijective finalizer
/// `z ← (z ⊕ z≫30)·0xBF58476D1CE4E5B9; z ← (z ⊕ z≫27)·0x94D049BB133111EB; z ⊕ z≫31`.
///
/// Reference: G. L. Steele, D. Lea, C. H. Flood, "Fast splittable pseudorandom number generators",
/// OOPSLA 2014, doi:10.1145/2660193.2660195.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  /// The current state (the next output is `mix(state &+ 0x9E3779B97F4A7C15)`).
  public var state: UInt64

  /// Creates the generator with the given initial state.
  @inlinable
  public init(state: UInt64) { self.state = state }

  /// The next 64 random bits.
  @inlinable
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    return SplitMix64.mix(state)
  }

  /// The SplitMix64 output function: a bijection of `UInt64` with good avalanche.
  @inlinable
  public static func mix(_ value: UInt64) -> UInt64 {
    var z = value
    z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z &>> 31)
  }

  /// The key of random stream `stream` under `seed`: `mix(seed &+ mix(stream &+ 0x9E3779B97F4A7C15))`.
  ///
  /// Every seeded object in DiffEq (path `k` of an ensemble, a ``BrownianPath``) starts a SplitMix64
  /// at this key and takes four outputs as its xoshiro256++ state, so stream `k` depends only on
  /// `(seed, k)`.
  @inlinable
  public static func streamKey(seed: UInt64, stream: UInt64) -> UInt64 {
    mix(seed &+ mix(stream &+ 0x9E37_79B9_7F4A_7C15))
  }
}
