import Foundation
import Neural

// Checkpoints of a training run (safetensors, written atomically by `SafeTensorsFile`). Each
// network and its Adam are stored by Neural's `Checkpoint` (parameters, moments, step count,
// learning rate), their entries prefixed by the network:
//   drift/<name>, drift/optimizer.…        the drift network and its Adam (`Checkpoint.file`)
//   diffusion/<name>, diffusion/optimizer.… the diffusion network and its Adam
//   best.<net>.<name>         F32  the best parameters of the current phase (early stopping)
//   average.<net>.<name>      F32  the running mean of the averaged epochs' parameters
//   state.counters            I64  [next epoch, epochs without improvement, has best snapshot,
//                                   averaged epochs]
//   state.best_validation     F64  [best validation objective of the current phase]
//   history                   F64  [epochs, 11]: phase, epoch, training lp/lcv/lr/total,
//                                   validation lp/lcv/lr/total (NaN when absent), learning rate
// Metadata: format, and fingerprints of the model, losses, training and data that must match.

extension _TrainingRun {
  static let format = "diffeq.neuralsde.checkpoint.v1"

  var fingerprints: [String: String] {
    [
      "format": _TrainingRun.format,
      "model": model.configuration.fingerprint,
      "losses": losses.fingerprint,
      "training": training.fingerprint,
      "data": trainer.dataFingerprint,
    ]
  }

  /// The two networks with their optimisers and checkpoint prefixes.
  var networks: [(prefix: String, parameters: [(name: String, parameter: Parameter)], optimizer: Adam)] {
    [
      ("drift/", model.driftNetwork.namedParameters, driftAdam),
      ("diffusion/", model.diffusionNetwork.namedParameters, diffusionAdam),
    ]
  }

  func saveCheckpoint(to path: String) throws {
    var tensors: [String: SafeTensor] = [:]
    var metadata = fingerprints
    for (prefix, parameters, optimizer) in networks {
      let file = try Checkpoint.file(parameters, optimizer: optimizer)
      for (name, t) in file.tensors { tensors[prefix + name] = t }
      metadata[prefix + "optimizer"] = file.metadata["optimizer"] ?? ""
    }
    if let best = bestSnapshot {
      let names = phaseParameterNames(locate(min(nextEpoch, totalEpochs - 1)).phase, for: best.count)
      for (name, t) in zip(names, best) {
        tensors["best." + name] = try SafeTensor(float32: t.scalars, shape: t.shape)
      }
    }
    if let average = averageSnapshot {
      let names = phaseParameterNames(locate(min(nextEpoch, totalEpochs - 1)).phase, for: average.count)
      for (name, t) in zip(names, average) {
        tensors["average." + name] = try SafeTensor(float32: t.scalars, shape: t.shape)
      }
    }
    tensors["state.counters"] = try SafeTensor(
      int64: [Int64(nextEpoch), Int64(badEpochs), bestSnapshot == nil ? 0 : 1, Int64(averageCount)],
      shape: [4])
    tensors["state.best_validation"] = try SafeTensor(float64: [bestValidation], shape: [1])
    var rows: [Double] = []
    for r in history {
      let phaseCode = Double(TrainingPhase.allCases.firstIndex(of: r.phase) ?? 0)
      rows += [phaseCode, Double(r.epoch)]
      for t in [r.training, r.validation] {
        rows += [
          t?.pointwise ?? .nan, t?.covariance ?? .nan, t?.reconstruction ?? .nan, t?.total ?? .nan,
        ]
      }
      rows.append(r.learningRate)
    }
    tensors["history"] = try SafeTensor(float64: rows, shape: [history.count, 11])
    try SafeTensorsFile(tensors: tensors, metadata: metadata).write(to: path)
  }

  /// The names of the parameters a phase trains, in ``parameters(of:)`` order.
  func phaseParameterNames(_ phase: TrainingPhase, for count: Int) -> [String] {
    let drift = model.driftNetwork.namedParameters.map { "drift." + $0.name }
    let diffusion = model.diffusionNetwork.namedParameters.map { "diffusion." + $0.name }
    switch phase {
    case .drift: return drift
    case .diffusion: return diffusion
    case .joint: return drift + diffusion
    }
  }

  mutating func loadCheckpoint(from path: String) throws {
    let file = try SafeTensorsFile.read(from: path)
    for (key, expected) in fingerprints.sorted(by: { $0.key < $1.key }) {
      let actual = file.metadata[key] ?? "missing"
      guard actual == expected else {
        throw NeuralSDEError.checkpointMismatch(key: "metadata '\(key)'", expected: expected, actual: actual)
      }
    }
    for (prefix, parameters, optimizer) in networks {
      var tensors: [String: SafeTensor] = [:]
      for (name, t) in file.tensors where name.hasPrefix(prefix) { tensors[String(name.dropFirst(prefix.count))] = t }
      let sub = SafeTensorsFile(
        tensors: tensors,
        metadata: [Checkpoint.formatKey: Checkpoint.formatValue, "optimizer": file.metadata[prefix + "optimizer"] ?? ""])
      try Checkpoint.restore(parameters, optimizer: optimizer, from: sub, strict: true)
    }
    let counters = try file.tensor("state.counters", dtype: .int64, shape: [4]).int64Array()
    nextEpoch = Int(counters[0])
    guard nextEpoch >= 0 && nextEpoch <= totalEpochs else {
      throw NeuralSDEError.checkpointMismatch(
        key: "state.counters[epoch]", expected: "0…\(totalEpochs)", actual: "\(nextEpoch)")
    }
    badEpochs = Int(counters[1])
    bestValidation = try file.tensor("state.best_validation", dtype: .float64, shape: [1]).doubleArray()[0]
    bestSnapshot = nil
    if counters[2] != 0 && nextEpoch < totalEpochs {
      let phase = locate(nextEpoch).phase
      let params = parameters(of: phase)
      let names = phaseParameterNames(phase, for: params.count)
      bestSnapshot = try zip(names, params).map { name, p in
        try Tensor(shape: p.shape, scalars: try file.floats("best." + name, shape: p.shape))
      }
    }
    averageCount = Int(counters[3])
    averageSnapshot = nil
    if averageCount > 0 && nextEpoch < totalEpochs {
      let phase = locate(nextEpoch).phase
      let params = parameters(of: phase)
      let names = phaseParameterNames(phase, for: params.count)
      averageSnapshot = try zip(names, params).map { name, p in
        try Tensor(shape: p.shape, scalars: try file.floats("average." + name, shape: p.shape))
      }
    }
    let historyTensor = try file.tensor("history")
    let rows = try historyTensor.doubleArray()
    guard historyTensor.shape.count == 2, historyTensor.shape[1] == 11 else {
      throw NeuralSDEError.checkpointMismatch(
        key: "history shape", expected: "[epochs, 11]", actual: "\(historyTensor.shape)")
    }
    history = []
    func opt(_ x: Double) -> Double? { x.isNaN ? nil : x }
    for r in 0..<historyTensor.shape[0] {
      let x = Array(rows[(r * 11)..<((r + 1) * 11)])
      let phase = TrainingPhase.allCases[min(max(0, Int(x[0])), TrainingPhase.allCases.count - 1)]
      let train = LossTerms(pointwise: opt(x[2]), covariance: opt(x[3]), reconstruction: opt(x[4]), total: x[5])
      let validation =
        x[9].isNaN
        ? nil : LossTerms(pointwise: opt(x[6]), covariance: opt(x[7]), reconstruction: opt(x[8]), total: x[9])
      history.append(
        EpochRecord(phase: phase, epoch: Int(x[1]), training: train, validation: validation, learningRate: x[10]))
    }
  }
}
