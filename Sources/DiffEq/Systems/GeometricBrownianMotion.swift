import Foundation

/// Geometric Brownian motion `dX = μX dt + σX dW`, one dimension, Itô (default) or Stratonovich
/// (`dX = μX dt + σX ∘ dW`): the standard test problem with multiplicative noise.
///
/// Diagonal noise (`d = n = 1`), state-dependent diffusion `σ(x) = σx` with the analytic derivative
/// `∂σ/∂x = σ` for ``Milstein``. Every path started at `x0 > 0` stays positive.
///
/// Exact solution on the Brownian path `W` (with `W(t0) = 0` and `t` the time since `t0`):
/// - Itô: `X(t) = x0 · exp((μ − σ²/2) t + σ W(t))`;
/// - Stratonovich: `X(t) = x0 · exp(μ t + σ W(t))`.
///
/// Moments (with `m = μ` for Itô and `m = μ + σ²/2` for Stratonovich, the Itô drift rate):
/// `E[X(t)] = x0 e^{m t}`, `Var[X(t)] = x0² e^{2 m t} (e^{σ² t} − 1)`.
///
/// ```swift
/// let gbm = GeometricBrownianMotion(mu: 0.5, sigma: 0.4)
/// let problem = try SDEProblem(gbm, x0: [1], t0: 0, t1: 2)
/// let mean = gbm.exactMean(x0: 1, t: 2)  // e¹
/// ```
///
/// The parameters are not checked: a non-finite `μ` or `σ` makes the drift or diffusion
/// non-finite, which a solve reports as ``SDEError/nonFinite(quantity:t:path:)``.
public struct GeometricBrownianMotion: SDEVectorField, Equatable {
  /// The drift rate `μ` (1/time; any finite value).
  public var mu: Double
  /// The volatility `σ` (1/√time; any finite value, conventionally `≥ 0`; the law depends on
  /// `σ²` only).
  public var sigma: Double
  /// The calculus of the `dW` term (default ``SDECalculus/ito``).
  public var calculus: SDECalculus

  /// Creates `dX = μX dt + σX dW` (or `∘ dW` with `calculus: .stratonovich`).
  ///
  /// - Parameters:
  ///   - mu: drift rate `μ`, 1/time.
  ///   - sigma: volatility `σ`, 1/√time.
  ///   - calculus: ``SDECalculus/ito`` (default) or ``SDECalculus/stratonovich``.
  public init(mu: Double, sigma: Double, calculus: SDECalculus = .ito) {
    self.mu = mu
    self.sigma = sigma
    self.calculus = calculus
  }

  /// 1.
  @inlinable public var stateDimension: Int { 1 }
  /// 1.
  @inlinable public var noiseDimension: Int { 1 }
  /// ``NoiseStructure/diagonal`` (`d = n = 1`).
  @inlinable public var noiseStructure: NoiseStructure { .diagonal }
  /// `true`: ``diffusionDerivative(t:x:into:)`` writes `σ`.
  @inlinable public var hasDiffusionDerivative: Bool { true }

  /// `μ(x) = μ x`.
  @inlinable
  public func drift<L: LaneVector>(t: Double, x: LaneValues<L>, into mu: LaneBuffer<L>) {
    mu[0] = x[0] * self.mu
  }

  /// `σ(x) = σ x`.
  @inlinable
  public func diffusion<L: LaneVector>(t: Double, x: LaneValues<L>, into sigma: LaneBuffer<L>) {
    sigma[0] = x[0] * self.sigma
  }

  /// `∂σ/∂x = σ` (constant), for ``Milstein``.
  @inlinable
  public func diffusionDerivative<L: LaneVector>(
    t: Double, x: LaneValues<L>, into derivative: LaneBuffer<L>
  ) {
    derivative[0] = L(repeating: sigma)
  }

  /// The Itô drift rate `m`: `μ` for Itô, `μ + σ²/2` for Stratonovich.
  public var itoDriftRate: Double {
    calculus == .ito ? mu : mu + 0.5 * sigma * sigma
  }

  /// The exact solution `X(t)` given the Brownian value `w = W(t)` (`W(t0) = 0`):
  /// `x0 · exp((m − σ²/2) t + σ w)`, i.e. `x0 · exp((μ − σ²/2) t + σ w)` (Itô) or
  /// `x0 · exp(μ t + σ w)` (Stratonovich).
  ///
  /// - Parameters:
  ///   - x0: the initial state.
  ///   - t: the time elapsed since `t0`, `≥ 0`.
  ///   - w: the Brownian motion's value at that time, `W(t0 + t) − W(t0)`.
  public func exactSolution(x0: Double, t: Double, w: Double) -> Double {
    let rate = itoDriftRate - 0.5 * sigma * sigma
    return x0 * Foundation.exp(rate * t + sigma * w)
  }

  /// `E[X(t)] = x0 e^{m t}` (`t` the time since `t0`).
  public func exactMean(x0: Double, t: Double) -> Double {
    x0 * Foundation.exp(itoDriftRate * t)
  }

  /// `Var[X(t)] = x0² e^{2 m t} (e^{σ² t} − 1)` (`t` the time since `t0`; `expm1` keeps it
  /// accurate for small `σ² t`).
  public func exactVariance(x0: Double, t: Double) -> Double {
    let mean = exactMean(x0: x0, t: t)
    return mean * mean * Foundation.expm1(sigma * sigma * t)
  }
}
