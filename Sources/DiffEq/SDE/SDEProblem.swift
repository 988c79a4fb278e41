/// An SDE initial-value problem: a vector field, an initial state `x0` and a span `[t0, t1]`.
///
/// `dX = μ(t, X) dt + σ(t, X) dW`, `X(t0) = x0`, integrated forward to `t1`. Construction
/// validates everything that does not depend on the solve settings.
public struct SDEProblem<Field: SDEVectorField>: Sendable {
  /// The drift and diffusion.
  public let field: Field
  /// The initial state, `d` finite values.
  public let x0: [Double]
  /// Start of the span.
  public let t0: Double
  /// End of the span, `> t0`.
  public let t1: Double

  /// Creates and validates the problem.
  ///
  /// - Throws: ``SDEError/invalidDimension(what:value:)`` if `d < 1` or `n < 1`;
  ///   ``SDEError/noiseDimensionMismatch(structure:stateDimension:noiseDimension:)`` for diagonal
  ///   noise with `n ≠ d` or scalar noise with `n ≠ 1`;
  ///   ``SDEError/initialStateDimensionMismatch(expected:actual:)``;
  ///   ``SDEError/nonFiniteInitialState(index:value:)``;
  ///   ``SDEError/invalidTimeSpan(t0:t1:)`` unless `t0`, `t1` are finite and `t1 > t0`.
  public init(_ field: Field, x0: [Double], t0: Double, t1: Double) throws {
    let d = field.stateDimension
    let n = field.noiseDimension
    guard d >= 1 else { throw SDEError.invalidDimension(what: "stateDimension", value: d) }
    guard n >= 1 else { throw SDEError.invalidDimension(what: "noiseDimension", value: n) }
    switch field.noiseStructure {
    case .diagonal where n != d, .scalar where n != 1:
      throw SDEError.noiseDimensionMismatch(
        structure: field.noiseStructure, stateDimension: d, noiseDimension: n)
    default: break
    }
    guard x0.count == d else {
      throw SDEError.initialStateDimensionMismatch(expected: d, actual: x0.count)
    }
    if let i = x0.firstIndex(where: { !$0.isFinite }) {
      throw SDEError.nonFiniteInitialState(index: i, value: x0[i])
    }
    guard t0.isFinite, t1.isFinite, t1 > t0 else { throw SDEError.invalidTimeSpan(t0: t0, t1: t1) }
    self.field = field
    self.x0 = x0
    self.t0 = t0
    self.t1 = t1
  }

  /// `d`.
  @inlinable public var stateDimension: Int { field.stateDimension }
  /// `n`.
  @inlinable public var noiseDimension: Int { field.noiseDimension }
}
