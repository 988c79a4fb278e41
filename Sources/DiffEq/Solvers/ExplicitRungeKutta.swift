/// The one explicit Runge–Kutta stepper of the library: any ``ButcherTableau`` on any
/// ``RungeKuttaState``.
///
/// One step from `(t, y)` with step `h` (negative when integrating backward) computes
/// ```
/// kᵢ = f(t + cᵢ·h, y + Σⱼ<ᵢ (h·aᵢⱼ)·kⱼ),   i = 1 … s
/// y₁ = y + Σᵢ (h·bᵢ)·kᵢ
/// ```
/// skipping zero coefficients (so the textbook RK4 forms `y + (h/2)·k₂`, not `y + 0·k₁ + (h/2)·k₂`).
/// Each combination is one call of
/// ``RungeKuttaState/setLinearCombination(base:scale:coefficients:terms:)``,
/// and the right-hand side writes its result in place, so a step allocates nothing.
///
/// The object is the step's workspace (`s` stage derivatives and one stage state); use one per
/// thread. It is used by ``FixedStepSolver`` on `Double` buffers and is public so that other state
/// types (for example autodiff tensors) run exactly the same methods.
///
/// - Complexity: per step, `s` right-hand-side evaluations and `s` linear combinations.
public final class ExplicitRungeKutta<State: RungeKuttaState> {
  /// The method's coefficients.
  public let tableau: ButcherTableau

  @usableFromInline let stageCount: Int
  /// Stage derivatives `k₁ … kₛ`.
  @usableFromInline let k: UnsafeMutablePointer<State>
  /// The stage state `y + Σ h·aᵢⱼ·kⱼ`.
  @usableFromInline let stage: UnsafeMutablePointer<State>
  /// Nonzero coefficients in compressed rows (rows `1 … s−1` are `a`, row `s` is `b`), each with
  /// the address of the stage derivative it multiplies.
  @usableFromInline let rowStart: UnsafeMutablePointer<Int>
  @usableFromInline let coefficient: UnsafeMutablePointer<Double>
  @usableFromInline let term: UnsafeMutablePointer<UnsafePointer<State>>
  @usableFromInline let nodes: UnsafeMutablePointer<Double>
  /// Dense coefficients for the register path: `(s + 1) × s`, row `i < s` is `aᵢ`, row `s` is `b`.
  @usableFromInline let dense: UnsafeMutablePointer<Double>

  /// Creates the workspace for `tableau`.
  ///
  /// - Parameters:
  ///   - tableau: the method.
  ///   - makeState: returns a state of the problem's shape; called `s + 1` times. For buffer
  ///     types each call must return distinct storage; values are never read before written.
  public init(tableau: ButcherTableau, makeState: () -> State) {
    self.tableau = tableau
    let s = tableau.stageCount
    stageCount = s
    k = .allocate(capacity: s)
    for i in 0..<s { (k + i).initialize(to: makeState()) }
    stage = .allocate(capacity: 1)
    stage.initialize(to: makeState())
    nodes = .allocate(capacity: s)
    nodes.initialize(from: tableau.c, count: s)
    dense = .allocate(capacity: (s + 1) * s)
    for i in 0...s {
      for j in 0..<s { (dense + i * s + j).initialize(to: j < i ? (i < s ? tableau.a(i, j) : tableau.b[j]) : 0) }
    }

    var starts = [0]
    var cols: [UnsafePointer<State>] = []
    var vals: [Double] = []
    for i in 0...s {
      for j in 0..<i {
        let v = i < s ? tableau.a(i, j) : tableau.b[j]
        if v != 0 {
          cols.append(UnsafePointer(k + j))
          vals.append(v)
        }
      }
      starts.append(cols.count)
    }
    // starts[r] is the start of row r (r = 0 … s); row 0 is empty.
    rowStart = .allocate(capacity: s + 2)
    rowStart.initialize(from: starts, count: s + 2)
    term = .allocate(capacity: max(1, cols.count))
    term.initialize(from: cols, count: cols.count)
    coefficient = .allocate(capacity: max(1, vals.count))
    coefficient.initialize(from: vals, count: vals.count)
  }

  deinit {
    k.deinitialize(count: stageCount)
    k.deallocate()
    stage.deinitialize(count: 1)
    stage.deallocate()
    nodes.deallocate()
    dense.deallocate()
    rowStart.deallocate()
    term.deallocate()
    coefficient.deallocate()
  }

  /// `out = base + Σ (h·coef)·k` over the nonzero entries of compressed row `row`.
  @inlinable @inline(__always)
  func combine(row: Int, h: Double, base: State, into out: inout State) {
    let lo = rowStart[row]
    let m = rowStart[row &+ 1] &- lo
    out.setLinearCombination(
      base: base, scale: h, coefficients: UnsafeBufferPointer(start: coefficient + lo, count: m),
      terms: UnsafeBufferPointer(start: term + lo, count: m))
  }

  /// Advances one step: `next = y + Σᵢ (h·bᵢ)·kᵢ` from `(t, y)`.
  ///
  /// - Parameters:
  ///   - f: the right-hand side `f(t, y, &dydt)`; it must overwrite `dydt` (in place for a buffer,
  ///     by assignment for a value type).
  ///   - t: the time at the start of the step.
  ///   - h: the step, negative when integrating backward.
  ///   - y: the state at `t` (not modified).
  ///   - next: receives the state at `t + h`; must not share storage with `y`.
  /// - Throws: whatever `f` throws.
  @inlinable @inline(__always)
  public func step(
    _ f: (_ t: Double, _ y: State, _ dydt: inout State) throws -> Void,
    t: Double, h: Double, from y: State, to next: inout State
  ) rethrows {
    try f(t, y, &k[0])
    var i = 1
    while i < stageCount {
      combine(row: i, h: h, base: y, into: &stage.pointee)
      try f(t + nodes[i] * h, stage.pointee, &k[i])
      i &+= 1
    }
    combine(row: stageCount, h: h, base: y, into: &next)
  }

  /// The largest stage count ``_stepInRegisters(_:t:h:from:)`` accepts.
  @inlinable static var _registerStageLimit: Int { 8 }

  /// The same step as ``step(_:t:h:from:to:)`` — the same nonzero coefficients, products
  /// `(h·aᵢⱼ)·kⱼ` and left-to-right sums, so bit-identical results — for a small value state,
  /// written so that the compiler keeps every stage in registers: the stage loop is unrolled for
  /// `s ≤ 8` (``_registerStageLimit``) and the stage derivatives live in a fixed-size local
  /// array indexed by constants, not in this object's heap workspace (which this path leaves
  /// untouched). Used by ``FixedStepSolver`` for dimensions `≤ 4`; requires
  /// `stageCount ≤ _registerStageLimit`.
  @inlinable @inline(__always)
  func _stepInRegisters(
    _ f: (_ t: Double, _ y: State, _ dydt: inout State) throws -> Void,
    t: Double, h: Double, from y: State
  ) rethrows -> State {
    let s = stageCount
    return try withUnsafeTemporaryAllocation(of: State.self, capacity: 8) { k in
      let k = k.baseAddress.unsafelyUnwrapped
      @inline(__always) func combine(_ i: Int) -> State {
        var out = y
        var j = 0
        while j < i {
          let c = dense[i &* s &+ j]
          if c != 0 { out.addScaled(h * c, k[j]) }
          j &+= 1
        }
        return out
      }
      @inline(__always) func stage(_ i: Int) throws {
        let input = i == 0 ? y : combine(i)
        (k + i).initialize(to: y)
        try f(i == 0 ? t : t + nodes[i] * h, input, &k[i])
      }
      // Every case ends with its own `combine` call so the final combination, like the stages,
      // has a constant stage count: unrolled, with each kᵢ still in a register (a runtime-length
      // loop there reloads k₄ from the stack just after storing it, on the critical path).
      let result: State
      switch s {
      case 1:
        try stage(0)
        result = combine(1)
      case 2:
        try stage(0); try stage(1)
        result = combine(2)
      case 3:
        try stage(0); try stage(1); try stage(2)
        result = combine(3)
      case 4:
        try stage(0); try stage(1); try stage(2); try stage(3)
        result = combine(4)
      case 5:
        try stage(0); try stage(1); try stage(2); try stage(3); try stage(4)
        result = combine(5)
      case 6:
        try stage(0); try stage(1); try stage(2); try stage(3); try stage(4); try stage(5)
        result = combine(6)
      case 7:
        try stage(0); try stage(1); try stage(2); try stage(3); try stage(4); try stage(5)
        try stage(6)
        result = combine(7)
      default:
        for i in 0..<min(s, 8) { try stage(i) }
        result = combine(s)
      }
      k.deinitialize(count: min(s, 8))
      return result
    }
  }

  /// Integrates over every step of `schedule` (landing exactly on its save times and `t1`).
  ///
  /// Each step goes from `y` into `scratch`, then the two are swapped, so after each step `y`
  /// holds the new state and `scratch` the previous one. For buffer states this means the two
  /// variables exchange their storage; read the result from `y` when the call returns.
  ///
  /// - Parameters:
  ///   - f: the right-hand side, as in ``step(_:t:h:from:to:)``.
  ///   - schedule: the steps (``FixedStepSchedule``); its arguments must already be valid.
  ///   - y: the initial state on entry, the final state on return.
  ///   - scratch: a second state of the same shape.
  ///   - afterStep: called after each step with the step's start `t` and size `h`, the new
  ///     state, the previous state and the index of the save time the step landed on (or `nil`).
  /// - Throws: whatever `f` or `afterStep` throws; the integration stops there.
  @inlinable @inline(__always)
  public func integrate(
    _ f: (_ t: Double, _ y: State, _ dydt: inout State) throws -> Void,
    schedule: FixedStepSchedule, y: inout State, scratch: inout State,
    afterStep: (
      _ t: Double, _ h: Double, _ y: State, _ previous: State, _ saveIndex: Int?
    ) throws -> Void
  ) rethrows {
    try schedule.forEachStep { t, h, saveIndex in
      try step(f, t: t, h: h, from: y, to: &scratch)
      swap(&y, &scratch)
      try afterStep(t, h, y, scratch, saveIndex)
    }
  }
}
