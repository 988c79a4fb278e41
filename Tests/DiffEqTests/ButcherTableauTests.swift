import Foundation
import Testing

@testable import DiffEq

@Suite struct ButcherTableauTests {
  static let builtIns: [(ButcherTableau, order: Int, stages: Int)] = [
    (Euler.tableau, 1, 1), (Midpoint.tableau, 2, 2), (Heun.tableau, 2, 2),
    (RungeKutta4.tableau, 4, 4),
  ]

  /// Recomputes the consistency conditions here (Σⱼ aᵢⱼ = cᵢ, Σ bᵢ = 1, c₁ = 0), tolerance 1e-15.
  @Test(arguments: 0..<4)
  func built_in_tableaus_are_consistent(_ index: Int) {
    let (tableau, order, stages) = Self.builtIns[index]
    #expect(tableau.order == order)
    #expect(tableau.stageCount == stages)
    #expect(tableau.c[0] == 0)
    #expect(abs(tableau.b.reduce(0, +) - 1) <= 1e-15)
    for i in 1..<stages {
      let rowSum = (0..<i).map { tableau.a(i, $0) }.reduce(0, +)
      #expect(abs(rowSum - tableau.c[i]) <= 1e-15, "row \(i)")
    }
  }

  /// The classical order-4 conditions (Hairer–Nørsett–Wanner I, Table II.2.1), tolerance 1e-15:
  /// Σb = 1, Σbc = 1/2, Σbc² = 1/3, Σbᵢaᵢⱼcⱼ = 1/6, Σbc³ = 1/4, Σbᵢcᵢaᵢⱼcⱼ = 1/8,
  /// Σbᵢaᵢⱼcⱼ² = 1/12, Σbᵢaᵢⱼaⱼₖcₖ = 1/24.
  @Test func rk4_satisfies_the_order_four_conditions() {
    let t = RungeKutta4.tableau
    let s = t.stageCount
    func a(_ i: Int, _ j: Int) -> Double { j < i ? t.a(i, j) : 0 }
    var sums = [Double](repeating: 0, count: 8)
    for i in 0..<s {
      sums[0] += t.b[i]
      sums[1] += t.b[i] * t.c[i]
      sums[2] += t.b[i] * t.c[i] * t.c[i]
      sums[4] += t.b[i] * t.c[i] * t.c[i] * t.c[i]
      for j in 0..<s {
        sums[3] += t.b[i] * a(i, j) * t.c[j]
        sums[5] += t.b[i] * t.c[i] * a(i, j) * t.c[j]
        sums[6] += t.b[i] * a(i, j) * t.c[j] * t.c[j]
        for k in 0..<s { sums[7] += t.b[i] * a(i, j) * a(j, k) * t.c[k] }
      }
    }
    let denominators: [Double] = [1, 2, 3, 6, 4, 8, 12, 24]
    let expected = denominators.map { 1 / $0 }
    for (got, want) in zip(sums, expected) { #expect(abs(got - want) <= 1e-15) }
  }

  @Test func inconsistent_row_is_rejected() {
    #expect {
      _ = try ButcherTableau(name: "bad", order: 2, a: [[], [0.4]], b: [0.5, 0.5], c: [0, 0.5])
    } throws: { error in
      guard case ODEError.invalidTableau(let reason) = error else { return false }
      return reason.contains("row 1") && reason.contains("0.4") && reason.contains("0.5")
    }
  }

  @Test func weights_not_summing_to_one_are_rejected() {
    #expect {
      _ = try ButcherTableau(name: "bad", order: 1, a: [[], [1]], b: [0.5, 0.6], c: [0, 1])
    } throws: { error in
      guard case ODEError.invalidTableau(let reason) = error else { return false }
      return reason.contains("sum to 1.1")
    }
  }

  @Test func implicit_shaped_row_is_rejected() {
    #expect {
      _ = try ButcherTableau(name: "bad", order: 1, a: [[0], [1]], b: [0.5, 0.5], c: [0, 1])
    } throws: { error in
      guard case ODEError.invalidTableau(let reason) = error else { return false }
      return reason.contains("row 0 of a has 1 entries")
    }
  }

  /// A user tableau (Ralston's order-2 method, c = [0, 2/3], b = [1/4, 3/4]) runs through the same
  /// stepper: its observed order on y' = y·cos t is 2 ± 0.1.
  @Test func custom_tableau_runs_with_its_order() throws {
    struct Ralston: ExplicitRungeKuttaMethod {
      let tableau: ButcherTableau
    }
    let tableau = try ButcherTableau(
      name: "Ralston", order: 2, a: [[], [2.0 / 3.0]], b: [0.25, 0.75], c: [0, 2.0 / 3.0])
    let problem = try TestProblems.growthCos(t0: 0, t1: 2)
    let exact = TestProblems.growthCosFlow(from: 0, 1, to: 2)
    var errors: [Double] = []
    for k in 0..<4 {
      let dt = 0.01 / Double(1 << k)
      let solution = try problem.solve(FixedStepSolver(Ralston(tableau: tableau), dt: dt))
      errors.append(abs(solution.finalState[0] - exact))
    }
    for k in 1..<errors.count {
      #expect(abs(log2(errors[k - 1] / errors[k]) - 2) <= 0.1)
    }
  }
}
