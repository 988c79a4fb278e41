/// A linear SDE with additive noise, `dX = (A X + b) dt + B dW`, `X ∈ Rᵈ`, `W ∈ Rⁿ`: the
/// Ornstein–Uhlenbeck family in any dimension, the "SDE ball" (``sdeBall``), noisy oscillators,
/// and any user-given linear SDE.
///
/// `A` is `d × d`, `B` is `d × n` (both row-major: `A[i * d + j]`, `B[i * n + j]`), `b` has `d`
/// entries (default 0). The noise is additive (`B` does not depend on `X` or `t`), so the Itô and
/// Stratonovich forms are the same SDE: the field declares ``SDECalculus/ito`` and every method
/// (Euler–Maruyama, Milstein, stochastic Heun) accepts it.
///
/// The declarations select DiffEq's additive-noise fast paths: ``DiffusionDependence/constant``
/// (`B` is evaluated once per solve and shared by all paths) and the narrowest noise structure
/// that holds `B`: ``NoiseStructure/scalar`` when `n = 1` (one Brownian motion drives every
/// component), ``NoiseStructure/diagonal`` when `n = d` and `B` is diagonal, otherwise
/// ``NoiseStructure/general``. ``diffusionDerivative(t:x:into:)`` writes 0, so ``Milstein``
/// (diagonal or `d = n = 1` noise) reduces to Euler–Maruyama.
///
/// The drift costs one multiply and one add per lane for each non-zero entry of `A` (exact zeros
/// are skipped; they are structural, as in the SDE ball's `[[0, 1], [−1, 0]]`), written as plain
/// lane arithmetic `acc + x · a`, which compiles to vector instructions.
///
/// The law of `X(t)` from a deterministic `X(t₀) = x0` is Gaussian with the mean and covariance
/// of ``moments(x0:times:)``.
///
/// ```swift
/// let ball = LinearSDE.sdeBall  // dX = Y dt + 0.2 dW, dY = −X dt + 0.1 dW
/// let problem = try SDEProblem(ball, x0: [0, 1], t0: 0, t1: 10)
/// let (mean, covariance) = try ball.moments(x0: [0, 1], times: [0, 10])
/// ```
public struct LinearSDE: SDEVectorField, Equatable {
  /// The state dimension `d ≥ 1`.
  public let stateDimension: Int
  /// The number of Brownian components `n ≥ 1`.
  public let noiseDimension: Int
  /// The drift matrix `A`, `d × d` row-major (finite entries).
  public let driftMatrix: [Double]
  /// The drift offset `b`, `d` entries (finite; zero unless given).
  public let driftOffset: [Double]
  /// The diffusion matrix `B`, `d × n` row-major (finite entries).
  public let diffusionMatrix: [Double]
  /// ``NoiseStructure/scalar`` for `n = 1`, ``NoiseStructure/diagonal`` for a diagonal `d × d`
  /// `B` (`d ≥ 2`), ``NoiseStructure/general`` otherwise.
  public let noiseStructure: NoiseStructure

  /// `false` when `b` is all zeros (the drift then starts its sums from `A`'s first term).
  @usableFromInline let hasOffset: Bool
  /// The non-zero entries of `A` in row order (compressed sparse rows): their columns,
  @usableFromInline let termColumns: [Int]
  /// their values,
  @usableFromInline let termCoefficients: [Double]
  /// and for each row `i` the end of its terms (`termEnds[i − 1] ..< termEnds[i]`).
  @usableFromInline let termEnds: [Int]
  /// The values the diffusion writes, in the layout of ``noiseStructure``.
  @usableFromInline let diffusionValues: [Double]

  /// Creates `dX = (A X + b) dt + B dW`; `d` is read from `A` and `n` from `B`.
  ///
  /// - Parameters:
  ///   - driftMatrix: `A`, `d²` finite values, row-major, `d ≥ 1`.
  ///   - driftOffset: `b`, `d` finite values; `nil` (default) for zero.
  ///   - diffusionMatrix: `B`, `d·n` finite values, row-major, `n ≥ 1` (a `d`-vector is `n = 1`).
  /// - Throws: ``LinearSDEError/driftMatrixNotSquare(count:)``,
  ///   ``LinearSDEError/diffusionMatrixShape(stateDimension:count:)``,
  ///   ``LinearSDEError/driftOffsetDimensionMismatch(expected:actual:)`` for wrong sizes;
  ///   ``LinearSDEError/nonFiniteCoefficient(name:index:value:)`` for a NaN or infinite entry.
  public init(driftMatrix A: [Double], driftOffset b: [Double]? = nil, diffusionMatrix B: [Double]) throws {
    var d = 1
    while d * d < A.count { d += 1 }
    guard !A.isEmpty, d * d == A.count else { throw LinearSDEError.driftMatrixNotSquare(count: A.count) }
    guard !B.isEmpty, B.count % d == 0 else {
      throw LinearSDEError.diffusionMatrixShape(stateDimension: d, count: B.count)
    }
    let offset = b ?? [Double](repeating: 0, count: d)
    guard offset.count == d else {
      throw LinearSDEError.driftOffsetDimensionMismatch(expected: d, actual: offset.count)
    }
    for (name, values) in [("A", A), ("b", offset), ("B", B)] {
      for (i, v) in values.enumerated() where !v.isFinite {
        throw LinearSDEError.nonFiniteCoefficient(name: name, index: i, value: v)
      }
    }
    self.init(validated: A, offset: offset, diffusion: B, stateDimension: d)
  }

  /// The memberwise part of the initializer, for arguments already checked.
  init(validated A: [Double], offset b: [Double], diffusion B: [Double], stateDimension d: Int) {
    let n = B.count / d
    stateDimension = d
    noiseDimension = n
    driftMatrix = A
    driftOffset = b
    diffusionMatrix = B
    hasOffset = b.contains { $0 != 0 }
    var columns: [Int] = []
    var coefficients: [Double] = []
    var ends: [Int] = []
    for i in 0..<d {
      for j in 0..<d where A[i * d + j] != 0 {
        columns.append(j)
        coefficients.append(A[i * d + j])
      }
      ends.append(columns.count)
    }
    termColumns = columns
    termCoefficients = coefficients
    termEnds = ends
    var isDiagonal = n == d && d >= 2
    for i in 0..<d where isDiagonal {
      for j in 0..<n where j != i && B[i * n + j] != 0 { isDiagonal = false }
    }
    if n == 1 {
      noiseStructure = .scalar
      diffusionValues = B
    } else if isDiagonal {
      noiseStructure = .diagonal
      diffusionValues = (0..<d).map { B[$0 * n + $0] }
    } else {
      noiseStructure = .general
      diffusionValues = B
    }
  }

  /// The "SDE ball" `dX = Y dt + 0.2 dW`, `dY = −X dt + 0.1 dW` with one shared `W`:
  /// `A = [[0, 1], [−1, 0]]`, `b = 0`, `B = [0.2, 0.1]ᵀ` (`d = 2`, `n = 1`, scalar noise). Its
  /// paths from `(0, 1)` circle the origin; `BBᵀ = [[0.04, 0.02], [0.02, 0.01]]`.
  public static let sdeBall = LinearSDE(
    validated: [0, 1, -1, 0], offset: [0, 0], diffusion: [0.2, 0.1], stateDimension: 2)

  /// ``DiffusionDependence/constant``: `B` is evaluated once per solve.
  @inlinable public var diffusionDependence: DiffusionDependence { .constant }
  /// ``SDECalculus/ito`` (the same SDE as its Stratonovich form: the noise is additive).
  @inlinable public var calculus: SDECalculus { .ito }
  /// `true`: the derivative of the constant diffusion is 0.
  @inlinable public var hasDiffusionDerivative: Bool { true }

  /// `μ(x) = A x + b`: `μⁱ = bⁱ + Σⱼ Aⁱʲ xʲ` over the non-zero `Aⁱʲ` (a row without offset
  /// starts from its first term, so the SDE ball's drift is exactly `(y, −x)`). `O(d + nnz(A))`
  /// lane operations.
  @inlinable
  public func drift<L: LaneVector>(t: Double, x: LaneValues<L>, into mu: LaneBuffer<L>) {
    let d = stateDimension
    let withOffset = hasOffset
    termColumns.withUnsafeBufferPointer { columns in
      termCoefficients.withUnsafeBufferPointer { coefficients in
        termEnds.withUnsafeBufferPointer { ends in
          driftOffset.withUnsafeBufferPointer { b in
            var k = 0
            for i in 0..<d {
              let end = ends[i]
              var acc: L
              if withOffset {
                acc = L(repeating: b[i])
              } else if k < end {
                acc = x[columns[k]] * L(repeating: coefficients[k])
                k &+= 1
              } else {
                acc = L(repeating: 0)
              }
              while k < end {
                let term: L = x[columns[k]] * L(repeating: coefficients[k])
                acc = acc + term
                k &+= 1
              }
              mu[i] = acc
            }
          }
        }
      }
    }
  }

  /// `σ = B`: `d·n` values row-major for general noise, the `d` diagonal entries for diagonal
  /// noise, the `d`-column for scalar noise.
  @inlinable
  public func diffusion<L: LaneVector>(t: Double, x: LaneValues<L>, into sigma: LaneBuffer<L>) {
    for k in 0..<diffusionValues.count { sigma[k] = L(repeating: diffusionValues[k]) }
  }

  /// `∂σ/∂x = 0`.
  @inlinable
  public func diffusionDerivative<L: LaneVector>(
    t: Double, x: LaneValues<L>, into derivative: LaneBuffer<L>
  ) {
    for i in 0..<stateDimension { derivative[i] = L(repeating: 0) }
  }
}
