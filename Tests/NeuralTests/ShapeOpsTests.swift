import Testing

@testable import Neural

/// Reductions, reshape, slice, split and concatenation: values, gradients and errors.
@Suite struct ShapeOpsTests {
  @Test func reductions_forward_values() throws {
    let x = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    #expect(x.sum().scalar == 21)
    #expect(x.sum().shape == [])
    #expect(x.mean().scalar == 3.5)
    #expect(try x.sum(alongAxes: [0]).scalars == [5, 7, 9])
    #expect(try x.sum(alongAxes: [1]).scalars == [6, 15])
    #expect(try x.sum(alongAxes: [-1], keepingDimensions: true).shape == [2, 1])
    #expect(try x.mean(alongAxes: [0, 1]).scalars == [3.5])
    #expect(try x.mean(alongAxes: [1]).scalars == [2, 5])
  }

  @Test func empty_tensors_flow_through_operations() throws {
    let e = try Tensor(zeros: [0, 3])
    let row = try Tensor(shape: [3], scalars: [1, 2, 3])
    #expect((e + row).shape == [0, 3])
    #expect(exp(e * 2).count == 0)
    #expect(e.sum().scalar == 0)
    #expect(try e.sum(alongAxes: [0]).scalars == [0, 0, 0])
    #expect(try matmul(e, Tensor(zeros: [3, 2])).shape == [0, 2])
    #expect(try Tensor.concatenate([e, row.reshaped(to: [1, 3])], alongAxis: 0).scalars == [1, 2, 3])
    let w = Parameter(row)
    let tape = Tape()
    _ = try tape.backpropagate { (e + w.value).sum() + w.value.sum() }
    #expect(w.gradient?.scalars == [1, 1, 1])
  }

  @Test func reduction_gradients() throws {
    let x = try TestData.normal([2, 3, 4], seed: 21)
    try GradientChecker.check([x]) { $0[0].sum() }
    try GradientChecker.check([x]) { $0[0].mean() }
    try GradientChecker.check([x]) { try $0[0].sum(alongAxes: [1]) }
    try GradientChecker.check([x]) { try $0[0].sum(alongAxes: [0, 2], keepingDimensions: true) }
    try GradientChecker.check([x]) { try $0[0].mean(alongAxes: [-1]) }
    try GradientChecker.check([x]) { try $0[0].mean(alongAxes: [0, 1, 2]) }
    // A reduction used together with its input (value used twice, broadcast back).
    try GradientChecker.check([x]) { $0[0] * (try $0[0].mean(alongAxes: [2], keepingDimensions: true)) }
  }

  @Test func reduction_rejects_bad_axes() throws {
    let x = try Tensor(zeros: [2, 3])
    #expect(throws: NeuralError.self) { try x.sum(alongAxes: [2]) }
    #expect(throws: NeuralError.self) { try x.mean(alongAxes: [-3]) }
    #expect(throws: NeuralError.self) { try x.sum(alongAxes: [1, -1]) }
  }

  @Test func reshape_flatten_values_and_gradients() throws {
    let x = try TestData.normal([2, 3, 4], seed: 22)
    #expect(try x.reshaped(to: [6, -1]).shape == [6, 4])
    #expect(try x.reshaped(to: [4, 6]).scalars == x.scalars)
    #expect(try x.flattened().shape == [2, 12])
    try GradientChecker.check([x]) { try square($0[0].reshaped(to: [4, 6])) }
    try GradientChecker.check([x]) { try $0[0].flattened() * $0[0].reshaped(to: [2, 12]) }
  }

  @Test func reshape_rejects_bad_shapes() throws {
    let x = try Tensor(zeros: [2, 3])
    #expect(throws: NeuralError.self) { try x.reshaped(to: [4]) }
    #expect(throws: NeuralError.self) { try x.reshaped(to: [-1, -1]) }
    #expect(throws: NeuralError.self) { try x.reshaped(to: [-1, 4]) }
    #expect(throws: NeuralError.self) { try x.reshaped(to: [-2, -3]) }
    #expect(throws: NeuralError.self) { try Tensor(3).flattened() }
  }

  @Test func slice_split_concatenate_values() throws {
    let x = try Tensor(shape: [2, 4], scalars: [0, 1, 2, 3, 4, 5, 6, 7])
    #expect(try x.sliced(alongAxis: 1, range: 1..<3).scalars == [1, 2, 5, 6])
    #expect(try x.sliced(alongAxis: 0, range: 1..<2).scalars == [4, 5, 6, 7])
    let parts = try x.split(sizes: [1, 3], alongAxis: -1)
    #expect(parts.map(\.shape) == [[2, 1], [2, 3]])
    #expect(parts[1].scalars == [1, 2, 3, 5, 6, 7])
    let joined = try Tensor.concatenate(parts.reversed(), alongAxis: 1)
    #expect(joined.scalars == [1, 2, 3, 0, 5, 6, 7, 4])
    let stacked = try Tensor.concatenate([x, x], alongAxis: 0)
    #expect(stacked.shape == [4, 4])
  }

  @Test func slice_split_concatenate_gradients() throws {
    let x = try TestData.normal([2, 5, 3], seed: 23)
    let y = try TestData.normal([2, 2, 3], seed: 24)
    try GradientChecker.check([x]) { try $0[0].sliced(alongAxis: 1, range: 1..<4) }
    try GradientChecker.check([x]) {
      let p = try $0[0].split(sizes: [2, 3], alongAxis: 1)
      return try Tensor.concatenate([p[1], p[0] * p[0]], alongAxis: 1)
    }
    try GradientChecker.check([x, y]) { try Tensor.concatenate([$0[0], $0[1], $0[0]], alongAxis: 1) }
    try GradientChecker.check([x, y]) {
      try Tensor.concatenate([$0[0].sliced(alongAxis: 1, range: 0..<2), $0[1]], alongAxis: -1)
    }
  }

  @Test func slice_split_concatenate_reject_bad_arguments() throws {
    let x = try Tensor(zeros: [2, 4])
    #expect(throws: NeuralError.self) { try x.sliced(alongAxis: 1, range: 2..<5) }
    #expect(throws: NeuralError.self) { try x.sliced(alongAxis: 2, range: 0..<1) }
    #expect(throws: NeuralError.self) { try x.split(sizes: [1, 2], alongAxis: 1) }
    #expect(throws: NeuralError.self) { try Tensor.concatenate([], alongAxis: 0) }
    #expect(throws: NeuralError.self) {
      try Tensor.concatenate([x, Tensor(zeros: [3, 4])], alongAxis: 1)
    }
    #expect(throws: NeuralError.self) {
      try Tensor.concatenate([x, Tensor(zeros: [2, 4, 1])], alongAxis: 0)
    }
  }
}
