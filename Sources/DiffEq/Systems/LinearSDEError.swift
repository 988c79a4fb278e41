/// Every way a ``LinearSDE`` or its exact moments can be given invalid input.
///
/// Thrown by ``LinearSDE/init(driftMatrix:driftOffset:diffusionMatrix:)`` and
/// ``LinearSDE/moments(x0:times:)``; each message states the offending values and what to do.
public enum LinearSDEError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The drift matrix `A` has `count` entries, which is not `d²` for some `d ≥ 1`.
  case driftMatrixNotSquare(count: Int)
  /// The diffusion matrix `B` has `count` entries, which is not `d·n` for some `n ≥ 1`.
  case diffusionMatrixShape(stateDimension: Int, count: Int)
  /// The drift offset `b` has `actual` entries instead of `d`.
  case driftOffsetDimensionMismatch(expected: Int, actual: Int)
  /// A coefficient is NaN or infinite; `name` is `"A"`, `"b"` or `"B"`, `index` its row-major index.
  case nonFiniteCoefficient(name: String, index: Int, value: Double)
  /// The initial state given to ``LinearSDE/moments(x0:times:)`` has `actual` entries instead of `d`.
  case initialStateDimensionMismatch(expected: Int, actual: Int)
  /// The initial state given to ``LinearSDE/moments(x0:times:)`` has a NaN or infinite entry.
  case nonFiniteInitialState(index: Int, value: Double)
  /// No time was given to ``LinearSDE/moments(x0:times:)``.
  case emptyTimes
  /// A time given to ``LinearSDE/moments(x0:times:)`` is not finite or is smaller than the one
  /// before it.
  case invalidTime(index: Int, time: Double, previous: Double?)

  /// What went wrong, the offending values, and what to do.
  public var description: String {
    switch self {
    case .driftMatrixNotSquare(let count):
      return "linear SDE drift matrix A has \(count) entries, which is not d² for any d ≥ 1: "
        + "pass the d × d matrix row-major (e.g. 4 entries for d = 2)."
    case .diffusionMatrixShape(let d, let count):
      return "linear SDE diffusion matrix B has \(count) entries, but with d = \(d) (from A) it "
        + "must be d × n row-major: pass a positive multiple of \(d) entries."
    case .driftOffsetDimensionMismatch(let expected, let actual):
      return "linear SDE drift offset b has \(actual) entries but d = \(expected) (from A): pass "
        + "\(expected) entries or omit b for zero."
    case .nonFiniteCoefficient(let name, let index, let value):
      return "linear SDE coefficient \(name)[\(index)] = \(value) is not finite: pass finite "
        + "coefficients."
    case .initialStateDimensionMismatch(let expected, let actual):
      return "linear SDE initial state x0 has \(actual) entries but d = \(expected): pass "
        + "exactly \(expected) values."
    case .nonFiniteInitialState(let index, let value):
      return "linear SDE initial state x0[\(index)] = \(value) is not finite: pass finite values."
    case .emptyTimes:
      return "no time given for the linear SDE moments: pass at least the start time."
    case .invalidTime(let index, let time, let previous):
      if let previous, time.isFinite {
        return "linear SDE moment time \(index) = \(time) is before time \(index - 1) = "
          + "\(previous): pass non-decreasing times."
      }
      return "linear SDE moment time \(index) = \(time) is not finite: pass finite times."
    }
  }
}
