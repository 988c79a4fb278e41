import Foundation
import Testing

@testable import Neural

/// Checkpoint round trips (bit-exact, including resumed training) and every load failure.
@Suite struct CheckpointTests {
  private func model(seed: UInt64) throws -> Sequential {
    Sequential([
      try Dense(inputSize: 3, outputSize: 5, activation: .tanh, seed: seed),
      try Dense(inputSize: 5, outputSize: 2, seed: seed + 1),
    ])
  }

  private func path(_ name: String) -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "diffeq-checkpoint-tests-\(getpid())")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent(name).path
  }

  private func train(_ m: Sequential, _ adam: Adam, steps: Int) throws {
    let x = try TestData.normal([8, 3], seed: 5)
    let y = try TestData.normal([8, 2], seed: 6)
    let tape = Tape()
    for _ in 0..<steps {
      _ = try tape.backpropagate { try meanSquaredError(predictions: m(x), targets: y) }
      adam.step(m.parameters)
    }
  }

  private func bits(_ m: Sequential) -> [[UInt32]] {
    m.parameters.map { $0.value.scalars.map(\.bitPattern) }
  }

  @Test func round_trip_is_bit_exact_and_resumes_training_identically() throws {
    let a = try model(seed: 1)
    let adamA = try Adam(learningRate: 0.01)
    try train(a, adamA, steps: 5)
    let file = path("roundtrip.safetensors")
    defer { try? FileManager.default.removeItem(atPath: file) }
    try Checkpoint.save(a, optimizer: adamA, metadata: ["epoch": "5"], to: file)

    let b = try model(seed: 100)
    let adamB = try Adam(learningRate: 0.5)
    let metadata = try Checkpoint.load(into: b, optimizer: adamB, from: file)
    #expect(metadata["epoch"] == "5")
    #expect(metadata[Checkpoint.formatKey] == Checkpoint.formatValue)
    #expect(bits(a) == bits(b))
    #expect(adamB.stepCount == 5)
    #expect(adamB.learningRate == 0.01)
    for (p, q) in zip(a.parameters, b.parameters) {
      #expect(
        adamA.stateTensors(for: p).map { $0.tensor.scalars.map(\.bitPattern) }
          == adamB.stateTensors(for: q).map { $0.tensor.scalars.map(\.bitPattern) })
    }
    // Resumed training equals uninterrupted training, bit for bit.
    try train(a, adamA, steps: 3)
    try train(b, adamB, steps: 3)
    #expect(bits(a) == bits(b))
  }

  @Test func file_layout_is_readable_as_plain_safetensors() throws {
    let m = try model(seed: 1)
    let sgd = try SGD(learningRate: 0.1, momentum: 0.9)
    let f = try Checkpoint.file(m.namedParameters, optimizer: sgd)
    // No momentum state before the first step; parameters are F32 with their shapes.
    #expect(Set(f.tensors.keys) == ["0.weight", "0.bias", "1.weight", "1.bias", "optimizer.step_count", "optimizer.learning_rate"])
    #expect(f.tensors["0.weight"]?.shape == [3, 5])
    #expect(f.tensors["0.weight"]?.dtype == .float32)
    #expect(f.metadata["optimizer"] == "SGD")
    let parsed = try SafeTensorsFile(bytes: f.serialized())
    #expect(try parsed.floats("1.bias", shape: [2]) == m.parameters[3].value.scalars)
  }

  @Test func mismatched_model_throws_and_changes_nothing() throws {
    let a = try model(seed: 1)
    let file = path("mismatch.safetensors")
    defer { try? FileManager.default.removeItem(atPath: file) }
    try Checkpoint.save(a, to: file)
    // Different hidden size: shape mismatch.
    let wider = Sequential([
      try Dense(inputSize: 3, outputSize: 6, seed: 1), try Dense(inputSize: 6, outputSize: 2, seed: 2),
    ])
    let before = wider.parameters.map { $0.value.scalars }
    #expect(throws: CheckpointError.self) { try Checkpoint.load(into: wider, from: file) }
    #expect(wider.parameters.map { $0.value.scalars } == before)
    // Extra layer: missing tensor.
    let deeper = Sequential([
      try Dense(inputSize: 3, outputSize: 5, seed: 1), try Dense(inputSize: 5, outputSize: 2, seed: 2),
      try Dense(inputSize: 2, outputSize: 2, seed: 3),
    ])
    #expect(throws: CheckpointError.self) { try Checkpoint.load(into: deeper, from: file) }
    // Fewer layers: unexpected tensors (strict), accepted when not strict.
    let shallow = Sequential([try Dense(inputSize: 3, outputSize: 5, seed: 9)])
    #expect(throws: NeuralError.self) { try Checkpoint.load(into: shallow, from: file) }
    try Checkpoint.load(into: shallow, from: file, strict: false)
    #expect(shallow.parameters[0].value.scalars == a.parameters[0].value.scalars)
    // Optimizer requested but not saved, or of another type.
    #expect(throws: NeuralError.self) { try Checkpoint.load(into: a, optimizer: try Adam(), from: file) }
    let withSGD = path("sgd.safetensors")
    defer { try? FileManager.default.removeItem(atPath: withSGD) }
    try Checkpoint.save(a, optimizer: try SGD(learningRate: 0.1), to: withSGD)
    #expect(throws: NeuralError.self) { try Checkpoint.load(into: a, optimizer: try Adam(), from: withSGD) }
  }

  @Test func wrong_dtype_throws() throws {
    var f = try Checkpoint.file(try model(seed: 1).namedParameters)
    f.tensors["0.bias"] = try SafeTensor(float64: [0, 0, 0, 0, 0], shape: [5])
    let file = path("dtype.safetensors")
    defer { try? FileManager.default.removeItem(atPath: file) }
    try f.write(to: file)
    #expect(throws: CheckpointError.self) { try Checkpoint.load(into: try model(seed: 1), from: file) }
  }

  @Test func truncated_and_corrupted_files_throw() throws {
    let m = try model(seed: 1)
    let good = try Checkpoint.file(m.namedParameters, optimizer: try Adam()).serialized()
    let truncated = path("truncated.safetensors")
    defer { try? FileManager.default.removeItem(atPath: truncated) }
    FileManager.default.createFile(atPath: truncated, contents: Data(good.prefix(good.count - 7)))
    #expect(throws: CheckpointError.self) { try Checkpoint.load(into: m, from: truncated) }
    var corrupt = good
    corrupt[12] = UInt8(ascii: "#")  // inside the JSON header
    let corrupted = path("corrupted.safetensors")
    defer { try? FileManager.default.removeItem(atPath: corrupted) }
    FileManager.default.createFile(atPath: corrupted, contents: Data(corrupt))
    #expect(throws: CheckpointError.self) { try Checkpoint.load(into: m, from: corrupted) }
    #expect(throws: CheckpointError.self) { try Checkpoint.load(into: m, from: path("missing.safetensors")) }
  }

  @Test func duplicate_and_reserved_names_throw() throws {
    let encoder = try model(seed: 1)
    let decoder = try model(seed: 3)
    #expect(throws: NeuralError.self) {
      try Checkpoint.file(encoder.namedParameters + decoder.namedParameters)
    }
    let named = encoder.namedParameters(prefix: "encoder") + decoder.namedParameters(prefix: "decoder")
    #expect(try Checkpoint.file(named).tensors["decoder.1.bias"] != nil)
    #expect(throws: NeuralError.self) {
      try Checkpoint.file([("optimizer.x", encoder.parameters[0])])
    }
    #expect(throws: NeuralError.self) {
      try Checkpoint.file(named, metadata: ["format": "mine"])
    }
  }
}
