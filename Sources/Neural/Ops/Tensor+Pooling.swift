// 2×2 max pooling and nearest-neighbour upsampling on NHWC batches, wrapping `MaxPool2DKernel` and
// `UpSampling2DKernel`.

/// 2×2 max pooling with stride 2: `y[n, i, j, c] = max_{a,b∈{0,1}} x[n, 2i+a, 2j+b, c]`.
///
/// Odd heights or widths drop the last row or column (Keras' 'valid' pooling). The gradient flows
/// to the maximum of each window (the first one on ties); NaN propagates.
///
/// - Parameter x: `[N, H, W, C]` with `H, W ≥ 2`.
/// - Returns: `[N, H/2, W/2, C]`.
/// - Throws: ``NeuralError/shapeMismatch(operation:expected:actual:)`` for another rank or a side
///   below 2.
/// - Complexity: O(count) forward and backward; one byte of argmax per output element is kept.
public func maxPool2D(_ x: Tensor) throws -> Tensor {
  let (y, pool) = try _MaxPool.forward(x)
  guard let tape = _CurrentTape.tape, let nx = tape.node(of: x) else { return y }
  let inputShape = x.shape
  return tape.recorded(y) { gradient, tape in
    let dx = Tensor(uninitializedShape: inputShape)
    pool.backward(gradient.pointer, into: dx.pointer)
    tape.accumulate(dx, into: nx)
  }
}

/// What the backward pass of 2×2 max pooling needs: the shapes and the argmax bytes.
struct _MaxPool {
  let geometry: MaxPool2DGeometry
  /// One byte per output element (window position 0–3), in a pooled float buffer.
  let argmax: _TensorStorage

  /// Pools `x` (`[N, H, W, C]`, H, W ≥ 2) into `[N, H/2, W/2, C]`.
  ///
  /// - Throws: ``NeuralError/shapeMismatch(operation:expected:actual:)`` for another rank or a
  ///   side below 2.
  static func forward(_ x: Tensor) throws -> (output: Tensor, pool: _MaxPool) {
    guard x.rank == 4 else {
      throw NeuralError.shapeMismatch(
        operation: "maxPool2D", expected: "[batch, height, width, channels] (NHWC)", actual: x.shape)
    }
    let g: MaxPool2DGeometry
    do {
      g = try MaxPool2DGeometry(batch: x.shape[0], height: x.shape[1], width: x.shape[2], channels: x.shape[3])
    } catch {
      throw NeuralError.shapeMismatch(operation: "maxPool2D", expected: error.description, actual: x.shape)
    }
    // The argmax bytes live in a pooled float buffer (4 bytes per float).
    let pool = _MaxPool(geometry: g, argmax: _TensorStorage(count: (g.outputCount + 3) / 4))
    let y = Tensor(uninitializedShape: [g.batch, g.outputHeight, g.outputWidth, g.channels])
    MaxPool2DKernel.forward(g, input: x.pointer, output: y.pointer, argmax: pool.bytes())
    pool.rebindAsFloats()
    return (y, pool)
  }

  private func rebindAsFloats() {
    UnsafeMutableRawPointer(argmax.base).bindMemory(to: Float.self, capacity: argmax.count)
  }

  private func bytes() -> UnsafeMutablePointer<UInt8> {
    UnsafeMutableRawPointer(argmax.base).bindMemory(to: UInt8.self, capacity: geometry.outputCount)
  }

  /// `dx[argmax of each window] = dy`, 0 elsewhere (dx overwritten, `geometry.inputCount` floats).
  func backward(_ dy: UnsafePointer<Float>, into dx: UnsafeMutablePointer<Float>) {
    MaxPool2DKernel.backward(geometry, outputGradient: dy, argmax: bytes(), inputGradient: dx)
    rebindAsFloats()
  }
}

/// Nearest-neighbour upsampling by `factor`: `y[n, i, j, c] = x[n, ⌊i/f⌋, ⌊j/f⌋, c]`.
///
/// The gradient of each input pixel is the sum over its f×f output block.
///
/// - Parameters:
///   - x: `[N, H, W, C]`.
///   - factor: f ≥ 1; default 2.
/// - Returns: `[N, f·H, f·W, C]`.
/// - Throws: ``NeuralError/shapeMismatch(operation:expected:actual:)`` for another rank or empty
///   sides, ``NeuralError/invalidArgument(operation:reason:)`` for `factor < 1`.
/// - Complexity: O(output count).
public func upSampling2D(_ x: Tensor, factor: Int = 2) throws -> Tensor {
  guard factor >= 1 else {
    throw NeuralError.invalidArgument(operation: "upSampling2D", reason: "factor must be ≥ 1, got \(factor)")
  }
  guard x.rank == 4 else {
    throw NeuralError.shapeMismatch(
      operation: "upSampling2D", expected: "[batch, height, width, channels] (NHWC)", actual: x.shape)
  }
  let g: UpSampling2DGeometry
  do {
    g = try UpSampling2DGeometry(
      batch: x.shape[0], height: x.shape[1], width: x.shape[2], channels: x.shape[3], factor: factor)
  } catch {
    throw NeuralError.shapeMismatch(operation: "upSampling2D", expected: error.description, actual: x.shape)
  }
  let y = Tensor(uninitializedShape: [g.batch, g.outputHeight, g.outputWidth, g.channels])
  UpSampling2DKernel.forward(g, input: x.pointer, output: y.pointer)
  guard let tape = _CurrentTape.tape, let nx = tape.node(of: x) else { return y }
  let inputShape = x.shape
  return tape.recorded(y) { gradient, tape in
    let dx = Tensor(uninitializedShape: inputShape)
    UpSampling2DKernel.backward(g, outputGradient: gradient.pointer, inputGradient: dx.pointer)
    tape.accumulate(dx, into: nx)
  }
}
