/// Every way an estimator's input can be rejected.
///
/// Thrown before any computation; each message names the offending value and what to do.
public enum EstimatorError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A dimension, count or size argument is out of range; `what` names it.
  case invalidArgument(what: String, value: Int, requirement: String)
  /// An array's length does not match the declared shape; `what` names the array.
  case dimensionMismatch(what: String, expected: Int, actual: Int)
  /// Fewer samples than the estimator needs.
  case tooFewSamples(what: String, needed: Int, actual: Int)
  /// A value is NaN or infinite; `index` is its position in `what`.
  case nonFiniteValue(what: String, index: Int, value: Double)
  /// Sampling times are not strictly increasing.
  case timesNotIncreasing(index: Int, previous: Double, current: Double)
  /// The sampling interval is `≤ 0`, NaN or infinite.
  case invalidTimeStep(Double)
  /// A bin range is empty, reversed or not finite.
  case invalidRange(dimension: Int, lower: Double, upper: Double)

  /// What went wrong, the offending values, and what to do.
  public var description: String {
    switch self {
    case .invalidArgument(let what, let value, let requirement):
      return "\(what) is \(value) but must be \(requirement)."
    case .dimensionMismatch(let what, let expected, let actual):
      return "\(what) has \(actual) values but the declared shape needs \(expected): check the "
        + "path count, sample count and dimension."
    case .tooFewSamples(let what, let needed, let actual):
      return "\(what) needs at least \(needed) samples but got \(actual): pass longer paths."
    case .nonFiniteValue(let what, let index, let value):
      return "\(what)[\(index)] = \(value) is not finite: remove or repair non-finite samples "
        + "(e.g. failed ensemble paths) first."
    case .timesNotIncreasing(let index, let previous, let current):
      return "sampling times must increase strictly, but time \(index) = \(current) follows "
        + "\(previous)."
    case .invalidTimeStep(let dt):
      return "sampling interval dt = \(dt) is invalid: pass a finite dt > 0."
    case .invalidRange(let dimension, let lower, let upper):
      return "bin range \(lower)...\(upper) of dimension \(dimension) is invalid: pass finite bounds "
        + "with lower < upper."
    }
  }
}

/// Shared input checks of the estimators.
@usableFromInline
enum _EstimatorChecks {
  /// Checks `values.count == paths · samples · d`, `d ≥ 1`, `paths ≥ 1` and `samples ≥ minimum`.
  /// (Finiteness is checked afterwards on the results, see ``throwFirstNonFinite(_:what:)``, which
  /// saves a pass over large inputs: a non-finite sample always makes its path's result
  /// non-finite.)
  @usableFromInline
  static func checkPaths(
    _ values: [Double], pathCount: Int, sampleCount: Int, dimension: Int, minimumSamples: Int,
    what: String
  ) throws {
    guard dimension >= 1 else {
      throw EstimatorError.invalidArgument(what: "dimension", value: dimension, requirement: "≥ 1")
    }
    guard pathCount >= 1 else {
      throw EstimatorError.invalidArgument(what: "pathCount", value: pathCount, requirement: "≥ 1")
    }
    guard sampleCount >= minimumSamples else {
      throw EstimatorError.tooFewSamples(what: what, needed: minimumSamples, actual: sampleCount)
    }
    let expected = pathCount * sampleCount * dimension
    guard values.count == expected else {
      throw EstimatorError.dimensionMismatch(
        what: "paths (\(pathCount) paths × \(sampleCount) samples × \(dimension))",
        expected: expected, actual: values.count)
    }
  }

  /// Throws ``EstimatorError/nonFiniteValue(what:index:value:)`` for the first non-finite value.
  @usableFromInline
  static func throwFirstNonFinite(_ values: [Double], what: String) throws {
    if let k = values.firstIndex(where: { !$0.isFinite }) {
      throw EstimatorError.nonFiniteValue(what: what, index: k, value: values[k])
    }
  }

  /// Checks a thread count.
  @usableFromInline
  static func checkThreads(_ threads: Int) throws {
    guard threads >= 1 else {
      throw EstimatorError.invalidArgument(what: "threads", value: threads, requirement: "≥ 1")
    }
  }
}
