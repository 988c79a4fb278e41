/// How the diffusion couples the `n` Brownian components to the `d` state components.
///
/// The diffusion writes its values into a buffer whose layout depends on the structure:
/// - ``general``: the full `d × n` matrix, row-major: `σ[i * n + j]` multiplies `dWʲ` in `dXⁱ`;
///   `dXⁱ = μⁱ dt + Σⱼ σⁱʲ dWʲ`.
/// - ``diagonal``: `n = d`, `d` values `σ[i]`; `dXⁱ = μⁱ dt + σⁱ dWⁱ` (independent noise per
///   component).
/// - ``scalar``: `n = 1`, `d` values `σ[i]` (one column); `dXⁱ = μⁱ dt + σⁱ dW`, one shared `W`.
public enum NoiseStructure: Sendable, Equatable, CustomStringConvertible {
  /// A full `d × n` diffusion matrix, stored row-major (`σ[i * n + j]`).
  case general
  /// `n = d` and the diffusion is diagonal: `d` values.
  case diagonal
  /// `n = 1`: one Brownian motion drives every component; `d` values.
  case scalar

  /// Number of diffusion values the vector field writes for state dimension `d`, noise dimension `n`.
  @inlinable
  public func valueCount(stateDimension d: Int, noiseDimension n: Int) -> Int {
    switch self {
    case .general: return d * n
    case .diagonal, .scalar: return d
    }
  }

  /// `general`, `diagonal` or `scalar`.
  public var description: String {
    switch self {
    case .general: return "general"
    case .diagonal: return "diagonal"
    case .scalar: return "scalar"
    }
  }
}
