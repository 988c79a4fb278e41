/// xoshiro256++ (Blackman & Vigna 2021): a fast 64-bit generator with 256 bits of state and period
/// 2²⁵⁶ − 1, seeded per stream so that results are reproducible path by path.
///
/// One step: `result = rotl(s₀ + s₃, 23) + s₀`; `t = s₁ ≪ 17`; `s₂ ^= s₀`; `s₃ ^= s₁`;
/// `s₁ ^= s₂`; `s₀ ^= s₃`; `s₂ ^= t`; `s₃ = rotl(s₃, 45)` (all arithmetic mod 2⁶⁴).
///
/// ``init(seed:stream:)`` fills the state with four SplitMix64 outputs started at
/// ``SplitMix64/streamKey(seed:stream:)``: this is the stream of path `stream` in every DiffEq
/// ensemble. Streams are not jump-separated; distinct keys start at independent-looking points of the
/// 2²⁵⁶ cycle, and the chance that two of `N` streams of length `L` overlap is about `N²L/2²⁵⁶`.
///
/// Reference: D. Blackman, S. Vigna, "Scrambled linear pseudorandom number generators",
/// ACM TOMS 47(4), 2021, doi:10.1145/3460772.
public struct Xoshiro256PlusPlus: RandomNumberGenerator, Sendable {
  /// The four state words. Must not all be zero.
  public var state: (UInt64, UInt64, UInt64, UInt64)

  /// Creates the generator from an explicit state; all-zero (the one invalid state) is replaced by
  /// the state of stream 0 under seed 0.
  @inlinable
  public init(state: (UInt64, UInt64, UInt64, UInt64)) {
    if state == (0, 0, 0, 0) {
      self.state = Xoshiro256PlusPlus.streamState(seed: 0, stream: 0)
    } else {
      self.state = state
    }
  }

  /// The generator of stream `stream` under `seed` (path `stream` of an ensemble seeded `seed`).
  @inlinable
  public init(seed: UInt64, stream: UInt64 = 0) {
    self.state = Xoshiro256PlusPlus.streamState(seed: seed, stream: stream)
  }

  /// The initial state of stream `stream` under `seed`: four SplitMix64 outputs from its key.
  @inlinable
  public static func streamState(seed: UInt64, stream: UInt64) -> (UInt64, UInt64, UInt64, UInt64) {
    var sm = SplitMix64(state: SplitMix64.streamKey(seed: seed, stream: stream))
    return (sm.next(), sm.next(), sm.next(), sm.next())
  }

  /// The next 64 random bits.
  @inlinable
  public mutating func next() -> UInt64 {
    var lanes = _XoshiroLanes<UInt64>(s0: state.0, s1: state.1, s2: state.2, s3: state.3)
    let r = lanes.next()
    state = (lanes.s0, lanes.s1, lanes.s2, lanes.s3)
    return r
  }
}

/// xoshiro256++ on `Bits.laneCount` independent streams at once (one per lane).
@usableFromInline
struct _XoshiroLanes<Bits: LaneBits>: Sendable {
  @usableFromInline var s0: Bits
  @usableFromInline var s1: Bits
  @usableFromInline var s2: Bits
  @usableFromInline var s3: Bits

  @inlinable
  init(s0: Bits, s1: Bits, s2: Bits, s3: Bits) {
    self.s0 = s0
    self.s1 = s1
    self.s2 = s2
    self.s3 = s3
  }

  /// Lane `j` runs stream `firstStream + j` under `seed`, for `j < lanes`; the remaining lanes
  /// (if any) hold the all-zero state, produce zeros, and are ignored by callers.
  @inlinable
  init(seed: UInt64, firstStream: UInt64, lanes: Int) {
    var a = Bits(repeating: 0)
    var b = a
    var c = a
    var d = a
    for j in 0..<lanes {
      let s = Xoshiro256PlusPlus.streamState(seed: seed, stream: firstStream &+ UInt64(j))
      a.setLane(j, to: s.0)
      b.setLane(j, to: s.1)
      c.setLane(j, to: s.2)
      d.setLane(j, to: s.3)
    }
    self.init(s0: a, s1: b, s2: c, s3: d)
  }

  @inlinable @inline(__always)
  static func rotl(_ x: Bits, _ k: UInt64) -> Bits { (x &<< k) | (x &>> (64 &- k)) }

  @inlinable @inline(__always)
  mutating func next() -> Bits {
    let result = Self.rotl(s0 &+ s3, 23) &+ s0
    let t = s1 &<< 17
    s2 = s2 ^ s0
    s3 = s3 ^ s1
    s1 = s1 ^ s2
    s0 = s0 ^ s3
    s2 = s2 ^ t
    s3 = Self.rotl(s3, 45)
    return result
  }
}
