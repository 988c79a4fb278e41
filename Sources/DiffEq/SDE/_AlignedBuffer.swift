/// Cache-line-aligned scratch memory for the integrators' hot buffers: 64-byte aligned and padded to
/// whole cache lines, so vector loads and stores do not straddle lines and buffers of different
/// worker threads never share a line.
@usableFromInline
enum _AlignedBuffer {
  /// `count` uninitialised values of `T`, 64-byte aligned, padded to a multiple of 64 bytes.
  @inlinable
  static func allocate<T>(_ type: T.Type, count: Int) -> UnsafeMutablePointer<T> {
    let bytes = max(64, (max(1, count) * MemoryLayout<T>.stride + 63) & ~63)
    return UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
      .bindMemory(to: T.self, capacity: max(1, count))
  }

  /// Frees memory from ``allocate(_:count:)`` (trivial element types only).
  @inlinable
  static func deallocate<T>(_ pointer: UnsafeMutablePointer<T>) {
    UnsafeMutableRawPointer(pointer).deallocate()
  }
}
