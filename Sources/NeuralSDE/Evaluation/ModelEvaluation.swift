/// Accuracy measures of a learned model against a known SDE, over the states the data visit.
///
/// Every function takes states as flat `Double` arrays (`N·D` values) and known functions as
/// in-place callbacks (`body(z, out)` writes into `out`; no allocation per state).
public enum ModelEvaluation {
  /// The relative L2 error of the learned drift over `N` states:
  /// ```
  /// e = √( Σᵢ ‖μ̂(zᵢ) − μ(zᵢ)‖² / Σᵢ ‖μ(zᵢ)‖² ).
  /// ```
  /// - Parameters:
  ///   - model: the learned model.
  ///   - states: `N·D` values (for example every observed state of every path).
  ///   - trueDrift: writes `μ(z)` (`D` values) for the state `z`.
  /// - Throws: the errors of ``NeuralSDEModel/driftValues(at:)``; ``NeuralSDEError/empty(what:)``
  ///   for no states or a zero true drift everywhere.
  public static func driftRelativeError(
    _ model: NeuralSDEModel, states: [Double],
    trueDrift: (_ z: UnsafeBufferPointer<Double>, _ mu: UnsafeMutableBufferPointer<Double>) -> Void
  ) throws -> Double {
    try relativeL2Error(
      learned: try model.driftValues(at: states), states: states,
      stateDimension: model.configuration.stateDimension,
      valuesPerState: model.configuration.stateDimension, truth: trueDrift, name: "drift")
  }

  /// `√( Σᵢ ‖learnedᵢ − truth(zᵢ)‖² / Σᵢ ‖truth(zᵢ)‖² )` over the `N = states.count / D` states,
  /// with `valuesPerState` values per state in `learned` and written by `truth`.
  static func relativeL2Error(
    learned: [Double], states: [Double], stateDimension D: Int, valuesPerState w: Int,
    truth: (_ z: UnsafeBufferPointer<Double>, _ out: UnsafeMutableBufferPointer<Double>) -> Void,
    name: String
  ) throws -> Double {
    guard !learned.isEmpty else { throw NeuralSDEError.empty(what: "the set of evaluation states") }
    var exact = [Double](repeating: 0, count: w)
    var num = 0.0
    var den = 0.0
    states.withUnsafeBufferPointer { z in
      exact.withUnsafeMutableBufferPointer { c in
        for i in 0..<(states.count / D) {
          truth(UnsafeBufferPointer(rebasing: z[(i * D)..<((i + 1) * D)]), c)
          for a in 0..<w {
            let e = learned[i * w + a] - c[a]
            num += e * e
            den += c[a] * c[a]
          }
        }
      }
    }
    guard den > 0 else { throw NeuralSDEError.empty(what: "the true \(name) (zero at every state)") }
    return (num / den).squareRoot()
  }

  /// The learned diffusion matrix averaged over `N` states, `(1/N) Σᵢ σ̂σ̂ᵀ(zᵢ)`, `D·D` values
  /// row-major.
  ///
  /// - Throws: the errors of ``NeuralSDEModel/diffusionCovariance(at:)``;
  ///   ``NeuralSDEError/empty(what:)`` for no states.
  public static func meanDiffusionCovariance(_ model: NeuralSDEModel, states: [Double]) throws -> [Double] {
    let D = model.configuration.stateDimension
    let all = try model.diffusionCovariance(at: states)
    let N = all.count / (D * D)
    guard N > 0 else { throw NeuralSDEError.empty(what: "the set of evaluation states") }
    var mean = [Double](repeating: 0, count: D * D)
    for i in 0..<N { for j in 0..<(D * D) { mean[j] += all[i * D * D + j] } }
    return mean.map { $0 / Double(N) }
  }

  /// The relative Frobenius error `‖X − Y‖_F / ‖Y‖_F` of an estimate `X` against a reference `Y`
  /// (any equal-length arrays, e.g. `D×D` matrices).
  ///
  /// - Throws: ``NeuralSDEError/dimensionMismatch(what:expected:actual:)`` for different
  ///   lengths; ``NeuralSDEError/empty(what:)`` for a zero reference.
  public static func relativeFrobeniusError(_ estimate: [Double], reference: [Double]) throws -> Double {
    guard estimate.count == reference.count else {
      throw NeuralSDEError.dimensionMismatch(
        what: "entries of the estimate", expected: reference.count, actual: estimate.count)
    }
    var num = 0.0
    var den = 0.0
    for (x, y) in zip(estimate, reference) {
      num += (x - y) * (x - y)
      den += y * y
    }
    guard den > 0 else { throw NeuralSDEError.empty(what: "the reference matrix (all zero)") }
    return (num / den).squareRoot()
  }

  /// The noise-free reconstruction `R_{μ,0}(z₀)` at `tⱼ = j·Δt`, `j = 0 … intervals`, and its
  /// largest absolute deviation from a known solution, `maxⱼ maxₐ |R_{μ,j}(z₀)ₐ − z(tⱼ)ₐ|`.
  ///
  /// - Parameters:
  ///   - model: the learned model.
  ///   - initialState: `z₀`, `D` values.
  ///   - intervals, dt: the observation grid.
  ///   - flow: the reconstructor's integrator (default RK4 × 4).
  ///   - solution: writes `z(t)` (`D` values) for time `t`.
  /// - Returns: the error and the reconstruction (`(intervals + 1)·D` values).
  /// - Throws: the errors of ``NeuralSDEModel/reconstruct(from:intervals:dt:flow:)``.
  public static func reconstructionError(
    _ model: NeuralSDEModel, from initialState: [Double], intervals: Int, dt: Double,
    flow: FlowIntegrator = .rungeKutta4(substeps: 4),
    solution: (_ t: Double, _ z: UnsafeMutableBufferPointer<Double>) -> Void
  ) throws -> (maxError: Double, reconstruction: [Double]) {
    let D = model.configuration.stateDimension
    guard initialState.count == D else {
      throw NeuralSDEError.dimensionMismatch(what: "initial state", expected: D, actual: initialState.count)
    }
    let path = try model.reconstruct(from: initialState, intervals: intervals, dt: dt, flow: flow)
    var z = [Double](repeating: 0, count: D)
    var worst = 0.0
    z.withUnsafeMutableBufferPointer { buffer in
      for j in 0...intervals {
        solution(Double(j) * dt, buffer)
        for a in 0..<D { worst = max(worst, abs(path[j * D + a] - buffer[a])) }
      }
    }
    return (worst, path)
  }

  /// The least-squares affine fit `μ̂(z) ≈ A z + b` of the learned drift over `N` states: `A` is
  /// `D×D` row-major, `b` has `D` values (for example the slope `−θ` of a learned
  /// Ornstein–Uhlenbeck drift).
  ///
  /// Solves the normal equations in `Double` with partial pivoting.
  /// - Throws: the errors of ``NeuralSDEModel/driftValues(at:)``; ``NeuralSDEError/empty(what:)``
  ///   when the states do not span `D` dimensions (singular normal equations).
  public static func affineDriftFit(_ model: NeuralSDEModel, states: [Double]) throws -> (A: [Double], b: [Double]) {
    let D = model.configuration.stateDimension
    let mu = try model.driftValues(at: states)
    let N = states.count / D
    let n = D + 1
    // Normal equations G·X = R with G = Σ φφᵀ, φ = (z, 1), R = Σ φ μᵀ (n × D).
    var G = [Double](repeating: 0, count: n * n)
    var R = [Double](repeating: 0, count: n * D)
    var phi = [Double](repeating: 1, count: n)
    for i in 0..<N {
      for a in 0..<D { phi[a] = states[i * D + a] }
      for r in 0..<n {
        for c in 0..<n { G[r * n + c] += phi[r] * phi[c] }
        for c in 0..<D { R[r * D + c] += phi[r] * mu[i * D + c] }
      }
    }
    guard let X = _solve(G, R, n: n, columns: D) else {
      throw NeuralSDEError.empty(what: "the span of the evaluation states (they lie in a lower-dimensional set)")
    }
    var A = [Double](repeating: 0, count: D * D)
    for a in 0..<D { for c in 0..<D { A[c * D + a] = X[a * D + c] } }
    return (A, Array(X[(D * D)..<(n * D)]))
  }
}

/// Solves `G X = R` (`G` n×n, `R` n×columns) by Gaussian elimination with partial pivoting;
/// `nil` when `G` is singular to working precision.
func _solve(_ G: [Double], _ R: [Double], n: Int, columns: Int) -> [Double]? {
  var g = G
  var r = R
  let scale = g.map(abs).max() ?? 0
  for k in 0..<n {
    var p = k
    for i in (k + 1)..<max(k + 1, n) where abs(g[i * n + k]) > abs(g[p * n + k]) { p = i }
    guard abs(g[p * n + k]) > 1e-12 * max(scale, 1e-300) else { return nil }
    if p != k {
      for c in 0..<n { g.swapAt(k * n + c, p * n + c) }
      for c in 0..<columns { r.swapAt(k * columns + c, p * columns + c) }
    }
    for i in (k + 1)..<max(k + 1, n) {
      let f = g[i * n + k] / g[k * n + k]
      if f == 0 { continue }
      for c in k..<n { g[i * n + c] -= f * g[k * n + c] }
      for c in 0..<columns { r[i * columns + c] -= f * r[k * columns + c] }
    }
  }
  var x = [Double](repeating: 0, count: n * columns)
  for k in stride(from: n - 1, through: 0, by: -1) {
    for c in 0..<columns {
      var acc = r[k * columns + c]
      for j in (k + 1)..<max(k + 1, n) { acc -= g[k * n + j] * x[j * columns + c] }
      x[k * columns + c] = acc / g[k * n + k]
    }
  }
  return x
}
