/// The ``LaneVector`` operations shared by every `SIMDn<Double>` conformance (`SIMD8`, `SIMD16`).
///
/// A conformance only names its integer lanes (`typealias Bits = SIMDn<UInt64>`) and its Gaussian
/// kernel entry point; everything else is written once here. Each member is `@inlinable`, so the
/// compiler specialises it for the concrete width exactly as if it were written for that type.
extension LaneVector where Self: SIMD, Scalar == Double, Bits: SIMD, Bits.Scalar == UInt64 {
  /// The number of lanes: `Self.scalarCount` (8 or 16), one coordinate of that many paths.
  @inlinable public static var laneCount: Int { Self.scalarCount }

  /// Reinterprets each `UInt64` lane as a `Double` (no conversion).
  @inlinable @inline(__always)
  public init(laneBits: Bits) { self = unsafeBitCast(laneBits, to: Self.self) }

  /// The IEEE 754 bits of each lane (no conversion).
  @inlinable @inline(__always)
  public var laneBits: Bits { unsafeBitCast(self, to: Bits.self) }

  /// Lane `i` (`0 ≤ i < laneCount`; checked only in debug builds).
  @inlinable @inline(__always)
  public func lane(_ i: Int) -> Double { self[i] }

  /// Sets lane `i` (`0 ≤ i < laneCount`; checked only in debug builds).
  @inlinable @inline(__always)
  public mutating func setLane(_ i: Int, to value: Double) { self[i] = value }

  /// `true` when every lane is finite.
  ///
  /// Computed as `(x − x) == 0` summed over lanes: `x − x` is `0` for finite `x` and NaN otherwise.
  @inlinable
  public var isFiniteInEveryLane: Bool { ((self - self).sum()) == 0 }

  /// Lane-wise IEEE negation: flips each lane's sign bit, exactly as `Double`'s prefix `-` does.
  ///
  /// The standard library's SIMD negation computes `0 − x`, which gives `+0` for `+0`; this
  /// overload (more constrained, so it is chosen for `SIMDn<Double>` wherever DiffEq is imported)
  /// makes lane results match single-path `Double` results bit for bit.
  @inlinable @inline(__always)
  public static prefix func - (operand: Self) -> Self {
    Self(laneBits: operand.laneBits ^ Bits(repeating: 0x8000_0000_0000_0000))
  }
}
