/// The coefficients of an explicit Runge–Kutta method, checked on construction.
///
/// An `s`-stage explicit method advances `y` by one step `h` as
/// ```
/// kᵢ = f(t + cᵢ·h, y + h·Σⱼ<ᵢ aᵢⱼ·kⱼ),   i = 1 … s
/// y₁ = y + h·Σᵢ bᵢ·kᵢ
/// ```
/// The consistency conditions checked are `c₁ = 0`, `Σⱼ aᵢⱼ = cᵢ` for every row and `Σᵢ bᵢ = 1`
/// (each within `1e-12`), and finiteness of every coefficient.
///
/// Storage is flat and immutable; one generic stepper (``ExplicitRungeKutta``) reads it for every
/// method and every state type.
public struct ButcherTableau: Sendable, Equatable {
  /// A short name for tables and logs (e.g. `"RK4"`).
  public let name: String
  /// The classical order of accuracy `p` (global error `O(hᵖ)`).
  public let order: Int
  /// Number of stages `s` (right-hand-side evaluations per step).
  public let stageCount: Int
  /// The strictly lower-triangular `a`, row by row: row `i` (0-based) has `i` entries.
  public let a: [Double]
  /// The weights `b` (`s` values, summing to 1).
  public let b: [Double]
  /// The nodes `c` (`s` values, `c[0] = 0`).
  public let c: [Double]

  /// Creates a tableau and checks its consistency.
  ///
  /// - Parameters:
  ///   - name: a short label.
  ///   - order: the method's order, `≥ 1`.
  ///   - a: `s` rows, row `i` holding the `i` coefficients `aᵢ₀ … aᵢ,ᵢ₋₁` (row 0 is empty).
  ///   - b: `s` weights summing to 1.
  ///   - c: `s` nodes, `c[0] = 0`, `c[i] = Σⱼ a[i][j]`.
  /// - Throws: ``ODEError/invalidTableau(reason:)`` naming the first failed condition.
  public init(name: String, order: Int, a: [[Double]], b: [Double], c: [Double]) throws {
    if let reason = Self.inconsistency(order: order, a: a, b: b, c: c) {
      throw ODEError.invalidTableau(reason: "\(name): \(reason)")
    }
    self.init(unchecked: name, order: order, a: a, b: b, c: c)
  }

  /// Creates one of the library's own constant tableaus; they are checked by the test suite.
  init(builtIn name: String, order: Int, a: [[Double]], b: [Double], c: [Double]) {
    let problem = Self.inconsistency(order: order, a: a, b: b, c: c)
    precondition(problem == nil, "built-in tableau \(name): \(problem ?? "")")  // allowed: constant data, no user input
    self.init(unchecked: name, order: order, a: a, b: b, c: c)
  }

  private init(unchecked name: String, order: Int, a: [[Double]], b: [Double], c: [Double]) {
    self.name = name
    self.order = order
    self.stageCount = b.count
    self.a = a.flatMap { $0 }
    self.b = b
    self.c = c
  }

  /// `aᵢⱼ` for `0 ≤ j < i < s`.
  @inlinable public func a(_ i: Int, _ j: Int) -> Double { a[i * (i - 1) / 2 + j] }

  /// The first violated condition, or `nil` if the tableau is consistent.
  static func inconsistency(order: Int, a: [[Double]], b: [Double], c: [Double]) -> String? {
    let s = b.count
    if s == 0 { return "no stages (b is empty)" }
    if order < 1 { return "order \(order) must be at least 1" }
    if c.count != s { return "c has \(c.count) entries but b has \(s)" }
    if a.count != s { return "a has \(a.count) rows but there are \(s) stages" }
    for (i, row) in a.enumerated() where row.count != i {
      return "row \(i) of a has \(row.count) entries; an explicit method needs \(i)"
    }
    let all = a.flatMap { $0 } + b + c
    if let x = all.first(where: { !$0.isFinite }) { return "coefficient \(x) is not finite" }
    if c[0] != 0 { return "c[0] = \(c[0]) must be 0 for an explicit method" }
    for i in 1..<s {
      let sum = a[i].reduce(0, +)
      if abs(sum - c[i]) > 1e-12 * max(1, abs(c[i])) {
        return "row \(i) of a sums to \(sum) but c[\(i)] = \(c[i])"
      }
    }
    let bSum = b.reduce(0, +)
    if abs(bSum - 1) > 1e-12 { return "weights b sum to \(bSum), not 1" }
    return nil
  }
}
