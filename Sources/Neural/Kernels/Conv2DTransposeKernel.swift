import CBLAS

/// Tape-free stride-1 2-D transposed convolution on raw NHWC Float32 buffers (Keras
/// `Conv2DTranspose`): forward and the three backward products.
///
/// Shapes and the formula are those of ``Conv2DTransposeGeometry``: input `[N, H, W, C]`, weights
/// `[k, k, F, C]` (outChannels F before inChannels C, as Keras), bias `[F]`, output
/// `[N, Ho, Wo, F]` with `Ho = H + k − 1` (valid) or `H` (same). The forward pass is the adjoint of
/// the convolution `g.adjoint` (input gradient of a convolution) plus the bias; its input gradient
/// is that convolution's forward pass; its weight gradient is that convolution's weight gradient
/// with the roles of input and output exchanged.
///
/// Contract as ``Conv2DKernel``: exact element counts, no overlap between outputs and inputs,
/// `accumulate: true` adds to a gradient buffer, no allocation unless the workspace grows.
public enum Conv2DTransposeKernel {
  /// Forward transposed convolution
  /// `y[n,i,j,o] = b[o] + Σ_{u,v,c} x[n, i−u+padTop, j−v+padLeft, c] · w[u,v,o,c]`, optionally
  /// followed by a fused ReLU `y = max(y, 0)` (NaN stays NaN).
  ///
  /// - Parameters:
  ///   - input: x, `g.inputCount` floats `[N, H, W, C]`.
  ///   - weights: w, `g.weightCount` floats `[k, k, F, C]`.
  ///   - bias: b, `F` floats, or `nil`.
  ///   - output: y, `g.outputCount` floats `[N, Ho, Wo, F]` (overwritten).
  ///   - fusedReLU: apply ReLU while storing (default false); see ``Conv2DKernel``.
  /// - Complexity: `g.forwardFlops` flops.
  public static func forward(
    _ g: Conv2DTransposeGeometry, input: UnsafePointer<Float>, weights: UnsafePointer<Float>,
    bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>, fusedReLU: Bool = false,
    workspace: KernelWorkspace
  ) {
    _ConvEngine.inputGradient(
      g.adjoint, outputGradient: input, weights: weights, bias: bias, inputGradient: output,
      accumulate: false, relu: fusedReLU, workspace: workspace)
  }

  /// Gradient with respect to the input: `dx = conv(dy, w)` with the adjoint geometry,
  /// `dx[n,i,j,c] (+)= Σ_{u,v,o} dy[n, i+u−padTop, j+v−padLeft, o] · w[u,v,o,c]`.
  ///
  /// - Parameters:
  ///   - outputGradient: dy, `g.outputCount` floats.
  ///   - weights: w, `g.weightCount` floats.
  ///   - inputGradient: dx, `g.inputCount` floats.
  ///   - accumulate: add to dx (true) or overwrite it (false, default).
  /// - Complexity: `g.forwardFlops` flops.
  public static func backwardInput(
    _ g: Conv2DTransposeGeometry, outputGradient: UnsafePointer<Float>,
    weights: UnsafePointer<Float>, inputGradient: UnsafeMutablePointer<Float>,
    accumulate: Bool = false, workspace: KernelWorkspace
  ) {
    let a = g.adjoint
    _ConvEngine.forward(
      _ConvEngine.Plane(a), input: outputGradient, wmat: weights, bias: nil, output: inputGradient,
      accumulate: accumulate, relu: false, workspace: workspace)
  }

  /// Gradient with respect to the weights,
  /// `dw[u,v,o,c] (+)= Σ_{n,i,j} dy[n, i+u−padTop, j+v−padLeft, o] · x[n,i,j,c]`.
  ///
  /// - Parameters:
  ///   - input: x, `g.inputCount` floats.
  ///   - outputGradient: dy, `g.outputCount` floats.
  ///   - weightsGradient: dw, `g.weightCount` floats `[k, k, F, C]`.
  ///   - accumulate: add to dw (true) or overwrite it (false, default).
  /// - Complexity: `g.forwardFlops` flops.
  public static func backwardWeights(
    _ g: Conv2DTransposeGeometry, input: UnsafePointer<Float>,
    outputGradient: UnsafePointer<Float>, weightsGradient: UnsafeMutablePointer<Float>,
    accumulate: Bool = false, workspace: KernelWorkspace
  ) {
    let a = g.adjoint
    _ConvEngine.weightGradient(
      _ConvEngine.Plane(a), input: outputGradient, outputGradient: input,
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
    _ g: Conv2DTransposeGeometry, outputGradient: UnsafePointer<Float>,
    biasGradient: UnsafeMutablePointer<Float>, accumulate: Bool = false
  ) {
    ElementwiseKernels.sumRows(
      rows: g.batch * g.outputHeight * g.outputWidth, cols: g.outChannels, outputGradient,
      into: biasGradient, accumulate: accumulate)
  }
}
