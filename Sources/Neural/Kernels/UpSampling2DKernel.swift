import CBLAS

/// Tape-free nearest-neighbour upsampling on raw NHWC Float32 buffers (Keras `UpSampling2D`,
/// interpolation 'nearest').
///
/// Forward `y[n,i,j,c] = x[n, i/f, j/f, c]` (integer division), output `[N, f·H, f·W, C]`;
/// backward `dx[n,p,q,c] = Σ_{a,b < f} dy[n, f·p+a, f·q+b, c]`.
public enum UpSampling2DKernel {
  /// Forward upsampling.
  ///
  /// - Parameters:
  ///   - input: x, `g.inputCount` floats.
  ///   - output: y, `g.outputCount` floats (overwritten).
  /// - Complexity: O(`g.outputCount`), memory-bound.
  public static func forward(
    _ g: UpSampling2DGeometry, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>
  ) {
    diffeq_upsample_forward(
      input, Int32(g.batch), Int32(g.height), Int32(g.width), Int32(g.channels), Int32(g.factor),
      output)
  }

  /// Backward upsampling: each input gradient is the sum of its f × f output block.
  ///
  /// - Parameters:
  ///   - outputGradient: dy, `g.outputCount` floats.
  ///   - inputGradient: dx, `g.inputCount` floats.
  ///   - accumulate: add to dx (true) or overwrite it (false, default).
  /// - Complexity: O(`g.outputCount`).
  public static func backward(
    _ g: UpSampling2DGeometry, outputGradient: UnsafePointer<Float>,
    inputGradient: UnsafeMutablePointer<Float>, accumulate: Bool = false
  ) {
    diffeq_upsample_backward(
      outputGradient, Int32(g.batch), Int32(g.height), Int32(g.width), Int32(g.channels),
      Int32(g.factor), inputGradient, accumulate ? 1 : 0)
  }
}
