import CBLAS

/// Vectorised (AVX-512 when available) elementwise helpers for the tape: bias broadcast over the
/// last axis, column sums, ReLU forward and backward.
///
/// Buffers are contiguous; a `rows × cols` matrix is row-major (the last axis is `cols`, e.g. the
/// channels of an NHWC tensor with `rows = N·H·W`). Sizes are checked in debug builds only
/// (`rows, cols ≥ 0`, `rows · cols < 2³¹`).
public enum ElementwiseKernels {
  /// Adds a bias over the last axis in place: `y[r, j] += bias[j]`.
  ///
  /// - Complexity: `rows · cols` additions.
  public static func addBias(
    rows: Int, cols: Int, bias: UnsafePointer<Float>, to y: UnsafeMutablePointer<Float>
  ) {
    assert(rows >= 0 && cols >= 0 && rows * cols < Int(Int32.max))
    diffeq_add_bias(y, Int32(rows), Int32(cols), bias)
  }

  /// Column sums (the bias gradient, or a sum over the batch): `out[j] (+)= Σ_r x[r, j]`.
  ///
  /// - Parameters:
  ///   - x: `rows · cols` floats.
  ///   - out: `cols` floats.
  ///   - accumulate: add to `out` (true) or overwrite it (false, default).
  /// - Complexity: `rows · cols` additions (Float32 accumulation in 64-column blocks).
  public static func sumRows(
    rows: Int, cols: Int, _ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>,
    accumulate: Bool = false
  ) {
    assert(rows >= 0 && cols >= 0 && rows * cols < Int(Int32.max))
    diffeq_sum_rows(x, Int32(rows), Int32(cols), out, accumulate ? 1 : 0)
  }

  /// ReLU, `y[i] = max(x[i], 0)` (NaN stays NaN); `y` may equal `x` (in place).
  ///
  /// - Complexity: `count` operations.
  public static func reluForward(
    count: Int, _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>
  ) {
    assert(count >= 0)
    diffeq_relu_forward(x, count, y)
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
    diffeq_relu_backward(output, outputGradient, count, inputGradient, accumulate ? 1 : 0)
  }
}
