/// Solves an ``ODEProblem`` with an explicit Runge–Kutta method at a fixed step.
///
/// The steps follow ``FixedStepSchedule``: the grid `t0 + k·dt` (toward `t1`), with the step
/// before a save time shortened to land on it exactly (the grid resumes after it), and the last
/// step shortened to land exactly on `t1`. Every method is the same generic stepper
/// (``ExplicitRungeKutta``) reading its tableau, here on preallocated `Double` buffers: a solve
/// allocates its workspace once and nothing per step (only the recorded output grows).
///
/// Methods: ``Euler`` (order 1), ``Midpoint`` and ``Heun`` (order 2), ``RungeKutta4`` (order 4).
/// None is suited to stiff problems (use ``GSLSolver`` with `.msbdf` or `.bsimp`), and none uses a
/// Jacobian. The global error is `O(dtᵖ)` for a method of order `p`.
///
/// The state is checked for NaN/±∞ every 64 steps and at the end (non-finite values persist, so
/// none is missed); on failure the solve is replayed with a check after every step to report the
/// exact time of the first non-finite right-hand-side value and the last finite state.
///
/// ```swift
/// let solution = try problem.solve(FixedStepSolver(RungeKutta4(), dt: 1e-3), saveAt: .times(ts))
/// ```
///
/// Fast path: ``solve(_:t0:t1:y0:saveAt:)`` takes the right-hand side as an ``ODEFunction`` type
/// instead of a closure; the loop is specialised for it, the call inlined, and for dimensions
/// `≤ 4` the state kept in registers. Same results, bit for bit.
public struct FixedStepSolver<Method: ExplicitRungeKuttaMethod>: ODESolver, Sendable {
  /// The explicit Runge–Kutta method.
  public var method: Method
  /// The step magnitude, finite and `> 0` (the sign follows the direction of integration).
  public var dt: Double
  /// The largest number of steps allowed; the grid's step count is checked before integrating.
  /// Default `100_000_000`.
  public var maxSteps: Int

  /// Creates a fixed-step solver.
  ///
  /// - Parameters:
  ///   - method: ``Euler``, ``Midpoint``, ``Heun``, ``RungeKutta4`` or any
  ///     ``ExplicitRungeKuttaMethod``.
  ///   - dt: step magnitude, finite and `> 0` (checked by ``solve(_:saveAt:)``).
  ///   - maxSteps: step limit, `≥ 1`, default `100_000_000`.
  public init(_ method: Method, dt: Double, maxSteps: Int = 100_000_000) {
    self.method = method
    self.dt = dt
    self.maxSteps = maxSteps
  }

  /// Integrates `problem` from `t0` to `t1` and records the states `saveAt` asks for.
  ///
  /// - Returns: the solution; its statistics count `steps`, `rhsEvaluations = s·steps`,
  ///   `rejectedSteps = 0`, `jacobianEvaluations = 0`.
  /// - Throws: ``ODEError/invalidStepSize(name:value:)`` (`dt`), ``ODEError/invalidMaxSteps(_:)``,
  ///   save-time errors, ``ODEError/fixedStepCountExceedsMaxSteps(required:maxSteps:dt:)``
  ///   (before integrating); ``ODEError/nonFiniteRightHandSide(t:lastFiniteTime:lastFiniteState:)``
  ///   or ``ODEError/nonFiniteState(t:lastFiniteTime:lastFiniteState:)`` during the solve.
  @inlinable
  public func solve(_ problem: ODEProblem, saveAt: ODESaveAt) throws -> ODESolution {
    // The closure is opaque: the buffer loop (a call per stage on heap buffers) is as fast as
    // the register loop here, and measured faster than it on Lorenz.
    try _solve(
      problem, function: _ClosureODEFunction(problem.f), saveAt: saveAt, registerPath: false)
  }

  /// Integrates `y' = function(t, y)` from `t0` to `t1` with the right-hand side inlined into the
  /// stepper: the fast path for small systems.
  ///
  /// The same method, step grid (``FixedStepSchedule``), checks and output as
  /// ``solve(_:saveAt:)`` on an ``ODEProblem`` with the same right-hand side — the results are
  /// bit-identical — but the solve is generic over `F`, so the compiler specialises the loop for
  /// it and inlines `function` into every stage instead of calling a closure. On Lorenz with RK4
  /// this removes the per-stage call and lets the stage arithmetic stay in registers (see
  /// Docs/ODE.md, "Fast path"). It costs one specialised copy of the loop per (method, `F`) pair
  /// in the client's binary. Use it when the right-hand side is cheap (a few flops per component),
  /// where call overhead dominates; for expensive right-hand sides the closure API is as fast.
  ///
  /// - Parameters:
  ///   - function: the right-hand side (see ``ODEFunction``); `dimension = y0.count`.
  ///   - t0: initial time, finite.
  ///   - t1: final time, finite, `≠ t0` (before `t0` integrates backward).
  ///   - y0: initial state, at least one value, all finite.
  ///   - saveAt: which states to record; default ``ODESaveAt/end``.
  /// - Returns: the solution, with the statistics of ``solve(_:saveAt:)``.
  /// - Throws: the errors of ``ODEProblem/init(dimension:t0:t1:y0:jacobian:f:)`` for the problem's
  ///   data, and those of ``solve(_:saveAt:)``.
  @inlinable
  public func solve<F: ODEFunction>(
    _ function: F, t0: Double, t1: Double, y0: [Double], saveAt: ODESaveAt = .end
  ) throws -> ODESolution {
    // The closure is used only to validate and, on the rare non-finite path, to replay the solve.
    let problem = try ODEProblem(dimension: y0.count, t0: t0, t1: t1, y0: y0) { t, y, dydt in
      function(t, y, dydt)
    }
    return try _solve(problem, function: function, saveAt: saveAt, registerPath: true)
  }

  /// The one fixed-step loop, generic over the right-hand side's type. With `registerPath`,
  /// dimensions `≤ 4` run ``_solveSmall(_:function:saveAt:saveTimes:required:)`` (same
  /// arithmetic, state in registers).
  @inlinable
  func _solve<F: ODEFunction>(
    _ problem: ODEProblem, function f: F, saveAt: ODESaveAt, registerPath: Bool
  ) throws -> ODESolution {
    try _checkStepSize("dt", dt)
    try _checkMaxSteps(maxSteps)
    let saveTimes = try _validatedSaveTimes(saveAt, t0: problem.t0, t1: problem.t1)
    let span = abs(problem.t1 - problem.t0)
    let required = (span / dt).rounded(.up) + Double(saveTimes.count)
    if required > Double(maxSteps) {
      throw ODEError.fixedStepCountExceedsMaxSteps(
        required: required >= 9.2e18 ? Int.max : Int(required), maxSteps: maxSteps, dt: dt)
    }

    let tableau = method.tableau
    let n = problem.dimension
    if registerPath && n <= 4 && tableau.stageCount <= ExplicitRungeKutta<_SmallState>._registerStageLimit {
      return try _solveSmall(
        problem, function: f, saveAt: saveAt, saveTimes: saveTimes, required: required)
    }
    let arena = _BufferArena(capacity: n * (2 * tableau.stageCount + 3))
    let stepper = ExplicitRungeKutta<_StateBuffer>(tableau: tableau) { arena.buffer(n) }
    var y = arena.buffer(n)
    var scratch = arena.buffer(n)
    for j in 0..<n { y.base[j] = problem.y0[j] }

    let schedule = FixedStepSchedule(t0: problem.t0, t1: problem.t1, dt: dt, saveTimes: saveTimes)
    var output = _FixedStepOutput(
      saveAt: saveAt, saveTimes: saveTimes, schedule: schedule, y0: problem.y0, required: required)
    var steps = 0
    var sawNonFinite = false
    withExtendedLifetime(arena) {
      do {
        try stepper.integrate(
          { t, y, dydt in f(t, y.readOnly, dydt.mutable) },
          schedule: schedule, y: &y, scratch: &scratch
        ) { t, h, y, _, saveIndex in
          steps &+= 1
          if output.records(saveIndex) {
            output.record(t: t, h: h, saveIndex: saveIndex)
            output.values.append(contentsOf: y.readOnly)
          }
          // NaN and ±∞ persist once they appear, so a check every 64 steps and at the end finds
          // every failure; the rare path then replays the solve to locate it exactly.
          if steps & 63 == 0, !y.isFinite { throw _NonFiniteMarker() }
        }
      } catch {
        sawNonFinite = true
      }
      if sawNonFinite || !y.isFinite { return }
      if output.finish(t1: problem.t1) { output.values.append(contentsOf: y.readOnly) }
    }
    if sawNonFinite || !y.isFinite {
      throw _fixedStepLocateNonFinite(
        tableau: tableau, f: problem.f, schedule: schedule, y0: problem.y0)
    }
    return output.solution(dimension: n, steps: steps, tableau: tableau, dt: dt, maxSteps: maxSteps)
  }
}

extension FixedStepSolver {
  /// The fixed-step loop for dimensions `≤ 4`: the state is a `SIMD4<Double>` value and each
  /// step is ``ExplicitRungeKutta``'s register path, so with an inlined right-hand side the whole
  /// step stays in registers. Same grid, same arithmetic, same output and errors as the buffer
  /// loop in ``_solve(_:function:saveAt:)``.
  @inlinable
  func _solveSmall<F: ODEFunction>(
    _ problem: ODEProblem, function f: F, saveAt: ODESaveAt, saveTimes: [Double], required: Double
  ) throws -> ODESolution {
    let tableau = method.tableau
    let n = problem.dimension
    let stepper = ExplicitRungeKutta<_SmallState>(tableau: tableau) { _SmallState() }
    var y = _SmallState()
    for j in 0..<n { y[j] = problem.y0[j] }

    let schedule = FixedStepSchedule(t0: problem.t0, t1: problem.t1, dt: dt, saveTimes: saveTimes)
    var output = _FixedStepOutput(
      saveAt: saveAt, saveTimes: saveTimes, schedule: schedule, y0: problem.y0, required: required)
    var steps = 0
    var sawNonFinite = false
    do {
      try schedule.forEachStep { t, h, saveIndex in
        y = stepper._stepInRegisters(
          { t, y, dydt in _SmallState.evaluate(f, t, y, &dydt, n) }, t: t, h: h, from: y)
        steps &+= 1
        if output.records(saveIndex) {
          output.record(t: t, h: h, saveIndex: saveIndex)
          for j in 0..<n { output.values.append(y[j]) }
        }
        // As in the buffer loop: NaN and ±∞ persist, so a check every 64 steps and at the end
        // finds every failure; the rare path replays the solve to locate it exactly.
        if steps & 63 == 0, !y.isFinite { throw _NonFiniteMarker() }
      }
    } catch {
      sawNonFinite = true
    }
    if sawNonFinite || !y.isFinite {
      throw _fixedStepLocateNonFinite(
        tableau: tableau, f: problem.f, schedule: schedule, y0: problem.y0)
    }
    if output.finish(t1: problem.t1) { for j in 0..<n { output.values.append(y[j]) } }
    return output.solution(dimension: n, steps: steps, tableau: tableau, dt: dt, maxSteps: maxSteps)
  }
}

/// The recorded output of a fixed-step solve (times and row-major states), shared by the buffer
/// and register loops of ``FixedStepSolver``: what to record at the start, after each step and at
/// the end, and the final ``ODESolution``.
@usableFromInline
struct _FixedStepOutput {
  @usableFromInline var times: [Double] = []
  @usableFromInline var values: [Double] = []
  @usableFromInline let saveTimes: [Double]
  @usableFromInline let everyStep: Bool
  @usableFromInline let atEnd: Bool

  /// Reserves the output and records `y0` for the save times at `t0` (or as the first of every step).
  @inlinable
  init(
    saveAt: ODESaveAt, saveTimes: [Double], schedule: FixedStepSchedule, y0: [Double],
    required: Double
  ) {
    self.saveTimes = saveTimes
    everyStep = saveAt == .everyStep
    atEnd = saveAt == .end
    let n = y0.count
    switch saveAt {
    case .end:
      times.reserveCapacity(1)
      values.reserveCapacity(n)
    case .times(let ts):
      times.reserveCapacity(ts.count)
      values.reserveCapacity(ts.count * n)
      for i in schedule.savesAtStart {
        times.append(ts[i])
        values.append(contentsOf: y0)
      }
    case .everyStep:
      let count = Int(required) + 1
      times.reserveCapacity(count)
      values.reserveCapacity(count * n)
      times.append(schedule.t0)
      values.append(contentsOf: y0)
    }
  }

  /// Whether the state after a step landing on `saveIndex` (or on no save time) is recorded.
  @inlinable @inline(__always)
  func records(_ saveIndex: Int?) -> Bool { saveIndex != nil || everyStep }

  /// Records the time of the step `t → t + h`; the caller then appends the state to `values`.
  @inlinable @inline(__always)
  mutating func record(t: Double, h: Double, saveIndex: Int?) {
    if let saveIndex { times.append(saveTimes[saveIndex]) } else { times.append(t + h) }
  }

  /// Completes the output after the last step: the last recorded time of `.everyStep` is set to
  /// exactly `t1`; for `.end`, `t1` is recorded and the result is `true` (append the final state).
  @inlinable
  mutating func finish(t1: Double) -> Bool {
    if everyStep { times[times.count - 1] = t1 }
    if atEnd { times.append(t1) }
    return atEnd
  }

  /// The solution with the statistics of `steps` steps of `tableau`.
  @inlinable
  func solution(
    dimension n: Int, steps: Int, tableau: ButcherTableau, dt: Double, maxSteps: Int
  ) -> ODESolution {
    let statistics = ODEStatistics(
      steps: steps, rejectedSteps: 0, rhsEvaluations: steps * tableau.stageCount,
      jacobianEvaluations: 0)
    let (name, order) = (tableau.name, tableau.order)
    return ODESolution(
      dimension: n, t: times, values: values, statistics: statistics,
      describe: {
        "\(name) (fixed step, order \(order), dt = \(dt), maxSteps = \(maxSteps))"
      })
  }
}

/// Thrown inside a fixed-step solve's loop when the periodic check finds a non-finite state.
@usableFromInline
struct _NonFiniteMarker: Error {
  @inlinable init() {}
}

/// The rare path of a fixed-step solve that produced a non-finite state: replays the whole solve
/// (deterministically, so bit for bit) checking every step, and returns the precise error.
@usableFromInline @inline(never)
func _fixedStepLocateNonFinite(
  tableau: ButcherTableau, f: ODEProblem.RightHandSide, schedule: FixedStepSchedule, y0: [Double]
) -> ODEError {
  let n = y0.count
  let arena = _BufferArena(capacity: n * (tableau.stageCount + 3))
  let stepper = ExplicitRungeKutta<_StateBuffer>(tableau: tableau) { arena.buffer(n) }
  var y = arena.buffer(n)
  var scratch = arena.buffer(n)
  for j in 0..<n { y.base[j] = y0[j] }
  struct Located: Error { let error: ODEError }
  do {
    try withExtendedLifetime(arena) {
      try stepper.integrate(
        { t, y, dydt in f(t, y.readOnly, dydt.mutable) },
        schedule: schedule, y: &y, scratch: &scratch
      ) { t, h, y, previous, _ in
        if !y.isFinite {
          throw Located(
            error: _fixedStepNonFiniteError(
              stepper: stepper, f: f, t: t, h: h, previous: previous))
        }
      }
    }
  } catch let located as Located {
    return located.error
  } catch {}
  // Unreachable for a deterministic right-hand side; report what is known.
  return .nonFiniteState(t: schedule.t1, lastFiniteTime: schedule.t0, lastFiniteState: y0)
}

/// The rare path of a fixed-step solve whose new state is not finite: replays the step from the
/// last finite state, checking each stage's right-hand side, and returns the matching error.
@usableFromInline @inline(never)
func _fixedStepNonFiniteError(
  stepper: ExplicitRungeKutta<_StateBuffer>, f: ODEProblem.RightHandSide, t: Double, h: Double,
  previous: _StateBuffer
) -> ODEError {
  let last = previous.array
  let memory = UnsafeMutablePointer<Double>.allocate(capacity: previous.count)
  defer { memory.deallocate() }
  var next = _StateBuffer(base: memory, count: previous.count)
  struct Found: Error { let t: Double }
  do {
    try stepper.step(
      { s, y, dydt in
        f(s, y.readOnly, dydt.mutable)
        if !dydt.isFinite { throw Found(t: s) }
      }, t: t, h: h, from: previous, to: &next)
  } catch let found as Found {
    return .nonFiniteRightHandSide(t: found.t, lastFiniteTime: t, lastFiniteState: last)
  } catch {
    return .nonFiniteState(t: t + h, lastFiniteTime: t, lastFiniteState: last)
  }
  return .nonFiniteState(t: t + h, lastFiniteTime: t, lastFiniteState: last)
}
