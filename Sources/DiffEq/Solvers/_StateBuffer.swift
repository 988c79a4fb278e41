/// A non-owning view of `count` contiguous `Double`s: the state type of the `Double` fast path.
///
/// The memory is owned by the solve that creates the view (see `_BufferArena`); the view is a
/// pointer and a length, so copying it copies no values.
@usableFromInline
struct _StateBuffer: RungeKuttaState {
  @usableFromInline let base: UnsafeMutablePointer<Double>
  @usableFromInline let count: Int

  @inlinable
  init(base: UnsafeMutablePointer<Double>, count: Int) {
    self.base = base
    self.count = count
  }

  @inlinable var readOnly: UnsafeBufferPointer<Double> {
    UnsafeBufferPointer(start: base, count: count)
  }

  @inlinable var mutable: UnsafeMutableBufferPointer<Double> {
    UnsafeMutableBufferPointer(start: base, count: count)
  }

  @inlinable
  mutating func assign(_ other: _StateBuffer) {
    base.update(from: other.base, count: count)
  }

  @inlinable
  mutating func addScaled(_ a: Double, _ x: _StateBuffer) {
    for j in 0..<count { base[j] += a * x.base[j] }
  }

  /// One pass over memory: `self[j] = base[j] + Σᵢ (scale·cᵢ)·termsᵢ[j]`, summed left to right.
  @inlinable @inline(__always)
  mutating func setLinearCombination(
    base y: _StateBuffer, scale: Double, coefficients: UnsafeBufferPointer<Double>,
    terms: UnsafeBufferPointer<UnsafePointer<_StateBuffer>>
  ) {
    let m = coefficients.count
    let out = base
    let n = count
    let yb = y.base
    switch m {
    case 1:
      let c0 = scale * coefficients[0]
      let k0 = terms[0].pointee.base
      for j in 0..<n { out[j] = yb[j] + c0 * k0[j] }
    case 2:
      let c0 = scale * coefficients[0], c1 = scale * coefficients[1]
      let k0 = terms[0].pointee.base, k1 = terms[1].pointee.base
      for j in 0..<n { out[j] = yb[j] + c0 * k0[j] + c1 * k1[j] }
    case 3:
      let c0 = scale * coefficients[0], c1 = scale * coefficients[1]
      let c2 = scale * coefficients[2]
      let k0 = terms[0].pointee.base, k1 = terms[1].pointee.base, k2 = terms[2].pointee.base
      for j in 0..<n { out[j] = yb[j] + c0 * k0[j] + c1 * k1[j] + c2 * k2[j] }
    case 4:
      let c0 = scale * coefficients[0], c1 = scale * coefficients[1]
      let c2 = scale * coefficients[2], c3 = scale * coefficients[3]
      let k0 = terms[0].pointee.base, k1 = terms[1].pointee.base
      let k2 = terms[2].pointee.base, k3 = terms[3].pointee.base
      for j in 0..<n {
        let partial = yb[j] + c0 * k0[j] + c1 * k1[j]
        out[j] = partial + c2 * k2[j] + c3 * k3[j]
      }
    default:
      for j in 0..<n {
        var acc = yb[j]
        for i in 0..<m { acc += (scale * coefficients[i]) * terms[i].pointee.base[j] }
        out[j] = acc
      }
    }
  }

  /// `true` when every value is finite (one pass: `x·0` is `0` for finite `x`, NaN otherwise).
  @inlinable
  var isFinite: Bool {
    var z = 0.0
    for j in 0..<count { z += base[j] * 0 }
    return !z.isNaN
  }

  /// A copy of the values as an array (for errors and solutions).
  @usableFromInline
  var array: [Double] { Array(readOnly) }
}

/// Owns the memory behind the `_StateBuffer`s of one solve and frees it when released.
@usableFromInline
final class _BufferArena {
  @usableFromInline let memory: UnsafeMutablePointer<Double>
  @usableFromInline let capacity: Int
  @usableFromInline var used = 0

  @usableFromInline
  init(capacity: Int) {
    self.capacity = capacity
    memory = .allocate(capacity: capacity)
    memory.initialize(repeating: 0, count: capacity)
  }

  /// A zeroed buffer of `count` values carved from the arena.
  @usableFromInline
  func buffer(_ count: Int) -> _StateBuffer {
    precondition(used + count <= capacity, "arena sized too small")  // allowed: sizes computed by the library
    let b = _StateBuffer(base: memory + used, count: count)
    used += count
    return b
  }

  deinit { memory.deallocate() }
}
