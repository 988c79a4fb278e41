/// Many independent paths of one SDE problem, simulated in parallel, sixteen paths per SIMD lane
/// vector (`SIMD16<Double>`): all saved states, or mean and covariance per save time.
///
/// Path `k` uses random stream `k` under ``seed`` (``Xoshiro256PlusPlus/init(seed:stream:)``,
/// ``GaussianStream``) and the steps of ``FixedStepSchedule`` (lattice `t0 + j·dt` landing on every
/// save time), so it is bit-identical whatever the number of paths, the thread count, the shard
/// that computes it or its lane position, and equal to ``solve(path:)``.
///
/// ```swift
/// let ensemble = try SDEEnsemble(problem: problem, method: EulerMaruyama(), dt: 0.01,
///                                saveTimes: [1, 5, 10], seed: 42)
/// let stats = try ensemble.statistics(count: 10_000)        // all cores
/// let shard = try ensemble.statistics(paths: 0..<5_000, threads: 1)
/// ```
///
/// Work is split into chunks of paths handed dynamically to `threads` workers
/// (`DispatchQueue.concurrentPerform`). A path whose state becomes non-finite is recorded as a
/// ``PathFailure`` (path, time, quantity) and excluded from statistics; the run continues.
public struct SDEEnsemble<Field: SDEVectorField, Method: SDEMethod>: Sendable {
  /// The problem (field, `x0`, span).
  public let problem: SDEProblem<Field>
  /// The method.
  public let method: Method
  /// The nominal step.
  public let dt: Double
  /// The save times, strictly increasing in `[t0, t1]`.
  public let saveTimes: [Double]
  /// The random seed.
  public let seed: UInt64
  @usableFromInline let plan: _SDEStepPlan

  /// Validates the settings and precomputes the step plan.
  ///
  /// - Parameters:
  ///   - problem: the SDE problem.
  ///   - method: the method (its capabilities are checked against the field).
  ///   - dt: nominal step, finite and `> 0`.
  ///   - saveTimes: strictly increasing times in `[t0, t1]`, at least one.
  ///   - seed: the random seed.
  /// - Throws: the method's capability errors, ``SDEError/invalidStepSize(dt:)``,
  ///   ``SDEError/emptySaveTimes``, ``SDEError/saveTimeOutsideSpan(index:time:t0:t1:)``,
  ///   ``SDEError/saveTimesNotIncreasing(index:previous:current:)``,
  ///   ``SDEError/tooManySteps(required:limit:)``.
  @inlinable
  public init(
    problem: SDEProblem<Field>, method: Method, dt: Double, saveTimes: [Double], seed: UInt64
  ) throws {
    try method.validate(problem.field)
    plan = try _SDEStepPlan(t0: problem.t0, t1: problem.t1, dt: dt, saveTimes: saveTimes)
    self.problem = problem
    self.method = method
    self.dt = dt
    self.saveTimes = saveTimes
    self.seed = seed
  }

  /// The default thread count: the number of active processors.
  public static var defaultThreadCount: Int { _ChunkScheduler.processorCount }

  @inlinable
  var signature: _EnsembleSignature {
    _EnsembleSignature(
      method: Method.name, seed: seed, dt: dt, t0: problem.t0, t1: problem.t1, x0: problem.x0,
      saveTimes: saveTimes, stateDimension: problem.stateDimension,
      noiseDimension: problem.noiseDimension)
  }

  @inlinable
  static func validate(range: Range<Int>, threads: Int) throws {
    guard range.lowerBound >= 0, !range.isEmpty else {
      throw SDEError.invalidPathRange(lower: range.lowerBound, upper: range.upperBound)
    }
    guard threads >= 1 else { throw SDEError.invalidThreadCount(threads) }
  }

  /// Path `k` alone (`L = Double`): the same bits as path `k` of any ensemble run.
  ///
  /// - Throws: ``SDEError/invalidPathRange(lower:upper:)`` for `k < 0`,
  ///   ``SDEError/nonFinite(quantity:t:path:)`` if the path fails.
  @inlinable
  public func solve(path k: Int) throws -> SDESolution {
    try problem.solve(method: method, dt: dt, saveTimes: saveTimes, seed: seed, path: k)
  }

  /// All saved states of paths `paths` (`[a, b)`, `a ≥ 0`).
  ///
  /// - Parameters:
  ///   - paths: the path indices to simulate.
  ///   - threads: worker threads `≥ 1` (default: active processors).
  ///   - progress: called after each chunk with `(completedPaths, totalPaths)`, from worker
  ///     threads but never concurrently; return `false` to cancel.
  /// - Returns: `paths.count × saveTimes.count × d` states and the failures.
  /// - Throws: ``SDEError/invalidPathRange(lower:upper:)``, ``SDEError/invalidThreadCount(_:)``,
  ///   ``SDEError/cancelled(completedPaths:totalPaths:)``.
  /// - Complexity: `O(paths · steps)` time; `8·paths·saves·d` bytes for the result.
  @inlinable
  public func paths(
    _ paths: Range<Int>, threads: Int = defaultThreadCount,
    progress: (@Sendable (Int, Int) -> Bool)? = nil
  ) throws -> EnsemblePaths {
    try Self.validate(range: paths, threads: threads)
    let size = paths.count * saveTimes.count * problem.stateDimension
    var values = _LargeArray.make(repeating: .nan, count: size)
    let failures = try values.withUnsafeMutableBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return [PathFailure]() }
      return try _runEnsemble(
        problem: problem, method: method, plan: plan, seed: seed, range: paths, threads: threads,
        progress: progress, flatOutput: _SharedBuffer(base), statistics: false
      ).failures
    }
    return EnsemblePaths(pathRange: paths, signature: signature, values: values, failures: failures)
  }

  /// All saved states of paths `0 ..< count`.
  ///
  /// - Throws: ``SDEError/invalidPathCount(_:)`` for `count ≤ 0`, and as ``paths(_:threads:progress:)``.
  @inlinable
  public func paths(
    count: Int, threads: Int = defaultThreadCount, progress: (@Sendable (Int, Int) -> Bool)? = nil
  ) throws -> EnsemblePaths {
    guard count >= 1 else { throw SDEError.invalidPathCount(count) }
    return try paths(0..<count, threads: threads, progress: progress)
  }

  /// Mean and covariance at each save time over paths `paths`, without storing the paths.
  ///
  /// - Parameters: as ``paths(_:threads:progress:)``.
  /// - Returns: statistics bit-identical for any `threads` and mergeable across shards
  ///   (``EnsembleStatistics/merged(_:)``).
  /// - Throws: as ``paths(_:threads:progress:)``.
  /// - Complexity: `O(paths · (steps + saves·d²))` time, `O(threads · saves · d² · log paths)` memory.
  @inlinable
  public func statistics(
    paths: Range<Int>, threads: Int = defaultThreadCount,
    progress: (@Sendable (Int, Int) -> Bool)? = nil
  ) throws -> EnsembleStatistics {
    try Self.validate(range: paths, threads: threads)
    let result = try _runEnsemble(
      problem: problem, method: method, plan: plan, seed: seed, range: paths, threads: threads,
      progress: progress, flatOutput: nil, statistics: true)
    return EnsembleStatistics(
      pathRanges: [paths], signature: signature, failures: result.failures, nodes: result.nodes)
  }

  /// Mean and covariance at each save time over paths `0 ..< count`.
  ///
  /// - Throws: ``SDEError/invalidPathCount(_:)`` for `count ≤ 0`, and as
  ///   ``statistics(paths:threads:progress:)``.
  @inlinable
  public func statistics(
    count: Int, threads: Int = defaultThreadCount, progress: (@Sendable (Int, Int) -> Bool)? = nil
  ) throws -> EnsembleStatistics {
    guard count >= 1 else { throw SDEError.invalidPathCount(count) }
    return try statistics(paths: 0..<count, threads: threads, progress: progress)
  }
}
