/// A read-only view of `count` lane vectors: the state `x` passed to drift and diffusion.
///
/// `x[i]` is coordinate `i` of every lane's path. Indices are checked only in debug builds. The view
/// is valid only during the call it is passed to; do not store it.
@frozen
public struct LaneValues<L: LaneVector> {
  @usableFromInline let base: UnsafePointer<L>
  /// Number of coordinates in the view.
  public let count: Int

  /// Wraps `count` lane vectors at `base` (used by DiffEq's integrators).
  @inlinable @inline(__always)
  public init(_ base: UnsafePointer<L>, count: Int) {
    self.base = base
    self.count = count
  }

  /// Coordinate `i`, `0 ≤ i < count` (checked only in debug builds).
  @inlinable @inline(__always)
  public subscript(i: Int) -> L {
    assert(i >= 0 && i < count, "index \(i) out of range 0..<\(count)")
    return base[i]
  }
}
