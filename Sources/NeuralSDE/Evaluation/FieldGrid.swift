import Foundation

/// The learned drift and diffusion matrix on a rectangular grid of states, for CSV/NPY output and
/// quiver plots.
///
/// Two state components (``axes``) vary over `nx × ny` equally spaced values; the other
/// components are held at ``base``. Points are ordered with `x` fastest:
/// point `p = iy·nx + ix` is `(xs[ix], ys[iy])`.
public struct FieldGrid: Sendable, Equatable {
  /// The state dimension `D`.
  public let stateDimension: Int
  /// The two varying components `(i, j)`, `i ≠ j`.
  public let axes: (Int, Int)
  /// The values of component `axes.0`.
  public let xs: [Double]
  /// The values of component `axes.1`.
  public let ys: [Double]
  /// The full state held for the other components (`D` values).
  public let base: [Double]
  /// The grid states, `nx·ny·D` values.
  public let points: [Double]
  /// `μ̂` at each point, `nx·ny·D` values.
  public let drift: [Double]
  /// `σ̂σ̂ᵀ` at each point, `nx·ny·D·D` values (row-major per point).
  public let diffusionCovariance: [Double]

  /// Evaluates the model on the grid.
  ///
  /// - Parameters:
  ///   - model: the learned model.
  ///   - xRange, yRange: closed ranges of the two components (finite, lower ≤ upper).
  ///   - resolution: points per axis `(nx, ny)`, each `≥ 2` (default 15 × 15).
  ///   - axes: the varying components (default `(0, 1)`).
  ///   - base: the other components' values (`D` values; default zeros).
  /// - Throws: ``NeuralSDEError/invalidConfiguration(parameter:value:expected:)`` for bad ranges,
  ///   resolution, axes or base; the errors of ``NeuralSDEModel/driftValues(at:)``.
  public static func evaluate(
    _ model: NeuralSDEModel, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>,
    resolution: (Int, Int) = (15, 15), axes: (Int, Int) = (0, 1), base: [Double]? = nil
  ) throws -> FieldGrid {
    let D = model.configuration.stateDimension
    func bad(_ p: String, _ v: Any, _ e: String) -> NeuralSDEError {
      .invalidConfiguration(parameter: "grid.\(p)", value: "\(v)", expected: e)
    }
    guard resolution.0 >= 2, resolution.1 >= 2 else { throw bad("resolution", resolution, "at least 2 × 2 points") }
    guard axes.0 != axes.1, (0..<D).contains(axes.0), (0..<D).contains(axes.1) else {
      throw bad("axes", axes, "two different components in 0..<\(D)")
    }
    guard D >= 2 else { throw bad("stateDimension", D, "D ≥ 2 (use a 1-D sweep for D = 1)") }
    for r in [xRange, yRange] where !(r.lowerBound.isFinite && r.upperBound.isFinite) {
      throw bad("range", r, "finite bounds")
    }
    let baseState = base ?? [Double](repeating: 0, count: D)
    guard baseState.count == D else { throw bad("base", baseState, "\(D) values") }
    func values(_ r: ClosedRange<Double>, _ n: Int) -> [Double] {
      (0..<n).map { r.lowerBound + (r.upperBound - r.lowerBound) * Double($0) / Double(n - 1) }
    }
    let xs = values(xRange, resolution.0)
    let ys = values(yRange, resolution.1)
    var points = [Double]()
    points.reserveCapacity(xs.count * ys.count * D)
    for y in ys {
      for x in xs {
        var z = baseState
        z[axes.0] = x
        z[axes.1] = y
        points += z
      }
    }
    return FieldGrid(
      stateDimension: D, axes: axes, xs: xs, ys: ys, base: baseState, points: points,
      drift: try model.driftValues(at: points),
      diffusionCovariance: try model.diffusionCovariance(at: points))
  }

  /// The padded bounding box of the states' components `axes` (each range widened by
  /// `padding` times its width on both sides), for a grid over where the data go.
  public static func bounds(
    of states: [Double], stateDimension D: Int, axes: (Int, Int) = (0, 1), padding: Double = 0.05
  ) -> (ClosedRange<Double>, ClosedRange<Double>) {
    func range(_ a: Int) -> ClosedRange<Double> {
      var lo = Double.infinity
      var hi = -Double.infinity
      var i = a
      while i < states.count {
        lo = min(lo, states[i])
        hi = max(hi, states[i])
        i += D
      }
      if !(lo <= hi) { return 0...0 }
      let pad = (hi - lo) * padding
      return (lo - pad)...(hi + pad)
    }
    return (range(axes.0), range(axes.1))
  }

  /// The grid as CSV: a header `z1…zD, mu1…muD, s11, s12, …, sDD` (or the given state names,
  /// then `mu_<name>` and `sigma2_<a>_<b>`), one row per point, values with 17 significant digits.
  public func csv(stateNames: [String]? = nil) -> String {
    let D = stateDimension
    let names: [String]
    if let given = stateNames, given.count == D { names = given } else { names = (1...D).map { "z\($0)" } }
    var header = names
    header += names.map { "mu_" + $0 }
    for a in 0..<D { for b in 0..<D { header.append("sigma2_\(names[a])_\(names[b])") } }
    var out = header.joined(separator: ",") + "\n"
    for p in 0..<(points.count / D) {
      var row: [String] = []
      for a in 0..<D { row.append(String(format: "%.17g", points[p * D + a])) }
      for a in 0..<D { row.append(String(format: "%.17g", drift[p * D + a])) }
      for m in 0..<(D * D) { row.append(String(format: "%.17g", diffusionCovariance[p * D * D + m])) }
      out += row.joined(separator: ",") + "\n"
    }
    return out
  }

  /// `(points [N, D], drift [N, D], diffusionCovariance [N, D, D])` as NumPy arrays.
  public func npyArrays() throws -> (points: NPYArray, drift: NPYArray, diffusionCovariance: NPYArray) {
    let D = stateDimension
    let N = points.count / D
    return (
      try NPYArray(shape: [N, D], values: points), try NPYArray(shape: [N, D], values: drift),
      try NPYArray(shape: [N, D, D], values: diffusionCovariance)
    )
  }

  /// Equal when every field is equal (values compared exactly).
  public static func == (a: FieldGrid, b: FieldGrid) -> Bool {
    a.stateDimension == b.stateDimension && a.axes == b.axes && a.xs == b.xs && a.ys == b.ys
      && a.base == b.base && a.points == b.points && a.drift == b.drift
      && a.diffusionCovariance == b.diffusionCovariance
  }
}
