/// The stochastic calculus in which an SDE's drift is written.
///
/// For `dX = μ dt + σ ∘ dW` (Stratonovich) the equivalent Itô drift is
/// `μⁱ + ½ Σⱼ Σₖ σᵏʲ ∂σⁱʲ/∂xᵏ`. The two coincide for additive noise. Euler–Maruyama and Milstein
/// converge to the Itô solution, stochastic Heun to the Stratonovich solution; each refuses a field
/// written in the other calculus unless its noise is additive.
public enum SDECalculus: Sendable, Equatable, CustomStringConvertible {
  /// `dX = μ dt + σ dW` with the Itô integral (left-point evaluation).
  case ito
  /// `dX = μ dt + σ ∘ dW` with the Stratonovich integral (midpoint evaluation).
  case stratonovich

  /// `Itô` or `Stratonovich`.
  public var description: String { self == .ito ? "Itô" : "Stratonovich" }
}
