import Foundation
import NeuralSDE
import Testing

/// `diffeq simulate` for the stochastic systems: parameters reach the SDE, seeds reproduce.
@Suite struct SimulateSDETests {
  /// Mean and sample variance of the last observation over all paths.
  static func finalMoments(_ set: TrajectorySet, dim: Int = 0) -> (mean: Double, variance: Double) {
    let x = (0..<set.paths).map { set[path: $0, step: set.steps - 1, dim: dim] }
    let mean = x.reduce(0, +) / Double(x.count)
    let variance = x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(x.count - 1)
    return (mean, variance)
  }

  @Test func sameSeedSameOutputForAnyThreadCount() throws {
    let args = ["simulate", "sde-ball", "--paths", "37", "--observations", "11", "--seed", "7"]
    let one = try Diffeq.run(args + ["--threads", "1"])
    let two = try Diffeq.run(args + ["--threads", "2"])
    let other = try Diffeq.run(["simulate", "sde-ball", "--paths", "37", "--observations", "11", "--seed", "8"])
    #expect(one.exitCode == 0 && two.exitCode == 0 && other.exitCode == 0, "\(one)\n\(two)\n\(other)")
    #expect(one.stdout == two.stdout)  // exact: bit-identical by design
    #expect(one.stdout != other.stdout)
    let set = try TrajectorySet(csv: one.stdout)
    #expect(set.paths == 37 && set.steps == 11 && set.dims == 2 && set.stateNames == ["x", "y"])
    #expect(abs(set.times[10] - 3 * Double.pi) < 1e-12)
    for p in 0..<set.paths { #expect(Array(set.state(path: p, step: 0)) == [0, 1]) }  // X0, exact
  }

  /// OU from x0 = 0: E X_T = μ(1 − e^{−θT}), Var X_T = σ²(1 − e^{−2θT})/(2θ). Tolerance: 4 standard
  /// errors of the Monte Carlo estimate plus the Euler–Maruyama weak bias O(dt) (dt = 1e-3: < 4e-4).
  @Test func ornsteinUhlenbeckMomentsMatchTheClosedForm() throws {
    let (theta, mu, sigma, t1, n) = (2.0, 1.0, 0.3, 0.5, 4000)
    let r = try Diffeq.run(
      ["simulate", "ou", "--theta", "\(theta)", "--mu", "\(mu)", "--sigma", "\(sigma)", "--x0", "0",
       "--t1", "\(t1)", "--observations", "2", "--substeps", "500", "--paths", "\(n)", "--seed", "1"])
    #expect(r.exitCode == 0, "\(r)")
    let (mean, variance) = Self.finalMoments(try TrajectorySet(csv: r.stdout))
    let trueMean = mu * (1 - exp(-theta * t1))
    let trueVariance = sigma * sigma * (1 - exp(-2 * theta * t1)) / (2 * theta)
    let meanSE = (trueVariance / Double(n)).squareRoot()
    let varianceSE = trueVariance * (2 / Double(n - 1)).squareRoot()
    #expect(abs(mean - trueMean) < 4 * meanSE + 4e-4, "mean \(mean) vs \(trueMean)")
    #expect(abs(variance - trueVariance) < 4 * varianceSE + 4e-4, "variance \(variance) vs \(trueVariance)")
  }

  /// GBM with Milstein: E X_T = x0·e^{μT}, Var X_T = x0²e^{2μT}(e^{σ²T} − 1); 4 standard errors plus
  /// the weak bias at dt = 5e-3 (< 2e-3).
  @Test func geometricBrownianMotionMeanMatchesTheClosedForm() throws {
    let (mu, sigma, n) = (0.5, 0.2, 4000)
    let r = try Diffeq.run(
      ["simulate", "gbm", "--mu", "\(mu)", "--sigma", "\(sigma)", "--observations", "2", "--substeps",
       "200", "--paths", "\(n)", "--sde-method", "milstein", "--seed", "3"])
    #expect(r.exitCode == 0, "\(r)")
    let (mean, _) = Self.finalMoments(try TrajectorySet(csv: r.stdout))
    let trueMean = exp(mu)
    let trueVariance = exp(2 * mu) * (exp(sigma * sigma) - 1)
    #expect(abs(mean - trueMean) < 4 * (trueVariance / Double(n)).squareRoot() + 2e-3, "mean \(mean) vs \(trueMean)")
  }

  /// With zero diffusion the linear SDE is the ODE x' = A x: for A = [[0, 1], [−1, 0]] from (0, 1)
  /// the solution is (sin t, cos t); Euler–Maruyama at dt = 5e-4 is within 2e-3 of it on [0, 2].
  @Test func linearSystemUsesTheGivenMatrices() throws {
    let r = try Diffeq.run(
      ["simulate", "linear", "--drift-matrix", "0,1;-1,0", "--diffusion-matrix", "0;0", "--x0", "0,1",
       "--t1", "2", "--observations", "5", "--substeps", "1000", "--paths", "2"])
    #expect(r.exitCode == 0, "\(r)")
    let set = try TrajectorySet(csv: r.stdout)
    #expect(set.stateNames == ["x1", "x2"])
    for p in 0..<2 {
      for k in 0..<5 {
        let t = set.times[k]
        #expect(abs(set[path: p, step: k, dim: 0] - sin(t)) < 2e-3)
        #expect(abs(set[path: p, step: k, dim: 1] - cos(t)) < 2e-3)
      }
    }
  }

  @Test func npyOutputWritesTimesBesideIt() throws {
    let dir = try TemporaryDirectory.make()
    let r = try Diffeq.run(["simulate", "ou", "--paths", "3", "--observations", "6", "--output", "ou.npy"], in: dir)
    #expect(r.exitCode == 0, "\(r)")
    let set = try TrajectorySet.readNPY(
      dir.appendingPathComponent("ou.npy").path, timesFile: dir.appendingPathComponent("ou.times.npy").path)
    #expect(set.paths == 3 && set.steps == 6 && set.dims == 1)
    #expect(abs(set.times[5] - 10) < 1e-12)
  }

  @Test func milsteinNeedsDiagonalNoise() throws {
    try expectUsageError(["simulate", "sde-ball", "--sde-method", "milstein"], mentions: ["milstein", "euler-maruyama"])
    try expectUsageError(["simulate", "lorenz", "--sde-method", "milstein"], mentions: ["--sde-method does not apply to lorenz"])
  }

  @Test func explodingPathsAreARuntimeError() throws {
    try expectRuntimeError(
      ["simulate", "linear", "--drift-matrix", "1000", "--diffusion-matrix", "1", "--x0", "1",
       "--observations", "2", "--substeps", "200", "--paths", "8"],
      mentions: ["non-finite", "--substeps"])
  }
}
