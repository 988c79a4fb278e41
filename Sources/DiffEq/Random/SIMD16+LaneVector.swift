extension SIMD16: LaneVector where Scalar == Double {
  /// Sixteen `UInt64` lanes.
  public typealias Bits = SIMD16<UInt64>

  /// 16: one `SIMD16<Double>` holds a coordinate of sixteen paths.
  @inlinable public static var laneCount: Int { 16 }

  /// Reinterprets each `UInt64` lane as a `Double` (no conversion).
  @inlinable @inline(__always)
  public init(laneBits: SIMD16<UInt64>) { self = unsafeBitCast(laneBits, to: SIMD16<Double>.self) }

  /// The IEEE 754 bits of each lane (no conversion).
  @inlinable @inline(__always)
  public var laneBits: SIMD16<UInt64> { unsafeBitCast(self, to: SIMD16<UInt64>.self) }

  /// Lane `i` (`0 ≤ i < 16`; checked only in debug builds).
  @inlinable @inline(__always)
  public func lane(_ i: Int) -> Double { self[i] }

  /// Sets lane `i` (`0 ≤ i < 16`; checked only in debug builds).
  @inlinable @inline(__always)
  public mutating func setLane(_ i: Int, to value: Double) { self[i] = value }

  /// `true` when all sixteen lanes are finite.
  ///
  /// Computed as `(x − x) == 0` summed over lanes: `x − x` is `0` for finite `x` and NaN otherwise.
  @inlinable
  public var isFiniteInEveryLane: Bool { ((self - self).sum()) == 0 }

  /// Lane-wise IEEE negation: flips each lane's sign bit, exactly as `Double`'s prefix `-` does.
  ///
  /// The standard library's SIMD negation computes `0 − x`, which gives `+0` for `+0`; this
  /// overload (more specific, so it is chosen for `SIMD16<Double>` wherever DiffEq is imported) makes
  /// lane results match single-path `Double` results bit for bit.
  @inlinable @inline(__always)
  public static prefix func - (operand: SIMD16<Double>) -> SIMD16<Double> {
    SIMD16<Double>(laneBits: operand.laneBits ^ SIMD16<UInt64>(repeating: 0x8000_0000_0000_0000))
  }

  /// Fills `out` from `stream` with DiffEq's compiled (not client-specialised) Box–Muller kernel.
  public static func _fillGaussians(
    _ stream: inout GaussianStream<SIMD16<Double>>, into out: UnsafeMutablePointer<SIMD16<Double>>, count: Int
  ) {
    stream.fill(out, count: count)
  }
}
