// The single entry point of every GEMM in the tape operations.
import CBLAS

/// GEMMs of at least this many flops are split over the BLAS threads by hand; smaller ones run on
/// one thread.
///
/// Measured at the dense-layer shapes of the VAE benchmarks (m = 100, n and k in {256, 2048},
/// about 100 MFLOP): on idle cores OpenBLAS 0.3.21's own two-thread split took 0.60–0.64 ms and
/// two single-threaded calls on column halves 0.56–0.62 ms; with other processes on the cores
/// OpenBLAS took 1.16 ms (slower than its one-thread 1.06 ms: its workers spin and yield) and
/// the hand split 0.65 ms. Tiny products (100 × 40 × 256, ~0.02 ms) gain nothing from a second
/// thread.
let _gemmSplitFlops = 8_000_000

/// C = α·op(A)·op(B) + β·C, row-major; op(A) is m×k, op(B) is k×n (OpenBLAS via ``BLAS``).
///
/// On more than one ``BLAS/threadCount`` thread, a product of at least ``_gemmSplitFlops`` flops
/// is cut into one block of C per thread — column blocks (multiples of 16) when n ≥ m, else row
/// blocks — each computed by a single-threaded BLAS call; smaller products run single-threaded.
/// Every element of C is computed by the same k-loop either way.
@inline(__always)
func _gemm(
  transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
  a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
  beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
) {
  if m == 0 || n == 0 { return }
  let (lda, ldb, ldc) = (max(lda, 1), max(ldb, 1), max(ldc, 1))
  let threads = BLAS.threadCount
  let flops = 2 * m * n * k
  if threads <= 1 || flops < _gemmSplitFlops {
    if threads > 1 { diffeq_blas_begin_parallel() }
    BLAS.sgemm(
      transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b,
      ldb: ldb, beta: beta, c: c, ldc: ldc)
    if threads > 1 { diffeq_blas_end_parallel() }
    return
  }
  let splitColumns = n >= m
  let extent = splitColumns ? n : m
  let block = max(16, ((extent + threads - 1) / threads + 15) / 16 * 16)
  _Parallel.forEachChunk(threads: threads, count: extent, chunk: block, singleThreadedBLAS: true) {
    _, i0, i1 in
    if splitColumns {
      // C[:, i0..<i1] = op(A) · op(B)[:, i0..<i1]; op(B) = Bᵀ takes rows i0..<i1 of B.
      BLAS.sgemm(
        transA: transA, transB: transB, m: m, n: i1 - i0, k: k, alpha: alpha, a: a, lda: lda,
        b: transB ? b + i0 * ldb : b + i0, ldb: ldb, beta: beta, c: c + i0, ldc: ldc)
    } else {
      // C[i0..<i1, :] = op(A)[i0..<i1, :] · op(B); op(A) = Aᵀ takes columns i0..<i1 of A.
      BLAS.sgemm(
        transA: transA, transB: transB, m: i1 - i0, n: n, k: k, alpha: alpha,
        a: transA ? a + i0 : a + i0 * lda, lda: lda, b: b, ldb: ldb, beta: beta,
        c: c + i0 * ldc, ldc: ldc)
    }
  }
}
