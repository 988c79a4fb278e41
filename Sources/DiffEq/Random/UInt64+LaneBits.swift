extension UInt64: LaneBits {
  /// `value` itself: a `UInt64` is a single lane.
  @inlinable @inline(__always)
  public init(repeating value: UInt64) { self = value }

  /// The value itself (`i` must be 0; checked only in debug builds).
  @inlinable @inline(__always)
  public func lane(_ i: Int) -> UInt64 {
    assert(i == 0, "lane index \(i) out of range 0..<1")
    return self
  }

  /// Replaces the value (`i` must be 0; checked only in debug builds).
  @inlinable @inline(__always)
  public mutating func setLane(_ i: Int, to value: UInt64) {
    assert(i == 0, "lane index \(i) out of range 0..<1")
    self = value
  }
}
