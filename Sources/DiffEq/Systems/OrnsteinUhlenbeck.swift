import Foundation

/// The Ornstein–Uhlenbeck process `dX = θ(m − X) dt + σ dW`, one dimension: mean reversion at rate
/// `θ` towards the level `m` with additive noise of size `σ`.
///
/// Scalar, constant (additive) noise, so Itô and Stratonovich coincide, DiffEq evaluates `σ` once
/// per solve, and ``Milstein`` reduces to Euler–Maruyama (``diffusionDerivative(t:x:into:)`` writes
/// 0).
///
/// The transition law is Gaussian and known exactly: with `t` the time since `t0`,
/// `X(t) ~ N(m + (x0 − m) e^{−θt}, σ² (1 − e^{−2θt}) / (2θ))`
/// (variance `σ² t` at `θ = 0`, where the process is a Brownian motion). For `θ > 0` it is
/// stationary with law `N(m, σ²/(2θ))`.
///
/// ```swift
/// let ou = OrnsteinUhlenbeck(theta: 2, mean: 1, sigma: 0.5)
/// let problem = try SDEProblem(ou, x0: [3], t0: 0, t1: 3)
/// let variance = ou.exactVariance(t: 3)  // ≈ 0.0625
/// ```
///
/// The parameters are not checked: a non-finite `θ`, `m` or `σ` makes the drift or diffusion
/// non-finite, which a solve reports as ``SDEError/nonFinite(quantity:t:path:)``.
public struct OrnsteinUhlenbeck: SDEVectorField, Equatable {
  /// The mean-reversion rate `θ` (1/time; `> 0` for a stationary process, `0` gives a Brownian
  /// motion, `< 0` an explosive linear SDE; any finite value).
  public var theta: Double
  /// The long-run mean `m` (state units; any finite value).
  public var mean: Double
  /// The noise size `σ` (state units/√time; any finite value, conventionally `≥ 0`).
  public var sigma: Double

  /// Creates `dX = θ(m − X) dt + σ dW`.
  ///
  /// - Parameters:
  ///   - theta: mean-reversion rate `θ`, 1/time.
  ///   - mean: long-run mean `m`, state units.
  ///   - sigma: noise size `σ`, state units/√time.
  public init(theta: Double, mean: Double, sigma: Double) {
    self.theta = theta
    self.mean = mean
    self.sigma = sigma
  }

  /// 1.
  @inlinable public var stateDimension: Int { 1 }
  /// 1.
  @inlinable public var noiseDimension: Int { 1 }
  /// ``NoiseStructure/scalar``.
  @inlinable public var noiseStructure: NoiseStructure { .scalar }
  /// ``DiffusionDependence/constant``: `σ` is evaluated once per solve.
  @inlinable public var diffusionDependence: DiffusionDependence { .constant }
  /// `true`: the derivative of the constant diffusion is 0.
  @inlinable public var hasDiffusionDerivative: Bool { true }

  /// `μ(x) = θ(m − x)`.
  @inlinable
  public func drift<L: LaneVector>(t: Double, x: LaneValues<L>, into mu: LaneBuffer<L>) {
    mu[0] = (mean - x[0]) * theta
  }

  /// `σ(x) = σ`.
  @inlinable
  public func diffusion<L: LaneVector>(t: Double, x: LaneValues<L>, into sigma: LaneBuffer<L>) {
    sigma[0] = L(repeating: self.sigma)
  }

  /// `∂σ/∂x = 0`.
  @inlinable
  public func diffusionDerivative<L: LaneVector>(
    t: Double, x: LaneValues<L>, into derivative: LaneBuffer<L>
  ) {
    derivative[0] = L(repeating: 0)
  }

  /// `E[X(t)] = m + (x0 − m) e^{−θt}` (`t` the time since `t0`).
  public func exactMean(x0: Double, t: Double) -> Double {
    mean + (x0 - mean) * Foundation.exp(-theta * t)
  }

  /// `Var[X(t)] = σ² (1 − e^{−2θt}) / (2θ)` (`t` the time since `t0`; independent of `x0`).
  ///
  /// Computed as `σ² · (−expm1(−2θt)) / (2θ)`, accurate for small `|θ t|`, and as its limit
  /// `σ² t` at `θ = 0`.
  public func exactVariance(t: Double) -> Double {
    let a = 2 * theta
    let growth = a == 0 ? t : -Foundation.expm1(-a * t) / a
    return sigma * sigma * growth
  }
}
