/// The Jacobian of an ODE right-hand side, `∂f/∂y` and `∂f/∂t`, written in place.
///
/// `evaluate(t, y, dfdy, dfdt)` must fill **every** entry of
/// - `dfdy` (`dimension × dimension`, **row-major**): `dfdy[i * dimension + j] = ∂fᵢ/∂yⱼ (t, y)`;
/// - `dfdt` (`dimension`): `dfdt[i] = ∂fᵢ/∂t (t, y)` (zeros for an autonomous system).
///
/// The buffers are not cleared between calls. The closure must not allocate or keep the buffers.
/// It is used by the implicit GSL methods (``GSLMethod/requiresJacobian``); without one they use a
/// finite-difference Jacobian (see ``GSLSolver``). Explicit methods ignore it.
///
/// The dimension is declared so a Jacobian written for another size is rejected
/// (``ODEError/jacobianDimensionMismatch(expected:actual:)``) instead of writing out of bounds.
public struct ODEJacobian {
  /// Signature of the in-place Jacobian: `(t, y, dfdy, dfdt)`, buffers of length `n`, `n²`, `n`.
  public typealias Evaluate = (
    _ t: Double, _ y: UnsafeBufferPointer<Double>, _ dfdy: UnsafeMutableBufferPointer<Double>,
    _ dfdt: UnsafeMutableBufferPointer<Double>
  ) -> Void

  /// The dimension `n` the closure was written for (`dfdy` is `n × n`).
  public let dimension: Int
  /// The in-place evaluation; see the type's documentation for the layout.
  public let evaluate: Evaluate

  /// Creates a Jacobian for a system of `dimension` equations.
  ///
  /// - Parameters:
  ///   - dimension: the `n` the closure assumes; checked against the problem's dimension.
  ///   - evaluate: fills `dfdy` (row-major, `n × n`) and `dfdt` (`n`).
  public init(dimension: Int, _ evaluate: @escaping Evaluate) {
    self.dimension = dimension
    self.evaluate = evaluate
  }
}
