/// The Van der Pol oscillator `x'' − μ(1 − x²)x' + x = 0` as the first-order system
///
///     x' = v
///     v' = μ (1 − x²) v − x
///
/// For `μ > 0` every solution except the origin tends to one limit cycle (amplitude ≈ 2.00862 and
/// period ≈ 6.66329 at `μ = 1`). For large `μ` it is the standard stiff test problem: relaxation
/// oscillations of period ≈ (3 − 2 ln 2) μ with fast jumps, solved well only by implicit methods
/// (GSL's `msbdf`, `bsimp`), which use the exact ``jacobian``.
///
/// Use it as an ``ODEFunction`` for the specialised fixed-step path, or as an ``ODEProblem`` with
/// its Jacobian through ``problem(t0:t1:y0:)``:
/// ```swift
/// let stiff = try VanDerPol(mu: 1000).problem(t1: 3000, y0: [2, 0])
///   .solve(GSLSolver(.msbdf, relativeTolerance: 1e-6, absoluteTolerance: 1e-6), saveAt: .everyStep)
/// ```
///
/// The parameter is not checked: a non-finite `μ` makes the right-hand side non-finite, which a
/// solve reports as ``ODEError/nonFiniteRightHandSide(t:lastFiniteTime:lastFiniteState:)``.
public struct VanDerPol: ODEFunction, Sendable, Equatable {
  /// The damping parameter `μ` (any finite value; `μ ≫ 1` is stiff).
  public var mu: Double

  /// Creates the oscillator with damping `μ`.
  ///
  /// - Parameter mu: the nonlinear damping `μ` (dimensionless).
  public init(mu: Double) {
    self.mu = mu
  }

  /// Writes `f(x, v) = (v, μ(1 − x²)v − x)` into `dydt` (autonomous: `t` is unused). Both buffers
  /// hold 2 values. No allocation.
  @inlinable
  public func callAsFunction(
    _ t: Double, _ y: UnsafeBufferPointer<Double>, _ dydt: UnsafeMutableBufferPointer<Double>
  ) {
    dydt[0] = y[1]
    dydt[1] = mu * (1 - y[0] * y[0]) * y[1] - y[0]
  }

  /// The exact Jacobian, row-major: `∂f/∂y = [[0, 1], [−2μxv − 1, μ(1 − x²)]]`, `∂f/∂t = 0`.
  public var jacobian: ODEJacobian {
    let mu = self.mu
    return ODEJacobian(dimension: 2) { _, y, dfdy, dfdt in
      dfdy[0] = 0
      dfdy[1] = 1
      dfdy[2] = -2 * mu * y[0] * y[1] - 1
      dfdy[3] = mu * (1 - y[0] * y[0])
      dfdt[0] = 0
      dfdt[1] = 0
    }
  }

  /// The initial-value problem on `[t0, t1]` from `y0 = (x, v)`, with the right-hand side
  /// ``callAsFunction(_:_:_:)`` and the exact ``jacobian``.
  ///
  /// - Parameters:
  ///   - t0: initial time (default 0), finite.
  ///   - t1: final time, finite, `≠ t0` (before `t0` integrates backward).
  ///   - y0: the initial state, 2 finite values.
  /// - Throws: the ``ODEError`` of ``ODEProblem/init(dimension:t0:t1:y0:jacobian:f:)``: wrong
  ///   number of values in `y0`, a non-finite `y0`, `t0` or `t1`, or `t1 = t0`.
  public func problem(t0: Double = 0, t1: Double, y0: [Double]) throws -> ODEProblem {
    let system = self
    return try ODEProblem(dimension: 2, t0: t0, t1: t1, y0: y0, jacobian: jacobian) { t, y, dydt in
      system(t, y, dydt)
    }
  }
}
