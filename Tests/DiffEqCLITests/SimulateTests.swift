import Foundation
import NeuralSDE
import Testing

/// `diffeq simulate`: validation of every option and the files it writes.
@Suite struct SimulateTests {
  // MARK: - Invalid input → exit 64 with a message naming the problem

  @Test func unknownSystem() throws {
    try expectUsageError(["simulate", "pendulum"], mentions: ["pendulum", "sde-ball", "lorenz"])
  }

  @Test func badMatrixStrings() throws {
    try expectUsageError(
      ["simulate", "linear", "--drift-matrix", "0,1;-1", "--diffusion-matrix", "0.2;0.1"],
      mentions: ["--drift-matrix", "row 2", "1 entries but row 1 has 2"])
    try expectUsageError(
      ["simulate", "linear", "--drift-matrix", "0,1;-1,0", "--diffusion-matrix", "0.2;abc"],
      mentions: ["--diffusion-matrix", "'abc'", "not a number"])
    try expectUsageError(
      ["simulate", "linear", "--drift-matrix", "0,1,2;-1,0,1", "--diffusion-matrix", "0.2;0.1"],
      mentions: ["--drift-matrix must be square", "2×3"])
    try expectUsageError(
      ["simulate", "linear", "--drift-matrix", "0,1;-1,0", "--diffusion-matrix", "0.2;0.1;0"],
      mentions: ["--diffusion-matrix must have d = 2 rows", "3×1"])
    try expectUsageError(
      ["simulate", "linear", "--drift-matrix", "0,1;-1,0"], mentions: ["linear needs --diffusion-matrix"])
    try expectUsageError(["simulate", "linear", "--drift-matrix", ""], mentions: ["empty"])
  }

  @Test func negativeOrZeroSizes() throws {
    try expectUsageError(["simulate", "ou", "--paths", "-3"], mentions: ["--paths must be at least 1", "-3"])
    try expectUsageError(["simulate", "ou", "--paths", "0"], mentions: ["--paths must be at least 1"])
    try expectUsageError(["simulate", "ou", "--observations", "1"], mentions: ["--observations must be at least 2"])
    try expectUsageError(["simulate", "ou", "--substeps", "0"], mentions: ["--substeps must be at least 1"])
    try expectUsageError(["simulate", "ou", "--t1", "-1"], mentions: ["--t1 must be a finite time > 0"])
    try expectUsageError(["simulate", "ou", "--threads", "0"], mentions: ["--threads must be at least 1"])
    try expectUsageError(["simulate", "ou", "--sigma", "-0.1"], mentions: ["--sigma must be", "≥ 0"])
  }

  @Test func wrongOutputExtension() throws {
    try expectUsageError(["simulate", "ou", "--output", "paths.txt"], mentions: ["paths.txt", ".csv or .npy"])
  }

  @Test func optionsOfOtherSystemsAreRejected() throws {
    try expectUsageError(["simulate", "ou", "--rho", "3"], mentions: ["--rho does not apply to ou", "lorenz"])
    try expectUsageError(["simulate", "lorenz", "--theta", "1"], mentions: ["--theta does not apply to lorenz"])
    try expectUsageError(["simulate", "lorenz", "--paths", "5"], mentions: ["deterministic", "--paths must be 1"])
    try expectUsageError(["simulate", "sde-ball", "--x0", "1,2,3"], mentions: ["--x0 has 3 values", "2 state dimensions"])
  }

  @Test func tolerancesNeedAnAdaptiveMethod() throws {
    try expectUsageError(["simulate", "lorenz", "--rtol", "1e-6"], mentions: ["--rtol and --atol apply only"])
    try expectUsageError(
      ["simulate", "lorenz", "--ode-method", "rk8pd", "--atol", "0"], mentions: ["--atol must be", "> 0"])
    try expectUsageError(["simulate", "lorenz", "--ode-method", "rk5"], mentions: ["rk5", "rk8pd"])
  }

  /// Two independent integrators (DiffEq's fixed-step RK4 and GSL's adaptive rk8pd) agree.
  @Test func lorenzFixedStepAndAdaptiveAgree() throws {
    let args = ["simulate", "lorenz", "--t1", "2", "--observations", "5"]
    let rk4 = try Diffeq.run(args + ["--substeps", "400"])  // dt = 1.25e-3: error ~1e-8
    let rk8 = try Diffeq.run(args + ["--ode-method", "rk8pd", "--rtol", "1e-11", "--atol", "1e-12"])
    #expect(rk4.exitCode == 0 && rk8.exitCode == 0, "\(rk4)\n\(rk8)")
    let a = try TrajectorySet(csv: rk4.stdout), b = try TrajectorySet(csv: rk8.stdout)
    let difference = zip(a.values, b.values).map { abs($0 - $1) }.max() ?? .infinity
    #expect(difference < 1e-6, "max |rk4 − rk8pd| = \(difference)")
  }

  @Test func unwritableOutputIsARuntimeError() throws {
    try expectRuntimeError(
      ["simulate", "lorenz", "--t1", "1", "--output", "/nonexistent-dir/x.csv"],
      mentions: ["/nonexistent-dir/x.csv"])
  }

  @Test func unstableStepSaysWhatToChange() throws {
    try expectRuntimeError(
      ["simulate", "lorenz", "--observations", "5", "--substeps", "20"],  // RK4 at dt = 0.25
      mentions: ["non-finite", "--substeps"])
  }

  // MARK: - Lorenz (ODE)

  @Test func lorenzCSVAndNPYHoldTheSameSolution() throws {
    let dir = try TemporaryDirectory.make()
    let common = ["simulate", "lorenz", "--t1", "2", "--observations", "21", "--substeps", "50"]
    let csv = try Diffeq.run(common + ["--output", "l.csv"], in: dir)
    #expect(csv.exitCode == 0, "\(csv)")
    #expect(csv.stdout.contains("1 path × 21 observations × 3 dimensions"), "\(csv)")
    let npy = try Diffeq.run(common + ["--output", "l.npy"], in: dir)
    #expect(npy.exitCode == 0, "\(npy)")
    #expect(npy.stdout.contains("l.times.npy"), "\(npy)")
    let a = try TrajectorySet.readCSV(dir.appendingPathComponent("l.csv").path)
    let b = try TrajectorySet.readNPY(
      dir.appendingPathComponent("l.npy").path, timesFile: dir.appendingPathComponent("l.times.npy").path)
    #expect(a.paths == 1 && a.steps == 21 && a.dims == 3)
    #expect(a.stateNames == ["x", "y", "z"])
    #expect(a.values == b.values)  // exact: both are the same Doubles written losslessly
    #expect(a.times == b.times)
    #expect(Array(a.state(path: 0, step: 0)) == [1, 1, 1])  // the default x0, exact
    #expect(abs(a.times[20] - 2) < 1e-15)
  }

  /// RK4 converges at order 4 (measured from three step sizes), and the CLI passes --rho/--x0
  /// through: with ρ = 0.5 < 1 the origin attracts, so every component decays toward 0.
  @Test func lorenzConvergenceOrderAndParameters() throws {
    let dir = try TemporaryDirectory.make()
    func solve(_ substeps: Int) throws -> [Double] {
      let r = try Diffeq.run(
        ["simulate", "lorenz", "--t1", "1", "--observations", "11", "--substeps", "\(substeps)",
         "--output", "l\(substeps).csv"], in: dir)
      #expect(r.exitCode == 0, "\(r)")
      return try TrajectorySet.readCSV(dir.appendingPathComponent("l\(substeps).csv").path).values
    }
    let (a, b, c) = (try solve(10), try solve(20), try solve(40))  // dt = 1e-2, 5e-3, 2.5e-3
    let d1 = zip(a, b).map { abs($0 - $1) }.max() ?? .nan
    let d2 = zip(b, c).map { abs($0 - $1) }.max() ?? .nan
    // Successive differences shrink by 2^p for a method of order p: RK4 → 16 (order 4 ± 0.5).
    let order = log2(d1 / d2)
    #expect(order > 3.5 && order < 4.5, "observed order \(order) (differences \(d1), \(d2))")

    let stdout = try Diffeq.run(
      ["simulate", "lorenz", "--rho", "0.5", "--x0", "1,-1,2", "--t1", "10", "--observations", "3"], in: dir)
    #expect(stdout.exitCode == 0, "\(stdout)")
    let set = try TrajectorySet(csv: stdout.stdout)
    #expect(Array(set.state(path: 0, step: 0)) == [1, -1, 2])
    let final = set.state(path: 0, step: 2)
    #expect(final.allSatisfy { abs($0) < 0.05 }, "final state \(Array(final)) should have decayed")
  }
}
