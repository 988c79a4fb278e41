// 2-D convolution and transposed convolution (stride 1, k×k, NHWC, same/valid padding), wrapping
// the im2col + GEMM kernels of `Conv2DKernel` and `Conv2DTransposeKernel`.

/// 2-D convolution (cross-correlation), stride 1, of an NHWC batch with an HWIO filter:
///
///     y[n, i, j, o] = Σ_{u,v<k} Σ_c x[n, i + u − p, j + v − p, c] · w[u, v, c, o]
///
/// with `x = 0` outside the image and `p = (k − 1)/2` for `.same` (TensorFlow's convention), 0 for
/// `.valid`. Gradients: `∂/∂x` is the transposed convolution of ḡ with `w`, `∂/∂w[u,v,c,o] =
/// Σ x[n, i+u−p, j+v−p, c]·ḡ[n,i,j,o]` — each one GEMM over im2col buffers.
///
/// - Parameters:
///   - x: `[N, H, W, C]`.
///   - filter: `[k, k, C, F]`.
///   - padding: `.same` (output `H × W`) or `.valid` (output `(H−k+1) × (W−k+1)`).
/// - Returns: `[N, Ho, Wo, F]`.
/// - Throws: ``NeuralError/shapeMismatch(operation:expected:actual:)`` for wrong ranks, a square
///   filter mismatch or channel mismatch, or a valid convolution with k larger than the image.
/// - Complexity: `2·N·Ho·Wo·k²·C·F` flops forward, twice that backward.
public func conv2d(_ x: Tensor, filter: Tensor, padding: Padding) throws -> Tensor {
  try Tensor._convolution(Conv2DKernel.self, x, filter, bias: nil, .identity, padding, name: "conv2d")
}

/// 2-D transposed convolution, stride 1 (Keras `Conv2DTranspose`): the adjoint of ``conv2d(_:filter:padding:)``
/// with the same padding, every input pixel scattering a k×k patch:
///
///     y[n, i, j, o] = Σ_{u,v<k} Σ_c x[n, i − u + p, j − v + p, c] · w[u, v, o, c]
///
/// - Parameters:
///   - x: `[N, H, W, C]`.
///   - filter: `[k, k, F, C]` (output channels before input channels, as Keras).
///   - padding: `.valid` (output `(H+k−1) × (W+k−1)`) or `.same` (output `H × W`).
/// - Returns: `[N, Ho, Wo, F]`.
/// - Throws: ``NeuralError/shapeMismatch(operation:expected:actual:)`` for wrong ranks or channels.
/// - Complexity: `2·N·H·W·k²·C·F` flops forward, twice that backward.
public func conv2dTranspose(_ x: Tensor, filter: Tensor, padding: Padding) throws -> Tensor {
  try Tensor._convolution(
    Conv2DTransposeKernel.self, x, filter, bias: nil, .identity, padding, name: "conv2dTranspose")
}

extension Tensor {
  /// `f(conv(x, w) + b)` (or the transposed convolution, by `kernel`) as one recorded operation:
  /// the kernel adds the bias, the activation runs in place, and the backward pass is f′ (in ḡ's
  /// buffer), then the bias, weight and input gradients (the last only when `x` is recorded).
  ///
  /// With `maxPool` (only with `f == .relu`), the result is `maxPool2D(relu(conv(x, w) + b))`
  /// as one operation. Since `relu(max(·)) = max(relu(·))` and the pooled gradient reaches only the
  /// window maximum, the ReLU mask and the bias gradient are taken on the pooled gradient (¼ of
  /// the elements), then pooling's backward writes the convolution's output gradient: two
  /// full-size passes fewer than the two operations one after the other. Values and gradients
  /// are the same (bias gradients summed in another order).
  static func _convolution<K: _ConvolutionKernel>(
    _ kernel: K.Type, _ x: Tensor, _ w: Tensor, bias: Tensor?, _ f: Activation,
    _ padding: Padding, maxPool: Bool = false, name: String
  ) throws -> Tensor {
    precondition(!maxPool || f == .relu, "pooled convolution without ReLU")  // allowed: internal callers pass maxPool only with .relu
    guard x.rank == 4 else {
      throw NeuralError.shapeMismatch(
        operation: name, expected: "[batch, height, width, channels] (NHWC)", actual: x.shape)
    }
    let k = w.rank == 4 ? w.shape[0] : 0
    guard w.rank == 4, w.shape[1] == k, w.shape[K.inputChannelAxis] == x.shape[3] else {
      throw NeuralError.shapeMismatch(
        operation: "\(name) filter",
        expected: K.isTransposed
          ? "[k, k, outChannels, \(x.shape[3])] for input \(x.shape)"
          : "[k, k, \(x.shape[3]), outChannels] for input \(x.shape)",
        actual: w.shape)
    }
    let filters = w.shape[K.outputChannelAxis]
    if let bias, bias.shape != [filters] {
      throw NeuralError.shapeMismatch(operation: "\(name) bias", expected: "[\(filters)]", actual: bias.shape)
    }
    // Geometry errors (sizes below 1, kernel larger than the image) become shape errors.
    let geometry: K.Geometry
    do {
      geometry = try K.Geometry(
        batch: x.shape[0], height: x.shape[1], width: x.shape[2], inChannels: x.shape[3],
        outChannels: filters, kernelSize: k, padding: padding)
    } catch {
      throw NeuralError.shapeMismatch(
        operation: "\(name) (k = \(k), \(padding))", expected: error.description, actual: x.shape)
    }
    let z = Tensor(
      uninitializedShape: [geometry.batch, geometry.outputHeight, geometry.outputWidth, filters])
    K.forward(
      geometry, input: x.pointer, weights: w.pointer, bias: bias?.pointer, output: z.pointer,
      fusedReLU: f == .relu, workspace: _ThreadWorkspace.current)
    if f != .relu { f.applyInPlace(z.pointer, z.count) }  // ReLU was fused into the kernel's store
    var y = z
    var pool: _MaxPool? = nil
    if maxPool {
      let pooled = try _MaxPool.forward(z)
      (y, pool) = (pooled.output, pooled.pool)
    }
    guard let tape = _CurrentTape.tape else { return y }
    let nx = tape.node(of: x)
    let nw = tape.node(of: w)
    let nb = bias.flatMap { tape.node(of: $0) }
    if nx == nil && nw == nil && nb == nil { return y }
    let xv = x.detached
    let wv = w.detached
    let yv = y.detached
    let zShape = z.shape
    return tape.recorded(y) { g, tape in
      // ḡ → dy = f′ ⊙ ḡ (fused with the bias gradient for ReLU), at the pooled size when pooling.
      let dy = g.reusableBuffer()
      var db: Tensor? = nil
      if f == .relu {
        if nb != nil {
          let sums = Tensor(uninitializedShape: [filters])
          ElementwiseKernels.reluBackward(
            rows: dy.count / filters, cols: filters, output: yv.pointer, outputGradient: g.pointer,
            inputGradient: dy.pointer, biasGradient: sums.pointer)
          db = sums
        } else {
          ElementwiseKernels.reluBackward(
            count: dy.count, output: yv.pointer, outputGradient: g.pointer, inputGradient: dy.pointer)
        }
      } else {
        f.backward(g.pointer, yv.pointer, dy.pointer, dy.count)
      }
      // Pooling's backward: the convolution's output gradient dz.
      let dz: Tensor
      if let pool {
        dz = Tensor(uninitializedShape: zShape)
        pool.backward(dy.pointer, into: dz.pointer)
      } else {
        dz = dy
      }
      // Each recorded input's gradient in a new buffer, added to the tape.
      func gradient(_ node: Int?, _ shape: [Int], _ compute: (UnsafeMutablePointer<Float>) -> Void) {
        guard let node else { return }
        let d = Tensor(uninitializedShape: shape)
        compute(d.pointer)
        tape.accumulate(d, into: node)
      }
      if let db, let nb {
        tape.accumulate(db, into: nb)
      } else {
        gradient(nb, [filters]) {
          K.backwardBias(geometry, outputGradient: dz.pointer, biasGradient: $0, accumulate: false)
        }
      }
      let workspace = _ThreadWorkspace.current
      gradient(nw, wv.shape) {
        K.backwardWeights(
          geometry, input: xv.pointer, outputGradient: dz.pointer, weightsGradient: $0,
          accumulate: false, workspace: workspace)
      }
      gradient(nx, xv.shape) {
        K.backwardInput(
          geometry, outputGradient: dz.pointer, weights: wv.pointer, inputGradient: $0,
          accumulate: false, workspace: workspace)
      }
    }
  }
}
