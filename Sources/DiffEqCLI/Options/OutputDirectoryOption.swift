import ArgumentParser
import Foundation

/// Creates `path` (and its parents) as a directory unless it already is one.
/// - Throws: ``CLIError`` when it exists as a file or cannot be created.
func _makeDirectory(_ path: String) throws {
  var isDirectory: ObjCBool = false
  if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
    guard isDirectory.boolValue else {
      throw CLIError("'\(path)' exists and is not a directory: choose another --output directory.")
    }
    return
  }
  do {
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  } catch {
    throw CLIError(
      "cannot create the output directory '\(path)': \((error as NSError).localizedDescription). "
        + "Choose a writable location.")
  }
}

/// `directory/name`.
func _join(_ directory: String, _ name: String) -> String {
  directory.hasSuffix("/") ? directory + name : directory + "/" + name
}

/// Writes `text` to `path` (UTF-8, atomically) and returns the path.
/// - Throws: ``CLIError`` naming the file and the system's reason.
@discardableResult
func _writeText(_ text: String, to path: String) throws -> String {
  do {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
  } catch {
    throw CLIError(
      "cannot write '\(path)': \((error as NSError).localizedDescription). Check that the "
        + "directory is writable.")
  }
  return path
}
