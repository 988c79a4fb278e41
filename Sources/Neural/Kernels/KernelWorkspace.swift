/// Reusable scratch memory for the tape-free kernels, so that steady-state calls do not allocate.
///
/// A kernel asks for the floats it needs; the buffer grows (reallocates) only when a call needs
/// more than any earlier one, and is reused afterwards. Keep one workspace per layer or per tape and
/// reuse it every step.
///
/// Not thread-safe: one workspace must not serve two kernel calls at the same time. Pointers from
/// ``floats(_:)`` are valid until the next call to ``floats(_:)`` or the workspace's release.
public final class KernelWorkspace {
  /// Floats currently allocated (0 until first use).
  public private(set) var capacity: Int = 0
  private var storage: UnsafeMutableRawPointer?

  /// Bytes of alignment of the buffer (cache-line and AVX-512 aligned).
  public static let alignment = 64

  /// An empty workspace; memory is allocated on first use.
  public init() {}

  /// An empty workspace with `capacity` floats allocated up front (`capacity ≥ 0`).
  public convenience init(capacity: Int) {
    self.init()
    _ = floats(capacity)
  }

  deinit { storage?.deallocate() }

  /// A 64-byte-aligned buffer of at least `count` floats (contents unspecified).
  ///
  /// - Complexity: O(1), or one allocation of `count` floats (and the release of the old buffer)
  ///   when `count` exceeds ``capacity``; earlier contents are not preserved across a growth.
  public func floats(_ count: Int) -> UnsafeMutablePointer<Float> {
    if count > capacity || storage == nil {
      storage?.deallocate()
      let n = max(count, 16)
      storage = UnsafeMutableRawPointer.allocate(
        byteCount: n * MemoryLayout<Float>.stride, alignment: Self.alignment)
      capacity = n
    }
    return storage.unsafelyUnwrapped.assumingMemoryBound(to: Float.self)  // allowed: set above
  }
}
