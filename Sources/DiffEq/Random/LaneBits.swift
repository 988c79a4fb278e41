/// The integer counterpart of a ``LaneVector``: one `UInt64` per path lane.
///
/// `UInt64` (one lane), `SIMD8<UInt64>` and `SIMD16<UInt64>` conform. The random-number generators
/// and the Gaussian sampler are written once, generically over this protocol, so a block of paths
/// computes exactly the same bits per lane as single-path computations.
///
/// Every operation is lane-wise; shifts take a scalar count in `0..<64` and wrap (`&<<`, `&>>`).
public protocol LaneBits: Sendable {
  /// All lanes equal to `value`.
  init(repeating value: UInt64)
  /// Lane `i`, `0 ≤ i < laneCount` (checked only in debug builds).
  func lane(_ i: Int) -> UInt64
  /// Sets lane `i`, `0 ≤ i < laneCount` (checked only in debug builds).
  mutating func setLane(_ i: Int, to value: UInt64)
  /// Lane-wise wrapping addition.
  static func &+ (lhs: Self, rhs: Self) -> Self
  /// Lane-wise wrapping subtraction.
  static func &- (lhs: Self, rhs: Self) -> Self
  /// Lane-wise exclusive or.
  static func ^ (lhs: Self, rhs: Self) -> Self
  /// Lane-wise or.
  static func | (lhs: Self, rhs: Self) -> Self
  /// Lane-wise and.
  static func & (lhs: Self, rhs: Self) -> Self
  /// Lane-wise left shift by `rhs` (masked to `0..<64`).
  static func &<< (lhs: Self, rhs: UInt64) -> Self
  /// Lane-wise logical right shift by `rhs` (masked to `0..<64`).
  static func &>> (lhs: Self, rhs: UInt64) -> Self
}
