/// Stochastic gradient descent with momentum (Keras' and Sutskever et al. 2013's form):
///
///     v ← μ·v − η(t)·g,   θ ← θ + v        (μ = 0: θ ← θ − η·g)
///
/// State per parameter: the velocity `v` (named `"velocity"`), zero before the first step.
/// - Complexity: one pass over each parameter per step; no allocation after the first step.
public final class SGD: Optimizer {
  /// η₀, `> 0`.
  public var learningRate: Float
  /// μ, in `[0, 1)`; default 0.
  public let momentum: Float
  /// The learning-rate schedule; default none.
  public let decay: LearningRateDecay
  /// Steps taken.
  public var stepCount = 0
  private var table = _SlotTable(names: ["velocity"])

  /// Creates the optimizer.
  ///
  /// - Throws: ``NeuralError/invalidArgument(operation:reason:)`` when `learningRate ≤ 0`,
  ///   `momentum ∉ [0, 1)` or the decay's parameters are out of range.
  public init(learningRate: Float, momentum: Float = 0, decay: LearningRateDecay = .none) throws {
    guard learningRate > 0, learningRate.isFinite else {
      throw NeuralError.invalidArgument(operation: "SGD", reason: "learningRate must be > 0, got \(learningRate)")
    }
    guard momentum >= 0 && momentum < 1 else {
      throw NeuralError.invalidArgument(operation: "SGD", reason: "momentum must be in [0, 1), got \(momentum)")
    }
    try decay.validate(in: "SGD")
    self.learningRate = learningRate
    self.momentum = momentum
    self.decay = decay
  }

  /// One update of every parameter with a gradient; clears the gradients.
  public func step(_ parameters: [Parameter]) {
    stepCount += 1
    let lr = decay.rate(base: learningRate, step: stepCount)
    let mu = momentum
    for p in parameters {
      guard let g = p.gradient else { continue }
      p.gradient = nil
      let gp = g.pointer
      if mu == 0 {
        p.updateInPlace { w, n in _axpy(-lr, gp, w, n) }
        continue
      }
      let s = table.state(for: p)
      s.slots[0].makeUnique()
      let v = s.slots[0].pointer
      p.updateInPlace { w, n in
        var i = 0
        while i < n {
          let vi = mu * v[i] - lr * gp[i]
          v[i] = vi
          w[i] += vi
          i &+= 1
        }
      }
    }
  }

  /// `["velocity": v]` (empty before the first update with momentum).
  public func stateTensors(for parameter: Parameter) -> [(name: String, tensor: Tensor)] {
    table.tensors(for: parameter)
  }

  /// Replaces the velocity of `parameter`.
  public func setStateTensors(_ state: [(name: String, tensor: Tensor)], for parameter: Parameter)
    throws
  {
    try table.set(state, for: parameter, in: "SGD")
  }
}
