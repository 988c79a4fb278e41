import NeuralSDE

/// The trajectory file formats `diffeq` reads and writes, chosen by the file's extension.
enum TrajectoryFileFormat: String, CaseIterable {
  /// Comma-separated values: header `path,t,<state names>`, one row per path and time.
  case csv
  /// NumPy `.npy`, shape `(paths, steps, dims)`; the times go to `<name>.times.npy`.
  case npy

  /// The format of `path` from its (case-insensitive) extension, or `nil` when it is neither.
  init?(path: String) {
    let lower = path.lowercased()
    if lower.hasSuffix(".csv") {
      self = .csv
    } else if lower.hasSuffix(".npy") {
      self = .npy
    } else {
      return nil
    }
  }

  /// `ball.npy` → `ball.times.npy`: where `diffeq simulate` writes the times of a `.npy` file.
  static func timesFile(forNPY path: String) -> String {
    String(path.dropLast(4)) + ".times.npy"
  }

  /// Writes `set` to `path` in this format (for `.npy` also the times file). Returns the files
  /// written.
  /// - Throws: ``TrajectoryDataError/unwritable(file:reason:)``.
  @discardableResult
  func write(_ set: TrajectorySet, to path: String) throws -> [String] {
    switch self {
    case .csv:
      try set.writeCSV(to: path)
      return [path]
    case .npy:
      try set.writeNPY(to: path)
      let timesPath = TrajectoryFileFormat.timesFile(forNPY: path)
      try set.writeTimesNPY(to: timesPath)
      return [path, timesPath]
    }
  }
}
