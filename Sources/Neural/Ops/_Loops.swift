// Raw-pointer loops shared by the operations. Plain indexed loops over UnsafeMutablePointer with
// wrapping arithmetic vectorise under -O; reductions use explicit SIMD accumulators because the
// compiler may not reorder floating-point sums.

/// Σ p[i], i < n, with 16 independent partial sums (also a better-conditioned sum than a serial one).
@inline(__always)
func _sum(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
  var acc = SIMD16<Float>()
  var i = 0
  while i &+ 16 <= n {
    acc += UnsafeRawPointer(p + i).loadUnaligned(as: SIMD16<Float>.self)
    i &+= 16
  }
  var s = acc.sum()
  while i < n {
    s += p[i]
    i &+= 1
  }
  return s
}

/// Σ a[i]·b[i], i < n.
@inline(__always)
func _dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
  var acc = SIMD16<Float>()
  var i = 0
  while i &+ 16 <= n {
    acc += UnsafeRawPointer(a + i).loadUnaligned(as: SIMD16<Float>.self)
      * UnsafeRawPointer(b + i).loadUnaligned(as: SIMD16<Float>.self)
    i &+= 16
  }
  var s = acc.sum()
  while i < n {
    s += a[i] * b[i]
    i &+= 1
  }
  return s
}

/// out[i] = f(x[i]) for i < n (`out` may equal `x`).
@inline(__always)
func _map(
  _ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ n: Int,
  _ f: (Float) -> Float
) {
  var i = 0
  while i < n {
    out[i] = f(x[i])
    i &+= 1
  }
}

/// out[i] = f(a[i], b[i]) for i < n (`out` may equal `a` or `b`).
@inline(__always)
func _zip(
  _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
  _ n: Int, _ f: (Float, Float) -> Float
) {
  var i = 0
  while i < n {
    out[i] = f(a[i], b[i])
    i &+= 1
  }
}

/// out[i] = f(a[i], b[i], c[i]) for i < n (`out` may equal any input).
@inline(__always)
func _zip3(
  _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafePointer<Float>,
  _ out: UnsafeMutablePointer<Float>, _ n: Int, _ f: (Float, Float, Float) -> Float
) {
  var i = 0
  while i < n {
    out[i] = f(a[i], b[i], c[i])
    i &+= 1
  }
}

/// y[i] += alpha·x[i] for i < n.
@inline(__always)
func _axpy(_ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
  var i = 0
  while i < n {
    y[i] += alpha * x[i]
    i &+= 1
  }
}

/// y[i] += x[i] for i < n.
@inline(__always)
func _addInto(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
  var i = 0
  while i < n {
    y[i] += x[i]
    i &+= 1
  }
}

extension Tensor {
  /// `self += g` elementwise (same element count), in place after copy on write.
  @usableFromInline
  mutating func add(_ g: Tensor) {
    precondition(g.count == count, "gradient shape \(g.shape) does not match \(shape)")  // allowed: the tape pairs each gradient with its own value's shape
    makeUnique()
    _addInto(g.pointer, pointer, count)
  }

  /// A tensor with this shape whose buffer may be `self`'s own when `self` holds the only
  /// reference (so a backward function can overwrite its incoming gradient).
  @usableFromInline
  mutating func reusableBuffer() -> Tensor {
    if isKnownUniquelyReferenced(&storage) { return Tensor(shape: shape, storage: storage) }
    return Tensor(uninitializedShape: shape)
  }
}

/// Runs `body(lo, hi)` over consecutive chunks of `grain` elements covering `0..<count`, on the BLAS
/// thread count when there are at least two chunks (otherwise inline). Chunk boundaries do not
/// depend on the thread count, so per-chunk results combined in chunk order are bit-identical for
/// any number of threads. `body` must only write disjoint, chunk-local data.
@inline(__always)
func _parallelChunks(count: Int, grain: Int, _ body: (Int, Int) -> Void) {
  let chunks = (count + grain - 1) / grain
  if chunks <= 1 {
    body(0, count)
    return
  }
  let threads = _Parallel.threads(count: chunks, work: count, minWorkPerThread: grain)
  _Parallel.forEachChunk(threads: threads, count: count, chunk: grain, singleThreadedBLAS: false) {
    _, lo, hi in body(lo, hi)
  }
}
