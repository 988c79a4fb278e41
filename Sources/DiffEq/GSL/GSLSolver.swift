import CGSL

/// Solves an ``ODEProblem`` with an adaptive or stiff method from GSL `odeiv2` (``GSLMethod``).
///
/// Each step is accepted when every component's local error estimate satisfies
/// `|errᵢ| ≤ absoluteTolerance + relativeTolerance·|yᵢ|` (GSL's `y` control); otherwise it is
/// retried with a smaller step. The global error is typically a small multiple of the
/// tolerances, not bounded by them.
///
/// **Jacobian.** The implicit methods (``GSLMethod/requiresJacobian``) use the problem's
/// ``ODEJacobian`` when it has one. Otherwise they get a forward-difference Jacobian costing
/// `n + 2` right-hand-side evaluations:
/// `∂fᵢ/∂yⱼ ≈ (fᵢ(t, y + δⱼ·eⱼ) − fᵢ(t, y))/δⱼ`, `δⱼ = √ε·max(|yⱼ|, 1)`, and
/// `∂fᵢ/∂t ≈ (fᵢ(t + τ, y) − fᵢ(t, y))/τ`, `τ = √ε·max(|t|, 1)` (`ε` = machine epsilon; each
/// increment rounded to be exactly representable). Its relative error is about `√ε ≈ 1.5e-8`
/// for smooth `f`, enough for the Newton iterations; give an analytic Jacobian for speed.
///
/// **Initial step.** `initialStep` if given, else Hairer–Nørsett–Wanner's starting-step rule
/// (Solving ODEs I, §II.4; two extra right-hand-side evaluations).
///
/// **Choosing tolerances.** Set `relativeTolerance` to the number of correct digits wanted
/// (`1e-6` ≈ 6 digits) and `absoluteTolerance` to the size below which a component is noise
/// (smaller than the smallest component you care about, e.g. `1e-10` for Robertson's `y₂ ≈ 1e-5`).
/// Typical: `1e-6`/`1e-9` for plots, `1e-10` for references. Tolerances near `1e-15` cannot be met
/// in double precision (``ODEError/stepSizeUnderflow(t:stepSize:state:detail:)``).
///
/// All settings and save times are checked in Swift before any GSL call (GSL silently does
/// nothing on some misuse); GSL's aborting error handler is switched off before its first use.
///
/// ```swift
/// let stiff = GSLSolver(.msbdf, relativeTolerance: 1e-6, absoluteTolerance: 1e-6)
/// let solution = try vanDerPol.solve(stiff, saveAt: .everyStep)
/// ```
public struct GSLSolver: ODESolver, Sendable {
  /// The GSL stepper.
  public var method: GSLMethod
  /// Relative tolerance, finite and `> 0`.
  public var relativeTolerance: Double
  /// Absolute tolerance, finite and `> 0`.
  public var absoluteTolerance: Double
  /// The first step's magnitude (finite, `> 0`), or `nil` for the automatic choice.
  public var initialStep: Double?
  /// The largest number of accepted steps, `≥ 1`; default `100_000`.
  public var maxSteps: Int

  /// Creates a GSL solver. Tolerances have no default: choose them for the problem.
  ///
  /// - Parameters:
  ///   - method: the GSL stepper.
  ///   - relativeTolerance: per-step relative error bound, finite and `> 0`.
  ///   - absoluteTolerance: per-step absolute error bound, finite and `> 0`.
  ///   - initialStep: first step magnitude, finite and `> 0`; `nil` (default) chooses it.
  ///   - maxSteps: accepted-step limit, `≥ 1`, default `100_000`.
  public init(
    _ method: GSLMethod, relativeTolerance: Double, absoluteTolerance: Double,
    initialStep: Double? = nil, maxSteps: Int = 100_000
  ) {
    self.method = method
    self.relativeTolerance = relativeTolerance
    self.absoluteTolerance = absoluteTolerance
    self.initialStep = initialStep
    self.maxSteps = maxSteps
  }

  /// Integrates `problem` from `t0` to `t1` (or to the last save time) and records the states
  /// `saveAt` asks for.
  ///
  /// - Returns: the solution with `steps` (accepted), `rejectedSteps` (GSL's failed attempts),
  ///   `rhsEvaluations` (including finite-difference and starting-step evaluations) and
  ///   `jacobianEvaluations`.
  /// - Throws: before integrating: ``ODEError/invalidTolerance(name:value:)``,
  ///   ``ODEError/invalidStepSize(name:value:)`` (`initialStep`), ``ODEError/invalidMaxSteps(_:)``,
  ///   save-time errors. During the solve:
  ///   ``ODEError/nonFiniteRightHandSide(t:lastFiniteTime:lastFiniteState:)``,
  ///   ``ODEError/nonFiniteJacobian(t:lastFiniteTime:lastFiniteState:)``,
  ///   ``ODEError/stepSizeUnderflow(t:stepSize:state:detail:)``,
  ///   ``ODEError/maxStepsExceeded(maxSteps:t:t1:state:)``,
  ///   ``ODEError/integratorFailure(status:message:t:state:)``.
  public func solve(_ problem: ODEProblem, saveAt: ODESaveAt) throws -> ODESolution {
    _GSL.prepare()
    try _checkTolerance("relativeTolerance", relativeTolerance)
    try _checkTolerance("absoluteTolerance", absoluteTolerance)
    if let initialStep { try _checkStepSize("initialStep", initialStep) }
    try _checkMaxSteps(maxSteps)
    let saveTimes = try _validatedSaveTimes(saveAt, t0: problem.t0, t1: problem.t1)

    let n = problem.dimension
    let system = _GSLSystem(problem: problem)
    let direction = problem.direction
    let span = abs(problem.t1 - problem.t0)
    let finiteDifference = method.requiresJacobian && problem.jacobian == nil
    let h0 =
      try initialStep
      ?? system.startingStep(
        t0: problem.t0, y0: problem.y0, direction: direction, span: span,
        rtol: relativeTolerance, atol: absoluteTolerance, order: method.order)

    var times: [Double] = []
    var values: [Double] = []
    let everyStep = saveAt == .everyStep
    var targets = saveTimes.isEmpty ? [problem.t1] : saveTimes
    if everyStep || saveTimes.first == problem.t0 {
      times.append(problem.t0)
      values.append(contentsOf: problem.y0)
      if saveTimes.first == problem.t0 { targets.removeFirst() }
    }
    var y = problem.y0
    var steps = 0
    var rejected = 0

    var gslSystem = gsl_odeiv2_system(
      function: method.hasStableStageBuffers
        ? _gslRightHandSideDeferredThunk : _gslRightHandSideThunk,
      jacobian: method.requiresJacobian ? _gslJacobianThunk : nil,
      dimension: n,
      params: Unmanaged.passUnretained(system).toOpaque())
    try withExtendedLifetime(system) {
      try withUnsafePointer(to: &gslSystem) { sys in
        guard
          let driver = gsl_odeiv2_driver_alloc_y_new(
            sys, method.stepType, direction * h0, absoluteTolerance, relativeTolerance)
        else {
          throw ODEError.integratorFailure(
            status: Int(diffeq_gsl_enomem()), message: "could not allocate the GSL driver",
            t: problem.t0, state: problem.y0)
        }
        defer { gsl_odeiv2_driver_free(driver) }
        let evolve = driver.pointee.e
        var t = problem.t0
        var h = direction * h0
        try y.withUnsafeMutableBufferPointer { yBuffer in
          guard let yp = yBuffer.baseAddress else { return }
          for target in targets {
            while (target - t) * direction > 0 {
              if steps >= maxSteps {
                throw ODEError.maxStepsExceeded(
                  maxSteps: maxSteps, t: t, t1: problem.t1, state: Array(yBuffer))
              }
              let tBefore = t
              let status = gsl_odeiv2_evolve_apply(
                evolve, driver.pointee.c, driver.pointee.s, sys, &t, target, &h, yp)
              if status != diffeq_gsl_success() {
                throw Self.error(
                  status: status, system: system, t: tBefore, h: h,
                  stateBefore: evolve.map { Array(UnsafeBufferPointer(start: $0.pointee.y0, count: n)) }
                    ?? problem.y0)
              }
              if !system.checkPending() {
                throw Self.error(
                  status: diffeq_gsl_ebadfunc(), system: system, t: tBefore, h: h,
                  stateBefore: evolve.map { Array(UnsafeBufferPointer(start: $0.pointee.y0, count: n)) }
                    ?? problem.y0)
              }
              steps += 1
              if everyStep {
                times.append(t)
                values.append(contentsOf: yBuffer)
              }
            }
            if !everyStep {
              times.append(target)
              values.append(contentsOf: yBuffer)
            }
          }
        }
        rejected = Int(evolve?.pointee.failed_steps ?? 0)
      }
    }

    let statistics = ODEStatistics(
      steps: steps, rejectedSteps: rejected, rhsEvaluations: system.rhsEvaluations,
      jacobianEvaluations: system.jacobianEvaluations,
      finiteDifferenceJacobian: finiteDifference && system.jacobianEvaluations > 0)
    let settings = self
    return ODESolution(
      dimension: n, t: times, values: values, statistics: statistics,
      describe: {
        let jacobianText =
          settings.method.requiresJacobian
          ? (finiteDifference ? ", Jacobian: finite differences" : ", Jacobian: user") : ""
        let stepText =
          settings.initialStep.map { "initialStep = \($0)" }
          ?? "initialStep = automatic (\(h0))"
        return "GSL \(settings.method.rawValue) (\(settings.method.summary); "
          + "relativeTolerance = \(settings.relativeTolerance), "
          + "absoluteTolerance = \(settings.absoluteTolerance), \(stepText), "
          + "maxSteps = \(settings.maxSteps)\(jacobianText))"
      })
  }

  /// Translates a failed `gsl_odeiv2_evolve_apply` into an ``ODEError``.
  @inline(never)
  static func error(
    status: Int32, system: _GSLSystem, t: Double, h: Double, stateBefore: [Double]
  ) -> ODEError {
    if status == diffeq_gsl_ebadfunc() {
      switch system.failure {
      case .rightHandSide(let tEval)?:
        return .nonFiniteRightHandSide(t: tEval, lastFiniteTime: t, lastFiniteState: stateBefore)
      case .jacobian(let tEval)?:
        return .nonFiniteJacobian(t: tEval, lastFiniteTime: t, lastFiniteState: stateBefore)
      case nil:
        break
      }
    }
    if status == diffeq_gsl_ebadfunc() || status == diffeq_gsl_efault()
      || status == diffeq_gsl_einval() || status == diffeq_gsl_enomem()
    {
      return .integratorFailure(
        status: Int(status), message: _GSL.message(status), t: t, state: stateBefore)
    }
    // GSL_FAILURE from the step control (the step cannot shrink any further and still change t),
    // or a stepper failure that persisted while halving the step down to one ulp of t.
    return .stepSizeUnderflow(t: t, stepSize: h, state: stateBefore, detail: _GSL.message(status))
  }
}
