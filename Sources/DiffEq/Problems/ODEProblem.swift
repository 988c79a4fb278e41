/// An initial-value problem `y'(t) = f(t, y)`, `y(t0) = y0`, integrated from `t0` to `t1`.
///
/// The right-hand side is in place: `f(t, y, dydt)` reads the `dimension` values of `y` and writes
/// the `dimension` values of `dydt`. It is called many times per step, so it must not allocate
/// (no arrays, no captured `[Double] -> [Double]` closures); capture constants or preallocated
/// buffers instead. The span may run forward (`t1 > t0`) or backward (`t1 < t0`).
///
/// ```swift
/// let lorenz = try ODEProblem(dimension: 3, t0: 0, t1: 10, y0: [1, 1, 1]) { t, y, dydt in
///   dydt[0] = 10 * (y[1] - y[0])
///   dydt[1] = y[0] * (28 - y[2]) - y[1]
///   dydt[2] = y[0] * y[1] - 8.0 / 3.0 * y[2]
/// }
/// let solution = try lorenz.solve(FixedStepSolver(RungeKutta4(), dt: 1e-3), saveAt: .end)
/// ```
///
/// All checks of the problem itself happen here; solver settings are checked by `solve`.
public struct ODEProblem {
  /// Signature of the in-place right-hand side `(t, y, dydt)`, both buffers of length `dimension`.
  public typealias RightHandSide = (
    _ t: Double, _ y: UnsafeBufferPointer<Double>, _ dydt: UnsafeMutableBufferPointer<Double>
  ) -> Void

  /// The number of equations `n ≥ 1`.
  public let dimension: Int
  /// Start of the span (finite).
  public let t0: Double
  /// End of the span (finite, `≠ t0`; may be less than `t0`).
  public let t1: Double
  /// The initial state `y(t0)`, `dimension` finite values.
  public let y0: [Double]
  /// The right-hand side `f(t, y, dydt)`.
  public let f: RightHandSide
  /// The optional Jacobian, used by implicit GSL methods.
  public let jacobian: ODEJacobian?

  /// Creates and checks a problem.
  ///
  /// - Parameters:
  ///   - dimension: number of equations, `≥ 1`.
  ///   - t0: initial time, finite.
  ///   - t1: final time, finite, `≠ t0` (before `t0` integrates backward).
  ///   - y0: initial state, `dimension` finite values.
  ///   - jacobian: optional `∂f/∂y`, `∂f/∂t`; its `dimension` must equal `dimension`.
  ///   - f: the in-place right-hand side.
  /// - Throws: ``ODEError/emptyState(dimension:)``, ``ODEError/stateDimensionMismatch(expected:actual:)``,
  ///   ``ODEError/nonFiniteInitialState(index:value:)``,
  ///   ``ODEError/nonFiniteTimeSpan(t0:t1:)``, ``ODEError/zeroLengthSpan(t:)``,
  ///   ``ODEError/jacobianDimensionMismatch(expected:actual:)``.
  public init(
    dimension: Int, t0: Double, t1: Double, y0: [Double], jacobian: ODEJacobian? = nil,
    f: @escaping RightHandSide
  ) throws {
    if y0.isEmpty { throw ODEError.emptyState(dimension: dimension) }
    if y0.count != dimension {
      throw ODEError.stateDimensionMismatch(expected: dimension, actual: y0.count)
    }
    if let i = y0.firstIndex(where: { !$0.isFinite }) {
      throw ODEError.nonFiniteInitialState(index: i, value: y0[i])
    }
    if !t0.isFinite || !t1.isFinite { throw ODEError.nonFiniteTimeSpan(t0: t0, t1: t1) }
    if t0 == t1 { throw ODEError.zeroLengthSpan(t: t0) }
    if let jacobian, jacobian.dimension != dimension {
      throw ODEError.jacobianDimensionMismatch(expected: dimension, actual: jacobian.dimension)
    }
    self.dimension = dimension
    self.t0 = t0
    self.t1 = t1
    self.y0 = y0
    self.f = f
    self.jacobian = jacobian
  }

  /// `+1` when integrating forward (`t1 > t0`), `−1` backward.
  @inlinable public var direction: Double { t1 > t0 ? 1 : -1 }

  /// Solves the problem with `solver`, recording the state as `saveAt` asks.
  ///
  /// - Parameters:
  ///   - solver: a ``FixedStepSolver`` (Euler, midpoint, Heun, RK4) or a ``GSLSolver``
  ///     (adaptive and stiff methods); both return the same ``ODESolution``.
  ///   - saveAt: which states to record; default ``ODESaveAt/end`` (only `y(t1)`).
  /// - Returns: the recorded times and states with the solver's statistics.
  /// - Throws: ``ODEError`` for invalid settings or save times, and numerical failures
  ///   (non-finite values, step-size underflow, `maxSteps` exceeded).
  @inlinable
  public func solve(_ solver: some ODESolver, saveAt: ODESaveAt = .end) throws -> ODESolution {
    try solver.solve(self, saveAt: saveAt)
  }
}
