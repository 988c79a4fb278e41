/// How a loss combines its per-element terms `ℓᵢ` into one scalar.
public enum LossReduction: Sendable, Equatable {
  /// `(1/n)·Σᵢ ℓᵢ` over all `n` elements (Keras' and PyTorch's default).
  case mean
  /// `Σᵢ ℓᵢ`.
  case sum
  /// `(1/B)·Σᵢ ℓᵢ` with `B = shape[0]`, the batch size: the per-example sum averaged over the
  /// batch (the usual VAE reconstruction and KL terms).
  case batchMean

  /// The factor applied to `Σᵢ ℓᵢ`.
  func scale(for shape: [Int], count: Int) -> Float {
    switch self {
    case .mean: return 1 / Float(max(count, 1))
    case .sum: return 1
    case .batchMean: return 1 / Float(max(shape.first ?? 1, 1))
    }
  }
}
