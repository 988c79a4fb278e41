import Dispatch

/// Realized quadratic covariation of sampled paths: `B^{il} = Σₖ ΔZⁱₖ ΔZˡₖ` per path, and its mean
/// over paths with standard errors.
///
/// For samples `Z₀, …, Z_{M−1}` of a path at times `t₀ < … < t_{M−1}` (uniform or irregular) and
/// `ΔZₖ = Z_{k+1} − Zₖ`:
///
/// ```
/// B = Σ_{k=0}^{M−2} ΔZₖ ΔZₖᵀ   (d × d, symmetric).
/// ```
///
/// Convergence. For an Itô process `dZ = μ dt + σ dW`, `B → [Z, Z]_T = ∫ σσᵀ dt` in probability
/// as the mesh `max Δtₖ → 0`, for any sampling times. The drift adds a bias
/// `Σ μμᵀ Δtₖ² = O(mesh)`; the sampling error has standard deviation `O(√mesh)` (for constant `σ`
/// and uniform `Δt`, `Var Bⁱⁱ = 2 (σσᵀ)ⁱⁱ² T Δt`). It does not need the times, only the samples.
///
/// `mean` averages `B` over paths; `standardError` is the sample standard deviation over paths
/// divided by `√N` (NaN for one path).
///
/// Layout: input `paths × samples × d` row-major (as ``EnsemblePaths/values``); `perPath` is
/// `paths × d × d`. Each path's sums are accumulated in four interleaved partial sums (vectorised
/// for `d ≤ 2`), so results are deterministic and independent of the thread count.
/// - Complexity: `O(paths · samples · d²)`; parallel over paths.
public struct RealizedCovariation: Sendable {
  /// `d`.
  public let dimension: Int
  /// Number of paths `N`.
  public let pathCount: Int
  /// Samples per path `M`.
  public let sampleCount: Int
  /// `B` of each path, `N × d × d` row-major.
  public let perPath: [Double]
  /// The mean of `B` over paths, `d × d`.
  public let mean: [Double]
  /// The standard error of ``mean`` (sample standard deviation over paths / `√N`), `d × d`; NaN
  /// when `N = 1`.
  public let standardError: [Double]

  /// Computes `B` for every path of a flat `paths × samples × d` array.
  ///
  /// - Parameters:
  ///   - paths: the samples, `pathCount · sampleCount · dimension` finite values.
  ///   - pathCount: `N ≥ 1`.
  ///   - sampleCount: `M ≥ 2` samples per path.
  ///   - dimension: `d ≥ 1`.
  ///   - threads: worker threads `≥ 1` (default: active processors).
  /// - Throws: ``EstimatorError/tooFewSamples(what:needed:actual:)`` for `M < 2`;
  ///   ``EstimatorError/invalidArgument(what:value:requirement:)`` for `N`, `d` or `threads` `< 1`;
  ///   ``EstimatorError/dimensionMismatch(what:expected:actual:)``;
  ///   ``EstimatorError/nonFiniteValue(what:index:value:)``.
  public init(
    paths: [Double], pathCount: Int, sampleCount: Int, dimension: Int,
    threads: Int = RealizedCovariation.defaultThreadCount
  ) throws {
    try _EstimatorChecks.checkPaths(
      paths, pathCount: pathCount, sampleCount: sampleCount, dimension: dimension,
      minimumSamples: 2, what: "realized covariation")
    try _EstimatorChecks.checkThreads(threads)
    let d = dimension
    let dd = d * d
    var perPath = [Double](repeating: 0, count: pathCount * dd)
    perPath.withUnsafeMutableBufferPointer { out in
      paths.withUnsafeBufferPointer { input in
        guard let outBase = out.baseAddress, let inBase = input.baseAddress else { return }
        let output = _SharedBuffer(outBase)
        let source = _SharedReadBuffer(inBase)
        let workers = min(threads, pathCount)
        let perWorker = (pathCount + workers - 1) / workers
        _ChunkScheduler.run(threads: workers) { w in
          let lo = w * perWorker
          let hi = min(pathCount, lo + perWorker)
          guard lo < hi else { return }
          for p in lo..<hi {
            Self.covariation(
              source.base + p * sampleCount * d, samples: sampleCount, dimension: d,
              into: output.base + p * dd)
          }
        }
      }
    }
    if perPath.contains(where: { !$0.isFinite }) {
      try _EstimatorChecks.throwFirstNonFinite(paths, what: "paths")
    }
    self.dimension = d
    self.pathCount = pathCount
    self.sampleCount = sampleCount
    self.perPath = perPath
    (mean, standardError) = _EstimatorStatistics.meanAndStandardError(
      perPath, count: pathCount, width: dd)
  }

  /// Computes `B` for every path of an ensemble's saved states (``EnsemblePaths/values``).
  ///
  /// - Throws: as ``init(paths:pathCount:sampleCount:dimension:threads:)``; failed paths (NaN
  ///   states) give ``EstimatorError/nonFiniteValue(what:index:value:)``.
  public init(_ ensemble: EnsemblePaths, threads: Int = RealizedCovariation.defaultThreadCount) throws {
    try self.init(
      paths: ensemble.values, pathCount: ensemble.pathRange.count,
      sampleCount: ensemble.saveTimes.count, dimension: ensemble.stateDimension, threads: threads)
  }

  /// The default thread count: the number of active processors.
  public static var defaultThreadCount: Int { _ChunkScheduler.processorCount }

  /// `B` of path `p` (`d × d`; out-of-range indices trap).
  public func matrix(path p: Int) -> ArraySlice<Double> {
    perPath[(p * dimension * dimension)..<((p + 1) * dimension * dimension)]
  }

  /// One path's `B` into `out[0 ..< d²]`.
  @usableFromInline
  static func covariation(
    _ z: UnsafePointer<Double>, samples M: Int, dimension d: Int, into out: UnsafeMutablePointer<Double>
  ) {
    switch d {
    case 1: covariation1(z, samples: M, into: out)
    case 2: covariation2(z, samples: M, into: out)
    default: covariationGeneral(z, samples: M, dimension: d, into: out)
    }
  }

  /// `d = 1`: Δ of eight samples per vector, eight partial sums.
  @usableFromInline
  static func covariation1(_ z: UnsafePointer<Double>, samples M: Int, into out: UnsafeMutablePointer<Double>) {
    let raw = UnsafeRawPointer(z)
    var acc = SIMD8<Double>(repeating: 0)
    var k = 0
    while k + 8 < M {
      let a = raw.loadUnaligned(fromByteOffset: k * 8, as: SIMD8<Double>.self)
      let b = raw.loadUnaligned(fromByteOffset: (k + 1) * 8, as: SIMD8<Double>.self)
      let delta = b - a
      acc = acc.addingProduct(delta, delta)
      k += 8
    }
    var tail = 0.0
    while k + 1 < M {
      let delta = z[k + 1] - z[k]
      tail += delta * delta
      k += 1
    }
    out[0] = acc.sum() + tail
  }

  /// `d = 2`: Δ of four samples (eight values) per vector; even lanes are `Δx`, odd lanes `Δy`.
  @usableFromInline
  static func covariation2(_ z: UnsafePointer<Double>, samples M: Int, into out: UnsafeMutablePointer<Double>) {
    let raw = UnsafeRawPointer(z)
    var xx = SIMD4<Double>(repeating: 0)
    var xy = xx
    var yy = xx
    var k = 0
    while k + 4 < M {
      let a = raw.loadUnaligned(fromByteOffset: 2 * k * 8, as: SIMD8<Double>.self)
      let b = raw.loadUnaligned(fromByteOffset: 2 * (k + 1) * 8, as: SIMD8<Double>.self)
      let delta = b - a
      let dx = delta.evenHalf
      let dy = delta.oddHalf
      xx = xx.addingProduct(dx, dx)
      xy = xy.addingProduct(dx, dy)
      yy = yy.addingProduct(dy, dy)
      k += 4
    }
    var txx = 0.0
    var txy = 0.0
    var tyy = 0.0
    while k + 1 < M {
      let dx = z[2 * k + 2] - z[2 * k]
      let dy = z[2 * k + 3] - z[2 * k + 1]
      txx += dx * dx
      txy += dx * dy
      tyy += dy * dy
      k += 1
    }
    out[0] = xx.sum() + txx
    out[1] = xy.sum() + txy
    out[2] = out[1]
    out[3] = yy.sum() + tyy
  }

  /// General `d`: one pass, `d(d+1)/2` running sums.
  @usableFromInline
  static func covariationGeneral(
    _ z: UnsafePointer<Double>, samples M: Int, dimension d: Int, into out: UnsafeMutablePointer<Double>
  ) {
    for q in 0..<(d * d) { out[q] = 0 }
    for k in 0..<(M - 1) {
      let a = z + k * d
      let b = a + d
      for i in 0..<d {
        let di = b[i] - a[i]
        for l in i..<d { out[i * d + l] += di * (b[l] - a[l]) }
      }
    }
    for i in 0..<d { for l in 0..<i { out[i * d + l] = out[l * d + i] } }
  }
}

/// A read-only raw buffer shared by workers.
@usableFromInline
struct _SharedReadBuffer: @unchecked Sendable {
  @usableFromInline let base: UnsafePointer<Double>

  @inlinable
  init(_ base: UnsafePointer<Double>) { self.base = base }
}

/// Means and standard errors over rows.
@usableFromInline
enum _EstimatorStatistics {
  /// Column means of a `count × width` row-major array, and standard errors (sample standard
  /// deviation / `√count`, two-pass; NaN for `count < 2`).
  @usableFromInline
  static func meanAndStandardError(_ rows: [Double], count: Int, width: Int) -> ([Double], [Double]) {
    var mean = [Double](repeating: 0, count: width)
    for r in 0..<count { for c in 0..<width { mean[c] += rows[r * width + c] } }
    for c in 0..<width { mean[c] /= Double(count) }
    var se = [Double](repeating: .nan, count: width)
    if count >= 2 {
      var ss = [Double](repeating: 0, count: width)
      for r in 0..<count {
        for c in 0..<width {
          let e = rows[r * width + c] - mean[c]
          ss[c] += e * e
        }
      }
      for c in 0..<width { se[c] = (ss[c] / Double(count - 1) / Double(count)).squareRoot() }
    }
    return (mean, se)
  }
}
