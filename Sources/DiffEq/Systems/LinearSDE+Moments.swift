extension LinearSDE {
  /// The exact mean and covariance of `X(t)` for `dX = (A X + b) dt + B dW` started from the
  /// deterministic state `X(t₀) = x0`, at each of `times` (`t₀ = times[0]`).
  ///
  /// The law is Gaussian with
  /// ```
  /// m(t) = e^{A(t−t₀)} x0 + ∫₀^{t−t₀} e^{As} ds · b,
  /// P(t) = ∫₀^{t−t₀} e^{As} B Bᵀ e^{Aᵀs} ds,
  /// ```
  /// the solutions of `ṁ = A m + b`, `Ṗ = A P + P Aᵀ + B Bᵀ`, `m(t₀) = x0`, `P(t₀) = 0`.
  ///
  /// Method (Van Loan 1978, doi:10.1109/TAC.1978.1101743): each interval between consecutive
  /// times is cut into `K = ⌈‖A‖∞ Δ⌉` (at least 1) equal sub-steps `h`, so `‖A h‖∞ ≤ 1`. One
  /// matrix exponential of size `2d + 1`,
  /// ```
  ///     ⎡ A   BBᵀ   b ⎤       ⎡ Φ   G   g ⎤
  /// exp ⎢ 0   −Aᵀ   0 ⎥ h  =  ⎢ 0   ·   0 ⎥ ,   Φ = e^{Ah},  G Φᵀ = ∫₀ʰ e^{As} BBᵀ e^{Aᵀs} ds,
  ///     ⎣ 0    0    0 ⎦       ⎣ 0   0   1 ⎦     g = ∫₀ʰ e^{As} ds · b,
  /// ```
  /// (scaling and squaring with a Taylor series) gives the exact one-step recurrence
  /// `m ← Φ m + g`, `P ← Φ P Φᵀ + G Φᵀ`. The recurrence keeps every quantity bounded, so stable,
  /// stiff and long-time problems stay accurate to a few ulps per sub-step (the tests check
  /// closed forms to 1e-12); a single exponential over a long span would cancel `e^{−At}`
  /// against `e^{At}`.
  ///
  /// - Parameters:
  ///   - x0: the initial state, `d` finite values.
  ///   - times: finite, non-decreasing times; the first is the start `t₀` (its covariance is 0).
  /// - Returns: `times.count × d` means and `times.count × d × d` covariances, row-major per time
  ///   (`covariance[k * d * d + i * d + j]`).
  /// - Throws: ``LinearSDEError/initialStateDimensionMismatch(expected:actual:)``,
  ///   ``LinearSDEError/nonFiniteInitialState(index:value:)``, ``LinearSDEError/emptyTimes``,
  ///   ``LinearSDEError/invalidTime(index:time:previous:)``.
  /// - Complexity: `O(d³)` per sub-step (about 20 products of `(2d+1)²` matrices), with
  ///   `Σ ⌈‖A‖∞ Δₖ⌉` sub-steps.
  public func moments(x0: [Double], times: [Double]) throws -> (mean: [Double], covariance: [Double]) {
    let d = stateDimension
    let n = noiseDimension
    guard x0.count == d else {
      throw LinearSDEError.initialStateDimensionMismatch(expected: d, actual: x0.count)
    }
    for (i, v) in x0.enumerated() where !v.isFinite {
      throw LinearSDEError.nonFiniteInitialState(index: i, value: v)
    }
    guard !times.isEmpty else { throw LinearSDEError.emptyTimes }
    for (i, t) in times.enumerated() {
      if !t.isFinite { throw LinearSDEError.invalidTime(index: i, time: t, previous: nil) }
      if i > 0 && t < times[i - 1] {
        throw LinearSDEError.invalidTime(index: i, time: t, previous: times[i - 1])
      }
    }
    var q = [Double](repeating: 0, count: d * d)
    for i in 0..<d {
      for j in 0..<d {
        for k in 0..<n { q[i * d + j] += diffusionMatrix[i * n + k] * diffusionMatrix[j * n + k] }
      }
    }
    var norm = 0.0
    for i in 0..<d { norm = max(norm, (0..<d).reduce(0.0) { $0 + abs(driftMatrix[i * d + $1]) }) }

    var m = x0
    var p = [Double](repeating: 0, count: d * d)
    var mean: [Double] = []
    var covariance: [Double] = []
    mean.reserveCapacity(times.count * d)
    covariance.reserveCapacity(times.count * d * d)
    for (k, t) in times.enumerated() {
      let span = k == 0 ? 0 : t - times[k - 1]
      if span > 0 {
        let steps = max(1, Int((norm * span).rounded(.up)))
        let step = oneStep(h: span / Double(steps), q: q)
        for _ in 0..<steps {
          var nextMean = step.g
          for i in 0..<d { for j in 0..<d { nextMean[i] += step.phi[i * d + j] * m[j] } }
          m = nextMean
          let phiP = _DenseMatrix.multiply(step.phi, p, d)
          var nextP = step.increment
          for i in 0..<d {
            for j in 0..<d {
              for l in 0..<d { nextP[i * d + j] += phiP[i * d + l] * step.phi[j * d + l] }
            }
          }
          // Symmetrise against round-off drift.
          for i in 0..<d {
            for j in 0..<i {
              let s = 0.5 * (nextP[i * d + j] + nextP[j * d + i])
              nextP[i * d + j] = s
              nextP[j * d + i] = s
            }
          }
          p = nextP
        }
      }
      mean += m
      covariance += p
    }
    return (mean, covariance)
  }

  /// `Φ = e^{Ah}`, `g = ∫₀ʰ e^{As} ds · b` and the covariance increment `∫₀ʰ e^{As} Q e^{Aᵀs} ds`
  /// (`Q = BBᵀ`) from one Van Loan block exponential (see ``moments(x0:times:)``).
  private func oneStep(h: Double, q: [Double]) -> (phi: [Double], g: [Double], increment: [Double]) {
    let d = stateDimension
    let size = 2 * d + 1
    var block = [Double](repeating: 0, count: size * size)
    for i in 0..<d {
      for j in 0..<d {
        block[i * size + j] = driftMatrix[i * d + j] * h
        block[i * size + d + j] = q[i * d + j] * h
        block[(d + i) * size + d + j] = -driftMatrix[j * d + i] * h
      }
      block[i * size + 2 * d] = driftOffset[i] * h
    }
    let e = _DenseMatrix.exponential(block, size)
    var phi = [Double](repeating: 0, count: d * d)
    var g12 = phi
    var g = [Double](repeating: 0, count: d)
    for i in 0..<d {
      for j in 0..<d {
        phi[i * d + j] = e[i * size + j]
        g12[i * d + j] = e[i * size + d + j]
      }
      g[i] = e[i * size + 2 * d]
    }
    var increment = [Double](repeating: 0, count: d * d)
    for i in 0..<d {
      for j in 0..<d {
        for l in 0..<d { increment[i * d + j] += g12[i * d + l] * phi[j * d + l] }
      }
    }
    return (phi, g, increment)
  }
}
