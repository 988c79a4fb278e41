import DiffEq
import Neural

/// A frozen, thread-safe snapshot of a ``NeuralSDEModel`` in `Double`, usable as a DiffEq SDE:
/// `dZ = μ̂(Z) dt + σ̂(Z) dW`, `Z ∈ R^D`, `W ∈ Rⁿ`, general noise (`σ̂` is `D × n`, row-major).
///
/// Simulate new paths with DiffEq's solvers and ensembles:
/// ```swift
/// let field = LearnedSDEField(result.model)
/// let problem = try SDEProblem(field, x0: [0, 1], t0: 0, t1: 10)
/// let ensemble = try SDEEnsemble(problem: problem, method: EulerMaruyama(), dt: 0.01,
///                                saveTimes: times, seed: 7)
/// let paths = try ensemble.paths(count: 1000)
/// ```
///
/// The networks' weights are copied to `Double` when the snapshot is taken; evaluation runs the
/// dense layers on DiffEq lane vectors (16 paths at once in ensembles, `tanh` per lane), allocates
/// nothing and reads only immutable weights, so one value serves every thread. Results equal the
/// `Float32` tensor model to about 1e-6 relative (the weights are the same numbers).
public struct LearnedSDEField: SDEVectorField {
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

  /// Writes `μ̂(x)` into `mu` (`D` values) for every lane.
  ///
  /// - Complexity: one network evaluation per lane vector, `O(Σ wᵢwᵢ₊₁)`; no allocation.
  public func drift<L: LaneVector>(t: Double, x: LaneValues<L>, into mu: LaneBuffer<L>) {
    evaluate(driftStack, x: x, into: mu, outputs: isStructured ? observedDimension : stateDimension, isDrift: true)
  }

  /// Writes `σ̂(x)` into `sigma` (`D × n` row-major) for every lane.
  ///
  /// - Complexity: one network evaluation per lane vector; no allocation.
  public func diffusion<L: LaneVector>(t: Double, x: LaneValues<L>, into sigma: LaneBuffer<L>) {
    let n = noiseDimension
    evaluate(
      diffusionStack, x: x, into: sigma, outputs: (isStructured ? observedDimension : stateDimension) * n,
      isDrift: false)
  }

  /// Evaluates `stack` on `x` and writes its `outputs` values into the last `outputs` entries of
  /// `out`, the leading entries being the structured rows (the next rows of `x` for the drift,
  /// zeros for the diffusion).
  @inline(__always)
  func evaluate<L: LaneVector>(
    _ stack: _DenseStack, x: LaneValues<L>, into out: LaneBuffer<L>, outputs: Int, isDrift: Bool
  ) {
    let D = stateDimension
    let d = observedDimension
    let lead = out.count - outputs
    withUnsafeTemporaryAllocation(of: L.self, capacity: D + outputs + 2 * stack.maxWidth) { buffer in
      guard let base = buffer.baseAddress else { return }
      for i in 0..<D { (base + i).initialize(to: x[i]) }
      (base + D).initialize(repeating: L(repeating: 0), count: outputs + 2 * stack.maxWidth)
      stack.evaluate(base, into: base + D, scratch: base + D + outputs)
      for i in 0..<lead { out[i] = isDrift ? x[i + d] : L(repeating: 0) }
      for i in 0..<outputs { out[lead + i] = base[D + i] }
      base.deinitialize(count: D + outputs + 2 * stack.maxWidth)
    }
  }

  /// `μ̂(x)` for one state given as an array (a convenience for evaluation, not for loops).
  ///
  /// - Throws: ``NeuralSDEError/dimensionMismatch(what:expected:actual:)`` unless `x` has `D`
  ///   values.
  public func drift(at x: [Double]) throws -> [Double] {
    try values(at: x, count: stateDimension) { drift(t: 0, x: $0, into: $1) }
  }

  /// `σ̂(x)` (`D × n`, row-major) for one state given as an array.
  ///
  /// - Throws: ``NeuralSDEError/dimensionMismatch(what:expected:actual:)`` unless `x` has `D`
  ///   values.
  public func diffusion(at x: [Double]) throws -> [Double] {
    try values(at: x, count: stateDimension * noiseDimension) { diffusion(t: 0, x: $0, into: $1) }
  }

  private func values(
    at x: [Double], count: Int, _ body: (LaneValues<Double>, LaneBuffer<Double>) -> Void
  ) throws -> [Double] {
    guard x.count == stateDimension else {
      throw NeuralSDEError.dimensionMismatch(what: "state", expected: stateDimension, actual: x.count)
    }
    var out = [Double](repeating: 0, count: count)
    x.withUnsafeBufferPointer { xp in
      out.withUnsafeMutableBufferPointer { o in
        if let a = xp.baseAddress, let b = o.baseAddress {
          body(LaneValues(a, count: stateDimension), LaneBuffer(b, count: count))
        }
      }
    }
    return out
  }
}
