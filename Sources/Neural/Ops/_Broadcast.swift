// Broadcasting (NumPy rules): shapes are aligned on the right; a dimension of size 1 (or a missing
// leading one) repeats along the other operand's dimension.

/// The broadcast shape of `a` and `b`, or `nil` when some aligned pair differs and neither is 1.
func _broadcastShape(_ a: [Int], _ b: [Int]) -> [Int]? {
  let r = max(a.count, b.count)
  var out = [Int](repeating: 1, count: r)
  for i in 0..<r {
    let da = i < r - a.count ? 1 : a[i - (r - a.count)]
    let db = i < r - b.count ? 1 : b[i - (r - b.count)]
    if da == db || db == 1 {
      out[i] = da
    } else if da == 1 {
      out[i] = db
    } else {
      return nil
    }
  }
  return out
}

/// An iteration plan over a contiguous output of shape `out` with two inputs `a` and `b` that
/// broadcast to it.
///
/// Dimensions of size 1 are dropped and neighbouring dimensions in which each input either varies
/// or repeats in the same way are merged, so bias addition `[N, C] + [C]` becomes N inner loops of
/// length C, and `[N, C] + [N, 1]` N inner loops with a repeated scalar. The innermost merged
/// dimension is the inner loop; its input strides are 0 (repeated) or 1.
struct _BroadcastPlan {
  var sizes: [Int] = []
  var stridesA: [Int] = []
  var stridesB: [Int] = []
  var inner = 1
  var innerA = 1
  var innerB = 1
  /// The number of inner loops.
  var outerCount = 1

  init(out: [Int], a: [Int], b: [Int]) {
    let r = out.count
    var dims: [(size: Int, va: Bool, vb: Bool)] = []
    for i in 0..<r where out[i] != 1 {
      let da = i < r - a.count ? 1 : a[i - (r - a.count)]
      let db = i < r - b.count ? 1 : b[i - (r - b.count)]
      let va = da != 1
      let vb = db != 1
      if let last = dims.last, last.va == va, last.vb == vb {
        dims[dims.count - 1].size *= out[i]
      } else {
        dims.append((out[i], va, vb))
      }
    }
    guard let last = dims.last else { return }
    inner = last.size
    innerA = last.va ? 1 : 0
    innerB = last.vb ? 1 : 0
    var sa = last.va ? last.size : 1
    var sb = last.vb ? last.size : 1
    var k = dims.count - 2
    var rs: [Int] = []
    var ra: [Int] = []
    var rb: [Int] = []
    while k >= 0 {
      let d = dims[k]
      rs.append(d.size)
      ra.append(d.va ? sa : 0)
      rb.append(d.vb ? sb : 0)
      if d.va { sa *= d.size }
      if d.vb { sb *= d.size }
      outerCount *= d.size
      k -= 1
    }
    sizes = rs.reversed()
    stridesA = ra.reversed()
    stridesB = rb.reversed()
  }

  /// Calls `body(offsetA, offsetB, offsetOut)` at the start of each inner loop, in order.
  @inline(__always)
  func forEachInner(_ body: (Int, Int, Int) -> Void) {
    let depth = sizes.count
    if depth == 0 {
      body(0, 0, 0)
      return
    }
    withUnsafeTemporaryAllocation(of: Int.self, capacity: depth) { index in
      index.initialize(repeating: 0)
      var offA = 0
      var offB = 0
      var offOut = 0
      for _ in 0..<outerCount {
        body(offA, offB, offOut)
        offOut &+= inner
        var d = depth - 1
        while d >= 0 {
          index[d] &+= 1
          offA &+= stridesA[d]
          offB &+= stridesB[d]
          if index[d] < sizes[d] { break }
          offA &-= stridesA[d] &* sizes[d]
          offB &-= stridesB[d] &* sizes[d]
          index[d] = 0
          d -= 1
        }
      }
    }
  }
}

extension Tensor {
  /// The sum of `self` over the dimensions along which `shape` was broadcast to `self.shape`: the
  /// adjoint of broadcasting (`shape` must broadcast to `self.shape`). Returns `self` (no copy)
  /// when the shapes are equal.
  func summed(toShape target: [Int]) -> Tensor {
    if target == shape { return detached }
    let out = Tensor(shape: target, storage: _TensorStorage(zeros: Tensor.elementCount(target)))
    let plan = _BroadcastPlan(out: shape, a: target, b: shape)
    let t = out.pointer
    let g = pointer
    let n = plan.inner
    if plan.innerA == 1 {
      plan.forEachInner { oa, _, oo in _addInto(g + oo, t + oa, n) }
    } else {
      plan.forEachInner { oa, _, oo in t[oa] += _sum(g + oo, n) }
    }
    return out
  }

  /// `self` repeated along broadcast dimensions to `target` (`self.shape` must broadcast to it).
  func broadcast(toShape target: [Int]) -> Tensor {
    if target == shape { return detached }
    let out = Tensor(uninitializedShape: target)
    let plan = _BroadcastPlan(out: target, a: shape, b: target)
    let o = out.pointer
    let x = pointer
    let n = plan.inner
    if plan.innerA == 1 {
      plan.forEachInner { oa, _, oo in (o + oo).update(from: x + oa, count: n) }
    } else {
      plan.forEachInner { oa, _, oo in (o + oo).update(repeating: x[oa], count: n) }
    }
    return out
  }
}
