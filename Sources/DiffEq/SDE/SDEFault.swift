/// Which quantity was found non-finite (NaN or ±∞) during an SDE step.
public enum SDEFault: Sendable, Equatable, CustomStringConvertible {
  /// The drift `μ(t, x)` returned a non-finite value.
  case drift
  /// The diffusion `σ(t, x)` returned a non-finite value.
  case diffusion
  /// `∂σⁱ/∂xⁱ` (Milstein) was non-finite, from the field or from the finite difference.
  case diffusionDerivative
  /// Drift and diffusion were finite but the new state overflowed to NaN or ±∞.
  case state

  /// `drift`, `diffusion`, `diffusion derivative` or `state`.
  public var description: String {
    switch self {
    case .drift: return "drift"
    case .diffusion: return "diffusion"
    case .diffusionDerivative: return "diffusion derivative"
    case .state: return "state"
    }
  }
}
