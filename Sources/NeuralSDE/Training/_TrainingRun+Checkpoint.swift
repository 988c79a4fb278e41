import Foundation
import Neural

// Checkpoints of a training run (safetensors, written atomically by `SafeTensorsFile`):
//   param.<name>              F32  current parameters ("drift.1.weight", …)
//   adam.<net>.<name>.m / .v  F32  Adam moments of each parameter that has been updated
//   best.<name>               F32  the best parameters of the current phase (early stopping)
//   state.counters            I64  [next epoch, drift Adam steps, diffusion Adam steps,
//                                   epochs without improvement, has best snapshot]
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

  func saveCheckpoint(to path: String) throws {
    var tensors: [String: SafeTensor] = [:]
    for (name, p) in model.namedParameters {
      tensors["param." + name] = try SafeTensor(float32: p.value.scalars, shape: p.shape)
    }
    for (net, adam, params) in [
      ("drift", driftAdam, model.driftNetwork.namedParameters),
      ("diffusion", diffusionAdam, model.diffusionNetwork.namedParameters),
    ] {
      for (name, p) in params {
        for (slot, t) in adam.stateTensors(for: p) {
          tensors["adam.\(net).\(name).\(slot)"] = try SafeTensor(float32: t.scalars, shape: t.shape)
        }
      }
    }
    if let best = bestSnapshot {
      let names = phaseParameterNames(locate(min(nextEpoch, totalEpochs - 1)).phase, for: best.count)
      for (name, t) in zip(names, best) {
        tensors["best." + name] = try SafeTensor(float32: t.scalars, shape: t.shape)
      }
    }
    tensors["state.counters"] = try SafeTensor(
      int64: [
        Int64(nextEpoch), Int64(driftAdam.stepCount), Int64(diffusionAdam.stepCount),
        Int64(badEpochs), bestSnapshot == nil ? 0 : 1,
      ], shape: [5])
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
    try SafeTensorsFile(tensors: tensors, metadata: fingerprints).write(to: path)
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
    for (name, p) in model.namedParameters {
      p.value = try Tensor(shape: p.shape, scalars: try file.floats("param." + name, shape: p.shape))
    }
    for (net, adam, params) in [
      ("drift", driftAdam, model.driftNetwork.namedParameters),
      ("diffusion", diffusionAdam, model.diffusionNetwork.namedParameters),
    ] {
      for (name, p) in params {
        let key = "adam.\(net).\(name)."
        guard file.tensors[key + "m"] != nil else { continue }
        let m = try Tensor(shape: p.shape, scalars: try file.floats(key + "m", shape: p.shape))
        let v = try Tensor(shape: p.shape, scalars: try file.floats(key + "v", shape: p.shape))
        try adam.setStateTensors([("m", m), ("v", v)], for: p)
      }
    }
    let counters = try file.tensor("state.counters", dtype: .int64, shape: [5]).int64Array()
    nextEpoch = Int(counters[0])
    guard nextEpoch >= 0 && nextEpoch <= totalEpochs else {
      throw NeuralSDEError.checkpointMismatch(
        key: "state.counters[epoch]", expected: "0…\(totalEpochs)", actual: "\(nextEpoch)")
    }
    driftAdam.stepCount = Int(counters[1])
    diffusionAdam.stepCount = Int(counters[2])
    badEpochs = Int(counters[3])
    bestValidation = try file.tensor("state.best_validation", dtype: .float64, shape: [1]).doubleArray()[0]
    bestSnapshot = nil
    if counters[4] != 0 && nextEpoch < totalEpochs {
      let phase = locate(nextEpoch).phase
      let params = parameters(of: phase)
      let names = phaseParameterNames(phase, for: params.count)
      bestSnapshot = try zip(names, params).map { name, p in
        try Tensor(shape: p.shape, scalars: try file.floats("best." + name, shape: p.shape))
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
