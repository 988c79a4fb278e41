import DiffEq

/// The linear SDE `dX = (A X + b) dt + B dW` with constant `A` (d×d), `b` (d) and `B` (d×n), as a
/// DiffEq vector field. It covers three built-in systems: sde-ball (`A = [[0, 1], [−1, 0]]`,
/// `B = [0.2, 0.1]ᵀ`), Ornstein–Uhlenbeck (`A = −θ`, `b = θμ`, `B = σ`) and `linear`.
///
/// The noise is additive (`diffusionDependence = .constant`), so DiffEq evaluates `B` once per
/// solve, and Itô and Stratonovich solutions coincide.
struct LinearSDEField: SDEVectorField {
  let stateDimension: Int
  let noiseDimension: Int
  /// `A`, row-major `d × d`.
  let driftMatrix: [Double]
  /// `b`, `d` values.
  let driftOffset: [Double]
  /// `B`, row-major `d × n`.
  let diffusionMatrix: [Double]

  /// Creates the field; the caller passes consistent sizes (`A`: d², `b`: d, `B`: d·n), built
  /// from validated options.
  init(
    stateDimension d: Int, noiseDimension n: Int, driftMatrix: [Double], driftOffset: [Double]? = nil,
    diffusionMatrix: [Double]
  ) {
    self.stateDimension = d
    self.noiseDimension = n
    self.driftMatrix = driftMatrix
    self.driftOffset = driftOffset ?? [Double](repeating: 0, count: d)
    self.diffusionMatrix = diffusionMatrix
  }

  /// The SDE ball: `A = [[0, 1], [−1, 0]]`, `B = [0.2, 0.1]ᵀ` (one Brownian motion).
  static let sdeBall = LinearSDEField(
    stateDimension: 2, noiseDimension: 1, driftMatrix: [0, 1, -1, 0], diffusionMatrix: [0.2, 0.1])

  /// Ornstein–Uhlenbeck `dX = θ(μ − X) dt + σ dW`: `A = −θ`, `b = θμ`, `B = σ`.
  static func ornsteinUhlenbeck(theta: Double, mu: Double, sigma: Double) -> LinearSDEField {
    LinearSDEField(
      stateDimension: 1, noiseDimension: 1, driftMatrix: [-theta], driftOffset: [theta * mu],
      diffusionMatrix: [sigma])
  }

  var diffusionDependence: DiffusionDependence { .constant }

  func drift<L: LaneVector>(t: Double, x: LaneValues<L>, into mu: LaneBuffer<L>) {
    let d = stateDimension
    for i in 0..<d {
      var sum = L(repeating: driftOffset[i])
      for j in 0..<d {
        sum += x[j] * driftMatrix[i * d + j]
      }
      mu[i] = sum
    }
  }

  func diffusion<L: LaneVector>(t: Double, x: LaneValues<L>, into sigma: LaneBuffer<L>) {
    for k in 0..<(stateDimension * noiseDimension) {
      sigma[k] = L(repeating: diffusionMatrix[k])
    }
  }
}
