/// Saving and restoring trained parameters and optimizer state as safetensors files.
///
/// A checkpoint is a ``SafeTensorsFile`` (readable by PyTorch's and JAX's `safetensors` packages)
/// with these entries, all little-endian:
///
/// | name | dtype, shape | content |
/// |---|---|---|
/// | `<parameter name>` (e.g. `0.weight`) | F32, the parameter's shape | the value |
/// | `optimizer.<parameter name>.<slot>` (e.g. `optimizer.0.weight.m`) | F32, the parameter's shape | optimizer state (Adam: `m`, `v`; SGD with momentum: `velocity`) |
/// | `optimizer.step_count` | I64, `[]` | steps taken |
/// | `optimizer.learning_rate` | F32, `[]` | the base learning rate |
///
/// and metadata `format = diffeq.neural`, `optimizer = <type name>` plus any caller metadata.
/// Writes are atomic (temporary file, `fsync`, rename). Loading validates the whole file, then
/// checks every name, dtype and shape before changing anything, so a failed load leaves the model
/// and optimizer untouched. Values round-trip bit-exactly.
public enum Checkpoint {
  /// The metadata key and value identifying checkpoints written here.
  public static let formatKey = "format"
  /// The value of ``formatKey``.
  public static let formatValue = "diffeq.neural"

  /// Writes `parameters` (and `optimizer`'s state for them) to `path` atomically.
  ///
  /// - Parameters:
  ///   - parameters: unique names with their parameters, e.g. `model.namedParameters`.
  ///   - optimizer: include its state and step count when given.
  ///   - metadata: extra string metadata (for example the epoch); keys `format` and `optimizer`
  ///     are reserved.
  ///   - path: the file; its directory must exist.
  /// - Throws: ``NeuralError/invalidArgument(operation:reason:)`` for duplicate or reserved names;
  ///   ``CheckpointError/writeFailed(path:reason:)`` when the file cannot be written (a previous file
  ///   at `path` is then unchanged).
  public static func save(
    _ parameters: [(name: String, parameter: Parameter)], optimizer: (any Optimizer)? = nil,
    metadata: [String: String] = [:], to path: String
  ) throws {
    try file(parameters, optimizer: optimizer, metadata: metadata).write(to: path)
  }

  /// Writes a model's parameters (and `optimizer`'s state) to `path` atomically; see
  /// ``save(_:optimizer:metadata:to:)``.
  public static func save(
    _ model: some Layer, optimizer: (any Optimizer)? = nil, metadata: [String: String] = [:],
    to path: String
  ) throws {
    try save(model.namedParameters, optimizer: optimizer, metadata: metadata, to: path)
  }

  /// Reads `path` and restores `parameters` (and `optimizer`), returning the file's metadata.
  ///
  /// - Parameter strict: when true (default), tensors in the file that belong to no given
  ///   parameter are an error (they indicate a different model).
  /// - Throws: ``CheckpointError`` for an unreadable, truncated or corrupt file, a missing tensor,
  ///   or a dtype or shape that differs from the parameter's; ``NeuralError/invalidArgument(operation:reason:)``
  ///   for unexpected tensors (strict), optimizer state of another optimizer type, or duplicate
  ///   names. Nothing is changed when it throws.
  @discardableResult
  public static func load(
    _ parameters: [(name: String, parameter: Parameter)], optimizer: (any Optimizer)? = nil,
    from path: String, strict: Bool = true
  ) throws -> [String: String] {
    let f = try SafeTensorsFile.read(from: path)
    try restore(parameters, optimizer: optimizer, from: f, strict: strict)
    return f.metadata
  }

  /// Reads `path` into a model's parameters (and `optimizer`); see ``load(_:optimizer:from:strict:)``.
  @discardableResult
  public static func load(
    into model: some Layer, optimizer: (any Optimizer)? = nil, from path: String,
    strict: Bool = true
  ) throws -> [String: String] {
    try load(model.namedParameters, optimizer: optimizer, from: path, strict: strict)
  }

  /// The checkpoint contents for `parameters` and `optimizer`, in memory.
  ///
  /// - Throws: ``NeuralError/invalidArgument(operation:reason:)`` for duplicate or reserved names.
  public static func file(
    _ parameters: [(name: String, parameter: Parameter)], optimizer: (any Optimizer)? = nil,
    metadata: [String: String] = [:]
  ) throws -> SafeTensorsFile {
    try validateNames(parameters)
    for key in [formatKey, "optimizer"] where metadata[key] != nil {
      throw NeuralError.invalidArgument(
        operation: "Checkpoint.save", reason: "metadata key '\(key)' is reserved; rename it")
    }
    var tensors: [String: SafeTensor] = [:]
    for (name, p) in parameters {
      tensors[name] = try SafeTensor(float32: p.storedValue.scalars, shape: p.shape)
    }
    var meta = metadata
    meta[formatKey] = formatValue
    if let optimizer {
      meta["optimizer"] = typeName(optimizer)
      tensors["optimizer.step_count"] = try SafeTensor(int64: [Int64(optimizer.stepCount)], shape: [])
      tensors["optimizer.learning_rate"] = try SafeTensor(float32: [optimizer.learningRate], shape: [])
      for (name, p) in parameters {
        for (slot, t) in optimizer.stateTensors(for: p) {
          tensors["optimizer.\(name).\(slot)"] = try SafeTensor(float32: t.scalars, shape: t.shape)
        }
      }
    }
    return SafeTensorsFile(tensors: tensors, metadata: meta)
  }

  /// Restores `parameters` (and `optimizer`) from checkpoint contents; see
  /// ``load(_:optimizer:from:strict:)`` for the checks. Nothing is changed when it throws.
  public static func restore(
    _ parameters: [(name: String, parameter: Parameter)], optimizer: (any Optimizer)? = nil,
    from file: SafeTensorsFile, strict: Bool = true
  ) throws {
    try validateNames(parameters)
    // 1. Read and check everything.
    var values: [Tensor] = []
    for (name, p) in parameters {
      values.append(try Tensor(shape: p.shape, scalars: file.floats(name, shape: p.shape)))
    }
    var used = Set(parameters.map(\.name))
    var states: [[(name: String, tensor: Tensor)]] = []
    var stepCount = 0
    var learningRate: Float = 0
    if let optimizer {
      let expected = typeName(optimizer)
      guard let saved = file.metadata["optimizer"] else {
        throw NeuralError.invalidArgument(
          operation: "Checkpoint.load",
          reason: "the checkpoint has no optimizer state; load it without an optimizer, or save one with it")
      }
      guard saved == expected else {
        throw NeuralError.invalidArgument(
          operation: "Checkpoint.load",
          reason: "the checkpoint holds state of a \(saved) optimizer, not of \(expected); "
            + "use the same optimizer type or load without an optimizer")
      }
      let steps = try file.tensor("optimizer.step_count", dtype: .int64, shape: []).int64Array()
      stepCount = Int(steps[0])
      learningRate = try file.floats("optimizer.learning_rate", shape: [])[0]
      used.formUnion(["optimizer.step_count", "optimizer.learning_rate"])
      for (name, p) in parameters {
        let prefix = "optimizer.\(name)."
        var state: [(name: String, tensor: Tensor)] = []
        for key in SafeTensorsFile.sortedNames(file.tensors.keys) where key.hasPrefix(prefix) {
          let slot = String(key.dropFirst(prefix.count))
          // A slot name has no dots; longer keys belong to another parameter whose name extends this one.
          guard !slot.contains(".") else { continue }
          state.append((slot, try Tensor(shape: p.shape, scalars: file.floats(key, shape: p.shape))))
          used.insert(key)
        }
        states.append(state)
      }
    }
    if strict {
      let unexpected = SafeTensorsFile.sortedNames(file.tensors.keys).filter {
        !used.contains($0) && (optimizer != nil || !$0.hasPrefix("optimizer."))
      }
      if !unexpected.isEmpty {
        throw NeuralError.invalidArgument(
          operation: "Checkpoint.load",
          reason: "the checkpoint has tensors the model does not: \(unexpected.prefix(20).joined(separator: ", ")); "
            + "check the architecture, or pass strict: false")
      }
    }
    // 2. Apply (optimizer state first: its setter validates slot names and may still throw).
    if let optimizer {
      let previous = parameters.map { optimizer.stateTensors(for: $0.parameter) }
      do {
        for (i, (_, p)) in parameters.enumerated() where !states[i].isEmpty {
          try optimizer.setStateTensors(states[i], for: p)
        }
      } catch {
        for (i, (_, p)) in parameters.enumerated() where !previous[i].isEmpty {
          try? optimizer.setStateTensors(previous[i], for: p)
        }
        throw error
      }
      optimizer.stepCount = stepCount
      optimizer.learningRate = learningRate
    }
    for (i, (_, p)) in parameters.enumerated() { p.value = values[i] }
  }

  private static func typeName(_ optimizer: any Optimizer) -> String {
    String(describing: type(of: optimizer))
  }

  private static func validateNames(_ parameters: [(name: String, parameter: Parameter)]) throws {
    var seen = Set<String>()
    for (name, _) in parameters {
      guard !name.isEmpty, name != "__metadata__", !name.hasPrefix("optimizer.") else {
        throw NeuralError.invalidArgument(
          operation: "Checkpoint",
          reason: "parameter name '\(name)' is empty or reserved (\"__metadata__\", \"optimizer.…\")")
      }
      guard seen.insert(name).inserted else {
        throw NeuralError.invalidArgument(
          operation: "Checkpoint",
          reason: "parameter name '\(name)' appears twice; prefix the names of each sub-model "
            + "(namedParameters(prefix:))")
      }
    }
  }
}
