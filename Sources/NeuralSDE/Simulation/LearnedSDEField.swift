import Neural

/// A frozen, thread-safe snapshot of a ``NeuralSDEModel`` in `Double`: the learned drift and
/// diffusion as plain functions of the state, for simulators.
///
/// `dZ = μ̂(Z) dt + σ̂(Z) dW` with `Z ∈ R^D`, `W ∈ Rⁿ`. ``drift(_:into:)`` writes `D` values and
/// ``diffusion(_:into:)`` writes the `D × n` matrix row-major (`σ[i·n + j]`, the layout of DiffEq's
/// general noise). Evaluation allocates nothing (scratch lives on the stack) and reads only
/// immutable weights, so one value can serve every thread of an ensemble.
///
/// This is the adapter boundary to DiffEq's SDE solvers: the conformance to DiffEq's vector-field
/// protocol calls these two functions lane by lane.
public struct LearnedSDEField: Sendable {
  /// `D = M·d`.
  public let stateDimension: Int
  /// `n`.
  public let noiseDimension: Int
  let observedDimension: Int
  let isStructured: Bool
  let driftStack: _DenseStack
  let diffusionStack: _DenseStack

  /// Copies the model's current parameters.
  public init(_ model: NeuralSDEModel) {
    let c = model.configuration
    stateDimension = c.stateDimension
    noiseDimension = c.noiseDimension
    observedDimension = c.observedDimension
    isStructured = c.isStructured
    driftStack = _DenseStack(model.driftLayers)
    diffusionStack = _DenseStack(model.diffusionLayers)
  }

  /// Writes `μ̂(x)` (`D` values) into `mu`. `x` has `D` values.
  ///
  /// - Complexity: one network evaluation, `O(Σ wᵢwᵢ₊₁)`, no allocation.
  public func drift(_ x: UnsafePointer<Double>, into mu: UnsafeMutablePointer<Double>) {
    let D = stateDimension
    let d = observedDimension
    withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * driftStack.maxWidth) { scratch in
      guard let s = scratch.baseAddress else { return }
      if isStructured {
        for i in 0..<(D - d) { mu[i] = x[i + d] }
        driftStack.evaluate(x, into: mu + (D - d), scratch: s)
      } else {
        driftStack.evaluate(x, into: mu, scratch: s)
      }
    }
  }

  /// Writes `σ̂(x)` (`D × n`, row-major) into `sigma`. `x` has `D` values.
  ///
  /// - Complexity: one network evaluation, no allocation.
  public func diffusion(_ x: UnsafePointer<Double>, into sigma: UnsafeMutablePointer<Double>) {
    let D = stateDimension
    let n = noiseDimension
    let d = observedDimension
    withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * diffusionStack.maxWidth) { scratch in
      guard let s = scratch.baseAddress else { return }
      if isStructured {
        for i in 0..<((D - d) * n) { sigma[i] = 0 }
        diffusionStack.evaluate(x, into: sigma + (D - d) * n, scratch: s)
      } else {
        diffusionStack.evaluate(x, into: sigma, scratch: s)
      }
    }
  }

  /// `μ̂(x)` for one state given as an array (a convenience for evaluation, not for loops).
  ///
  /// - Throws: ``NeuralSDEError/dimensionMismatch(what:expected:actual:)`` unless `x` has `D`
  ///   values.
  public func drift(at x: [Double]) throws -> [Double] {
    try check(x)
    var out = [Double](repeating: 0, count: stateDimension)
    x.withUnsafeBufferPointer { xp in
      out.withUnsafeMutableBufferPointer { o in
        if let a = xp.baseAddress, let b = o.baseAddress { drift(a, into: b) }
      }
    }
    return out
  }

  /// `σ̂(x)` (`D × n`, row-major) for one state given as an array.
  ///
  /// - Throws: ``NeuralSDEError/dimensionMismatch(what:expected:actual:)`` unless `x` has `D`
  ///   values.
  public func diffusion(at x: [Double]) throws -> [Double] {
    try check(x)
    var out = [Double](repeating: 0, count: stateDimension * noiseDimension)
    x.withUnsafeBufferPointer { xp in
      out.withUnsafeMutableBufferPointer { o in
        if let a = xp.baseAddress, let b = o.baseAddress { diffusion(a, into: b) }
      }
    }
    return out
  }

  private func check(_ x: [Double]) throws {
    guard x.count == stateDimension else {
      throw NeuralSDEError.dimensionMismatch(what: "state", expected: stateDimension, actual: x.count)
    }
  }
}
