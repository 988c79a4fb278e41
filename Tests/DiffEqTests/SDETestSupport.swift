// Shared fields and exact formulas for the SDE and estimator tests.
import Foundation
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

/// The SDE ball dX = Y dt + 0.2 dW, dY = −X dt + 0.1 dW with one shared W, declared with a chosen
/// noise structure and dependence (all describe the same SDE).
struct BallField: SDEVectorField {
  enum Variant { case scalarConstant, scalarTime, scalarState, generalConstant }
  var variant: Variant = .scalarConstant
  /// Itô and Stratonovich coincide (σ is constant); a state-dependent declaration must pick one.
  var declaredCalculus: SDECalculus = .ito
  var calculus: SDECalculus { declaredCalculus }
  var stateDimension: Int { 2 }
  var noiseDimension: Int { 1 }
  var noiseStructure: NoiseStructure { variant == .generalConstant ? .general : .scalar }
  var diffusionDependence: DiffusionDependence {
    switch variant {
    case .scalarConstant, .generalConstant: return .constant
    case .scalarTime: return .time
    case .scalarState: return .state
    }
  }
  func drift<L: LaneVector>(t: Double, x: LaneValues<L>, into out: LaneBuffer<L>) {
    out[0] = x[1]
    out[1] = -x[0]
  }
  func diffusion<L: LaneVector>(t: Double, x: LaneValues<L>, into out: LaneBuffer<L>) {
    out[0] = L(repeating: 0.2)
    out[1] = L(repeating: 0.1)
  }
}

/// dX = −X dt + B dW with a full 2 × 2 constant B (general noise, n = 2).
struct GeneralLinearField: SDEVectorField {
  static let b: [Double] = [0.3, 0.1, -0.2, 0.4]
  var stateDimension: Int { 2 }
  var noiseDimension: Int { 2 }
  var diffusionDependence: DiffusionDependence { .state }  // evaluated per lane on purpose
  func drift<L: LaneVector>(t: Double, x: LaneValues<L>, into out: LaneBuffer<L>) {
    out[0] = -x[0] + x[1] * 0.5
    out[1] = -x[1]
  }
  func diffusion<L: LaneVector>(t: Double, x: LaneValues<L>, into out: LaneBuffer<L>) {
    for k in 0..<4 { out[k] = L(repeating: Self.b[k]) }
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

/// Small dense matrices (row-major) for exact moments.
enum Dense {
  static func multiply(_ a: [Double], _ b: [Double], _ n: Int) -> [Double] {
    var c = [Double](repeating: 0, count: n * n)
    for i in 0..<n { for k in 0..<n { for j in 0..<n { c[i * n + j] += a[i * n + k] * b[k * n + j] } } }
    return c
  }

  static func transpose(_ a: [Double], _ n: Int) -> [Double] {
    var t = a
    for i in 0..<n { for j in 0..<n { t[j * n + i] = a[i * n + j] } }
    return t
  }

  /// e^A by scaling and squaring with a 30-term Taylor series (‖A/2ˢ‖∞ ≤ 1/2): relative accuracy
  /// ~1e-15 for the small matrices used here.
  static func exp(_ a: [Double], _ n: Int) -> [Double] {
    let norm = (0..<n).map { i in (0..<n).reduce(0.0) { $0 + abs(a[i * n + $1]) } }.max() ?? 0
    var s = 0
    while norm / Double(1 << s) > 0.5 { s += 1 }
    let scaled = a.map { $0 / Double(1 << s) }
    var result = [Double](repeating: 0, count: n * n)
    var term = result
    for i in 0..<n { result[i * n + i] = 1; term[i * n + i] = 1 }
    for k in 1...30 {
      term = multiply(term, scaled, n).map { $0 / Double(k) }
      for q in 0..<(n * n) { result[q] += term[q] }
    }
    for _ in 0..<s { result = multiply(result, result, n) }
    return result
  }

  /// Exact moments of dX = A X dt + B dW from X(0) = x0 at time T: mean e^{AT} x0 and covariance
  /// P = ∫₀ᵀ e^{As} B Bᵀ e^{Aᵀs} ds by Van Loan's block exponential
  /// exp([[−A, BBᵀ], [0, Aᵀ]] T) = [[·, F12], [0, F22]], P = F22ᵀ F12.
  static func linearMoments(a: [Double], b: [Double], n: Int, noise m: Int, x0: [Double], t: Double)
    -> (mean: [Double], covariance: [Double])
  {
    var q = [Double](repeating: 0, count: n * n)
    for i in 0..<n { for j in 0..<n { for k in 0..<m { q[i * n + j] += b[i * m + k] * b[j * m + k] } } }
    let big = 2 * n
    var block = [Double](repeating: 0, count: big * big)
    for i in 0..<n {
      for j in 0..<n {
        block[i * big + j] = -a[i * n + j] * t
        block[i * big + n + j] = q[i * n + j] * t
        block[(n + i) * big + n + j] = a[j * n + i] * t
      }
    }
    let e = exp(block, big)
    var f12 = [Double](repeating: 0, count: n * n)
    var f22 = f12
    for i in 0..<n {
      for j in 0..<n {
        f12[i * n + j] = e[i * big + n + j]
        f22[i * n + j] = e[(n + i) * big + n + j]
      }
    }
    let p = multiply(transpose(f22, n), f12, n)
    let eat = exp(a.map { $0 * t }, n)
    let mean = (0..<n).map { i in (0..<n).reduce(0.0) { $0 + eat[i * n + $1] * x0[$1] } }
    return (mean, p)
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
