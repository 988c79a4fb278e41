import Foundation
import Neural
import Testing

@testable import NeuralSDE

@Suite struct NeuralSDETrainerTests {
  func temporaryDirectory() throws -> String {
    let dir = FileManager.default.temporaryDirectory
      .appendingPathComponent("nsde-\(getpid())-\(UInt64.random(in: 0...UInt64.max))").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
  }

  func smallTraining(_ directory: String? = nil) -> TrainingConfiguration {
    TrainingConfiguration(
      epochs: 3, diffusionEpochs: 2, batchSize: 256, diffusionBatchSize: 512,
      reconstructionBatchSize: 8, validationFraction: 0.2, seed: 9, checkpointDirectory: directory)
  }

  /// The parameters of a model, flattened.
  func parameters(_ model: NeuralSDEModel) -> [Float] {
    model.namedParameters.flatMap { $0.parameter.value.scalars }
  }

  /// Training k epochs, "killing" the run (the progress callback stops it after the checkpoint
  /// is written), and resuming to the end gives the same parameters, bit for bit, as one
  /// uninterrupted run — once in the drift phase and once in the diffusion phase, with weight
  /// averaging over the last half of each phase running across the interruptions. The loss
  /// history is restored too.
  @Test func resumeAfterInterruptionReproducesTheUninterruptedRun() throws {
    let data = try Support.ballData(paths: 60, observations: 20)
    var losses = LossConfiguration.corrected
    losses.weights.reconstruction = 1
    losses.reconstructionHorizon = 4
    let config = NeuralSDEModel.Configuration(observedDimension: 2, hiddenWidths: [8, 8], seed: 4)

    let straightDir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: straightDir) }
    func training(_ dir: String) -> TrainingConfiguration {
      var t = smallTraining(dir)
      t.averagingFraction = 0.5
      return t
    }
    let straight = try NeuralSDEModel(config)
    let full = try NeuralSDETrainer(
      model: straight, data: data, losses: losses, training: training(straightDir)
    ).train()
    #expect(!full.interrupted && full.completedEpochs == 5)

    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    var runs: [TrainingResult] = []
    for stopAfter in [1, 3, nil] as [Int?] {
      let model = try NeuralSDEModel(config)  // a fresh process would rebuild the model too
      let trainer = try NeuralSDETrainer(
        model: model, data: data, losses: losses, training: training(dir))
      runs.append(
        try trainer.train { p in
          p.event == .epoch && p.globalEpoch == stopAfter ? .stop : .proceed
        })
    }
    #expect(runs[0].interrupted && runs[0].completedEpochs == 2 && runs[0].resumedFromEpoch == nil)
    #expect(runs[1].interrupted && runs[1].completedEpochs == 4 && runs[1].resumedFromEpoch == 2)
    #expect(!runs[2].interrupted && runs[2].completedEpochs == 5 && runs[2].resumedFromEpoch == 4)
    #expect(parameters(runs[2].model) == parameters(straight))
    #expect(runs[2].history == full.history)
  }

  /// Joint training (the whole weighted sum every step, covariance targets refreshed every
  /// epoch): one phase, both networks change, every loss term is reported, and an interrupted
  /// joint run resumes to the same parameters bit for bit.
  @Test func jointTrainingUpdatesBothNetworksAndResumesExactly() throws {
    let data = try Support.ballData(paths: 40, observations: 15)
    var losses = LossConfiguration.corrected
    losses.weights = LossWeights(pointwise: 1, covariance: 1, reconstruction: 0.5)
    losses.reconstructionHorizon = 3
    var training = smallTraining()
    training.schedule = .joint
    let config = NeuralSDEModel.Configuration(observedDimension: 2, hiddenWidths: [8], seed: 8)
    let straight = try NeuralSDEModel(config)
    let before = parameters(straight)
    let full = try NeuralSDETrainer(model: straight, data: data, losses: losses, training: training).train()
    #expect(full.history.map(\.phase) == [.joint, .joint, .joint])
    let last = try #require(full.history.last)
    #expect(last.training.pointwise != nil && last.training.covariance != nil && last.training.reconstruction != nil)
    #expect(last.validation?.covariance != nil)
    let driftCount = straight.driftParameters.reduce(0) { $0 + $1.value.count }
    let after = parameters(straight)
    #expect(after[..<driftCount] != before[..<driftCount] && after[driftCount...] != before[driftCount...])

    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    training.checkpointDirectory = dir
    var final: NeuralSDEModel? = nil
    for stopAfter in [0, nil] as [Int?] {
      let model = try NeuralSDEModel(config)
      _ = try NeuralSDETrainer(model: model, data: data, losses: losses, training: training).train { p in
        p.event == .epoch && p.globalEpoch == stopAfter ? .stop : .proceed
      }
      final = model
    }
    #expect(parameters(try #require(final)) == after)
  }

  /// The original work's preset (weights 5/10/1, Euler, whole-path reconstruction from the first
  /// state, Euclidean norms, batch covariance matching) trains and reports every term.
  @Test func originalPresetTrains() throws {
    let data = try Support.ballData(paths: 30, observations: 10)
    let model = try NeuralSDEModel(.init(observedDimension: 2, hiddenWidths: [8], outputActivation: .tanh, seed: 1))
    var training = smallTraining()
    training.epochs = 2
    training.diffusionEpochs = 1
    let result = try NeuralSDETrainer(model: model, data: data, losses: .original, training: training).train()
    let drift = result.history[1]
    let lp = try #require(drift.training.pointwise)
    let lr = try #require(drift.training.reconstruction)
    #expect(abs(drift.training.total - 10 * lp - 5 * lr) < 1e-6 * drift.training.total)
    #expect(result.history[2].validation?.covariance?.isFinite == true)
    // A tanh output bounds the drift to (−1, 1).
    let mu = try model.driftValues(at: [30, -40, 0.5, 0.5])
    #expect(mu.allSatisfy { abs($0) < 1 })
  }

  /// A checkpoint written with other settings is refused with a typed error naming the field.
  @Test func resumingWithAnotherConfigurationThrows() throws {
    let data = try Support.ballData(paths: 20, observations: 10)
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    var training = smallTraining(dir)
    training.epochs = 1
    training.diffusionEpochs = 0
    let model = try NeuralSDEModel(.init(observedDimension: 2, hiddenWidths: [4], seed: 1))
    _ = try NeuralSDETrainer(model: model, data: data, training: training).train()
    training.learningRate = 1e-2
    let other = try NeuralSDETrainer(model: model, data: data, training: training)
    #expect {
      try other.train()
    } throws: { error in
      guard case NeuralSDEError.checkpointMismatch(let key, _, _) = error else { return false }
      return key == "metadata 'training'"
    }
  }

  /// Progress: one step event per minibatch, one epoch event per epoch (with validation
  /// terms); `.stop` during the first epoch interrupts before any epoch completes.
  @Test func progressReportsStepsAndEpochsAndCanStop() throws {
    let data = try Support.ballData(paths: 30, observations: 12)
    let model = try NeuralSDEModel(.init(observedDimension: 2, hiddenWidths: [4], seed: 2))
    var training = smallTraining()
    training.epochs = 2
    training.diffusionEpochs = 1
    let trainer = try NeuralSDETrainer(model: model, data: data, training: training)
    var steps = 0
    var epochs: [TrainingProgress] = []
    let result = try trainer.train { p in
      if p.event == .step { steps += 1 } else { epochs.append(p) }
      return .proceed
    }
    // 24 training paths × 11 transitions = 264 → 2 drift batches of 256, 1 diffusion batch of 512.
    #expect(result.trainingPaths.count == 24 && result.validationPaths.count == 6)
    #expect(steps == 2 * 2 + 1)
    #expect(epochs.map(\.phase) == [.drift, .drift, .diffusion])
    #expect(epochs.allSatisfy { $0.validation != nil && $0.training.total.isFinite })
    #expect(epochs[0].validation?.covariance == nil && epochs[2].validation?.pointwise == nil)
    #expect(result.history.count == 3)

    let stopped = try NeuralSDETrainer(
      model: try NeuralSDEModel(.init(observedDimension: 2, hiddenWidths: [4], seed: 2)), data: data,
      training: training
    ).train { _ in .stop }
    #expect(stopped.interrupted && stopped.completedEpochs == 0 && stopped.history.isEmpty)
  }

  /// Early stopping: with a learning rate so small that no parameter changes, the validation
  /// objective never improves after the first epoch, so each phase stops after `patience`
  /// further epochs.
  @Test func earlyStoppingEndsAPhaseWithoutImprovement() throws {
    let data = try Support.ballData(paths: 30, observations: 12)
    let model = try NeuralSDEModel(.init(observedDimension: 2, hiddenWidths: [4], seed: 2))
    var training = smallTraining()
    training.epochs = 10
    training.diffusionEpochs = 10
    training.learningRate = 1e-30
    training.earlyStoppingPatience = 2
    let result = try NeuralSDETrainer(model: model, data: data, training: training).train()
    #expect(result.stoppedEarly == [.drift, .diffusion])
    #expect(result.history.map(\.phase) == [.drift, .drift, .drift, .diffusion, .diffusion, .diffusion])
    #expect(result.completedEpochs == 20 && !result.interrupted)
  }

  /// With a patience, the parameters of the best validation epoch are restored at the end of the
  /// phase: the final model's validation objective equals the minimum of the history, which here
  /// (a large learning rate that makes validation fluctuate) is not the last epoch's.
  @Test func earlyStoppingRestoresTheBestParameters() throws {
    let data = try Support.ballData(paths: 40, observations: 15)
    let model = try NeuralSDEModel(.init(observedDimension: 2, hiddenWidths: [8], seed: 6))
    var training = smallTraining()
    training.epochs = 8
    training.diffusionEpochs = 0
    training.learningRate = 0.3
    training.finalLearningRateFactor = 1
    training.earlyStoppingPatience = 100
    let trainer = try NeuralSDETrainer(model: model, data: data, training: training)
    let result = try trainer.train()
    let values = result.history.compactMap { $0.validation?.total }
    let best = try #require(values.min())
    #expect(values.last != best, "the setting must make the last epoch worse than the best: \(values)")
    let final = try #require(try _TrainingRun(trainer: trainer).validate(phase: .drift)?.total)
    #expect(abs(final - best) <= 1e-9 * best)
  }

  @Test func badDataAndSettingsThrowTypedErrors() throws {
    let data = try Support.ballData(paths: 10, observations: 6)
    let model2 = try NeuralSDEModel(.init(observedDimension: 2, hiddenWidths: [4]))
    // Mismatched dimensions: d = 3 against two columns; supplied rows need M·d columns.
    let model3 = try NeuralSDEModel(.init(observedDimension: 3, hiddenWidths: [4]))
    #expect(throws: NeuralSDEError.self) { try NeuralSDETrainer(model: model3, data: data) }
    let order2 = try NeuralSDEModel(.init(observedDimension: 2, order: 2, hiddenWidths: [4]))
    #expect(throws: NeuralSDEError.dimensionMismatch(
      what: "state columns (M·d: the supplied rows of Z)", expected: 4, actual: 2)) {
      try NeuralSDETrainer(model: order2, data: data, derivatives: .supplied)
    }
    // Too few steps for the order: M = 5 loses 4 of 6 points, leaving 2 states (1 transition)
    // is fine; M = 6 leaves 1.
    let order5 = try NeuralSDEModel(.init(observedDimension: 2, order: 5, hiddenWidths: [4]))
    _ = try NeuralSDETrainer(model: order5, data: data)
    let order6 = try NeuralSDEModel(.init(observedDimension: 2, order: 6, hiddenWidths: [4]))
    #expect(throws: NeuralSDEError.tooFewSteps(steps: 6, order: 6, required: 7)) {
      try NeuralSDETrainer(model: order6, data: data)
    }
    // Non-uniform times.
    let uneven = try TrajectorySet(
      values: Array(data.values[0..<12]), paths: 1, steps: 6, dims: 2, times: [0, 0.1, 0.2, 0.4, 0.5, 0.6],
      validation: .allowingNonUniformTimes)
    #expect(throws: NeuralSDEError.self) { try NeuralSDETrainer(model: model2, data: uneven) }
    // The state builder itself: Δt ≤ 0 and NaN.
    for dt in [0.0, -1, .nan] {
      #expect(throws: NeuralSDEError.self) {
        try _StateSeries(
          values: [0, 1, 2, 3], paths: 1, steps: 2, dims: 2, dt: dt, model: model2.configuration,
          derivatives: .empirical)
      }
    }
    #expect {
      try _StateSeries(
        values: [0, 1, 2, 3, 4, .nan, 6, 7], paths: 2, steps: 2, dims: 2, dt: 0.1,
        model: model2.configuration, derivatives: .empirical)
    } throws: { error in
      guard case NeuralSDEError.nonFiniteData(let p, let k, let d, let v) = error else { return false }
      return p == 1 && k == 0 && d == 1 && v.isNaN
    }
    // Invalid settings.
    var zeroWeights = LossConfiguration()
    zeroWeights.weights = LossWeights(pointwise: 0, covariance: 0, reconstruction: 0)
    #expect(throws: NeuralSDEError.self) { try NeuralSDETrainer(model: model2, data: data, losses: zeroWeights) }
    for bad in [
      TrainingConfiguration(epochs: 0), TrainingConfiguration(batchSize: 0),
      TrainingConfiguration(learningRate: 0), TrainingConfiguration(validationFraction: 1),
      TrainingConfiguration(earlyStoppingPatience: 0), TrainingConfiguration(gradientClipNorm: -1),
      TrainingConfiguration(finalLearningRateFactor: 2), TrainingConfiguration(blasThreadCount: 0),
      TrainingConfiguration(checkpointInterval: 0), TrainingConfiguration(diffusionBatchSize: 0),
      TrainingConfiguration(averagingFraction: 1.5),
    ] {
      #expect(throws: NeuralSDEError.self) { try NeuralSDETrainer(model: model2, data: data, training: bad) }
    }
  }

  /// Empirical derivatives: row l is the forward difference of row l − 1; the last M − 1
  /// observations are lost.
  @Test func empiricalDerivativeRows() throws {
    let c = NeuralSDEModel.Configuration(observedDimension: 1, order: 3)
    let x: [Double] = [0, 1, 4, 9, 16]  // t²/Δt² with Δt = 0.5 → x = (k)², values at t = 0.5k
    let s = try _StateSeries(
      values: x, paths: 1, steps: 5, dims: 1, dt: 0.5, model: c, derivatives: .empirical)
    #expect(s.length == 3)
    // Rows: x_k, (x_{k+1} − x_k)/Δt, second difference / Δt².
    #expect(s.states == [0, 2, 8, 1, 6, 8, 4, 10, 8])
  }
}

extension NeuralSDETrainerTests {
  /// Weight averaging: with `averagingFraction = 1` and a phase of 2 epochs, the final drift
  /// parameters are the mean of the two epoch-end parameter sets (recorded by the progress
  /// callback), to Float32 rounding.
  @Test func weightAveragingSetsTheMeanOfTheAveragedEpochs() throws {
    let data = try Support.ballData(paths: 20, observations: 10)
    let model = try NeuralSDEModel(.init(observedDimension: 2, hiddenWidths: [4], seed: 3))
    var training = smallTraining()
    training.epochs = 2
    training.diffusionEpochs = 0
    training.averagingFraction = 1
    var snapshots: [[Float]] = []
    _ = try NeuralSDETrainer(model: model, data: data, training: training).train { p in
      if p.event == .epoch { snapshots.append(self.parameters(model)) }
      return .proceed
    }
    // The callback of the last epoch runs after the average is applied: rebuild the epoch-end
    // values of epoch 1 by running the same training without averaging.
    let plain = try NeuralSDEModel(.init(observedDimension: 2, hiddenWidths: [4], seed: 3))
    training.averagingFraction = 0
    var plainSnapshots: [[Float]] = []
    _ = try NeuralSDETrainer(model: plain, data: data, training: training).train { p in
      if p.event == .epoch { plainSnapshots.append(self.parameters(plain)) }
      return .proceed
    }
    #expect(snapshots[0] == plainSnapshots[0])
    let final = parameters(model)
    for i in final.indices {
      let mean = plainSnapshots[0][i] + 0.5 * (plainSnapshots[1][i] - plainSnapshots[0][i])
      #expect(abs(final[i] - mean) <= 1e-6 * max(1, abs(mean)))
    }
  }
}
