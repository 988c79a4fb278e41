/// A path of an ensemble on which a drift, diffusion or state value became NaN or infinite.
///
/// The ensemble keeps running; the failed path is excluded from ``EnsembleStatistics`` and its
/// saved states in ``EnsemblePaths`` are unspecified after `t` (usually NaN).
public struct PathFailure: Sendable, Equatable, CustomStringConvertible {
  /// The path index `k`.
  public let path: Int
  /// The time of the failure: the start of the step whose drift or diffusion was non-finite, or the
  /// end of the step whose new state was.
  public let t: Double
  /// What was non-finite.
  public let quantity: SDEFault

  /// Creates a record.
  public init(path: Int, t: Double, quantity: SDEFault) {
    self.path = path
    self.t = t
    self.quantity = quantity
  }

  /// The failure as the error a single solve of this path throws.
  public var error: SDEError { .nonFinite(quantity: quantity, t: t, path: path) }

  /// "path k: non-finite … at t = …".
  public var description: String { "path \(path): non-finite \(quantity) at t = \(t)" }
}
