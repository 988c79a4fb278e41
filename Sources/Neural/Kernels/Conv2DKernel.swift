import CBLAS

/// Tape-free stride-1 2-D convolution on raw NHWC Float32 buffers: forward and the three backward
/// products (input, weights, bias).
///
/// Shapes and the formula are those of ``Conv2DGeometry``: input `[N, H, W, C]`, HWIO weights
/// `[k, k, C, F]`, bias `[F]`, output `[N, Ho, Wo, F]`,
/// `y[n,i,j,o] = b[o] + Σ_{u,v,c} x[n, i+u−padTop, j+v−padLeft, c] · w[u,v,c,o]`.
///
/// Method: im2col + one GEMM per chunk of images (the col buffer of a chunk is ≤ 4 MiB, kept in the
/// ``KernelWorkspace``); a 1 × 1 kernel calls the GEMM on the input directly. The input gradient
/// uses whichever of the gather form (im2col of dy with the flipped kernel) and the scatter form
/// (GEMM then col2im) has the smaller col buffer.
///
/// Contract of every function: buffers are contiguous with exactly the geometry's element counts,
/// outputs do not overlap inputs, and `workspace` is not in use by another call. Nothing is
/// allocated except when the workspace must grow. Shapes are validated when the geometry is built;
/// the pointers themselves cannot be checked. With `accumulate: true` a gradient is added to the
/// buffer's contents (for values used twice on the tape); with `false` the buffer is overwritten.
public enum Conv2DKernel {
  /// Forward convolution `y = conv(x, w) + b`.
  ///
  /// - Parameters:
  ///   - g: the shapes.
  ///   - input: x, `g.inputCount` floats `[N, H, W, C]`.
  ///   - weights: w, `g.weightCount` floats `[k, k, C, F]`.
  ///   - bias: b, `F` floats, or `nil` for no bias.
  ///   - output: y, `g.outputCount` floats `[N, Ho, Wo, F]` (overwritten).
  ///   - workspace: scratch of up to 4 MiB (+ weights) reused across calls.
  /// - Complexity: `g.forwardFlops` = 2·N·Ho·Wo·k²·C·F flops.
  public static func forward(
    _ g: Conv2DGeometry, input: UnsafePointer<Float>, weights: UnsafePointer<Float>,
    bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>, workspace: KernelWorkspace
  ) {
    _ConvEngine.gather(
      batch: g.batch, h: g.height, w: g.width, cin: g.inChannels, k: g.kernelSize,
      padTop: g.padTop, padLeft: g.padLeft, ho: g.outputHeight, wo: g.outputWidth,
      cout: g.outChannels, input: input, wmat: weights, bias: bias, output: output,
      accumulate: false, workspace: workspace)
  }

  /// Gradient with respect to the input, `dx (+)= convᵀ(dy)`:
  /// `dx[n,p,q,c] = Σ_{u,v,o} dy[n, p−u+padTop, q−v+padLeft, o] · w[u,v,c,o]` (dy is 0 outside
  /// `Ho × Wo`).
  ///
  /// - Parameters:
  ///   - outputGradient: dy, `g.outputCount` floats.
  ///   - weights: w, `g.weightCount` floats.
  ///   - inputGradient: dx, `g.inputCount` floats.
  ///   - accumulate: add to dx (true) or overwrite it (false, default).
  /// - Complexity: `g.forwardFlops` flops.
  public static func backwardInput(
    _ g: Conv2DGeometry, outputGradient: UnsafePointer<Float>, weights: UnsafePointer<Float>,
    inputGradient: UnsafeMutablePointer<Float>, accumulate: Bool = false,
    workspace: KernelWorkspace
  ) {
    _ConvEngine.inputGradient(
      g, outputGradient: outputGradient, weights: weights, inputGradient: inputGradient,
      accumulate: accumulate, workspace: workspace)
  }

  /// Gradient with respect to the weights,
  /// `dw[u,v,c,o] (+)= Σ_{n,i,j} x[n, i+u−padTop, j+v−padLeft, c] · dy[n,i,j,o]`.
  ///
  /// - Parameters:
  ///   - input: x, `g.inputCount` floats.
  ///   - outputGradient: dy, `g.outputCount` floats.
  ///   - weightsGradient: dw, `g.weightCount` floats `[k, k, C, F]`.
  ///   - accumulate: add to dw (true) or overwrite it (false, default).
  /// - Complexity: `g.forwardFlops` flops.
  public static func backwardWeights(
    _ g: Conv2DGeometry, input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
    weightsGradient: UnsafeMutablePointer<Float>, accumulate: Bool = false,
    workspace: KernelWorkspace
  ) {
    _ConvEngine.weightGradient(
      batch: g.batch, h: g.height, w: g.width, cin: g.inChannels, k: g.kernelSize,
      padTop: g.padTop, padLeft: g.padLeft, ho: g.outputHeight, wo: g.outputWidth,
      cout: g.outChannels, input: input, outputGradient: outputGradient,
      weightsGradient: weightsGradient, accumulate: accumulate, workspace: workspace)
  }

  /// Gradient with respect to the bias, `db[o] (+)= Σ_{n,i,j} dy[n,i,j,o]`.
  ///
  /// - Parameters:
  ///   - outputGradient: dy, `g.outputCount` floats.
  ///   - biasGradient: db, `F` floats.
  ///   - accumulate: add to db (true) or overwrite it (false, default).
  /// - Complexity: `g.outputCount` additions.
  public static func backwardBias(
    _ g: Conv2DGeometry, outputGradient: UnsafePointer<Float>,
    biasGradient: UnsafeMutablePointer<Float>, accumulate: Bool = false
  ) {
    diffeq_sum_rows(
      outputGradient, Int32(g.batch * g.outputHeight * g.outputWidth), Int32(g.outChannels),
      biasGradient, accumulate ? 1 : 0)
  }
}
