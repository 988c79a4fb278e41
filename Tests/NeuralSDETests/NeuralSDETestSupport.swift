import DiffEq
import Foundation
import Neural
import Testing

@testable import NeuralSDE

/// Shared helpers of the NeuralSDE tests: simulated data, exact linear models and a scalar
/// finite-difference gradient check.
enum Support {
  /// SDE-ball observations (`paths × K × 2`) at `Δt = T/(K − 1)`, DiffEq's Euler–Maruyama
  /// ensemble with `substeps` steps per interval, seeded.
  static func ballData(
    paths: Int, observations K: Int = 50, timeSpan T: Double = 3 * Double.pi, substeps: Int = 20,
    seed: UInt64 = 1
  ) throws -> TrajectorySet {
    try linearData(
      A: [0, 1, -1, 0], s: [0.2, 0.1], x0: [0, 1], paths: paths, observations: K,
      dt: T / Double(K - 1), substeps: substeps, seed: seed)
  }

  /// Observations of a linear SDE `dX = A X dt + s dW` (one Brownian motion) keeping the first
  /// `keep` components.
  static func linearData(
    A: [Double], s: [Double], x0: [Double], paths: Int, observations K: Int, dt: Double,
    substeps: Int = 20, keep: Int? = nil, seed: UInt64 = 1
  ) throws -> TrajectorySet {
    try TrajectorySet.simulating(
      try LinearSDE(driftMatrix: A, diffusionMatrix: s), x0: x0,
      times: (0..<K).map { Double($0) * dt }, substeps: substeps, paths: paths, seed: seed, keep: keep)
  }

  /// A model whose drift is exactly `μ(z) = A z` and whose diffusion is exactly the constant
  /// `σ` (`D × n`, row-major): identity hidden activations, weights chosen so the chain is
  /// `z ↦ z·Aᵀ` and the diffusion's last layer is zero with bias `σ`.
  static func linearModel(A: [Double], sigma: [Double], D: Int, n: Int = 1) throws -> NeuralSDEModel {
    let model = try NeuralSDEModel(
      .init(observedDimension: D, noiseDimension: n, hiddenWidths: [D + 1, D + 1], hiddenActivation: .identity, seed: 1))
    func set(_ p: Parameter, _ f: (Int, Int) -> Double) throws {
      let shape = p.shape
      let rows = shape.count == 2 ? shape[0] : 1
      let cols = shape.last ?? 1
      var v = [Float](repeating: 0, count: rows * cols)
      for r in 0..<rows { for c in 0..<cols { v[r * cols + c] = Float(f(r, c)) } }
      p.value = try Tensor(shape: shape, scalars: v)
    }
    let drift = model.driftLayers
    try set(drift[0].weight) { r, c in r == c ? 1 : 0 }
    try set(drift[0].bias) { _, _ in 0 }
    try set(drift[1].weight) { r, c in r == c ? 1 : 0 }
    try set(drift[1].bias) { _, _ in 0 }
    try set(drift[2].weight) { r, c in r < D ? A[c * D + r] : 0 }  // W[r][c] = A[c][r]
    try set(drift[2].bias) { _, _ in 0 }
    let diffusion = model.diffusionLayers
    try set(diffusion[2].weight) { _, _ in 0 }
    try set(diffusion[2].bias) { _, c in sigma[c] }
    return model
  }

  /// Checks `dL/dθ` from the tape against central differences for up to `perParameter` entries
  /// of each parameter (step `h`, relative tolerance `tolerance` against
  /// `max(|analytic|, |numeric|, floor)`), where `L` is a scalar tensor.
  static func checkGradient(
    _ parameters: [Parameter], h: Float = 1e-2, tolerance: Double = 2e-2, perParameter: Int = 6,
    floor: Double = 1e-3, sourceLocation: SourceLocation = #_sourceLocation,
    _ loss: () throws -> Tensor
  ) throws {
    for p in parameters { p.gradient = nil }
    let tape = Tape()
    try tape.backward(try tape.record { try loss() })
    for (pi, p) in parameters.enumerated() {
      let analytic = (p.gradient?.scalars ?? [Float](repeating: 0, count: p.value.count)).map(Double.init)
      let base = p.value.scalars
      let stride = max(1, base.count / perParameter)
      for i in Swift.stride(from: 0, to: base.count, by: stride) {
        func value(at x: Float) throws -> Double {
          var v = base
          v[i] = x
          p.value = try Tensor(shape: p.shape, scalars: v)
          return Double(try Tape.withoutRecording { try loss() }.scalar)
        }
        let step = h * max(1, abs(base[i]))
        let numeric = (try value(at: base[i] + step) - value(at: base[i] - step)) / Double(2 * step)
        p.value = try Tensor(shape: p.shape, scalars: base)
        let scale = max(abs(analytic[i]), abs(numeric), floor)
        #expect(
          abs(analytic[i] - numeric) <= tolerance * scale,
          "parameter \(pi) entry \(i): tape \(analytic[i]) vs finite difference \(numeric)",
          sourceLocation: sourceLocation)
      }
      p.gradient = nil
    }
  }

  /// `exp(A t)` for a 2 × 2 rotation generator `A = [[0, ω], [−ω, 0]]`.
  static func rotation(_ omega: Double, _ t: Double) -> [Double] {
    [cos(omega * t), sin(omega * t), -sin(omega * t), cos(omega * t)]
  }

  /// A tensor from Doubles.
  static func tensor(_ values: [Double], _ shape: [Int]) throws -> Tensor {
    try Tensor(shape: shape, scalars: values.map(Float.init))
  }
}
