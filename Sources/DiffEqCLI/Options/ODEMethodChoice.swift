import ArgumentParser
import DiffEq

/// The ODE methods `diffeq simulate lorenz` offers.
enum ODEMethodChoice: String, ExpressibleByArgument, CaseIterable {
  /// Forward Euler, fixed step, order 1.
  case euler
  /// Explicit midpoint, fixed step, order 2.
  case midpoint
  /// Heun's method, fixed step, order 2.
  case heun
  /// Classical Runge–Kutta, fixed step, order 4.
  case rk4

  static var helpText: String {
    "ODE method (lorenz only): euler, midpoint, heun (order 2) or rk4 (order 4), all fixed-step "
      + "with dt = t1 / ((observations − 1) · substeps)."
  }

  /// Solves `problem` at `saveTimes` with this method and step `dt`.
  func solve(_ problem: ODEProblem, dt: Double, saveTimes: [Double]) throws -> ODESolution {
    switch self {
    case .euler: return try problem.solve(FixedStepSolver(Euler(), dt: dt), saveAt: .times(saveTimes))
    case .midpoint:
      return try problem.solve(FixedStepSolver(Midpoint(), dt: dt), saveAt: .times(saveTimes))
    case .heun: return try problem.solve(FixedStepSolver(Heun(), dt: dt), saveAt: .times(saveTimes))
    case .rk4:
      return try problem.solve(FixedStepSolver(RungeKutta4(), dt: dt), saveAt: .times(saveTimes))
    }
  }
}
