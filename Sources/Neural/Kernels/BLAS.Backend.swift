extension BLAS {
  /// The implementation serving the BLAS calls of this process.
  public enum Backend: Sendable, Equatable, CustomStringConvertible {
    /// OpenBLAS, loaded and self-checked, with its kernel family (e.g. `"SkylakeX"`).
    case openBLAS(coreName: String)
    /// The portable blocked sgemm, and why OpenBLAS is not used.
    case portable(reason: BLASError)

    /// `"OpenBLAS (SkylakeX)"` or `"portable sgemm (<reason>)"`.
    public var description: String {
      switch self {
      case .openBLAS(let core): return "OpenBLAS (\(core))"
      case .portable(let reason): return "portable sgemm (\(reason))"
      }
    }
  }
}
