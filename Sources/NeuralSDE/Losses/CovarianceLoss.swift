import Neural

/// The covariance loss `L_lcv` of one minibatch of transitions, recorded for backpropagation
/// through the diffusion network only.
///
/// ```
/// pointwise (default):  L_lcv = (1/N) Σₖ ‖C(Zₖ)/Δt − rₖrₖᵀ/Δt‖²_F
/// batch:                L_lcv = ‖A − B‖²_F,  A = (1/(NΔt)) Σₖ C(Zₖ),  B = (1/(NΔt)) Σₖ rₖrₖᵀ
/// ```
/// (`‖·‖_F` instead of its square for .euclidean),
/// where `C(Zₖ)` is the predicted covariance of one interval (`Δt·σσᵀ(Zₖ)` for
/// ``CovarianceQuadrature/oneStep``; the drift-propagated quadrature for
/// ``CovarianceQuadrature/propagated(substeps:)``) and `rₖ` the residual (or increment) of
/// `residual`. The drift enters `C` and `r` frozen (computed without the tape from its current
/// parameters): no gradient reaches the drift. `A` and `B` both estimate `σσᵀ`, so the loss is in
/// the units of `σσᵀ` (squared).
///
/// - Parameters:
///   - model: the model.
///   - states, next: `Zₖ` and `Zₖ₊₁`, `[N, D]` each.
///   - dt: `Δt > 0`.
///   - quadrature: default propagated over 2 sub-steps.
///   - residual: default ``CovarianceResidual/driftResidual``.
///   - matching: default ``CovarianceMatching/pointwise``.
///   - norm: default squared.
/// - Returns: a scalar tensor.
/// - Throws: as ``pointwiseDriftLoss(model:states:next:dt:flow:norm:)``, and
///   ``NeuralSDEError/invalidConfiguration(parameter:value:expected:)`` for a quadrature with
///   fewer than 1 sub-step.
/// - Complexity: `N·Q` diffusion evaluations; computing the frozen targets costs `4·substeps`
///   drift-and-tangent evaluations per transition for the propagated form.
public func covarianceLoss(
  model: NeuralSDEModel, states: Tensor, next: Tensor, dt: Double,
  quadrature: CovarianceQuadrature = .propagated(substeps: 2),
  residual: CovarianceResidual = .driftResidual, matching: CovarianceMatching = .pointwise,
  norm: LossNorm = .squared
) throws -> Tensor {
  try _checkTransitionBatch(model: model, states: states, next: next, dt: dt)
  try quadrature.validate()
  let targets = try _CovarianceTargets.compute(
    model: model, starts: states.scalars, ends: next.scalars, dt: dt, quadrature: quadrature,
    residual: residual)
  return try _covarianceLoss(
    model: model, batch: try targets.batch(0..<states.shape[0], matching: matching), norm: norm)
}
