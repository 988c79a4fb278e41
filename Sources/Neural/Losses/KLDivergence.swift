import Foundation

/// KL divergence of the diagonal Gaussian `N(μ, σ²)` from the standard normal, `KL(N(μ, σ²) ‖ N(0, I))`,
/// parameterised by `s = ln σ` (the VAE latent term):
///
///     ℓᵢ = ½·(μᵢ² + e^{2sᵢ}) − sᵢ − ½
///
/// Gradients: `∂ℓ/∂μ = μ`, `∂ℓ/∂s = e^{2s} − 1`. Use `reduction: .batchMean` for the usual VAE
/// term (sum over latent dimensions, mean over the batch).
///
/// - Parameters:
///   - mean: `μ`, any shape (usually `[batch, latent]`).
///   - logStandardDeviation: `s`, the same shape.
///   - reduction: default `.mean` over all elements.
/// - Returns: a scalar (shape `[]`), ≥ 0.
/// - Throws: ``NeuralError/shapeMismatch(operation:expected:actual:)`` when the shapes differ.
/// - Complexity: O(count).
public func klDivergenceFromStandardNormal(
  mean: Tensor, logStandardDeviation: Tensor, reduction: LossReduction = .mean
) throws -> Tensor {
  try _requireSameShapes(
    "klDivergenceFromStandardNormal(mean:logStandardDeviation:)",
    [("mean", mean), ("logStandardDeviation", logStandardDeviation)])
  let n = mean.count
  let mu = mean.pointer
  let ls = logStandardDeviation.pointer
  var total = 0.0
  for i in 0..<n {
    total += Double(0.5 * (mu[i] * mu[i] + Foundation.exp(2 * ls[i])) - ls[i] - 0.5)
  }
  let mv = mean.detached
  let sv = logStandardDeviation.detached
  return _recordLoss(
    total: total, scale: reduction.scale(for: mean.shape, count: n),
    inputs: [mean, logStandardDeviation]
  ) { s, grads in
    if let dm = grads[0] { _map(mv.pointer, dm, n) { s * $0 } }
    if let ds = grads[1] { _map(sv.pointer, ds, n) { s * (Foundation.exp(2 * $0) - 1) } }
  }
}

/// KL divergence between two diagonal Gaussians, `KL(N(μ₁, σ₁²) ‖ N(μ₂, σ₂²))`, parameterised by
/// `sₖ = ln σₖ`:
///
///     ℓᵢ = s₂ − s₁ + (e^{2s₁} + (μ₁ − μ₂)²)·e^{−2s₂}/2 − ½
///
/// Gradients: `∂ℓ/∂μ₁ = (μ₁ − μ₂)e^{−2s₂} = −∂ℓ/∂μ₂`, `∂ℓ/∂s₁ = e^{2(s₁−s₂)} − 1`,
/// `∂ℓ/∂s₂ = 1 − (e^{2s₁} + (μ₁ − μ₂)²)e^{−2s₂}`.
///
/// - Parameters: four tensors of one shape.
/// - Returns: a scalar (shape `[]`), ≥ 0, zero exactly when the distributions agree.
/// - Throws: ``NeuralError/shapeMismatch(operation:expected:actual:)`` when the shapes differ.
/// - Complexity: O(count).
public func klDivergence(
  mean1: Tensor, logStandardDeviation1: Tensor, mean2: Tensor, logStandardDeviation2: Tensor,
  reduction: LossReduction = .mean
) throws -> Tensor {
  try _requireSameShapes(
    "klDivergence(mean1:logStandardDeviation1:mean2:logStandardDeviation2:)",
    [
      ("mean1", mean1), ("logStandardDeviation1", logStandardDeviation1), ("mean2", mean2),
      ("logStandardDeviation2", logStandardDeviation2),
    ])
  let n = mean1.count
  let m1 = mean1.detached
  let s1 = logStandardDeviation1.detached
  let m2 = mean2.detached
  let s2 = logStandardDeviation2.detached
  var total = 0.0
  do {
    let a = m1.pointer
    let b = s1.pointer
    let c = m2.pointer
    let d = s2.pointer
    for i in 0..<n {
      let dm = a[i] - c[i]
      let term = d[i] - b[i] + (Foundation.exp(2 * b[i]) + dm * dm) * Foundation.exp(-2 * d[i]) / 2 - 0.5
      total += Double(term)
    }
  }
  return _recordLoss(
    total: total, scale: reduction.scale(for: mean1.shape, count: n),
    inputs: [mean1, logStandardDeviation1, mean2, logStandardDeviation2]
  ) { s, grads in
    let a = m1.pointer
    let b = s1.pointer
    let c = m2.pointer
    let d = s2.pointer
    for i in 0..<n {
      let dm = a[i] - c[i]
      let inv = Foundation.exp(-2 * d[i])
      let e1 = Foundation.exp(2 * b[i])
      grads[0]?[i] = s * dm * inv
      grads[1]?[i] = s * (e1 * inv - 1)
      grads[2]?[i] = -s * dm * inv
      grads[3]?[i] = s * (1 - (e1 + dm * dm) * inv)
    }
  }
}
