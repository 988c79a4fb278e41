import DiffEq
import Neural

/// The frozen-drift quantities of the covariance loss for a set of transitions `(Zₖ, Zₖ₊₁)`:
/// quadrature points `ẑ`, propagators `Φ` and residuals `r` (see ``CovarianceQuadrature``).
///
/// Computed without a tape from the drift's current parameters; the covariance loss then trains
/// `σ` against them (stop-gradient on `μ`).
struct _CovarianceTargets {
  let pointCount: Int
  let stateDimension: Int
  let dt: Double
  /// `N·Q·D`: point `j` of transition `k` at `(k·Q + j)·D`.
  var points: [Float]
  /// `N·Q·D·D` (row-major `Φ[a][e]` per point), empty for the one-step quadrature (`Φ = I`).
  var propagators: [Float]
  /// `N·D`.
  var residuals: [Float]

  var transitionCount: Int { residuals.count / stateDimension }

  /// Computes the targets of `N` transitions from flat start and end states (`N·D` each).
  static func compute(
    model: NeuralSDEModel, starts: [Float], ends: [Float], dt: Double,
    quadrature: CovarianceQuadrature, residual: CovarianceResidual
  ) throws -> _CovarianceTargets {
    let D = model.configuration.stateDimension
    let N = starts.count / D
    let Q = quadrature.pointCount
    var points = [Float](repeating: 0, count: N * Q * D)
    var propagators: [Float] = []
    var residuals = [Float](repeating: 0, count: N * D)
    let chunk = 16_384
    try Tape.withoutRecording {
      switch quadrature {
      case .oneStep:
        points = starts
        var mu = [Float]()
        if residual == .driftResidual {
          mu = try _floats(of: starts, rows: N, columns: D, chunk: chunk) { try model.drift($0) }
        }
        let h = Float(dt)
        for i in 0..<(N * D) {
          residuals[i] = ends[i] - starts[i] - (mu.isEmpty ? 0 : h * mu[i])
        }
      case .propagated(let S):
        propagators = [Float](repeating: 0, count: N * Q * D * D)
        let stepper = ExplicitRungeKutta<_TangentState>(tableau: RungeKutta4.tableau) {
          _TangentState(x: Tensor(0), v: Tensor(0))
        }
        let h = dt / Double(2 * S)
        var start = 0
        var tangentMaps = [[Float]](repeating: [], count: 2 * S)
        while start < N {
          let rows = min(chunk, N - start)
          var x = try _tensor(starts, from: start * D, shape: [rows, D])
          var identity = try Tensor(zeros: [rows, D, D])
          identity.withUnsafeMutableBufferPointer { p in
            for b in 0..<rows { for a in 0..<D { p[(b * D + a) * D + a] = 1 } }
          }
          for i in 0..<(2 * S) {
            var next = _TangentState(x: x, v: identity)
            try stepper.step(
              { _, s, k in
                let (mu, jv) = try model.driftTangent(s.x, s.v)
                k = _TangentState(x: mu, v: jv)
              }, t: 0, h: h, from: _TangentState(x: x, v: identity), to: &next)
            x = next.x
            tangentMaps[i] = next.v.scalars
            if i % 2 == 0 {
              // After half-step 2j the state is the midpoint of sub-step j.
              let j = i / 2
              x.withUnsafeBufferPointer { p in
                for b in 0..<rows {
                  for a in 0..<D { points[((start + b) * Q + j) * D + a] = p[b * D + a] }
                }
              }
            }
          }
          x.withUnsafeBufferPointer { p in
            for i in 0..<(rows * D) {
              let k = start * D + i
              residuals[k] = residual == .driftResidual ? ends[k] - p[i] : ends[k] - starts[k]
            }
          }
          // Φⱼ = T_{2S−1} ⋯ T_{2j+1}, accumulated from the end; T[a][c] = v[b, c, a].
          var P = [Float](repeating: 0, count: D * D)
          var product = [Float](repeating: 0, count: D * D)
          for b in 0..<rows {
            for i in 0..<(D * D) { P[i] = 0 }
            for a in 0..<D { P[a * D + a] = 1 }
            var i = 2 * S - 1
            while i >= 1 {
              let T = b * D * D
              for a in 0..<D {
                for c in 0..<D {
                  var acc: Float = 0
                  for e in 0..<D { acc += P[a * D + e] * tangentMaps[i][T + c * D + e] }
                  product[a * D + c] = acc
                }
              }
              swap(&P, &product)
              if i % 2 == 1 {
                let j = (i - 1) / 2
                let o = ((start + b) * Q + j) * D * D
                for m in 0..<(D * D) { propagators[o + m] = P[m] }
              }
              i -= 1
            }
          }
          start += rows
        }
      }
    }
    return _CovarianceTargets(
      pointCount: Q, stateDimension: D, dt: dt, points: points, propagators: propagators,
      residuals: residuals)
  }

  /// The tensors of the transitions `indices`: points `[B·Q, D]`, propagators `[B·Q, D, D]` (or
  /// `nil`), and `B = Σ rrᵀ/(B·Δt)` as `[D, D]`.
  func batch<C: Collection<Int>>(_ indices: C) throws -> (points: Tensor, propagators: Tensor?, target: Tensor) {
    let D = stateDimension
    let Q = pointCount
    let B = indices.count
    guard B > 0 else { throw NeuralSDEError.empty(what: "the covariance minibatch") }
    var pts = try Tensor(zeros: [B * Q, D])
    pts.withUnsafeMutableBufferPointer { p in
      var o = 0
      for k in indices {
        let s = k * Q * D
        for i in 0..<(Q * D) { p[o + i] = points[s + i] }
        o += Q * D
      }
    }
    var phi: Tensor? = nil
    if !propagators.isEmpty {
      var t = try Tensor(zeros: [B * Q, D, D])
      t.withUnsafeMutableBufferPointer { p in
        var o = 0
        for k in indices {
          let s = k * Q * D * D
          for i in 0..<(Q * D * D) { p[o + i] = propagators[s + i] }
          o += Q * D * D
        }
      }
      phi = t
    }
    var acc = [Double](repeating: 0, count: D * D)
    for k in indices {
      let s = k * D
      for a in 0..<D {
        let ra = Double(residuals[s + a])
        for c in 0..<D { acc[a * D + c] += ra * Double(residuals[s + c]) }
      }
    }
    var target = try Tensor(zeros: [D, D])
    let scale = 1 / (Double(B) * dt)
    target.withUnsafeMutableBufferPointer { p in
      for i in 0..<(D * D) { p[i] = Float(acc[i] * scale) }
    }
    return (pts, phi, target)
  }
}

/// `L_lcv` from prepared tensors: `A = mean over points of (Φσ)(Φσ)ᵀ` against `target`.
func _covarianceLoss(
  model: NeuralSDEModel, points: Tensor, propagators: Tensor?, target: Tensor, norm: LossNorm
) throws -> Tensor {
  norm.ofTensor(try _predictedCovariance(model: model, points: points, propagators: propagators) - target)
}

/// `A = (1/P) Σₚ (Φₚσ(ẑₚ))(Φₚσ(ẑₚ))ᵀ`, `[D, D]`: the predicted `σσᵀ`-scaled covariance (the
/// quadrature weights `h/Δt = 1/Q` are equal, so the mean over all points of all transitions).
func _predictedCovariance(model: NeuralSDEModel, points: Tensor, propagators: Tensor?) throws -> Tensor {
  let D = model.configuration.stateDimension
  let n = model.configuration.noiseDimension
  let P = points.shape[0]
  let sigma = try model.diffusion(points)  // [P, D, n]
  var g = sigma
  if let phi = propagators {
    let prod = try phi.reshaped(to: [P, D, D, 1]) * sigma.reshaped(to: [P, 1, D, n])
    g = try prod.sum(alongAxes: [2])  // [P, D, n]
  }
  let outer = try g.reshaped(to: [P, D, 1, n]) * g.reshaped(to: [P, 1, D, n])
  return try outer.sum(alongAxes: [0, 3]) * (1 / Float(P))
}

/// A `[Float]` range as a tensor of `shape` (not recorded).
func _tensor(_ values: [Float], from start: Int, shape: [Int]) throws -> Tensor {
  var t = try Tensor(zeros: shape)
  t.withUnsafeMutableBufferPointer { p in
    for i in 0..<p.count { p[i] = values[start + i] }
  }
  return t
}

/// Applies `body` to `rows × columns` values in chunks and collects its outputs (same count).
func _floats(
  of values: [Float], rows: Int, columns: Int, chunk: Int, _ body: (Tensor) throws -> Tensor
) throws -> [Float] {
  var out = [Float](repeating: 0, count: rows * columns)
  var start = 0
  while start < rows {
    let r = min(chunk, rows - start)
    let y = try body(try _tensor(values, from: start * columns, shape: [r, columns]))
    y.withUnsafeBufferPointer { p in
      for i in 0..<(r * columns) { out[start * columns + i] = p[i] }
    }
    start += r
  }
  return out
}
