/// Robertson's chemical kinetics (H. H. Robertson, 1966), the classic stiff test problem:
///
///     y₁' = −0.04 y₁ + 10⁴ y₂ y₃
///     y₂' =  0.04 y₁ − 10⁴ y₂ y₃ − 3·10⁷ y₂²
///     y₃' =  3·10⁷ y₂²
///
/// The rate constants span eleven orders of magnitude, so explicit methods need steps of order
/// 10⁻⁴ over spans of 10⁵ or more; implicit methods (GSL's `msbdf`, `bsimp`) with the exact
/// ``jacobian`` take a few hundred steps. The total `y₁ + y₂ + y₃` is conserved exactly (the
/// right-hand sides sum to zero), which makes a convenient accuracy check; from `(1, 0, 0)`,
/// `y₁(10⁵) ≈ 0.0179`.
///
/// Reference: Hairer & Wanner, *Solving Ordinary Differential Equations II*, §IV.1,
/// doi:10.1007/978-3-642-05221-7.
///
/// ```swift
/// let solution = try Robertson().problem(t1: 1e5, y0: [1, 0, 0])
///   .solve(GSLSolver(.msbdf, relativeTolerance: 1e-6, absoluteTolerance: 1e-10), saveAt: .end)
/// ```
public struct Robertson: ODEFunction, Sendable, Equatable {
  /// Creates the system (its rate constants are fixed: 0.04, 10⁴, 3·10⁷).
  public init() {}

  /// Writes the three rates into `dydt` (autonomous: `t` is unused). Both buffers hold 3 values.
  /// No allocation.
  @inlinable
  public func callAsFunction(
    _ t: Double, _ y: UnsafeBufferPointer<Double>, _ dydt: UnsafeMutableBufferPointer<Double>
  ) {
    dydt[0] = -0.04 * y[0] + 1.0e4 * y[1] * y[2]
    dydt[1] = 0.04 * y[0] - 1.0e4 * y[1] * y[2] - 3.0e7 * y[1] * y[1]
    dydt[2] = 3.0e7 * y[1] * y[1]
  }

  /// The exact Jacobian, row-major:
  /// `∂f/∂y = [[−0.04, 10⁴y₃, 10⁴y₂], [0.04, −10⁴y₃ − 6·10⁷y₂, −10⁴y₂], [0, 6·10⁷y₂, 0]]`,
  /// `∂f/∂t = 0`.
  public var jacobian: ODEJacobian {
    ODEJacobian(dimension: 3) { _, y, dfdy, dfdt in
      dfdy[0] = -0.04
      dfdy[1] = 1.0e4 * y[2]
      dfdy[2] = 1.0e4 * y[1]
      dfdy[3] = 0.04
      dfdy[4] = -1.0e4 * y[2] - 6.0e7 * y[1]
      dfdy[5] = -1.0e4 * y[1]
      dfdy[6] = 0
      dfdy[7] = 6.0e7 * y[1]
      dfdy[8] = 0
      dfdt[0] = 0
      dfdt[1] = 0
      dfdt[2] = 0
    }
  }

  /// The initial-value problem on `[t0, t1]` from `y0`, with the right-hand side
  /// ``callAsFunction(_:_:_:)`` and, when `withJacobian` (default), the exact ``jacobian``
  /// (without it, GSL's implicit methods use a finite-difference Jacobian).
  ///
  /// - Throws: the ``ODEError`` of ``ODEProblem/init(dimension:t0:t1:y0:jacobian:f:)``: wrong
  ///   number of values in `y0`, a non-finite `y0`, `t0` or `t1`, or `t1 = t0`.
  public func problem(t0: Double = 0, t1: Double, y0: [Double], withJacobian: Bool = true) throws
    -> ODEProblem
  {
    let system = self
    return try ODEProblem(
      dimension: 3, t0: t0, t1: t1, y0: y0, jacobian: withJacobian ? jacobian : nil
    ) { t, y, dydt in system(t, y, dydt) }
  }
}
