import ArgumentParser
import NeuralSDE

/// How `learn-sde` treats the time discretisation of the data.
enum LearningMethodChoice: String, ExpressibleByArgument, CaseIterable {
  /// One Euler step per observation interval: recovers (e^{AΔt} − I)/Δt and the one-step residual
  /// covariance rather than the continuous-time drift A and σσᵀ (biased for coarse Δt).
  case naive
  /// Sub-stepped RK4 within each observation interval and the covariance propagated with the
  /// learned drift's Jacobian: recovers the continuous-time drift and diffusion.
  case corrected

  static var helpText: String {
    "naive (one Euler step per observation interval: biased by O(Δt), ≈ 9 % on the drift of "
      + "sde-ball at Δt ≈ 0.19) or corrected (RK4 with --substeps steps per interval and the "
      + "covariance propagated over 2·substeps: recovers the continuous-time drift and σσᵀ)."
  }

  /// The library's loss configuration: this method with `weights` and `substeps` sub-steps.
  func losses(weights: LossWeights, substeps: Int) -> LossConfiguration {
    var losses = LossConfiguration(method: self == .naive ? .naive : .corrected)
    losses.weights = weights
    if self == .corrected {
      losses.driftFlow = .rungeKutta4(substeps: substeps)
      losses.reconstructionFlow = .rungeKutta4(substeps: substeps)
      losses.covarianceQuadrature = .propagated(substeps: 2 * substeps)
    }
    return losses
  }
}
