import Foundation
import Testing
@testable import DiffEq

@Suite struct BrownianPathTests {
  /// Coarse increments are sums of consecutive fine increments, so the coarse path passes through
  /// the fine path's values (equal up to the rounding of the sums: 1e-12).
  @Test func coarse_grid_is_consistent_with_fine_grid() throws {
    let fine = try BrownianPath(t0: 2, dt: 0.01, steps: 1000, dimension: 3, seed: 9, path: 4)
    let coarse = try fine.coarsened(by: 8 * 5)
    #expect(coarse.steps == 25)
    #expect(abs(coarse.dt - 0.4) < 1e-15)
    #expect(abs(coarse.t1 - fine.t1) < 1e-12)
    for m in 0...25 {
      let a = try coarse.value(atGridIndex: m)
      let b = try fine.value(atGridIndex: 40 * m)
      for j in 0..<3 { #expect(abs(a[j] - b[j]) < 1e-12) }
    }
    for j in 0..<3 {
      var sum = 0.0
      for r in 0..<40 { sum += fine.increments[r * 3 + j] }
      #expect(coarse.increments[j] == sum)  // the same left-to-right sum, bit for bit
    }
  }

  /// Sampled increments are N(0, dt): sample variance of 60,000 increments within 4 standard
  /// errors of dt, mean within 4 standard errors of 0.
  @Test func sampled_increments_have_variance_dt() throws {
    let dt = 0.003
    let path = try BrownianPath(t0: 0, dt: dt, steps: 20_000, dimension: 3, seed: 1)
    let x = path.increments
    let n = Double(x.count)
    let mean = x.reduce(0, +) / n
    let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
    #expect(abs(mean) < 4 * (dt / n).squareRoot())
    #expect(abs(variance - dt) < 4 * dt * (2 / n).squareRoot())
  }

  /// A sampled path is the single-path Gaussian stream (seed, path) scaled by √dt.
  @Test func sampled_path_uses_the_path_stream() throws {
    let path = try BrownianPath(t0: 0, dt: 0.25, steps: 10, dimension: 2, seed: 3, path: 17)
    var stream = GaussianStream<Double>(seed: 3, firstStream: 17)
    #expect(bits(path.increments) == bits((0..<20).map { _ in stream.next() * 0.5 }))
  }

  /// With zero drift and unit additive noise, Euler–Maruyama reproduces W exactly on any grid.
  @Test func solving_dX_equals_dW_returns_the_path() throws {
    let field = OrnsteinUhlenbeck(theta: 0, mean: 0, sigma: 1)
    let problem = try SDEProblem(field, x0: [0.5], t0: 0, t1: 1)
    let path = try BrownianPath(t0: 0, dt: 1.0 / 64, steps: 64, dimension: 1, seed: 12)
    let saves = [0.25, 0.5, 1]
    let solution = try problem.solve(method: EulerMaruyama(), brownianPath: path, saveTimes: saves)
    for (s, t) in saves.enumerated() {
      let w = try path.value(atGridIndex: Int(t * 64))[0]
      #expect(abs(solution.states[s] - (0.5 + w)) < 1e-14)
    }
  }

  @Test func user_increments_are_used_verbatim() throws {
    let path = try BrownianPath(t0: 0, dt: 0.5, dimension: 1, increments: [0.1, -0.3])
    #expect(path.steps == 2)
    let problem = try SDEProblem(OrnsteinUhlenbeck(theta: 0, mean: 0, sigma: 2), x0: [1], t0: 0, t1: 1)
    let solution = try problem.solve(method: EulerMaruyama(), brownianPath: path, saveTimes: [0, 0.5, 1])
    #expect(solution.states == [1, 1 + 2 * 0.1, 1 + 2 * 0.1 + 2 * -0.3])
  }

  @Test func invalid_paths_throw() {
    #expect(throws: SDEError.self) { try BrownianPath(t0: 0, dt: 0, steps: 4, dimension: 1, seed: 0) }
    #expect(throws: SDEError.self) { try BrownianPath(t0: .nan, dt: 1, steps: 4, dimension: 1, seed: 0) }
    #expect(throws: SDEError.self) { try BrownianPath(t0: 0, dt: 1, steps: 0, dimension: 1, seed: 0) }
    #expect(throws: SDEError.self) { try BrownianPath(t0: 0, dt: 1, steps: 4, dimension: 0, seed: 0) }
    #expect(throws: SDEError.self) {
      try BrownianPath(t0: 0, dt: 1, steps: 4, dimension: 1, seed: 0, path: -1)
    }
    #expect(throws: SDEError.self) { try BrownianPath(t0: 0, dt: 1, dimension: 2, increments: [1, 2, 3]) }
    #expect(throws: SDEError.self) { try BrownianPath(t0: 0, dt: 1, dimension: 1, increments: [1, .nan]) }
    #expect(throws: SDEError.self) {
      try BrownianPath(t0: 0, dt: 1, steps: 6, dimension: 1, seed: 0).coarsened(by: 4)
    }
    #expect(throws: SDEError.self) {
      try BrownianPath(t0: 0, dt: 1, steps: 6, dimension: 1, seed: 0).value(atGridIndex: 7)
    }
  }

  @Test func mismatched_paths_are_rejected_by_solve() throws {
    let problem = try SDEProblem(GeometricBrownianMotion(mu: 1, sigma: 1), x0: [1], t0: 0, t1: 1)
    let wrongDimension = try BrownianPath(t0: 0, dt: 0.25, steps: 4, dimension: 2, seed: 0)
    #expect(throws: SDEError.brownianDimensionMismatch(expected: 1, actual: 2)) {
      try problem.solve(method: EulerMaruyama(), brownianPath: wrongDimension, saveTimes: [1])
    }
    let short = try BrownianPath(t0: 0, dt: 0.25, steps: 3, dimension: 1, seed: 0)
    #expect(throws: SDEError.self) {
      try problem.solve(method: EulerMaruyama(), brownianPath: short, saveTimes: [0.75])
    }
    let late = try BrownianPath(t0: 0.5, dt: 0.125, steps: 4, dimension: 1, seed: 0)
    #expect(throws: SDEError.self) {
      try problem.solve(method: EulerMaruyama(), brownianPath: late, saveTimes: [1])
    }
    let good = try BrownianPath(t0: 0, dt: 0.25, steps: 4, dimension: 1, seed: 0)
    #expect(throws: SDEError.saveTimeNotOnBrownianGrid(index: 0, time: 0.3, t0: 0, dt: 0.25)) {
      try problem.solve(method: EulerMaruyama(), brownianPath: good, saveTimes: [0.3])
    }
  }
}
