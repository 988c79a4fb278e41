/// The Euler–Maruyama method: `Xₖ₊₁ = Xₖ + μ(tₖ, Xₖ) h + σ(tₖ, Xₖ) ΔWₖ`.
///
/// - Converges to the Itô solution: strong order ½ (order 1 for additive noise), weak order 1.
/// - One drift and one diffusion evaluation per step (none for constant additive noise), any noise
///   structure (general, diagonal, scalar). Not adaptive.
/// - Per component: `xⁱ ← xⁱ + (μⁱ h + Σⱼ σⁱʲ ΔWʲ)`.
///
/// Reference: P. E. Kloeden, E. Platen, *Numerical Solution of Stochastic Differential Equations*,
/// Springer 1992, §10.2, doi:10.1007/978-3-662-12616-5.
public struct EulerMaruyama: SDEMethod {
  /// Creates the method (it has no parameters).
  @inlinable public init() {}

  /// `"Euler–Maruyama"`.
  public static var name: String { "Euler–Maruyama" }
  /// ½.
  public static var strongOrder: Double { 0.5 }
  /// 1.
  public static var weakOrder: Double { 1 }
  /// Itô.
  public static var calculus: SDECalculus { .ito }

  /// Accepts every noise structure; requires an Itô field unless the noise is additive.
  @inlinable
  public func validate<F: SDEVectorField>(_ field: F) throws {
    try requireCalculus(of: field)
  }

  /// One Euler–Maruyama step.
  @inlinable @inline(__always)
  public func step<F: SDEVectorField, L: LaneVector>(
    _ field: F, t: Double, h: Double, dW: LaneValues<L>, workspace ws: SDEWorkspace<L>
  ) -> SDEFault? {
    let x = ws.state
    guard ws.evaluateDrift(field, t: t, x: x.values, into: ws.drift) else { return .drift }
    guard ws.evaluateDiffusion(field, t: t, x: x.values, into: ws.diffusion) else {
      return .diffusion
    }
    let d = ws.stateDimension
    let drift = ws.drift
    let sigma = ws.diffusion
    switch ws.noiseStructure {
    case .scalar:
      let w = dW[0]
      for i in 0..<d {
        let increment: L = drift[i] * h + sigma[i] * w
        x[i] = x[i] + increment
      }
    case .diagonal:
      for i in 0..<d {
        let increment: L = drift[i] * h + sigma[i] * dW[i]
        x[i] = x[i] + increment
      }
    case .general:
      for i in 0..<d {
        let increment: L = drift[i] * h + ws.noiseTerm(sigma, component: i, dW: dW)
        x[i] = x[i] + increment
      }
    }
    return nil
  }
}
