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
  try Tensor._convolution(x, filter, bias: nil, .identity, padding, transposed: false, name: "conv2d")
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
    x, filter, bias: nil, .identity, padding, transposed: true, name: "conv2dTranspose")
}

extension Tensor {
  /// `f(conv(x, w) + b)` (or the transposed convolution) as one recorded operation: the kernel adds
  /// the bias, the activation runs in place, and the backward pass is f′ (in ḡ's buffer), then the
  /// bias, weight and input gradients (the last only when `x` is recorded).
  static func _convolution(
    _ x: Tensor, _ w: Tensor, bias: Tensor?, _ f: Activation, _ padding: Padding,
    transposed: Bool, name: String
  ) throws -> Tensor {
    guard x.rank == 4 else {
      throw NeuralError.shapeMismatch(
        operation: name, expected: "[batch, height, width, channels] (NHWC)", actual: x.shape)
    }
    let k = w.rank == 4 ? w.shape[0] : 0
    let inAxis = transposed ? 3 : 2
    let outAxis = transposed ? 2 : 3
    guard w.rank == 4, w.shape[1] == k, w.shape[inAxis] == x.shape[3] else {
      throw NeuralError.shapeMismatch(
        operation: "\(name) filter",
        expected: transposed
          ? "[k, k, outChannels, \(x.shape[3])] for input \(x.shape)"
          : "[k, k, \(x.shape[3]), outChannels] for input \(x.shape)",
        actual: w.shape)
    }
    let filters = w.shape[outAxis]
    if let bias, bias.shape != [filters] {
      throw NeuralError.shapeMismatch(operation: "\(name) bias", expected: "[\(filters)]", actual: bias.shape)
    }
    let workspace = _ThreadWorkspace.current
    let y: Tensor
    // Forward; geometry errors (sizes below 1, kernel larger than the image) become shape errors.
    enum Geometry {
      case direct(Conv2DGeometry)
      case transposed(Conv2DTransposeGeometry)
    }
    let geometry: Geometry
    do {
      if transposed {
        let g = try Conv2DTransposeGeometry(
          batch: x.shape[0], height: x.shape[1], width: x.shape[2], inChannels: x.shape[3],
          outChannels: filters, kernelSize: k, padding: padding)
        geometry = .transposed(g)
        y = Tensor(uninitializedShape: [g.batch, g.outputHeight, g.outputWidth, filters])
        Conv2DTransposeKernel.forward(
          g, input: x.pointer, weights: w.pointer, bias: bias?.pointer, output: y.pointer,
          fusedReLU: f == .relu, workspace: workspace)
      } else {
        let g = try Conv2DGeometry(
          batch: x.shape[0], height: x.shape[1], width: x.shape[2], inChannels: x.shape[3],
          outChannels: filters, kernelSize: k, padding: padding)
        geometry = .direct(g)
        y = Tensor(uninitializedShape: [g.batch, g.outputHeight, g.outputWidth, filters])
        Conv2DKernel.forward(
          g, input: x.pointer, weights: w.pointer, bias: bias?.pointer, output: y.pointer,
          fusedReLU: f == .relu, workspace: workspace)
      }
    } catch {
      throw NeuralError.shapeMismatch(
        operation: "\(name) (k = \(k), \(padding))", expected: error.description, actual: x.shape)
    }
    if f != .relu { f.applyInPlace(y.pointer, y.count) }  // ReLU was fused into the kernel's store
    guard let tape = _CurrentTape.tape else { return y }
    let nx = tape.node(of: x)
    let nw = tape.node(of: w)
    let nb = bias.flatMap { tape.node(of: $0) }
    if nx == nil && nw == nil && nb == nil { return y }
    let xv = x.detached
    let wv = w.detached
    let yv = y.detached
    return tape.recorded(y) { g, tape in
      let dz = g.reusableBuffer()
      // ReLU with a recorded bias: one fused pass gives dz and the bias gradient.
      var biasDone = false
      if f == .relu, let nb {
        let db = Tensor(uninitializedShape: [filters])
        ElementwiseKernels.reluBackward(
          rows: dz.count / max(filters, 1), cols: filters, output: yv.pointer,
          outputGradient: g.pointer, inputGradient: dz.pointer, biasGradient: db.pointer)
        tape.accumulate(db, into: nb)
        biasDone = true
      } else {
        f.backward(g.pointer, yv.pointer, dz.pointer, dz.count)
      }
      let workspace = _ThreadWorkspace.current
      switch geometry {
      case .direct(let geo):
        if let nb, !biasDone {
          let db = Tensor(uninitializedShape: [filters])
          Conv2DKernel.backwardBias(geo, outputGradient: dz.pointer, biasGradient: db.pointer)
          tape.accumulate(db, into: nb)
        }
        if let nw {
          let dw = Tensor(uninitializedShape: wv.shape)
          Conv2DKernel.backwardWeights(
            geo, input: xv.pointer, outputGradient: dz.pointer, weightsGradient: dw.pointer,
            workspace: workspace)
          tape.accumulate(dw, into: nw)
        }
        if let nx {
          let dx = Tensor(uninitializedShape: xv.shape)
          Conv2DKernel.backwardInput(
            geo, outputGradient: dz.pointer, weights: wv.pointer, inputGradient: dx.pointer,
            workspace: workspace)
          tape.accumulate(dx, into: nx)
        }
      case .transposed(let geo):
        if let nb, !biasDone {
          let db = Tensor(uninitializedShape: [filters])
          Conv2DTransposeKernel.backwardBias(geo, outputGradient: dz.pointer, biasGradient: db.pointer)
          tape.accumulate(db, into: nb)
        }
        if let nw {
          let dw = Tensor(uninitializedShape: wv.shape)
          Conv2DTransposeKernel.backwardWeights(
            geo, input: xv.pointer, outputGradient: dz.pointer, weightsGradient: dw.pointer,
            workspace: workspace)
          tape.accumulate(dw, into: nw)
        }
        if let nx {
          let dx = Tensor(uninitializedShape: xv.shape)
          Conv2DTransposeKernel.backwardInput(
            geo, outputGradient: dz.pointer, weights: wv.pointer, inputGradient: dx.pointer,
            workspace: workspace)
          tape.accumulate(dx, into: nx)
        }
      }
    }
  }
}
