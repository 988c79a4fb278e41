import Neural

// A model file: the parameters as F32 tensors named as `namedParameters` ("drift.1.weight", …)
// and the configuration as metadata, so `load(from:)` rebuilds the same networks.

extension NeuralSDEModel {
  static let fileFormat = "diffeq.neuralsde.model.v1"

  /// Writes the parameters and the configuration to a safetensors file (atomically).
  ///
  /// Metadata keys: `format`, `observedDimension`, `order`, `noiseDimension`, `isStructured`,
  /// `hiddenWidths` (comma-separated), `hiddenActivation`, `outputActivation`, `seed`.
  /// - Throws: `CheckpointError` when the file cannot be written.
  public func save(to path: String) throws {
    var tensors: [String: SafeTensor] = [:]
    for (name, p) in namedParameters {
      tensors[name] = try SafeTensor(float32: p.value.scalars, shape: p.shape)
    }
    let c = configuration
    let metadata = [
      "format": Self.fileFormat,
      "observedDimension": "\(c.observedDimension)", "order": "\(c.order)",
      "noiseDimension": "\(c.noiseDimension)", "isStructured": "\(c.isStructured)",
      "hiddenWidths": c.resolvedHiddenWidths.map(String.init).joined(separator: ","),
      "hiddenActivation": "\(c.hiddenActivation)", "outputActivation": "\(c.outputActivation)",
      "seed": "\(c.seed)",
    ]
    try SafeTensorsFile(tensors: tensors, metadata: metadata).write(to: path)
  }

  /// Reads a model written by ``save(to:)``.
  ///
  /// - Throws: `CheckpointError` for an unreadable or corrupt file or a missing or mis-shaped
  ///   tensor; ``NeuralSDEError/checkpointMismatch(key:expected:actual:)`` when the metadata do not
  ///   describe a model.
  public static func load(from path: String) throws -> NeuralSDEModel {
    let file = try SafeTensorsFile.read(from: path)
    let m = file.metadata
    func field(_ key: String) throws -> String {
      guard let v = m[key] else {
        throw NeuralSDEError.checkpointMismatch(key: "metadata '\(key)'", expected: "present", actual: "missing")
      }
      return v
    }
    func integer(_ key: String) throws -> Int {
      let text = try field(key)
      guard let v = Int(text) else {
        throw NeuralSDEError.checkpointMismatch(key: "metadata '\(key)'", expected: "an integer", actual: text)
      }
      return v
    }
    func activation(_ key: String) throws -> Activation {
      let text = try field(key)
      guard let a = Activation.allCases.first(where: { "\($0)" == text }) else {
        throw NeuralSDEError.checkpointMismatch(
          key: "metadata '\(key)'", expected: "one of \(Activation.allCases.map { "\($0)" })", actual: text)
      }
      return a
    }
    let format = try field("format")
    guard format == fileFormat else {
      throw NeuralSDEError.checkpointMismatch(key: "metadata 'format'", expected: fileFormat, actual: format)
    }
    let widthsText = try field("hiddenWidths")
    let widths = widthsText.split(separator: ",").compactMap { Int($0) }
    guard let seed = UInt64(try field("seed")) else {
      throw NeuralSDEError.checkpointMismatch(key: "metadata 'seed'", expected: "an unsigned integer", actual: m["seed"] ?? "")
    }
    let configuration = Configuration(
      observedDimension: try integer("observedDimension"), order: try integer("order"),
      noiseDimension: try integer("noiseDimension"), isStructured: try field("isStructured") == "true",
      hiddenWidths: widths, hiddenActivation: try activation("hiddenActivation"),
      outputActivation: try activation("outputActivation"), seed: seed)
    let model = try NeuralSDEModel(configuration)
    for (name, p) in model.namedParameters {
      p.value = try Tensor(shape: p.shape, scalars: try file.floats(name, shape: p.shape))
    }
    return model
  }
}
