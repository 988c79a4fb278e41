// The fused `activation(z + bias)` operation shared by Dense and the convolution layers.

extension Tensor {
  /// `y = f(z + b)` with `b` (shape `[C]`) added along the last dimension `C` of `z`, fused into
  /// one pass; the backward pass is one pass too: `∂/∂z = ḡ ⊙ f′(y)`, `∂/∂b = Σ_rows ∂/∂z`.
  ///
  /// Internal: callers guarantee `bias.count == z.shape.last`.
  static func _biasActivation(_ z: Tensor, bias: Tensor?, _ f: Activation) -> Tensor {
    if f == .identity && bias == nil { return z }
    let c = z.shape.last ?? 1
    let rows = c == 0 ? 0 : z.count / c
    let y = Tensor(uninitializedShape: z.shape)
    f.forward(z.pointer, bias: bias?.pointer, y.pointer, rows: rows, columns: c)
    guard let tape = _CurrentTape.tape else { return y }
    let nz = tape.node(of: z)
    let nb = bias.flatMap { tape.node(of: $0) }
    if nz == nil && nb == nil { return y }
    let yv = y.detached
    return tape.recorded(y) { g, tape in
      let dz = g.reusableBuffer()
      if let nb {
        // One pass for ReLU (mask and column sums together), else f′ then the column sums.
        let db = Tensor(uninitializedShape: [c])
        if f == .relu {
          ElementwiseKernels.reluBackward(
            rows: rows, cols: c, output: yv.pointer, outputGradient: g.pointer,
            inputGradient: dz.pointer, biasGradient: db.pointer)
        } else {
          f.backward(g.pointer, yv.pointer, dz.pointer, dz.count)
          ElementwiseKernels.sumRows(rows: rows, cols: c, dz.pointer, into: db.pointer)
        }
        tape.accumulate(db, into: nb)
      } else {
        f.backward(g.pointer, yv.pointer, dz.pointer, dz.count)
      }
      if let nz { tape.accumulate(dz, into: nz) }
    }
  }
}
