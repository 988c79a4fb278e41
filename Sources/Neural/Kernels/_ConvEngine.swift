import CBLAS

/// The engine behind ``Conv2DKernel`` and ``Conv2DTransposeKernel``: direct AVX-512 kernels where
/// available, im2col / col2im + GEMM otherwise.
///
/// A stride-1 k × k convolution with zero padding maps `in [batch, h, w, cin]` to
/// `out [batch, ho, wo, cout]`: `out[n,i,j,:] = Σ_{u,v} in[n, i+u−padTop, j+v−padLeft, :] · W[u,v,:,:]`.
///
/// Paths (each chosen per call from the shape and the CPU):
/// - forward: on AVX-512 CPUs a direct kernel (no im2col): 8 pixels × 32 output channels in
///   registers, or, for at most 10 output channels, 32–64 pixels × all channels from a planar
///   copy of the image; else im2col + GEMM. A 1 × 1 kernel is one GEMM.
/// - input gradient: one input channel → the direct one-channel kernel; same padding → the direct
///   forward kernel on dy with the flipped kernel; valid padding → the direct scatter kernel (no
///   work on the zero border); without AVX-512, im2col + GEMM (gather) or GEMM + col2im (scatter),
///   whichever has the smaller col buffer.
/// - weight gradient: the direct kernel (output channels a multiple of 16), else im2col + GEMM.
///
/// Parallel scheme: the batch is cut into chunks of whole images handed out dynamically to
/// `T` threads (T = the BLAS thread count, fewer for small problems); each thread has its own
/// scratch (padded image plane, or im2col chunk sized to stay in its L2) and calls single-threaded
/// GEMMs (OpenBLAS is switched to one thread for the region). Weight gradients are summed per
/// thread, then reduced. Results do not depend on the thread count except for the summation order
/// of weight gradients.
///
/// Epilogue of the activation-producing paths (forward, and the input gradient used as the
/// transposed convolution's forward): `out = act((accumulate ? out : bias or 0) + conv)`.
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

    init(
      batch: Int, h: Int, w: Int, cin: Int, k: Int, padTop: Int, padLeft: Int, ho: Int, wo: Int,
      cout: Int
    ) {
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

    /// The plane of the flipped convolution computing the input gradient by gathering:
    /// dx = conv(dy, flip(W)ᵀ) with padding k − 1 − pad and output h × w.
    var flipped: Plane {
      Plane(
        batch: batch, h: ho, w: wo, cin: cout, k: k, padTop: k - 1 - padTop,
        padLeft: k - 1 - padLeft, ho: h, wo: w, cout: cin)
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

    /// Floats of one padded image plane for the direct kernels.
    var directScratch: Int {
      aligned(diffeq_conv_direct_scratch(Int32(h), Int32(w), Int32(cin), Int32(k), Int32(ho), Int32(wo)))
    }

    /// Whether the direct forward uses the pixel-vectorised kernel for few output channels.
    var usesFewChannelForward: Bool { cout <= 10 }

    /// Floats of the direct forward kernel's scratch for one image.
    var directForwardScratch: Int {
      usesFewChannelForward
        ? aligned(diffeq_conv_direct_fewf_scratch(Int32(cin), Int32(k), Int32(ho), Int32(wo)))
        : directScratch
    }
  }

  // MARK: Path choices

  /// Direct forward kernel: AVX-512 and k > 1 (measured 100–112 GFLOP/s per core at the VAE
  /// shapes, against 80–90 for im2col + OpenBLAS).
  static func usesDirectForward(_ p: Plane, direct: Bool = BLAS.kernelsUseAVX512) -> Bool {
    direct && !p.isPointwise
  }

  /// Direct weight gradient: AVX-512, k > 1, output channels a multiple of 16.
  static func usesDirectWeightGradient(_ p: Plane, direct: Bool = BLAS.kernelsUseAVX512) -> Bool {
    direct && !p.isPointwise && p.cout % 16 == 0
  }

  /// Direct one-channel input gradient: AVX-512, k > 1, one input channel, output channels a
  /// multiple of 16.
  static func usesDirectInputGradient(_ g: Conv2DGeometry, direct: Bool = BLAS.kernelsUseAVX512) -> Bool {
    direct && g.inChannels == 1 && g.outChannels % 16 == 0 && g.kernelSize > 1
  }

  /// The input-gradient path for `g`: "direct-1ch", "direct-scatter", "direct-gather",
  /// "gemm-gather" or "gemm-scatter".
  static func inputGradientPath(_ g: Conv2DGeometry, direct: Bool = BLAS.kernelsUseAVX512) -> String {
    if usesDirectInputGradient(g, direct: direct) { return "direct-1ch" }
    if direct && g.kernelSize > 1 {
      return usesGatherForDirectInputGradient(g) ? "direct-gather" : "direct-scatter"
    }
    return usesGatherForInputGradient(g) ? "gemm-gather" : "gemm-scatter"
  }

  /// For the direct input gradient: gather (the forward kernel on the zero-padded dy with the
  /// flipped kernel) when dy is about as large as dx (same padding), else scatter (valid padding,
  /// where the gather would spend up to half its work on the zero border).
  static func usesGatherForDirectInputGradient(_ g: Conv2DGeometry) -> Bool {
    10 * g.height * g.width <= 11 * g.outputHeight * g.outputWidth
  }

  /// For the GEMM input gradient: the gather form (im2col of dy with the flipped kernel) when its
  /// col buffer, H·W·k²·F per image, is smaller than the scatter form's, Ho·Wo·k²·C.
  static func usesGatherForInputGradient(_ g: Conv2DGeometry) -> Bool {
    let k = g.kernelSize
    let gatherSize = g.height * g.width * k * k * g.outChannels
    let scatterSize = g.outputHeight * g.outputWidth * k * k * g.inChannels
    return k > 1 && gatherSize < scatterSize
  }

  // MARK: Scheduling

  /// Threads for a call of `flops` over `batch` images.
  static func threadCount(batch: Int, flops: Int) -> Int {
    _Parallel.threads(count: batch, work: flops, minWorkPerThread: minFlopsPerThread)
  }

  /// Rounds a float count up to whole cache lines.
  static func aligned(_ n: Int) -> Int { (n + 15) & ~15 }

  /// Runs `body(t, c0, c1)` over image chunks on `threads` threads with OpenBLAS single-threaded.
  static func forEachChunk(threads: Int, batch: Int, chunk: Int, _ body: (Int, Int, Int) -> Void) {
    _Parallel.forEachChunk(threads: threads, count: batch, chunk: chunk, singleThreadedBLAS: true, body)
  }

  /// Chunks for the direct kernels: about three per thread, for dynamic balance.
  static func balancedChunk(_ batch: Int, _ threads: Int) -> Int {
    _Parallel.balancedChunk(batch, threads)
  }

  /// Images per im2col chunk: within `columnBudget` floats of col, and at most a third of a
  /// thread's share of the batch so the dynamic distribution can balance.
  static func chunkImages(_ p: Plane, threads: Int) -> Int {
    let byBudget = columnBudget / max(1, p.rowsPerImage * p.kk)
    return max(1, min(byBudget, balancedChunk(p.batch, threads)))
  }

  /// Number of im2col chunks the GEMM forward path of `g` uses.
  static func forwardChunks(_ g: Conv2DGeometry) -> Int {
    let p = Plane(g)
    let chunk = chunkImages(p, threads: threadCount(batch: p.batch, flops: p.flops))
    return (p.batch + chunk - 1) / chunk
  }

  /// ReLU in place over images [c0, c1) of a tensor of `perImage` floats per image.
  static func relu(_ x: UnsafeMutablePointer<Float>, _ c0: Int, _ c1: Int, perImage: Int) {
    diffeq_relu_forward(x + c0 * perImage, (c1 - c0) * perImage, x + c0 * perImage)
  }

  // MARK: Forward (gather)

  /// `out = act((accumulate ? out : bias or 0) + conv(in; wmat))`, wmat `[k²·cin, cout]` (HWIO).
  static func forward(
    _ p: Plane, input: UnsafePointer<Float>, wmat: UnsafePointer<Float>,
    bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>, accumulate: Bool,
    relu fused: Bool, workspace: KernelWorkspace, reservedFloats: Int = 0,
    direct: Bool = BLAS.kernelsUseAVX512
  ) {
    let threads = threadCount(batch: p.batch, flops: p.flops)
    let rpi = p.rowsPerImage, cout = p.cout
    let base = workspace.floats(reservedFloats + forwardScratchFloats(p, direct: direct)) + reservedFloats
    if usesDirectForward(p, direct: direct) {
      let scratch = p.directForwardScratch
      let few = p.usesFewChannelForward
      forEachChunk(threads: threads, batch: p.batch, chunk: balancedChunk(p.batch, threads)) { t, c0, c1 in
        let kernel = few ? diffeq_conv_direct_forward_fewf : diffeq_conv_direct_forward
        _ = kernel(
          input, Int32(c0), Int32(c1), Int32(p.h), Int32(p.w), Int32(p.cin), Int32(p.k),
          Int32(p.padTop), Int32(p.padLeft), Int32(p.ho), Int32(p.wo), Int32(cout), wmat, bias,
          output, accumulate ? 1 : 0, fused ? 1 : 0, base + t * scratch)
      }
      return
    }
    let chunk = chunkImages(p, threads: threads)
    let stride = p.isPointwise ? 0 : aligned(chunk * rpi * p.kk)
    forEachChunk(threads: threads, batch: p.batch, chunk: chunk) { t, c0, c1 in
      let out = output + c0 * rpi * cout
      let rows = (c1 - c0) * rpi
      if !accumulate { diffeq_fill_rows(out, Int32(rows), Int32(cout), bias) }
      let a: UnsafePointer<Float>
      if p.isPointwise {
        a = input + c0 * rpi * p.cin  // 1 × 1 kernel: the input is the col matrix
      } else {
        let col = base + t * stride
        p.im2col(input, c0, c1, col)
        a = UnsafePointer(col)
      }
      BLAS.sgemm(m: rows, n: cout, k: p.kk, a: a, lda: p.kk, b: wmat, ldb: cout, beta: 1, c: out, ldc: cout)
      if fused { relu(output, c0, c1, perImage: rpi * cout) }
    }
  }

  // MARK: Input gradient (adjoint)

  /// `dx = act((accumulate ? dx : bias or 0) + convᵀ(dy))` for the convolution `g` (see the type
  /// documentation for the path).
  static func inputGradient(
    _ g: Conv2DGeometry, outputGradient dy: UnsafePointer<Float>, weights: UnsafePointer<Float>,
    bias: UnsafePointer<Float>?, inputGradient dx: UnsafeMutablePointer<Float>, accumulate: Bool,
    relu fused: Bool, workspace: KernelWorkspace, direct: Bool = BLAS.kernelsUseAVX512
  ) {
    let p = Plane(g)
    let k = g.kernelSize, c = g.inChannels, f = g.outChannels
    let perImage = g.height * g.width * c
    let threads = threadCount(batch: g.batch, flops: g.forwardFlops)
    let path = inputGradientPath(g, direct: direct)
    if path == "direct-1ch" {
      let scratch = aligned((g.height + k - 1) * (g.width + k - 1) * f + k * k * f)
      let base = workspace.floats(threads * scratch)
      forEachChunk(threads: threads, batch: g.batch, chunk: balancedChunk(g.batch, threads)) { t, c0, c1 in
        _ = diffeq_conv_direct_input_gradient(
          dy, Int32(c0), Int32(c1), Int32(g.height), Int32(g.width), Int32(k), Int32(g.padTop),
          Int32(g.padLeft), Int32(g.outputHeight), Int32(g.outputWidth), Int32(f), weights, bias,
          dx, accumulate ? 1 : 0, fused ? 1 : 0, base + t * scratch)
      }
      return
    }
    if path == "direct-scatter" {
      let scratch = aligned((g.outputHeight + k - 1) * (g.outputWidth + k - 1) * c + k * k * c * f)
      let base = workspace.floats(threads * scratch)
      forEachChunk(threads: threads, batch: g.batch, chunk: balancedChunk(g.batch, threads)) { t, c0, c1 in
        _ = diffeq_conv_direct_input_scatter(
          dy, Int32(c0), Int32(c1), Int32(g.height), Int32(g.width), Int32(c), Int32(k),
          Int32(g.padTop), Int32(g.padLeft), Int32(g.outputHeight), Int32(g.outputWidth), Int32(f),
          weights, bias, dx, accumulate ? 1 : 0, fused ? 1 : 0, base + t * scratch)
      }
      return
    }
    if path == "direct-gather" || path == "gemm-gather" {
      // Gather: the forward path on dy with the flipped kernel, which sits in the first
      // `reserved` floats of the workspace (sized once here, so the forward call does not grow it).
      let q = p.flipped
      let reserved = aligned(g.weightCount)
      let flipped = workspace.floats(reserved + forwardScratchFloats(q, direct: direct))
      diffeq_flip_kernel(weights, Int32(k), Int32(c), Int32(f), flipped)
      forward(
        q, input: dy, wmat: flipped, bias: bias, output: dx, accumulate: accumulate, relu: fused,
        workspace: workspace, reservedFloats: reserved, direct: direct)
      return
    }
    // Scatter with GEMM: dcol = dy × Wᵀ, then col2im.
    if !accumulate { diffeq_fill_rows(dx, Int32(g.batch * g.height * g.width), Int32(c), bias) }
    let rpi = p.rowsPerImage, kk = p.kk
    let chunk = chunkImages(p, threads: threads)
    let stride = p.isPointwise ? 0 : aligned(chunk * rpi * kk)
    let base = workspace.floats(max(1, threads * stride))
    forEachChunk(threads: threads, batch: p.batch, chunk: chunk) { t, c0, c1 in
      let rows = (c1 - c0) * rpi
      let d = dy + c0 * rpi * f
      if p.isPointwise {
        BLAS.sgemm(
          transB: true, m: rows, n: c, k: f, a: d, lda: f, b: weights, ldb: f, beta: 1,
          c: dx + c0 * rpi * c, ldc: c)
      } else {
        let col = base + t * stride
        BLAS.sgemm(transB: true, m: rows, n: kk, k: f, a: d, lda: f, b: weights, ldb: f, beta: 0, c: col, ldc: kk)
        p.col2im(col, c0, c1, dx, accumulate: true)
      }
      if fused { relu(dx, c0, c1, perImage: perImage) }
    }
  }

  /// Workspace floats (after any reserved prefix) that ``forward`` needs for plane `q`.
  static func forwardScratchFloats(_ q: Plane, direct: Bool) -> Int {
    let threads = threadCount(batch: q.batch, flops: q.flops)
    if usesDirectForward(q, direct: direct) { return threads * q.directForwardScratch }
    if q.isPointwise { return 1 }
    return max(1, threads * aligned(chunkImages(q, threads: threads) * q.rowsPerImage * q.kk))
  }

  // MARK: Weight gradient

  /// The thread count the weight gradient's chunking assumes whatever the actual count, so that
  /// its sum over the batch is split the same way on any number of threads.
  static let reductionThreads = 2

  /// `dW[k²·cin, cout] (+)= Σ_batch im2col(in)ᵀ × dOut`.
  ///
  /// Deterministic: the batch is cut into chunks that depend on the geometry only (as if on
  /// ``reductionThreads`` threads), chunk 0 sums into `dW` and chunk `i > 0` into its own zeroed
  /// partial, and the partials are added in chunk order — so the result is bit-identical for any
  /// thread count (`threads` overrides ``BLAS/threadCount``) and any dynamic distribution of the
  /// chunks over the threads. Every GEMM here runs on one OpenBLAS thread, also when the chunks
  /// run one after another (OpenBLAS's own multi-threaded sgemm rounds differently).
  static func weightGradient(
    _ p: Plane, input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
    weightsGradient: UnsafeMutablePointer<Float>, accumulate: Bool, workspace: KernelWorkspace,
    direct allowDirect: Bool = BLAS.kernelsUseAVX512, threads requested: Int? = nil
  ) {
    let kk = p.kk, rpi = p.rowsPerImage, cout = p.cout
    let threads = requested ?? threadCount(batch: p.batch, flops: p.flops)
    let direct = usesDirectWeightGradient(p, direct: allowDirect)
    let chunk =
      direct
      ? balancedChunk(p.batch, reductionThreads) : chunkImages(p, threads: reductionThreads)
    let chunks = (p.batch + chunk - 1) / chunk
    // Direct: up to `planes` padded images per thread (≤ 256 KiB), so small images share tiles.
    let planes = max(1, min(chunk, (1 << 16) / max(1, p.directScratch)))
    let stride = direct ? planes * p.directScratch : p.isPointwise ? 0 : aligned(chunk * rpi * kk)
    let wcount = aligned(kk * cout)
    let base = workspace.floats(threads * stride + (chunks - 1) * wcount + 16)
    let partials = base + threads * stride
    if !accumulate { diffeq_fill_rows(weightsGradient, 1, Int32(kk * cout), nil) }
    if chunks > 1 { diffeq_fill_rows(partials, Int32(chunks - 1), Int32(wcount), nil) }
    diffeq_blas_begin_parallel()
    defer { diffeq_blas_end_parallel() }
    forEachChunk(threads: threads, batch: p.batch, chunk: chunk) { t, c0, c1 in
      let i = c0 / chunk
      let dw = i == 0 ? weightsGradient : partials + (i - 1) * wcount
      if direct {
        _ = diffeq_conv_direct_weight_gradient(
          input, Int32(c0), Int32(c1), Int32(p.h), Int32(p.w), Int32(p.cin), Int32(p.k),
          Int32(p.padTop), Int32(p.padLeft), Int32(p.ho), Int32(p.wo), Int32(cout), outputGradient,
          dw, base + t * stride, Int32(planes))
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
    for i in 1..<max(1, chunks) {
      diffeq_add_bias(weightsGradient, 1, Int32(kk * cout), partials + (i - 1) * wcount)
    }
  }
}
