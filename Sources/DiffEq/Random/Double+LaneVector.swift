extension Double: LaneVector {
  /// A `Double` is a single lane: its bits are a `UInt64`.
  public typealias Bits = UInt64

  /// 1: a `Double` holds one path.
  @inlinable public static var laneCount: Int { 1 }

  /// `value` itself.
  @inlinable @inline(__always)
  public init(repeating value: Double) { self = value }

  /// `Double(bitPattern: laneBits)`.
  @inlinable @inline(__always)
  public init(laneBits: UInt64) { self.init(bitPattern: laneBits) }

  /// `bitPattern`.
  @inlinable @inline(__always)
  public var laneBits: UInt64 { bitPattern }

  /// The value itself (`i` must be 0; checked only in debug builds).
  @inlinable @inline(__always)
  public func lane(_ i: Int) -> Double {
    assert(i == 0, "lane index \(i) out of range 0..<1")
    return self
  }

  /// Replaces the value (`i` must be 0; checked only in debug builds).
  @inlinable @inline(__always)
  public mutating func setLane(_ i: Int, to value: Double) {
    assert(i == 0, "lane index \(i) out of range 0..<1")
    self = value
  }

  /// `isFinite`.
  @inlinable @inline(__always)
  public var isFiniteInEveryLane: Bool { isFinite }

  /// Fills `out` from `stream` with DiffEq's compiled (not client-specialised) Box–Muller kernel.
  public static func _fillGaussians(
    _ stream: inout GaussianStream<Double>, into out: UnsafeMutablePointer<Double>, count: Int
  ) {
    stream.fill(out, count: count)
  }
}
