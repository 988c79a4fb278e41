/// A set of sampled trajectories sharing the same observation times: `paths × steps × dims`.
///
/// Storage is one flat row-major array: the value of dimension `d` of path `p` at step `k` (time
/// `times[k]`) is `values[(p · steps + k) · dims + d]` — the C-order layout of a NumPy array of
/// shape `(paths, steps, dims)`. Every value is validated on construction (see
/// ``TrajectoryValidation``), so a `TrajectorySet` always holds at least one path, step and
/// dimension, finite values, and strictly increasing finite times (equally spaced unless the
/// validation allowed otherwise).
///
/// Read and write it with ``readCSV(_:validation:)``, ``writeCSV(to:)``,
/// ``readNPY(_:timesFile:dt:t0:validation:)`` and ``writeNPY(to:precision:)``.
public struct TrajectorySet: Sendable, Equatable {
  /// Number of paths (independent trajectories), `≥ 1`.
  public let paths: Int
  /// Number of observation times per path, `≥ 1`.
  public let steps: Int
  /// State dimension, `≥ 1`.
  public let dims: Int
  /// Observation times shared by all paths, strictly increasing, `steps` entries.
  public let times: [Double]
  /// All values, `paths · steps · dims` entries, row-major over `(path, step, dim)`.
  public let values: [Double]
  /// Names of the state dimensions (`dims` entries): the CSV header's state columns, or
  /// `x1, x2, …` by default.
  public let stateNames: [String]
  /// Labels of the paths (`paths` entries): the CSV's path ids in order of first appearance, or
  /// `"0", "1", …` by default.
  public let pathIDs: [String]
  /// The uniform time step: the mean step `(t_last − t_0)/(steps − 1)` when every step is within
  /// the validation's relative tolerance of it, `nil` otherwise or when `steps == 1`.
  public let dt: Double?

  /// Creates and validates a trajectory set from flat row-major values.
  /// - Parameters:
  ///   - values: `paths · steps · dims` values, index `(p · steps + k) · dims + d`.
  ///   - paths, steps, dims: the sizes, each `≥ 1`.
  ///   - times: `steps` observation times.
  ///   - stateNames: `dims` names, default `x1 … x_dims`.
  ///   - pathIDs: `paths` labels, default `"0" … "paths−1"`.
  ///   - validation: checks on the times, default ``TrajectoryValidation/default``.
  /// - Throws: ``TrajectoryDataError/invalidArgument(reason:)`` when a count does not match;
  ///   ``TrajectoryDataError/empty(file:detail:)``, ``TrajectoryDataError/nonFinite(file:pathID:step:column:value:)``,
  ///   ``TrajectoryDataError/nonIncreasingTimes(file:pathID:step:previous:time:)`` or
  ///   ``TrajectoryDataError/nonUniformTimeStep(file:pathID:step:dt:meanDt:relativeTolerance:)``
  ///   for invalid data.
  public init(
    values: [Double], paths: Int, steps: Int, dims: Int, times: [Double], stateNames: [String]? = nil,
    pathIDs: [String]? = nil, validation: TrajectoryValidation = .default
  ) throws {
    try self.init(
      values: values, paths: paths, steps: steps, dims: dims, times: times, stateNames: stateNames,
      pathIDs: pathIDs, validation: validation, file: "<memory>")
  }

  init(
    values: [Double], paths: Int, steps: Int, dims: Int, times: [Double], stateNames: [String]?,
    pathIDs: [String]?, validation: TrajectoryValidation, file: String
  ) throws {
    if paths == 0 || steps == 0 || dims == 0 {
      throw TrajectoryDataError.empty(file: file, detail: "\(paths) paths × \(steps) steps × \(dims) dimensions")
    }
    guard paths > 0, steps > 0, dims > 0 else {
      throw TrajectoryDataError.invalidArgument(reason: "sizes must be positive, got paths \(paths), steps \(steps), dims \(dims)")
    }
    let (ps, o1) = paths.multipliedReportingOverflow(by: steps)
    let (count, o2) = ps.multipliedReportingOverflow(by: dims)
    guard !o1, !o2, count == values.count else {
      throw TrajectoryDataError.invalidArgument(
        reason: "\(values.count) values given for \(paths) paths × \(steps) steps × \(dims) dimensions")
    }
    guard times.count == steps else {
      throw TrajectoryDataError.invalidArgument(reason: "\(times.count) times given for \(steps) steps")
    }
    let names = stateNames ?? (1...dims).map { "x\($0)" }
    guard names.count == dims else {
      throw TrajectoryDataError.invalidArgument(reason: "\(names.count) state names given for \(dims) dimensions")
    }
    let ids = pathIDs ?? (0..<paths).map { String($0) }
    guard ids.count == paths else {
      throw TrajectoryDataError.invalidArgument(reason: "\(ids.count) path ids given for \(paths) paths")
    }
    guard validation.relativeTimeTolerance >= 0 else {
      throw TrajectoryDataError.invalidArgument(
        reason: "relativeTimeTolerance must be ≥ 0, got \(validation.relativeTimeTolerance)")
    }
    try TrajectorySet.checkTimes(times, pathID: ids[0], file: file, validation: validation)
    for p in 0..<paths {
      for k in 0..<steps {
        for d in 0..<dims where !values[(p * steps + k) * dims + d].isFinite {
          throw TrajectoryDataError.nonFinite(
            file: file, pathID: ids[p], step: k, column: names[d], value: values[(p * steps + k) * dims + d])
        }
      }
    }
    self.paths = paths
    self.steps = steps
    self.dims = dims
    self.times = times
    self.values = values
    self.stateNames = names
    self.pathIDs = ids
    self.dt = TrajectorySet.uniformStep(times, relativeTolerance: validation.relativeTimeTolerance)
  }

  /// The value of dimension `dim` of path `path` at step `step` (indices must be in range).
  @inlinable
  public subscript(path path: Int, step step: Int, dim dim: Int) -> Double {
    values[(path * steps + step) * dims + dim]
  }

  /// The state of path `path` at step `step`: `dims` values.
  @inlinable
  public func state(path: Int, step: Int) -> ArraySlice<Double> {
    let start = (path * steps + step) * dims
    return values[start..<(start + dims)]
  }

  /// The whole of path `path`: `steps × dims` values, row-major.
  @inlinable
  public func path(_ path: Int) -> ArraySlice<Double> {
    let start = path * steps * dims
    return values[start..<(start + steps * dims)]
  }

  /// The paths at `indices` (in that order, repeats allowed), e.g. for a training/validation split.
  /// Indices must be in `0..<paths`; an empty selection throws.
  /// - Throws: ``TrajectoryDataError/invalidArgument(reason:)`` for an empty selection or an index
  ///   out of range.
  public func selecting(paths indices: [Int]) throws -> TrajectorySet {
    guard !indices.isEmpty else { throw TrajectoryDataError.invalidArgument(reason: "no paths selected") }
    var out: [Double] = []
    out.reserveCapacity(indices.count * steps * dims)
    for i in indices {
      guard i >= 0 && i < paths else {
        throw TrajectoryDataError.invalidArgument(reason: "path index \(i) is outside 0..<\(paths)")
      }
      out += path(i)
    }
    // The selected values were validated when `self` was built; only the path count changes.
    return TrajectorySet(
      validatedValues: out, paths: indices.count, steps: steps, dims: dims, times: times,
      stateNames: stateNames, pathIDs: indices.map { pathIDs[$0] }, dt: dt)
  }

  /// Memberwise initializer for data that are already validated.
  private init(
    validatedValues: [Double], paths: Int, steps: Int, dims: Int, times: [Double], stateNames: [String],
    pathIDs: [String], dt: Double?
  ) {
    self.paths = paths
    self.steps = steps
    self.dims = dims
    self.times = times
    self.values = validatedValues
    self.stateNames = stateNames
    self.pathIDs = pathIDs
    self.dt = dt
  }

  // MARK: - Validation helpers

  /// Checks one path's times: finite, strictly increasing, and (if required) uniform.
  static func checkTimes(_ times: [Double], pathID: String, file: String, validation: TrajectoryValidation) throws {
    for (k, t) in times.enumerated() where !t.isFinite {
      throw TrajectoryDataError.nonFinite(file: file, pathID: pathID, step: k, column: "t", value: t)
    }
    for k in times.indices.dropFirst() where !(times[k] > times[k - 1]) {
      throw TrajectoryDataError.nonIncreasingTimes(
        file: file, pathID: pathID, step: k, previous: times[k - 1], time: times[k])
    }
    guard validation.requireUniformTimeStep, times.count >= 3, let first = times.first, let last = times.last
    else { return }
    let mean = (last - first) / Double(times.count - 1)
    let tol = validation.relativeTimeTolerance
    for k in times.indices.dropFirst() {
      let dt = times[k] - times[k - 1]
      if abs(dt - mean) > tol * mean {
        throw TrajectoryDataError.nonUniformTimeStep(
          file: file, pathID: pathID, step: k, dt: dt, meanDt: mean, relativeTolerance: tol)
      }
    }
  }

  /// The mean step when all steps are within `relativeTolerance` of it, else `nil`.
  static func uniformStep(_ times: [Double], relativeTolerance: Double) -> Double? {
    guard times.count >= 2, let first = times.first, let last = times.last else { return nil }
    let mean = (last - first) / Double(times.count - 1)
    for k in times.indices.dropFirst() where abs(times[k] - times[k - 1] - mean) > relativeTolerance * mean {
      return nil
    }
    return mean
  }
}
