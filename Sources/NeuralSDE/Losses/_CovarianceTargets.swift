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
  /// `N·Q·D·D`: the weighted propagators `Ψ = √(w/Δt)·Φ` (row-major per point), empty for the
  /// one-step quadrature (`Ψ = I`).
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
        // Trapezoid points z(jh), j = 0…S, on the RK4 path of the frozen drift; Ψⱼ = √(wⱼ/Δt)·Φ(Δt, jh)
        // with wⱼ = h/2 at the ends and h inside, Φ from the RK4 tangent maps Tᵢ of the sub-steps.
        propagators = [Float](repeating: 0, count: N * Q * D * D)
        let stepper = ExplicitRungeKutta<_TangentState>(tableau: RungeKutta4.tableau) {
          _TangentState(x: Tensor(0), v: Tensor(0))
        }
        let h = dt / Double(S)
        let endWeight = Float((0.5 / Double(S)).squareRoot())
        let innerWeight = Float((1 / Double(S)).squareRoot())
        var start = 0
        var tangentMaps = [[Float]](repeating: [], count: S)
        while start < N {
          let rows = min(chunk, N - start)
          var x = try _tensor(starts, from: start * D, shape: [rows, D])
          var identity = try Tensor(zeros: [rows, D, D])
          identity.withUnsafeMutableBufferPointer { p in
            for b in 0..<rows { for a in 0..<D { p[(b * D + a) * D + a] = 1 } }
          }
          func storePoint(_ j: Int, _ x: Tensor) {
            x.withUnsafeBufferPointer { p in
              for b in 0..<rows {
                for a in 0..<D { points[((start + b) * Q + j) * D + a] = p[b * D + a] }
              }
            }
          }
          storePoint(0, x)
          for i in 0..<S {
            var next = _TangentState(x: x, v: identity)
            try stepper.step(
              { _, s, k in
                let (mu, jv) = try model.driftTangent(s.x, s.v)
                k = _TangentState(x: mu, v: jv)
              }, t: 0, h: h, from: _TangentState(x: x, v: identity), to: &next)
            x = next.x
            tangentMaps[i] = next.v.scalars
            storePoint(i + 1, x)
          }
          x.withUnsafeBufferPointer { p in
            for i in 0..<(rows * D) {
              let k = start * D + i
              residuals[k] = residual == .driftResidual ? ends[k] - p[i] : ends[k] - starts[k]
            }
          }
          // Φ_S = I, Φⱼ = T_{S−1} ⋯ Tⱼ accumulated from the end; Tᵢ[a][c] = v[b, c, a].
          var P = [Float](repeating: 0, count: D * D)
          var product = [Float](repeating: 0, count: D * D)
          for b in 0..<rows {
            for i in 0..<(D * D) { P[i] = 0 }
            for a in 0..<D { P[a * D + a] = 1 }
            func store(_ j: Int) {
              let w = j == 0 || j == S ? endWeight : innerWeight
              let o = ((start + b) * Q + j) * D * D
              for m in 0..<(D * D) { propagators[o + m] = w * P[m] }
            }
            store(S)
            for i in stride(from: S - 1, through: 0, by: -1) {
              let T = b * D * D
              for a in 0..<D {
                for c in 0..<D {
                  var acc: Float = 0
                  for e in 0..<D { acc += P[a * D + e] * tangentMaps[i][T + c * D + e] }
                  product[a * D + c] = acc
                }
              }
              swap(&P, &product)
              store(i)
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

  /// The tensors of the transitions `indices` (see ``_CovarianceBatch``).
  func batch<C: Collection<Int>>(_ indices: C, matching: CovarianceMatching) throws -> _CovarianceBatch {
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
    let scale = 1 / dt
    var target: Tensor
    switch matching {
    case .batch:
      var acc = [Double](repeating: 0, count: D * D)
      for k in indices {
        let s = k * D
        for a in 0..<D {
          let ra = Double(residuals[s + a])
          for c in 0..<D { acc[a * D + c] += ra * Double(residuals[s + c]) }
        }
      }
      target = try Tensor(zeros: [D, D])
      target.withUnsafeMutableBufferPointer { p in
        for i in 0..<(D * D) { p[i] = Float(acc[i] * scale / Double(B)) }
      }
    case .pointwise:
      target = try Tensor(zeros: [B, D, D])
      target.withUnsafeMutableBufferPointer { p in
        var o = 0
        for k in indices {
          let s = k * D
          for a in 0..<D {
            let ra = Double(residuals[s + a])
            for c in 0..<D { p[o + a * D + c] = Float(ra * Double(residuals[s + c]) * scale) }
          }
          o += D * D
        }
      }
    }
    return _CovarianceBatch(
      points: pts, propagators: phi, target: target, transitions: B, matching: matching)
  }
}

/// The tensors of one covariance minibatch of `transitions` transitions: quadrature points
/// `[B·Q, D]`, weighted propagators `Ψ = √(w/Δt)·Φ` `[B·Q, D, D]` (`nil` for the one-step form,
/// `Ψ = I`), and the target: `Σₖ rₖrₖᵀ/(B·Δt)` `[D, D]` (batch matching) or `rₖrₖᵀ/Δt`
/// `[B, D, D]` (pointwise matching).
struct _CovarianceBatch {
  let points: Tensor
  let propagators: Tensor?
  let target: Tensor
  let transitions: Int
  let matching: CovarianceMatching
}

/// `L_lcv` of a prepared batch: `‖A − B‖` (batch matching) or the mean over transitions of
/// `‖Aₖ − Bₖ‖` (pointwise matching).
func _covarianceLoss(model: NeuralSDEModel, batch: _CovarianceBatch, norm: LossNorm) throws -> Tensor {
  let a = try _predictedCovariance(model: model, batch: batch)
  switch batch.matching {
  case .batch: return norm.ofTensor(a - batch.target)
  case .pointwise:
    let D = model.configuration.stateDimension
    return try norm.meanOverRows((a - batch.target).reshaped(to: [batch.transitions, D * D]))
  }
}

/// The predicted interval covariances divided by `Δt`, `Aₖ = Σⱼ (Ψₖⱼσ(ẑₖⱼ))(Ψₖⱼσ(ẑₖⱼ))ᵀ` (the
/// quadrature weights are inside `Ψ`): their mean over the batch `[D, D]` (batch matching) or
/// each one, `[B, D, D]` (pointwise matching).
func _predictedCovariance(model: NeuralSDEModel, batch: _CovarianceBatch) throws -> Tensor {
  let D = model.configuration.stateDimension
  let n = model.configuration.noiseDimension
  let points = batch.points
  let P = points.shape[0]
  let sigma = try model.diffusion(points)  // [P, D, n]
  var g = sigma
  if let phi = batch.propagators {
    let prod = try phi.reshaped(to: [P, D, D, 1]) * sigma.reshaped(to: [P, 1, D, n])
    g = try prod.sum(alongAxes: [2])  // [P, D, n]
  }
  let outer = try g.reshaped(to: [P, D, 1, n]) * g.reshaped(to: [P, 1, D, n])
  switch batch.matching {
  case .batch:
    return try outer.sum(alongAxes: [0, 3]) * (1 / Float(batch.transitions))
  case .pointwise:
    let Q = P / batch.transitions
    return try outer.reshaped(to: [batch.transitions, Q, D, D, n]).sum(alongAxes: [1, 4])
  }
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
