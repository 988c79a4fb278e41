/// The Milstein method for diagonal noise (Itô):
/// `Xⁱₖ₊₁ = Xⁱₖ + μⁱ h + σⁱ ΔWⁱ + ½ σⁱ (∂σⁱ/∂xⁱ) ((ΔWⁱ)² − h)`, all evaluated at `(tₖ, Xₖ)`.
///
/// - Converges to the Itô solution with strong order 1 and weak order 1 for diagonal noise whose
///   `σⁱ` depends on the state only through `xⁱ` (commutative noise; then no Lévy areas are needed).
///   Accepts ``NoiseStructure/diagonal`` noise, or any structure with `d = n = 1`.
/// - `∂σⁱ/∂xⁱ` comes from ``SDEVectorField/diffusionDerivative(t:x:into:)`` when the field provides
///   it, otherwise from a central difference with step `hᵢ = ε (1 + |xⁱ|)`,
///   `(σⁱ(x + h) − σⁱ(x − h)) / ((x + h)ⁱ − (x − h)ⁱ)`, every component perturbed at once (valid
///   under the same assumption), `ε` = ``relativeStep`` (default `6.055e-6 ≈ ∛(2⁻⁵²)`, error
///   `O(ε²)`). Per step: one drift, one diffusion, and one derivative or two extra diffusion
///   evaluations. For additive noise the correction vanishes and the step is Euler–Maruyama's.
///
/// Reference: G. N. Milstein, "Approximate integration of stochastic differential equations",
/// Theory Probab. Appl. 19(3), 1975, doi:10.1137/1119062; Kloeden & Platen 1992, §10.3.
public struct Milstein: SDEMethod {
  /// Relative step `ε` of the central finite difference used when the field gives no derivative.
  public var relativeStep: Double

  /// Creates the method. `relativeStep` must be positive and finite (default `6.055e-6`);
  /// ``validate(_:)`` (run before every solve) throws ``SDEError/invalidParameter(name:value:)``
  /// otherwise.
  @inlinable
  public init(relativeStep: Double = 6.055e-6) {
    self.relativeStep = relativeStep
  }

  /// `"Milstein"`.
  public static var name: String { "Milstein" }
  /// 1 (diagonal commutative noise).
  public static var strongOrder: Double { 1 }
  /// 1.
  public static var weakOrder: Double { 1 }
  /// Itô.
  public static var calculus: SDECalculus { .ito }

  /// Requires diagonal noise (or `d = n = 1`), an Itô field (unless the noise is additive) and a
  /// positive finite ``relativeStep``.
  @inlinable
  public func validate<F: SDEVectorField>(_ field: F) throws {
    guard relativeStep > 0, relativeStep.isFinite else {
      throw SDEError.invalidParameter(name: "Milstein.relativeStep", value: relativeStep)
    }
    let d = field.stateDimension
    let n = field.noiseDimension
    let structure = field.noiseStructure
    guard structure == .diagonal || (d == 1 && n == 1) else {
      throw SDEError.unsupportedNoise(
        method: Self.name, structure: structure, stateDimension: d, noiseDimension: n)
    }
    try requireCalculus(of: field)
  }

  /// One Milstein step.
  @inlinable @inline(__always)
  public func step<F: SDEVectorField, L: LaneVector>(
    _ field: F, t: Double, h: Double, dW: LaneValues<L>, workspace ws: SDEWorkspace<L>
  ) -> SDEFault? {
    let x = ws.state
    let d = ws.stateDimension
    guard ws.evaluateDrift(field, t: t, x: x.values, into: ws.drift) else { return .drift }
    guard ws.evaluateDiffusion(field, t: t, x: x.values, into: ws.diffusion) else {
      return .diffusion
    }
    if ws.diffusionDependence.isAdditive {
      for i in 0..<d {
        let increment: L = ws.drift[i] * h + ws.diffusion[i] * dW[i]
        x[i] = x[i] + increment
      }
      return nil
    }
    let derivative = ws.derivative
    if field.hasDiffusionDerivative {
      field.diffusionDerivative(t: t, x: x.values, into: derivative)
    } else {
      finiteDifference(field, t: t, workspace: ws)
    }
    if ws.checksFinite && !SDEWorkspace<L>.allFinite(derivative) { return .diffusionDerivative }
    for i in 0..<d {
      let w = dW[i]
      let sigma = ws.diffusion[i]
      let correction: L = (sigma * derivative[i]) * ((w * w - h) * 0.5)
      let increment: L = ws.drift[i] * h + sigma * w + correction
      x[i] = x[i] + increment
    }
    return nil
  }

  /// Central difference `∂σⁱ/∂xⁱ` into ``SDEWorkspace/derivative``, using ``SDEWorkspace/scratch``
  /// (`x + h`, `x − h`) and ``SDEWorkspace/secondDiffusion`` / ``SDEWorkspace/predictor``.
  @inlinable
  func finiteDifference<F: SDEVectorField, L: LaneVector>(
    _ field: F, t: Double, workspace ws: SDEWorkspace<L>
  ) {
    let d = ws.stateDimension
    let x = ws.state
    let plus = LaneBuffer(ws.scratch.base, count: d)
    let minus = LaneBuffer(ws.scratch.base + d, count: d)
    let sigmaMinus = LaneBuffer(ws.scratch.base + 2 * d, count: d)
    let absMask = L.Bits(repeating: 0x7FFF_FFFF_FFFF_FFFF)
    for i in 0..<d {
      let magnitude = L(laneBits: x[i].laneBits & absMask)
      let step: L = (magnitude + 1.0) * relativeStep
      plus[i] = x[i] + step
      minus[i] = x[i] - step
    }
    field.diffusion(t: t, x: plus.values, into: ws.secondDiffusion)
    field.diffusion(t: t, x: minus.values, into: sigmaMinus)
    for i in 0..<d {
      let width: L = plus[i] - minus[i]
      ws.derivative[i] = (ws.secondDiffusion[i] - sigmaMinus[i]) / width
    }
  }
}
