/// A sampled `n`-dimensional Brownian path on the uniform grid `tₖ = t0 + k·dt`, `k = 0 … steps`,
/// stored as its increments, readable on coarser grids consistently.
///
/// `increments[k·n + j] = Wʲ(tₖ₊₁) − Wʲ(tₖ)`: independent `N(0, dt)` for a sampled path. A coarser
/// view (``coarsened(by:)``) sums each run of `factor` consecutive increments (left to right), so
/// the coarse path passes through the same values `W(t0 + m·factor·dt)` as the fine one (up to
/// rounding of the sums): solving on both uses the same Brownian motion, which strong-order tests
/// need. Users can also supply their own increments (``init(t0:dt:dimension:increments:)``).
///
/// Sampled paths use stream `path` under `seed` (``GaussianStream``), `ΔWʲₖ = √dt · z_{k·n+j}`.
public struct BrownianPath: Sendable, Equatable {
  /// Start of the grid.
  public let t0: Double
  /// Grid spacing, `> 0`.
  public let dt: Double
  /// Number of increments (grid intervals).
  public let steps: Int
  /// Number of components `n`.
  public let dimension: Int
  /// The increments, `steps × n` row-major.
  public let increments: [Double]

  /// Samples a path of `steps` increments from stream `path` under `seed`.
  ///
  /// - Parameters:
  ///   - t0: start time (finite).
  ///   - dt: grid spacing, finite and `> 0`.
  ///   - steps: number of increments, `≥ 1`.
  ///   - dimension: number of components `n ≥ 1`.
  ///   - seed, path: select the random stream (`path ≥ 0`).
  /// - Throws: ``SDEError/invalidBrownianPath(reason:)`` for invalid arguments.
  /// - Complexity: `O(steps · n)` time and memory.
  public init(t0: Double, dt: Double, steps: Int, dimension: Int, seed: UInt64, path: Int = 0)
    throws
  {
    try Self.validate(t0: t0, dt: dt, steps: steps, dimension: dimension)
    guard path >= 0 else {
      throw SDEError.invalidBrownianPath(reason: "path index \(path) must be ≥ 0")
    }
    var stream = GaussianStream<Double>(seed: seed, firstStream: UInt64(path))
    let root = dt.squareRoot()
    var values = [Double](repeating: 0, count: steps * dimension)
    for k in 0..<values.count { values[k] = stream.next() * root }
    self.t0 = t0
    self.dt = dt
    self.steps = steps
    self.dimension = dimension
    self.increments = values
  }

  /// A path from user-supplied increments (`increments.count / dimension` steps).
  ///
  /// - Throws: ``SDEError/invalidBrownianPath(reason:)`` if `t0` or `dt` is invalid, `dimension < 1`,
  ///   the count is not a positive multiple of `dimension`, or an increment is not finite.
  public init(t0: Double, dt: Double, dimension: Int, increments: [Double]) throws {
    guard dimension >= 1 else {
      throw SDEError.invalidBrownianPath(reason: "dimension \(dimension) must be ≥ 1")
    }
    guard !increments.isEmpty, increments.count % dimension == 0 else {
      throw SDEError.invalidBrownianPath(
        reason: "\(increments.count) increments is not a positive multiple of dimension \(dimension)")
    }
    let steps = increments.count / dimension
    try Self.validate(t0: t0, dt: dt, steps: steps, dimension: dimension)
    if let k = increments.firstIndex(where: { !$0.isFinite }) {
      throw SDEError.invalidBrownianPath(reason: "increment \(k) = \(increments[k]) is not finite")
    }
    self.t0 = t0
    self.dt = dt
    self.steps = steps
    self.dimension = dimension
    self.increments = increments
  }

  private init(t0: Double, dt: Double, steps: Int, dimension: Int, checked increments: [Double]) {
    self.t0 = t0
    self.dt = dt
    self.steps = steps
    self.dimension = dimension
    self.increments = increments
  }

  private static func validate(t0: Double, dt: Double, steps: Int, dimension: Int) throws {
    guard t0.isFinite else { throw SDEError.invalidBrownianPath(reason: "t0 = \(t0) is not finite") }
    guard dt > 0, dt.isFinite else {
      throw SDEError.invalidBrownianPath(reason: "dt = \(dt) must be finite and > 0")
    }
    guard steps >= 1 else {
      throw SDEError.invalidBrownianPath(reason: "steps = \(steps) must be ≥ 1")
    }
    guard dimension >= 1 else {
      throw SDEError.invalidBrownianPath(reason: "dimension \(dimension) must be ≥ 1")
    }
  }

  /// End of the grid, `t0 + steps·dt`.
  public var t1: Double { t0 + Double(steps) * dt }

  /// `W(t0 + k·dt) − W(t0)` for grid index `k` in `0 … steps`: the sum of the first `k`
  /// increments (left to right).
  ///
  /// - Throws: ``SDEError/invalidBrownianPath(reason:)`` if `k` is outside `0 … steps`.
  public func value(atGridIndex k: Int) throws -> [Double] {
    guard k >= 0, k <= steps else {
      throw SDEError.invalidBrownianPath(reason: "grid index \(k) is outside 0...\(steps)")
    }
    var w = [Double](repeating: 0, count: dimension)
    for m in 0..<k {
      for j in 0..<dimension { w[j] += increments[m * dimension + j] }
    }
    return w
  }

  /// The same path on the grid `t0 + m·(factor·dt)`: each coarse increment is the sum (left to
  /// right) of `factor` consecutive fine increments.
  ///
  /// - Throws: ``SDEError/invalidBrownianPath(reason:)`` unless `factor ≥ 1` divides `steps`.
  public func coarsened(by factor: Int) throws -> BrownianPath {
    guard factor >= 1, steps % factor == 0 else {
      throw SDEError.invalidBrownianPath(
        reason: "coarsening factor \(factor) must be ≥ 1 and divide the \(steps) steps")
    }
    let coarseSteps = steps / factor
    var values = [Double](repeating: 0, count: coarseSteps * dimension)
    for m in 0..<coarseSteps {
      for j in 0..<dimension {
        var sum = 0.0
        for r in 0..<factor { sum += increments[(m * factor + r) * dimension + j] }
        values[m * dimension + j] = sum
      }
    }
    return BrownianPath(
      t0: t0, dt: dt * Double(factor), steps: coarseSteps, dimension: dimension, checked: values)
  }
}
