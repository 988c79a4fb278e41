/// The Lorenz system, the classic chaotic ODE in three dimensions:
///
///     x' = σ (y − x)
///     y' = x (ρ − z) − y
///     z' = x y − β z
///
/// With the classic parameters `σ = 10`, `ρ = 28`, `β = 8/3` (the defaults) solutions settle on the
/// strange attractor (roughly `|x|, |y| < 30`, `0 < z < 60`); nearby solutions separate at the
/// largest Lyapunov exponent ≈ 0.906, so fixed-step and adaptive solutions agree only for a
/// limited time.
///
/// Known facts used as checks: the fixed points are the origin and, for `ρ > 1`,
/// `C± = (±√(β(ρ − 1)), ±√(β(ρ − 1)), ρ − 1)` (``fixedPoints``); the flow contracts volume at the
/// constant rate `∇·f = −(σ + 1 + β)`; for `0 < ρ < 1` every solution tends to the origin.
///
/// Use it as an ``ODEFunction`` for the specialised fixed-step path, or as an ``ODEProblem``
/// (with its exact Jacobian, for the implicit GSL methods) through ``problem(t0:t1:y0:)``:
/// ```swift
/// let fast = try FixedStepSolver(RungeKutta4(), dt: 1e-3).solve(Lorenz(), t0: 0, t1: 10, y0: [1, 1, 1])
/// let adaptive = try Lorenz().problem(t1: 10, y0: [1, 1, 1])
///   .solve(GSLSolver(.rk8pd, relativeTolerance: 1e-10, absoluteTolerance: 1e-10), saveAt: .end)
/// ```
/// Both forms evaluate the same arithmetic in the same order, so their results are bit-identical.
///
/// The parameters are not checked: non-finite values make the right-hand side non-finite, which a
/// solve reports as ``ODEError/nonFiniteRightHandSide(t:lastFiniteTime:lastFiniteState:)``.
public struct Lorenz: ODEFunction, Sendable, Equatable {
  /// The Prandtl number `σ` (default 10; any finite value).
  public var sigma: Double
  /// The Rayleigh number `ρ` (default 28; any finite value).
  public var rho: Double
  /// The geometric factor `β` (default 8/3; any finite value).
  public var beta: Double

  /// Creates the system; the defaults are the classic chaotic parameters.
  ///
  /// - Parameters:
  ///   - sigma: Prandtl number `σ`, default 10.
  ///   - rho: Rayleigh number `ρ`, default 28.
  ///   - beta: geometric factor `β`, default 8/3.
  public init(sigma: Double = 10, rho: Double = 28, beta: Double = 8.0 / 3.0) {
    self.sigma = sigma
    self.rho = rho
    self.beta = beta
  }

  /// The state dimension, 3.
  public static let dimension = 3

  /// Writes `f(y) = (σ(y₁ − y₀), y₀(ρ − y₂) − y₁, y₀y₁ − βy₂)` into `dydt` (autonomous: `t` is
  /// unused). Both buffers hold 3 values. Three multiplications per component, no allocation.
  @inlinable
  public func callAsFunction(
    _ t: Double, _ y: UnsafeBufferPointer<Double>, _ dydt: UnsafeMutableBufferPointer<Double>
  ) {
    dydt[0] = sigma * (y[1] - y[0])
    dydt[1] = y[0] * (rho - y[2]) - y[1]
    dydt[2] = y[0] * y[1] - beta * y[2]
  }

  /// The exact Jacobian, row-major:
  ///
  ///     ∂f/∂y = [[−σ,     σ,   0 ],
  ///              [ρ − z, −1,  −x ],
  ///              [ y,     x,  −β ]],   ∂f/∂t = 0.
  public var jacobian: ODEJacobian {
    let (sigma, rho, beta) = (self.sigma, self.rho, self.beta)
    return ODEJacobian(dimension: 3) { _, y, dfdy, dfdt in
      dfdy[0] = -sigma
      dfdy[1] = sigma
      dfdy[2] = 0
      dfdy[3] = rho - y[2]
      dfdy[4] = -1
      dfdy[5] = -y[0]
      dfdy[6] = y[1]
      dfdy[7] = y[0]
      dfdy[8] = -beta
      dfdt[0] = 0
      dfdt[1] = 0
      dfdt[2] = 0
    }
  }

  /// The equilibria, the zeros of `f`: the origin, and for `ρ > 1` (with `β(ρ − 1) ≥ 0`) also
  /// `C± = (±√(β(ρ − 1)), ±√(β(ρ − 1)), ρ − 1)`, in the order origin, `C+`, `C−`.
  public var fixedPoints: [[Double]] {
    let r = beta * (rho - 1)
    guard rho > 1, r > 0 else { return [[0, 0, 0]] }
    let c = r.squareRoot()
    return [[0, 0, 0], [c, c, rho - 1], [-c, -c, rho - 1]]
  }

  /// The initial-value problem on `[t0, t1]` from `y0`, with the right-hand side
  /// ``callAsFunction(_:_:_:)`` and the exact ``jacobian``.
  ///
  /// - Parameters:
  ///   - t0: initial time (default 0), finite.
  ///   - t1: final time, finite, `≠ t0` (before `t0` integrates backward).
  ///   - y0: the initial state, 3 finite values.
  /// - Throws: the ``ODEError`` of ``ODEProblem/init(dimension:t0:t1:y0:jacobian:f:)``: wrong
  ///   number of values in `y0`, a non-finite `y0`, `t0` or `t1`, or `t1 = t0`.
  public func problem(t0: Double = 0, t1: Double, y0: [Double]) throws -> ODEProblem {
    let system = self
    return try ODEProblem(dimension: 3, t0: t0, t1: t1, y0: y0, jacobian: jacobian) { t, y, dydt in
      system(t, y, dydt)
    }
  }
}
