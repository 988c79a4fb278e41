/// Simulates paths `range` of an ensemble on `threads` workers, sixteen paths per
/// `SIMD16<Double>` lane vector, writing saved states to `flatOutput` (rows `(k − range.lowerBound)·S·d`) and/or
/// streaming them into moment nodes.
///
/// Each chunk of paths is split into blocks of sixteen consecutive paths `[b, b + 16)`; lane `j` runs
/// stream `b + j`. A lane whose state became non-finite is re-run alone with `L = Double` and
/// checking evaluations, which reproduces it bit for bit and locates the fault (path, time, kind).
@inlinable
func _runEnsemble<F: SDEVectorField, M: SDEMethod>(
  problem: SDEProblem<F>, method: M, plan: _SDEStepPlan, seed: UInt64, range: Range<Int>,
  threads: Int, progress: (@Sendable (Int, Int) -> Bool)?, flatOutput: _SharedBuffer?,
  statistics: Bool
) throws -> (failures: [PathFailure], nodes: [_MomentNode]) {
  typealias L = SIMD16<Double>
  let width = L.laneCount
  let total = range.count
  let workersWanted = max(1, threads)
  let share = (total + 16 * workersWanted - 1) / (16 * workersWanted)
  let chunk = min(1024, max(width, ((share + width - 1) / width) * width))
  let chunkCount = (total + chunk - 1) / chunk
  let scheduler = _ChunkScheduler(chunkCount: chunkCount, totalPaths: total, progress: progress)
  let results = _SharedSlots(
    repeating: _EnsembleChunkResult(failures: [], nodes: []), count: chunkCount)
  let field = problem.field
  let x0 = problem.x0
  let d = field.stateDimension
  let n = field.noiseDimension
  let S = plan.saveCount

  _ChunkScheduler.run(threads: min(workersWanted, chunkCount)) { _ in
    let storage = _SDEWorkspaceStorage<L>(field: field, checksFinite: false)
    let ws = storage.workspace
    let gaussianCount = _SDEGaussianIncrements<L>.bufferCapacity(noiseDimension: n)
    let gaussians = UnsafeMutablePointer<L>.allocate(capacity: gaussianCount)
    gaussians.initialize(repeating: L(repeating: 0), count: gaussianCount)
    let saves = UnsafeMutablePointer<L>.allocate(capacity: max(1, S * d))
    saves.initialize(repeating: L(repeating: .nan), count: max(1, S * d))
    let accumulator = statistics ? _MomentAccumulator(stateDimension: d, saveCount: S) : nil
    defer {
      gaussians.deallocate()
      saves.deallocate()
    }
    withExtendedLifetime(storage) {
      x0.withUnsafeBufferPointer { x0p in
        while let c = scheduler.take() {
          let lo = range.lowerBound + c * chunk
          let hi = min(lo + chunk, range.upperBound)
          var failures: [PathFailure] = []
          var block = lo
          while block < hi {
            let active = min(width, hi - block)
            var noise = _SDEGaussianIncrements(
              stream: GaussianStream<L>(seed: seed, firstStream: UInt64(block), activeLanes: active),
              buffer: gaussians, noiseDimension: n)
            let outcome = _sdeIntegrate(
              field: field, method: method, plan: plan, x0: x0p, workspace: ws, noise: &noise
            ) { s in
              for i in 0..<d { saves[s * d + i] = ws.state[i] }
            }
            var failed: UInt64 = 0
            if !outcome.guardLanes.isFiniteInEveryLane {
              for j in 0..<active where !outcome.guardLanes.lane(j).isFinite {
                failed |= 1 << UInt64(j)
                failures.append(
                  _diagnoseEnsemblePath(
                    field: field, method: method, plan: plan, x0: x0, seed: seed, path: block + j))
              }
            }
            saves.withMemoryRebound(to: Double.self, capacity: max(1, S * d) * width) { values in
              if let out = flatOutput {
                for j in 0..<active {
                  let row = out.base + (block + j - range.lowerBound) * S * d
                  for q in 0..<(S * d) { row[q] = values[q * width + j] }
                }
              }
              if let accumulator {
                var j = 0
                while j < active {
                  let path = block + j
                  if path & 1 == 0, j + 1 < active, failed & (3 << UInt64(j)) == 0 {
                    accumulator.pushPair(
                      path: path, source: values, stride: width, laneA: j, laneB: j + 1)
                    j += 2
                    continue
                  }
                  if failed & (1 << UInt64(j)) != 0 {
                    accumulator.pushEmpty(path: path)
                  } else {
                    accumulator.pushLeaf(path: path, source: values, stride: width, lane: j)
                  }
                  j += 1
                }
              }
            }
            block += width
          }
          results.set(
            c, _EnsembleChunkResult(failures: failures, nodes: accumulator?.drain() ?? []))
          scheduler.finished(paths: hi - lo)
        }
      }
    }
  }
  try scheduler.throwIfCancelled()
  let all = results.all
  return (all.flatMap(\.failures), all.flatMap(\.nodes))
}

/// Re-runs path `path` alone (`L = Double`, checking evaluations) to find where it failed.
@inlinable
@inline(never)
func _diagnoseEnsemblePath<F: SDEVectorField, M: SDEMethod>(
  field: F, method: M, plan: _SDEStepPlan, x0: [Double], seed: UInt64, path: Int
) -> PathFailure {
  let buffer = UnsafeMutablePointer<Double>.allocate(
    capacity: _SDEGaussianIncrements<Double>.bufferCapacity(noiseDimension: field.noiseDimension))
  defer { buffer.deallocate() }
  var noise = _SDEGaussianIncrements(
    stream: GaussianStream<Double>(seed: seed, firstStream: UInt64(path)), buffer: buffer,
    noiseDimension: field.noiseDimension)
  let result = _sdeSolveSingle(field: field, method: method, plan: plan, x0: x0, noise: &noise)
  let end = (plan.times.last ?? plan.t0) + (plan.steps.last ?? 0)
  return PathFailure(
    path: path, t: result.fault == nil ? end : result.faultTime, quantity: result.fault ?? .state)
}
