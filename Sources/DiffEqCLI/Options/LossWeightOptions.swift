import ArgumentParser
import NeuralSDE

/// The weights of the three loss terms of `learn-sde`.
struct LossWeightOptions: ParsableArguments {
  @Option(parsing: .unconditional, help: ArgumentHelp(
    "Weight of the noise-free reconstruction loss ‖R_μ(Zₖ) − Zₖ₊ⱼ‖² over windows of 8 "
      + "intervals (≥ 0; the original work used 5 with whole paths).",
    valueName: "weight"))
  var weightReconstruction: Double = 0

  @Option(parsing: .unconditional, help: ArgumentHelp(
    "Weight of the pointwise drift loss ‖(Φ_μ(Zₖ) − Zₖ₊₁)/Δt‖² (≥ 0; the original work used 10).",
    valueName: "weight"))
  var weightDrift: Double = 1

  @Option(parsing: .unconditional, help: ArgumentHelp(
    "Weight of the covariance loss ‖A − B‖²_F, predicted against residual covariance (≥ 0; "
      + "the original work used 1).",
    valueName: "weight"))
  var weightCovariance: Double = 1

  func validate() throws {
    for (name, w) in [
      ("--weight-reconstruction", weightReconstruction), ("--weight-drift", weightDrift),
      ("--weight-covariance", weightCovariance),
    ] where !(w.isFinite && w >= 0) {
      throw ValidationError("\(name) must be a finite number ≥ 0 (got \(w)).")
    }
    if weightReconstruction + weightDrift == 0 {
      throw ValidationError(
        "--weight-drift and --weight-reconstruction are both 0: nothing would train the drift.")
    }
  }

  /// The library's weights.
  var weights: LossWeights {
    LossWeights(pointwise: weightDrift, covariance: weightCovariance, reconstruction: weightReconstruction)
  }
}
