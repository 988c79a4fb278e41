import Testing

@testable import Neural

/// The convolution-family operations and layers: wiring against naive loops (the kernels have their
/// own exhaustive tests), finite-difference gradients, shape errors.
@Suite struct ConvolutionOpsTests {
  /// Naive NHWC/HWIO convolution in Double.
  private func naiveConv(_ x: Tensor, _ w: Tensor, same: Bool) -> [Double] {
    let (n, h, wd, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (k, f) = (w.shape[0], w.shape[3])
    let p = same ? (k - 1) / 2 : 0
    let ho = same ? h : h - k + 1
    let wo = same ? wd : wd - k + 1
    let xs = x.scalars
    let ws = w.scalars
    var out = [Double](repeating: 0, count: n * ho * wo * f)
    for b in 0..<n {
      for i in 0..<ho {
        for j in 0..<wo {
          for o in 0..<f {
            var s = 0.0
            for u in 0..<k {
              for v in 0..<k {
                let (r, q) = (i + u - p, j + v - p)
                guard r >= 0, r < h, q >= 0, q < wd else { continue }
                for ch in 0..<c {
                  s += Double(xs[((b * h + r) * wd + q) * c + ch]) * Double(ws[((u * k + v) * c + ch) * f + o])
                }
              }
            }
            out[((b * ho + i) * wo + j) * f + o] = s
          }
        }
      }
    }
    return out
  }

  @Test(arguments: [Padding.same, .valid])
  func conv2d_matches_naive_loops(_ padding: Padding) throws {
    let x = try TestData.normal([2, 6, 5, 3], seed: 81)
    let w = try TestData.normal([3, 3, 3, 4], seed: 82)
    let y = try conv2d(x, filter: w, padding: padding)
    #expect(y.shape == (padding == .same ? [2, 6, 5, 4] : [2, 4, 3, 4]))
    for (a, b) in zip(y.scalars, naiveConv(x, w, same: padding == .same)) {
      #expect(Swift.abs(Double(a) - b) <= 1e-5 * max(1, Swift.abs(b)))
    }
  }

  @Test func conv2d_transpose_is_the_adjoint_of_conv2d() throws {
    // ⟨convᵀ(x), y⟩ = ⟨x, conv(y)⟩ with the kernel's axes 2 and 3 exchanged between the two.
    for padding in [Padding.valid, .same] {
      let x = try TestData.normal([2, 4, 5, 3], seed: 83)
      let wT = try TestData.normal([3, 3, 2, 3], seed: 84)  // [k, k, F=2, C=3]
      let up = try conv2dTranspose(x, filter: wT, padding: padding)
      #expect(up.shape == (padding == .valid ? [2, 6, 7, 2] : [2, 4, 5, 2]))
      let y = try TestData.normal(up.shape, seed: 85)
      // As a convolution from 2 to 3 channels the same weights are HWIO [k, k, 2, 3].
      let down = try conv2d(y, filter: wT, padding: padding)
      let lhs = (up * y).sum().scalar
      let rhs = (x * down).sum().scalar
      #expect(Swift.abs(lhs - rhs) <= 1e-4 * max(1, Swift.abs(lhs)))
    }
  }

  @Test func pooling_and_upsampling_values() throws {
    let x = try Tensor(shape: [1, 2, 3, 1], scalars: [1, 5, 2, 4, 3, 9])
    #expect(try maxPool2D(x).scalars == [5])  // odd width: last column dropped
    let u = try upSampling2D(Tensor(shape: [1, 1, 2, 1], scalars: [1, 2]))
    #expect(u.shape == [1, 2, 4, 1])
    #expect(u.scalars == [1, 1, 2, 2, 1, 1, 2, 2])
  }

  @Test(arguments: [(Padding.same, 3), (.valid, 3), (.same, 2), (.valid, 1)])
  func conv2d_gradients(_ padding: Padding, _ k: Int) throws {
    let x = try TestData.normal([2, 4, 5, 2], seed: 86)
    let w = try TestData.normal([k, k, 2, 3], seed: 87, scale: 0.5)
    try GradientChecker.check([x, w]) { try conv2d($0[0], filter: $0[1], padding: padding) }
  }

  @Test(arguments: [(Padding.valid, 3), (.same, 3), (.valid, 2)])
  func conv2d_transpose_gradients(_ padding: Padding, _ k: Int) throws {
    let x = try TestData.normal([2, 3, 4, 2], seed: 88)
    let w = try TestData.normal([k, k, 3, 2], seed: 89, scale: 0.5)
    try GradientChecker.check([x, w]) { try conv2dTranspose($0[0], filter: $0[1], padding: padding) }
  }

  @Test func pooling_and_upsampling_gradients() throws {
    let x = try TestData.distinct([2, 5, 4, 3], seed: 90)
    try GradientChecker.check([x]) { try maxPool2D($0[0]) }
    let small = try TestData.normal([2, 2, 3, 2], seed: 91)
    try GradientChecker.check([small]) { try upSampling2D($0[0]) }
    try GradientChecker.check([small]) { try upSampling2D($0[0], factor: 3) }
    // Values used twice: upsampled and pooled back, added to the input.
    try GradientChecker.check([x]) { try upSampling2D(maxPool2D($0[0])).sliced(alongAxis: 1, range: 0..<4) + $0[0].sliced(alongAxis: 1, range: 0..<4) }
  }

  @Test func parameterless_layer_gradients() throws {
    let x = try TestData.distinct([2, 4, 6, 2], seed: 101)
    try GradientChecker.check(layer: MaxPool2D(), input: x)
    try GradientChecker.check(layer: try UpSampling2D(), input: x)
    try GradientChecker.check(layer: Flatten(), input: x)
    try GradientChecker.check(layer: try Reshape([6, 4, 2]), input: x)
    try GradientChecker.check(layer: Activation.softplus, input: x)
  }

  @Test(arguments: Activation.allCases)
  func conv_layer_gradients(_ activation: Activation) throws {
    let conv = try Conv2D(inChannels: 2, filters: 3, kernelSize: 3, padding: .same, activation: activation, seed: 92)
    conv.bias.value = try TestData.normal([3], seed: 93, scale: 0.3)
    var x = try TestData.normal([2, 4, 4, 2], seed: 94)
    if activation == .relu {
      // First seeded input whose pre-activations stay 0.05 away from the kink.
      var seed: UInt64 = 94
      while try conv2d(x, filter: conv.weight.value, padding: .same).scalars.enumerated()
        .contains(where: { Swift.abs($0.element + conv.bias.value.scalars[$0.offset % 3]) <= 0.05 })
      {
        seed += 1
        x = try TestData.normal([2, 4, 4, 2], seed: seed)
      }
      #expect(seed < 400)
    }
    try GradientChecker.check(layer: conv, input: x)
    let transposed = try Conv2DTranspose(
      inChannels: 2, filters: 2, kernelSize: 3, padding: .valid,
      activation: activation == .relu ? .softplus : activation, seed: 95)
    transposed.bias.value = try TestData.normal([2], seed: 96, scale: 0.3)
    try GradientChecker.check(layer: transposed, input: x)
  }

  @Test func small_encoder_decoder_chain_gradients() throws {
    let model = Sequential([
      // (Max pooling is left out: a finite-difference step in the first weights can switch a
      // window's maximum. It is checked on its own with well-separated values.)
      try Conv2D(inChannels: 1, filters: 2, kernelSize: 3, padding: .valid, activation: .tanh, seed: 97),
      Flatten(),
      try Dense(inputSize: 4 * 4 * 2, outputSize: 8, activation: .tanh, seed: 98),
      try Reshape([2, 2, 2]),
      try UpSampling2D(),
      try Conv2DTranspose(inChannels: 2, filters: 1, kernelSize: 3, padding: .same, seed: 99),
    ])
    let x = try TestData.normal([2, 6, 6, 1], seed: 100)
    let y = try model(x)
    #expect(y.shape == [2, 4, 4, 1])
    try GradientChecker.check(layer: model, input: x)
  }

  /// `Sequential` runs a ReLU convolution followed by max pooling as one fused operation (one tape
  /// record instead of two). Its values must equal the two operations applied one after the other
  /// exactly (the same kernels compute them), and its gradients — ReLU mask and bias sum taken on
  /// the pooled gradient — must match theirs within 1e-5 relative (bias sums in another order).
  /// Negative biases make some windows all-negative (pooled value 0, no gradient); odd sizes leave
  /// an unpooled last row and column (zero gradient).
  @Test(arguments: [false, true])
  func fused_relu_convolution_and_max_pooling(_ transposed: Bool) throws {
    let layer: any Layer & _ConvolutionLayerType
    let x: Tensor
    if transposed {
      let t = try Conv2DTranspose(inChannels: 3, filters: 4, padding: .valid, activation: .relu, seed: 111)
      t.bias.value = try TestData.normal([4], seed: 112, scale: 0.5)
      (layer, x) = (t, try TestData.normal([2, 5, 5, 3], seed: 113))  // output 7×7 → pooled 3×3
    } else {
      let c = try Conv2D(inChannels: 3, filters: 4, padding: .same, activation: .relu, seed: 114)
      c.bias.value = try TestData.normal([4], seed: 115, scale: 0.5)
      (layer, x) = (c, try TestData.normal([2, 7, 7, 3], seed: 116))  // output 7×7 → pooled 3×3
    }
    let input = Parameter(x)
    let model = Sequential([layer, MaxPool2D()])
    let tape = Tape()

    func gradients(_ forward: () throws -> Tensor) throws -> (Tensor, Int, [[Float]]) {
      var records = 0
      var output = Tensor(0)
      let weights = try TestData.normal([2, 3, 3, 4], seed: 117)  // L = Σ w·y
      _ = try tape.backpropagate {
        output = try forward()
        records = tape.recordCount
        return (output * weights).sum()
      }
      let all = [input, layer.weight, layer.bias].map { $0.gradient?.scalars ?? [] }
      for p in [input, layer.weight, layer.bias] { p.gradient = nil }
      return (output, records, all)
    }
    let (fused, fusedRecords, fusedGradients) = try gradients { try model(input.value) }
    let (plain, plainRecords, plainGradients) = try gradients { try maxPool2D(layer(input.value)) }
    #expect(fusedRecords == plainRecords - 1)
    #expect(fused.shape == [2, 3, 3, 4])
    #expect(fused.scalars == plain.scalars)  // exact: the same kernels on the same data
    #expect(fused.scalars.contains(0) && fused.scalars.contains { $0 > 0 })
    for (a, b) in zip(fusedGradients, plainGradients) {
      #expect(a.count == b.count && !a.isEmpty)
      let scale = b.map { Swift.abs($0) }.max() ?? 0
      #expect(scale > 0)
      #expect(zip(a, b).allSatisfy { Swift.abs($0 - $1) <= 1e-5 * scale })
    }
  }

  @Test func convolution_shape_errors() throws {
    let x = try Tensor(zeros: [1, 4, 4, 2])
    #expect(throws: NeuralError.self) { try conv2d(Tensor(zeros: [4, 4, 2]), filter: Tensor(zeros: [3, 3, 2, 1]), padding: .same) }
    #expect(throws: NeuralError.self) { try conv2d(x, filter: Tensor(zeros: [3, 3, 3, 1]), padding: .same) }
    #expect(throws: NeuralError.self) { try conv2d(x, filter: Tensor(zeros: [3, 2, 2, 1]), padding: .same) }
    #expect(throws: NeuralError.self) { try conv2d(x, filter: Tensor(zeros: [5, 5, 2, 1]), padding: .valid) }
    #expect(throws: NeuralError.self) { try conv2dTranspose(x, filter: Tensor(zeros: [3, 3, 2, 1]), padding: .valid) }
    #expect(throws: NeuralError.self) { try maxPool2D(Tensor(zeros: [1, 1, 4, 2])) }
    #expect(throws: NeuralError.self) { try maxPool2D(Tensor(zeros: [4, 4])) }
    #expect(throws: NeuralError.self) { try upSampling2D(x, factor: 0) }
    #expect(throws: NeuralError.self) { try upSampling2D(Tensor(zeros: [2, 2])) }
    let layer = try Conv2D(inChannels: 3, filters: 1, seed: 1)
    #expect(throws: NeuralError.self) { try layer(x) }
    #expect(throws: NeuralError.self) { try Conv2D(inChannels: 1, filters: 0, seed: 1) }
    #expect(throws: NeuralError.self) { try Conv2DTranspose(inChannels: 1, filters: 1, kernelSize: 0, seed: 1) }
    #expect(throws: NeuralError.self) { try UpSampling2D(factor: 0) }
  }
}
