/// The ``LaneBits`` lane access shared by every `SIMDn<UInt64>` conformance (`SIMD8`, `SIMD16`);
/// the bitwise and wrapping operators come from the standard library's `SIMD` integer operators.
extension LaneBits where Self: SIMD, Scalar == UInt64 {
  /// Lane `i` (`0 ≤ i < scalarCount`; checked only in debug builds).
  @inlinable @inline(__always)
  public func lane(_ i: Int) -> UInt64 { self[i] }

  /// Sets lane `i` (`0 ≤ i < scalarCount`; checked only in debug builds).
  @inlinable @inline(__always)
  public mutating func setLane(_ i: Int, to value: UInt64) { self[i] = value }
}
