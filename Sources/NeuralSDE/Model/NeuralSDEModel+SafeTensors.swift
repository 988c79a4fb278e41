import Neural

// A model file: Neural's `Checkpoint` of the parameters (F32 tensors named as `namedParameters`,
// "drift.1.weight", …) with the configuration as metadata, so `load(from:)` rebuilds the same
// networks.

extension NeuralSDEModel {
  static let fileFormat = "diffeq.neuralsde.model.v1"

  /// Writes the parameters and the configuration to a safetensors file (atomically).
  ///
  /// The file is a Neural ``Neural/Checkpoint`` (readable by the `safetensors` packages) with
  /// metadata keys `neuralsde.format`, `neuralsde.observedDimension`, `neuralsde.order`,
  /// `neuralsde.noiseDimension`, `neuralsde.isStructured`, `neuralsde.hiddenWidths`
  /// (comma-separated), `neuralsde.hiddenActivation`, `neuralsde.outputActivation`,
  /// `neuralsde.seed`.
  /// - Throws: `CheckpointError` when the file cannot be written.
  public func save(to path: String) throws {
    let c = configuration
    let metadata = [
      "format": Self.fileFormat,
      "observedDimension": "\(c.observedDimension)", "order": "\(c.order)",
      "noiseDimension": "\(c.noiseDimension)", "isStructured": "\(c.isStructured)",
      "hiddenWidths": c.resolvedHiddenWidths.map(String.init).joined(separator: ","),
      "hiddenActivation": "\(c.hiddenActivation)", "outputActivation": "\(c.outputActivation)",
      "seed": "\(c.seed)",
    ]
    try Checkpoint.save(
      namedParameters, metadata: Dictionary(uniqueKeysWithValues: metadata.map { ("neuralsde." + $0, $1) }),
      to: path)
  }

  /// Reads a model written by ``save(to:)``.
  ///
  /// - Throws: `CheckpointError` for an unreadable or corrupt file or a missing or mis-shaped
  ///   tensor, `NeuralError` for unexpected tensors; ``NeuralSDEError/checkpointMismatch(key:expected:actual:)`` when the metadata do not
  ///   describe a model.
  public static func load(from path: String) throws -> NeuralSDEModel {
    let file = try SafeTensorsFile.read(from: path)
    let m = file.metadata
    func field(_ key: String) throws -> String {
      guard let v = m["neuralsde." + key] else {
        throw NeuralSDEError.checkpointMismatch(key: "metadata 'neuralsde.\(key)'", expected: "present", actual: "missing")
      }
      return v
    }
    func integer(_ key: String) throws -> Int {
      let text = try field(key)
      guard let v = Int(text) else {
        throw NeuralSDEError.checkpointMismatch(key: "metadata 'neuralsde.\(key)'", expected: "an integer", actual: text)
      }
      return v
    }
    func activation(_ key: String) throws -> Activation {
      let text = try field(key)
      guard let a = Activation.allCases.first(where: { "\($0)" == text }) else {
        throw NeuralSDEError.checkpointMismatch(
          key: "metadata 'neuralsde.\(key)'", expected: "one of \(Activation.allCases.map { "\($0)" })", actual: text)
      }
      return a
    }
    let format = try field("format")
    guard format == fileFormat else {
      throw NeuralSDEError.checkpointMismatch(key: "metadata 'neuralsde.format'", expected: fileFormat, actual: format)
    }
    let widthsText = try field("hiddenWidths")
    let widths = widthsText.split(separator: ",").compactMap { Int($0) }
    guard let seed = UInt64(try field("seed")) else {
      throw NeuralSDEError.checkpointMismatch(key: "metadata 'neuralsde.seed'", expected: "an unsigned integer", actual: m["neuralsde.seed"] ?? "")
    }
    let configuration = Configuration(
      observedDimension: try integer("observedDimension"), order: try integer("order"),
      noiseDimension: try integer("noiseDimension"), isStructured: try field("isStructured") == "true",
      hiddenWidths: widths, hiddenActivation: try activation("hiddenActivation"),
      outputActivation: try activation("outputActivation"), seed: seed)
    let model = try NeuralSDEModel(configuration)
    try Checkpoint.restore(model.namedParameters, from: file)
    return model
  }
}
