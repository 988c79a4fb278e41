import Foundation

/// An error writing a figure to disk.
///
/// The message names the path, what failed, the system's reason, and what to do.
public enum SVGPlotError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The parent directory of `path` could not be created (`reason` is the system's message).
  case cannotCreateDirectory(path: String, reason: String)
  /// The file at `path` could not be written (`reason` is the system's message).
  case cannotWrite(path: String, reason: String)

  /// A message saying what went wrong and what to do.
  public var description: String {
    switch self {
    case .cannotCreateDirectory(let path, let reason):
      return "cannot create the directory '\(path)' for the figure: \(reason). "
        + "Choose an output path in a writable location."
    case .cannotWrite(let path, let reason):
      return "cannot write the figure to '\(path)': \(reason). "
        + "Check that the path is a writable file location (not a directory) and the disk is not full."
    }
  }
}

/// Writes `text` to `path` atomically, creating missing parent directories.
func _writeText(_ text: String, to path: String) throws {
  let url = URL(fileURLWithPath: path)
  let dir = url.deletingLastPathComponent()
  var isDir: ObjCBool = false
  if !FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir) {
    do {
      try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    } catch {
      throw SVGPlotError.cannotCreateDirectory(path: dir.path, reason: _reason(error))
    }
  } else if !isDir.boolValue {
    throw SVGPlotError.cannotCreateDirectory(
      path: dir.path, reason: "a file with that name exists and is not a directory")
  }
  do {
    try Data(text.utf8).write(to: url, options: .atomic)
  } catch {
    throw SVGPlotError.cannotWrite(path: path, reason: _reason(error))
  }
}

/// The most specific human-readable reason of a Foundation file error.
func _reason(_ error: Error) -> String {
  let ns = error as NSError
  if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError,
    underlying.domain == NSPOSIXErrorDomain, let code = POSIXErrorCode(rawValue: Int32(underlying.code))
  {
    return String(cString: strerror(code.rawValue))
  }
  return ns.localizedDescription
}
