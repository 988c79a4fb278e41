extension SDEBallExperiment {
  /// The spread of paths simulated from a learned SDE against the exact spread of the SDE ball.
  ///
  /// `paths` paths of the learned SDE (``LearnedSDEField``, DiffEq's Euler–Maruyama ensemble with
  /// ``Configuration/simulationSubsteps`` steps per observation interval) from `(0, 1)`; at each
  /// checked observation time `t` their sample covariance `Ŝ(t)` is compared with the exact
  /// covariance `P(t) = ∫₀ᵗ e^{As} σσᵀ e^{Aᵀs} ds` (``LinearSDE/moments(x0:times:)``):
  /// `e(t) = ‖Ŝ(t) − P(t)‖_F / ‖P(t)‖_F`. The sampling error of `paths` paths is about
  /// `√(2/paths)` relative (4.5 % for 1,000).
  public struct SimulatedSpread: Sendable {
    /// The checked observation times.
    public let times: [Double]
    /// `Ŝ(t)` per checked time (2 × 2 row-major each).
    public let simulatedCovariances: [[Double]]
    /// `P(t)` per checked time.
    public let exactCovariances: [[Double]]
    /// `e(t)` per checked time.
    public let relativeErrors: [Double]
    /// The simulated paths.
    public let paths: Int

    /// The largest `e(t)`.
    public var maxRelativeError: Double { relativeErrors.max() ?? .nan }
  }
}
