import Foundation
import Neural
import Testing

@testable import NeuralSDE

@Suite struct NeuralSDEModelTests {
  @Test func shapesAndDefaultArchitecture() throws {
    let model = try NeuralSDEModel(.init(observedDimension: 3, order: 2, noiseDimension: 2, seed: 4))
    let z = try Tensor(zeros: [5, 6])
    #expect(try model.drift(z).shape == [5, 6])
    #expect(try model.diffusion(z).shape == [5, 6, 2])
    // [batch, M, d] input is flattened.
    #expect(try model.drift(try Tensor(zeros: [5, 2, 3])).shape == [5, 6])
    // Default widths 20·M, linear drift output, hidden tanh.
    #expect(model.driftLayers.map(\.outputSize) == [40, 40, 6])
    #expect(model.diffusionLayers.map(\.outputSize) == [40, 40, 12])
    #expect(model.driftLayers.last?.activation == .identity)
    #expect(model.driftLayers.first?.activation == .tanh)
    #expect(model.namedParameters.map(\.name).first == "drift.1.weight")
  }

  /// Structured (M = 2): rows 0…M−2 of the drift are the next rows exactly, the network gives the
  /// last row only, and the diffusion acts on the last row only.
  @Test func structuredDriftCopiesNextRowAndDiffusionIsZeroAbove() throws {
    let model = try NeuralSDEModel(
      .init(observedDimension: 2, order: 2, noiseDimension: 1, isStructured: true, seed: 2))
    #expect(model.driftLayers.last?.outputSize == 2)
    let states: [Double] = [0.1, -0.2, 0.3, 0.4, 1, 2, -3, 0.5]
    let mu = try model.driftValues(at: states)
    #expect(mu[0] == Double(Float(0.3)) && mu[1] == Double(Float(0.4)))
    #expect(mu[4] == Double(Float(-3)) && mu[5] == Double(Float(0.5)))
    let sigma = try model.diffusionValues(at: states)
    #expect(sigma[0] == 0 && sigma[1] == 0 && sigma[4] == 0 && sigma[5] == 0)
    #expect(sigma[2] != 0 || sigma[3] != 0)
  }

  @Test func invalidConfigurationsThrow() throws {
    let bad: [NeuralSDEModel.Configuration] = [
      .init(observedDimension: 0),
      .init(observedDimension: 2, order: 0),
      .init(observedDimension: 2, noiseDimension: 0),
      .init(observedDimension: 2, order: 1, isStructured: true),
      .init(observedDimension: 2, hiddenWidths: []),
      .init(observedDimension: 2, hiddenWidths: [4, 0]),
    ]
    for c in bad {
      #expect(throws: NeuralSDEError.self) { try NeuralSDEModel(c) }
    }
    do {
      _ = try NeuralSDEModel(.init(observedDimension: 2, order: 1, isStructured: true))
    } catch let e as NeuralSDEError {
      #expect(e.description.contains("M ≥ 2"))
    }
  }

  @Test func mismatchedStateDimensionsThrow() throws {
    let model = try NeuralSDEModel(.init(observedDimension: 2))
    #expect(throws: NeuralSDEError.dimensionMismatch(
      what: "state dimension M·d of a [batch, M·d] tensor", expected: 2, actual: 3)) {
      try model.drift(try Tensor(zeros: [4, 3]))
    }
    #expect(throws: NeuralSDEError.self) { try model.driftValues(at: [1, 2, 3]) }
    #expect(throws: NeuralSDEError.nonFiniteData(path: 1, step: 0, dimension: 0, value: .infinity)) {
      try model.driftValues(at: [1, 2, .infinity, 0])
    }
  }

  /// `J(x)·v` from the forward-mode evaluation against central differences of the drift
  /// (Float32 network, step 1e-2: agreement to 2e-3 absolute on O(1) values), unstructured and
  /// structured.
  @Test(arguments: [false, true]) func tangentMatchesFiniteDifferences(_ structured: Bool) throws {
    let model = try NeuralSDEModel(
      .init(observedDimension: 1, order: 2, isStructured: structured, hiddenWidths: [8], seed: 9))
    let x: [Double] = [0.3, -0.5, 1.1, 0.2]  // two states
    let v: [Double] = [1, 0, 0, 1, 0.5, -1, 2, 0.25]  // two tangents per state
    let (mu, jv) = try model.driftTangent(
      try Support.tensor(x, [2, 2]), try Support.tensor(v, [2, 2, 2]))
    let muRef = try model.driftValues(at: x)
    for i in 0..<4 { #expect(abs(Double(mu.scalars[i]) - muRef[i]) < 1e-6) }
    let h = 1e-2
    for b in 0..<2 {
      for k in 0..<2 {
        var plus = Array(x[(2 * b)..<(2 * b + 2)])
        var minus = plus
        for a in 0..<2 {
          plus[a] += h * v[(b * 2 + k) * 2 + a]
          minus[a] -= h * v[(b * 2 + k) * 2 + a]
        }
        let fp = try model.driftValues(at: plus)
        let fm = try model.driftValues(at: minus)
        for a in 0..<2 {
          let numeric = (fp[a] - fm[a]) / (2 * h)
          let analytic = Double(jv.scalars[(b * 2 + k) * 2 + a])
          #expect(abs(numeric - analytic) < 2e-3, "b \(b) k \(k) a \(a): \(analytic) vs \(numeric)")
        }
      }
    }
  }

  @Test func saveAndLoadRoundTrip() throws {
    let model = try NeuralSDEModel(
      .init(observedDimension: 1, order: 2, noiseDimension: 2, isStructured: true,
            hiddenWidths: [7, 5], outputActivation: .tanh, seed: 99))
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("nsde-model-\(getpid()).safetensors").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try model.save(to: path)
    let loaded = try NeuralSDEModel.load(from: path)
    #expect(loaded.configuration == model.configuration)
    let states: [Double] = [0.2, -0.4, 1.5, 0.7]
    #expect(try loaded.driftValues(at: states) == model.driftValues(at: states))
    #expect(try loaded.diffusionValues(at: states) == model.diffusionValues(at: states))
    // A safetensors file that is not a model.
    try SafeTensorsFile(tensors: [:], metadata: ["neuralsde.format": "other"]).write(to: path)
    #expect(throws: NeuralSDEError.self) { try NeuralSDEModel.load(from: path) }
  }

  /// The frozen `Double` field equals the tensor model to Float32 accuracy (1e-5 relative).
  @Test(arguments: [false, true]) func learnedFieldMatchesModel(_ structured: Bool) throws {
    let model = try NeuralSDEModel(
      .init(observedDimension: 2, order: 2, noiseDimension: 2, isStructured: structured, seed: 5))
    let field = LearnedSDEField(model)
    var g = SeededGenerator(seed: 1)
    let states = (0..<(8 * 4)).map { _ in Double(g.nextNormal()) }
    let mu = try model.driftValues(at: states)
    let sigma = try model.diffusionValues(at: states)
    for i in 0..<8 {
      let x = Array(states[(4 * i)..<(4 * i + 4)])
      let out = try field.drift(at: x)
      for a in 0..<4 { #expect(abs(out[a] - mu[4 * i + a]) <= 1e-5 * max(1, abs(mu[4 * i + a]))) }
      let s = try field.diffusion(at: x)
      for a in 0..<8 { #expect(abs(s[a] - sigma[8 * i + a]) <= 1e-5 * max(1, abs(sigma[8 * i + a]))) }
    }
    #expect(throws: NeuralSDEError.self) { try field.drift(at: [1, 2]) }
  }
}
