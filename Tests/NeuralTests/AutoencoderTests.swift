import Testing

@testable import Neural

/// End-to-end training of a small convolutional autoencoder on synthetic 28×28 binary disks.
@Suite struct AutoencoderTests {
  /// `count` binary 28×28×1 images of filled disks with seeded random centres and radii.
  static func disks(count: Int, seed: UInt64) throws -> Tensor {
    var g = SeededGenerator(seed: seed)
    var pixels = [Float](repeating: 0, count: count * 28 * 28)
    for n in 0..<count {
      let cx = 8 + 12 * g.nextUnitFloat()
      let cy = 8 + 12 * g.nextUnitFloat()
      let r = 4 + 4 * g.nextUnitFloat()
      for i in 0..<28 {
        for j in 0..<28 {
          let dx = Float(j) + 0.5 - cx
          let dy = Float(i) + 0.5 - cy
          if dx * dx + dy * dy <= r * r { pixels[(n * 28 + i) * 28 + j] = 1 }
        }
      }
    }
    return try Tensor(shape: [count, 28, 28, 1], scalars: pixels)
  }

  @Test func conv_autoencoder_halves_its_bce_on_disks() throws {
    let data = try Self.disks(count: 256, seed: 2024)
    let model = Sequential([
      try Conv2D(inChannels: 1, filters: 8, kernelSize: 3, padding: .same, activation: .relu, seed: 1),
      MaxPool2D(),  // 14×14
      try Conv2D(inChannels: 8, filters: 16, kernelSize: 3, padding: .same, activation: .relu, seed: 2),
      MaxPool2D(),  // 7×7
      try Conv2DTranspose(inChannels: 16, filters: 16, kernelSize: 3, padding: .same, activation: .relu, seed: 3),
      try UpSampling2D(),  // 14×14
      try Conv2DTranspose(inChannels: 16, filters: 8, kernelSize: 3, padding: .same, activation: .relu, seed: 4),
      try UpSampling2D(),  // 28×28
      try Conv2D(inChannels: 8, filters: 1, kernelSize: 3, padding: .same, seed: 5),  // logits
    ])
    let adam = try Adam(learningRate: 3e-3)
    let tape = Tape()
    let batch = 32
    func bce(_ x: Tensor) throws -> Float {
      try Tape.withoutRecording { try binaryCrossEntropy(logits: model(x), labels: x).scalar }
    }
    let initial = try bce(data)
    for step in 0..<300 {
      let start = (step * batch) % 256
      let x = try data.sliced(alongAxis: 0, range: start..<(start + batch))
      _ = try tape.backpropagate { try binaryCrossEntropy(logits: model(x), labels: x) }
      adam.step(model.parameters)
    }
    let final = try bce(data)
    #expect(final <= 0.5 * initial, "BCE \(initial) → \(final) (need ≤ 50 %)")
  }
}
