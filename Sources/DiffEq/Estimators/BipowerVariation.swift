/// Bipower variation of sampled paths, per component: `BVⁱ = (π/2) Σₖ |ΔZⁱₖ| |ΔZⁱₖ₋₁|`, a
/// jump-robust estimate of the integrated variance `∫ (σσᵀ)ⁱⁱ dt`.
///
/// For samples `Z₀, …, Z_{M−1}` and `ΔZₖ = Z_{k+1} − Zₖ`:
///
/// ```
/// BVⁱ = (π/2) Σ_{k=1}^{M−2} |ΔZⁱₖ| |ΔZⁱₖ₋₁|,   π/2 = 1/E|N(0,1)|².
/// ```
///
/// Convergence (Barndorff-Nielsen & Shephard 2004): for `dZ = μ dt + σ dW + dJ` with
/// finitely many jumps, `BVⁱ → ∫ (σσᵀ)ⁱⁱ dt` as the mesh → 0 (the realized variance `Σ (ΔZⁱ)²`
/// instead converges to that plus `Σ (ΔJⁱ)²`): a jump enters only two products, each multiplied
/// by an `O(√Δt)` neighbour. Without jumps its variance is about 2.6× that of the realized
/// variance; the drift adds an `O(mesh)` bias. `mean` and `standardError` are over paths.
///
/// Reference: O. E. Barndorff-Nielsen, N. Shephard, "Power and bipower variation with stochastic
/// volatility and jumps", J. Financial Econometrics 2(1), 2004, doi:10.1093/jjfinec/nbh001.
public struct BipowerVariation: Sendable {
  /// `d`.
  public let dimension: Int
  /// Number of paths `N`.
  public let pathCount: Int
  /// `BV` of each path, `N × d` row-major.
  public let perPath: [Double]
  /// The mean over paths, `d` values.
  public let mean: [Double]
  /// Standard errors of ``mean`` (NaN when `N = 1`).
  public let standardError: [Double]

  /// Computes `BV` for every path of a flat `paths × samples × d` array.
  ///
  /// - Throws: ``EstimatorError/tooFewSamples(what:needed:actual:)`` for fewer than 3 samples per
  ///   path; ``EstimatorError/invalidArgument(what:value:requirement:)``;
  ///   ``EstimatorError/dimensionMismatch(what:expected:actual:)``;
  ///   ``EstimatorError/nonFiniteValue(what:index:value:)``.
  /// - Complexity: `O(paths · samples · d)`.
  public init(paths: [Double], pathCount: Int, sampleCount: Int, dimension: Int) throws {
    try _EstimatorChecks.checkPaths(
      paths, pathCount: pathCount, sampleCount: sampleCount, dimension: dimension,
      minimumSamples: 3, what: "bipower variation")
    let d = dimension
    var out = [Double](repeating: 0, count: pathCount * d)
    for p in 0..<pathCount {
      let base = p * sampleCount * d
      for i in 0..<d {
        var s = 0.0
        var previous = abs(paths[base + d + i] - paths[base + i])
        for k in 1..<(sampleCount - 1) {
          let current = abs(paths[base + (k + 1) * d + i] - paths[base + k * d + i])
          s += current * previous
          previous = current
        }
        out[p * d + i] = (Double.pi / 2) * s
      }
    }
    if out.contains(where: { !$0.isFinite }) {
      try _EstimatorChecks.throwFirstNonFinite(paths, what: "paths")
    }
    self.dimension = d
    self.pathCount = pathCount
    self.perPath = out
    (mean, standardError) = _EstimatorStatistics.meanAndStandardError(out, count: pathCount, width: d)
  }
}
