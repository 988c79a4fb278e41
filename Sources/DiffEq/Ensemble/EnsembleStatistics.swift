/// Mean and covariance of an ensemble's state at each save time, computed without storing paths.
///
/// For the `n` paths that stayed finite, at save time `s`:
///
/// ```
/// mean(s) = (1/n) Σₖ Xₖ(tₛ),   covariance(s) = (1/(n − 1)) Σₖ (Xₖ(tₛ) − mean)(Xₖ(tₛ) − mean)ᵀ.
/// ```
///
/// The sums are accumulated by the pairwise update of Chan, Golub & LeVeque (1979) along a fixed
/// binary tree over path indices (numerically stable: no `Σx² − (Σx)²/n` cancellation), so the
/// result is bit-identical for any thread count and any split into shards: merging the statistics
/// of `[a, m)` and `[m, b)` with ``merged(_:)`` gives exactly the statistics of `[a, b)`.
///
/// Reference: T. F. Chan, G. H. Golub, R. J. LeVeque, "Updating formulae and a pairwise algorithm for
/// computing sample variances", Stanford CS report STAN-CS-79-773, 1979.
public struct EnsembleStatistics: Sendable {
  /// The path ranges covered (sorted, disjoint; one range unless merged from non-adjacent shards).
  public let pathRanges: [Range<Int>]
  /// The save times.
  public let saveTimes: [Double]
  /// `d`.
  public let stateDimension: Int
  /// Number of paths included (finite to the end).
  public let count: Int
  /// Paths that became non-finite (excluded from the statistics), by increasing path index.
  public let failures: [PathFailure]
  /// Sample means, `saveTimes.count × d`, row-major. NaN when ``count`` is 0.
  public let mean: [Double]
  /// Sample covariances (divisor `n − 1`), `saveTimes.count × d × d`, row-major per save time.
  /// NaN when ``count`` < 2.
  public let covariance: [Double]
  @usableFromInline let nodes: [_MomentNode]
  @usableFromInline let signature: _EnsembleSignature

  @usableFromInline
  init(
    pathRanges: [Range<Int>], signature: _EnsembleSignature, failures: [PathFailure],
    nodes: [_MomentNode]
  ) {
    let d = signature.stateDimension
    let S = signature.saveTimes.count
    self.pathRanges = pathRanges
    self.saveTimes = signature.saveTimes
    self.stateDimension = d
    self.failures = failures.sorted { $0.path < $1.path }
    self.nodes = nodes
    self.signature = signature
    var mean = [Double](repeating: .nan, count: S * d)
    var covariance = [Double](repeating: .nan, count: S * d * d)
    var count = 0
    if let root = _Moments.root(of: nodes, stateDimension: d, saveCount: S) {
      count = Int(root.count)
      let divisor = root.count - 1
      for s in 0..<S {
        for i in 0..<d { mean[s * d + i] = root.values[i * S + s] }
        var k = 0
        for i in 0..<d {
          for l in i..<d {
            let c = root.values[(d + k) * S + s] / divisor
            covariance[(s * d + i) * d + l] = c
            covariance[(s * d + l) * d + i] = c
            k += 1
          }
        }
      }
    }
    self.count = count
    self.mean = mean
    self.covariance = covariance
  }

  /// The mean at save index `s` (`d` values; out-of-range indices trap).
  public func mean(at s: Int) -> ArraySlice<Double> {
    mean[(s * stateDimension)..<((s + 1) * stateDimension)]
  }

  /// The covariance at save index `s` (`d × d`, row-major; out-of-range indices trap).
  public func covariance(at s: Int) -> ArraySlice<Double> {
    let dd = stateDimension * stateDimension
    return covariance[(s * dd)..<((s + 1) * dd)]
  }

  /// The variances (covariance diagonal) at save index `s`.
  public func variance(at s: Int) -> [Double] {
    (0..<stateDimension).map { covariance[(s * stateDimension + $0) * stateDimension + $0] }
  }

  /// Standard errors of the mean at save index `s`: `√(variance/n)` per component.
  public func standardErrorOfMean(at s: Int) -> [Double] {
    variance(at: s).map { ($0 / Double(count)).squareRoot() }
  }

  /// Throws the first failure (lowest path index) as ``SDEError/nonFinite(quantity:t:path:)``.
  public func requireAllFinite() throws {
    if let first = failures.first { throw first.error }
  }

  /// The statistics of the union of shards of one run (same problem, method, `dt`, save times and
  /// seed; disjoint path ranges), bit-identical to a single run over the union.
  ///
  /// - Throws: ``SDEError/incompatibleShards(reason:)`` if `shards` is empty, the shards come from
  ///   different runs, or their path ranges overlap.
  public static func merged(_ shards: [EnsembleStatistics]) throws -> EnsembleStatistics {
    let first = try _sameRun(shards.map(\.signature))
    let ranges = try _mergeRanges(shards.flatMap(\.pathRanges))
    return EnsembleStatistics(
      pathRanges: ranges, signature: first, failures: shards.flatMap(\.failures),
      nodes: shards.flatMap(\.nodes))
  }
}

/// The common signature of shards that must come from one run (``EnsembleStatistics/merged(_:)``,
/// ``EnsemblePaths/merged(_:)``).
///
/// - Throws: ``SDEError/incompatibleShards(reason:)`` if there is no shard or one differs.
func _sameRun(_ signatures: [_EnsembleSignature]) throws -> _EnsembleSignature {
  guard let first = signatures.first else {
    throw SDEError.incompatibleShards(reason: "no shard given")
  }
  for (k, signature) in signatures.enumerated() where signature != first {
    throw SDEError.incompatibleShards(
      reason: "shard \(k) comes from a different run (method, seed, dt, span, x0 or save times differ)")
  }
  return first
}

/// Sorts ranges and joins adjacent ones; throws ``SDEError/incompatibleShards(reason:)`` on overlap.
@usableFromInline
func _mergeRanges(_ ranges: [Range<Int>]) throws -> [Range<Int>] {
  let sorted = ranges.sorted { $0.lowerBound < $1.lowerBound }
  var merged: [Range<Int>] = []
  for r in sorted {
    if let last = merged.last {
      if r.lowerBound < last.upperBound {
        throw SDEError.incompatibleShards(
          reason: "path ranges \(last) and \(r) overlap: each path must be in exactly one shard")
      }
      if r.lowerBound == last.upperBound {
        merged[merged.count - 1] = last.lowerBound..<r.upperBound
        continue
      }
    }
    merged.append(r)
  }
  return merged
}
