extension SIMD8: LaneVector where Scalar == Double {
  /// Eight `UInt64` lanes.
  public typealias Bits = SIMD8<UInt64>

  /// 8: one `SIMD8<Double>` holds a coordinate of eight paths.
  @inlinable public static var laneCount: Int { 8 }

  /// Reinterprets each `UInt64` lane as a `Double` (no conversion).
  @inlinable @inline(__always)
  public init(laneBits: SIMD8<UInt64>) { self = unsafeBitCast(laneBits, to: SIMD8<Double>.self) }

  /// The IEEE 754 bits of each lane (no conversion).
  @inlinable @inline(__always)
  public var laneBits: SIMD8<UInt64> { unsafeBitCast(self, to: SIMD8<UInt64>.self) }

  /// Lane `i` (`0 ≤ i < 8`; checked only in debug builds).
  @inlinable @inline(__always)
  public func lane(_ i: Int) -> Double { self[i] }

  /// Sets lane `i` (`0 ≤ i < 8`; checked only in debug builds).
  @inlinable @inline(__always)
  public mutating func setLane(_ i: Int, to value: Double) { self[i] = value }

  /// `true` when all eight lanes are finite.
  ///
  /// Computed as `(x − x) == 0` summed over lanes: `x − x` is `0` for finite `x` and NaN otherwise.
  @inlinable
  public var isFiniteInEveryLane: Bool { ((self - self).sum()) == 0 }

  /// Lane-wise IEEE negation: flips each lane's sign bit, exactly as `Double`'s prefix `-` does.
  ///
  /// The standard library's SIMD negation computes `0 − x`, which gives `+0` for `+0`; this
  /// overload (more specific, so it is chosen for `SIMD8<Double>` wherever DiffEq is imported) makes
  /// lane results match single-path `Double` results bit for bit.
  @inlinable @inline(__always)
  public static prefix func - (operand: SIMD8<Double>) -> SIMD8<Double> {
    SIMD8<Double>(laneBits: operand.laneBits ^ SIMD8<UInt64>(repeating: 0x8000_0000_0000_0000))
  }

  /// Fills `out` from `stream` with DiffEq's compiled (not client-specialised) Box–Muller kernel.
  public static func _fillGaussians(
    _ stream: inout GaussianStream<SIMD8<Double>>, into out: UnsafeMutablePointer<SIMD8<Double>>, count: Int
  ) {
    stream.fill(out, count: count)
  }
}
