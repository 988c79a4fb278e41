/// Adam (Kingma & Ba 2015, "Adam: A Method for Stochastic Optimization", arXiv:1412.6980):
///
///     m ← β₁m + (1 − β₁)g,   v ← β₂v + (1 − β₂)g²,
///     θ ← θ − η(t) · (m/(1 − β₁ᵗ)) / (√(v/(1 − β₂ᵗ)) + ε)
///
/// Defaults as Keras: η = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 1e-7; optional learning-rate decay.
/// State per parameter: `"m"` and `"v"`, zero before the first step; the step count `t` is shared.
/// - Complexity: one fused pass over each parameter per step; no allocation after the first step.
public final class Adam: Optimizer {
  /// η₀, `> 0`.
  public var learningRate: Float
  /// β₁ ∈ [0, 1).
  public let beta1: Float
  /// β₂ ∈ [0, 1).
  public let beta2: Float
  /// ε > 0.
  public let epsilon: Float
  /// The learning-rate schedule.
  public let decay: LearningRateDecay
  /// Steps taken, `t`.
  public var stepCount = 0
  private var table = _SlotTable(names: ["m", "v"])

  /// Creates the optimizer.
  ///
  /// - Throws: ``NeuralError/invalidArgument(operation:reason:)`` when a hyper-parameter is out of
  ///   its range.
  public init(
    learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7,
    decay: LearningRateDecay = .none
  ) throws {
    guard learningRate > 0, learningRate.isFinite else {
      throw NeuralError.invalidArgument(operation: "Adam", reason: "learningRate must be > 0, got \(learningRate)")
    }
    guard beta1 >= 0 && beta1 < 1, beta2 >= 0 && beta2 < 1 else {
      throw NeuralError.invalidArgument(
        operation: "Adam", reason: "beta1 and beta2 must be in [0, 1), got \(beta1), \(beta2)")
    }
    guard epsilon > 0 else {
      throw NeuralError.invalidArgument(operation: "Adam", reason: "epsilon must be > 0, got \(epsilon)")
    }
    try decay.validate(in: "Adam")
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.decay = decay
  }

  /// One update of every parameter with a gradient; clears the gradients.
  public func step(_ parameters: [Parameter]) {
    stepCount += 1
    let t = Float(stepCount)
    let lr = decay.rate(base: learningRate, step: stepCount)
    let b1 = beta1
    let b2 = beta2
    let eps = epsilon
    let c1 = 1 / (1 - Foundation.pow(b1, t))
    let c2 = 1 / (1 - Foundation.pow(b2, t))
    for p in parameters {
      guard let g = p.gradient else { continue }
      p.gradient = nil
      let s = table.state(for: p)
      s.slots[0].makeUnique()
      s.slots[1].makeUnique()
      let m = s.slots[0].pointer
      let v = s.slots[1].pointer
      let gp = g.pointer
      p.updateInPlace { w, count in
        // SIMD8 blocks (the compiler does not vectorise this four-stream loop by itself), then a
        // scalar tail with the same arithmetic; chunks of 32 Ki elements run on the BLAS threads.
        _parallelChunks(count: count, grain: 1 << 15) { lo, n in
          var i = lo
          while i &+ 8 <= n {
            let gi = UnsafeRawPointer(gp + i).loadUnaligned(as: _V.self)
            let mi = b1 * UnsafeRawPointer(m + i).loadUnaligned(as: _V.self) + (1 - b1) * gi
            let vi = b2 * UnsafeRawPointer(v + i).loadUnaligned(as: _V.self) + (1 - b2) * gi * gi
            let wi = UnsafeRawPointer(w + i).loadUnaligned(as: _V.self)
            UnsafeMutableRawPointer(m + i).storeBytes(of: mi, as: _V.self)
            UnsafeMutableRawPointer(v + i).storeBytes(of: vi, as: _V.self)
            UnsafeMutableRawPointer(w + i).storeBytes(
              of: wi - lr * (mi * c1) / ((vi * c2).squareRoot() + eps), as: _V.self)
            i &+= 8
          }
          while i < n {
            let gi = gp[i]
            let mi = b1 * m[i] + (1 - b1) * gi
            let vi = b2 * v[i] + (1 - b2) * gi * gi
            m[i] = mi
            v[i] = vi
            w[i] -= lr * (mi * c1) / ((vi * c2).squareRoot() + eps)
            i &+= 1
          }
        }
      }
    }
  }

  /// `["m": m, "v": v]` (empty before the parameter's first update).
  public func stateTensors(for parameter: Parameter) -> [(name: String, tensor: Tensor)] {
    table.tensors(for: parameter)
  }

  /// Replaces `m` and `v` of `parameter`.
  public func setStateTensors(_ state: [(name: String, tensor: Tensor)], for parameter: Parameter)
    throws
  {
    try table.set(state, for: parameter, in: "Adam")
  }
}

import Foundation
