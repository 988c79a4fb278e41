import Testing

@testable import Neural

/// Forward values against the defining formula and finite-difference gradients of the elementwise
/// and broadcasting operations.
@Suite struct ElementwiseOpsTests {
  // MARK: Forward values (tolerance 1e-6 relative; the formulas are evaluated in Double)

  @Test(arguments: ["exp", "log", "tanh", "sigmoid", "relu", "softplus", "sqrt", "square", "abs"])
  func unary_forward_matches_formula(_ name: String) throws {
    let x = try TestData.uniform([3, 5], seed: 1, -4, 4)
    let positive = try TestData.uniform([3, 5], seed: 2, 0.1, 5)
    let (input, y, formula): (Tensor, Tensor, (Double) -> Double) =
      switch name {
      case "exp": (x, exp(x), { Foundation.exp($0) })
      case "log": (positive, log(positive), { Foundation.log($0) })
      case "tanh": (x, tanh(x), { Foundation.tanh($0) })
      case "sigmoid": (x, sigmoid(x), { 1 / (1 + Foundation.exp(-$0)) })
      case "relu": (x, relu(x), { max($0, 0) })
      case "softplus": (x, softplus(x), { Foundation.log(1 + Foundation.exp($0)) })
      case "sqrt": (positive, sqrt(positive), { $0.squareRoot() })
      case "square": (x, square(x), { $0 * $0 })
      default: (x, abs(x), { Swift.abs($0) })
      }
    #expect(y.shape == input.shape)
    for (xi, yi) in zip(input.scalars, y.scalars) {
      let ref = formula(Double(xi))
      #expect(Swift.abs(Double(yi) - ref) <= 1e-6 * max(1, Swift.abs(ref)), "\(name)(\(xi))")
    }
  }

  @Test func sigmoid_and_softplus_are_finite_at_extremes() throws {
    let x = try Tensor(shape: [4], scalars: [-1000, -90, 90, 1000])
    #expect(sigmoid(x).scalars == [0, 0, 1, 1])
    let s = softplus(x).scalars
    #expect(s[0] == 0 && s[3] == 1000, "softplus(±1000) = \(s)")
    #expect(s.allSatisfy { $0.isFinite })
  }

  @Test func broadcasting_forward_values() throws {
    let a = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    let row = try Tensor(shape: [3], scalars: [10, 20, 30])
    let column = try Tensor(shape: [2, 1], scalars: [100, 200])
    #expect((a + row).scalars == [11, 22, 33, 14, 25, 36])
    #expect((a * column).scalars == [100, 200, 300, 800, 1000, 1200])
    #expect((column - row).shape == [2, 3])
    #expect((column - row).scalars == [90, 80, 70, 190, 180, 170])
    #expect((a / Tensor(2)).scalars == [0.5, 1, 1.5, 2, 2.5, 3])
    #expect((2 * a - 1).scalars == [1, 3, 5, 7, 9, 11])
    #expect((6 / a).scalars[2] == 2)
  }

  // MARK: Gradients

  @Test(arguments: ["exp", "log", "tanh", "sigmoid", "relu", "softplus", "sqrt", "square", "abs", "neg"])
  func unary_gradients(_ name: String) throws {
    let f: (Tensor) -> Tensor =
      switch name {
      case "exp": { exp($0) }
      case "log": { log($0) }
      case "tanh": { tanh($0) }
      case "sigmoid": { sigmoid($0) }
      case "relu": { relu($0) }
      case "softplus": { softplus($0) }
      case "sqrt": { sqrt($0) }
      case "square": { square($0) }
      case "abs": { abs($0) }
      default: { -$0 }
      }
    let x: Tensor =
      switch name {
      case "log", "sqrt": try TestData.uniform([3, 4], seed: 3, 0.5, 3)
      case "relu", "abs": try TestData.awayFromZero([3, 4], seed: 4)
      default: try TestData.normal([3, 4], seed: 5)
      }
    try GradientChecker.check([x]) { f($0[0]) }
  }

  @Test(arguments: [
    ([2, 3], [2, 3]), ([2, 3], [3]), ([2, 3], [2, 1]), ([2, 1, 4], [3, 1]), ([], [2, 2]),
    ([4, 1, 2], [1, 3, 1]),
  ])
  func binary_gradients_with_broadcasting(_ aShape: [Int], _ bShape: [Int]) throws {
    let a = try TestData.normal(aShape, seed: 11)
    let b = try TestData.uniform(bShape, seed: 12, 0.5, 2)
    try GradientChecker.check([a, b]) { $0[0] + $0[1] }
    try GradientChecker.check([a, b]) { $0[0] - $0[1] }
    try GradientChecker.check([a, b]) { $0[0] * $0[1] }
    try GradientChecker.check([a, b]) { $0[0] / $0[1] }
    try GradientChecker.check([b, a]) { $0[0] / $0[1].map(abs).map { $0 + 0.5 } }
  }

  @Test func scalar_arithmetic_gradients() throws {
    let x = try TestData.uniform([2, 5], seed: 13, 0.5, 2)
    try GradientChecker.check([x]) { 3 * $0[0] + 2 }
    try GradientChecker.check([x]) { 1.5 - $0[0] * 0.5 }
    try GradientChecker.check([x]) { 2 / $0[0] }
    try GradientChecker.check([x]) { $0[0] / 4 - 1 }
  }

  @Test func value_used_twice_accumulates_gradients() throws {
    let x = try TestData.normal([3, 4], seed: 14)
    try GradientChecker.check([x]) { $0[0] * $0[0] + $0[0] }
    try GradientChecker.check([x]) { tanh($0[0]) * exp($0[0]) - $0[0] }
    // Broadcast operand used twice: a row vector added to both operands.
    let row = try TestData.normal([4], seed: 15)
    try GradientChecker.check([x, row]) { ($0[0] + $0[1]) * ($0[0] - $0[1]) + $0[1] }
  }
}

extension Tensor {
  /// Applies `f` to the tensor (test helper for readable expressions).
  fileprivate func map(_ f: (Tensor) -> Tensor) -> Tensor { f(self) }
}

import Foundation
