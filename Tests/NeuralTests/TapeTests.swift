import Testing

@testable import Neural

/// Recording, no-gradient mode, accumulation, release of saved values and misuse errors.
@Suite struct TapeTests {
  @Test func gradient_of_simple_expression_is_exact() throws {
    // L = Σ (w·x)², ∂L/∂w = 2·x²·w (exact in Float32 for these small integers).
    let w = Parameter(try Tensor(shape: [3], scalars: [1, 2, 3]))
    let x = try Tensor(shape: [3], scalars: [2, 1, -1])
    let tape = Tape()
    let loss = try tape.backpropagate { square(w.value * x).sum() }
    #expect(loss == 4 + 4 + 9)
    #expect(w.gradient?.scalars == [8, 4, 6])
  }

  @Test func gradients_accumulate_across_backward_passes_until_cleared() throws {
    let w = Parameter(try Tensor(shape: [2], scalars: [1, 1]))
    let tape = Tape()
    _ = try tape.backpropagate { (w.value * 3).sum() }
    _ = try tape.backpropagate { (w.value * 2).sum() }
    #expect(w.gradient?.scalars == [5, 5])
    w.gradient = nil
    _ = try tape.backpropagate { w.value.sum() }
    #expect(w.gradient?.scalars == [1, 1])
  }

  @Test func no_gradient_mode_records_nothing() throws {
    let w = Parameter(try Tensor(shape: [2], scalars: [1, 2]))
    let tape = Tape()
    try tape.record {
      let y = Tape.withoutRecording { exp(w.value) * 2 }
      #expect(!y.isRecorded)
      #expect(tape.recordCount == 0)
      let z = exp(w.value)
      #expect(z.isRecorded)
      #expect(tape.recordCount == 2)  // one leaf, one exp
    }
    // Outside a recording nothing is recorded either.
    let y = w.value * 2
    #expect(!y.isRecorded)
  }

  @Test func values_from_an_earlier_recording_are_constants() throws {
    let w = Parameter(try Tensor(shape: [2], scalars: [1, 2]))
    let tape = Tape()
    let old = tape.record { w.value * 5 }
    let loss = try tape.backpropagate { (old * w.value).sum() }
    // Only the direct dependence counts in the new recording: ∂/∂w = old = 5w.
    #expect(loss == 25)
    #expect(w.gradient?.scalars == [5, 10])
  }

  @Test func saved_values_are_released_after_backward() throws {
    let w = Parameter(try Tensor(repeating: 0.5, shape: [1000]))
    let tape = Tape()
    weak var saved: _TensorStorage?
    let loss = try tape.record { () -> Tensor in
      let hidden = tanh(w.value)
      saved = hidden.storage
      return (hidden * hidden).sum()
    }
    #expect(saved != nil, "the tape keeps the intermediate value alive for the backward pass")
    try tape.backward(loss)
    #expect(saved == nil, "backward released the intermediate value")
    #expect(tape.recordCount == 0)
  }

  @Test func backward_misuse_throws() throws {
    let w = Parameter(try Tensor(shape: [2], scalars: [1, 2]))
    let tape = Tape()
    // Not recorded: computed outside the recording.
    #expect(throws: NeuralError.self) { try tape.backward((w.value * 2).sum()) }
    // Not a scalar.
    let vector = tape.record { w.value * 2 }
    #expect(throws: NeuralError.self) { try tape.backward(vector) }
    // Does not depend on any parameter.
    #expect(throws: NeuralError.self) { try tape.backpropagate { Tensor(3) } }
    // Backward twice on the same recording.
    let loss = tape.record { w.value.sum() }
    try tape.backward(loss)
    #expect(throws: NeuralError.self) { try tape.backward(loss) }
  }

  @Test func mutating_a_copy_does_not_change_the_original() throws {
    let a = try Tensor(shape: [3], scalars: [1, 2, 3])
    var b = a
    b.withUnsafeMutableBufferPointer { $0[0] = 10 }
    #expect(a.scalars == [1, 2, 3])
    #expect(b.scalars == [10, 2, 3])
  }

  @Test func tensor_initialisers_validate() throws {
    #expect(throws: NeuralError.self) { try Tensor(shape: [2, 2], scalars: [1, 2, 3]) }
    #expect(throws: NeuralError.self) { try Tensor(zeros: [2, -1]) }
    var g = SeededGenerator(seed: 1)
    #expect(throws: NeuralError.self) {
      try Tensor(randomUniform: [2], lowerBound: 1, upperBound: 0, generator: &g)
    }
  }

  @Test func seeded_generator_is_reproducible_and_normal() throws {
    var g1 = SeededGenerator(seed: 42)
    var g2 = SeededGenerator(seed: 42)
    let a = try Tensor(randomNormal: [20_000], generator: &g1)
    let b = try Tensor(randomNormal: [20_000], generator: &g2)
    #expect(a.scalars == b.scalars)
    // Mean and variance of 20,000 N(0,1) draws: standard errors 0.0071 and 0.01; allow 5σ.
    let mean = a.mean().scalar
    let variance = square(a - mean).mean().scalar
    #expect(Swift.abs(mean) < 0.036)
    #expect(Swift.abs(variance - 1) < 0.05)
  }
}
