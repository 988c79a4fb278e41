#if canImport(Glibc)
  import Glibc
#endif

/// Large `Double` arrays whose pages the kernel may back with 2 MB huge pages.
@usableFromInline
enum _LargeArray {
  /// An array of `count` copies of `value`. On Linux, arrays of at least 4 MB are advised
  /// `MADV_HUGEPAGE` before their pages are first touched, which cuts TLB misses when the array is
  /// streamed (ensemble output, estimator input). The advice is best-effort and changes no value.
  @usableFromInline
  static func make(repeating value: Double, count: Int) -> [Double] {
    guard count >= (4 << 20) / 8 else { return [Double](repeating: value, count: count) }
    return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
      #if canImport(Glibc)
        if let base = buffer.baseAddress {
          let huge = 2 << 20
          let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
          let end = (Int(bitPattern: base) + count * 8) & ~(huge - 1)
          if end > start, let p = UnsafeMutableRawPointer(bitPattern: start) {
            _ = madvise(p, end - start, MADV_HUGEPAGE)
          }
        }
      #endif
      buffer.initialize(repeating: value)
      initialized = count
    }
  }
}
