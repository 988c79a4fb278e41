import CBLAS

/// The im2col / col2im + GEMM engine behind ``Conv2DKernel`` and ``Conv2DTransposeKernel``.
///
/// A "plane" describes one side of a stride-1 k × k convolution with general zero padding:
/// `out[n, i, j, :] = Σ_{u,v} in[n, i + u − padTop, j + v − padLeft, :] · W[u, v, :, :]`.
/// The batch is processed in chunks of whole images whose col buffer fits `columnBudget` floats,
/// so the im2col buffer stays in cache between its writing and the GEMM reading it.
enum _ConvEngine {
  /// Floats of one im2col chunk (4 MiB): large enough for efficient GEMMs, small enough for L2/L3.
  static let columnBudget = 1 << 20

  /// Images per chunk for a col buffer of `rowsPerImage × rowLength` floats per image.
  static func imagesPerChunk(batch: Int, rowsPerImage: Int, rowLength: Int) -> Int {
    max(1, min(batch, columnBudget / max(1, rowsPerImage * rowLength)))
  }

  /// Gather form: `out[rows, cout] (+)= im2col(in)[rows, k²·cin] × wmat[k²·cin, cout]`, with the
  /// rows of `out` first set to `bias` (when given and not accumulating).
  ///
  /// `in` is `[batch, h, w, cin]`, `out` is `[batch, ho, wo, cout]`.
  static func gather(
    batch: Int, h: Int, w: Int, cin: Int, k: Int, padTop: Int, padLeft: Int, ho: Int, wo: Int,
    cout: Int, input: UnsafePointer<Float>, wmat: UnsafePointer<Float>,
    bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>, accumulate: Bool,
    workspace: KernelWorkspace
  ) {
    let kk = k * k * cin
    let rowsPerImage = ho * wo
    let direct = k == 1 && padTop == 0 && padLeft == 0 && ho == h && wo == w
    if !accumulate {
      diffeq_fill_rows(output, Int32(batch * rowsPerImage), Int32(cout), bias)
    }
    if direct {  // 1 × 1 kernel: the input already is the col matrix
      BLAS.sgemm(
        m: batch * rowsPerImage, n: cout, k: cin, a: input, lda: cin, b: wmat, ldb: cout,
        beta: 1, c: output, ldc: cout)
      return
    }
    let chunk = imagesPerChunk(batch: batch, rowsPerImage: rowsPerImage, rowLength: kk)
    let col = workspace.floats(chunk * rowsPerImage * kk)
    var n0 = 0
    while n0 < batch {
      let n1 = min(batch, n0 + chunk)
      diffeq_im2col(
        input, Int32(n0), Int32(n1), Int32(h), Int32(w), Int32(cin), Int32(k), Int32(padTop),
        Int32(padLeft), Int32(ho), Int32(wo), col)
      BLAS.sgemm(
        m: (n1 - n0) * rowsPerImage, n: cout, k: kk, a: col, lda: kk, b: wmat, ldb: cout, beta: 1,
        c: output + n0 * rowsPerImage * cout, ldc: cout)
      n0 = n1
    }
  }

  /// Scatter form (the adjoint of `gather`): `in (+)= col2im(out[rows, cout] × wmatᵀ)`, with
  /// `wmat` `[k²·cin, cout]`; `in` is `[batch, h, w, cin]`, `out` is `[batch, ho, wo, cout]`.
  static func scatter(
    batch: Int, h: Int, w: Int, cin: Int, k: Int, padTop: Int, padLeft: Int, ho: Int, wo: Int,
    cout: Int, output: UnsafePointer<Float>, wmat: UnsafePointer<Float>,
    input: UnsafeMutablePointer<Float>, accumulate: Bool, workspace: KernelWorkspace
  ) {
    let kk = k * k * cin
    let rowsPerImage = ho * wo
    if k == 1 && padTop == 0 && padLeft == 0 && ho == h && wo == w {
      BLAS.sgemm(
        transB: true, m: batch * rowsPerImage, n: cin, k: cout, a: output, lda: cout, b: wmat,
        ldb: cout, beta: accumulate ? 1 : 0, c: input, ldc: cin)
      return
    }
    let chunk = imagesPerChunk(batch: batch, rowsPerImage: rowsPerImage, rowLength: kk)
    let col = workspace.floats(chunk * rowsPerImage * kk)
    var n0 = 0
    while n0 < batch {
      let n1 = min(batch, n0 + chunk)
      BLAS.sgemm(
        transB: true, m: (n1 - n0) * rowsPerImage, n: kk, k: cout,
        a: output + n0 * rowsPerImage * cout, lda: cout, b: wmat, ldb: cout, beta: 0, c: col,
        ldc: kk)
      diffeq_col2im(
        col, Int32(n0), Int32(n1), Int32(h), Int32(w), Int32(cin), Int32(k), Int32(padTop),
        Int32(padLeft), Int32(ho), Int32(wo), input, accumulate ? 1 : 0)
      n0 = n1
    }
  }

  /// `dW[k²·cin, cout] (+)= im2col(in)ᵀ × dOut`, summed over the batch.
  static func weightGradient(
    batch: Int, h: Int, w: Int, cin: Int, k: Int, padTop: Int, padLeft: Int, ho: Int, wo: Int,
    cout: Int, input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
    weightsGradient: UnsafeMutablePointer<Float>, accumulate: Bool, workspace: KernelWorkspace
  ) {
    let kk = k * k * cin
    let rowsPerImage = ho * wo
    if k == 1 && padTop == 0 && padLeft == 0 && ho == h && wo == w {
      BLAS.sgemm(
        transA: true, m: cin, n: cout, k: batch * rowsPerImage, a: input, lda: cin,
        b: outputGradient, ldb: cout, beta: accumulate ? 1 : 0, c: weightsGradient, ldc: cout)
      return
    }
    let chunk = imagesPerChunk(batch: batch, rowsPerImage: rowsPerImage, rowLength: kk)
    let col = workspace.floats(chunk * rowsPerImage * kk)
    var n0 = 0
    while n0 < batch {
      let n1 = min(batch, n0 + chunk)
      diffeq_im2col(
        input, Int32(n0), Int32(n1), Int32(h), Int32(w), Int32(cin), Int32(k), Int32(padTop),
        Int32(padLeft), Int32(ho), Int32(wo), col)
      BLAS.sgemm(
        transA: true, m: kk, n: cout, k: (n1 - n0) * rowsPerImage, a: col, lda: kk,
        b: outputGradient + n0 * rowsPerImage * cout, ldb: cout,
        beta: (n0 == 0 && !accumulate) ? 0 : 1, c: weightsGradient, ldc: cout)
      n0 = n1
    }
  }

  /// Whether ``inputGradient`` uses the gather form (im2col of dy with the flipped kernel): when
  /// its col buffer, H·W·k²·F per image, is smaller than the scatter form's, Ho·Wo·k²·C.
  static func usesGatherForInputGradient(_ g: Conv2DGeometry) -> Bool {
    let k = g.kernelSize
    let gatherSize = g.height * g.width * k * k * g.outChannels
    let scatterSize = g.outputHeight * g.outputWidth * k * k * g.inChannels
    return k > 1 && gatherSize < scatterSize
  }

  /// Number of im2col chunks the forward pass of `g` uses.
  static func forwardChunks(_ g: Conv2DGeometry) -> Int {
    let chunk = imagesPerChunk(
      batch: g.batch, rowsPerImage: g.outputHeight * g.outputWidth,
      rowLength: g.kernelSize * g.kernelSize * g.inChannels)
    return (g.batch + chunk - 1) / chunk
  }

  /// `dx (+)= convᵀ(dy)` for the convolution `g`, choosing the cheaper of the gather form (im2col
  /// of dy with the flipped kernel) and the scatter form (GEMM, then col2im) by col-buffer size.
  static func inputGradient(
    _ g: Conv2DGeometry, outputGradient dy: UnsafePointer<Float>, weights: UnsafePointer<Float>,
    inputGradient dx: UnsafeMutablePointer<Float>, accumulate: Bool, workspace: KernelWorkspace
  ) {
    let k = g.kernelSize
    if !usesGatherForInputGradient(g) {
      scatter(
        batch: g.batch, h: g.height, w: g.width, cin: g.inChannels, k: k, padTop: g.padTop,
        padLeft: g.padLeft, ho: g.outputHeight, wo: g.outputWidth, cout: g.outChannels,
        output: dy, wmat: weights, input: dx, accumulate: accumulate, workspace: workspace)
      return
    }
    // Gather: dx = conv(dy, flip(W) with in/out swapped), padding k − 1 − pad, output H × W.
    // The flipped kernel sits after the col chunk in the same workspace.
    let kk = k * k * g.outChannels
    let rowsPerImage = g.height * g.width
    let chunk = imagesPerChunk(batch: g.batch, rowsPerImage: rowsPerImage, rowLength: kk)
    let colCount = (chunk * rowsPerImage * kk + 15) & ~15
    let base = workspace.floats(colCount + g.weightCount)
    let flipped = base + colCount
    diffeq_flip_kernel(weights, Int32(k), Int32(g.inChannels), Int32(g.outChannels), flipped)
    if !accumulate {
      diffeq_fill_rows(dx, Int32(g.batch * rowsPerImage), Int32(g.inChannels), nil)
    }
    var n0 = 0
    while n0 < g.batch {
      let n1 = min(g.batch, n0 + chunk)
      diffeq_im2col(
        dy, Int32(n0), Int32(n1), Int32(g.outputHeight), Int32(g.outputWidth),
        Int32(g.outChannels), Int32(k), Int32(k - 1 - g.padTop), Int32(k - 1 - g.padLeft),
        Int32(g.height), Int32(g.width), base)
      BLAS.sgemm(
        m: (n1 - n0) * rowsPerImage, n: g.inChannels, k: kk, a: base, lda: kk, b: flipped,
        ldb: g.inChannels, beta: 1, c: dx + n0 * rowsPerImage * g.inChannels, ldc: g.inChannels)
      n0 = n1
    }
  }
}
