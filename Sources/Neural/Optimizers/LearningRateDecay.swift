import Foundation

/// A learning-rate schedule `η(t)` over optimizer steps `t = 1, 2, …`.
public enum LearningRateDecay: Sendable, Equatable {
  /// `η(t) = η₀`.
  case none
  /// `η(t) = η₀ / (1 + rate·t)` (Keras' legacy `decay`), `rate ≥ 0`.
  case inverseTime(rate: Float)
  /// `η(t) = η₀ · rate^(t/steps)`, `rate ∈ (0, 1]`, `steps ≥ 1`.
  case exponential(rate: Float, steps: Int)

  /// The learning rate at step `t` for base rate `base`.
  public func rate(base: Float, step t: Int) -> Float {
    switch self {
    case .none: return base
    case .inverseTime(let r): return base / (1 + r * Float(t))
    case .exponential(let r, let steps): return base * Foundation.pow(r, Float(t) / Float(max(steps, 1)))
    }
  }

  /// Throws unless the schedule's parameters are in range.
  func validate(in operation: String) throws {
    switch self {
    case .none: return
    case .inverseTime(let r):
      guard r >= 0, r.isFinite else {
        throw NeuralError.invalidArgument(operation: operation, reason: "decay rate must be ≥ 0, got \(r)")
      }
    case .exponential(let r, let steps):
      guard r > 0, r <= 1, steps >= 1 else {
        throw NeuralError.invalidArgument(
          operation: operation,
          reason: "exponential decay needs rate in (0, 1] and steps ≥ 1, got \(r), \(steps)")
      }
    }
  }
}
