// Sums and means over all elements or over chosen axes.

extension Tensor {
  /// The sum of all elements, a scalar (shape `[]`); `∂/∂x[i] = ḡ`.
  ///
  /// - Complexity: O(count) with 16 partial sums.
  public func sum() -> Tensor {
    let out = Tensor(_sum(pointer, count))
    return Tensor._recordFill(self, out, scale: 1)
  }

  /// The mean of all elements, a scalar (shape `[]`); `∂/∂x[i] = ḡ/count`. NaN for no elements.
  ///
  /// - Complexity: O(count).
  public func mean() -> Tensor {
    let n = Float(count)
    let out = Tensor(_sum(pointer, count) / n)
    return Tensor._recordFill(self, out, scale: 1 / n)
  }

  /// Records a full reduction whose gradient is `scale·ḡ` in every element.
  private static func _recordFill(_ x: Tensor, _ out: Tensor, scale: Float) -> Tensor {
    guard let tape = _CurrentTape.tape, let nx = tape.node(of: x) else { return out }
    let shape = x.shape
    return tape.recorded(out) { g, tape in
      let dx = Tensor(uninitializedShape: shape)
      dx.pointer.update(repeating: g.pointer.pointee * scale, count: dx.count)
      tape.accumulate(dx, into: nx)
    }
  }

  /// The sum over `axes` (negative axes count from the end): `y[j] = Σ_{i ↦ j} x[i]`.
  ///
  /// The result drops the summed dimensions, or keeps them with size 1 when `keepingDimensions`.
  /// `∂/∂x[i] = ḡ[j]` (the gradient repeated along the summed axes).
  /// - Throws: ``NeuralError/invalidArgument(operation:reason:)`` for an axis outside
  ///   `-rank..<rank` or a repeated axis.
  /// - Complexity: O(count).
  public func sum(alongAxes axes: [Int], keepingDimensions: Bool = false) throws -> Tensor {
    try _reduce(axes, keepingDimensions, mean: false)
  }

  /// The mean over `axes`: the sum divided by the number of elements summed into each result.
  ///
  /// `∂/∂x[i] = ḡ[j]/m` where `m` is the product of the reduced dimensions.
  /// - Throws: ``NeuralError/invalidArgument(operation:reason:)`` as ``sum(alongAxes:keepingDimensions:)``.
  /// - Complexity: O(count).
  public func mean(alongAxes axes: [Int], keepingDimensions: Bool = false) throws -> Tensor {
    try _reduce(axes, keepingDimensions, mean: true)
  }

  private func _reduce(_ axes: [Int], _ keep: Bool, mean: Bool) throws -> Tensor {
    let name = mean ? "mean(alongAxes:)" : "sum(alongAxes:)"
    var reduced = [Bool](repeating: false, count: rank)
    for a in axes {
      let axis = a < 0 ? a + rank : a
      guard axis >= 0 && axis < rank else {
        throw NeuralError.invalidArgument(
          operation: name, reason: "axis \(a) is outside -\(rank)..<\(rank) for shape \(shape)")
      }
      guard !reduced[axis] else {
        throw NeuralError.invalidArgument(operation: name, reason: "axis \(a) is listed twice")
      }
      reduced[axis] = true
    }
    var keptShape = shape
    var finalShape: [Int] = []
    var m = 1
    for i in 0..<rank {
      if reduced[i] {
        m *= shape[i]
        keptShape[i] = 1
        if keep { finalShape.append(1) }
      } else {
        finalShape.append(shape[i])
      }
    }
    var s = detached.summed(toShape: keptShape)
    if mean {
      let scale = 1 / Float(m)
      if !isKnownUniquelyReferenced(&s.storage) { s = Tensor._affine(s, scale: 1, shift: 0) }
      _map(s.pointer, s.pointer, s.count) { $0 * scale }
    }
    let out = Tensor(shape: finalShape, storage: s.storage)
    guard let tape = _CurrentTape.tape, let nx = tape.node(of: self) else { return out }
    let inputShape = shape
    let scale: Float = mean ? 1 / Float(m) : 1
    return tape.recorded(out) { g, tape in
      var dx = Tensor(shape: keptShape, storage: g.storage).broadcast(toShape: inputShape)
      if scale != 1 {
        dx.makeUnique()
        _map(dx.pointer, dx.pointer, dx.count) { $0 * scale }
      }
      tape.accumulate(dx, into: nx)
    }
  }
}
