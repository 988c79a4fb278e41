import Neural

/// How a loss turns residuals into a number.
public enum LossNorm: String, Sendable, Equatable, CaseIterable {
  /// The squared Euclidean (Frobenius) norm: `‖r‖²` per point (a mean squared error). Smooth at
  /// the optimum; the default.
  case squared
  /// The Euclidean (Frobenius) norm `‖r‖` itself (root-sum-square per point), as written in the
  /// original work. Its gradient has unit size near the optimum, so it needs the learning-rate
  /// decay to settle.
  case euclidean

  /// The mean over the batch of the norm of each row of `r` (`[batch, k]` → scalar).
  func meanOverRows(_ r: Tensor) throws -> Tensor {
    let rows = Float(max(1, r.shape[0]))
    switch self {
    case .squared: return square(r).sum() * (1 / rows)
    case .euclidean: return sqrt(try square(r).sum(alongAxes: [1]) + 1e-12).mean()
    }
  }

  /// The norm of a whole tensor (a matrix: its Frobenius norm, or its square).
  func ofTensor(_ r: Tensor) -> Tensor {
    switch self {
    case .squared: return square(r).sum()
    case .euclidean: return sqrt(square(r).sum() + 1e-12)
    }
  }
}
