import CGSL

/// An adaptive or stiff ODE method from GSL's `odeiv2` library, used through ``GSLSolver``.
///
/// Explicit Runge–Kutta pairs (`rk2`, `rkf45`, `rkck`, `rk8pd`) and the Adams multistep method
/// (`msadams`) need no Jacobian and suit non-stiff problems. The implicit methods (`rk1imp`,
/// `rk2imp`, `rk4imp`, `bsimp`, `msbdf`) use the Jacobian `∂f/∂y` — the problem's
/// ``ODEJacobian`` if given, otherwise a finite-difference approximation (see ``GSLSolver``) —
/// and suit stiff problems; `msbdf` and `bsimp` are the usual choices for strongly stiff ones.
///
/// Reference: GSL Reference Manual, "Ordinary Differential Equations", §Stepping Functions
/// (https://www.gnu.org/software/gsl/doc/html/ode-initval.html).
public enum GSLMethod: String, CaseIterable, Sendable {
  /// Explicit embedded Runge–Kutta (2, 3) pair. Order 2 (error estimate order 3), 3 stages.
  /// Non-stiff; no Jacobian.
  case rk2
  /// Explicit embedded Runge–Kutta–Fehlberg (4, 5) pair. Order 4/5, 6 stages; a good general
  /// choice for non-stiff problems. No Jacobian.
  case rkf45
  /// Explicit embedded Runge–Kutta Cash–Karp (4, 5) pair. Order 4/5, 6 stages. Non-stiff; no
  /// Jacobian.
  case rkck
  /// Explicit embedded Runge–Kutta Prince–Dormand (8, 9) pair. Order 8, 13 stages; best for
  /// smooth non-stiff problems at tight tolerances. No Jacobian.
  case rk8pd
  /// Variable-coefficient linear multistep Adams method in Nordsieck form (Adams–Bashforth
  /// predictor, Adams–Moulton corrector, functional iteration). Variable order 1–12. Non-stiff;
  /// no Jacobian.
  case msadams
  /// Implicit Gaussian first-order Runge–Kutta (backward Euler), error estimate by step
  /// doubling. Order 1; stiff (L-stable). Uses the Jacobian.
  case rk1imp
  /// Implicit Gaussian second-order Runge–Kutta (implicit midpoint), step-doubling error
  /// estimate. Order 2; A-stable, moderately stiff problems. Uses the Jacobian.
  case rk2imp
  /// Implicit Gaussian fourth-order Runge–Kutta (2-stage Gauss–Legendre), step-doubling error
  /// estimate. Order 4; A-stable, moderately stiff problems. Uses the Jacobian.
  case rk4imp
  /// Implicit Bulirsch–Stoer extrapolation method of Bader and Deuflhard (semi-implicit
  /// midpoint rule). Variable order; stiff. Uses the Jacobian (and `∂f/∂t`).
  case bsimp
  /// Variable-coefficient backward differentiation formulas in Nordsieck form with a modified
  /// Newton iteration. Variable order 1–5; stiff. Uses the Jacobian.
  case msbdf

  /// Whether the method evaluates the Jacobian (the implicit methods).
  public var requiresJacobian: Bool {
    switch self {
    case .rk1imp, .rk2imp, .rk4imp, .bsimp, .msbdf: return true
    case .rk2, .rkf45, .rkck, .rk8pd, .msadams: return false
    }
  }

  /// Whether the method is meant for stiff problems (the implicit methods).
  public var suitsStiffProblems: Bool { requiresJacobian }

  /// The method's order; for the variable-order methods, the order they start at.
  public var order: Int {
    switch self {
    case .rk2: return 2
    case .rkf45, .rkck, .rk4imp: return 4
    case .rk8pd: return 8
    case .msadams, .msbdf, .rk1imp: return 1
    case .rk2imp: return 2
    case .bsimp: return 4
    }
  }

  /// Whether GSL's stepper keeps each stage derivative in its own buffer, untouched until the
  /// step ends (the explicit Runge–Kutta pairs), so a right-hand-side output can be checked one
  /// call later.
  var hasStableStageBuffers: Bool {
    switch self {
    case .rk2, .rkf45, .rkck, .rk8pd: return true
    case .msadams, .rk1imp, .rk2imp, .rk4imp, .bsimp, .msbdf: return false
    }
  }

  /// A one-line description for tables and logs.
  var summary: String {
    switch self {
    case .rk2: return "explicit RK(2,3), order 2"
    case .rkf45: return "explicit RK-Fehlberg(4,5), order 4/5"
    case .rkck: return "explicit RK-Cash-Karp(4,5), order 4/5"
    case .rk8pd: return "explicit RK-Prince-Dormand(8,9), order 8"
    case .msadams: return "Adams multistep, order 1-12"
    case .rk1imp: return "implicit Euler, order 1"
    case .rk2imp: return "implicit midpoint, order 2"
    case .rk4imp: return "implicit Gauss RK, order 4"
    case .bsimp: return "Bader-Deuflhard extrapolation, stiff"
    case .msbdf: return "BDF multistep, order 1-5, stiff"
    }
  }

  /// GSL's stepper type.
  var stepType: UnsafePointer<gsl_odeiv2_step_type>? {
    switch self {
    case .rk2: return diffeq_gsl_step_rk2()
    case .rkf45: return diffeq_gsl_step_rkf45()
    case .rkck: return diffeq_gsl_step_rkck()
    case .rk8pd: return diffeq_gsl_step_rk8pd()
    case .msadams: return diffeq_gsl_step_msadams()
    case .rk1imp: return diffeq_gsl_step_rk1imp()
    case .rk2imp: return diffeq_gsl_step_rk2imp()
    case .rk4imp: return diffeq_gsl_step_rk4imp()
    case .bsimp: return diffeq_gsl_step_bsimp()
    case .msbdf: return diffeq_gsl_step_msbdf()
    }
  }
}
