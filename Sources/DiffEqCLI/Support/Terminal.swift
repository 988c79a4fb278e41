import Foundation

/// Standard-error output and terminal detection.
enum Terminal {
  /// Whether stderr is an interactive terminal (progress bars are drawn only then).
  static var stderrIsTTY: Bool { isatty(STDERR_FILENO) == 1 }

  /// Writes `text` to stderr unbuffered (no newline added).
  static func writeError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
  }
}
