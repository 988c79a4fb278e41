/// Absolute error, `ℓᵢ = |pᵢ − tᵢ|`, reduced by `reduction` (default: the mean, i.e. MAE).
///
/// Gradients: `∂ℓ/∂p = sign(p − t)` (0 where equal), `∂ℓ/∂t = −sign(p − t)`.
///
/// - Parameters:
///   - predictions: any shape.
///   - targets: the same shape.
/// - Returns: a scalar (shape `[]`).
/// - Throws: ``NeuralError/shapeMismatch(operation:expected:actual:)`` when the shapes differ.
/// - Complexity: O(count).
public func meanAbsoluteError(
  predictions: Tensor, targets: Tensor, reduction: LossReduction = .mean
) throws -> Tensor {
  try _requireSameShapes(
    "meanAbsoluteError(predictions:targets:)", [("predictions", predictions), ("targets", targets)])
  let n = predictions.count
  let p = predictions.pointer
  let t = targets.pointer
  var total = 0.0
  for i in 0..<n { total += Double(Swift.abs(p[i] - t[i])) }
  let pv = predictions.detached
  let tv = targets.detached
  return _recordLoss(
    total: total, scale: reduction.scale(for: predictions.shape, count: n),
    inputs: [predictions, targets]
  ) { s, grads in
    let sign: (Float, Float) -> Float = { a, b in a > b ? s : (a < b ? -s : 0) }
    if let dp = grads[0] { _zip(pv.pointer, tv.pointer, dp, n, sign) }
    if let dt = grads[1] { _zip(tv.pointer, pv.pointer, dt, n, sign) }
  }
}
