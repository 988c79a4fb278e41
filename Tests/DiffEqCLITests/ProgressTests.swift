import Foundation
import Testing

/// Progress bars appear on stderr only when it is a terminal.
@Suite struct ProgressTests {
  static var hasScript: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/script") }

  @Test func noProgressBarWhenStderrIsAFile() throws {
    let r = try Diffeq.run(["simulate", "sde-ball", "--paths", "2000", "--observations", "5", "--output", "b.npy"])
    #expect(r.exitCode == 0, "\(r)")
    #expect(!r.stderr.contains("\r") && !r.stderr.contains("\u{1B}["), "\(r)")
  }

  /// Under a pseudo-terminal (`script`), `simulate` draws a bar that ends with all paths done.
  @Test(.enabled(if: hasScript, "needs util-linux `script` to provide a terminal"))
  func progressBarOnATerminal() throws {
    let dir = try TemporaryDirectory.make()
    let binary = try Diffeq.binary().path
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
    process.arguments = ["-qec", "'\(binary)' simulate sde-ball --paths 2000 --observations 5 --output b.npy", "/dev/null"]
    process.currentDirectoryURL = dir
    let log = dir.appendingPathComponent("tty.log")
    _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    let handle = try FileHandle(forWritingTo: log)
    process.standardOutput = handle
    process.standardError = handle
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try handle.close()
    let text = try String(contentsOf: log, encoding: .utf8)
    #expect(process.terminationStatus == 0, "\(text)")
    #expect(text.contains("\r\u{1B}[2Ksimulate") && text.contains("2000/2000"), "\(text)")
  }
}
