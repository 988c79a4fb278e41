// The single entry point of every GEMM in the tape operations.

/// C = α·op(A)·op(B) + β·C, row-major; op(A) is m×k, op(B) is k×n (OpenBLAS via ``BLAS``).
@inline(__always)
func _gemm(
  transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
  a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
  beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
) {
  if m == 0 || n == 0 { return }
  BLAS.sgemm(
    transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: max(lda, 1), b: b,
    ldb: max(ldb, 1), beta: beta, c: c, ldc: max(ldc, 1))
}
