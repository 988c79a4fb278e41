/// The weights of the three loss terms in `L = w_lp·L_lp + w_lcv·L_lcv + w_lr·L_lr`.
///
/// A zero weight switches its term off (it is then neither computed nor reported). Each weight is
/// finite and `≥ 0`, and at least one is positive.
public struct LossWeights: Sendable, Equatable, CustomStringConvertible {
  /// `w_lp`, the pointwise drift loss.
  public var pointwise: Double
  /// `w_lcv`, the covariance loss.
  public var covariance: Double
  /// `w_lr`, the latent reconstruction loss.
  public var reconstruction: Double

  /// Creates the weights (defaults: `w_lp = 1`, `w_lcv = 1`, `w_lr = 0`).
  public init(pointwise: Double = 1, covariance: Double = 1, reconstruction: Double = 0) {
    self.pointwise = pointwise
    self.covariance = covariance
    self.reconstruction = reconstruction
  }

  /// The original work's weighting, `5·L_lr + 10·L_lp + 1·L_lcv`.
  public static let original = LossWeights(pointwise: 10, covariance: 1, reconstruction: 5)

  /// `lp=…, lcv=…, lr=…`.
  public var description: String { "lp=\(pointwise), lcv=\(covariance), lr=\(reconstruction)" }

  func validate() throws {
    for (name, w) in [("pointwise", pointwise), ("covariance", covariance), ("reconstruction", reconstruction)] {
      guard w.isFinite, w >= 0 else {
        throw NeuralSDEError.invalidConfiguration(
          parameter: "losses.weights.\(name)", value: "\(w)", expected: "a finite weight ≥ 0")
      }
    }
    guard pointwise > 0 || covariance > 0 || reconstruction > 0 else {
      throw NeuralSDEError.invalidConfiguration(
        parameter: "losses.weights", value: description, expected: "at least one positive weight")
    }
  }
}
