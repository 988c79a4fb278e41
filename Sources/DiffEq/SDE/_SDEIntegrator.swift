/// What happened on a lane vector of paths.
@usableFromInline
struct _SDEPathOutcome<L: LaneVector> {
  /// The fault found by a checking workspace, or `nil`.
  @usableFromInline var fault: SDEFault?
  /// The time of the fault: the step's start for drift/diffusion faults, its end for state faults.
  @usableFromInline var faultTime: Double
  /// Non-checking workspaces: `Σ x·0` over the components of the state at every save time and at
  /// the end: NaN in exactly the lanes whose state became non-finite at some step (zero otherwise).
  ///
  /// Checking at saves and at the end is enough because non-finiteness is sticky: every method
  /// updates `x ← x + Δ`, and `±∞ + Δ`, `NaN + Δ` are never finite, while a non-finite drift or
  /// diffusion makes `Δ` non-finite (`∞·0` included).
  @usableFromInline var guardLanes: L

  @inlinable
  init(fault: SDEFault?, faultTime: Double, guardLanes: L) {
    self.fault = fault
    self.faultTime = faultTime
    self.guardLanes = guardLanes
  }
}

/// The fixed-step loop shared by every solve: `savesAtStart` saves of `x0`, then for each planned
/// step the increments, one method step, the finiteness check (checking workspaces), and the save if
/// the step lands on a save time. `save(s)` reads ``SDEWorkspace/state``.
@inlinable
func _sdeIntegrate<F: SDEVectorField, M: SDEMethod, L: LaneVector, S: _SDEIncrementSource>(
  field: F, method: M, plan: _SDEStepPlan, x0: UnsafeBufferPointer<Double>,
  workspace ws: SDEWorkspace<L>, noise: inout S, save: (Int) -> Void
) -> _SDEPathOutcome<L> where S.Lanes == L {
  let zero = L(repeating: 0)
  if !ws.start(field, x0: x0, t0: plan.t0), ws.checksFinite {
    return _SDEPathOutcome(fault: .diffusion, faultTime: plan.t0, guardLanes: zero)
  }
  for s in 0..<plan.savesAtStart { save(s) }
  let d = ws.stateDimension
  let x = ws.state
  let count = plan.stepCount
  let checks = ws.checksFinite
  return plan.times.withUnsafeBufferPointer { times in
    plan.steps.withUnsafeBufferPointer { steps in
      plan.rootSteps.withUnsafeBufferPointer { roots in
        plan.saveIndices.withUnsafeBufferPointer { saves in
          var guardLanes = zero
          var first = 0
          while first < count {
            let chunkEnd = first + min(noise.chunkSteps, count - first)
            noise.prepare(firstStep: first, count: chunkEnd - first, rootSteps: roots)
            for k in first..<chunkEnd {
              let dW = noise.increments(step: k)
              let t = times[k]
              let h = steps[k]
              if let fault = method.step(field, t: t, h: h, dW: dW, workspace: ws) {
                return _SDEPathOutcome(fault: fault, faultTime: t, guardLanes: guardLanes)
              }
              if checks, !SDEWorkspace<L>.allFinite(x) {
                return _SDEPathOutcome(fault: .state, faultTime: t + h, guardLanes: guardLanes)
              }
              let s = saves[k]
              if s >= 0 {
                for i in 0..<d { guardLanes = guardLanes + x[i] * 0.0 }
                save(s)
              }
            }
            first = chunkEnd
          }
          for i in 0..<d { guardLanes = guardLanes + x[i] * 0.0 }
          return _SDEPathOutcome(fault: nil, faultTime: .nan, guardLanes: guardLanes)
        }
      }
    }
  }
}

/// One path with `L = Double`, checking every evaluation, recording every save into a fresh array
/// (`saveCount × d`, row-major). Returns the states, or the fault and its time.
@inlinable
func _sdeSolveSingle<F: SDEVectorField, M: SDEMethod, S: _SDEIncrementSource>(
  field: F, method: M, plan: _SDEStepPlan, x0: [Double], noise: inout S
) -> (states: [Double], fault: SDEFault?, faultTime: Double) where S.Lanes == Double {
  let d = field.stateDimension
  let storage = _SDEWorkspaceStorage<Double>(field: field, checksFinite: true)
  let ws = storage.workspace
  var states = [Double](repeating: .nan, count: plan.saveCount * d)
  let outcome = states.withUnsafeMutableBufferPointer { out in
    x0.withUnsafeBufferPointer { x0p in
      withExtendedLifetime(storage) {
        _sdeIntegrate(
          field: field, method: method, plan: plan, x0: x0p, workspace: ws, noise: &noise
        ) { s in
          for i in 0..<d { out[s * d + i] = ws.state[i] }
        }
      }
    }
  }
  return (states, outcome.fault, outcome.faultTime)
}
