/// Glorot (Xavier) uniform initial weights, Keras' default: `U(−l, l)` with `l = √(6/(fanIn + fanOut))`
/// (Glorot & Bengio 2010, "Understanding the difficulty of training deep feedforward neural
/// networks"). For convolution kernels the fans include the receptive field:
/// `fanIn = kh·kw·inChannels`, `fanOut = kh·kw·outChannels`.
func _glorotUniform(shape: [Int], fanIn: Int, fanOut: Int, seed: UInt64) -> Tensor {
  var g = SeededGenerator(seed: seed)
  let limit = (6 / Float(max(fanIn + fanOut, 1))).squareRoot()
  let t = Tensor(uninitializedShape: shape)
  let p = t.pointer
  for i in 0..<t.count { p[i] = (2 * g.nextUnitFloat() - 1) * limit }
  return t
}

/// Throws unless every size is ≥ 1.
func _requirePositive(_ values: [(String, Int)], in operation: String) throws {
  for (name, v) in values where v < 1 {
    throw NeuralError.invalidArgument(operation: operation, reason: "\(name) must be ≥ 1, got \(v)")
  }
}
