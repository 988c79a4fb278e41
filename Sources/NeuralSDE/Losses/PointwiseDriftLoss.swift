import DiffEq
import Neural

/// The pointwise drift loss `L_lp` of one minibatch of transitions, recorded for backpropagation.
///
/// ```
/// L_lp = (1/N) Σₖ ‖(Φ_μ^{Δt}(Zₖ) − Zₖ₊₁)/Δt‖²      (norm .squared; ‖·‖ for .euclidean)
/// ```
/// `Φ_μ^{Δt}` is the flow of the model's drift over one interval by `flow` (DiffEq's explicit RK
/// stepper on tensors). With ``FlowIntegrator/euler`` this is the naive
/// `(1/N) Σ ‖μ(Zₖ) − (Zₖ₊₁ − Zₖ)/Δt‖²`, whose minimiser for a linear SDE `dZ = AZ dt + …` is
/// `(e^{AΔt} − I)/Δt`, not `A`; RK4 with `s` sub-steps reduces the bias to `O((Δt/s)⁴)`.
///
/// - Parameters:
///   - model: the model (its drift is differentiated).
///   - states: `Zₖ`, `[N, D]`.
///   - next: `Zₖ₊₁`, `[N, D]`.
///   - dt: the observation step `Δt > 0`.
///   - flow: the integrator (default RK4 × 2).
///   - norm: squared (default) or Euclidean norm per transition.
/// - Returns: a scalar tensor.
/// - Throws: ``NeuralSDEError/empty(what:)`` for `N = 0`,
///   ``NeuralSDEError/dimensionMismatch(what:expected:actual:)`` for shapes that do not match,
///   ``NeuralSDEError/invalidTimeStep(dt:reason:)`` for a bad `Δt`.
/// - Complexity: `substeps · s` drift evaluations on `N` states (and twice that backward).
public func pointwiseDriftLoss(
  model: NeuralSDEModel, states: Tensor, next: Tensor, dt: Double,
  flow: FlowIntegrator = .rungeKutta4(substeps: 2), norm: LossNorm = .squared
) throws -> Tensor {
  try _checkTransitionBatch(model: model, states: states, next: next, dt: dt)
  return try _pointwiseDriftLoss(
    model: model, states: states, next: next, dt: dt, stepper: flow.makeStepper(),
    schedule: flow.schedule(dt: dt, intervals: 1), norm: norm)
}

/// `L_lp` with a reusable stepper and schedule (the training loop's form).
func _pointwiseDriftLoss(
  model: NeuralSDEModel, states: Tensor, next: Tensor, dt: Double,
  stepper: ExplicitRungeKutta<Tensor>, schedule: FixedStepSchedule, norm: LossNorm
) throws -> Tensor {
  let end = try model.flowTensor(states, dt: dt, stepper: stepper, schedule: schedule)
  return try norm.meanOverRows((end - next) * Float(1 / dt))
}

/// Validates a minibatch of transitions.
func _checkTransitionBatch(model: NeuralSDEModel, states: Tensor, next: Tensor, dt: Double) throws {
  guard dt.isFinite, dt > 0 else {
    throw NeuralSDEError.invalidTimeStep(dt: dt, reason: "Δt must be finite and > 0")
  }
  let D = model.configuration.stateDimension
  for (name, t) in [("states", states), ("next", next)] {
    guard t.rank == 2 else {
      throw NeuralSDEError.dimensionMismatch(what: "rank of \(name) ([N, D])", expected: 2, actual: t.rank)
    }
    guard t.shape[1] == D else {
      throw NeuralSDEError.dimensionMismatch(what: "columns of \(name) (D = M·d)", expected: D, actual: t.shape[1])
    }
  }
  guard states.shape[0] > 0 else { throw NeuralSDEError.empty(what: "the minibatch of transitions") }
  guard next.shape[0] == states.shape[0] else {
    throw NeuralSDEError.dimensionMismatch(
      what: "rows of next (one per state)", expected: states.shape[0], actual: next.shape[0])
  }
}
