import DiffEq

/// A linear SDE with additive noise, `dX = (A X + b) dt + S dW`, `X ∈ Rᵈ`, `W ∈ Rⁿ`, as a DiffEq
/// vector field: the test systems of the learner (the SDE ball, Ornstein–Uhlenbeck, a noisy
/// harmonic oscillator) and any user-given linear SDE.
///
/// `A` is `d × d`, `S` is `d × n` (both row-major), `b` has `d` values (default zero). The
/// diffusion is declared constant, so DiffEq evaluates it once per solve.
public struct LinearSDEField: SDEVectorField {
  /// `d`.
  public let stateDimension: Int
  /// `n`.
  public let noiseDimension: Int
  /// `A`, `d × d` row-major.
  public let driftMatrix: [Double]
  /// `b`, `d` values.
  public let driftOffset: [Double]
  /// `S`, `d × n` row-major.
  public let diffusionMatrix: [Double]

  /// Creates the field.
  ///
  /// - Throws: ``NeuralSDEError/dimensionMismatch(what:expected:actual:)`` when `A` is not square,
  ///   or `S`, `b` do not match; ``NeuralSDEError/nonFiniteData(path:step:dimension:value:)`` for a
  ///   non-finite coefficient (reported as path 0, step 0, the coefficient's index).
  public init(driftMatrix A: [Double], driftOffset b: [Double]? = nil, diffusionMatrix S: [Double]) throws {
    let d = Int(Double(A.count).squareRoot().rounded())
    guard d >= 1, d * d == A.count else {
      throw NeuralSDEError.dimensionMismatch(what: "entries of the square drift matrix A", expected: max(1, d * d), actual: A.count)
    }
    guard S.count >= d, S.count % d == 0 else {
      throw NeuralSDEError.dimensionMismatch(what: "entries of the d × n diffusion matrix S", expected: d, actual: S.count)
    }
    let offset = b ?? [Double](repeating: 0, count: d)
    guard offset.count == d else {
      throw NeuralSDEError.dimensionMismatch(what: "entries of the drift offset b", expected: d, actual: offset.count)
    }
    for (i, v) in (A + offset + S).enumerated() where !v.isFinite {
      throw NeuralSDEError.nonFiniteData(path: 0, step: 0, dimension: i, value: v)
    }
    stateDimension = d
    noiseDimension = S.count / d
    driftMatrix = A
    driftOffset = offset
    diffusionMatrix = S
  }

  /// Constant (additive noise).
  public var diffusionDependence: DiffusionDependence { .constant }

  /// `μ = A x + b`.
  public func drift<L: LaneVector>(t: Double, x: LaneValues<L>, into mu: LaneBuffer<L>) {
    let d = stateDimension
    for i in 0..<d {
      var acc = L(repeating: driftOffset[i])
      for j in 0..<d { acc = acc.addingProduct(x[j], L(repeating: driftMatrix[i * d + j])) }
      mu[i] = acc
    }
  }

  /// `σ = S` (`d × n`, row-major).
  public func diffusion<L: LaneVector>(t: Double, x: LaneValues<L>, into sigma: LaneBuffer<L>) {
    for i in 0..<(stateDimension * noiseDimension) { sigma[i] = L(repeating: diffusionMatrix[i]) }
  }
}
