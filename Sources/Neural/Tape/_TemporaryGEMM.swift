// TEMPORARY: a naive row-major sgemm used until the BLAS loader (Sources/Neural/Kernels) is merged.
// Delete this file once `BLAS.sgemm` is available and `_gemm` calls it.

/// C = α·op(A)·op(B) + β·C, row-major; op(A) is m×k, op(B) is k×n.
func _temporarySGEMM(
  transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
  a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
  beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
) {
  // Pack op(B) as k×n contiguous so the inner loop is a unit-stride axpy.
  let packed = UnsafeMutablePointer<Float>.allocate(capacity: max(k * n, 1))
  defer { packed.deallocate() }
  for p in 0..<k {
    for j in 0..<n { packed[p &* n &+ j] = transB ? b[j &* ldb &+ p] : b[p &* ldb &+ j] }
  }
  for i in 0..<m {
    let row = c + i &* ldc
    if beta == 0 {
      row.update(repeating: 0, count: n)
    } else if beta != 1 {
      for j in 0..<n { row[j] *= beta }
    }
    for p in 0..<k {
      let aip = alpha * (transA ? a[p &* lda &+ i] : a[i &* lda &+ p])
      if aip == 0 { continue }
      _axpy(aip, packed + p &* n, row, n)
    }
  }
}
