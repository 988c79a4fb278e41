import Neural

/// A neural SDE `dZ = μ(Z) dt + σ(Z) dW` on the state `Z ∈ R^{M×d}` (flat `D = M·d`), with
/// `W ∈ Rⁿ`: a drift network `μ: R^D → R^D` and a diffusion network `σ: R^D → R^{D×n}`.
///
/// See ``Configuration`` for the state layout, the architecture and the structured option. The
/// model is autonomous (no time input). Both networks are ``Neural/Sequential`` chains whose
/// parameters an optimizer updates in place; ``save(to:)`` and ``load(from:)`` store them (with the
/// configuration) as safetensors.
///
/// ```swift
/// let model = try NeuralSDEModel(.init(observedDimension: 2, noiseDimension: 1, seed: 7))
/// let mu = try model.drift(z)          // z: [batch, 2] → [batch, 2]
/// let sigma = try model.diffusion(z)   // → [batch, 2, 1]
/// ```
///
/// With `n` Brownian motions, `σ` is identifiable from data only up to `σσᵀ` (any `σQ` with `Q`
/// orthogonal gives the same law): compare and report ``diffusionCovariance(at:)``.
public final class NeuralSDEModel {
  /// The shape and architecture.
  public let configuration: Configuration
  /// `μ` (or its last row when structured): `[batch, D] → [batch, D]` (`[batch, d]`).
  public let driftNetwork: Sequential
  /// `σ` (or its last row block when structured): `[batch, D] → [batch, D·n]` (`[batch, d·n]`).
  public let diffusionNetwork: Sequential
  let driftLayers: [Dense]
  let diffusionLayers: [Dense]

  /// Creates the networks with Glorot-uniform weights drawn from the configuration's seed.
  ///
  /// - Throws: ``NeuralSDEError/invalidConfiguration(parameter:value:expected:)`` for an invalid
  ///   configuration.
  public init(_ configuration: Configuration) throws {
    try configuration.validate()
    self.configuration = configuration
    let D = configuration.stateDimension
    let L = configuration.learnedDimension
    let widths = configuration.resolvedHiddenWidths
    func build(out: Int, outputActivation: Activation, stream: UInt64) throws -> [Dense] {
      var layers: [Dense] = []
      var input = D
      for (i, w) in widths.enumerated() {
        layers.append(
          try Dense(
            inputSize: input, outputSize: w, activation: configuration.hiddenActivation,
            seed: _derivedSeed(configuration.seed, stream, UInt64(i))))
        input = w
      }
      layers.append(
        try Dense(
          inputSize: input, outputSize: out, activation: outputActivation,
          seed: _derivedSeed(configuration.seed, stream, UInt64(widths.count))))
      return layers
    }
    driftLayers = try build(out: L, outputActivation: configuration.outputActivation, stream: 1)
    diffusionLayers = try build(
      out: L * configuration.noiseDimension, outputActivation: .identity, stream: 2)
    driftNetwork = Sequential([Flatten()] + driftLayers)
    diffusionNetwork = Sequential([Flatten()] + diffusionLayers)
  }

  /// The drift `μ(Z)`, recorded when a tape is recording.
  ///
  /// - Parameter z: `[batch, D]` or `[batch, M, d]`.
  /// - Returns: `[batch, D]`; when structured, `[Z rows 1…M−1, network(Z)]`.
  /// - Throws: ``NeuralSDEError/dimensionMismatch(what:expected:actual:)`` when the state
  ///   dimension is not `D`.
  /// - Complexity: one network evaluation, `O(batch · Σ wᵢwᵢ₊₁)`.
  public func drift(_ z: Tensor) throws -> Tensor {
    let x = try flatState(z)
    let out = try Self.apply(driftLayers, x)
    guard configuration.isStructured else { return out }
    let d = configuration.observedDimension
    let shift = try x.sliced(alongAxis: 1, range: d..<configuration.stateDimension)
    return try Tensor.concatenate([shift, out], alongAxis: 1)
  }

  /// The diffusion `σ(Z)`, recorded when a tape is recording.
  ///
  /// - Parameter z: `[batch, D]` or `[batch, M, d]`.
  /// - Returns: `[batch, D, n]`, `σ[b, i, j]` the coefficient of `dWⱼ` in `dZᵢ`; when structured,
  ///   rows `0 … D−d−1` are zero.
  /// - Throws: ``NeuralSDEError/dimensionMismatch(what:expected:actual:)`` when the state
  ///   dimension is not `D`.
  public func diffusion(_ z: Tensor) throws -> Tensor {
    let x = try flatState(z)
    let batch = x.shape[0]
    let n = configuration.noiseDimension
    let L = configuration.learnedDimension
    let out = try Self.apply(diffusionLayers, x).reshaped(to: [batch, L, n])
    guard configuration.isStructured else { return out }
    let zeros = try Tensor(zeros: [batch, configuration.stateDimension - L, n])
    return try Tensor.concatenate([zeros, out], alongAxis: 1)
  }

  /// The drift network's parameters.
  public var driftParameters: [Parameter] { driftNetwork.parameters }
  /// The diffusion network's parameters.
  public var diffusionParameters: [Parameter] { diffusionNetwork.parameters }

  /// Every parameter with a stable name: `"drift.<layer>.weight"`, `"diffusion.<layer>.bias"`, ….
  public var namedParameters: [(name: String, parameter: Parameter)] {
    driftNetwork.namedParameters.map { ("drift." + $0.name, $0.parameter) }
      + diffusionNetwork.namedParameters.map { ("diffusion." + $0.name, $0.parameter) }
  }

  /// The dense layers in order (the networks' `Flatten` is a no-op on the flat `[batch, D]`
  /// states, so it is skipped and records nothing).
  static func apply(_ layers: [Dense], _ x: Tensor) throws -> Tensor {
    var y = x
    for layer in layers { y = try layer(y) }
    return y
  }

  /// `z` as `[batch, D]`, or a dimension error.
  func flatState(_ z: Tensor) throws -> Tensor {
    let D = configuration.stateDimension
    guard z.rank >= 2 else {
      throw NeuralSDEError.dimensionMismatch(what: "state tensor rank", expected: 2, actual: z.rank)
    }
    let x = z.rank == 2 ? z : try z.flattened()
    guard x.shape[1] == D else {
      throw NeuralSDEError.dimensionMismatch(
        what: "state dimension M·d of a [batch, M·d] tensor", expected: D, actual: x.shape[1])
    }
    return x
  }
}

/// A seed for stream `(a, b)` derived from `seed` (SplitMix64 finaliser of a mixed key), so the
/// networks, layers and epochs of one run draw from unrelated streams.
func _derivedSeed(_ seed: UInt64, _ a: UInt64, _ b: UInt64 = 0) -> UInt64 {
  var z = seed &+ 0x9E37_79B9_7F4A_7C15 &* (a &+ 1) &+ 0xD1B5_4A32_D192_ED03 &* (b &+ 1)
  z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
  z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
  return z ^ (z >> 31)
}
