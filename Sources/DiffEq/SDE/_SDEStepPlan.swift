/// The precomputed step sequence of a fixed-step SDE solve: start time, length, `√length` and the
/// save index each step lands on (−1 for none), plus the save indices at `t0`.
@usableFromInline
struct _SDEStepPlan: Sendable {
  @usableFromInline let t0: Double
  @usableFromInline let times: [Double]
  @usableFromInline let steps: [Double]
  @usableFromInline let rootSteps: [Double]
  @usableFromInline let saveIndices: [Int]
  @usableFromInline let savesAtStart: Int
  @usableFromInline let saveTimes: [Double]

  /// The largest number of steps a solve may take: 5·10⁷ (the plan holds 32 bytes per step, so at
  /// most 1.6 GB; split longer horizons into consecutive solves).
  @usableFromInline static let stepLimit = 50_000_000

  /// Validates `saveTimes` against `[t0, t1]` (finite, inside, strictly increasing, non-empty).
  @inlinable
  static func validate(saveTimes: [Double], t0: Double, t1: Double) throws {
    guard !saveTimes.isEmpty else { throw SDEError.emptySaveTimes }
    for (k, s) in saveTimes.enumerated() {
      guard s.isFinite, s >= t0, s <= t1 else {
        throw SDEError.saveTimeOutsideSpan(index: k, time: s, t0: t0, t1: t1)
      }
      if k > 0, !(s > saveTimes[k - 1]) {
        throw SDEError.saveTimesNotIncreasing(index: k, previous: saveTimes[k - 1], current: s)
      }
    }
  }

  /// The plan of ``FixedStepSchedule`` from `t0` to `t1` with nominal step `dt`, landing on every
  /// save time (validated here).
  @inlinable
  init(t0: Double, t1: Double, dt: Double, saveTimes: [Double]) throws {
    guard dt > 0, dt.isFinite else { throw SDEError.invalidStepSize(dt: dt) }
    try Self.validate(saveTimes: saveTimes, t0: t0, t1: t1)
    let estimate = ((t1 - t0) / dt).rounded(.up) + Double(saveTimes.count) + 1
    guard estimate <= Double(Self.stepLimit) else {
      throw SDEError.tooManySteps(required: estimate, limit: Self.stepLimit)
    }
    let schedule = FixedStepSchedule(t0: t0, t1: t1, dt: dt, saveTimes: saveTimes)
    var times: [Double] = []
    var steps: [Double] = []
    var saves: [Int] = []
    times.reserveCapacity(Int(estimate))
    steps.reserveCapacity(Int(estimate))
    saves.reserveCapacity(Int(estimate))
    schedule.forEachStep { t, h, save in
      times.append(t)
      steps.append(h)
      saves.append(save ?? -1)
    }
    self.t0 = t0
    self.times = times
    self.steps = steps
    self.rootSteps = steps.map { $0.squareRoot() }
    self.saveIndices = saves
    self.savesAtStart = schedule.savesAtStart.count
    self.saveTimes = saveTimes
  }

  /// The plan of a uniform grid `t0 + k·dt`, `k = 0 … steps`, with every step of length exactly
  /// `dt`, saving at the grid indices `saveGridIndices` (increasing, in `0 … steps`).
  @inlinable
  init(t0: Double, dt: Double, stepCount: Int, saveGridIndices: [Int], saveTimes: [Double]) {
    var saves = [Int](repeating: -1, count: stepCount)
    var atStart = 0
    for (s, k) in saveGridIndices.enumerated() {
      if k == 0 { atStart += 1 } else { saves[k - 1] = s }
    }
    self.t0 = t0
    self.times = (0..<stepCount).map { t0 + Double($0) * dt }
    self.steps = [Double](repeating: dt, count: stepCount)
    self.rootSteps = [Double](repeating: dt.squareRoot(), count: stepCount)
    self.saveIndices = saves
    self.savesAtStart = atStart
    self.saveTimes = saveTimes
  }

  @inlinable var stepCount: Int { steps.count }
  @inlinable var saveCount: Int { saveTimes.count }
}
