/// A runtime failure of a `diffeq` command (exit code 1), or an invalid option value found while
/// parsing one (exit code 64, through argument-parser's `transform`).
///
/// `description` is one line saying what was wrong and what to do; argument-parser prints it after
/// `Error: ` on stderr.
struct CLIError: Error, CustomStringConvertible, Equatable {
  /// The one-line message.
  let description: String

  init(_ description: String) {
    self.description = description
  }
}
