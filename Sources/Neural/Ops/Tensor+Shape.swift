// Shape operations: reshape, flatten, slice, split, concatenate. Reshape and flatten share the
// buffer (no copy); slicing and concatenation copy blocks.

extension Tensor {
  /// The same elements with a new shape (row-major order is kept; no copy). One dimension may be
  /// `-1`, inferred from the element count. `∂/∂x = ḡ` reshaped back.
  ///
  /// - Throws: ``NeuralError/invalidArgument(operation:reason:)`` when the element counts differ,
  ///   more than one dimension is `-1`, or a dimension is below `-1`.
  /// - Complexity: O(rank).
  public func reshaped(to newShape: [Int]) throws -> Tensor {
    var target = newShape
    var inferred: Int?
    var known = 1
    for (i, d) in newShape.enumerated() {
      if d == -1 {
        guard inferred == nil else {
          throw NeuralError.invalidArgument(
            operation: "reshaped(to:)", reason: "at most one dimension may be -1, got \(newShape)")
        }
        inferred = i
      } else if d < 0 {
        throw NeuralError.invalidArgument(
          operation: "reshaped(to:)", reason: "dimensions must be ≥ -1, got \(newShape)")
      } else {
        known *= d
      }
    }
    if let i = inferred {
      guard known > 0, count % known == 0 else {
        throw NeuralError.invalidArgument(
          operation: "reshaped(to:)",
          reason: "cannot infer -1 in \(newShape) for \(count) elements (shape \(shape))")
      }
      target[i] = count / known
    } else if known != count {
      throw NeuralError.invalidArgument(
        operation: "reshaped(to:)",
        reason: "shape \(newShape) holds \(known) elements but the tensor \(shape) has \(count)")
    }
    return _reshaped(target)
  }

  /// Reshape without validation (internal: `target` holds `count` elements).
  func _reshaped(_ target: [Int]) -> Tensor {
    let out = Tensor(shape: target, storage: storage)
    guard let tape = _CurrentTape.tape, let nx = tape.node(of: self) else { return out }
    let inputShape = shape
    return tape.recorded(out) { g, tape in
      tape.accumulate(Tensor(shape: inputShape, storage: g.storage), into: nx)
    }
  }

  /// `[d0, d1, …, dk] → [d0, d1·…·dk]`: one row per batch element (no copy).
  ///
  /// - Throws: ``NeuralError/shapeMismatch(operation:expected:actual:)`` for a scalar.
  public func flattened() throws -> Tensor {
    guard rank >= 1 else {
      throw NeuralError.shapeMismatch(operation: "flattened()", expected: "rank ≥ 1", actual: shape)
    }
    return _reshaped([shape[0], shape[0] == 0 ? 0 : count / shape[0]])
  }

  /// Normalises a possibly negative axis, or throws.
  func _axis(_ axis: Int, _ operation: String) throws -> Int {
    let a = axis < 0 ? axis + rank : axis
    guard a >= 0 && a < rank else {
      throw NeuralError.invalidArgument(
        operation: operation, reason: "axis \(axis) is outside -\(rank)..<\(rank) for shape \(shape)")
    }
    return a
  }

  /// The elements with index in `range` along `axis` (other dimensions whole), a copy.
  ///
  /// Output shape: `shape` with `shape[axis]` replaced by `range.count`. `∂/∂x` is ḡ placed in the
  /// slice and zero elsewhere.
  /// - Throws: ``NeuralError/invalidArgument(operation:reason:)`` for a bad axis or a range outside
  ///   `0...shape[axis]`.
  /// - Complexity: O(output count + input count for the gradient).
  public func sliced(alongAxis axis: Int, range: Range<Int>) throws -> Tensor {
    let a = try _axis(axis, "sliced(alongAxis:range:)")
    guard range.lowerBound >= 0, range.upperBound <= shape[a] else {
      throw NeuralError.invalidArgument(
        operation: "sliced(alongAxis:range:)",
        reason: "range \(range) is outside 0..<\(shape[a]) along axis \(axis) of shape \(shape)")
    }
    let outer = shape[..<a].reduce(1, *)
    let inner = shape[(a + 1)...].reduce(1, *)
    let rowIn = shape[a] * inner
    let rowOut = range.count * inner
    let start = range.lowerBound * inner
    var outShape = shape
    outShape[a] = range.count
    let out = Tensor(uninitializedShape: outShape)
    let src = pointer
    let dst = out.pointer
    for o in 0..<outer { (dst + o * rowOut).update(from: src + o * rowIn + start, count: rowOut) }
    guard let tape = _CurrentTape.tape, let nx = tape.node(of: self) else { return out }
    let inputShape = shape
    return tape.recorded(out) { g, tape in
      let dx = Tensor(shape: inputShape, storage: _TensorStorage(zeros: Tensor.elementCount(inputShape)))
      let gp = g.pointer
      let dp = dx.pointer
      for o in 0..<outer { (dp + o * rowIn + start).update(from: gp + o * rowOut, count: rowOut) }
      tape.accumulate(dx, into: nx)
    }
  }

  /// Splits along `axis` into consecutive pieces of the given sizes (for example the μ and log σ
  /// heads of an encoder output), each a copy. Gradients as for ``sliced(alongAxis:range:)``.
  ///
  /// - Throws: ``NeuralError/invalidArgument(operation:reason:)`` when the sizes are negative or do
  ///   not add up to `shape[axis]`, or for a bad axis.
  public func split(sizes: [Int], alongAxis axis: Int) throws -> [Tensor] {
    let a = try _axis(axis, "split(sizes:alongAxis:)")
    guard sizes.allSatisfy({ $0 >= 0 }), sizes.reduce(0, +) == shape[a] else {
      throw NeuralError.invalidArgument(
        operation: "split(sizes:alongAxis:)",
        reason: "sizes \(sizes) must be ≥ 0 and add up to \(shape[a]) (axis \(axis) of \(shape))")
    }
    var pieces: [Tensor] = []
    var start = 0
    for s in sizes {
      pieces.append(try sliced(alongAxis: a, range: start..<(start + s)))
      start += s
    }
    return pieces
  }

  /// Joins tensors along `axis` (for example frames stacked as channels); all other dimensions
  /// must agree. Output `shape[axis]` is the sum of the inputs'. `∂/∂xᵢ` is ḡ's slice for `xᵢ`.
  ///
  /// - Throws: ``NeuralError/invalidArgument(operation:reason:)`` for no inputs or a bad axis,
  ///   ``NeuralError/shapeMismatch(operation:expected:actual:)`` when the other dimensions differ.
  /// - Complexity: O(output count).
  public static func concatenate(_ tensors: [Tensor], alongAxis axis: Int) throws -> Tensor {
    guard let first = tensors.first else {
      throw NeuralError.invalidArgument(
        operation: "concatenate(_:alongAxis:)", reason: "needs at least one tensor")
    }
    let a = try first._axis(axis, "concatenate(_:alongAxis:)")
    var total = 0
    for t in tensors {
      var expected = first.shape
      expected[a] = t.rank == first.rank ? t.shape[a] : -1
      guard t.shape == expected else {
        var desc = first.shape.map(String.init)
        desc[a] = "*"
        throw NeuralError.shapeMismatch(
          operation: "concatenate(_:alongAxis: \(axis))",
          expected: "[" + desc.joined(separator: ", ") + "]", actual: t.shape)
      }
      total += t.shape[a]
    }
    let outer = first.shape[..<a].reduce(1, *)
    let inner = first.shape[(a + 1)...].reduce(1, *)
    var outShape = first.shape
    outShape[a] = total
    let out = Tensor(uninitializedShape: outShape)
    let rowOut = total * inner
    var offset = 0
    var offsets: [Int] = []
    for t in tensors {
      let row = t.shape[a] * inner
      let src = t.pointer
      let dst = out.pointer + offset
      for o in 0..<outer { (dst + o * rowOut).update(from: src + o * row, count: row) }
      offsets.append(offset)
      offset += row
    }
    guard let tape = _CurrentTape.tape else { return out }
    let nodes = tensors.map { tape.node(of: $0) }
    if nodes.allSatisfy({ $0 == nil }) { return out }
    let shapes = tensors.map(\.shape)
    return tape.recorded(out) { g, tape in
      for (i, n) in nodes.enumerated() {
        guard let n else { continue }
        let dx = Tensor(uninitializedShape: shapes[i])
        let row = shapes[i][a] * inner
        let gp = g.pointer + offsets[i]
        let dp = dx.pointer
        for o in 0..<outer { (dp + o * row).update(from: gp + o * rowOut, count: row) }
        tape.accumulate(dx, into: n)
      }
    }
  }
}
