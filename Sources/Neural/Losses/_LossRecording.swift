// Shared plumbing of the fused elementwise losses: shape checks and the tape record.

/// Throws unless all tensors have the shape of the first.
func _requireSameShapes(_ operation: String, _ tensors: [(String, Tensor)]) throws {
  guard let first = tensors.first else { return }
  for (name, t) in tensors.dropFirst() where t.shape != first.1.shape {
    throw NeuralError.shapeMismatch(
      operation: "\(operation) (\(name))", expected: "\(first.1.shape), the shape of \(first.0)",
      actual: t.shape)
  }
}

/// Returns the scalar loss `scale·total` and records its backward pass.
///
/// `backward(s, grads)` must write `s·∂ℓᵢ/∂inputₖ[i]` into `grads[k]` for every non-nil entry
/// (`s` is ḡ times the reduction scale); inputs that are not recorded get `nil` and are skipped.
func _recordLoss(
  total: Double, scale: Float, inputs: [Tensor],
  _ backward: @escaping (_ s: Float, _ grads: [UnsafeMutablePointer<Float>?]) -> Void
) -> Tensor {
  let out = Tensor(Float(total) * scale)
  guard let tape = _CurrentTape.tape else { return out }
  let nodes = inputs.map { tape.node(of: $0) }
  if nodes.allSatisfy({ $0 == nil }) { return out }
  let shapes = inputs.map(\.shape)
  return tape.recorded(out) { g, tape in
    let s = g.scalar * scale
    let grads: [Tensor?] = nodes.enumerated().map { i, n in
      n == nil ? nil : Tensor(uninitializedShape: shapes[i])
    }
    backward(s, grads.map { $0?.pointer })
    for (i, n) in nodes.enumerated() {
      if let n, let d = grads[i] { tape.accumulate(d, into: n) }
    }
  }
}
