/// Squared error, `ℓᵢ = (pᵢ − tᵢ)²`, reduced by `reduction` (default: the mean, i.e. MSE).
///
/// Gradients: `∂ℓ/∂p = 2(p − t)`, `∂ℓ/∂t = −2(p − t)`.
///
/// - Parameters:
///   - predictions: any shape.
///   - targets: the same shape.
/// - Returns: a scalar (shape `[]`).
/// - Throws: ``NeuralError/shapeMismatch(operation:expected:actual:)`` when the shapes differ.
/// - Complexity: O(count).
public func meanSquaredError(
  predictions: Tensor, targets: Tensor, reduction: LossReduction = .mean
) throws -> Tensor {
  try _requireSameShapes(
    "meanSquaredError(predictions:targets:)", [("predictions", predictions), ("targets", targets)])
  let n = predictions.count
  let p = predictions.pointer
  let t = targets.pointer
  var total = 0.0
  for i in 0..<n {
    let d = p[i] - t[i]
    total += Double(d * d)
  }
  let pv = predictions.detached
  let tv = targets.detached
  return _recordLoss(
    total: total, scale: reduction.scale(for: predictions.shape, count: n),
    inputs: [predictions, targets]
  ) { s, grads in
    if let dp = grads[0] { _zip(pv.pointer, tv.pointer, dp, n) { 2 * s * ($0 - $1) } }
    if let dt = grads[1] { _zip(pv.pointer, tv.pointer, dt, n) { 2 * s * ($1 - $0) } }
  }
}
