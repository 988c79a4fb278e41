import Testing

@testable import Neural

/// The checker itself must catch wrong gradients (otherwise every gradient test could pass vacuously).
@Suite struct GradientCheckerTests {
  /// `y = x²` recorded with a wrong backward `dx = ḡ·x` (missing factor 2).
  private func wrongSquare(_ x: Tensor) -> Tensor {
    let y = x * x
    guard let tape = Tape.current, let nx = tape.node(of: x) else { return y.detached }
    let xv = x.detached
    return tape.recorded(y.detached) { g, tape in tape.accumulate(g * xv, into: nx) }
  }

  @Test func detects_a_wrong_gradient() throws {
    let x = try TestData.uniform([3, 3], seed: 31, 0.5, 2)
    // wrongSquare's backward lacks the factor 2: analytic = numeric / 2, relative error 0.5.
    let report = try GradientChecker.check([x], requirePass: false) { wrongSquare($0[0]) }
    #expect(report.worstError > 0.4)
  }

  @Test func detects_a_missing_gradient() throws {
    let x = try TestData.uniform([4], seed: 32, 0.5, 2)
    // detached drops the dependence 2x: analytic 1 against numeric 3, relative error 2/3.
    let report = try GradientChecker.check([x], requirePass: false) { ($0[0] * 2).detached + $0[0] }
    #expect(report.worstError > 0.6)
  }

  @Test func reports_components_checked() throws {
    let x = try TestData.normal([2, 3], seed: 33)
    let report = try GradientChecker.check([x, x]) { $0[0] * $0[1] }
    #expect(report.checkedComponents == 12)
    #expect(report.worstError <= 1e-2)
  }
}
