extension NPYArray {
  /// The floating-point element type of a `.npy` file.
  public enum Precision: String, Sendable, CaseIterable {
    /// 32-bit IEEE 754 (`'<f4'`); values are rounded to nearest when written.
    case float32
    /// 64-bit IEEE 754 (`'<f8'`); exact.
    case float64

    /// Bytes per element.
    public var byteSize: Int { self == .float32 ? 4 : 8 }

    /// The little-endian NumPy type string, `'<f4'` or `'<f8'`.
    public var descr: String { self == .float32 ? "<f4" : "<f8" }
  }
}
