import DiffEq
import Foundation
import Neural

/// The state of one call of ``NeuralSDETrainer/train(progress:)``: the split, the optimisers, the
/// workspaces, the early-stopping state and the history. Everything a resume needs is written by
/// ``saveCheckpoint(to:)``.
struct _TrainingRun {
  let model: NeuralSDEModel
  let losses: LossConfiguration
  let training: TrainingConfiguration
  let trainer: NeuralSDETrainer
  let dt: Double
  let D: Int
  let trainPaths: [Int]
  let validationPaths: [Int]
  let trainSeries: _StateSeries
  let validationSeries: _StateSeries?
  let phases: [(phase: TrainingPhase, epochs: Int)]
  let totalEpochs: Int
  let driftAdam: Adam
  let diffusionAdam: Adam
  let tape = Tape()
  let driftStepper: ExplicitRungeKutta<Tensor>
  let driftSchedule: FixedStepSchedule
  let reconstructionStepper: ExplicitRungeKutta<Tensor>
  let reconstructionSchedule: FixedStepSchedule
  /// Intervals per reconstruction window `m`, and whether windows start only at the path start.
  let horizon: Int
  let wholePaths: Bool

  var nextEpoch = 0
  var bestValidation = Double.infinity
  var badEpochs = 0
  var bestSnapshot: [Tensor]? = nil
  /// The running mean of the phase's parameters at the ends of the averaged epochs, and their
  /// number (stochastic weight averaging).
  var averageSnapshot: [Tensor]? = nil
  var averageCount = 0
  var history: [EpochRecord] = []
  var stoppedEarly: [TrainingPhase] = []
  var resumedFrom: Int? = nil
  var targets: _CovarianceTargets? = nil
  var validationTargets: _CovarianceTargets? = nil
  /// The global epoch whose drift the targets were computed from (−1: none).
  var targetsPhaseStart = -1

  init(trainer: NeuralSDETrainer) throws {
    self.trainer = trainer
    model = trainer.model
    losses = trainer.losses
    training = trainer.training
    dt = trainer.series.dt
    D = trainer.series.stateDimension
    let (train, validation) = try trainer.split()
    trainPaths = train
    validationPaths = validation
    trainSeries = trainer.series.selecting(paths: train)
    validationSeries = validation.isEmpty ? nil : trainer.series.selecting(paths: validation)
    let phases = trainer.phases
    let training = trainer.training
    self.phases = phases
    guard !phases.isEmpty else {
      throw NeuralSDEError.invalidConfiguration(
        parameter: "training", value: "no phase",
        expected: "a positive drift weight, or w_lcv > 0 with diffusionEpochs ≥ 1")
    }
    totalEpochs = phases.reduce(0) { $0 + $1.epochs }
    let n = trainSeries.transitionCount
    let dt = self.dt
    func steps(_ p: TrainingPhase) -> Int {
      let b = p == .diffusion ? training.diffusionBatchSize : training.batchSize
      let epochs = phases.first { $0.phase == p }?.epochs ?? 0
      return max(1, epochs * ((n + b - 1) / b))
    }
    func decay(_ total: Int) -> LearningRateDecay {
      training.finalLearningRateFactor == 1
        ? .none : .exponential(rate: training.finalLearningRateFactor, steps: total)
    }
    let driftSteps = training.schedule == .joint ? steps(.joint) : steps(.drift)
    let diffusionSteps = training.schedule == .joint ? steps(.joint) : steps(.diffusion)
    driftAdam = try Adam(learningRate: training.learningRate, decay: decay(driftSteps))
    diffusionAdam = try Adam(learningRate: training.learningRate, decay: decay(diffusionSteps))
    let losses = trainer.losses
    driftStepper = losses.driftFlow.makeStepper()
    driftSchedule = losses.driftFlow.schedule(dt: dt, intervals: 1)
    let available = trainSeries.length - 1
    horizon = min(losses.reconstructionHorizon ?? available, available)
    wholePaths = losses.reconstructionHorizon == nil
    reconstructionStepper = losses.reconstructionFlow.makeStepper()
    reconstructionSchedule = losses.reconstructionFlow.schedule(dt: dt, intervals: horizon)
  }

  // MARK: - Phases

  /// The phase of global epoch `e`, its index within the phase and the phase's first epoch.
  func locate(_ e: Int) -> (phase: TrainingPhase, epoch: Int, epochs: Int, start: Int) {
    var start = 0
    for (p, n) in phases {
      if e < start + n { return (p, e - start, n, start) }
      start += n
    }
    let last = phases[phases.count - 1]
    return (last.phase, last.epochs - 1, last.epochs, totalEpochs - last.epochs)
  }

  func parameters(of phase: TrainingPhase) -> [Parameter] {
    switch phase {
    case .drift: return model.driftParameters
    case .diffusion: return model.diffusionParameters
    case .joint: return model.driftParameters + model.diffusionParameters
    }
  }

  func batchSize(_ phase: TrainingPhase) -> Int {
    phase == .diffusion ? training.diffusionBatchSize : training.batchSize
  }

  var usesCovariance: Bool { losses.weights.covariance > 0 }

  // MARK: - Loop

  mutating func execute(progress: ((TrainingProgress) -> TrainingControl)?) throws -> TrainingResult {
    let clock = ContinuousClock.now
    func elapsed() -> Double {
      let d = ContinuousClock.now - clock
      return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
    if training.resume, let dir = training.checkpointDirectory,
      FileManager.default.fileExists(atPath: _TrainingRun.checkpointPath(dir))
    {
      try loadCheckpoint(from: _TrainingRun.checkpointPath(dir))
      resumedFrom = nextEpoch
    }
    var interrupted = false
    let n = trainSeries.transitionCount
    epochLoop: while nextEpoch < totalEpochs {
      let e = nextEpoch
      let (phase, epochInPhase, epochsInPhase, phaseStart) = locate(e)
      if epochInPhase == 0 {
        bestValidation = .infinity
        badEpochs = 0
        bestSnapshot = nil
        averageSnapshot = nil
        averageCount = 0
      }
      if usesCovariance && (phase == .joint || (phase == .diffusion && targetsPhaseStart != phaseStart)) {
        try refreshTargets()
        targetsPhaseStart = phaseStart
      }
      if usesCovariance && phase != .drift && epochInPhase == 0 && training.diffusionWarmStart {
        try warmStartDiffusion()
      }
      var generator = SeededGenerator(
        seed: _derivedSeed(training.seed, 20 + UInt64(phaseStart), UInt64(epochInPhase)))
      var order = Array(0..<n)
      order.shuffle(using: &generator)
      let b = batchSize(phase)
      let stepsPerEpoch = (n + b - 1) / b
      var sums = (lp: 0.0, lcv: 0.0, lr: 0.0, total: 0.0)
      var last = LossTerms(total: 0)
      for s in 0..<stepsPerEpoch {
        let batch = order[(s * b)..<min(n, (s + 1) * b)]
        let terms = try step(phase: phase, batch: batch, generator: &generator, epoch: e, step: s)
        sums.lp += terms.pointwise ?? 0
        sums.lcv += terms.covariance ?? 0
        sums.lr += terms.reconstruction ?? 0
        sums.total += terms.total
        let k = Double(s + 1)
        last = LossTerms(
          pointwise: terms.pointwise.map { _ in sums.lp / k },
          covariance: terms.covariance.map { _ in sums.lcv / k },
          reconstruction: terms.reconstruction.map { _ in sums.lr / k }, total: sums.total / k)
        if let progress {
          let report = TrainingProgress(
            event: .step, phase: phase, epoch: epochInPhase, epochsInPhase: epochsInPhase,
            globalEpoch: e, totalEpochs: totalEpochs, step: s + 1, stepsPerEpoch: stepsPerEpoch,
            training: last, validation: nil, learningRate: currentLearningRate(phase),
            elapsedSeconds: elapsed())
          if progress(report) == .stop {
            interrupted = true
            break epochLoop
          }
        }
      }
      // Validation, early stopping, history, checkpoint.
      let validation = try validate(phase: phase)
      var phaseEnds = epochInPhase == epochsInPhase - 1
      if let v = validation, training.earlyStoppingPatience != nil {
        if v.total < bestValidation {
          bestValidation = v.total
          badEpochs = 0
          bestSnapshot = parameters(of: phase).map { $0.value }
        } else {
          badEpochs += 1
          if let p = training.earlyStoppingPatience, badEpochs >= p, !phaseEnds {
            phaseEnds = true
            stoppedEarly.append(phase)
          }
        }
      }
      if epochInPhase >= firstAveragedEpoch(epochsInPhase) {
        let current = parameters(of: phase).map { $0.value }
        averageCount += 1
        if let average = averageSnapshot {
          let w = 1 / Float(averageCount)
          averageSnapshot = zip(average, current).map { a, c in a + w * (c - a) }
        } else {
          averageSnapshot = current
        }
      }
      if phaseEnds, let best = bestSnapshot {
        for (p, v) in zip(parameters(of: phase), best) { p.value = v }
      } else if phaseEnds, let average = averageSnapshot {
        for (p, v) in zip(parameters(of: phase), average) { p.value = v }
      }
      if phaseEnds {
        // The snapshots belong to this phase: never carry them into the next (or a checkpoint).
        bestSnapshot = nil
        averageSnapshot = nil
        averageCount = 0
        badEpochs = 0
        bestValidation = .infinity
      }
      history.append(
        EpochRecord(
          phase: phase, epoch: e, training: last, validation: validation,
          learningRate: currentLearningRate(phase)))
      nextEpoch = phaseEnds ? phaseStart + epochsInPhase : e + 1
      if let dir = training.checkpointDirectory,
        (e + 1) % training.checkpointInterval == 0 || nextEpoch == totalEpochs || phaseEnds
      {
        try saveCheckpoint(to: _TrainingRun.checkpointPath(dir))
      }
      if let progress {
        let report = TrainingProgress(
          event: .epoch, phase: phase, epoch: epochInPhase, epochsInPhase: epochsInPhase,
          globalEpoch: e, totalEpochs: totalEpochs, step: stepsPerEpoch,
          stepsPerEpoch: stepsPerEpoch, training: last, validation: validation,
          learningRate: currentLearningRate(phase), elapsedSeconds: elapsed())
        if progress(report) == .stop && nextEpoch < totalEpochs {
          interrupted = true
          break epochLoop
        }
      }
    }
    return TrainingResult(
      model: model, history: history, completedEpochs: nextEpoch, totalEpochs: totalEpochs,
      stoppedEarly: stoppedEarly, interrupted: interrupted, resumedFromEpoch: resumedFrom,
      trainingPaths: trainPaths, validationPaths: validationPaths, seconds: elapsed())
  }

  /// The first epoch of a phase of `epochs` epochs whose end parameters are averaged
  /// (`epochs` when averaging is off).
  func firstAveragedEpoch(_ epochs: Int) -> Int {
    let averaged = Int((training.averagingFraction * Double(epochs)).rounded(.up))
    return epochs - min(epochs, max(0, averaged))
  }

  func currentLearningRate(_ phase: TrainingPhase) -> Double {
    let adam = phase == .diffusion ? diffusionAdam : driftAdam
    return Double(adam.decay.rate(base: adam.learningRate, step: max(1, adam.stepCount)))
  }

  // MARK: - One step

  /// One minibatch: records the phase's loss, backpropagates, clips and updates.
  mutating func step(
    phase: TrainingPhase, batch: ArraySlice<Int>, generator: inout SeededGenerator, epoch: Int,
    step: Int
  ) throws -> LossTerms {
    let w = losses.weights
    var lpValue: Double? = nil
    var lcvValue: Double? = nil
    var lrValue: Double? = nil
    let trainsDrift = phase != .diffusion
    let trainsDiffusion = phase != .drift
    var driftInputs: (Tensor, Tensor)? = nil
    if trainsDrift && w.pointwise > 0 { driftInputs = try gather(trainSeries, batch) }
    var windows: (Tensor, [Tensor])? = nil
    if trainsDrift && w.reconstruction > 0 { windows = try sampleWindows(&generator) }
    var covarianceInputs: _CovarianceBatch? = nil
    if trainsDiffusion && w.covariance > 0, let targets { covarianceInputs = try targets.batch(batch, matching: losses.covarianceMatching) }
    let loss = try tape.record { () throws -> Tensor in
      var total: Tensor? = nil
      func add(_ term: Tensor, _ weight: Double) {
        let weighted = term * Float(weight)
        total = total.map { $0 + weighted } ?? weighted
      }
      if let (z0, z1) = driftInputs {
        let lp = try _pointwiseDriftLoss(
          model: model, states: z0, next: z1, dt: dt, stepper: driftStepper,
          schedule: driftSchedule, norm: losses.pointwiseNorm)
        lpValue = Double(lp.scalar)
        add(lp, w.pointwise)
      }
      if let (starts, targets) = windows {
        let lr = try _reconstructionLoss(
          model: model, windowStarts: starts, targets: targets, dt: dt,
          stepper: reconstructionStepper, schedule: reconstructionSchedule,
          norm: losses.reconstructionNorm)
        lrValue = Double(lr.scalar)
        add(lr, w.reconstruction)
      }
      if let c = covarianceInputs {
        let lcv = try _covarianceLoss(model: model, batch: c, norm: losses.covarianceNorm)
        lcvValue = Double(lcv.scalar)
        add(lcv, w.covariance)
      }
      guard let total else { throw NeuralSDEError.empty(what: "the loss of phase \(phase)") }
      return total
    }
    let total = Double(loss.scalar)
    guard total.isFinite else {
      let term = [("pointwise", lpValue), ("covariance", lcvValue), ("reconstruction", lrValue)]
        .first { !($0.1?.isFinite ?? true) }?.0 ?? "total"
      tape.discard()
      throw NeuralSDEError.nonFiniteLoss(epoch: epoch, step: step, term: term)
    }
    try tape.backward(loss)
    if trainsDrift {
      if let c = training.gradientClipNorm { try clipGradients(model.driftParameters, maxNorm: c) }
      driftAdam.step(model.driftParameters)
    }
    if trainsDiffusion && covarianceInputs != nil {
      if let c = training.gradientClipNorm { try clipGradients(model.diffusionParameters, maxNorm: c) }
      diffusionAdam.step(model.diffusionParameters)
    }
    return LossTerms(pointwise: lpValue, covariance: lcvValue, reconstruction: lrValue, total: total)
  }

  /// The transitions `indices` of `series` as `(Zₖ, Zₖ₊₁)`, `[B, D]` each.
  func gather<C: Collection<Int>>(_ series: _StateSeries, _ indices: C) throws -> (Tensor, Tensor) {
    let B = indices.count
    var z0 = try Tensor(zeros: [B, D])
    var z1 = try Tensor(zeros: [B, D])
    let D = self.D
    series.states.withUnsafeBufferPointer { src in
      z0.withUnsafeMutableBufferPointer { a in
        z1.withUnsafeMutableBufferPointer { b in
          var r = 0
          for i in indices {
            let s = series.startOfTransition(i) * D
            for j in 0..<D {
              a[r + j] = src[s + j]
              b[r + j] = src[s + D + j]
            }
            r += D
          }
        }
      }
    }
    return (z0, z1)
  }

  /// Reconstruction windows: random (path, start) pairs, or path starts for whole paths.
  func sampleWindows(_ generator: inout SeededGenerator) throws -> (Tensor, [Tensor]) {
    let W = training.reconstructionBatchSize
    let L = trainSeries.length
    var starts = [Int]()
    starts.reserveCapacity(W)
    for _ in 0..<W {
      let p = Int(generator.next() % UInt64(trainSeries.pathCount))
      let k0 = wholePaths ? 0 : Int(generator.next() % UInt64(L - horizon))
      starts.append(p * L + k0)
    }
    return try windowTensors(trainSeries, starts)
  }

  /// The states at flat indices `starts` and the `horizon` following ones.
  func windowTensors(_ series: _StateSeries, _ starts: [Int]) throws -> (Tensor, [Tensor]) {
    var tensors: [Tensor] = []
    for j in 0...horizon {
      var t = try Tensor(zeros: [starts.count, D])
      series.states.withUnsafeBufferPointer { src in
        t.withUnsafeMutableBufferPointer { dst in
          for (r, s) in starts.enumerated() {
            for i in 0..<D { dst[r * D + i] = src[(s + j) * D + i] }
          }
        }
      }
      tensors.append(t)
    }
    return (tensors[0], Array(tensors[1...]))
  }

  // MARK: - Covariance targets

  /// Flat start and end states of every transition of `series`.
  func transitionArrays(_ series: _StateSeries) -> ([Float], [Float]) {
    let n = series.transitionCount
    var a = [Float](repeating: 0, count: n * D)
    var b = a
    for i in 0..<n {
      let s = series.startOfTransition(i) * D
      for j in 0..<D {
        a[i * D + j] = series.states[s + j]
        b[i * D + j] = series.states[s + D + j]
      }
    }
    return (a, b)
  }

  /// Recomputes the frozen-drift covariance targets of the training and validation transitions.
  mutating func refreshTargets() throws {
    let (a, b) = transitionArrays(trainSeries)
    targets = try _CovarianceTargets.compute(
      model: model, starts: a, ends: b, dt: dt, quadrature: losses.covarianceQuadrature,
      residual: losses.covarianceResidual)
    if let v = validationSeries {
      let (va, vb) = transitionArrays(v)
      validationTargets = try _CovarianceTargets.compute(
        model: model, starts: va, ends: vb, dt: dt, quadrature: losses.covarianceQuadrature,
        residual: losses.covarianceResidual)
    }
  }

  // MARK: - Validation

  /// The phase's terms on the validation paths (no tape), or `nil` without a validation split.
  func validate(phase: TrainingPhase) throws -> LossTerms? {
    guard let series = validationSeries else { return nil }
    let w = losses.weights
    return try Tape.withoutRecording {
      var terms = LossTerms(total: 0)
      if phase != .diffusion && w.pointwise > 0 {
        let n = series.transitionCount
        let chunk = 16_384
        var sum = 0.0
        var start = 0
        while start < n {
          let count = min(chunk, n - start)
          let (z0, z1) = try gather(series, start..<(start + count))
          let lp = try _pointwiseDriftLoss(
            model: model, states: z0, next: z1, dt: dt, stepper: driftStepper,
            schedule: driftSchedule, norm: losses.pointwiseNorm)
          sum += Double(lp.scalar) * Double(count)
          start += count
        }
        terms.pointwise = sum / Double(n)
        terms.total += w.pointwise * (sum / Double(n))
      }
      if phase != .diffusion && w.reconstruction > 0 {
        let starts = (0..<min(series.pathCount, 1024)).map { $0 * series.length }
        let (z0, targets) = try windowTensors(series, starts)
        let lr = Double(
          try _reconstructionLoss(
            model: model, windowStarts: z0, targets: targets, dt: dt,
            stepper: reconstructionStepper, schedule: reconstructionSchedule,
            norm: losses.reconstructionNorm
          ).scalar)
        terms.reconstruction = lr
        terms.total += w.reconstruction * lr
      }
      if phase != .drift && w.covariance > 0, let v = validationTargets {
        let lcv = Double(
          try _covarianceLoss(
            model: model, batch: try v.batch(0..<v.transitionCount, matching: losses.covarianceMatching),
            norm: losses.covarianceNorm
          ).scalar)
        terms.covariance = lcv
        terms.total += w.covariance * lcv
      }
      return terms
    }
  }

  static func checkpointPath(_ directory: String) -> String {
    (directory as NSString).appendingPathComponent("checkpoint.safetensors")
  }
}
