import CBLAS

/// Tape-free 2 × 2, stride-2 max pooling on raw NHWC Float32 buffers, with argmax for the backward
/// pass.
///
/// `y[n,i,j,c] = max_{a,b ∈ {0,1}} x[n, 2i+a, 2j+b, c]`, output `[N, H/2, W/2, C]` (floor; an odd
/// last row/column is dropped and gets zero gradient). The argmax is stored per output element as
/// the window position `2a + b` (0…3, one byte). Ties go to the first maximum in the order
/// (0,0), (0,1), (1,0), (1,1); a NaN in the window makes the output NaN (its position is
/// recorded), so divergence is never hidden.
public enum MaxPool2DKernel {
  /// Forward pooling with argmax.
  ///
  /// - Parameters:
  ///   - input: x, `g.inputCount` floats.
  ///   - output: y, `g.outputCount` floats (overwritten).
  ///   - argmax: `g.outputCount` bytes (overwritten), for ``backward(_:outputGradient:argmax:inputGradient:accumulate:)``.
  /// - Complexity: 3 comparisons per output element; memory-bound; images split over the BLAS
  ///   threads when large.
  public static func forward(
    _ g: MaxPool2DGeometry, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
    argmax: UnsafeMutablePointer<UInt8>
  ) {
    let inImage = g.height * g.width * g.channels, outImage = g.outputHeight * g.outputWidth * g.channels
    _Parallel.images(count: g.batch, perImage: inImage) { n0, n1 in
      diffeq_maxpool2_forward(
        input + n0 * inImage, Int32(n1 - n0), Int32(g.height), Int32(g.width), Int32(g.channels),
        output + n0 * outImage, argmax + n0 * outImage)
    }
  }

  /// Backward pooling: `dx[n, 2i+a, 2j+b, c] (+)= dy[n,i,j,c]` where `2a + b = argmax[n,i,j,c]`,
  /// and 0 (or unchanged, when accumulating) elsewhere.
  ///
  /// - Parameters:
  ///   - outputGradient: dy, `g.outputCount` floats.
  ///   - argmax: the bytes written by the forward pass.
  ///   - inputGradient: dx, `g.inputCount` floats.
  ///   - accumulate: add to dx (true) or overwrite it (false, default).
  /// - Complexity: O(`g.inputCount`).
  public static func backward(
    _ g: MaxPool2DGeometry, outputGradient: UnsafePointer<Float>, argmax: UnsafePointer<UInt8>,
    inputGradient: UnsafeMutablePointer<Float>, accumulate: Bool = false
  ) {
    let inImage = g.height * g.width * g.channels, outImage = g.outputHeight * g.outputWidth * g.channels
    _Parallel.images(count: g.batch, perImage: inImage) { n0, n1 in
      diffeq_maxpool2_backward(
        outputGradient + n0 * outImage, argmax + n0 * outImage, Int32(n1 - n0), Int32(g.height),
        Int32(g.width), Int32(g.channels), inputGradient + n0 * inImage, accumulate ? 1 : 0)
    }
  }
}
