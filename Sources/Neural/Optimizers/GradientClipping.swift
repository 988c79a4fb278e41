/// Scales all gradients together so that their global norm is at most `maxNorm`:
///
///     ‖g‖ = √(Σₚ Σᵢ gₚᵢ²),   g ← g · min(1, maxNorm/‖g‖)
///
/// Call between the backward pass and the optimizer step. Parameters without a gradient are
/// ignored. Returns the norm before clipping (useful to log).
///
/// - Throws: ``NeuralError/invalidArgument(operation:reason:)`` unless `maxNorm > 0`.
/// - Complexity: two passes over the gradients (one when no clipping is needed).
@discardableResult
public func clipGradients(_ parameters: [Parameter], maxNorm: Float) throws -> Float {
  guard maxNorm > 0 else {
    throw NeuralError.invalidArgument(operation: "clipGradients", reason: "maxNorm must be > 0, got \(maxNorm)")
  }
  var total = 0.0
  for p in parameters {
    guard let g = p.gradient else { continue }
    total += Double(_dot(g.pointer, g.pointer, g.count))
  }
  let norm = Float(total.squareRoot())
  if norm > maxNorm {
    let scale = maxNorm / norm
    for p in parameters {
      guard var g = p.gradient else { continue }
      p.gradient = nil
      g.makeUnique()
      _map(g.pointer, g.pointer, g.count) { $0 * scale }
      p.gradient = g
    }
  }
  return norm
}
