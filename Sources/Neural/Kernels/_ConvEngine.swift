import CBLAS

/// The im2col / col2im + GEMM engine behind ``Conv2DKernel`` and ``Conv2DTransposeKernel``.
///
/// A stride-1 k × k convolution with general zero padding maps `in [batch, h, w, cin]` to
/// `out [batch, ho, wo, cout]`: `out[n,i,j,:] = Σ_{u,v} in[n, i+u−padTop, j+v−padLeft, :] · W[u,v,:,:]`.
///
/// Parallel scheme: the batch is split into `T` contiguous image ranges (T = the BLAS thread
/// count, fewer for small problems); each thread walks its range in chunks of whole images whose
/// col buffer fits `columnBudget` floats (so the buffer stays in that core's L2 between im2col and
/// the GEMM) and calls a single-threaded GEMM (OpenBLAS is switched to one thread for the region).
/// Weight gradients are summed per thread, then reduced.
enum _ConvEngine {
  /// Floats of one thread's im2col chunk (1 MiB).
  static let columnBudget = 1 << 18
  /// Below this many flops per thread, a call runs on fewer threads.
  static let minFlopsPerThread = 2_000_000

  /// One side of the convolution: the input plane, kernel and output plane.
  struct Plane {
    var batch: Int, h: Int, w: Int, cin: Int, k: Int, padTop: Int, padLeft: Int
    var ho: Int, wo: Int, cout: Int
    var kk: Int { k * k * cin }
    var rowsPerImage: Int { ho * wo }
    var isPointwise: Bool { k == 1 && padTop == 0 && padLeft == 0 && ho == h && wo == w }
    var flops: Int { 2 * batch * rowsPerImage * kk * cout }

    init(_ g: Conv2DGeometry) {
      self.init(
        batch: g.batch, h: g.height, w: g.width, cin: g.inChannels, k: g.kernelSize,
        padTop: g.padTop, padLeft: g.padLeft, ho: g.outputHeight, wo: g.outputWidth,
        cout: g.outChannels)
    }

    init(batch: Int, h: Int, w: Int, cin: Int, k: Int, padTop: Int, padLeft: Int, ho: Int, wo: Int, cout: Int) {
      self.batch = batch
      self.h = h
      self.w = w
      self.cin = cin
      self.k = k
      self.padTop = padTop
      self.padLeft = padLeft
      self.ho = ho
      self.wo = wo
      self.cout = cout
    }

    /// Writes im2col rows of images [n0, n1) into `col`.
    func im2col(_ input: UnsafePointer<Float>, _ n0: Int, _ n1: Int, _ col: UnsafeMutablePointer<Float>) {
      diffeq_im2col(
        input, Int32(n0), Int32(n1), Int32(h), Int32(w), Int32(cin), Int32(k), Int32(padTop),
        Int32(padLeft), Int32(ho), Int32(wo), col)
    }

    /// Adds (or writes) the col2im of `col` into images [n0, n1) of `input`.
    func col2im(_ col: UnsafePointer<Float>, _ n0: Int, _ n1: Int, _ input: UnsafeMutablePointer<Float>, accumulate: Bool) {
      diffeq_col2im(
        col, Int32(n0), Int32(n1), Int32(h), Int32(w), Int32(cin), Int32(k), Int32(padTop),
        Int32(padLeft), Int32(ho), Int32(wo), input, accumulate ? 1 : 0)
    }
  }

  /// Threads for a call of `flops` over `batch` images.
  static func threadCount(batch: Int, flops: Int) -> Int {
    max(1, min(BLAS.threadCount, batch, flops / minFlopsPerThread))
  }

  /// Rounds a float count up to whole cache lines.
  static func aligned(_ n: Int) -> Int { (n + 15) & ~15 }

  /// Runs `body(t, c0, c1)` over image chunks on `threads` threads with OpenBLAS single-threaded
  /// (see ``_Parallel/forEachChunk(threads:count:chunk:singleThreadedBLAS:_:)``).
  static func forEachChunk(threads: Int, batch: Int, chunk: Int, _ body: (Int, Int, Int) -> Void) {
    _Parallel.forEachChunk(threads: threads, count: batch, chunk: chunk, singleThreadedBLAS: true, body)
  }

  /// Images per chunk: within `columnBudget` floats of col, and at most a third of a thread's
  /// share of the batch so the dynamic distribution can balance.
  static func chunkImages(_ p: Plane, threads: Int) -> Int {
    let byBudget = columnBudget / max(1, p.rowsPerImage * p.kk)
    let byBalance = threads > 1 ? (p.batch + 3 * threads - 1) / (3 * threads) : p.batch
    return max(1, min(byBudget, byBalance))
  }

  /// Gather form: `out[rows, cout] (+)= im2col(in)[rows, k²·cin] × wmat[k²·cin, cout]`; when not
  /// accumulating, the rows are first set to `bias` (zeros when nil).
  static func gather(
    _ p: Plane, input: UnsafePointer<Float>, wmat: UnsafePointer<Float>,
    bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>, accumulate: Bool,
    workspace: KernelWorkspace
  ) {
    let threads = threadCount(batch: p.batch, flops: p.flops)
    if usesDirectForward(p) {
      let scratch = aligned(diffeq_conv_direct_scratch(Int32(p.h), Int32(p.w), Int32(p.cin), Int32(p.k), Int32(p.ho), Int32(p.wo)))
      let base = workspace.floats(threads * scratch)
      let cout = p.cout
      forEachChunk(threads: threads, batch: p.batch, chunk: balancedChunk(p.batch, threads)) { t, c0, c1 in
        _ = diffeq_conv_direct_forward(
          input, Int32(c0), Int32(c1), Int32(p.h), Int32(p.w), Int32(p.cin), Int32(p.k),
          Int32(p.padTop), Int32(p.padLeft), Int32(p.ho), Int32(p.wo), Int32(cout), wmat, bias,
          output, accumulate ? 1 : 0, base + t * scratch)
      }
      return
    }
    let chunk = chunkImages(p, threads: threads)
    let stride = p.isPointwise ? 0 : aligned(chunk * p.rowsPerImage * p.kk)
    let base = workspace.floats(max(1, threads * stride))
    gather(
      p, input: input, wmat: wmat, bias: bias, output: output, accumulate: accumulate,
      threads: threads, chunk: chunk, columns: base, stride: stride)
  }

  /// `gather` with a caller-provided col region of `threads × stride` floats.
  static func gather(
    _ p: Plane, input: UnsafePointer<Float>, wmat: UnsafePointer<Float>,
    bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>, accumulate: Bool,
    threads: Int, chunk: Int, columns: UnsafeMutablePointer<Float>, stride: Int
  ) {
    let kk = p.kk, rpi = p.rowsPerImage, cout = p.cout
    forEachChunk(threads: threads, batch: p.batch, chunk: chunk) { t, c0, c1 in
      let out = output + c0 * rpi * cout
      let rows = (c1 - c0) * rpi
      if !accumulate { diffeq_fill_rows(out, Int32(rows), Int32(cout), bias) }
      let a: UnsafePointer<Float>
      if p.isPointwise {
        a = input + c0 * rpi * p.cin  // 1 × 1 kernel: the input is the col matrix
      } else {
        let col = columns + t * stride
        p.im2col(input, c0, c1, col)
        a = UnsafePointer(col)
      }
      BLAS.sgemm(m: rows, n: cout, k: kk, a: a, lda: kk, b: wmat, ldb: cout, beta: 1, c: out, ldc: cout)
    }
  }

  /// Scatter form (the adjoint of `gather`): `in (+)= col2im(out[rows, cout] × wmatᵀ)`.
  static func scatter(
    _ p: Plane, output: UnsafePointer<Float>, wmat: UnsafePointer<Float>,
    input: UnsafeMutablePointer<Float>, accumulate: Bool, workspace: KernelWorkspace
  ) {
    let kk = p.kk, rpi = p.rowsPerImage, cout = p.cout
    let threads = threadCount(batch: p.batch, flops: p.flops)
    let chunk = chunkImages(p, threads: threads)
    let stride = p.isPointwise ? 0 : aligned(chunk * rpi * kk)
    let base = workspace.floats(max(1, threads * stride))
    forEachChunk(threads: threads, batch: p.batch, chunk: chunk) { t, c0, c1 in
      let rows = (c1 - c0) * rpi
      let dy = output + c0 * rpi * cout
      if p.isPointwise {
        BLAS.sgemm(
          transB: true, m: rows, n: p.cin, k: cout, a: dy, lda: cout, b: wmat, ldb: cout,
          beta: accumulate ? 1 : 0, c: input + c0 * rpi * p.cin, ldc: p.cin)
      } else {
        let col = base + t * stride
        BLAS.sgemm(transB: true, m: rows, n: kk, k: cout, a: dy, lda: cout, b: wmat, ldb: cout, beta: 0, c: col, ldc: kk)
        p.col2im(col, c0, c1, input, accumulate: accumulate)
      }
    }
  }

  /// `dW[k²·cin, cout] (+)= im2col(in)ᵀ × dOut`, summed over the batch.
  static func weightGradient(
    _ p: Plane, input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
    weightsGradient: UnsafeMutablePointer<Float>, accumulate: Bool, workspace: KernelWorkspace
  ) {
    let kk = p.kk, rpi = p.rowsPerImage, cout = p.cout
    let threads = threadCount(batch: p.batch, flops: p.flops)
    let direct = usesDirectWeightGradient(p)
    let chunk = direct ? balancedChunk(p.batch, threads) : chunkImages(p, threads: threads)
    let stride =
      direct
      ? aligned(diffeq_conv_direct_scratch(Int32(p.h), Int32(p.w), Int32(p.cin), Int32(p.k), Int32(p.ho), Int32(p.wo)))
      : p.isPointwise ? 0 : aligned(chunk * rpi * kk)
    let wcount = aligned(kk * cout)
    let base = workspace.floats(threads * stride + (threads - 1) * wcount + 16)
    let partials = base + threads * stride
    // Thread 0 sums into dW itself, thread t > 0 into its partial; all start from zero (or dW).
    if !accumulate { diffeq_fill_rows(weightsGradient, 1, Int32(kk * cout), nil) }
    if threads > 1 { diffeq_fill_rows(partials, Int32(threads - 1), Int32(wcount), nil) }
    forEachChunk(threads: threads, batch: p.batch, chunk: chunk) { t, c0, c1 in
      let dw = t == 0 ? weightsGradient : partials + (t - 1) * wcount
      if direct {
        _ = diffeq_conv_direct_weight_gradient(
          input, Int32(c0), Int32(c1), Int32(p.h), Int32(p.w), Int32(p.cin), Int32(p.k),
          Int32(p.padTop), Int32(p.padLeft), Int32(p.ho), Int32(p.wo), Int32(cout), outputGradient,
          dw, base + t * stride)
        return
      }
      let a: UnsafePointer<Float>
      if p.isPointwise {
        a = input + c0 * rpi * p.cin
      } else {
        let col = base + t * stride
        p.im2col(input, c0, c1, col)
        a = UnsafePointer(col)
      }
      BLAS.sgemm(
        transA: true, m: kk, n: cout, k: (c1 - c0) * rpi, a: a, lda: kk,
        b: outputGradient + c0 * rpi * cout, ldb: cout, beta: 1, c: dw, ldc: cout)
    }
    for t in 1..<max(1, threads) {
      diffeq_add_bias(weightsGradient, 1, Int32(kk * cout), partials + (t - 1) * wcount)
    }
  }

  /// Whether the forward (gather) pass uses the direct AVX-512 kernel instead of im2col + GEMM:
  /// output channels a multiple of 16 and k²·C ≤ 16 (where a GEMM with so short a K is
  /// memory-bound).
  static func usesDirectForward(_ p: Plane) -> Bool {
    BLAS.kernelsUseAVX512 && !p.isPointwise && p.cout % 16 == 0 && p.kk <= 16
  }

  /// Whether the weight gradient uses the direct AVX-512 kernel: output channels a multiple of
  /// 16 and k²·C·F/16 ≤ 32 accumulators, k²·C ≤ 16.
  static func usesDirectWeightGradient(_ p: Plane) -> Bool {
    BLAS.kernelsUseAVX512 && !p.isPointwise && p.cout % 16 == 0 && p.kk <= 16
      && p.kk * (p.cout / 16) <= 32
  }

  /// Whether the input gradient uses the direct AVX-512 kernel: one input channel, output
  /// channels a multiple of 16.
  static func usesDirectInputGradient(_ g: Conv2DGeometry) -> Bool {
    BLAS.kernelsUseAVX512 && g.inChannels == 1 && g.outChannels % 16 == 0 && g.kernelSize > 1
  }

  /// Chunks for the direct kernels: about three per thread, for dynamic balance.
  static func balancedChunk(_ batch: Int, _ threads: Int) -> Int {
    _Parallel.balancedChunk(batch, threads)
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
    let p = Plane(g)
    let chunk = chunkImages(p, threads: threadCount(batch: p.batch, flops: p.flops))
    return (p.batch + chunk - 1) / chunk
  }

  /// `dx (+)= convᵀ(dy)` for the convolution `g`, in the gather or the scatter form (see
  /// ``usesGatherForInputGradient(_:)``).
  static func inputGradient(
    _ g: Conv2DGeometry, outputGradient dy: UnsafePointer<Float>, weights: UnsafePointer<Float>,
    inputGradient dx: UnsafeMutablePointer<Float>, accumulate: Bool, workspace: KernelWorkspace
  ) {
    if usesDirectInputGradient(g) {
      let f = g.outChannels, k = g.kernelSize
      let threads = threadCount(batch: g.batch, flops: g.forwardFlops)
      let scratch = aligned((g.height + k - 1) * (g.width + k - 1) * f + k * k * f)
      let base = workspace.floats(threads * scratch)
      forEachChunk(threads: threads, batch: g.batch, chunk: balancedChunk(g.batch, threads)) { t, c0, c1 in
        _ = diffeq_conv_direct_input_gradient(
          dy, Int32(c0), Int32(c1), Int32(g.height), Int32(g.width), Int32(k), Int32(g.padTop),
          Int32(g.padLeft), Int32(g.outputHeight), Int32(g.outputWidth), Int32(f), weights, dx,
          accumulate ? 1 : 0, base + t * scratch)
      }
      return
    }
    guard usesGatherForInputGradient(g) else {
      scatter(Plane(g), output: dy, wmat: weights, input: dx, accumulate: accumulate, workspace: workspace)
      return
    }
    // Gather: dx = conv(dy, flip(W) with in/out swapped), padding k − 1 − pad, output H × W.
    let k = g.kernelSize
    let q = Plane(
      batch: g.batch, h: g.outputHeight, w: g.outputWidth, cin: g.outChannels, k: k,
      padTop: k - 1 - g.padTop, padLeft: k - 1 - g.padLeft, ho: g.height, wo: g.width,
      cout: g.inChannels)
    let threads = threadCount(batch: q.batch, flops: q.flops)
    let chunk = chunkImages(q, threads: threads)
    let stride = aligned(chunk * q.rowsPerImage * q.kk)
    let base = workspace.floats(threads * stride + g.weightCount)
    let flipped = base + threads * stride
    diffeq_flip_kernel(weights, Int32(k), Int32(g.inChannels), Int32(g.outChannels), flipped)
    gather(
      q, input: dy, wmat: flipped, bias: nil, output: dx, accumulate: accumulate,
      threads: threads, chunk: chunk, columns: base, stride: stride)
  }
}
