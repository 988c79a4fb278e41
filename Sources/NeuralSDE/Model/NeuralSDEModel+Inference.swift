import Neural

// Inference on plain `Double` arrays (no tape): evaluation, grids, CSV/NPY output, simulation.

extension NeuralSDEModel {
  /// The drift at `N` states: `states` holds `N·D` values (state `i` at `[i·D, (i+1)·D)`); the
  /// result holds `μ(zᵢ)` in the same layout.
  ///
  /// - Throws: ``NeuralSDEError/dimensionMismatch(what:expected:actual:)`` when `states.count` is
  ///   not a multiple of `D`; ``NeuralSDEError/nonFiniteData(path:step:dimension:value:)`` (with
  ///   `path` the state index, `step` 0) for a non-finite value.
  /// - Complexity: `O(N)` network evaluations in batches of 16384 states.
  public func driftValues(at states: [Double]) throws -> [Double] {
    try mapStates(states, outputPerState: configuration.stateDimension) { try drift($0) }
  }

  /// The diffusion `σ(zᵢ)` at `N` states, `N·D·n` values (`σ[i][a][j]` at `(i·D + a)·n + j`).
  ///
  /// - Throws: as ``driftValues(at:)``.
  public func diffusionValues(at states: [Double]) throws -> [Double] {
    let D = configuration.stateDimension
    let n = configuration.noiseDimension
    return try mapStates(states, outputPerState: D * n) { try diffusion($0) }
  }

  /// The diffusion matrix `σσᵀ(zᵢ)` at `N` states, `N·D·D` values (row-major per state).
  ///
  /// `σσᵀ` is what the data identify (see the type's discussion).
  /// - Throws: as ``driftValues(at:)``.
  public func diffusionCovariance(at states: [Double]) throws -> [Double] {
    let D = configuration.stateDimension
    let n = configuration.noiseDimension
    let sigma = try diffusionValues(at: states)
    let count = sigma.count / (D * n)
    var out = [Double](repeating: 0, count: count * D * D)
    for i in 0..<count {
      let s = i * D * n
      for a in 0..<D {
        for b in 0..<D {
          var acc = 0.0
          for j in 0..<n { acc += sigma[s + a * n + j] * sigma[s + b * n + j] }
          out[(i * D + a) * D + b] = acc
        }
      }
    }
    return out
  }

  /// Runs `body` on batches of states converted to `Float`, without recording, and collects
  /// `outputPerState` values per state.
  func mapStates(
    _ states: [Double], outputPerState: Int, _ body: (Tensor) throws -> Tensor
  ) throws -> [Double] {
    let D = configuration.stateDimension
    guard states.count % D == 0 else {
      throw NeuralSDEError.dimensionMismatch(
        what: "number of state values (a multiple of D = M·d)", expected: (states.count / D + 1) * D,
        actual: states.count)
    }
    if let i = states.firstIndex(where: { !$0.isFinite }) {
      throw NeuralSDEError.nonFiniteData(path: i / D, step: 0, dimension: i % D, value: states[i])
    }
    let count = states.count / D
    var out = [Double](repeating: 0, count: count * outputPerState)
    let chunk = 16_384
    try Tape.withoutRecording {
      var start = 0
      while start < count {
        let rows = min(chunk, count - start)
        var x = try Tensor(zeros: [rows, D])
        x.withUnsafeMutableBufferPointer { p in
          for i in 0..<(rows * D) { p[i] = Float(states[start * D + i]) }
        }
        let y = try body(x)
        y.withUnsafeBufferPointer { p in
          for i in 0..<(rows * outputPerState) { out[start * outputPerState + i] = Double(p[i]) }
        }
        start += rows
      }
    }
    return out
  }
}
