/// The recorded output of an ODE solve: times, states and work statistics.
///
/// Every solver (fixed-step or GSL) returns this type. States are stored contiguously, row-major:
/// state `i` occupies `values[i * dimension ..< (i + 1) * dimension]`.
public struct ODESolution: Sendable {
  /// The problem's dimension `n`.
  public let dimension: Int
  /// The recorded times, in the order of integration.
  public let t: [Double]
  /// The recorded states, `t.count × dimension` values, row-major.
  public let values: [Double]
  /// Steps, rejected steps, right-hand-side and Jacobian evaluations.
  public let statistics: ODEStatistics
  /// The method and every setting used, defaults included (for logs and tables).
  public var solverDescription: String { describe() }

  /// Builds ``solverDescription`` on demand (formatting numbers costs more than a short solve).
  private let describe: @Sendable () -> String

  /// Creates a solution. `values.count` must be `t.count * dimension`.
  public init(
    dimension: Int, t: [Double], values: [Double], statistics: ODEStatistics,
    solverDescription: String
  ) {
    self.init(
      dimension: dimension, t: t, values: values, statistics: statistics,
      describe: { solverDescription })
  }

  /// Creates a solution whose description is formatted only when asked for.
  @usableFromInline
  init(
    dimension: Int, t: [Double], values: [Double], statistics: ODEStatistics,
    describe: @escaping @Sendable () -> String
  ) {
    self.dimension = dimension
    self.t = t
    self.values = values
    self.statistics = statistics
    self.describe = describe
  }

  /// The number of recorded states.
  public var count: Int { t.count }

  /// The `index`-th recorded state (`0 ..< count`), as a new array of `dimension` values.
  public func state(_ index: Int) -> [Double] {
    Array(values[index * dimension ..< (index + 1) * dimension])
  }

  /// The last recorded state (`y(t1)` unless only earlier save times were requested).
  public var finalState: [Double] { state(count - 1) }

  /// Component `j` (`0 ..< dimension`) of every recorded state, in time order.
  public func component(_ j: Int) -> [Double] {
    stride(from: j, to: values.count, by: dimension).map { values[$0] }
  }
}
