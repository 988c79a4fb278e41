import Foundation
import Testing

@testable import Neural

/// Every loss: value against its formula (evaluated in Double), gradients, reductions and errors.
@Suite struct LossTests {
  private func close(_ a: Float, _ b: Double, _ tol: Double = 1e-5) -> Bool {
    Swift.abs(Double(a) - b) <= tol * max(1, Swift.abs(b))
  }

  @Test func bce_from_logits_value_and_stability() throws {
    let x = try TestData.normal([4, 3], seed: 61, scale: 3)
    let y = try TestData.uniform([4, 3], seed: 62, 0, 1)
    var ref = 0.0
    for (xi, yi) in zip(x.scalars.map(Double.init), y.scalars.map(Double.init)) {
      let p = 1 / (1 + Foundation.exp(-xi))
      ref -= yi * Foundation.log(p) + (1 - yi) * Foundation.log(1 - p)
    }
    #expect(close(try binaryCrossEntropy(logits: x, labels: y).scalar, ref / 12))
    #expect(close(try binaryCrossEntropy(logits: x, labels: y, reduction: .sum).scalar, ref))
    #expect(close(try binaryCrossEntropy(logits: x, labels: y, reduction: .batchMean).scalar, ref / 4))
    // Extreme logits stay finite and exact: ℓ(±200, label 0) = 200 or 0.
    let extreme = try binaryCrossEntropy(
      logits: Tensor(shape: [2], scalars: [200, -200]), labels: Tensor(zeros: [2]), reduction: .sum)
    #expect(extreme.scalar == 200)
  }

  /// The fused kernel on a long input (vector blocks, the Float-to-Double block sum and a masked
  /// tail: 17,607 = 16·1,100 + 7 elements) with logits in [−30, 30], where e^{−|x|} reaches 1e-13
  /// and log1p must stay accurate: value within 1e-6 relative of a Double reference, gradient
  /// σ(x) − y within 1e-6 absolute (σ ∈ [0, 1], Float32 rounding ≈ 6e-8).
  @Test func bce_from_logits_long_input_against_double() throws {
    let n = 16 * 1100 + 7
    let x = try TestData.uniform([n], seed: 65, -30, 30)
    let y = try TestData.uniform([n], seed: 66, 0, 1)
    var ref = 0.0
    var worstTerm = 0.0
    var refGradient = [Double](repeating: 0, count: n)
    for (i, (xi, yi)) in zip(x.scalars.map(Double.init), y.scalars.map(Double.init)).enumerated() {
      let term = Swift.max(xi, 0) - xi * yi + Foundation.log1p(Foundation.exp(-Swift.abs(xi)))
      ref += term
      worstTerm = Swift.max(worstTerm, Swift.abs(term))
      refGradient[i] = 1 / (1 + Foundation.exp(-xi)) - yi
    }
    #expect(close(try binaryCrossEntropy(logits: x, labels: y, reduction: .sum).scalar, ref, 1e-6))
    // Label 0 and very negative logits: ℓ = log1p(e^x) ≈ e^x, relative accuracy 1e-5.
    let tiny = try Tensor(shape: [18], scalars: (0..<18).map { -Float(12 + $0) })
    for i in 0..<18 {
      let xi = try tiny.sliced(alongAxis: 0, range: i..<(i + 1))
      let value = try binaryCrossEntropy(logits: xi, labels: Tensor(zeros: [1]), reduction: .sum).scalar
      let exact = Foundation.log1p(Foundation.exp(Double(xi.scalars[0])))
      #expect(Swift.abs(Double(value) - exact) <= 1e-5 * exact, "x = \(xi.scalars[0])")
    }
    let logits = Parameter(x)
    let tape = Tape()
    _ = try tape.backpropagate { try binaryCrossEntropy(logits: logits.value, labels: y, reduction: .sum) }
    let gradient = try #require(logits.gradient).scalars
    let worst = zip(gradient, refGradient).map { Swift.abs(Double($0) - $1) }.max() ?? .nan
    #expect(worst <= 1e-6)
  }

  @Test func bce_from_probabilities_value_and_clipping() throws {
    let p = try TestData.uniform([3, 4], seed: 63, 0.05, 0.95)
    let y = try TestData.uniform([3, 4], seed: 64, 0, 1)
    var ref = 0.0
    for (pi, yi) in zip(p.scalars.map(Double.init), y.scalars.map(Double.init)) {
      ref -= yi * Foundation.log(pi) + (1 - yi) * Foundation.log(1 - pi)
    }
    #expect(close(try binaryCrossEntropy(probabilities: p, labels: y).scalar, ref / 12))
    // p = 0 with label 1 is clipped to ε: ℓ = −ln ε.
    let clipped = try binaryCrossEntropy(
      probabilities: Tensor(zeros: [1]), labels: Tensor(repeating: 1, shape: [1]), epsilon: 1e-3)
    #expect(close(clipped.scalar, -Foundation.log(1e-3), 1e-4))
    #expect(throws: NeuralError.self) {
      try binaryCrossEntropy(probabilities: p, labels: y, epsilon: 0.7)
    }
  }

  @Test func regression_losses_values() throws {
    let p = try Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
    let t = try Tensor(shape: [2, 2], scalars: [0, 2, 5, 3])
    #expect(try meanSquaredError(predictions: p, targets: t).scalar == (1 + 0 + 4 + 1) / 4)
    #expect(try meanAbsoluteError(predictions: p, targets: t).scalar == (1 + 0 + 2 + 1) / 4)
    #expect(try meanSquaredError(predictions: p, targets: t, reduction: .sum).scalar == 6)
    let mu = try TestData.normal([2, 3], seed: 65)
    let lv = try TestData.normal([2, 3], seed: 66, scale: 0.5)
    let x = try TestData.normal([2, 3], seed: 67)
    var ref = 0.0
    for i in 0..<6 {
      let (m, v, xi) = (Double(mu.scalars[i]), Double(lv.scalars[i]), Double(x.scalars[i]))
      ref += 0.5 * (Foundation.log(2 * Double.pi) + v + (xi - m) * (xi - m) / Foundation.exp(v))
    }
    #expect(
      close(try gaussianNegativeLogLikelihood(mean: mu, logVariance: lv, targets: x).scalar, ref / 6))
  }

  @Test func kl_values() throws {
    let mu = try TestData.normal([3, 2], seed: 68)
    let ls = try TestData.normal([3, 2], seed: 69, scale: 0.5)
    var ref = 0.0
    for i in 0..<6 {
      let (m, s) = (Double(mu.scalars[i]), Double(ls.scalars[i]))
      ref += 0.5 * (m * m + Foundation.exp(2 * s)) - s - 0.5
    }
    #expect(close(try klDivergenceFromStandardNormal(mean: mu, logStandardDeviation: ls, reduction: .batchMean).scalar, ref / 3))
    // KL(q ‖ N(0, I)) equals the general KL with μ₂ = 0, s₂ = 0; and KL(q ‖ q) = 0.
    let zero = try Tensor(zeros: [3, 2])
    let general = try klDivergence(mean1: mu, logStandardDeviation1: ls, mean2: zero, logStandardDeviation2: zero)
    #expect(close(general.scalar, ref / 6))
    let same = try klDivergence(mean1: mu, logStandardDeviation1: ls, mean2: mu, logStandardDeviation2: ls)
    #expect(Swift.abs(same.scalar) <= 1e-6)
  }

  @Test func loss_gradients() throws {
    let x = try TestData.normal([3, 4], seed: 70, scale: 2)
    let y = try TestData.uniform([3, 4], seed: 71, 0, 1)
    let p = try TestData.uniform([3, 4], seed: 72, 0.1, 0.9)
    try GradientChecker.check([x, y]) { try binaryCrossEntropy(logits: $0[0], labels: $0[1]) }
    try GradientChecker.check([p, y], step: 1e-3) {
      try binaryCrossEntropy(probabilities: $0[0], labels: $0[1], reduction: .sum)
    }
    try GradientChecker.check([x, y]) { try meanSquaredError(predictions: $0[0], targets: $0[1]) }
    let far = try TestData.awayFromZero([3, 4], seed: 73)
    try GradientChecker.check([x, x + far]) {
      try meanAbsoluteError(predictions: $0[0], targets: $0[1], reduction: .batchMean)
    }
    let lv = try TestData.normal([3, 4], seed: 74, scale: 0.5)
    try GradientChecker.check([x, lv, y]) {
      try gaussianNegativeLogLikelihood(mean: $0[0], logVariance: $0[1], targets: $0[2])
    }
    try GradientChecker.check([x, lv]) {
      try klDivergenceFromStandardNormal(mean: $0[0], logStandardDeviation: $0[1], reduction: .batchMean)
    }
    let m2 = try TestData.normal([3, 4], seed: 75)
    let s2 = try TestData.normal([3, 4], seed: 76, scale: 0.5)
    try GradientChecker.check([x, lv, m2, s2]) {
      try klDivergence(mean1: $0[0], logStandardDeviation1: $0[1], mean2: $0[2], logStandardDeviation2: $0[3], reduction: .sum)
    }
    // A value used twice: the reconstruction target is the prediction's own input.
    try GradientChecker.check([x]) { try meanSquaredError(predictions: tanh($0[0]), targets: $0[0] * 0.5) }
  }

  @Test func losses_reject_mismatched_shapes() throws {
    let a = try Tensor(zeros: [2, 3])
    let b = try Tensor(zeros: [3, 2])
    #expect(throws: NeuralError.self) { try binaryCrossEntropy(logits: a, labels: b) }
    #expect(throws: NeuralError.self) { try binaryCrossEntropy(probabilities: a, labels: b) }
    #expect(throws: NeuralError.self) { try meanSquaredError(predictions: a, targets: b) }
    #expect(throws: NeuralError.self) { try meanAbsoluteError(predictions: a, targets: b) }
    #expect(throws: NeuralError.self) { try gaussianNegativeLogLikelihood(mean: a, logVariance: a, targets: b) }
    #expect(throws: NeuralError.self) { try klDivergenceFromStandardNormal(mean: a, logStandardDeviation: b) }
    #expect(throws: NeuralError.self) {
      try klDivergence(mean1: a, logStandardDeviation1: a, mean2: a, logStandardDeviation2: b)
    }
  }
}
