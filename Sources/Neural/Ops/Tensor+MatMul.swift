// Matrix multiplication through BLAS sgemm.

/// The matrix product `op(a)·op(b)` (BLAS sgemm), where `op` transposes when asked.
///
/// Shapes: `op(a)` is `[M, K]` and `op(b)` is `[K, N]`; the result is `[M, N]`. Without
/// transposition, `a` may have rank > 2: its leading dimensions are flattened into `M` and kept in
/// the result (`[…, K]·[K, N] → […, N]`). Gradients (for `C = A·B`): `∂/∂A = ḡ·Bᵀ`,
/// `∂/∂B = Aᵀ·ḡ`, each one more GEMM, skipped for inputs that are not recorded.
///
/// - Throws: ``NeuralError/shapeMismatch(operation:expected:actual:)`` when the inner dimensions
///   differ or a rank is wrong.
/// - Complexity: 2·M·N·K flops forward, 4·M·N·K backward.
public func matmul(
  _ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false
) throws -> Tensor {
  let name = "matmul"
  guard b.rank == 2 else {
    throw NeuralError.shapeMismatch(operation: name, expected: "b of rank 2", actual: b.shape)
  }
  guard a.rank == 2 || (a.rank > 2 && !transposeA) else {
    throw NeuralError.shapeMismatch(
      operation: name, expected: transposeA ? "a of rank 2 when transposed" : "a of rank ≥ 2",
      actual: a.shape)
  }
  let k = transposeA ? a.shape[0] : a.shape[a.rank - 1]
  let m = transposeA ? a.shape[1] : a.shape.dropLast().reduce(1, *)
  let kb = transposeB ? b.shape[1] : b.shape[0]
  let n = transposeB ? b.shape[0] : b.shape[1]
  guard k == kb else {
    throw NeuralError.shapeMismatch(
      operation: name,
      expected: "b with \(k) \(transposeB ? "columns" : "rows") to match a \(a.shape)",
      actual: b.shape)
  }
  var outShape = transposeA ? [m] : Array(a.shape.dropLast())
  outShape.append(n)
  let out = Tensor(uninitializedShape: outShape)
  let lda = a.shape[a.rank - 1]
  let ldb = b.shape[1]
  if k == 0 {
    out.pointer.update(repeating: 0, count: out.count)
  } else {
    _gemm(
      transA: transposeA, transB: transposeB, m: m, n: n, k: k, a: a.pointer, lda: lda,
      b: b.pointer, ldb: ldb, c: out.pointer, ldc: n)
  }
  guard let tape = _CurrentTape.tape else { return out }
  let na = tape.node(of: a)
  let nb = tape.node(of: b)
  if na == nil && nb == nil { return out }
  let av = a.detached
  let bv = b.detached
  return tape.recorded(out) { g, tape in
    let gp = g.pointer
    if let na {
      let da = Tensor(uninitializedShape: av.shape)
      if !transposeA {
        // dA[m×k] = ḡ[m×n] · op(B)ᵀ
        _gemm(
          transA: false, transB: !transposeB, m: m, n: k, k: n, a: gp, lda: n, b: bv.pointer,
          ldb: ldb, c: da.pointer, ldc: k)
      } else {
        // A is stored k×m: dA = op(B) · ḡᵀ
        _gemm(
          transA: transposeB, transB: true, m: k, n: m, k: n, a: bv.pointer, lda: ldb, b: gp,
          ldb: n, c: da.pointer, ldc: m)
      }
      tape.accumulate(da, into: na)
    }
    if let nb {
      let db = Tensor(uninitializedShape: bv.shape)
      if !transposeB {
        // dB[k×n] = op(A)ᵀ · ḡ
        _gemm(
          transA: !transposeA, transB: false, m: k, n: n, k: m, a: av.pointer, lda: lda, b: gp,
          ldb: n, c: db.pointer, ldc: n)
      } else {
        // B is stored n×k: dB = ḡᵀ · op(A)
        _gemm(
          transA: true, transB: transposeA, m: n, n: k, k: m, a: gp, lda: n, b: av.pointer,
          ldb: lda, c: db.pointer, ldc: k)
      }
      tape.accumulate(db, into: nb)
    }
  }
}
