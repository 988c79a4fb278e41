import Foundation

/// Negative log-likelihood of targets under `N(μ, σ²)` with a learned log-variance `v = ln σ²`:
///
///     ℓᵢ = ½·(ln 2π + vᵢ + (tᵢ − μᵢ)²·e^{−vᵢ})
///
/// Gradients: `∂ℓ/∂μ = (μ − t)·e^{−v}`, `∂ℓ/∂v = ½·(1 − (t − μ)²·e^{−v})`, `∂ℓ/∂t = −∂ℓ/∂μ`.
///
/// - Parameters:
///   - mean: `μ`, any shape.
///   - logVariance: `v`, the same shape (any real; `σ² = eᵛ`).
///   - targets: `t`, the same shape.
///   - reduction: default `.mean` over all elements.
/// - Returns: a scalar (shape `[]`).
/// - Throws: ``NeuralError/shapeMismatch(operation:expected:actual:)`` when the shapes differ.
/// - Complexity: O(count).
public func gaussianNegativeLogLikelihood(
  mean: Tensor, logVariance: Tensor, targets: Tensor, reduction: LossReduction = .mean
) throws -> Tensor {
  try _requireSameShapes(
    "gaussianNegativeLogLikelihood(mean:logVariance:targets:)",
    [("mean", mean), ("logVariance", logVariance), ("targets", targets)])
  let n = mean.count
  let mu = mean.pointer
  let v = logVariance.pointer
  let t = targets.pointer
  let log2pi = Foundation.log(2 * Double.pi)
  var total = 0.0
  for i in 0..<n {
    let d = t[i] - mu[i]
    total += 0.5 * (log2pi + Double(v[i]) + Double(d * d * Foundation.exp(-v[i])))
  }
  let mv = mean.detached
  let vv = logVariance.detached
  let tv = targets.detached
  return _recordLoss(
    total: total, scale: reduction.scale(for: mean.shape, count: n),
    inputs: [mean, logVariance, targets]
  ) { s, grads in
    let mu = mv.pointer
    let v = vv.pointer
    let t = tv.pointer
    if let dm = grads[0] { _zip3(mu, v, t, dm, n) { s * ($0 - $2) * Foundation.exp(-$1) } }
    if let dv = grads[1] {
      _zip3(mu, v, t, dv, n) { m, vi, ti in
        let d = ti - m
        return 0.5 * s * (1 - d * d * Foundation.exp(-vi))
      }
    }
    if let dt = grads[2] { _zip3(mu, v, t, dt, n) { s * ($2 - $0) * Foundation.exp(-$1) } }
  }
}
