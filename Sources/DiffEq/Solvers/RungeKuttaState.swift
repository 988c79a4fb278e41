/// A state that the generic explicit Runge–Kutta stepper (``ExplicitRungeKutta``) can advance.
///
/// The stepper needs only two primitive operations, written so that both an in-place buffer and a
/// value-semantic type can implement them:
/// - ``assign(_:)``: `self = other` (copy the values, not the identity);
/// - ``addScaled(_:_:)``: `self += a · x`.
///
/// ``setLinearCombination(base:scale:coefficients:terms:)`` — `self = base + Σᵢ coefficients[i]·terms[i]`,
/// the only operation in a step besides right-hand-side evaluations — has a default built from the
/// two primitives. A buffer type overrides it with one fused loop (one pass over memory per stage),
/// which is what makes the `Double` fast path as fast as a hand-written C loop.
///
/// ## Conforming a value type (for example an autodiff tensor)
/// A value-semantic type implements the primitives with its own arithmetic, which may record tape
/// nodes; nothing is mutated in place behind the tape's back:
/// ```swift
/// extension Tensor: RungeKuttaState {
///   public mutating func assign(_ other: Tensor) { self = other }
///   public mutating func addScaled(_ a: Double, _ x: Tensor) { self = self + Float(a) * x }
/// }
/// ```
/// The right-hand side is then written as `{ t, y, k in k = field(t, y) }` (replace `k`'s value),
/// and the stepper's workspace is created with any placeholder value of the right shape. The
/// stepper never reads a workspace value before writing it. Coefficients are `Double`; a `Float`
/// type converts them.
///
/// ## Conforming a buffer type
/// A type that views preallocated memory implements ``assign(_:)`` and ``addScaled(_:_:)`` as
/// element loops over that memory and should override
/// ``setLinearCombination(base:scale:coefficients:terms:)`` with a single fused loop.
public protocol RungeKuttaState {
  /// Sets `self` to the value of `other` (`self = other`).
  mutating func assign(_ other: Self)

  /// Adds a scaled state: `self += a · x`.
  mutating func addScaled(_ a: Double, _ x: Self)

  /// Sets `self = base + Σᵢ (scale · coefficients[i]) · terms[i].pointee`.
  ///
  /// `coefficients.count == terms.count` (possibly 0, then `self = base`). The terms are passed
  /// by address (they are the stepper's stage slots, so the list is built once, not per step).
  /// `self` is never the same storage as `base` or any term. Each product is formed as
  /// `(scale · coefficients[i]) · term` and the sum is taken left to right, starting from `base`.
  /// The default calls ``assign(_:)`` then ``addScaled(_:_:)`` once per term.
  mutating func setLinearCombination(
    base: Self, scale: Double, coefficients: UnsafeBufferPointer<Double>,
    terms: UnsafeBufferPointer<UnsafePointer<Self>>)
}

extension RungeKuttaState {
  /// Default: `assign(base)`, then `addScaled(scale * coefficients[i], terms[i].pointee)` for each
  /// term in order.
  @inlinable
  public mutating func setLinearCombination(
    base: Self, scale: Double, coefficients: UnsafeBufferPointer<Double>,
    terms: UnsafeBufferPointer<UnsafePointer<Self>>
  ) {
    assign(base)
    for i in 0..<coefficients.count {
      addScaled(scale * coefficients[i], terms[i].pointee)
    }
  }
}
