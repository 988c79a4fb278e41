/// Where rows `1 … M−1` of the state `Z ∈ R^{M×d}` come from.
public enum DerivativeSource: String, Sendable, Equatable, CaseIterable {
  /// Built from the observations as forward differences,
  /// `z⁽ˡ⁾ₖ = (z⁽ˡ⁻¹⁾ₖ₊₁ − z⁽ˡ⁻¹⁾ₖ)/Δt`, `l = 1 … M−1`. Row `l` needs `l` later points, so each
  /// path of `K` observations yields `K − (M − 1)` states: **the last `M − 1` observations are
  /// lost.** The data hold `d` columns. Forward differences are first-order accurate: the
  /// derivative rows are those of the interval midpoints to `O(Δt)`, which biases a drift that
  /// depends on them by `O(Δt)` (use a small `Δt` for `M ≥ 2`).
  case empirical
  /// The data's columns already hold all `M` rows (`M·d` columns: `x₁ … x_d, x′₁ … x′_d, …`);
  /// no point is lost.
  case supplied
}

/// The states `Z` of every path at the observation times, as `Float`: `paths × length × D`.
struct _StateSeries {
  let pathCount: Int
  /// States per path (`K − (M−1)` for empirical derivatives, `K` when supplied).
  let length: Int
  let stateDimension: Int
  let dt: Double
  /// Row-major `(path, step, component)`.
  let states: [Float]

  /// Builds and validates the states from flat observations `paths × steps × dims`.
  ///
  /// - Throws: ``NeuralSDEError/invalidTimeStep(dt:reason:)``,
  ///   ``NeuralSDEError/dimensionMismatch(what:expected:actual:)``,
  ///   ``NeuralSDEError/tooFewSteps(steps:order:required:)``,
  ///   ``NeuralSDEError/nonFiniteData(path:step:dimension:value:)``,
  ///   ``NeuralSDEError/empty(what:)``.
  init(
    values: [Double], paths: Int, steps: Int, dims: Int, dt: Double,
    model: NeuralSDEModel.Configuration, derivatives: DerivativeSource
  ) throws {
    guard dt.isFinite, dt > 0 else {
      throw NeuralSDEError.invalidTimeStep(dt: dt, reason: "Δt must be finite and > 0")
    }
    guard paths >= 1 else { throw NeuralSDEError.empty(what: "the set of paths") }
    let M = model.order
    let d = model.observedDimension
    let D = model.stateDimension
    let expectedDims = derivatives == .empirical ? d : D
    guard dims == expectedDims else {
      throw NeuralSDEError.dimensionMismatch(
        what: derivatives == .empirical
          ? "state columns (observed dimension d; derivatives are built from them)"
          : "state columns (M·d: the supplied rows of Z)",
        expected: expectedDims, actual: dims)
    }
    guard values.count == paths * steps * dims else {
      throw NeuralSDEError.dimensionMismatch(
        what: "number of values (paths × steps × dims)", expected: paths * steps * dims,
        actual: values.count)
    }
    let lost = derivatives == .empirical ? M - 1 : 0
    guard steps - lost >= 2 else {
      throw NeuralSDEError.tooFewSteps(steps: steps, order: M, required: lost + 2)
    }
    for i in values.indices where !values[i].isFinite {
      let p = i / (steps * dims)
      let k = (i / dims) % steps
      throw NeuralSDEError.nonFiniteData(path: p, step: k, dimension: i % dims, value: values[i])
    }
    let length = steps - lost
    var out = [Float](repeating: 0, count: paths * length * D)
    var rows = [Double](repeating: 0, count: steps * D)
    for p in 0..<paths {
      let base = p * steps * dims
      if derivatives == .supplied {
        for i in 0..<(steps * D) { rows[i] = values[base + i] }
      } else {
        // Row 0: the observations; row l: forward differences of row l − 1 (valid for k < K − l).
        for k in 0..<steps {
          for j in 0..<d { rows[k * D + j] = values[base + k * d + j] }
        }
        if M >= 2 {
          for l in 1..<M {
            for k in 0..<(steps - l) {
              for j in 0..<d {
                let next = rows[(k + 1) * D + (l - 1) * d + j]
                let here = rows[k * D + (l - 1) * d + j]
                rows[k * D + l * d + j] = (next - here) / dt
              }
            }
          }
        }
      }
      for i in 0..<(length * D) { out[p * length * D + i] = Float(rows[i]) }
    }
    self.pathCount = paths
    self.length = length
    self.stateDimension = D
    self.dt = dt
    self.states = out
  }

  private init(pathCount: Int, length: Int, stateDimension: Int, dt: Double, states: [Float]) {
    self.pathCount = pathCount
    self.length = length
    self.stateDimension = stateDimension
    self.dt = dt
    self.states = states
  }

  /// The paths at `indices`, in that order.
  func selecting(paths indices: [Int]) -> _StateSeries {
    let block = length * stateDimension
    var out: [Float] = []
    out.reserveCapacity(indices.count * block)
    for p in indices { out += states[(p * block)..<((p + 1) * block)] }
    return _StateSeries(
      pathCount: indices.count, length: length, stateDimension: stateDimension, dt: dt, states: out)
  }

  /// The number of transitions `(Zₖ, Zₖ₊₁)`: `paths · (length − 1)`.
  var transitionCount: Int { pathCount * (length - 1) }

  /// The flat index of the state at the start of transition `i` (transitions are numbered path
  /// by path).
  @inline(__always)
  func startOfTransition(_ i: Int) -> Int {
    let p = i / (length - 1)
    return p * length + i % (length - 1)
  }

  /// All states as `Double`s (`paths · length · D`), for evaluation.
  var doubleStates: [Double] { states.map(Double.init) }
}
