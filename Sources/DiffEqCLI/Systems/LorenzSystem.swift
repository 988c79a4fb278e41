import DiffEq

/// The Lorenz system `x' = σ(y − x)`, `y' = x(ρ − z) − y`, `z' = xy − βz` as an ``ODEProblem``.
struct LorenzSystem {
  /// Prandtl number σ (classic 10).
  var sigma: Double
  /// Rayleigh number ρ (classic 28).
  var rho: Double
  /// Geometric factor β (classic 8/3).
  var beta: Double

  /// The initial-value problem on `[0, t1]` from `y0` (3 values).
  /// - Throws: ``ODEError`` for an invalid span or initial state.
  func problem(t1: Double, y0: [Double]) throws -> ODEProblem {
    let (sigma, rho, beta) = (self.sigma, self.rho, self.beta)
    return try ODEProblem(dimension: 3, t0: 0, t1: t1, y0: y0) { _, y, dydt in
      dydt[0] = sigma * (y[1] - y[0])
      dydt[1] = y[0] * (rho - y[2]) - y[1]
      dydt[2] = y[0] * y[1] - beta * y[2]
    }
  }
}
