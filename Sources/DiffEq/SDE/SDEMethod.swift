/// A fixed-step SDE integration method: one step from `t` to `t + h` given the Brownian increment
/// `ΔW = W(t + h) − W(t)`.
///
/// A method is generic over the lane type, so the same code advances one path (`L = Double`) or
/// sixteen (`L = SIMD16<Double>`, ensembles). It reads and updates ``SDEWorkspace/state`` in place, evaluates
/// the field through ``SDEWorkspace/evaluateDrift(_:t:x:into:)`` and
/// ``SDEWorkspace/evaluateDiffusion(_:t:x:into:)`` (which share additive noise across lanes and
/// report non-finite values), and must not allocate. It must update the state as `x ← x + Δ` (or
/// otherwise keep a non-finite state non-finite): ensembles detect failed lanes from the state at
/// save times and at the end, which relies on `±∞ + Δ` and `NaN + Δ` never being finite.
///
/// DiffEq provides ``EulerMaruyama``, ``Milstein`` and ``StochasticHeun``; a new method is one new
/// conforming type, and the integration loop does not change.
public protocol SDEMethod: Sendable {
  /// The method's name in messages.
  static var name: String { get }
  /// Strong order of convergence for the noise the method accepts, in general
  /// (`E|X_N − X(T)| = O(hᵖ)`).
  static var strongOrder: Double { get }
  /// Weak order of convergence for smooth functionals (`|E f(X_N) − E f(X(T))| = O(hᵠ)`).
  static var weakOrder: Double { get }
  /// The calculus whose solution the method converges to.
  static var calculus: SDECalculus { get }

  /// Throws if the method cannot integrate `field` (noise structure or calculus).
  func validate<F: SDEVectorField>(_ field: F) throws

  /// Advances ``SDEWorkspace/state`` from `t` to `t + h` with Brownian increments `dW` (`n` lane
  /// vectors). Returns the fault if an evaluation was non-finite (only when the workspace checks),
  /// otherwise `nil`.
  func step<F: SDEVectorField, L: LaneVector>(
    _ field: F, t: Double, h: Double, dW: LaneValues<L>, workspace: SDEWorkspace<L>
  ) -> SDEFault?
}

extension SDEMethod {
  /// Throws ``SDEError/calculusMismatch(method:required:actual:)`` when `field` is written in the
  /// other calculus and its noise is not additive.
  @inlinable
  public func requireCalculus<F: SDEVectorField>(of field: F) throws {
    if field.calculus != Self.calculus && !field.diffusionDependence.isAdditive {
      throw SDEError.calculusMismatch(
        method: Self.name, required: Self.calculus, actual: field.calculus)
    }
  }
}
