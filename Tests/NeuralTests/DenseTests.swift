import Testing

@testable import Neural

/// matmul, the fused bias + activation, Dense, Sequential and Glorot initialisation.
@Suite struct DenseTests {
  @Test func matmul_forward_matches_naive_product() throws {
    let a = try TestData.normal([5, 7], seed: 41)
    let b = try TestData.normal([7, 3], seed: 42)
    let c = try matmul(a, b)
    #expect(c.shape == [5, 3])
    let (av, bv, cv) = (a.scalars, b.scalars, c.scalars)
    for i in 0..<5 {
      for j in 0..<3 {
        var s = 0.0
        for p in 0..<7 { s += Double(av[i * 7 + p]) * Double(bv[p * 3 + j]) }
        #expect(Swift.abs(Double(cv[i * 3 + j]) - s) <= 1e-5 * max(1, Swift.abs(s)))
      }
    }
  }

  @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
  func matmul_gradients_with_transposes(_ ta: Bool, _ tb: Bool) throws {
    let a = try TestData.normal(ta ? [4, 3] : [3, 4], seed: 43)
    let b = try TestData.normal(tb ? [5, 4] : [4, 5], seed: 44)
    let c = try matmul(a, b, transposeA: ta, transposeB: tb)
    #expect(c.shape == [3, 5])
    try GradientChecker.check([a, b]) { try matmul($0[0], $0[1], transposeA: ta, transposeB: tb) }
  }

  /// Products of ≥ `_gemmSplitFlops` flops are cut into column blocks (n ≥ m) or row blocks over
  /// the BLAS threads (on a machine with one core they run whole; the values must not change).
  /// Forward and both gradients of `L = Σ R ⊙ op(A)·op(B)` against Double references, relative
  /// tolerance 1e-5 of the largest reference entry; n and m are not multiples of 16 (short last
  /// block).
  @Test(arguments: [(false, false), (true, false), (false, true), (true, true)], [false, true])
  func large_matmul_split_over_threads(_ transposes: (Bool, Bool), _ tall: Bool) throws {
    let (ta, tb) = transposes
    let (m, n, k) = tall ? (300, 100, 160) : (100, 300, 160)
    #expect(2 * m * n * k >= _gemmSplitFlops)
    let a = Parameter(try TestData.normal(ta ? [k, m] : [m, k], seed: 47))
    let b = Parameter(try TestData.normal(tb ? [n, k] : [k, n], seed: 48))
    let r = try TestData.normal([m, n], seed: 49)
    var c = Tensor(0)
    _ = try Tape().backpropagate {
      c = try matmul(a.value, b.value, transposeA: ta, transposeB: tb)
      return (c * r).sum()
    }
    let (av, bv, rv) = (a.value.scalars.map(Double.init), b.value.scalars.map(Double.init), r.scalars.map(Double.init))
    func opA(_ i: Int, _ p: Int) -> Double { ta ? av[p * m + i] : av[i * k + p] }
    func opB(_ p: Int, _ j: Int) -> Double { tb ? bv[j * k + p] : bv[p * n + j] }
    var cRef = [Double](repeating: 0, count: m * n)
    var daRef = [Double](repeating: 0, count: m * k)  // stored layout of A
    var dbRef = [Double](repeating: 0, count: k * n)  // stored layout of B
    for i in 0..<m {
      for j in 0..<n {
        let rij = rv[i * n + j]
        var s = 0.0
        for p in 0..<k {
          let (x, y) = (opA(i, p), opB(p, j))
          s += x * y
          daRef[ta ? p * m + i : i * k + p] += rij * y
          dbRef[tb ? j * k + p : p * n + j] += rij * x
        }
        cRef[i * n + j] = s
      }
    }
    func close(_ got: [Float], _ want: [Double]) -> Bool {
      let scale = want.map { Swift.abs($0) }.max() ?? 0
      return got.count == want.count && zip(got, want).allSatisfy { Swift.abs(Double($0) - $1) <= 1e-5 * scale }
    }
    #expect(close(c.scalars, cRef))
    #expect(close(try #require(a.gradient).scalars, daRef))
    #expect(close(try #require(b.gradient).scalars, dbRef))
  }

  @Test func matmul_of_rank_3_and_value_used_twice() throws {
    let a = try TestData.normal([2, 3, 4], seed: 45)
    let b = try TestData.normal([4, 4], seed: 46)
    #expect(try matmul(a, b).shape == [2, 3, 4])
    try GradientChecker.check([a, b]) { try matmul($0[0], $0[1]) }
    // b used twice: a·b·b.
    try GradientChecker.check([a, b]) { try matmul(matmul($0[0], $0[1]), $0[1]) }
  }

  @Test func matmul_rejects_mismatched_shapes() throws {
    let a = try Tensor(zeros: [2, 3])
    #expect(throws: NeuralError.self) { try matmul(a, Tensor(zeros: [4, 2])) }
    #expect(throws: NeuralError.self) { try matmul(a, Tensor(zeros: [3])) }
    #expect(throws: NeuralError.self) { try matmul(Tensor(zeros: [3]), Tensor(zeros: [3, 1])) }
    #expect(throws: NeuralError.self) {
      try matmul(Tensor(zeros: [2, 2, 3]), Tensor(zeros: [3, 1]), transposeA: true)
    }
  }

  @Test(arguments: Activation.allCases)
  func dense_gradients_for_each_activation(_ activation: Activation) throws {
    let layer = try Dense(inputSize: 4, outputSize: 3, activation: activation, seed: 47)
    // Non-zero biases so the bias gradient is tested away from the origin.
    layer.bias.value = try TestData.normal([3], seed: 48, scale: 0.5)
    // For relu, use the first seeded input whose pre-activations keep |z| > 0.05 from the kink,
    // so the finite-difference step (1e-2) never crosses it.
    var x = try TestData.normal([5, 4], seed: 49)
    if activation == .relu {
      var seed: UInt64 = 49
      while try (matmul(x, layer.weight.value) + layer.bias.value).scalars.contains(where: { Swift.abs($0) <= 0.05 }) {
        seed += 1
        x = try TestData.normal([5, 4], seed: seed)
      }
      #expect(seed < 200)
    }
    try GradientChecker.check(layer: layer, input: x)
  }

  @Test func fused_bias_activation_matches_composed_ops() throws {
    let z = try TestData.normal([6, 5], seed: 50)
    let b = try TestData.normal([5], seed: 51)
    for f in Activation.allCases {
      let fused = Tensor._biasActivation(z, bias: b, f).scalars
      let composed = f(z + b).scalars
      for (u, v) in zip(fused, composed) { #expect(Swift.abs(u - v) <= 1e-6, "\(f)") }
      try GradientChecker.check([z, b]) { Tensor._biasActivation($0[0], bias: $0[1], f) }
    }
  }

  @Test func dense_rejects_wrong_input_and_sizes() throws {
    let layer = try Dense(inputSize: 4, outputSize: 2, seed: 1)
    #expect(throws: NeuralError.self) { try layer(Tensor(zeros: [3, 5])) }
    #expect(throws: NeuralError.self) { try layer(Tensor(zeros: [4])) }
    #expect(throws: NeuralError.self) { try Dense(inputSize: 0, outputSize: 2, seed: 1) }
  }

  @Test func glorot_uniform_bounds_and_reproducibility() throws {
    let a = try Dense(inputSize: 300, outputSize: 100, seed: 5)
    let b = try Dense(inputSize: 300, outputSize: 100, seed: 5)
    let c = try Dense(inputSize: 300, outputSize: 100, seed: 6)
    let limit = (6.0 / 400.0).squareRoot()
    let w = a.weight.value.scalars
    #expect(w == b.weight.value.scalars)
    #expect(w != c.weight.value.scalars)
    #expect(w.allSatisfy { Swift.abs(Double($0)) <= limit })
    // Variance of U(−l, l) is l²/3; 30,000 samples: relative standard error ≈ 0.8 %; allow 5 %.
    let variance = w.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(w.count)
    #expect(Swift.abs(variance / (limit * limit / 3) - 1) < 0.05)
    #expect(a.bias.value.scalars.allSatisfy { $0 == 0 })
  }

  @Test func sequential_chains_layers_and_names_parameters() throws {
    let model = Sequential([
      try Dense(inputSize: 3, outputSize: 4, activation: .tanh, seed: 1),
      Activation.relu,
      try Dense(inputSize: 4, outputSize: 2, seed: 2),
    ])
    #expect(model.namedParameters.map(\.name) == ["0.weight", "0.bias", "2.weight", "2.bias"])
    #expect(model.parameterCount == 3 * 4 + 4 + 4 * 2 + 2)
    let x = try TestData.normal([2, 3], seed: 3)
    #expect(try model(x).shape == [2, 2])
    let tanhOnly = Sequential([try Dense(inputSize: 3, outputSize: 2, activation: .tanh, seed: 4)])
    try GradientChecker.check(layer: tanhOnly, input: x)
    #expect(throws: NeuralError.self) { try model(Tensor(zeros: [2, 4])) }
  }

  @Test func flatten_and_reshape_layers() throws {
    let x = try TestData.normal([2, 3, 4], seed: 52)
    #expect(try Flatten()(x).shape == [2, 12])
    #expect(try Reshape([4, 3])(x).shape == [2, 4, 3])
    #expect(throws: NeuralError.self) { try Reshape([5])(x) }
    #expect(throws: NeuralError.self) { try Reshape([0, 2]) }
    try GradientChecker.check([x]) { try Reshape([12])($0[0]) * Flatten()($0[0]) }
  }
}
