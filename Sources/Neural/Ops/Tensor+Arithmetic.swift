// Elementwise arithmetic with broadcasting, and tensor–scalar arithmetic.

/// The four broadcasting binary operations.
enum _BinaryOp {
  case add, subtract, multiply, divide
}

extension Tensor {
  /// Elementwise sum with broadcasting: `(a + b)[i] = a[i] + b[i]`.
  ///
  /// Shapes broadcast NumPy-style (aligned on the right; a dimension of 1 repeats), for example
  /// `[N, C] + [C]`. Gradients: `∂/∂a = ḡ` and `∂/∂b = ḡ`, each summed over the dimensions along
  /// which that input was repeated.
  /// - Precondition: the shapes broadcast (layers and losses validate data shapes and throw first).
  /// - Complexity: O(output count), one pass; no allocation other than the result.
  public static func + (a: Tensor, b: Tensor) -> Tensor { _binary(a, b, .add) }

  /// Elementwise difference with broadcasting; `∂/∂a = ḡ`, `∂/∂b = −ḡ` (summed over repeats).
  /// - Precondition: the shapes broadcast (see ``+(_:_:)-(Tensor,Tensor)``).
  public static func - (a: Tensor, b: Tensor) -> Tensor { _binary(a, b, .subtract) }

  /// Elementwise product with broadcasting; `∂/∂a = ḡ·b`, `∂/∂b = ḡ·a` (summed over repeats).
  /// - Precondition: the shapes broadcast (see ``+(_:_:)-(Tensor,Tensor)``).
  public static func * (a: Tensor, b: Tensor) -> Tensor { _binary(a, b, .multiply) }

  /// Elementwise quotient with broadcasting; `∂/∂a = ḡ/b`, `∂/∂b = −ḡ·a/b²` (summed over repeats).
  /// - Precondition: the shapes broadcast (see ``+(_:_:)-(Tensor,Tensor)``).
  public static func / (a: Tensor, b: Tensor) -> Tensor { _binary(a, b, .divide) }

  /// `a = a + b` (a new buffer; recorded like `+`).
  public static func += (a: inout Tensor, b: Tensor) { a = a + b }
  /// `a = a - b` (a new buffer; recorded like `-`).
  public static func -= (a: inout Tensor, b: Tensor) { a = a - b }
  /// `a = a * b` (a new buffer; recorded like `*`).
  public static func *= (a: inout Tensor, b: Tensor) { a = a * b }

  /// Tensor plus scalar, `x[i] + s`; `∂/∂x = ḡ`. O(count).
  public static func + (x: Tensor, s: Float) -> Tensor { _affine(x, scale: 1, shift: s) }
  /// Scalar plus tensor, `s + x[i]`; `∂/∂x = ḡ`. O(count).
  public static func + (s: Float, x: Tensor) -> Tensor { _affine(x, scale: 1, shift: s) }
  /// Tensor minus scalar, `x[i] − s`; `∂/∂x = ḡ`. O(count).
  public static func - (x: Tensor, s: Float) -> Tensor { _affine(x, scale: 1, shift: -s) }
  /// Scalar minus tensor, `s − x[i]`; `∂/∂x = −ḡ`. O(count).
  public static func - (s: Float, x: Tensor) -> Tensor { _affine(x, scale: -1, shift: s) }
  /// Tensor times scalar, `s·x[i]`; `∂/∂x = s·ḡ`. O(count).
  public static func * (x: Tensor, s: Float) -> Tensor { _affine(x, scale: s, shift: 0) }
  /// Scalar times tensor, `s·x[i]`; `∂/∂x = s·ḡ`. O(count).
  public static func * (s: Float, x: Tensor) -> Tensor { _affine(x, scale: s, shift: 0) }
  /// Tensor divided by scalar, `x[i]/s`; `∂/∂x = ḡ/s`. O(count).
  public static func / (x: Tensor, s: Float) -> Tensor { _affine(x, scale: 1 / s, shift: 0) }
  /// Scalar divided by tensor, `s/x[i]`; `∂/∂x = −ḡ·s/x² = −ḡ·y/x`. O(count).
  public static func / (s: Float, x: Tensor) -> Tensor { _reciprocal(x, scale: s) }
  /// Negation, `−x[i]`; `∂/∂x = −ḡ`. O(count).
  public static prefix func - (x: Tensor) -> Tensor { _affine(x, scale: -1, shift: 0) }

  /// `scale·x + shift`, elementwise.
  static func _affine(_ x: Tensor, scale: Float, shift: Float) -> Tensor {
    let out = Tensor(uninitializedShape: x.shape)
    let n = x.count
    if shift == 0 {
      _map(x.pointer, out.pointer, n) { $0 * scale }
    } else if scale == 1 {
      _map(x.pointer, out.pointer, n) { $0 + shift }
    } else {
      _map(x.pointer, out.pointer, n) { $0 * scale + shift }
    }
    guard let tape = _CurrentTape.tape, let nx = tape.node(of: x) else { return out }
    return tape.recorded(out) { g, tape in
      if scale == 1 {
        tape.accumulate(g, into: nx)
      } else {
        let dx = g.reusableBuffer()
        _map(g.pointer, dx.pointer, n) { $0 * scale }
        tape.accumulate(dx, into: nx)
      }
    }
  }

  /// `scale / x`, elementwise.
  static func _reciprocal(_ x: Tensor, scale: Float) -> Tensor {
    let out = Tensor(uninitializedShape: x.shape)
    let n = x.count
    _map(x.pointer, out.pointer, n) { scale / $0 }
    guard let tape = _CurrentTape.tape, let nx = tape.node(of: x) else { return out }
    let y = out
    return tape.recorded(out) { g, tape in
      let dx = g.reusableBuffer()
      _zip3(g.pointer, y.pointer, x.pointer, dx.pointer, n) { -$0 * $1 / $2 }
      tape.accumulate(dx, into: nx)
    }
  }

  /// Broadcasting binary operation with its backward function.
  static func _binary(_ a: Tensor, _ b: Tensor, _ op: _BinaryOp) -> Tensor {
    let sameShape = a.shape == b.shape
    let outShape: [Int]
    if sameShape {
      outShape = a.shape
    } else if let s = _broadcastShape(a.shape, b.shape) {
      outShape = s
    } else {
      let message = "Tensor \(op): shapes \(a.shape) and \(b.shape) do not broadcast (aligned on the right, each pair of dimensions must be equal or 1)"
      preconditionFailure(message)  // allowed: operator shapes are program invariants; layers and losses validate data shapes and throw first
    }
    let out = Tensor(uninitializedShape: outShape)
    _binaryForward(a, b, out, op, sameShape: sameShape)
    guard let tape = _CurrentTape.tape else { return out }
    let na = tape.node(of: a)
    let nb = tape.node(of: b)
    if na == nil && nb == nil { return out }
    let aShape = a.shape
    let bShape = b.shape
    switch op {
    case .add:
      return tape.recorded(out) { g, tape in
        if let na { tape.accumulate(g.summed(toShape: aShape), into: na) }
        if let nb { tape.accumulate(g.summed(toShape: bShape), into: nb) }
      }
    case .subtract:
      return tape.recorded(out) { g, tape in
        if let na { tape.accumulate(g.summed(toShape: aShape), into: na) }
        if let nb { tape.accumulate(Tensor._affine(g.summed(toShape: bShape), scale: -1, shift: 0), into: nb) }
      }
    case .multiply:
      let av = a.detached
      let bv = b.detached
      return tape.recorded(out) { g, tape in
        if let na { tape.accumulate(Tensor._binary(g, bv, .multiply).summed(toShape: aShape), into: na) }
        if let nb { tape.accumulate(Tensor._binary(g, av, .multiply).summed(toShape: bShape), into: nb) }
      }
    case .divide:
      let bv = b.detached
      let y = out
      return tape.recorded(out) { g, tape in
        let gb = Tensor._binary(g, bv, .divide)
        if let nb {
          // ∂/∂b = −ḡ·a/b² = −(ḡ/b)·y
          let t = Tensor._binary(gb, y, .multiply)
          tape.accumulate(Tensor._affine(t.summed(toShape: bShape), scale: -1, shift: 0), into: nb)
        }
        if let na { tape.accumulate(gb.summed(toShape: aShape), into: na) }
      }
    }
  }

  /// Writes `a op b` into `out` (whose shape is the broadcast shape).
  static func _binaryForward(
    _ a: Tensor, _ b: Tensor, _ out: Tensor, _ op: _BinaryOp, sameShape: Bool
  ) {
    let pa = a.pointer
    let pb = b.pointer
    let po = out.pointer
    if sameShape {
      let n = out.count
      switch op {
      case .add: _zip(pa, pb, po, n, +)
      case .subtract: _zip(pa, pb, po, n, -)
      case .multiply: _zip(pa, pb, po, n, *)
      case .divide: _zip(pa, pb, po, n, /)
      }
      return
    }
    let plan = _BroadcastPlan(out: out.shape, a: a.shape, b: b.shape)
    switch op {
    case .add: _planLoop(plan, pa, pb, po, +)
    case .subtract: _planLoop(plan, pa, pb, po, -)
    case .multiply: _planLoop(plan, pa, pb, po, *)
    case .divide: _planLoop(plan, pa, pb, po, /)
    }
  }
}

/// Runs `f` over a broadcast plan with specialised inner loops for each stride pattern.
@inline(__always)
private func _planLoop(
  _ plan: _BroadcastPlan, _ pa: UnsafeMutablePointer<Float>, _ pb: UnsafeMutablePointer<Float>,
  _ po: UnsafeMutablePointer<Float>, _ f: (Float, Float) -> Float
) {
  let n = plan.inner
  switch (plan.innerA, plan.innerB) {
  case (1, 1):
    plan.forEachInner { oa, ob, oo in _zip(pa + oa, pb + ob, po + oo, n, f) }
  case (1, _):
    plan.forEachInner { oa, ob, oo in
      let s = pb[ob]
      _map(pa + oa, po + oo, n) { f($0, s) }
    }
  case (_, 1):
    plan.forEachInner { oa, ob, oo in
      let s = pa[oa]
      _map(pb + ob, po + oo, n) { f(s, $0) }
    }
  default:
    plan.forEachInner { oa, ob, oo in
      let v = f(pa[oa], pb[ob])
      (po + oo).update(repeating: v, count: n)
    }
  }
}
