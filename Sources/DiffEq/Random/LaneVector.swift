/// A number type that holds one coordinate of `laneCount` sample paths at once: the scalar type in
/// which drift and diffusion are written.
///
/// A vector field is written once, generically over `L: LaneVector`, and DiffEq instantiates it
/// for `L = Double` (one path: single solves, Brownian-path solves, failure diagnosis) and for
/// `L = SIMD16<Double>` (sixteen paths per operation: ensembles; `SIMD8<Double>` conforms too).
/// Every operation is lane-wise, so lane `j` of a `SIMD16<Double>` computation performs exactly the IEEE operations of the `Double`
/// computation of path `j`, and gives the same bits:
///
/// ```swift
/// struct Ball: SDEVectorField {
///   var stateDimension: Int { 2 }
///   var noiseDimension: Int { 1 }
///   var noiseStructure: NoiseStructure { .scalar }
///   var diffusionDependence: DiffusionDependence { .constant }
///   func drift<L: LaneVector>(t: Double, x: LaneValues<L>, into mu: LaneBuffer<L>) {
///     mu[0] = x[1]
///     mu[1] = -x[0]
///   }
///   func diffusion<L: LaneVector>(t: Double, x: LaneValues<L>, into sigma: LaneBuffer<L>) {
///     sigma[0] = L(repeating: 0.2)
///     sigma[1] = L(repeating: 0.1)
///   }
/// }
/// ```
///
/// Mixed operations with a `Double` broadcast it to every lane. Functions without a lane-wise
/// operator (`exp`, `sin`, `tanh`, …) are applied with ``lanewise(_:)``, which calls the `Double`
/// function once per lane (correct and bit-identical, not vectorised).
///
/// Negation is a sign flip in every conformance (DiffEq's SIMD conformances supply it;
/// the standard library's SIMD negation computes `0 − x`, which differs from `Double` for `+0`).
public protocol LaneVector: Sendable {
  /// The integer lanes of the same width (`UInt64`, `SIMD8<UInt64>` or `SIMD16<UInt64>`).
  associatedtype Bits: LaneBits

  /// Number of lanes (paths) held: 1 for `Double`, 8 or 16 for `SIMD8`/`SIMD16<Double>`.
  static var laneCount: Int { get }

  /// All lanes equal to `value`.
  init(repeating value: Double)
  /// Reinterprets the bits of each lane as a `Double` (IEEE 754 binary64).
  init(laneBits: Bits)
  /// The IEEE 754 bit pattern of each lane.
  var laneBits: Bits { get }
  /// Lane `i`, `0 ≤ i < laneCount` (checked only in debug builds).
  func lane(_ i: Int) -> Double
  /// Sets lane `i`, `0 ≤ i < laneCount` (checked only in debug builds).
  mutating func setLane(_ i: Int, to value: Double)
  /// `true` when every lane is finite (neither NaN nor ±∞).
  var isFiniteInEveryLane: Bool { get }

  /// Lane-wise sum.
  static func + (lhs: Self, rhs: Self) -> Self
  /// Lane-wise difference.
  static func - (lhs: Self, rhs: Self) -> Self
  /// Lane-wise product.
  static func * (lhs: Self, rhs: Self) -> Self
  /// Lane-wise quotient.
  static func / (lhs: Self, rhs: Self) -> Self
  /// Adds `rhs` to every lane.
  static func + (lhs: Self, rhs: Double) -> Self
  /// Subtracts `rhs` from every lane.
  static func - (lhs: Self, rhs: Double) -> Self
  /// Multiplies every lane by `rhs`.
  static func * (lhs: Self, rhs: Double) -> Self
  /// Divides every lane by `rhs`.
  static func / (lhs: Self, rhs: Double) -> Self
  /// Adds every lane to `lhs`.
  static func + (lhs: Double, rhs: Self) -> Self
  /// Subtracts every lane from `lhs`.
  static func - (lhs: Double, rhs: Self) -> Self
  /// Multiplies `lhs` by every lane.
  static func * (lhs: Double, rhs: Self) -> Self
  /// Lane-wise negation (sign flip).
  static prefix func - (operand: Self) -> Self
  /// `self + lhs·rhs` with a single rounding per lane (fused multiply-add).
  ///
  /// Exact FMA semantics in every conformance, so results agree across lane widths; it compiles to
  /// one `vfmadd` instruction when the target has FMA (a libm call otherwise).
  func addingProduct(_ lhs: Self, _ rhs: Self) -> Self
  /// Fills `out[0 ..< count]` with the next samples of `stream` (``GaussianStream`` order).
  ///
  /// Implemented by each conformance as a call into DiffEq's own compiled kernel, so the Gaussian
  /// sampler always runs with the instruction set DiffEq was built for, whatever the client's
  /// compiler flags. Not for direct use.
  static func _fillGaussians(
    _ stream: inout GaussianStream<Self>, into out: UnsafeMutablePointer<Self>, count: Int)
  /// `lhs = lhs + rhs`.
  static func += (lhs: inout Self, rhs: Self)
  /// `lhs = lhs - rhs`.
  static func -= (lhs: inout Self, rhs: Self)
  /// `lhs = lhs * rhs`.
  static func *= (lhs: inout Self, rhs: Self)
}

extension LaneVector {
  /// Applies `f` to each lane: `result.lane(i) == f(lane(i))`.
  ///
  /// Use it for functions without a lane-wise operator (`exp`, `log`, `sin`, `tanh`, …). It calls
  /// `f` `laneCount` times, so it is correct and bit-identical across lane widths but not vectorised.
  @inlinable
  public func lanewise(_ f: (Double) -> Double) -> Self {
    var result = self
    for i in 0..<Self.laneCount { result.setLane(i, to: f(lane(i))) }
    return result
  }

  /// Lane-wise `(self, other) ↦ f(self, other)`, e.g. `x.lanewise(y, max)`.
  @inlinable
  public func lanewise(_ other: Self, _ f: (Double, Double) -> Double) -> Self {
    var result = self
    for i in 0..<Self.laneCount { result.setLane(i, to: f(lane(i), other.lane(i))) }
    return result
  }
}
