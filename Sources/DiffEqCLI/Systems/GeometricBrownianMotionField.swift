import DiffEq

/// Geometric Brownian motion `dX = μX dt + σX dW` (Itô), one dimension.
struct GeometricBrownianMotionField: SDEVectorField {
  /// Drift rate μ (1/time).
  let mu: Double
  /// Volatility σ (1/√time).
  let sigma: Double

  var stateDimension: Int { 1 }
  var noiseDimension: Int { 1 }
  var noiseStructure: NoiseStructure { .diagonal }
  var hasDiffusionDerivative: Bool { true }

  func drift<L: LaneVector>(t: Double, x: LaneValues<L>, into mu: LaneBuffer<L>) {
    mu[0] = x[0] * self.mu
  }

  func diffusion<L: LaneVector>(t: Double, x: LaneValues<L>, into sigma: LaneBuffer<L>) {
    sigma[0] = x[0] * self.sigma
  }

  /// `∂(σx)/∂x = σ`, for Milstein.
  func diffusionDerivative<L: LaneVector>(t: Double, x: LaneValues<L>, into derivative: LaneBuffer<L>) {
    derivative[0] = L(repeating: sigma)
  }
}
