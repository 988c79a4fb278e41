/// An error reading, writing or validating trajectory data.
///
/// `file` is the file's path, or `"<memory>"` for data built in memory. Path ids (`pathID`) are
/// the CSV's path column values, or the 0-based path index as text for NumPy data. Steps, lines
/// and columns in messages are as a user would count them: steps and paths 0-based (as in NumPy
/// indexing), lines and columns 1-based (as in an editor). Every message says what to do.
public enum TrajectoryDataError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The file could not be opened or read (`reason` is the system's message).
  case unreadable(file: String, reason: String)
  /// The file could not be written (`reason` is the system's message); a previous file is unchanged.
  case unwritable(file: String, reason: String)
  /// There are no paths, no time steps or no state dimensions.
  case empty(file: String, detail: String)
  /// The CSV header is missing or unusable.
  case invalidHeader(file: String, reason: String)
  /// A CSV row has a different number of fields than the header.
  case wrongColumnCount(file: String, line: Int, found: Int, expected: Int)
  /// A CSV field that must be a number is not one.
  case malformedNumber(file: String, line: Int, column: Int, columnName: String, text: String)
  /// A path has a different number of time steps than the first path.
  case raggedPaths(file: String, pathID: String, steps: Int, expected: Int, referencePathID: String)
  /// Times are not strictly increasing (`step` is the later of the two).
  case nonIncreasingTimes(file: String, pathID: String, step: Int, previous: Double, time: Double)
  /// The time step at `step` (from `step − 1` to `step`) differs from the mean time step by more
  /// than the tolerance.
  case nonUniformTimeStep(file: String, pathID: String, step: Int, dt: Double, meanDt: Double, relativeTolerance: Double)
  /// A path's time at `step` differs from the first path's time there.
  case timesDifferBetweenPaths(file: String, pathID: String, step: Int, time: Double, referenceTime: Double, referencePathID: String)
  /// A value (or a time, `column == "t"`) is NaN or infinite.
  case nonFinite(file: String, pathID: String, step: Int, column: String, value: Double)
  /// A `.npy` file is not a valid NumPy array file.
  case invalidNPY(file: String, reason: String)
  /// A `.npy` file holds an element type other than 32/64-bit floats.
  case unsupportedDType(file: String, descr: String)
  /// A `.npy` file is stored in Fortran (column-major) order.
  case fortranOrder(file: String)
  /// An array has a shape that cannot hold trajectories (or does not match the data or times).
  case wrongShape(file: String, shape: [Int], reason: String)
  /// An argument is invalid (e.g. `dt ≤ 0`, value count not matching the shape).
  case invalidArgument(reason: String)

  /// A message saying what was wrong and what to do.
  public var description: String {
    switch self {
    case .unreadable(let file, let reason):
      return "cannot read '\(file)': \(reason). Check the path and that the file is readable."
    case .unwritable(let file, let reason):
      return "cannot write '\(file)': \(reason). Any previous file at that path is unchanged. "
        + "Check that the directory exists and is writable."
    case .empty(let file, let detail):
      return "no trajectory data in '\(file)': \(detail). Give at least one path with one time step and one state column."
    case .invalidHeader(let file, let reason):
      return "the CSV file '\(file)' has an unusable header: \(reason). The first line must name the columns: "
        + "path id, time, then one column per state dimension, e.g. 'path,t,x1,x2'."
    case .wrongColumnCount(let file, let line, let found, let expected):
      return "line \(line) of '\(file)' has \(found) fields, but the header has \(expected) columns. "
        + "Every row needs a path id, a time and one value per state column, separated by commas."
    case .malformedNumber(let file, let line, let column, let name, let text):
      return "line \(line), column \(column) ('\(name)') of '\(file)': '\(text)' is not a number. "
        + "Write numbers like 1.5, -2e-3 or 0."
    case .raggedPaths(let file, let id, let steps, let expected, let ref):
      return "path '\(id)' in '\(file)' has \(steps) time steps, but path '\(ref)' has \(expected). "
        + "All paths must be observed at the same times; drop or complete the short paths."
    case .nonIncreasingTimes(let file, let id, let step, let previous, let time):
      return "path '\(id)' in '\(file)': time \(time) at step \(step) does not come after \(previous) at step \(step - 1). "
        + "Times within a path must be strictly increasing (remove duplicate rows)."
    case .nonUniformTimeStep(let file, let id, let step, let dt, let mean, let tol):
      return "path '\(id)' in '\(file)': the time step from step \(step - 1) to \(step) is \(dt), but the mean step "
        + "is \(mean) (relative difference \(abs(dt - mean) / abs(mean)), tolerance \(tol)). The methods need "
        + "equally spaced observations: resample the data, or pass a validation that allows non-uniform times "
        + "where the caller supports them."
    case .timesDifferBetweenPaths(let file, let id, let step, let time, let refTime, let ref):
      return "path '\(id)' in '\(file)' is observed at time \(time) at step \(step), but path '\(ref)' at \(refTime). "
        + "All paths must share the same observation times."
    case .nonFinite(let file, let id, let step, let column, let value):
      return "path '\(id)' in '\(file)' has \(value) in column '\(column)' at step \(step). "
        + "Remove or repair paths with missing or infinite values."
    case .invalidNPY(let file, let reason):
      return "'\(file)' is not a valid NumPy .npy file: \(reason). Save arrays with numpy.save."
    case .unsupportedDType(let file, let descr):
      return "'\(file)' holds elements of type '\(descr)'; only 32- and 64-bit floats are supported "
        + "('<f4', '<f8', '>f4', '>f8'). Convert with array.astype(numpy.float64) before saving."
    case .fortranOrder(let file):
      return "'\(file)' is stored in Fortran (column-major) order, which is not supported. "
        + "Save numpy.ascontiguousarray(array) instead."
    case .wrongShape(let file, let shape, let reason):
      return "'\(file)' has shape \(shape): \(reason)."
    case .invalidArgument(let reason):
      return "invalid argument: \(reason)."
    }
  }
}
