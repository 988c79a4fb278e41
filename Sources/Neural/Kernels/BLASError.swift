/// Why OpenBLAS could not be used; the calls are then served by the portable sgemm.
///
/// Returned by ``BLAS/loadError`` and thrown by ``BLAS/requireOpenBLAS()``; never thrown by a
/// compute call.
public enum BLASError: Error, Sendable, Equatable, CustomStringConvertible {
  /// No OpenBLAS shared library could be loaded (`detail` has the loader's message).
  case libraryMissing(detail: String)
  /// The library lacks `cblas_sgemm` or `cblas_sgemv`.
  case symbolMissing(detail: String)
  /// The loaded kernel's reference product was wrong (relative error above 1e-4, or NaN).
  case selfCheckFailed(maxRelativeError: Double, detail: String)
  /// `DIFFEQ_BLAS=portable` was set in the environment.
  case disabled

  /// Why OpenBLAS could not be used, with what to install or set.
  public var description: String {
    switch self {
    case .libraryMissing(let detail):
      return "BLAS library missing: \(detail). Install OpenBLAS (Debian: apt-get install "
        + "libopenblas-dev) or set DIFFEQ_BLAS_LIBRARY to the path of libopenblas.so."
    case .symbolMissing(let detail):
      return "BLAS symbol missing: \(detail). Point DIFFEQ_BLAS_LIBRARY at an OpenBLAS build "
        + "that exports the CBLAS interface."
    case .selfCheckFailed(let error, let detail):
      return "BLAS self-check failed (max relative error \(error), expected ≤ 1e-4): \(detail). "
        + "Set OPENBLAS_CORETYPE to a kernel family this CPU supports (e.g. Haswell)."
    case .disabled:
      return "OpenBLAS disabled by DIFFEQ_BLAS=portable; unset it to use OpenBLAS."
    }
  }
}
