/// How the covariance loss predicts the covariance of one observation interval from `σ`.
///
/// Over one interval the noise-driven part of `Zₖ₊₁` is, to leading order,
/// `∫₀^{Δt} Φ(Δt, s) σ(z(s)) dW(s)`, with `z(s)` the deterministic path from `Zₖ` and `Φ(Δt, s)`
/// the propagator of the drift linearised along it. Its covariance is
/// ```
/// C(Zₖ) = ∫₀^{Δt} Φ(Δt, s) σσᵀ(z(s)) Φ(Δt, s)ᵀ ds.
/// ```
/// The drift rotates and stretches the noise injected early in the interval, so `C ≠ Δt·σσᵀ`
/// when `‖J‖Δt` is not small (J = ∂μ/∂z): for the SDE ball at `Δt = 0.19`, fitting `Δt·σσᵀ` to
/// the residual covariance puts `σσᵀ` about 13–14 % (Frobenius) off.
public enum CovarianceQuadrature: Sendable, Equatable, CustomStringConvertible {
  /// The naive one-step form `C ≈ Δt·σσᵀ(Zₖ)`, with the Euler residual
  /// `rₖ = Zₖ₊₁ − Zₖ − Δt·μ(Zₖ)` (the original work).
  case oneStep
  /// Trapezoidal quadrature of `C` over `substeps` equal sub-intervals of length
  /// `h = Δt/substeps`:
  /// ```
  /// C ≈ Σⱼ₌₀^S wⱼ · (Φⱼ σ(ẑⱼ)) (Φⱼ σ(ẑⱼ))ᵀ,   ẑⱼ = z(jh),   Φⱼ = Φ(Δt, jh),
  /// w₀ = w_S = h/2, wⱼ = h otherwise,
  /// ```
  /// where `z` and `Φ` come from classical RK4 on the learned drift, frozen (not differentiated),
  /// with `substeps` steps of size `h`, and `Φ` from the tangent (variational) equation
  /// `Φ̇ = J(z)Φ` integrated by the same RK4 steps (the exact derivative of the discrete flow).
  /// The residual is `rₖ = Zₖ₊₁ − z(Δt)`. Quadrature error `O(h²)`: for the SDE ball at
  /// `Δt = 0.19`, 2 sub-steps put `A` within 0.3 % of the exact interval covariance. `substeps ≥ 1`.
  case propagated(substeps: Int)

  /// The quadrature points per transition: 1 or `substeps`.
  var pointCount: Int {
    switch self {
    case .oneStep: return 1
    case .propagated(let s): return s + 1
    }
  }

  /// `one-step` or `propagated × s`.
  public var description: String {
    switch self {
    case .oneStep: return "one-step"
    case .propagated(let s): return "propagated × \(s)"
    }
  }

  func validate() throws {
    if case .propagated(let s) = self, s < 1 {
      throw NeuralSDEError.invalidConfiguration(
        parameter: "losses.covarianceQuadrature", value: "propagated(substeps: \(s))",
        expected: "at least 1 sub-step")
    }
  }
}

/// What the covariance loss compares the predicted covariance with.
public enum CovarianceResidual: String, Sendable, Equatable, CaseIterable {
  /// The residuals `rₖ = Zₖ₊₁ − Φ_μ(Zₖ)` after the frozen drift's flow (the drift does not bias
  /// the diffusion; default).
  case driftResidual
  /// The plain increments `ΔZₖ = Zₖ₊₁ − Zₖ` (biased by `μμᵀΔt²`; for comparison with the original).
  case increment
}

/// Which averages of the predicted and observed covariances the covariance loss matches.
public enum CovarianceMatching: String, Sendable, Equatable, CaseIterable {
  /// Per transition: `L_lcv = (1/N) Σₖ ‖C(Zₖ)/Δt − rₖrₖᵀ/Δt‖²`, a least-squares regression of
  /// `rrᵀ/Δt` on the state, whose minimiser is the conditional covariance `E[rrᵀ | Z]/Δt`: it
  /// identifies a state-dependent `σσᵀ(z)` pointwise (default).
  case pointwise
  /// Over the minibatch, as written in the issue and the original work:
  /// `L_lcv = ‖(1/N)Σₖ C(Zₖ)/Δt − (1/N)Σₖ rₖrₖᵀ/Δt‖²`. It constrains only averages of `σσᵀ` over
  /// each minibatch, so the shape of a state-dependent `σ` is not identified: the averages are
  /// right where the minibatch's quadrature points are, which for the propagated form (points on
  /// the drift's path, e.g. closer to the mean of a contracting Ornstein–Uhlenbeck process) need
  /// not be where the data are. Less noisy per step. Measured on the SDE ball from random initial
  /// weights: the average of `σ̂σ̂ᵀ` over the data within 1 % of the truth, the field itself 80 %
  /// off pointwise (`σ̂σ̂ᵀ ≈ 0.0002` at the start state `(0, 1)`), so paths simulated from the
  /// learned SDE had far too little early spread.
  case batch
}
