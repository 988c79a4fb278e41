/// Which losses are trained, with which weights, and how each term is discretised.
///
/// With `N` transitions `(Zₖ, Zₖ₊₁)` of a minibatch at step `Δt`:
/// - **pointwise drift** `L_lp = (1/N) Σₖ ‖(Φ_μ^{Δt}(Zₖ) − Zₖ₊₁)/Δt‖²` (or `‖·‖`, see
///   ``pointwiseNorm``), `Φ_μ` the flow of the drift by ``driftFlow``. With ``FlowIntegrator/euler``
///   this is exactly the naive `(1/N) Σ ‖μ(Zₖ) − (Zₖ₊₁ − Zₖ)/Δt‖²`.
/// - **covariance** `L_lcv = ‖A − B‖²_F` (or `‖·‖_F`) with `A = (1/(NΔt)) Σₖ C(Zₖ)` predicted by
///   ``covarianceQuadrature`` and `B = (1/(NΔt)) Σₖ rₖrₖᵀ` from the residuals
///   (``covarianceResidual``) — the form, ``CovarianceMatching/batch``; its
///   `A = Δt Σ σσᵀ`, `B = Σ rrᵀ` are these times `NΔt`, the normalisation makes `A` and `B`
///   estimates of `σσᵀ` itself. By default (``CovarianceMatching/pointwise``) the same is matched
///   per transition, `(1/N) Σₖ ‖C(Zₖ)/Δt − rₖrₖᵀ/Δt‖²`, which identifies a state-dependent
///   diffusion. The drift enters `r` and `C` frozen (stop-gradient): this term trains `σ` only.
/// - **latent reconstruction** `L_lr = (1/(Wm)) Σ_w Σⱼ₌₁^m ‖R_{μ,j}(Z_{k_w}) − Z_{k_w+j}‖²`
///   over `W` windows of ``reconstructionHorizon`` `m` intervals, `R_μ` the noise-free flow by
///   ``reconstructionFlow``, differentiated through every step.
///
/// Presets: ``corrected`` (the default: RK4 flows, propagated covariance) and ``naive`` (one
/// Euler step, `A = Δt·σσᵀ`, as the original work); ``original`` adds the original weights.
public struct LossConfiguration: Sendable, Equatable {
  /// The weights `w_lp`, `w_lcv`, `w_lr`.
  public var weights: LossWeights
  /// The flow in the pointwise drift loss (``FlowIntegrator/euler`` is the naive one-step fit).
  public var driftFlow: FlowIntegrator
  /// The covariance prediction (``CovarianceQuadrature/oneStep`` is the naive `Δt·σσᵀ`).
  public var covarianceQuadrature: CovarianceQuadrature
  /// Residuals or plain increments in `B`.
  public var covarianceResidual: CovarianceResidual
  /// Per-transition (default) or minibatch-average matching of the covariances.
  public var covarianceMatching: CovarianceMatching
  /// The flow of the reconstructor `R_{μ,0}`.
  public var reconstructionFlow: FlowIntegrator
  /// Intervals per reconstruction window `m ≥ 1`; `nil` reconstructs each whole path from its
  /// first state (the original work; cost grows with the path length).
  public var reconstructionHorizon: Int?
  /// Norm of the pointwise residuals.
  public var pointwiseNorm: LossNorm
  /// Norm of `A − B`.
  public var covarianceNorm: LossNorm
  /// Norm of the reconstruction residuals.
  public var reconstructionNorm: LossNorm

  /// Creates a configuration; the defaults are the corrected estimator with weights
  /// `w_lp = 1, w_lcv = 1, w_lr = 0`.
  public init(
    weights: LossWeights = LossWeights(),
    driftFlow: FlowIntegrator = .rungeKutta4(substeps: 2),
    covarianceQuadrature: CovarianceQuadrature = .propagated(substeps: 2),
    covarianceResidual: CovarianceResidual = .driftResidual,
    covarianceMatching: CovarianceMatching = .pointwise,
    reconstructionFlow: FlowIntegrator = .rungeKutta4(substeps: 2),
    reconstructionHorizon: Int? = 8,
    pointwiseNorm: LossNorm = .squared, covarianceNorm: LossNorm = .squared,
    reconstructionNorm: LossNorm = .squared
  ) {
    self.weights = weights
    self.driftFlow = driftFlow
    self.covarianceQuadrature = covarianceQuadrature
    self.covarianceResidual = covarianceResidual
    self.covarianceMatching = covarianceMatching
    self.reconstructionFlow = reconstructionFlow
    self.reconstructionHorizon = reconstructionHorizon
    self.pointwiseNorm = pointwiseNorm
    self.covarianceNorm = covarianceNorm
    self.reconstructionNorm = reconstructionNorm
  }

  /// The discretisation-corrected estimator (default): RK4 × 2 flow in `L_lp` and `L_lr`,
  /// propagated covariance over 2 sub-steps.
  public static let corrected = LossConfiguration()

  /// The naive one-step estimator of the original work: `L_lp` on `(Zₖ₊₁ − Zₖ)/Δt`,
  /// `A = Δt·σσᵀ(Zₖ)`, Euler reconstructor. Biased by `O(Δt)` in both drift and diffusion.
  public static let naive = LossConfiguration(
    driftFlow: .euler, covarianceQuadrature: .oneStep, reconstructionFlow: .euler)

  /// The original work's estimator and weights (`5·L_lr + 10·L_lp + 1·L_lcv`, Euler, whole-path
  /// reconstruction, Euclidean norms).
  public static let original = LossConfiguration(
    weights: .original, driftFlow: .euler, covarianceQuadrature: .oneStep,
    covarianceResidual: .driftResidual, covarianceMatching: .batch, reconstructionFlow: .euler,
    reconstructionHorizon: nil,
    pointwiseNorm: .euclidean, covarianceNorm: .euclidean, reconstructionNorm: .euclidean)

  /// The preset for `method`.
  public init(method: EstimationMethod) {
    self = method == .naive ? .naive : .corrected
  }

  func validate() throws {
    try weights.validate()
    try covarianceQuadrature.validate()
    if let m = reconstructionHorizon, m < 1 {
      throw NeuralSDEError.invalidConfiguration(
        parameter: "losses.reconstructionHorizon", value: "\(m)", expected: "m ≥ 1 or nil (whole paths)")
    }
  }

  /// A one-line text form, stored in checkpoints.
  var fingerprint: String {
    "w=[\(weights)] lp=\(driftFlow)/\(pointwiseNorm.rawValue) lcv=\(covarianceQuadrature)/"
      + "\(covarianceResidual.rawValue)/\(covarianceMatching.rawValue)/\(covarianceNorm.rawValue) lr=\(reconstructionFlow)/"
      + "\(reconstructionHorizon.map(String.init) ?? "path")/\(reconstructionNorm.rawValue)"
  }
}

/// The two estimators the library reports side by side.
public enum EstimationMethod: String, Sendable, Equatable, CaseIterable {
  /// One-step Euler discretisation of drift and diffusion (biased by `O(Δt)`).
  case naive
  /// Sub-stepped RK4 flow and propagated covariance (bias `O(h⁴)` and `O(h²)`).
  case corrected
}
