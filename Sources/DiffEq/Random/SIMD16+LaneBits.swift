extension SIMD16: LaneBits where Scalar == UInt64 {
  /// Lane `i` (`0 ≤ i < 16`; checked only in debug builds).
  @inlinable @inline(__always)
  public func lane(_ i: Int) -> UInt64 { self[i] }

  /// Sets lane `i` (`0 ≤ i < 16`; checked only in debug builds).
  @inlinable @inline(__always)
  public mutating func setLane(_ i: Int, to value: UInt64) { self[i] = value }
}
