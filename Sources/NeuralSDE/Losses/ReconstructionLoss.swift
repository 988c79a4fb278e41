import DiffEq
import Neural

/// The latent reconstruction loss `L_lr` of a minibatch of windows, recorded for backpropagation
/// through every step of the reconstructor.
///
/// ```
/// L_lr = (1/(W·m)) Σ_w Σⱼ₌₁^m ‖R_{μ,j}(Z_{w,0}) − Z_{w,j}‖²      (‖·‖ for .euclidean)
/// ```
/// `R_{μ,j}(z)` is the noise-free flow of the drift from `z` after `j` intervals (by `flow`,
/// DiffEq's explicit RK stepper on tensors), so the gradient is that of the discrete
/// reconstructor itself.
///
/// - Parameters:
///   - model: the model.
///   - windowStarts: `Z_{w,0}`, `[W, D]`.
///   - targets: `Z_{w,1…m}`, `[W, m, D]`.
///   - dt: `Δt > 0`.
///   - flow: default RK4 × 2.
///   - norm: default squared.
/// - Returns: a scalar tensor.
/// - Throws: ``NeuralSDEError/empty(what:)`` for `W = 0` or `m = 0`,
///   ``NeuralSDEError/dimensionMismatch(what:expected:actual:)`` for shapes that do not match,
///   ``NeuralSDEError/invalidTimeStep(dt:reason:)``.
/// - Complexity: `m · substeps · s` drift evaluations on `W` states; the tape holds all of them.
public func reconstructionLoss(
  model: NeuralSDEModel, windowStarts: Tensor, targets: Tensor, dt: Double,
  flow: FlowIntegrator = .rungeKutta4(substeps: 2), norm: LossNorm = .squared
) throws -> Tensor {
  let D = model.configuration.stateDimension
  guard targets.rank == 3, targets.shape[2] == D else {
    throw NeuralSDEError.dimensionMismatch(
      what: "last dimension of the [W, m, D] reconstruction targets", expected: D,
      actual: targets.shape.last ?? 0)
  }
  let m = targets.shape[1]
  guard m >= 1 else { throw NeuralSDEError.empty(what: "the reconstruction window (m = 0)") }
  try _checkTransitionBatch(
    model: model, states: windowStarts, next: try targets.sliced(alongAxis: 1, range: 0..<1).reshaped(to: [-1, D]),
    dt: dt)
  let steps = try (0..<m).map { try targets.sliced(alongAxis: 1, range: $0..<($0 + 1)).reshaped(to: [-1, D]) }
  return try _reconstructionLoss(
    model: model, windowStarts: windowStarts, targets: steps, dt: dt, stepper: flow.makeStepper(),
    schedule: flow.schedule(dt: dt, intervals: m), norm: norm)
}

/// `L_lr` with per-time targets (`m` tensors `[W, D]`) and a reusable stepper and schedule.
func _reconstructionLoss(
  model: NeuralSDEModel, windowStarts: Tensor, targets: [Tensor], dt: Double,
  stepper: ExplicitRungeKutta<Tensor>, schedule: FixedStepSchedule, norm: LossNorm
) throws -> Tensor {
  var total: Tensor? = nil
  _ = try model.flowTensor(windowStarts, dt: dt, stepper: stepper, schedule: schedule) { j, y in
    let term = try norm.meanOverRows(y - targets[j])
    total = total.map { $0 + term } ?? term
  }
  guard let total else { throw NeuralSDEError.empty(what: "the reconstruction window") }
  return total * (1 / Float(targets.count))
}
