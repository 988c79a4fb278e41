import Foundation
import Testing

/// What one run of the `diffeq` binary printed and returned.
struct CommandResult: CustomStringConvertible {
  let arguments: [String]
  let stdout: String
  let stderr: String
  let exitCode: Int32

  var description: String {
    "diffeq \(arguments.joined(separator: " ")) → exit \(exitCode)\n--- stdout ---\n\(stdout)\n--- stderr ---\n\(stderr)"
  }
}

/// An error of the test harness itself (not of the command under test).
struct HarnessError: Error, CustomStringConvertible {
  let description: String
}

/// Runs the built `diffeq` binary, as swift-argument-parser's `MathExampleTests` runs `math`.
///
/// The binary is the `diffeq` next to the test executable (`swift test` builds it first because
/// `DiffEqCLITests` depends on the `DiffEqCLI` target), or `$DIFFEQ_CLI` when set.
enum Diffeq {
  /// The path of the `diffeq` binary.
  static func binary() throws -> URL {
    if let override = ProcessInfo.processInfo.environment["DIFFEQ_CLI"] {
      return URL(fileURLWithPath: override)
    }
    // The test executable lives in the products directory (…/debug or …/release), possibly inside
    // an `.xctest` bundle on macOS: walk up until a `diffeq` file is found.
    var directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
      .deletingLastPathComponent()
    if let main = Bundle.main.executableURL, !FileManager.default.fileExists(atPath: "/proc/self/exe") {
      directory = main.deletingLastPathComponent()
    }
    for _ in 0..<4 {
      let candidate = directory.appendingPathComponent("diffeq")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      directory = directory.deletingLastPathComponent()
    }
    throw HarnessError(
      description: "cannot find the diffeq binary next to the test executable; build it with "
        + "`swift build --product diffeq` or set DIFFEQ_CLI to its path")
  }

  /// Whether the binary under test is a release build (it lives in a `release` products folder).
  static var isOptimizedBuild: Bool {
    guard let url = try? binary() else { return false }
    return url.resolvingSymlinksInPath().pathComponents.contains("release")
  }

  /// Runs `diffeq arguments…` in `directory` (default: a fresh temporary directory) with stdin
  /// closed, and returns its output and exit code.
  static func run(_ arguments: [String], in directory: URL? = nil) throws -> CommandResult {
    let process = Process()
    process.executableURL = try binary()
    process.arguments = arguments
    let workDirectory = try directory ?? TemporaryDirectory.make()
    process.currentDirectoryURL = workDirectory
    // Output goes to files (pipes could fill up and block the child).
    let outURL = workDirectory.appendingPathComponent(".stdout-\(UUID().uuidString)")
    let errURL = workDirectory.appendingPathComponent(".stderr-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let outHandle = try FileHandle(forWritingTo: outURL)
    let errHandle = try FileHandle(forWritingTo: errURL)
    process.standardOutput = outHandle
    process.standardError = errHandle
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try outHandle.close()
    try errHandle.close()
    let stdout = try String(contentsOf: outURL, encoding: .utf8)
    let stderr = try String(contentsOf: errURL, encoding: .utf8)
    try? FileManager.default.removeItem(at: outURL)
    try? FileManager.default.removeItem(at: errURL)
    return CommandResult(
      arguments: arguments, stdout: stdout, stderr: stderr, exitCode: process.terminationStatus)
  }
}

/// Fresh temporary directories for test outputs.
enum TemporaryDirectory {
  static func make() throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("diffeq-cli-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}

/// Expects a usage error: exit code 64, nothing on stdout, and stderr naming the problem.
func expectUsageError(
  _ arguments: [String], mentions fragments: [String], sourceLocation: SourceLocation = #_sourceLocation
) throws {
  let result = try Diffeq.run(arguments)
  #expect(result.exitCode == 64, "\(result)", sourceLocation: sourceLocation)
  #expect(result.stdout.isEmpty, "\(result)", sourceLocation: sourceLocation)
  for fragment in fragments {
    #expect(result.stderr.contains(fragment), "missing '\(fragment)' in \(result)", sourceLocation: sourceLocation)
  }
}

/// Expects a runtime failure: exit code 1 and a one-line `Error: …` message naming the problem.
func expectRuntimeError(
  _ arguments: [String], in directory: URL? = nil, mentions fragments: [String],
  sourceLocation: SourceLocation = #_sourceLocation
) throws {
  let result = try Diffeq.run(arguments, in: directory)
  #expect(result.exitCode == 1, "\(result)", sourceLocation: sourceLocation)
  #expect(result.stderr.hasPrefix("Error: "), "\(result)", sourceLocation: sourceLocation)
  #expect(
    result.stderr.trimmingCharacters(in: .newlines).split(separator: "\n").count == 1,
    "expected one line on stderr: \(result)", sourceLocation: sourceLocation)
  for fragment in fragments {
    #expect(result.stderr.contains(fragment), "missing '\(fragment)' in \(result)", sourceLocation: sourceLocation)
  }
}
