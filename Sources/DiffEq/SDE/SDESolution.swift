/// The saved states of one SDE path.
///
/// `states` is row-major `saveTimes.count × stateDimension`: the state at `saveTimes[s]` is
/// `states[s·d ..< (s+1)·d]`.
public struct SDESolution: Sendable, Equatable {
  /// The save times, increasing.
  public let saveTimes: [Double]
  /// `d`.
  public let stateDimension: Int
  /// The saved states, `saveTimes.count × d`, row-major.
  public let states: [Double]

  /// Creates a solution (used by the solvers).
  public init(saveTimes: [Double], stateDimension: Int, states: [Double]) {
    self.saveTimes = saveTimes
    self.stateDimension = stateDimension
    self.states = states
  }

  /// The state at save index `s` (`0 ≤ s < saveTimes.count`; out-of-range indices trap).
  public func state(at s: Int) -> ArraySlice<Double> {
    states[(s * stateDimension)..<((s + 1) * stateDimension)]
  }

  /// The state at the last save time.
  public var finalState: ArraySlice<Double> { state(at: saveTimes.count - 1) }
}
