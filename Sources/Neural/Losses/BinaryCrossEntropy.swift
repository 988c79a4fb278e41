import CBLAS
import Foundation

/// Binary cross-entropy of labels `y ∈ [0, 1]` given logits `x` (pre-sigmoid), computed stably:
///
///     ℓᵢ = max(xᵢ, 0) − xᵢ·yᵢ + ln(1 + e^{−|xᵢ|})   (= −y ln σ(x) − (1 − y) ln(1 − σ(x)))
///
/// Finite for every finite logit, unlike BCE of `sigmoid(x)`. Gradients: `∂ℓ/∂x = σ(x) − y`,
/// `∂ℓ/∂y = −x`. Prefer this to ``binaryCrossEntropy(probabilities:labels:epsilon:reduction:)``
/// for a sigmoid output layer: leave the layer's activation `.identity` and pass its output here.
///
/// - Parameters:
///   - logits: any shape.
///   - labels: the same shape, values in `[0, 1]`.
///   - reduction: default `.mean` over all elements.
/// - Returns: a scalar (shape `[]`).
/// - Throws: ``NeuralError/shapeMismatch(operation:expected:actual:)`` when the shapes differ.
/// - Complexity: O(count), one pass forward and one backward.
public func binaryCrossEntropy(
  logits: Tensor, labels: Tensor, reduction: LossReduction = .mean
) throws -> Tensor {
  try _requireSameShapes("binaryCrossEntropy(logits:labels:)", [("logits", logits), ("labels", labels)])
  let n = logits.count
  // Chunks of 16 Ki elements on the BLAS threads; partial sums combined in chunk order, so the
  // value does not depend on the thread count. One fused kernel (AVX-512 exp and log1p where
  // available) gives the value, and in the backward pass the gradient.
  let grain = 1 << 14
  let chunks = (n + grain - 1) / grain
  let partial = UnsafeMutablePointer<Double>.allocate(capacity: max(chunks, 1))
  defer { partial.deallocate() }
  let xp = logits.pointer
  let yp = labels.pointer
  _parallelChunks(count: n, grain: grain) { lo, hi in
    partial[lo / grain] = diffeq_bce_logits(xp + lo, yp + lo, hi - lo, nil, 0)
  }
  var total = 0.0
  for c in 0..<chunks { total += partial[c] }
  let lv = logits.detached
  let yv = labels.detached
  return _recordLoss(
    total: total, scale: reduction.scale(for: logits.shape, count: n), inputs: [logits, labels]
  ) { s, grads in
    let x = lv.pointer
    let y = yv.pointer
    if let dx = grads[0] {
      _parallelChunks(count: n, grain: grain) { lo, hi in
        _ = diffeq_bce_logits(x + lo, y + lo, hi - lo, dx + lo, s)
      }
    }
    if let dy = grads[1] { _map(x, dy, n) { -s * $0 } }
  }
}

/// Binary cross-entropy of labels `y ∈ [0, 1]` given probabilities `p`, clipped to `[ε, 1 − ε]`:
///
///     ℓᵢ = −yᵢ ln p̂ᵢ − (1 − yᵢ) ln(1 − p̂ᵢ),   p̂ᵢ = min(max(pᵢ, ε), 1 − ε)
///
/// Gradients: `∂ℓ/∂p = (p̂ − y)/(p̂(1 − p̂))` where `ε < p < 1 − ε` and 0 where clipped (Keras'
/// convention); `∂ℓ/∂y = ln(1 − p̂) − ln p̂`.
///
/// - Parameters:
///   - probabilities: any shape, values in `[0, 1]`.
///   - labels: the same shape.
///   - epsilon: the clip, in `(0, 0.5)`; default `1e-7` (Keras).
///   - reduction: default `.mean` over all elements.
/// - Returns: a scalar (shape `[]`).
/// - Throws: ``NeuralError/shapeMismatch(operation:expected:actual:)`` when the shapes differ,
///   ``NeuralError/invalidArgument(operation:reason:)`` for `epsilon` outside `(0, 0.5)`.
/// - Complexity: O(count).
public func binaryCrossEntropy(
  probabilities: Tensor, labels: Tensor, epsilon: Float = 1e-7, reduction: LossReduction = .mean
) throws -> Tensor {
  let name = "binaryCrossEntropy(probabilities:labels:)"
  try _requireSameShapes(name, [("probabilities", probabilities), ("labels", labels)])
  guard epsilon > 0 && epsilon < 0.5 else {
    throw NeuralError.invalidArgument(operation: name, reason: "epsilon must be in (0, 0.5), got \(epsilon)")
  }
  let n = probabilities.count
  let p = probabilities.pointer
  let y = labels.pointer
  let lo = epsilon
  let hi = 1 - epsilon
  var total = 0.0
  for i in 0..<n {
    let q = min(max(p[i], lo), hi)
    total -= Double(y[i] * Foundation.log(q) + (1 - y[i]) * Foundation.log(1 - q))
  }
  let pv = probabilities.detached
  let yv = labels.detached
  return _recordLoss(
    total: total, scale: reduction.scale(for: probabilities.shape, count: n),
    inputs: [probabilities, labels]
  ) { s, grads in
    let p = pv.pointer
    let y = yv.pointer
    if let dp = grads[0] {
      _zip(p, y, dp, n) { pi, yi in
        (pi > lo && pi < hi) ? s * (pi - yi) / (pi * (1 - pi)) : 0
      }
    }
    if let dy = grads[1] {
      _map(p, dy, n) { pi in
        let q = min(max(pi, lo), hi)
        return s * (Foundation.log(1 - q) - Foundation.log(q))
      }
    }
  }
}
