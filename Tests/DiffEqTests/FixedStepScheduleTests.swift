import Testing
@testable import DiffEq

@Suite struct FixedStepScheduleTests {
  private func steps(_ s: FixedStepSchedule) -> [(Double, Double, Int?)] {
    var out: [(Double, Double, Int?)] = []
    s.forEachStep { t, h, i in out.append((t, h, i)) }
    return out
  }

  @Test func lattice_lands_exactly_on_t1() {
    let s = FixedStepSchedule(t0: 0, t1: 1, dt: 0.1)
    let st = steps(s)
    #expect(st.count == 10)
    let last = st[st.count - 1]
    #expect(last.0 + last.1 == 1.0)
  }

  @Test func last_step_is_shortened() {
    let st = steps(FixedStepSchedule(t0: 0, t1: 0.35, dt: 0.1))
    #expect(st.count == 4)
    #expect(abs(st[3].1 - 0.05) < 1e-15)
    #expect(st[3].0 + st[3].1 == 0.35)
  }

  @Test func save_time_off_lattice_splits_a_step_and_lattice_resumes() {
    let st = steps(FixedStepSchedule(t0: 0, t1: 0.5, dt: 0.1, saveTimes: [0.25, 0.5]))
    // 0, .1, .2, .25 (save 0), .3, .4, .5 (save 1)
    #expect(st.count == 6)
    #expect(st[2].0 + st[2].1 == 0.25)
    #expect(st[2].2 == 0)
    #expect(abs(st[3].0 + st[3].1 - 0.3) < 1e-15)
    #expect(st[5].2 == 1)
    #expect(st[5].0 + st[5].1 == 0.5)
  }

  @Test func backward_in_time() {
    let st = steps(FixedStepSchedule(t0: 1, t1: 0, dt: 0.3, saveTimes: [0.5]))
    // 1, .7, .5 (save), .4, .1, 0
    #expect(st.allSatisfy { $0.1 < 0 })
    #expect(st.count == 5)
    #expect(st[1].2 == 0 && st[1].0 + st[1].1 == 0.5)
    #expect(st[4].0 + st[4].1 == 0)
  }

  @Test func saves_at_start_are_reported_separately() {
    let s = FixedStepSchedule(t0: 0, t1: 1, dt: 0.5, saveTimes: [0, 1])
    #expect(s.savesAtStart == 0..<1)
    let st = steps(s)
    #expect(st.map(\.2) == [nil, 1])
  }
}
