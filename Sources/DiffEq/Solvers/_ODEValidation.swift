/// Checks of solver settings shared by every ODE solver. All run before any integration.

/// The checked save times of a `.times` request (empty for `.end` and `.everyStep`).
@usableFromInline
func _validatedSaveTimes(_ saveAt: ODESaveAt, t0: Double, t1: Double) throws -> [Double] {
  guard case .times(let times) = saveAt else { return [] }
  if times.isEmpty { throw ODEError.emptySaveTimes }
  let lo = min(t0, t1)
  let hi = max(t0, t1)
  let forward = t1 > t0
  for (i, s) in times.enumerated() {
    if !s.isFinite || s < lo || s > hi {
      throw ODEError.saveTimeOutsideSpan(index: i, time: s, t0: t0, t1: t1)
    }
    if i > 0 {
      let previous = times[i - 1]
      if forward ? !(s > previous) : !(s < previous) {
        throw ODEError.saveTimesNotMonotone(
          index: i, previous: previous, current: s, forward: forward)
      }
    }
  }
  return times
}

/// Throws unless `value` is finite and `> 0`.
@usableFromInline
func _checkStepSize(_ name: String, _ value: Double) throws {
  if !(value.isFinite && value > 0) { throw ODEError.invalidStepSize(name: name, value: value) }
}

/// Throws unless `value` is finite and `> 0`.
@usableFromInline
func _checkTolerance(_ name: String, _ value: Double) throws {
  if !(value.isFinite && value > 0) { throw ODEError.invalidTolerance(name: name, value: value) }
}

/// Throws unless `maxSteps ≥ 1`.
@usableFromInline
func _checkMaxSteps(_ value: Int) throws {
  if value < 1 { throw ODEError.invalidMaxSteps(value) }
}
