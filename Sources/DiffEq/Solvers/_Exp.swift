public func _expGenericNoSchedule(_ problem: ODEProblem, dt: Double, steps: Int) -> [Double] {
  let n = problem.dimension
  let tableau = RungeKutta4.tableau
  let arena = _BufferArena(capacity: n * (2 * tableau.stageCount + 3))
  let stepper = ExplicitRungeKutta<_StateBuffer>(tableau: tableau) { arena.buffer(n) }
  var y = arena.buffer(n)
  var scratch = arena.buffer(n)
  for j in 0..<n { y.base[j] = problem.y0[j] }
  let f = problem.f
  return withExtendedLifetime(arena) {
    var t = 0.0
    for i in 0..<steps {
      let tn = Double(i + 1) * dt
      stepper.step({ t, y, dydt in f(t, y.readOnly, dydt.mutable) }, t: t, h: tn - t, from: y, to: &scratch)
      swap(&y, &scratch)
      t = tn
    }
    return y.array
  }
}

public func _expUnrolledCombine(_ problem: ODEProblem, dt: Double, steps: Int) -> [Double] {
  let n = problem.dimension
  let tableau = RungeKutta4.tableau
  let arena = _BufferArena(capacity: n * (2 * tableau.stageCount + 3))
  let stepper = ExplicitRungeKutta<_StateBuffer>(tableau: tableau) { arena.buffer(n) }
  var y = arena.buffer(n)
  var scratch = arena.buffer(n)
  for j in 0..<n { y.base[j] = problem.y0[j] }
  let f = problem.f
  let k = stepper.k
  let st = stepper.stage
  return withExtendedLifetime(arena) {
    var t = 0.0
    for i in 0..<steps {
      let h = dt
      f(t, y.readOnly, k[0].mutable)
      stepper.combine(row: 1, h: h, base: y, into: &st.pointee)
      f(t + 0.5 * h, st.pointee.readOnly, k[1].mutable)
      stepper.combine(row: 2, h: h, base: y, into: &st.pointee)
      f(t + 0.5 * h, st.pointee.readOnly, k[2].mutable)
      stepper.combine(row: 3, h: h, base: y, into: &st.pointee)
      f(t + h, st.pointee.readOnly, k[3].mutable)
      stepper.combine(row: 4, h: h, base: y, into: &scratch)
      swap(&y, &scratch)
      t = Double(i + 1) * dt
    }
    return y.array
  }
}

public func _expIntegrate(_ problem: ODEProblem, dt: Double, check: Bool) -> [Double] {
  let n = problem.dimension
  let tableau = RungeKutta4.tableau
  let arena = _BufferArena(capacity: n * (2 * tableau.stageCount + 3))
  let stepper = ExplicitRungeKutta<_StateBuffer>(tableau: tableau) { arena.buffer(n) }
  var y = arena.buffer(n)
  var scratch = arena.buffer(n)
  for j in 0..<n { y.base[j] = problem.y0[j] }
  let f = problem.f
  let schedule = FixedStepSchedule(t0: problem.t0, t1: problem.t1, dt: dt)
  var steps = 0
  var bad = false
  withExtendedLifetime(arena) {
    stepper.integrate({ t, y, dydt in f(t, y.readOnly, dydt.mutable) }, schedule: schedule, y: &y, scratch: &scratch) { t, h, y, prev, idx in
      steps &+= 1
      if check && !y.isFinite { bad = true }
    }
  }
  return y.array + [Double(steps), bad ? 1 : 0]
}

public func _expIntegrateSimpleLoop(_ problem: ODEProblem, dt: Double, steps nsteps: Int) -> [Double] {
  let n = problem.dimension
  let tableau = RungeKutta4.tableau
  let arena = _BufferArena(capacity: n * (2 * tableau.stageCount + 3))
  let stepper = ExplicitRungeKutta<_StateBuffer>(tableau: tableau) { arena.buffer(n) }
  var y = arena.buffer(n)
  var scratch = arena.buffer(n)
  for j in 0..<n { y.base[j] = problem.y0[j] }
  let f = problem.f
  var steps = 0
  withExtendedLifetime(arena) {
    let body: (Double, Double, Int?) -> Void = { t, h, idx in
      stepper.step({ t, y, dydt in f(t, y.readOnly, dydt.mutable) }, t: t, h: h, from: y, to: &scratch)
      swap(&y, &scratch)
      steps &+= 1
    }
    var t = 0.0
    for i in 0..<nsteps {
      let tn = Double(i + 1) * dt
      body(t, tn - t, nil)
      t = tn
    }
  }
  return y.array + [Double(steps)]
}
