/// Drift and diffusion estimated from data by binned conditional moments of increments
/// (Kramers–Moyal coefficients), for 1-D and 2-D states, with counts and standard errors per bin.
///
/// For samples `X₀, X₁, …` of one or more paths at a uniform interval `Δt`, each pair
/// `(Xₖ, ΔXₖ = X_{k+1} − Xₖ)` within a path is assigned to the bin of `Xₖ`, and per bin `b`:
///
/// ```
/// D1(b) = mean(ΔX) / Δt,          D2(b) = mean(ΔX ΔXᵀ) / Δt,
/// SE(D1ⁱ) = sd(ΔXⁱ) / (√n Δt),   SE(D2ⁱˡ) = sd(ΔXⁱ ΔXˡ) / (√n Δt),
/// ```
///
/// with `n` the bin's count and `sd` the sample standard deviation. For `dX = μ dt + σ dW`,
/// `D1 → μ(x)` and `D2 → σσᵀ(x)` as `Δt → 0` and `n → ∞` (biases `O(Δt)`: e.g. for an
/// Ornstein–Uhlenbeck process `D1 = −θ(x−m)(1 − e^{−θΔt})/(θΔt)` and
/// `D2 ≈ σ²(1 − θΔt) + θ²(x−m)²Δt`).
///
/// Convention for `D2`: this is the conditional second moment divided by `Δt` only, so `D2`
/// estimates the diffusion matrix `σσᵀ` itself. The Python `kramersmoyal` package (Rydin Gorjão &
/// Meirinhos 2019) reports `E[(ΔX)ⁿ | x]/n!` and divides by `Δt` only if the user does: its
/// second coefficient equals `D2·Δt/2` here, and `D2/2` after the user's division by `Δt`.
///
/// Bins with fewer than ``minimumCount`` pairs are marked in ``isUnderPopulated`` and their
/// estimates and standard errors are NaN, never silently reported. Samples outside the ranges are
/// ignored. Moments are accumulated per bin with Welford's update (numerically stable).
public struct KramersMoyal: Sendable {
  /// The state dimension `d` (1 or 2).
  public let dimension: Int
  /// Number of bins per dimension.
  public let binCounts: [Int]
  /// The binned range per dimension (bins are equal-width; the upper end belongs to the last bin).
  public let ranges: [ClosedRange<Double>]
  /// The bin centres per dimension.
  public let centers: [[Double]]
  /// The sampling interval.
  public let dt: Double
  /// Bins with fewer pairs than this are under-populated.
  public let minimumCount: Int
  /// Pairs per bin; bins are numbered row-major (`b = b₀·binCounts[1] + b₁` in 2-D).
  public let counts: [Int]
  /// The mean state `x̄` of the pairs in each bin, `bins × d` (NaN for under-populated bins): the
  /// point at which `D1` is estimated for a linear drift (`E[μ(X) | bin] = μ(x̄)`); closer to the
  /// data than the bin centre when the density varies across the bin.
  public let binMeans: [Double]
  /// `true` for bins with `count < minimumCount`.
  public let isUnderPopulated: [Bool]
  /// `D1`, `bins × d`.
  public let drift: [Double]
  /// Standard errors of ``drift``, `bins × d`.
  public let driftStandardError: [Double]
  /// `D2`, `bins × d × d` (symmetric per bin).
  public let diffusion: [Double]
  /// Standard errors of ``diffusion``, `bins × d × d`.
  public let diffusionStandardError: [Double]

  /// Estimates `D1` and `D2` from `pathCount` paths of `samples.count / (pathCount·d)` samples.
  ///
  /// - Parameters:
  ///   - samples: `pathCount × samplesPerPath × d` row-major, finite.
  ///   - dimension: `d`, 1 or 2.
  ///   - dt: the sampling interval, finite and `> 0`.
  ///   - bins: bins per dimension (`d` values, each `≥ 1`).
  ///   - ranges: the binned range per dimension (`d` finite ranges with `lower < upper`).
  ///   - pathCount: number of paths (increments never cross paths), `≥ 1` (default 1).
  ///   - minimumCount: the fewest pairs for a bin to be reported, `≥ 2` (default 100).
  /// - Throws: ``EstimatorError/invalidArgument(what:value:requirement:)`` for `d ∉ {1, 2}`, bins,
  ///   path count or minimum count out of range; ``EstimatorError/dimensionMismatch(what:expected:actual:)``;
  ///   ``EstimatorError/tooFewSamples(what:needed:actual:)`` for fewer than 2 samples per path;
  ///   ``EstimatorError/invalidTimeStep(_:)``; ``EstimatorError/invalidRange(dimension:lower:upper:)``;
  ///   ``EstimatorError/nonFiniteValue(what:index:value:)``.
  /// - Complexity: `O(samples · d²)` time, `O(bins · d²)` memory.
  public init(
    samples: [Double], dimension d: Int, dt: Double, bins: [Int], ranges: [ClosedRange<Double>],
    pathCount: Int = 1, minimumCount: Int = 100
  ) throws {
    guard d == 1 || d == 2 else {
      throw EstimatorError.invalidArgument(what: "dimension", value: d, requirement: "1 or 2")
    }
    guard bins.count == d else {
      throw EstimatorError.dimensionMismatch(what: "bins", expected: d, actual: bins.count)
    }
    guard ranges.count == d else {
      throw EstimatorError.dimensionMismatch(what: "ranges", expected: d, actual: ranges.count)
    }
    for (i, b) in bins.enumerated() where b < 1 {
      throw EstimatorError.invalidArgument(what: "bins[\(i)]", value: b, requirement: "≥ 1")
    }
    for (i, r) in ranges.enumerated()
    where !(r.lowerBound.isFinite && r.upperBound.isFinite && r.lowerBound < r.upperBound) {
      throw EstimatorError.invalidRange(dimension: i, lower: r.lowerBound, upper: r.upperBound)
    }
    guard dt > 0, dt.isFinite else { throw EstimatorError.invalidTimeStep(dt) }
    guard pathCount >= 1 else {
      throw EstimatorError.invalidArgument(what: "pathCount", value: pathCount, requirement: "≥ 1")
    }
    guard minimumCount >= 2 else {
      throw EstimatorError.invalidArgument(
        what: "minimumCount", value: minimumCount, requirement: "≥ 2")
    }
    guard samples.count % (pathCount * d) == 0 else {
      throw EstimatorError.dimensionMismatch(
        what: "samples (\(pathCount) paths × samples × \(d))",
        expected: (samples.count / (pathCount * d) + 1) * pathCount * d, actual: samples.count)
    }
    let perPath = samples.count / (pathCount * d)
    guard perPath >= 2 else {
      throw EstimatorError.tooFewSamples(what: "Kramers–Moyal", needed: 2, actual: perPath)
    }
    try _EstimatorChecks.throwFirstNonFinite(samples, what: "samples")

    let totalBins = bins.reduce(1, *)
    let q = d + d * d  // Δⁱ, then ΔⁱΔˡ (full d × d)
    var count = [Int](repeating: 0, count: totalBins)
    var mean = [Double](repeating: 0, count: totalBins * q)
    var m2 = [Double](repeating: 0, count: totalBins * q)
    var values = [Double](repeating: 0, count: q)
    var stateSums = [Double](repeating: 0, count: totalBins * d)
    let widths = (0..<d).map { (ranges[$0].upperBound - ranges[$0].lowerBound) / Double(bins[$0]) }
    for p in 0..<pathCount {
      let base = p * perPath * d
      for k in 0..<(perPath - 1) {
        var bin = 0
        var inside = true
        for i in 0..<d {
          let x = samples[base + k * d + i]
          guard x >= ranges[i].lowerBound, x <= ranges[i].upperBound else {
            inside = false
            break
          }
          let b = min(bins[i] - 1, Int((x - ranges[i].lowerBound) / widths[i]))
          bin = bin * bins[i] + b
        }
        if !inside { continue }
        for i in 0..<d {
          values[i] = samples[base + (k + 1) * d + i] - samples[base + k * d + i]
        }
        for i in 0..<d { for l in 0..<d { values[d + i * d + l] = values[i] * values[l] } }
        count[bin] += 1
        for i in 0..<d { stateSums[bin * d + i] += samples[base + k * d + i] }
        let n = Double(count[bin])
        for c in 0..<q {
          let delta = values[c] - mean[bin * q + c]
          mean[bin * q + c] += delta / n
          m2[bin * q + c] += delta * (values[c] - mean[bin * q + c])
        }
      }
    }
    var drift = [Double](repeating: .nan, count: totalBins * d)
    var driftSE = drift
    var diffusion = [Double](repeating: .nan, count: totalBins * d * d)
    var diffusionSE = diffusion
    var under = [Bool](repeating: true, count: totalBins)
    var binMeans = [Double](repeating: .nan, count: totalBins * d)
    for b in 0..<totalBins where count[b] >= minimumCount {
      under[b] = false
      let n = Double(count[b])
      for i in 0..<d { binMeans[b * d + i] = stateSums[b * d + i] / n }
      func se(_ c: Int) -> Double { (m2[b * q + c] / (n - 1) / n).squareRoot() / dt }
      for i in 0..<d {
        drift[b * d + i] = mean[b * q + i] / dt
        driftSE[b * d + i] = se(i)
      }
      for c in 0..<(d * d) {
        diffusion[b * d * d + c] = mean[b * q + d + c] / dt
        diffusionSE[b * d * d + c] = se(d + c)
      }
    }
    self.dimension = d
    self.binCounts = bins
    self.ranges = ranges
    self.centers = (0..<d).map { i in
      (0..<bins[i]).map { ranges[i].lowerBound + (Double($0) + 0.5) * widths[i] }
    }
    self.dt = dt
    self.minimumCount = minimumCount
    self.counts = count
    self.binMeans = binMeans
    self.isUnderPopulated = under
    self.drift = drift
    self.driftStandardError = driftSE
    self.diffusion = diffusion
    self.diffusionStandardError = diffusionSE
  }
}
