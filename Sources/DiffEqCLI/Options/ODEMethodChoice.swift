import ArgumentParser
import DiffEq

/// The ODE methods `diffeq simulate lorenz` offers: DiffEq's fixed-step Runge–Kutta methods and
/// GSL's adaptive and stiff methods.
enum ODEMethodChoice: String, ExpressibleByArgument, CaseIterable {
  /// Forward Euler, fixed step, order 1.
  case euler
  /// Explicit midpoint, fixed step, order 2.
  case midpoint
  /// Heun's method, fixed step, order 2.
  case heun
  /// Classical Runge–Kutta, fixed step, order 4.
  case rk4
  /// GSL adaptive methods (see ``GSLMethod``).
  case rk2, rkf45, rkck, rk8pd, msadams, rk1imp, rk2imp, rk4imp, bsimp, msbdf

  static var helpText: String {
    "ODE method (lorenz only). Fixed step dt = t1 / ((observations − 1) · substeps): euler "
      + "(order 1), midpoint, heun (order 2), rk4 (order 4, default). Adaptive (GSL, with --rtol "
      + "and --atol): rk2, rkf45, rkck, rk8pd, msadams (non-stiff); rk1imp, rk2imp, rk4imp, "
      + "bsimp, msbdf (stiff; given the exact Jacobian of the Lorenz system)."
  }

  /// The GSL method, or `nil` for DiffEq's fixed-step methods.
  var gslMethod: GSLMethod? { GSLMethod(rawValue: rawValue) }

  /// Solves `problem` at `saveTimes`: fixed-step methods with step `dt`, GSL methods with the
  /// tolerances.
  func solve(
    _ problem: ODEProblem, dt: Double, relativeTolerance: Double, absoluteTolerance: Double,
    saveTimes: [Double]
  ) throws -> ODESolution {
    let saveAt = ODESaveAt.times(saveTimes)
    switch self {
    case .euler: return try problem.solve(FixedStepSolver(Euler(), dt: dt), saveAt: saveAt)
    case .midpoint: return try problem.solve(FixedStepSolver(Midpoint(), dt: dt), saveAt: saveAt)
    case .heun: return try problem.solve(FixedStepSolver(Heun(), dt: dt), saveAt: saveAt)
    case .rk4: return try problem.solve(FixedStepSolver(RungeKutta4(), dt: dt), saveAt: saveAt)
    case .rk2, .rkf45, .rkck, .rk8pd, .msadams, .rk1imp, .rk2imp, .rk4imp, .bsimp, .msbdf:
      let method = GSLMethod(rawValue: rawValue) ?? .rkf45
      let solver = GSLSolver(
        method, relativeTolerance: relativeTolerance, absoluteTolerance: absoluteTolerance,
        maxSteps: 10_000_000)
      return try problem.solve(solver, saveAt: saveAt)
    }
  }
}
