import ArgumentParser

/// The weights of the three loss terms of `learn-sde`.
struct LossWeightOptions: ParsableArguments {
  @Option(parsing: .unconditional, help: ArgumentHelp(
    "Weight of the noise-free reconstruction loss ‖Z − R(Z₀)‖ (≥ 0).", valueName: "weight"))
  var weightReconstruction: Double = 5

  @Option(parsing: .unconditional, help: ArgumentHelp(
    "Weight of the pointwise drift loss ‖μ(Zₖ) − ΔZₖ/Δt‖ (≥ 0).", valueName: "weight"))
  var weightDrift: Double = 10

  @Option(parsing: .unconditional, help: ArgumentHelp(
    "Weight of the covariance loss ‖Δt Σ σσᵀ − Σ rrᵀ‖_F (≥ 0).", valueName: "weight"))
  var weightCovariance: Double = 1

  func validate() throws {
    for (name, w) in [
      ("--weight-reconstruction", weightReconstruction), ("--weight-drift", weightDrift),
      ("--weight-covariance", weightCovariance),
    ] where !(w.isFinite && w >= 0) {
      throw ValidationError("\(name) must be a finite number ≥ 0 (got \(w)).")
    }
    if weightReconstruction + weightDrift + weightCovariance == 0 {
      throw ValidationError("at least one loss weight must be > 0: nothing would be learned.")
    }
  }
}
