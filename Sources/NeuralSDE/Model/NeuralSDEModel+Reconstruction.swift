import DiffEq
import Neural

extension NeuralSDEModel {
  /// The noise-free reconstruction `R_{μ,0}`: the flow of the learned drift from each initial
  /// state, sampled at the observation times `j·Δt`, `j = 0 … intervals`.
  ///
  /// - Parameters:
  ///   - initialStates: `N` states, `N·D` values.
  ///   - intervals: the number of observation intervals, `≥ 1`.
  ///   - dt: the observation step `Δt > 0`.
  ///   - flow: the integrator (default RK4 with 4 sub-steps per interval).
  /// - Returns: `N·(intervals + 1)·D` values, row-major `(path, time, component)`; time 0 is the
  ///   initial state.
  /// - Throws: ``NeuralSDEError/invalidTimeStep(dt:reason:)``,
  ///   ``NeuralSDEError/invalidConfiguration(parameter:value:expected:)`` for `intervals < 1`,
  ///   and the errors of ``driftValues(at:)`` for bad states.
  /// - Complexity: `intervals · substeps · s` drift evaluations on a batch of `N`.
  public func reconstruct(
    from initialStates: [Double], intervals: Int, dt: Double,
    flow: FlowIntegrator = .rungeKutta4(substeps: 4)
  ) throws -> [Double] {
    guard dt.isFinite, dt > 0 else {
      throw NeuralSDEError.invalidTimeStep(dt: dt, reason: "Δt must be finite and > 0")
    }
    guard intervals >= 1 else {
      throw NeuralSDEError.invalidConfiguration(
        parameter: "intervals", value: "\(intervals)", expected: "at least 1 interval")
    }
    let D = configuration.stateDimension
    let count = initialStates.count / D
    let stepper = flow.makeStepper()
    let schedule = flow.schedule(dt: dt, intervals: intervals)
    var out = [Double](repeating: 0, count: count * (intervals + 1) * D)
    var offset = 0
    _ = try mapStates(initialStates, outputPerState: D) { z0 in
      let rows = z0.shape[0]
      func store(_ j: Int, _ y: Tensor) {
        y.withUnsafeBufferPointer { p in
          for b in 0..<rows {
            for i in 0..<D { out[((b + offset) * (intervals + 1) + j) * D + i] = Double(p[b * D + i]) }
          }
        }
      }
      store(0, z0)
      let end = try flowTensor(z0, dt: dt, stepper: stepper, schedule: schedule) { j, y in store(j + 1, y) }
      offset += rows
      return end
    }
    return out
  }

  /// The flow of the drift from `z0` (`[batch, D]`) over the schedule's intervals, calling
  /// `observe(j, Z)` at each observation time `(j + 1)·Δt`; returns the final state. Recorded
  /// when a tape is recording (the reconstruction and flow losses differentiate through it).
  func flowTensor(
    _ z0: Tensor, dt: Double, stepper: ExplicitRungeKutta<Tensor>, schedule: FixedStepSchedule,
    observe: (Int, Tensor) throws -> Void = { _, _ in }
  ) throws -> Tensor {
    var y = z0
    var scratch = z0
    try stepper.integrate(
      { _, state, k in k = try self.drift(state) }, schedule: schedule, y: &y, scratch: &scratch
    ) { _, _, state, _, saveIndex in
      if let j = saveIndex { try observe(j, state) }
    }
    return y
  }
}
