import Foundation
import NeuralSDE
import Testing

/// Bad trajectory files given to `estimate` and `learn-sde` fail with messages naming the problem.
@Suite struct TrajectoryInputTests {
  static let commands = ["estimate", "learn-sde"]

  @Test(arguments: commands) func missingFile(command: String) throws {
    try expectRuntimeError([command, "no-such-file.csv"], mentions: ["no-such-file.csv", "cannot read"])
    try expectRuntimeError([command, "no-such-file.npy", "--dt", "0.1"], mentions: ["no-such-file.npy"])
  }

  @Test(arguments: commands) func wrongExtension(command: String) throws {
    try expectUsageError([command, "data.txt"], mentions: ["data.txt", ".csv or .npy"])
  }

  @Test(arguments: commands) func unreadableCSV(command: String) throws {
    let dir = try TemporaryDirectory.make()
    try "path,t,x\n0,0,1\n0,0.1,oops\n".write(
      to: dir.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
    try expectRuntimeError([command, "bad.csv"], in: dir, mentions: ["bad.csv", "line 3", "oops"])
    try "path,t,x\n0,0,1\n0,0.1,2\n1,0,1\n".write(
      to: dir.appendingPathComponent("ragged.csv"), atomically: true, encoding: .utf8)
    try expectRuntimeError([command, "ragged.csv"], in: dir, mentions: ["ragged.csv", "path '1'"])
  }

  @Test(arguments: commands) func notAnNPYFile(command: String) throws {
    let dir = try TemporaryDirectory.make()
    try "not numpy".write(to: dir.appendingPathComponent("x.npy"), atomically: true, encoding: .utf8)
    try expectRuntimeError([command, "x.npy", "--dt", "0.1"], in: dir, mentions: ["x.npy", "not a valid NumPy"])
  }

  @Test(arguments: commands) func npyWithoutTimes(command: String) throws {
    let dir = try TemporaryDirectory.make()
    try NPYArray(shape: [2, 3, 1], values: [0, 1, 2, 3, 4, 5]).write(to: dir.appendingPathComponent("x.npy").path)
    try expectRuntimeError([command, "x.npy"], in: dir, mentions: ["x.npy", "--dt", "--times"])
  }

  @Test(arguments: commands) func timeOptionsMisused(command: String) throws {
    try expectUsageError([command, "data.csv", "--dt", "0.1"], mentions: ["--dt and --times apply only to .npy"])
    try expectUsageError([command, "data.npy", "--dt", "-1"], mentions: ["--dt must be", "> 0"])
    try expectUsageError([command, "data.npy", "--dt", "0.1", "--times", "t.npy"], mentions: ["either --dt or --times"])
  }
}
