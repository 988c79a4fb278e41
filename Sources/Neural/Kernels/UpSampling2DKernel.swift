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
    let inImage = g.height * g.width * g.channels, outImage = inImage * g.factor * g.factor
    _Parallel.images(count: g.batch, perImage: outImage) { n0, n1 in
      diffeq_upsample_forward(
        input + n0 * inImage, Int32(n1 - n0), Int32(g.height), Int32(g.width), Int32(g.channels),
        Int32(g.factor), output + n0 * outImage)
    }
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
    let inImage = g.height * g.width * g.channels, outImage = inImage * g.factor * g.factor
    _Parallel.images(count: g.batch, perImage: outImage) { n0, n1 in
      diffeq_upsample_backward(
        outputGradient + n0 * outImage, Int32(n1 - n0), Int32(g.height), Int32(g.width),
        Int32(g.channels), Int32(g.factor), inputGradient + n0 * inImage, accumulate ? 1 : 0)
    }
  }
}
