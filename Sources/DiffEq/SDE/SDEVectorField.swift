/// The drift and diffusion of a stochastic differential equation
/// `dX = μ(t, X) dt + σ(t, X) dW`, `X ∈ Rᵈ`, `W ∈ Rⁿ` (Itô unless ``calculus`` says otherwise).
///
/// Both functions are written once, generically over the lane type `L` (see ``LaneVector``): DiffEq
/// calls them with `L = Double` for one path and with `L = SIMD16<Double>` for sixteen paths at once
/// (ensembles).
/// They write into the given buffer in place and must not allocate, store the views, or depend on
/// anything but `t` and `x` (and the conforming value's own constants): path `k` must be a function
/// of `(t, x)` alone for results to be reproducible and identical across lane widths.
///
/// Layout of the diffusion buffer: see ``NoiseStructure`` (`general`: `d × n` row-major,
/// `σ[i * n + j]`; `diagonal` and `scalar`: `d` values).
///
/// Conformances must be `Sendable`: ensembles call them from several threads at once.
public protocol SDEVectorField: Sendable {
  /// The state dimension `d ≥ 1`.
  var stateDimension: Int { get }
  /// The number of Brownian components `n ≥ 1` (`n = d` for diagonal noise, `1` for scalar noise).
  var noiseDimension: Int { get }
  /// The layout and coupling of the diffusion (default ``NoiseStructure/general``).
  var noiseStructure: NoiseStructure { get }
  /// What `σ` depends on (default ``DiffusionDependence/state``). Declaring additive noise lets
  /// the integrators evaluate `σ` once per step (``DiffusionDependence/time``) or once per solve
  /// (``DiffusionDependence/constant``) for all paths.
  var diffusionDependence: DiffusionDependence { get }
  /// The calculus the drift is written in (default ``SDECalculus/ito``).
  var calculus: SDECalculus { get }
  /// `true` when ``diffusionDerivative(t:x:into:)`` is implemented (default `false`: Milstein then
  /// uses a central finite difference).
  var hasDiffusionDerivative: Bool { get }

  /// Writes the drift `μ(t, x)` into `mu[0 ..< d]`.
  func drift<L: LaneVector>(t: Double, x: LaneValues<L>, into mu: LaneBuffer<L>)

  /// Writes the diffusion `σ(t, x)` into `sigma` (`d·n` values for general noise, `d` otherwise).
  func diffusion<L: LaneVector>(t: Double, x: LaneValues<L>, into sigma: LaneBuffer<L>)

  /// Writes `∂σⁱ/∂xⁱ(t, x)` into `derivative[0 ..< d]` for diagonal (or one-dimensional) noise,
  /// used by ``Milstein``. Only called when ``hasDiffusionDerivative`` is `true`. Default: does
  /// nothing.
  func diffusionDerivative<L: LaneVector>(t: Double, x: LaneValues<L>, into derivative: LaneBuffer<L>)
}

extension SDEVectorField {
  /// ``NoiseStructure/general``.
  @inlinable public var noiseStructure: NoiseStructure { .general }
  /// ``DiffusionDependence/state``.
  @inlinable public var diffusionDependence: DiffusionDependence { .state }
  /// ``SDECalculus/ito``.
  @inlinable public var calculus: SDECalculus { .ito }
  /// `false`.
  @inlinable public var hasDiffusionDerivative: Bool { false }
  /// Does nothing (see ``hasDiffusionDerivative``).
  @inlinable
  public func diffusionDerivative<L: LaneVector>(
    t: Double, x: LaneValues<L>, into derivative: LaneBuffer<L>
  ) {}
}
