/// The steps of a fixed-step solve from `t0` to `t1`, landing exactly on every save time and on `t1`.
///
/// The grid is the lattice `tₖ = t0 + k·dt·sign(t1 − t0)`, merged with the save times and with `t1`.
/// A save time that falls between two lattice points shortens the step before it and the next step
/// resumes on the lattice, so the lattice (and with it any Brownian path sampled on it) does not
/// shift when save times are added. Points closer than `1e-9·dt` are merged (the save time or `t1`
/// wins), so no step is shorter than that.
///
/// Callers validate their input first; this type assumes:
/// - `dt > 0` and finite, `t0`, `t1` finite and `t0 != t1`;
/// - `saveTimes` lie in the closed span and are strictly monotone in the direction of integration.
///
/// Iteration allocates nothing: one multiply-add and two comparisons per step.
public struct FixedStepSchedule: Sendable {
  /// Start of the span.
  public let t0: Double
  /// End of the span (before or after `t0`).
  public let t1: Double
  /// Nominal step magnitude, `> 0`.
  public let dt: Double
  /// Times at which the caller records the state, monotone in the direction of integration.
  public let saveTimes: [Double]

  /// Creates the schedule. See the type's documentation for the assumptions on the arguments.
  public init(t0: Double, t1: Double, dt: Double, saveTimes: [Double] = []) {
    self.t0 = t0
    self.t1 = t1
    self.dt = dt
    self.saveTimes = saveTimes
  }

  /// `+1` when integrating forward in time, `−1` backward.
  @inlinable public var direction: Double { t1 >= t0 ? 1 : -1 }

  /// Indices of the save times equal (within `1e-9·dt`) to `t0`: the caller records `y0` for them.
  @inlinable public var savesAtStart: Range<Int> {
    let tol = 1e-9 * dt
    var j = 0
    while j < saveTimes.count, abs(saveTimes[j] - t0) <= tol { j += 1 }
    return 0..<j
  }

  /// The number of steps `forEachStep` will make.
  public var stepCount: Int {
    var n = 0
    forEachStep { _, _, _ in n += 1 }
    return n
  }

  /// Calls `body(t, h, saveIndex)` for each step from `t` to `t + h`, in order.
  ///
  /// `h` carries the sign of the direction of integration. `saveIndex` is the index in `saveTimes`
  /// of the time the step lands on, or `nil`. The final step lands exactly on `t1`.
  @inlinable
  public func forEachStep(_ body: (_ t: Double, _ h: Double, _ saveIndex: Int?) throws -> Void)
    rethrows
  {
    if t0 == t1 { return }
    let sign = direction
    let tol = 1e-9 * dt
    let step = sign * dt
    var j = savesAtStart.upperBound
    var k = 0
    var t = t0
    while true {
      var next = t0 + Double(k + 1) * step
      var onLattice = true
      var save: Int? = nil
      if j < saveTimes.count {
        let s = saveTimes[j]
        let d = (s - next) * sign
        if d <= tol {
          onLattice = d >= -tol
          next = s
          save = j
          j += 1
        }
      }
      let finished = (t1 - next) * sign <= tol
      if finished { next = t1 }
      try body(t, next - t, save)
      if finished { return }
      t = next
      if onLattice { k += 1 }
    }
  }
}
