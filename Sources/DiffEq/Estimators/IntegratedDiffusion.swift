/// The integrated diffusion `A = Σₖ Δtₖ σ(tₖ, Zₖ) σ(tₖ, Zₖ)ᵀ` along one sampled path, and its
/// discrepancy `‖A − B‖_F` from the realized covariation `B` of the same path.
///
/// For samples `Z₀, …, Z_{M−1}` at times `t₀ < … < t_{M−1}` and `Δtₖ = t_{k+1} − tₖ`:
///
/// ```
/// A^{il} = Σ_{k=0}^{M−2} Δtₖ Σⱼ σ^{ij}(tₖ, Zₖ) σ^{lj}(tₖ, Zₖ)     (left-point rule, d × d).
/// ```
///
/// `A` is the left Riemann sum of `∫ σσᵀ(t, Z_t) dt`; for a path of `dZ = μ dt + σ dW` both `A` and
/// the realized covariation `B = Σ ΔZ ΔZᵀ` converge to that integral as the mesh → 0 (the Riemann
/// sum with error `O(mesh)` for smooth paths of `σ`, `B` with error `O(√mesh)`), so
/// `‖A − B‖_F = (Σ_{il} (A^{il} − B^{il})²)^{1/2}` measures how well a candidate `σ` explains the
/// observed covariation — the quantity a covariance loss trains on.
public struct IntegratedDiffusion: Sendable {
  /// `d`.
  public let dimension: Int
  /// `A`, `d × d` row-major, symmetric.
  public let matrix: [Double]

  /// `A` from diffusion values already evaluated at the samples.
  ///
  /// - Parameters:
  ///   - times: the `M ≥ 2` sampling times, strictly increasing and finite.
  ///   - diffusionValues: `σ(tₖ, Zₖ)` for `k = 0 … M−1` (the last is not used), `M × d × n`
  ///     row-major (`σ[k][i][j]`), finite.
  ///   - stateDimension: `d ≥ 1`.
  ///   - noiseDimension: `n ≥ 1`.
  /// - Throws: ``EstimatorError/tooFewSamples(what:needed:actual:)``,
  ///   ``EstimatorError/invalidArgument(what:value:requirement:)``,
  ///   ``EstimatorError/dimensionMismatch(what:expected:actual:)``,
  ///   ``EstimatorError/timesNotIncreasing(index:previous:current:)``,
  ///   ``EstimatorError/nonFiniteValue(what:index:value:)``.
  public init(times: [Double], diffusionValues: [Double], stateDimension d: Int, noiseDimension n: Int)
    throws
  {
    try Self.checkTimes(times)
    guard d >= 1 else {
      throw EstimatorError.invalidArgument(what: "stateDimension", value: d, requirement: "≥ 1")
    }
    guard n >= 1 else {
      throw EstimatorError.invalidArgument(what: "noiseDimension", value: n, requirement: "≥ 1")
    }
    let M = times.count
    guard diffusionValues.count == M * d * n else {
      throw EstimatorError.dimensionMismatch(
        what: "diffusionValues (\(M) samples × \(d) × \(n))", expected: M * d * n,
        actual: diffusionValues.count)
    }
    try _EstimatorChecks.throwFirstNonFinite(diffusionValues, what: "diffusionValues")
    var a = [Double](repeating: 0, count: d * d)
    for k in 0..<(M - 1) {
      let dt = times[k + 1] - times[k]
      let sigma = k * d * n
      for i in 0..<d {
        for l in i..<d {
          var s = 0.0
          for j in 0..<n { s += diffusionValues[sigma + i * n + j] * diffusionValues[sigma + l * n + j] }
          a[i * d + l] += dt * s
        }
      }
    }
    for i in 0..<d { for l in 0..<i { a[i * d + l] = a[l * d + i] } }
    dimension = d
    matrix = a
  }

  /// `A` along a path `states` (`M × d` row-major) of `field`, evaluating `σ(tₖ, Zₖ)` with
  /// `L = Double` (the field's noise layout is expanded to the full `d × n` matrix).
  ///
  /// - Throws: as ``init(times:diffusionValues:stateDimension:noiseDimension:)``, plus
  ///   ``EstimatorError/dimensionMismatch(what:expected:actual:)`` if `states.count ≠ M·d`.
  public init<F: SDEVectorField>(field: F, times: [Double], states: [Double]) throws {
    try Self.checkTimes(times)
    let d = field.stateDimension
    let n = field.noiseDimension
    let M = times.count
    guard d >= 1, n >= 1 else {
      throw EstimatorError.invalidArgument(what: "field dimension", value: min(d, n), requirement: "≥ 1")
    }
    guard states.count == M * d else {
      throw EstimatorError.dimensionMismatch(
        what: "states (\(M) samples × \(d))", expected: M * d, actual: states.count)
    }
    try _EstimatorChecks.throwFirstNonFinite(states, what: "states")
    let m = field.noiseStructure.valueCount(stateDimension: d, noiseDimension: n)
    var raw = [Double](repeating: 0, count: m)
    var full = [Double](repeating: 0, count: M * d * n)
    states.withUnsafeBufferPointer { x in
      raw.withUnsafeMutableBufferPointer { r in
        guard let xb = x.baseAddress, let rb = r.baseAddress else { return }
        for k in 0..<M {
          field.diffusion(t: times[k], x: LaneValues(xb + k * d, count: d), into: LaneBuffer(rb, count: m))
          for i in 0..<d {
            switch field.noiseStructure {
            case .general:
              for j in 0..<n { full[(k * d + i) * n + j] = rb[i * n + j] }
            case .diagonal:
              full[(k * d + i) * n + i] = rb[i]
            case .scalar:
              full[(k * d + i) * n] = rb[i]
            }
          }
        }
      }
    }
    try self.init(times: times, diffusionValues: full, stateDimension: d, noiseDimension: n)
  }

  /// `‖A − B‖_F` for a `d × d` matrix `B` (e.g. ``RealizedCovariation/matrix(path:)``).
  ///
  /// - Throws: ``EstimatorError/dimensionMismatch(what:expected:actual:)`` if `B` is not `d × d`.
  public func discrepancy<C: Collection>(to b: C) throws -> Double where C.Element == Double {
    guard b.count == dimension * dimension else {
      throw EstimatorError.dimensionMismatch(
        what: "realized covariation matrix", expected: dimension * dimension, actual: b.count)
    }
    var s = 0.0
    for (a, bb) in zip(matrix, b) { s += (a - bb) * (a - bb) }
    return s.squareRoot()
  }

  static func checkTimes(_ times: [Double]) throws {
    guard times.count >= 2 else {
      throw EstimatorError.tooFewSamples(what: "integrated diffusion", needed: 2, actual: times.count)
    }
    try _EstimatorChecks.throwFirstNonFinite(times, what: "times")
    for k in 1..<times.count where !(times[k] > times[k - 1]) {
      throw EstimatorError.timesNotIncreasing(index: k, previous: times[k - 1], current: times[k])
    }
  }
}
