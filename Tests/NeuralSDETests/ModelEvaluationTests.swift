import DiffEq
import Foundation
import Neural
import Testing

@testable import NeuralSDE

@Suite struct ModelEvaluationTests {
  let states: [Double] = [0, 1, 0.5, -0.3, -1.2, 0.4, 0.9, 0.9, -0.2, -0.7]

  /// On a model holding the exact linear drift and constant σ, every measure is at Float32
  /// round-off: drift error < 1e-6, the affine fit returns A and b = 0 (1e-5), the mean σσᵀ is
  /// σσᵀ (1e-6 relative) and the reconstruction error with RK4 × 8 is below 1e-5.
  @Test func exactModelMeasuresAreAtRoundOff() throws {
    let A = [0.0, 1, -1, -0.1]
    let model = try Support.linearModel(A: A, sigma: [0.2, 0.1], D: 2)
    let error = try ModelEvaluation.driftRelativeError(model, states: states) { z, mu in
      mu[0] = z[1]
      mu[1] = -z[0] - 0.1 * z[1]
    }
    #expect(error < 1e-6)
    let fit = try ModelEvaluation.affineDriftFit(model, states: states)
    for m in 0..<4 { #expect(abs(fit.A[m] - A[m]) < 1e-5) }
    for a in 0..<2 { #expect(abs(fit.b[a]) < 1e-5) }
    let cov = try ModelEvaluation.meanDiffusionCovariance(model, states: states)
    #expect(try ModelEvaluation.relativeFrobeniusError(cov, reference: [0.04, 0.02, 0.02, 0.01]) < 1e-6)
    let undamped = try Support.linearModel(A: [0, 1, -1, 0], sigma: [0.2, 0.1], D: 2)
    let (recon, path) = try ModelEvaluation.reconstructionError(
      undamped, from: [0, 1], intervals: 10, dt: 0.3, flow: .rungeKutta4(substeps: 8)
    ) { t, z in
      z[0] = sin(t)
      z[1] = cos(t)
    }
    #expect(recon < 1e-5 && path.count == 22)
  }

  /// The relative L2 error of a drift that is off by a known factor: μ̂ = 1.1·μ gives 0.1.
  @Test func driftErrorOfAScaledDrift() throws {
    let model = try Support.linearModel(A: [0, 1.1, -1.1, 0], sigma: [0.2, 0.1], D: 2)
    let error = try ModelEvaluation.driftRelativeError(model, states: states) { z, mu in
      mu[0] = z[1]
      mu[1] = -z[0]
    }
    #expect(abs(error - 0.1) < 1e-6)
  }

  @Test func evaluationErrors() throws {
    let model = try Support.linearModel(A: [0, 1, -1, 0], sigma: [0.2, 0.1], D: 2)
    #expect(throws: NeuralSDEError.self) { try ModelEvaluation.relativeFrobeniusError([1, 2], reference: [1]) }
    #expect(throws: NeuralSDEError.self) { try ModelEvaluation.relativeFrobeniusError([1], reference: [0]) }
    #expect(throws: NeuralSDEError.self) {
      try ModelEvaluation.driftRelativeError(model, states: []) { _, _ in }
    }
    // States on a line: the affine fit is singular.
    #expect(throws: NeuralSDEError.self) {
      try ModelEvaluation.affineDriftFit(model, states: [0, 0, 1, 1, 2, 2, 3, 3])
    }
    #expect(throws: NeuralSDEError.self) {
      try ModelEvaluation.reconstructionError(model, from: [0], intervals: 2, dt: 0.1) { _, _ in }
    }
    #expect(throws: NeuralSDEError.self) { try model.reconstruct(from: [0, 1], intervals: 0, dt: 0.1) }
    #expect(throws: NeuralSDEError.self) { try model.reconstruct(from: [0, 1], intervals: 3, dt: -1) }
  }

  /// A 3 × 2 grid: point order (x fastest), the drift and σσᵀ at each point, the CSV header and
  /// rows, the NumPy shapes, and the bounding box of a set of states.
  @Test func fieldGridLayoutAndOutput() throws {
    let model = try Support.linearModel(A: [0, 1, -1, 0], sigma: [0.2, 0.1], D: 2)
    let grid = try FieldGrid.evaluate(model, xRange: -1...1, yRange: 0...2, resolution: (3, 2))
    #expect(grid.xs == [-1, 0, 1] && grid.ys == [0, 2])
    #expect(Array(grid.points[0..<6]) == [-1, 0, 0, 0, 1, 0])
    // Point 4 = (0, 2): drift (2, 0).
    #expect(abs(grid.drift[8] - 2) < 1e-6 && abs(grid.drift[9]) < 1e-6)
    #expect(abs(grid.diffusionCovariance[4 * 4 + 1] - 0.02) < 1e-7)
    let csv = grid.csv(stateNames: ["x", "y"]).split(separator: "\n")
    #expect(csv.first == "x,y,mu_x,mu_y,sigma2_x_x,sigma2_x_y,sigma2_y_x,sigma2_y_y")
    #expect(csv.count == 7)
    let npy = try grid.npyArrays()
    #expect(npy.points.shape == [6, 2] && npy.drift.shape == [6, 2] && npy.diffusionCovariance.shape == [6, 2, 2])
    let (bx, by) = FieldGrid.bounds(of: [0, 1, 2, -1, 1, 3], stateDimension: 2, padding: 0.5)
    #expect(bx == -1...3 && by == -3...5)
    #expect(throws: NeuralSDEError.self) {
      try FieldGrid.evaluate(model, xRange: 0...1, yRange: 0...1, resolution: (1, 4))
    }
    #expect(throws: NeuralSDEError.self) {
      try FieldGrid.evaluate(model, xRange: 0...1, yRange: 0...1, axes: (0, 0))
    }
  }

  /// Simulated data through DiffEq's ensemble: shape, kept components, names, and errors
  /// (``LinearSDE``'s own input errors are tested in DiffEqTests).
  @Test func simulatedTrajectories() throws {
    let field = try LinearSDE(driftMatrix: [0, 1, -1, 0], diffusionMatrix: [0, 0.1])
    let times = [0, 0.1, 0.2, 0.3]
    let data = try TrajectorySet.simulating(
      field, x0: [1, 0], times: times, substeps: 5, paths: 7, seed: 3, keep: 1, stateNames: ["x"])
    #expect(data.paths == 7 && data.steps == 4 && data.dims == 1 && data.stateNames == ["x"])
    #expect(data[path: 3, step: 0, dim: 0] == 1)
    let again = try TrajectorySet.simulating(field, x0: [1, 0], times: times, substeps: 5, paths: 7, seed: 3, threads: 1)
    for p in 0..<7 { for k in 0..<4 { #expect(again[path: p, step: k, dim: 0] == data[path: p, step: k, dim: 0]) } }
    #expect(throws: NeuralSDEError.self) {
      try TrajectorySet.simulating(field, x0: [1, 0], times: times, substeps: 0, paths: 2, seed: 1)
    }
    #expect(throws: NeuralSDEError.self) {
      try TrajectorySet.simulating(field, x0: [1, 0], times: times, substeps: 1, paths: 2, seed: 1, keep: 3)
    }
  }
}
