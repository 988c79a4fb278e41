import CBLAS

/// Vectorised (AVX-512 when available) elementwise helpers for the tape: bias broadcast over the
/// last axis, column sums, ReLU forward and backward (optionally fused with the bias gradient).
///
/// Buffers are contiguous; a `rows × cols` matrix is row-major (the last axis is `cols`, e.g. the
/// channels of an NHWC tensor with `rows = N·H·W`). Large calls (≥ 2¹⁸ elements per thread) are
/// split over ``BLAS/threadCount`` threads. Sizes are checked in debug builds only
/// (`rows, cols, count ≥ 0`, `rows · cols < 2³¹`).
public enum ElementwiseKernels {
  /// Elements per thread below which a call stays on one thread.
  static let minPerThread = 1 << 18

  /// Threads for `rows × cols` elements.
  static func threads(rows: Int, cols: Int) -> Int {
    _Parallel.threads(count: rows, work: rows * cols, minWorkPerThread: minPerThread)
  }

  /// Runs `body(r0, r1)` over balanced row ranges on `threads` threads.
  static func rowRanges(rows: Int, threads: Int, _ body: (Int, Int, Int) -> Void) {
    _Parallel.forEachChunk(
      threads: threads, count: rows, chunk: _Parallel.balancedChunk(rows, threads),
      singleThreadedBLAS: false, body)
  }

  /// Adds a bias over the last axis in place: `y[r, j] += bias[j]`.
  ///
  /// - Complexity: `rows · cols` additions.
  public static func addBias(
    rows: Int, cols: Int, bias: UnsafePointer<Float>, to y: UnsafeMutablePointer<Float>
  ) {
    assert(rows >= 0 && cols >= 0 && rows * cols < Int(Int32.max))
    rowRanges(rows: rows, threads: threads(rows: rows, cols: cols)) { _, r0, r1 in
      diffeq_add_bias(y + r0 * cols, Int32(r1 - r0), Int32(cols), bias)
    }
  }

  /// Column sums (the bias gradient, or a sum over the batch): `out[j] (+)= Σ_r x[r, j]`.
  ///
  /// - Parameters:
  ///   - x: `rows · cols` floats.
  ///   - out: `cols` floats.
  ///   - accumulate: add to `out` (true) or overwrite it (false, default).
  /// - Complexity: `rows · cols` additions (Float32, in 64-column register blocks).
  public static func sumRows(
    rows: Int, cols: Int, _ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>,
    accumulate: Bool = false
  ) {
    assert(rows >= 0 && cols >= 0 && rows * cols < Int(Int32.max))
    reluBackwardOrSum(rows: rows, cols: cols, output: nil, outputGradient: x, inputGradient: nil, bias: out, accumulate: accumulate)
  }

  /// ReLU, `y[i] = max(x[i], 0)` (NaN stays NaN); `y` may equal `x` (in place).
  ///
  /// - Complexity: `count` operations.
  public static func reluForward(
    count: Int, _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>
  ) {
    assert(count >= 0)
    let t = _Parallel.threads(count: count, work: count, minWorkPerThread: minPerThread)
    rowRanges(rows: count, threads: t) { _, i0, i1 in
      diffeq_relu_forward(x + i0, i1 - i0, y + i0)
    }
  }

  /// ReLU backward, `dx[i] (+)= y[i] > 0 ? dy[i] : 0`, where `y` is the ReLU output (the input
  /// works too: same sign test). `dx` may equal `dy` (in place).
  ///
  /// - Parameters:
  ///   - output: y, `count` floats.
  ///   - outputGradient: dy, `count` floats.
  ///   - inputGradient: dx, `count` floats.
  ///   - accumulate: add to dx (true) or overwrite it (false, default).
  /// - Complexity: `count` operations.
  public static func reluBackward(
    count: Int, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
    inputGradient: UnsafeMutablePointer<Float>, accumulate: Bool = false
  ) {
    assert(count >= 0)
    let t = _Parallel.threads(count: count, work: count, minWorkPerThread: minPerThread)
    rowRanges(rows: count, threads: t) { _, i0, i1 in
      diffeq_relu_backward(output + i0, outputGradient + i0, i1 - i0, inputGradient + i0, accumulate ? 1 : 0)
    }
  }

  /// ReLU backward fused with the bias gradient of the layer that produced the ReLU's input (one
  /// pass instead of two): `dz[r, j] = y[r, j] > 0 ? dy[r, j] : 0` and `db[j] (+)= Σ_r dz[r, j]`.
  ///
  /// Typical use after ``Conv2DKernel/forward(_:input:weights:bias:output:fusedReLU:workspace:)``
  /// with `fusedReLU: true`: `rows = N·Ho·Wo`, `cols = F`, then pass dz to the input and weight
  /// gradients.
  ///
  /// - Parameters:
  ///   - output: y (the ReLU output), `rows · cols` floats.
  ///   - outputGradient: dy, `rows · cols` floats.
  ///   - inputGradient: dz, `rows · cols` floats (overwritten; may equal dy).
  ///   - biasGradient: db, `cols` floats.
  ///   - accumulateBias: add to db (true) or overwrite it (false, default).
  /// - Complexity: `rows · cols` operations.
  public static func reluBackward(
    rows: Int, cols: Int, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
    inputGradient: UnsafeMutablePointer<Float>, biasGradient: UnsafeMutablePointer<Float>,
    accumulateBias: Bool = false
  ) {
    assert(rows >= 0 && cols >= 0 && rows * cols < Int(Int32.max))
    reluBackwardOrSum(
      rows: rows, cols: cols, output: output, outputGradient: outputGradient,
      inputGradient: inputGradient, bias: biasGradient, accumulate: accumulateBias)
  }

  /// Column sums of dz = relu'(y) ⊙ dy (or of dy itself when `output` is nil), split over threads
  /// with per-thread partial sums on the stack.
  static func reluBackwardOrSum(
    rows: Int, cols: Int, output: UnsafePointer<Float>?, outputGradient: UnsafePointer<Float>,
    inputGradient: UnsafeMutablePointer<Float>?, bias: UnsafeMutablePointer<Float>,
    accumulate: Bool
  ) {
    let t = threads(rows: rows, cols: cols)
    withUnsafeTemporaryAllocation(of: Float.self, capacity: max(1, t * cols)) { partial in
      let base = partial.baseAddress.unsafelyUnwrapped  // allowed: capacity ≥ 1
      base.initialize(repeating: 0, count: max(1, t * cols))
      rowRanges(rows: rows, threads: t) { thread, r0, r1 in
        let slot = base + thread * cols
        let dy = outputGradient + r0 * cols
        if let output, let inputGradient {
          diffeq_relu_backward_bias(
            output + r0 * cols, dy, Int32(r1 - r0), Int32(cols), inputGradient + r0 * cols, slot,
            1)
        } else {
          diffeq_sum_rows(dy, Int32(r1 - r0), Int32(cols), slot, 1)
        }
      }
      if !accumulate { bias.update(repeating: 0, count: cols) }
      for thread in 0..<t { diffeq_add_bias(bias, 1, Int32(cols), base + thread * cols) }
    }
  }
}
