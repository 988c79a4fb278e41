/// A writable view of `count` lane vectors: where drift, diffusion and derivatives are written.
///
/// `out[i] = value` writes coordinate `i` of every lane. Indices are checked only in debug builds.
/// The view is valid only during the call it is passed to; do not store it.
@frozen
public struct LaneBuffer<L: LaneVector> {
  @usableFromInline let base: UnsafeMutablePointer<L>
  /// Number of coordinates in the view.
  public let count: Int

  /// Wraps `count` lane vectors at `base` (used by DiffEq's integrators).
  @inlinable @inline(__always)
  public init(_ base: UnsafeMutablePointer<L>, count: Int) {
    self.base = base
    self.count = count
  }

  /// Coordinate `i`, `0 ≤ i < count` (checked only in debug builds).
  @inlinable @inline(__always)
  public subscript(i: Int) -> L {
    get {
      assert(i >= 0 && i < count, "index \(i) out of range 0..<\(count)")
      return base[i]
    }
    nonmutating set {
      assert(i >= 0 && i < count, "index \(i) out of range 0..<\(count)")
      base[i] = newValue
    }
  }

  /// The same memory as a read-only view.
  @inlinable @inline(__always)
  public var values: LaneValues<L> { LaneValues(UnsafePointer(base), count: count) }
}
