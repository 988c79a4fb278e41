/// Every saved state of a range of ensemble paths, flat: `paths × saveTimes × d`.
///
/// `values[((k − pathRange.lowerBound)·S + s)·d + i]` is component `i` of path `k` at
/// `saveTimes[s]` (`S = saveTimes.count`). Path `k` is bit-identical to ``SDEEnsemble/solve(path:)``
/// and to path `k` of any other range, thread count or shard of the same ensemble.
public struct EnsemblePaths: Sendable {
  /// The paths held, `[a, b)`.
  public let pathRange: Range<Int>
  /// The save times.
  public let saveTimes: [Double]
  /// `d`.
  public let stateDimension: Int
  /// The states, `pathRange.count × saveTimes.count × d`, row-major.
  public let values: [Double]
  /// Paths that became non-finite, by increasing path index; their states are unspecified after
  /// the failure time (usually NaN).
  public let failures: [PathFailure]
  @usableFromInline let signature: _EnsembleSignature

  @usableFromInline
  init(
    pathRange: Range<Int>, signature: _EnsembleSignature, values: [Double],
    failures: [PathFailure]
  ) {
    self.pathRange = pathRange
    self.saveTimes = signature.saveTimes
    self.stateDimension = signature.stateDimension
    self.values = values
    self.failures = failures.sorted { $0.path < $1.path }
    self.signature = signature
  }

  /// The saved states of path `k` (`saveTimes.count × d`; `k` must be in ``pathRange``, else traps).
  public func path(_ k: Int) -> ArraySlice<Double> {
    let size = saveTimes.count * stateDimension
    let row = k - pathRange.lowerBound
    return values[(row * size)..<((row + 1) * size)]
  }

  /// The state of path `k` at save index `s` (`d` values; out-of-range indices trap).
  public func state(path k: Int, save s: Int) -> ArraySlice<Double> {
    let start = ((k - pathRange.lowerBound) * saveTimes.count + s) * stateDimension
    return values[start..<(start + stateDimension)]
  }

  /// Throws the first failure (lowest path index) as ``SDEError/nonFinite(quantity:t:path:)``.
  public func requireAllFinite() throws {
    if let first = failures.first { throw first.error }
  }

  /// Concatenates shards of one run whose ranges are adjacent, into the paths of their union.
  ///
  /// - Throws: ``SDEError/incompatibleShards(reason:)`` if `shards` is empty, comes from different
  ///   runs, or the ranges overlap or leave a gap.
  public static func merged(_ shards: [EnsemblePaths]) throws -> EnsemblePaths {
    let signature = try _sameRun(shards.map(\.signature))
    let ranges = try _mergeRanges(shards.map(\.pathRange))
    guard ranges.count == 1, let range = ranges.first else {
      throw SDEError.incompatibleShards(
        reason: "path ranges leave gaps (\(ranges)): flat paths need one contiguous range")
    }
    var values: [Double] = []
    values.reserveCapacity(shards.reduce(0) { $0 + $1.values.count })
    for shard in shards.sorted(by: { $0.pathRange.lowerBound < $1.pathRange.lowerBound }) {
      values.append(contentsOf: shard.values)
    }
    return EnsemblePaths(
      pathRange: range, signature: signature, values: values,
      failures: shards.flatMap(\.failures))
  }
}
