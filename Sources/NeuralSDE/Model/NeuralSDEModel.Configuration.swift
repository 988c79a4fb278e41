import Neural

extension NeuralSDEModel {
  /// The shape and architecture of a neural SDE `dZ = μ(Z) dt + σ(Z) dW`.
  ///
  /// The state is `Z ∈ R^{M×d}`, stored flat as `M·d` values row by row: row 0 is the observed
  /// state `x ∈ Rᵈ`, row `l` its `l`-th derivative (supplied with the data or built empirically,
  /// see ``DerivativeSource``). `W ∈ Rⁿ` has `n` independent Brownian components.
  ///
  /// Both networks are `Flatten → Dense(w₁, f) → … → Dense(wₖ, f) → Dense(out, g)` with hidden
  /// widths ``hiddenWidths`` (default `[20M, 20M]`), hidden activation `f` (default `tanh`) and
  /// output activation `g` (default identity). The output is linear by default because a `tanh`
  /// output bounds every drift component to `(−1, 1)`: a drift larger than 1 anywhere the data go
  /// (already `|μ| ≈ 1` on the unit circle of the SDE ball) cannot be represented. The original
  /// work used `tanh`; pass `outputActivation: .tanh` to reproduce it.
  ///
  /// With ``isStructured`` (`M ≥ 2`) rows `0 … M−2` of the drift are fixed to the next row
  /// (`dx = x′ dt`, as in ODE²VAE) and the drift network outputs only the last row (`d` values);
  /// the diffusion then also acts on the last row only (`d × n` values, the other rows are zero).
  public struct Configuration: Sendable, Equatable {
    /// The observed dimension `d ≥ 1`.
    public var observedDimension: Int
    /// The order `M ≥ 1` (state rows).
    public var order: Int
    /// The number of Brownian components `n ≥ 1`.
    public var noiseDimension: Int
    /// Fix rows `0 … M−2` of the drift to the next row (requires `M ≥ 2`).
    public var isStructured: Bool
    /// Hidden layer widths (each `≥ 1`, at least one layer); `nil` means `[20M, 20M]`.
    public var hiddenWidths: [Int]?
    /// The hidden activation (default `tanh`).
    public var hiddenActivation: Activation
    /// The drift network's output activation (default identity; see the type's discussion).
    public var outputActivation: Activation
    /// The seed of the Glorot-uniform initial weights (the drift and diffusion networks draw from
    /// streams derived from it).
    public var seed: UInt64

    /// Creates a configuration; ``validate()`` checks it (``NeuralSDEModel/init(_:)`` calls it).
    public init(
      observedDimension: Int, order: Int = 1, noiseDimension: Int = 1, isStructured: Bool = false,
      hiddenWidths: [Int]? = nil, hiddenActivation: Activation = .tanh,
      outputActivation: Activation = .identity, seed: UInt64 = 0
    ) {
      self.observedDimension = observedDimension
      self.order = order
      self.noiseDimension = noiseDimension
      self.isStructured = isStructured
      self.hiddenWidths = hiddenWidths
      self.hiddenActivation = hiddenActivation
      self.outputActivation = outputActivation
      self.seed = seed
    }

    /// The flat state dimension `D = M·d`.
    public var stateDimension: Int { order * observedDimension }

    /// The rows the networks output: `D` (or `d` when structured).
    public var learnedDimension: Int { isStructured ? observedDimension : stateDimension }

    /// The hidden widths in use (``hiddenWidths`` or `[20M, 20M]`).
    public var resolvedHiddenWidths: [Int] { hiddenWidths ?? [20 * order, 20 * order] }

    /// Checks every field.
    ///
    /// - Throws: ``NeuralSDEError/invalidConfiguration(parameter:value:expected:)`` naming the
    ///   first field out of range.
    public func validate() throws {
      func bad(_ p: String, _ v: Any, _ e: String) -> NeuralSDEError {
        .invalidConfiguration(parameter: "model.\(p)", value: "\(v)", expected: e)
      }
      guard observedDimension >= 1 else { throw bad("observedDimension", observedDimension, "d ≥ 1") }
      guard order >= 1 else { throw bad("order", order, "M ≥ 1") }
      guard noiseDimension >= 1 else { throw bad("noiseDimension", noiseDimension, "n ≥ 1") }
      if isStructured && order < 2 {
        throw bad("isStructured", true, "order M ≥ 2 for the structured drift (got M = \(order))")
      }
      let widths = resolvedHiddenWidths
      guard !widths.isEmpty, widths.allSatisfy({ $0 >= 1 }) else {
        throw bad("hiddenWidths", widths, "at least one hidden layer, every width ≥ 1")
      }
    }

    /// A one-line text form, stored in checkpoints to check that a resume matches.
    var fingerprint: String {
      "d=\(observedDimension) M=\(order) n=\(noiseDimension) structured=\(isStructured) "
        + "hidden=\(resolvedHiddenWidths) f=\(hiddenActivation) g=\(outputActivation) seed=\(seed)"
    }
  }
}
