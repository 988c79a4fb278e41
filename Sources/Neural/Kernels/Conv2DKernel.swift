import CBLAS

/// Tape-free stride-1 2-D convolution on raw NHWC Float32 buffers: forward and the three backward
/// products (input, weights, bias).
///
/// Shapes and the formula are those of ``Conv2DGeometry``: input `[N, H, W, C]`, HWIO weights
/// `[k, k, C, F]`, bias `[F]`, output `[N, Ho, Wo, F]`,
/// `y[n,i,j,o] = b[o] + Σ_{u,v,c} x[n, i+u−padTop, j+v−padLeft, c] · w[u,v,c,o]`.
///
/// Method: on AVX-512 CPUs, direct register-blocked kernels (no im2col; 100–112 GFLOP/s per core
/// at the VAE shapes); elsewhere im2col + GEMM per chunk of images. The input gradient gathers
/// (convolution of dy with the flipped kernel) for same padding and scatters (each dy pixel through
/// the kernel) for valid padding. A 1 × 1 kernel is one GEMM. The batch is split over
/// ``BLAS/threadCount`` threads in chunks of whole images. `DIFFEQ_KERNELS=portable` in the
/// environment forces the portable (im2col + GEMM, baseline-ISA) paths.
///
/// Contract of every function: buffers are contiguous with exactly the geometry's element counts,
/// outputs do not overlap inputs, and `workspace` is not in use by another call. Nothing is
/// allocated except when the workspace must grow. Shapes are validated when the geometry is built;
/// the pointers themselves cannot be checked. With `accumulate: true` a gradient is added to the
/// buffer's contents (for values used twice on the tape); with `false` the buffer is overwritten.
public enum Conv2DKernel {
  /// Forward convolution `y = conv(x, w) + b`, optionally followed by a fused ReLU
  /// `y = max(conv(x, w) + b, 0)` (NaN stays NaN).
  ///
  /// - Parameters:
  ///   - g: the shapes.
  ///   - input: x, `g.inputCount` floats `[N, H, W, C]`.
  ///   - weights: w, `g.weightCount` floats `[k, k, C, F]`.
  ///   - bias: b, `F` floats, or `nil` for no bias.
  ///   - output: y, `g.outputCount` floats `[N, Ho, Wo, F]` (overwritten).
  ///   - fusedReLU: apply ReLU while storing (default false). The ReLU's backward is
  ///     ``ElementwiseKernels/reluBackward(rows:cols:output:outputGradient:inputGradient:biasGradient:accumulateBias:)``
  ///     on this output, before the backward calls below.
  ///   - workspace: scratch (a padded image plane or an im2col chunk per thread, ≤ 1 MiB each)
  ///     reused across calls.
  /// - Complexity: `g.forwardFlops` = 2·N·Ho·Wo·k²·C·F flops.
  public static func forward(
    _ g: Conv2DGeometry, input: UnsafePointer<Float>, weights: UnsafePointer<Float>,
    bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>, fusedReLU: Bool = false,
    workspace: KernelWorkspace
  ) {
    _ConvEngine.forward(
      _ConvEngine.Plane(g), input: input, wmat: weights, bias: bias, output: output,
      accumulate: false, relu: fusedReLU, workspace: workspace)
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
      g, outputGradient: outputGradient, weights: weights, bias: nil, inputGradient: inputGradient,
      accumulate: accumulate, relu: false, workspace: workspace)
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
      _ConvEngine.Plane(g), input: input, outputGradient: outputGradient,
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
    ElementwiseKernels.sumRows(
      rows: g.batch * g.outputHeight * g.outputWidth, cols: g.outChannels, outputGradient,
      into: biasGradient, accumulate: accumulate)
  }
}
