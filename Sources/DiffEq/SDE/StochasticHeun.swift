/// The stochastic Heun method (Stratonovich): an Euler predictor
/// `X̃ = Xₖ + μ(tₖ, Xₖ) h + σ(tₖ, Xₖ) ΔWₖ`, then the trapezoidal corrector
/// `Xₖ₊₁ = Xₖ + ½ (μ(tₖ, Xₖ) + μ(tₖ₊₁, X̃)) h + ½ (σ(tₖ, Xₖ) + σ(tₖ₊₁, X̃)) ΔWₖ`.
///
/// - Converges to the Stratonovich solution of `dX = μ dt + σ ∘ dW`: strong order 1 for commutative
///   noise (scalar, diagonal with `σⁱ = σⁱ(xⁱ)`, additive), ½ in general; weak order 1 (2 for
///   additive noise with smooth coefficients). Any noise structure.
/// - Two drift and two diffusion evaluations per step (diffusion at `tₖ₊₁` only for time-dependent
///   additive noise, none for constant noise). Not adaptive.
///
/// Reference: W. Rümelin, "Numerical treatment of stochastic differential equations", SIAM J. Numer.
/// Anal. 19(3), 1982, doi:10.1137/0719041; Kloeden & Platen 1992, §15.1.
public struct StochasticHeun: SDEMethod {
  /// Creates the method (it has no parameters).
  @inlinable public init() {}

  /// `"stochastic Heun"`.
  public static var name: String { "stochastic Heun" }
  /// ½ in general (1 for commutative noise).
  public static var strongOrder: Double { 0.5 }
  /// 1.
  public static var weakOrder: Double { 1 }
  /// Stratonovich.
  public static var calculus: SDECalculus { .stratonovich }

  /// Accepts every noise structure; requires a Stratonovich field unless the noise is additive.
  @inlinable
  public func validate<F: SDEVectorField>(_ field: F) throws {
    try requireCalculus(of: field)
  }

  /// One stochastic Heun step.
  @inlinable @inline(__always)
  public func step<F: SDEVectorField, L: LaneVector>(
    _ field: F, t: Double, h: Double, dW: LaneValues<L>, workspace ws: SDEWorkspace<L>
  ) -> SDEFault? {
    let x = ws.state
    let d = ws.stateDimension
    let predictor = ws.predictor
    guard ws.evaluateDrift(field, t: t, x: x.values, into: ws.drift) else { return .drift }
    guard ws.evaluateDiffusion(field, t: t, x: x.values, into: ws.diffusion) else {
      return .diffusion
    }
    for i in 0..<d {
      let increment: L = ws.drift[i] * h + ws.noiseTerm(ws.diffusion, component: i, dW: dW)
      predictor[i] = x[i] + increment
    }
    let t1 = t + h
    guard ws.evaluateDrift(field, t: t1, x: predictor.values, into: ws.secondDrift) else {
      return .drift
    }
    guard ws.evaluateDiffusion(field, t: t1, x: predictor.values, into: ws.secondDiffusion) else {
      return .diffusion
    }
    for i in 0..<d {
      let driftSum: L = (ws.drift[i] + ws.secondDrift[i]) * h
      let noiseSum: L =
        ws.noiseTerm(ws.diffusion, component: i, dW: dW)
        + ws.noiseTerm(ws.secondDiffusion, component: i, dW: dW)
      let increment: L = (driftSum + noiseSum) * 0.5
      x[i] = x[i] + increment
    }
    return nil
  }
}
