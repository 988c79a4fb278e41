import Foundation
import Testing

@testable import Neural

/// Update rules against their formulas (in Double), clipping, decay, state round trip, XOR.
@Suite struct OptimizerTests {
  @Test func adam_matches_formula_over_three_steps() throws {
    let p = Parameter(try Tensor(shape: [3], scalars: [0.5, -1, 2]))
    let adam = try Adam(learningRate: 0.1)
    var theta = [0.5, -1, 2.0]
    var m = [0.0, 0, 0]
    var v = [0.0, 0, 0]
    let grads: [[Float]] = [[1, -2, 0.5], [0.3, 0.1, -4], [-1, 1, 1]]
    for (t, g) in grads.enumerated() {
      p.gradient = try Tensor(shape: [3], scalars: g)
      adam.step([p])
      #expect(p.gradient == nil)
      for i in 0..<3 {
        let gi = Double(g[i])
        m[i] = 0.9 * m[i] + 0.1 * gi
        v[i] = 0.999 * v[i] + 0.001 * gi * gi
        let mh = m[i] / (1 - Foundation.pow(0.9, Double(t + 1)))
        let vh = v[i] / (1 - Foundation.pow(0.999, Double(t + 1)))
        theta[i] -= 0.1 * mh / (vh.squareRoot() + 1e-7)
      }
      for (a, b) in zip(p.value.scalars, theta) { #expect(Swift.abs(Double(a) - b) <= 1e-5) }
    }
    let state = adam.stateTensors(for: p)
    #expect(state.map(\.name) == ["m", "v"])
    for (a, b) in zip(state[0].tensor.scalars, m) { #expect(Swift.abs(Double(a) - b) <= 1e-6) }
  }

  @Test func adam_vector_and_scalar_paths_agree_bitwise() throws {
    // 19 elements: two SIMD blocks and a 3-element tail, against 19 one-element parameters (tail
    // path only). Same operations in the same order, so the results are identical.
    let g0 = try TestData.normal([19], seed: 7).scalars
    let w0 = try TestData.normal([19], seed: 8).scalars
    let big = Parameter(try Tensor(shape: [19], scalars: w0))
    let singles = try w0.map { Parameter(try Tensor(shape: [1], scalars: [$0])) }
    let adamBig = try Adam(learningRate: 0.01)
    let adamSingles = try Adam(learningRate: 0.01)
    for step in 0..<3 {
      let g = g0.map { $0 * Float(step + 1) }
      big.gradient = try Tensor(shape: [19], scalars: g)
      for (i, p) in singles.enumerated() { p.gradient = try Tensor(shape: [1], scalars: [g[i]]) }
      adamBig.step([big])
      adamSingles.step(singles)
    }
    #expect(big.value.scalars.map(\.bitPattern) == singles.map { $0.value.scalar.bitPattern })
  }

  @Test func sgd_with_momentum_matches_formula() throws {
    let p = Parameter(try Tensor(shape: [2], scalars: [1, 1]))
    let sgd = try SGD(learningRate: 0.5, momentum: 0.9)
    var theta = [1.0, 1.0]
    var vel = [0.0, 0.0]
    for g in [[Float(1), -1], [2, 0.5]] {
      p.gradient = try Tensor(shape: [2], scalars: g)
      sgd.step([p])
      for i in 0..<2 {
        vel[i] = 0.9 * vel[i] - 0.5 * Double(g[i])
        theta[i] += vel[i]
      }
    }
    for (a, b) in zip(p.value.scalars, theta) { #expect(Swift.abs(Double(a) - b) <= 1e-6) }
    // Plain SGD and skipping parameters without gradients.
    let q = Parameter(try Tensor(shape: [1], scalars: [3]))
    let plain = try SGD(learningRate: 0.25)
    q.gradient = try Tensor(shape: [1], scalars: [2])
    plain.step([q, p])
    #expect(q.value.scalars == [2.5])
    for (a, b) in zip(p.value.scalars, theta) { #expect(Swift.abs(Double(a) - b) <= 1e-6) }
  }

  @Test func learning_rate_decay_schedules() throws {
    #expect(LearningRateDecay.none.rate(base: 0.1, step: 10) == 0.1)
    #expect(Swift.abs(LearningRateDecay.inverseTime(rate: 0.5).rate(base: 0.1, step: 2) - 0.05) < 1e-7)
    #expect(Swift.abs(LearningRateDecay.exponential(rate: 0.5, steps: 10).rate(base: 1, step: 20) - 0.25) < 1e-6)
    // Adam with decay applies η(t): first step moves by η(1)·sign(g) (bias-corrected).
    let p = Parameter(try Tensor(shape: [1], scalars: [0]))
    let adam = try Adam(learningRate: 0.2, decay: .inverseTime(rate: 1))
    p.gradient = try Tensor(shape: [1], scalars: [3])
    adam.step([p])
    #expect(Swift.abs(p.value.scalar + 0.1) < 1e-6)
  }

  @Test func optimizers_reject_bad_hyperparameters() throws {
    #expect(throws: NeuralError.self) { try Adam(learningRate: 0) }
    #expect(throws: NeuralError.self) { try Adam(beta1: 1) }
    #expect(throws: NeuralError.self) { try Adam(epsilon: 0) }
    #expect(throws: NeuralError.self) { try Adam(decay: .exponential(rate: 2, steps: 1)) }
    #expect(throws: NeuralError.self) { try SGD(learningRate: -1) }
    #expect(throws: NeuralError.self) { try SGD(learningRate: 1, momentum: 1) }
    #expect(throws: NeuralError.self) { try SGD(learningRate: 1, decay: .inverseTime(rate: -1)) }
  }

  @Test func optimizer_state_round_trip_and_errors() throws {
    let p = Parameter(try Tensor(shape: [2], scalars: [1, 2]))
    let adam = try Adam()
    #expect(adam.stateTensors(for: p).isEmpty)
    let m = try Tensor(shape: [2], scalars: [0.1, 0.2])
    let v = try Tensor(shape: [2], scalars: [0.3, 0.4])
    try adam.setStateTensors([("m", m), ("v", v)], for: p)
    #expect(adam.stateTensors(for: p).map(\.tensor.scalars) == [[0.1, 0.2], [0.3, 0.4]])
    #expect(throws: NeuralError.self) { try adam.setStateTensors([("m", m)], for: p) }
    #expect(throws: NeuralError.self) {
      try adam.setStateTensors([("m", m), ("v", Tensor(zeros: [3]))], for: p)
    }
    #expect(throws: NeuralError.self) {
      try adam.setStateTensors([("m", m), ("v", v), ("w", v)], for: p)
    }
  }

  @Test func gradient_clipping_by_global_norm() throws {
    let a = Parameter(try Tensor(zeros: [2]))
    let b = Parameter(try Tensor(zeros: [1]))
    let c = Parameter(try Tensor(zeros: [1]))
    a.gradient = try Tensor(shape: [2], scalars: [3, 0])
    b.gradient = try Tensor(shape: [1], scalars: [4])
    let norm = try clipGradients([a, b, c], maxNorm: 1)
    #expect(norm == 5)
    #expect(a.gradient?.scalars == [0.6, 0])
    #expect(b.gradient?.scalars == [0.8])
    #expect(c.gradient == nil)
    // Below the bound: unchanged.
    #expect(try clipGradients([a, b], maxNorm: 2) <= 1.0001)
    #expect(b.gradient?.scalars == [0.8])
    #expect(throws: NeuralError.self) { try clipGradients([a], maxNorm: 0) }
  }

  @Test func mlp_learns_xor() throws {
    let x = try Tensor(shape: [4, 2], scalars: [0, 0, 0, 1, 1, 0, 1, 1])
    let y = try Tensor(shape: [4, 1], scalars: [0, 1, 1, 0])
    let model = Sequential([
      try Dense(inputSize: 2, outputSize: 8, activation: .tanh, seed: 11),
      try Dense(inputSize: 8, outputSize: 1, seed: 12),
    ])
    let adam = try Adam(learningRate: 0.05)
    let tape = Tape()
    var loss: Float = .infinity
    for _ in 0..<500 {
      loss = try tape.backpropagate { try binaryCrossEntropy(logits: model(x), labels: y) }
      adam.step(model.parameters)
    }
    #expect(loss < 0.05, "final BCE \(loss)")
    let p = sigmoid(try model(x)).scalars
    #expect(p[0] < 0.1 && p[1] > 0.9 && p[2] > 0.9 && p[3] < 0.1, "predictions \(p)")
  }
}
