import Neural

extension _TrainingRun {
  /// Starts the diffusion network at the best *constant* diffusion: the output layer's weights
  /// are set to zero and its bias to `L₀` with `L₀L₀ᵀ` the rank-`n` part of the residual moment
  /// ```
  /// B̄ = (1/(NΔt)) Σₖ rₖrₖᵀ = V Λ Vᵀ,   L₀ = [√λ₁ v₁, …, √λₙ vₙ]   (λ₁ ≥ λ₂ ≥ …, zero columns past D),
  /// ```
  /// over every training transition (the block of the learned rows when structured).
  ///
  /// Why: `L_lcv` sees `σ` only through `σσᵀ`, which is unchanged by `σ → −σ` (by `σQ`, `Q`
  /// orthogonal, in general). From random weights the network's `σ(z)` has one sign in part of the
  /// state space and the other elsewhere; the field is continuous, so it passes through (near)
  /// zero between them, and a pointwise loss only slowly narrows that band. On the SDE ball this
  /// left `σ̂σ̂ᵀ(z)` ≈ 0 on a band of visited states (a 47× spread of `tr σ̂σ̂ᵀ`, 45 % pointwise
  /// error, for model seed 7). From a constant field with one sign everywhere there is no such
  /// band; training then learns the state dependence.
  mutating func warmStartDiffusion() throws {
    guard let targets else { return }
    let c = model.configuration
    let D = c.stateDimension
    let L = c.learnedDimension
    let n = c.noiseDimension
    let N = targets.transitionCount
    guard N > 0 else { return }
    var moment = [Double](repeating: 0, count: L * L)
    let lead = D - L
    for k in 0..<N {
      let s = k * D + lead
      for a in 0..<L {
        let ra = Double(targets.residuals[s + a])
        for b in 0..<L { moment[a * L + b] += ra * Double(targets.residuals[s + b]) }
      }
    }
    let scale = 1 / (Double(N) * dt)
    for i in 0..<(L * L) { moment[i] *= scale }
    let (values, vectors) = _symmetricEigen(moment, L)
    var bias = [Float](repeating: 0, count: L * n)
    for j in 0..<min(n, L) {
      let root = max(values[j], 0).squareRoot()
      for i in 0..<L { bias[i * n + j] = Float(root * vectors[i * L + j]) }
    }
    guard bias.allSatisfy(\.isFinite), let last = model.diffusionLayers.last else { return }
    last.weight.value = try Tensor(zeros: last.weight.shape)
    last.bias.value = try Tensor(shape: last.bias.shape, scalars: bias)
  }
}

/// Eigenvalues (descending) and eigenvectors (columns of a row-major `m × m` matrix) of the
/// symmetric matrix `a` (`m × m`, row-major) by cyclic Jacobi rotations (at most 50 sweeps;
/// off-diagonal mass below 1e-30 of the total ends it).
func _symmetricEigen(_ a: [Double], _ m: Int) -> (values: [Double], vectors: [Double]) {
  var s = a
  var v = [Double](repeating: 0, count: m * m)
  for i in 0..<m { v[i * m + i] = 1 }
  let total = s.reduce(0) { $0 + $1 * $1 }
  for _ in 0..<50 {
    var off = 0.0
    for p in 0..<m { for q in 0..<m where p != q { off += s[p * m + q] * s[p * m + q] } }
    if off <= 1e-30 * max(total, 1e-300) { break }
    for p in 0..<m {
      for q in (p + 1)..<max(p + 1, m) where s[p * m + q] != 0 {
        let theta = (s[q * m + q] - s[p * m + p]) / (2 * s[p * m + q])
        let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
        let c = 1 / (t * t + 1).squareRoot()
        let sn = t * c
        for k in 0..<m {  // columns p, q of S·J
          let skp = s[k * m + p]
          let skq = s[k * m + q]
          s[k * m + p] = c * skp - sn * skq
          s[k * m + q] = sn * skp + c * skq
        }
        for k in 0..<m {  // rows p, q of Jᵀ·S
          let spk = s[p * m + k]
          let sqk = s[q * m + k]
          s[p * m + k] = c * spk - sn * sqk
          s[q * m + k] = sn * spk + c * sqk
        }
        for k in 0..<m {
          let vkp = v[k * m + p]
          let vkq = v[k * m + q]
          v[k * m + p] = c * vkp - sn * vkq
          v[k * m + q] = sn * vkp + c * vkq
        }
      }
    }
  }
  let order = (0..<m).sorted { s[$0 * m + $0] > s[$1 * m + $1] }
  var values = [Double](repeating: 0, count: m)
  var vectors = [Double](repeating: 0, count: m * m)
  for (j, o) in order.enumerated() {
    values[j] = s[o * m + o]
    for i in 0..<m { vectors[i * m + j] = v[i * m + o] }
  }
  return (values, vectors)
}
