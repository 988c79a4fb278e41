extension TrajectorySet {
  /// Reads trajectories from a NumPy `.npy` file of 32- or 64-bit floats.
  ///
  /// Accepted shapes: `(paths, steps, dims)`; `(steps, dims)` = one path; `(steps,)` = one path of
  /// one dimension. Observation times come from `timesFile`, a `.npy` of shape `(steps,)`, or, when
  /// there is none, are `t0 + k·dt` for `k = 0 … steps−1`. Give exactly one of `timesFile` and `dt`.
  /// Path ids are `"0", "1", …`; state names `x1, x2, …`.
  /// - Parameters:
  ///   - file: path of the data `.npy`.
  ///   - timesFile: path of a times `.npy` of shape `(steps,)`, default none.
  ///   - dt: time step when there is no times file, finite and `> 0`, default none.
  ///   - t0: first time when `dt` is used, finite, default 0.
  ///   - validation: checks on the times, default ``TrajectoryValidation/default``.
  /// - Throws: ``TrajectoryDataError`` — unreadable files, invalid `.npy` content, unsupported
  ///   element type, Fortran order, an unusable shape or times length (``TrajectoryDataError/wrongShape(file:shape:reason:)``),
  ///   non-finite values (with path, step and dimension), empty data, invalid times, or an invalid
  ///   `dt`/`timesFile` combination (``TrajectoryDataError/invalidArgument(reason:)``).
  public static func readNPY(
    _ file: String, timesFile: String? = nil, dt: Double? = nil, t0: Double = 0,
    validation: TrajectoryValidation = .default
  ) throws -> TrajectorySet {
    if timesFile != nil && dt != nil {
      throw TrajectoryDataError.invalidArgument(reason: "give either a times file or dt, not both")
    }
    let array = try NPYArray.read(from: file)
    let (paths, steps, dims) = try layout(of: array.shape, file: file)
    if paths == 0 || steps == 0 || dims == 0 {
      throw TrajectoryDataError.empty(file: file, detail: "the array has shape \(array.shape)")
    }
    let times: [Double]
    if let timesFile {
      let t = try NPYArray.read(from: timesFile)
      guard t.shape == [steps] else {
        throw TrajectoryDataError.wrongShape(
          file: timesFile, shape: t.shape,
          reason: "the times must be a 1-D array with one entry per step, shape (\(steps),), to match '\(file)'")
      }
      times = t.values
    } else if let dt {
      guard dt.isFinite, dt > 0, t0.isFinite else {
        throw TrajectoryDataError.invalidArgument(reason: "dt must be finite and > 0 and t0 finite, got dt \(dt), t0 \(t0)")
      }
      times = (0..<steps).map { t0 + Double($0) * dt }
    } else {
      throw TrajectoryDataError.invalidArgument(
        reason: "'\(file)' holds no observation times: give a times .npy of shape (steps,) or the time step dt")
    }
    return try TrajectorySet(
      values: array.values, paths: paths, steps: steps, dims: dims, times: times, stateNames: nil, pathIDs: nil,
      validation: validation, file: file)
  }

  /// `(paths, steps, dims)` for an accepted `.npy` shape.
  static func layout(of shape: [Int], file: String) throws -> (Int, Int, Int) {
    switch shape.count {
    case 1: return (1, shape[0], 1)
    case 2: return (1, shape[0], shape[1])
    case 3: return (shape[0], shape[1], shape[2])
    default:
      throw TrajectoryDataError.wrongShape(
        file: file, shape: shape,
        reason: "trajectories must have shape (paths, steps, dims), (steps, dims) or (steps,); "
          + "got \(shape.count) dimensions. Reshape the array before saving")
    }
  }

  /// Writes the values as a `.npy` array of shape `(paths, steps, dims)` (atomically).
  /// Times are not included: write them with ``writeTimesNPY(to:)``.
  /// - Parameter precision: element type, default ``NPYArray/Precision/float64``.
  /// - Throws: ``TrajectoryDataError/unwritable(file:reason:)``.
  public func writeNPY(to file: String, precision: NPYArray.Precision = .float64) throws {
    try NPYArray(shape: [paths, steps, dims], values: values).write(to: file, precision: precision)
  }

  /// Writes the observation times as a float64 `.npy` array of shape `(steps,)` (atomically).
  /// - Throws: ``TrajectoryDataError/unwritable(file:reason:)``.
  public func writeTimesNPY(to file: String) throws {
    try NPYArray(shape: [steps], values: times).write(to: file, precision: .float64)
  }
}
