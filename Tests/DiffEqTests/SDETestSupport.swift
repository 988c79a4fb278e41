// Shared fields and exact formulas for the SDE and estimator tests.
import Foundation
import Testing
@testable import DiffEq

/// `base` with its analytic `∂σ/∂x` hidden (``SDEVectorField/hasDiffusionDerivative`` `false`), so
/// ``Milstein`` falls back to its central finite difference.
struct NumericalDerivative<Base: SDEVectorField>: SDEVectorField {
  var base: Base
  init(_ base: Base) { self.base = base }
  var stateDimension: Int { base.stateDimension }
  var noiseDimension: Int { base.noiseDimension }
  var noiseStructure: NoiseStructure { base.noiseStructure }
  var diffusionDependence: DiffusionDependence { base.diffusionDependence }
  var calculus: SDECalculus { base.calculus }
  var hasDiffusionDerivative: Bool { false }
  func drift<L: LaneVector>(t: Double, x: LaneValues<L>, into out: LaneBuffer<L>) {
    base.drift(t: t, x: x, into: out)
  }
  func diffusion<L: LaneVector>(t: Double, x: LaneValues<L>, into out: LaneBuffer<L>) {
    base.diffusion(t: t, x: x, into: out)
  }
}

/// The SDE ball (``LinearSDE/sdeBall``) re-declared with a chosen noise structure, dependence and
/// calculus: all describe the same SDE, and each sends the integrators down a different path
/// (per-step or per-lane evaluation of σ, general instead of scalar layout, a Stratonovich
/// declaration) that the library type, which always declares the fastest one, cannot request.
struct BallField: SDEVectorField {
  enum Variant { case scalarConstant, scalarTime, scalarState, generalConstant }
  var variant: Variant = .scalarConstant
  /// Itô and Stratonovich coincide (σ is constant); a state-dependent declaration must pick one.
  var declaredCalculus: SDECalculus = .ito
  var calculus: SDECalculus { declaredCalculus }
  var stateDimension: Int { 2 }
  var noiseDimension: Int { 1 }
  /// n = 1, so the general d × 1 layout is the scalar layout.
  var noiseStructure: NoiseStructure { variant == .generalConstant ? .general : .scalar }
  var diffusionDependence: DiffusionDependence {
    switch variant {
    case .scalarConstant, .generalConstant: return .constant
    case .scalarTime: return .time
    case .scalarState: return .state
    }
  }
  func drift<L: LaneVector>(t: Double, x: LaneValues<L>, into out: LaneBuffer<L>) {
    LinearSDE.sdeBall.drift(t: t, x: x, into: out)
  }
  func diffusion<L: LaneVector>(t: Double, x: LaneValues<L>, into out: LaneBuffer<L>) {
    LinearSDE.sdeBall.diffusion(t: t, x: x, into: out)
  }
}

/// dX = A X dt + B dW with A = [[−1, 0.5], [0, −1]] and a full 2 × 2 constant B (general noise,
/// n = 2), declared state-dependent so that σ is evaluated per lane: a path ``LinearSDE`` (always
/// constant) does not take. Its exact moments come from ``LinearSDE/moments(x0:times:)``.
struct GeneralLinearField: SDEVectorField {
  static let linear = LinearSDE(
    validated: [-1, 0.5, 0, -1], offset: [0, 0], diffusion: [0.3, 0.1, -0.2, 0.4], stateDimension: 2)
  var stateDimension: Int { 2 }
  var noiseDimension: Int { 2 }
  var diffusionDependence: DiffusionDependence { .state }  // evaluated per lane on purpose
  func drift<L: LaneVector>(t: Double, x: LaneValues<L>, into out: LaneBuffer<L>) {
    Self.linear.drift(t: t, x: x, into: out)
  }
  /// The full 2 × 2 B, general layout (B is not diagonal).
  func diffusion<L: LaneVector>(t: Double, x: LaneValues<L>, into out: LaneBuffer<L>) {
    Self.linear.diffusion(t: t, x: x, into: out)
  }
}

/// Diagonal multiplicative noise in 2-D: dXⁱ = −Xⁱ dt + 0.3 Xⁱ dWⁱ (for ensemble/Milstein checks).
struct DiagonalField: SDEVectorField {
  var stateDimension: Int { 2 }
  var noiseDimension: Int { 2 }
  var noiseStructure: NoiseStructure { .diagonal }
  func drift<L: LaneVector>(t: Double, x: LaneValues<L>, into out: LaneBuffer<L>) {
    out[0] = -x[0]
    out[1] = x[0] * 0.5 - x[1]
  }
  func diffusion<L: LaneVector>(t: Double, x: LaneValues<L>, into out: LaneBuffer<L>) {
    out[0] = x[0] * 0.3
    out[1] = x[1] * 0.2
  }
}

/// X = W, with a drift (or diffusion) that becomes non-finite once |X| exceeds `threshold`.
struct ThresholdField: SDEVectorField {
  var threshold: Double
  var faultInDiffusion = false
  var stateDimension: Int { 1 }
  var noiseDimension: Int { 1 }
  func drift<L: LaneVector>(t: Double, x: LaneValues<L>, into out: LaneBuffer<L>) {
    let v = x[0]
    out[0] = faultInDiffusion ? L(repeating: 0) : v.lanewise { abs($0) > threshold ? .nan : 0 }
  }
  func diffusion<L: LaneVector>(t: Double, x: LaneValues<L>, into out: LaneBuffer<L>) {
    let v = x[0]
    out[0] = faultInDiffusion ? v.lanewise { abs($0) > threshold ? .infinity : 1 } : L(repeating: 1)
  }
}

/// Checks every mean and covariance entry at save index `s` within `k` standard errors of the
/// exact values (Gaussian state: SE of the mean √(Pᵢᵢ/N), of Ĉᵢₗ √((PᵢᵢPₗₗ + Pᵢₗ²)/(N−1))).
func expectMoments(
  _ stats: EnsembleStatistics, save s: Int, mean: [Double], covariance p: [Double],
  withinStandardErrors k: Double = 3, sourceLocation: SourceLocation = #_sourceLocation
) {
  let d = stats.stateDimension
  let n = Double(stats.count)
  let m = Array(stats.mean(at: s))
  let c = Array(stats.covariance(at: s))
  for i in 0..<d {
    let se = (p[i * d + i] / n).squareRoot()
    #expect(abs(m[i] - mean[i]) < k * se, "mean[\(i)] \(m[i]) vs \(mean[i]) ± \(se)", sourceLocation: sourceLocation)
    for l in 0..<d {
      let seC = ((p[i * d + i] * p[l * d + l] + p[i * d + l] * p[i * d + l]) / (n - 1)).squareRoot()
      #expect(abs(c[i * d + l] - p[i * d + l]) < k * seC,
        "cov[\(i)][\(l)] \(c[i * d + l]) vs \(p[i * d + l]) ± \(seC)", sourceLocation: sourceLocation)
    }
  }
}

/// Least-squares slope of y against x.
func slope(_ x: [Double], _ y: [Double]) -> Double {
  let n = Double(x.count)
  let mx = x.reduce(0, +) / n
  let my = y.reduce(0, +) / n
  var sxy = 0.0
  var sxx = 0.0
  for (a, b) in zip(x, y) {
    sxy += (a - mx) * (b - my)
    sxx += (a - mx) * (a - mx)
  }
  return sxy / sxx
}

/// Standard normal CDF.
func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

/// Bit patterns, for exact comparisons that treat NaN payloads and signed zeros strictly.
func bits(_ values: [Double]) -> [UInt64] { values.map(\.bitPattern) }
func bits<C: Collection>(_ values: C) -> [UInt64] where C.Element == Double { values.map(\.bitPattern) }
