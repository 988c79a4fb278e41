import ArgumentParser
import Foundation
import NeuralSDE

/// A trajectory file to read (CSV or NumPy `.npy`) and, for `.npy`, where its times come from.
struct TrajectoryInputOptions: ParsableArguments {
  @Argument(help: ArgumentHelp(
    "Trajectory file: .csv with header 'path,t,<state columns>' (one row per path and time), or "
      + ".npy of shape (paths, steps, dims), (steps, dims) or (steps,), float32 or float64.",
    valueName: "file"))
  var file: String

  @Option(parsing: .unconditional, help: ArgumentHelp(
    "Time step between observations, for .npy data without a times file (times are k·dt from 0). "
      + "Not allowed with .csv, whose times are in the file.",
    valueName: "time"))
  var dt: Double?

  @Option(help: ArgumentHelp(
    "A .npy file of shape (steps,) with the observation times of a .npy data file. Default: "
      + "'<name>.times.npy' beside the data file when it exists (as written by 'diffeq simulate').",
    valueName: "file"))
  var times: String?

  /// The data file's format, from its extension.
  var format: TrajectoryFileFormat? { TrajectoryFileFormat(path: file) }

  func validate() throws {
    guard let format else {
      throw ValidationError(
        "cannot tell the format of '\(file)' from its extension: use a .csv or .npy file.")
    }
    if let dt, !(dt.isFinite && dt > 0) {
      throw ValidationError("--dt must be a finite time step > 0 (got \(dt)).")
    }
    if format == .csv, dt != nil || times != nil {
      throw ValidationError(
        "--dt and --times apply only to .npy data: the times of a CSV file are its second column.")
    }
    if dt != nil, times != nil {
      throw ValidationError("give either --dt or --times, not both.")
    }
  }

  /// Reads and validates the trajectories.
  /// - Throws: ``TrajectoryDataError`` (unreadable file, bad contents) or ``CLIError`` when a
  ///   `.npy` file has no times.
  func read() throws -> TrajectorySet {
    switch format {
    case .csv:
      return try TrajectorySet.readCSV(file)
    case .npy:
      if let dt { return try TrajectorySet.readNPY(file, dt: dt) }
      if let times { return try TrajectorySet.readNPY(file, timesFile: times) }
      let sibling = TrajectoryFileFormat.timesFile(forNPY: file)
      if FileManager.default.fileExists(atPath: sibling) {
        return try TrajectorySet.readNPY(file, timesFile: sibling)
      }
      if !FileManager.default.fileExists(atPath: file) {
        // Let the reader report the missing file itself.
        return try TrajectorySet.readNPY(file, dt: 1)
      }
      throw CLIError(
        "'\(file)' holds no observation times and there is no '\(sibling)': pass --dt <step> "
          + "(times k·dt from 0) or --times <file.npy>.")
    case nil:
      throw CLIError("cannot tell the format of '\(file)': use a .csv or .npy file.")
    }
  }
}
