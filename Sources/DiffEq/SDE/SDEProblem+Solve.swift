extension SDEProblem {
  /// Solves one path with fixed step `dt` on Brownian increments drawn from stream `path` under
  /// `seed`, saving at `saveTimes`.
  ///
  /// The steps follow ``FixedStepSchedule``: the lattice `t0 + k·dt`, with a step shortened to land
  /// on each save time and on `t1`. Step `k` of length `hₖ` uses `ΔWʲ = √hₖ · z`, where the `z` are
  /// the stream's standard normals (``GaussianStream``) in order. The result is bit-identical to
  /// path `path` of an ``SDEEnsemble`` with the same method, `dt`, save times and seed.
  ///
  /// - Parameters:
  ///   - method: ``EulerMaruyama``, ``Milstein``, ``StochasticHeun`` or another ``SDEMethod``.
  ///   - dt: nominal step, finite and `> 0`.
  ///   - saveTimes: strictly increasing times in `[t0, t1]`, at least one.
  ///   - seed: the random seed.
  ///   - path: the stream index `≥ 0` (default 0).
  /// - Returns: the states at the save times.
  /// - Throws: the method's capability errors (``SDEError/unsupportedNoise(method:structure:stateDimension:noiseDimension:)``,
  ///   ``SDEError/calculusMismatch(method:required:actual:)``), setting errors
  ///   (``SDEError/invalidStepSize(dt:)``, save-time errors, ``SDEError/tooManySteps(required:limit:)``,
  ///   ``SDEError/invalidPathRange(lower:upper:)`` for `path < 0`), and
  ///   ``SDEError/nonFinite(quantity:t:path:)`` when a drift, diffusion or state value becomes NaN
  ///   or infinite (`t` is the step's start for drift/diffusion, its end for the state).
  /// - Complexity: `O(steps · cost of one method step)`; allocates only the result and buffers.
  @inlinable
  public func solve<M: SDEMethod>(
    method: M, dt: Double, saveTimes: [Double], seed: UInt64, path: Int = 0
  ) throws -> SDESolution {
    try method.validate(field)
    guard path >= 0 else { throw SDEError.invalidPathRange(lower: path, upper: path + 1) }
    let plan = try _SDEStepPlan(t0: t0, t1: t1, dt: dt, saveTimes: saveTimes)
    let buffer = UnsafeMutablePointer<Double>.allocate(
      capacity: _SDEGaussianIncrements<Double>.bufferCapacity(noiseDimension: field.noiseDimension))
    defer { buffer.deallocate() }
    var noise = _SDEGaussianIncrements(
      stream: GaussianStream<Double>(seed: seed, firstStream: UInt64(path)), buffer: buffer,
      noiseDimension: noiseDimension)
    let result = _sdeSolveSingle(field: field, method: method, plan: plan, x0: x0, noise: &noise)
    if let fault = result.fault {
      throw SDEError.nonFinite(quantity: fault, t: result.faultTime, path: path)
    }
    return SDESolution(saveTimes: saveTimes, stateDimension: stateDimension, states: result.states)
  }

  /// Solves one path on the grid and increments of a given Brownian path, saving at `saveTimes`.
  ///
  /// Every step has length `brownianPath.dt` and uses the path's increment for that step, so
  /// solving on a path and on its ``BrownianPath/coarsened(by:)`` version uses the same Brownian
  /// motion (as strong-order tests need).
  ///
  /// - Parameters:
  ///   - method: the method.
  ///   - brownianPath: increments with `noiseDimension` components on the grid `t0 + k·dt`,
  ///     `k = 0 … steps`, which must start at this problem's `t0` and end at its `t1` (within
  ///     `1e-9·dt`).
  ///   - saveTimes: strictly increasing grid points in `[t0, t1]` (within `1e-9·dt`), at least one.
  ///   - path: the index reported in errors (default 0).
  /// - Throws: the method's capability errors; ``SDEError/brownianDimensionMismatch(expected:actual:)``;
  ///   ``SDEError/brownianGridMismatch(reason:)``; save-time errors and
  ///   ``SDEError/saveTimeNotOnBrownianGrid(index:time:t0:dt:)``; ``SDEError/nonFinite(quantity:t:path:)``.
  @inlinable
  public func solve<M: SDEMethod>(
    method: M, brownianPath: BrownianPath, saveTimes: [Double], path: Int = 0
  ) throws -> SDESolution {
    try method.validate(field)
    guard brownianPath.dimension == noiseDimension else {
      throw SDEError.brownianDimensionMismatch(
        expected: noiseDimension, actual: brownianPath.dimension)
    }
    let dt = brownianPath.dt
    let tol = 1e-9 * dt
    guard abs(brownianPath.t0 - t0) <= tol else {
      throw SDEError.brownianGridMismatch(
        reason: "the path starts at \(brownianPath.t0) but the problem at t0 = \(t0)")
    }
    guard abs(brownianPath.t1 - t1) <= tol else {
      throw SDEError.brownianGridMismatch(
        reason: "the path ends at \(brownianPath.t1) (\(brownianPath.steps) steps of \(dt)) but "
          + "the problem at t1 = \(t1)")
    }
    try _SDEStepPlan.validate(saveTimes: saveTimes, t0: t0, t1: t1 + tol)
    var grid: [Int] = []
    grid.reserveCapacity(saveTimes.count)
    for (k, s) in saveTimes.enumerated() {
      let position = (s - t0) / dt
      let index = position.rounded()
      guard abs(position - index) * dt <= tol, index >= 0, index <= Double(brownianPath.steps)
      else {
        throw SDEError.saveTimeNotOnBrownianGrid(index: k, time: s, t0: t0, dt: dt)
      }
      grid.append(Int(index))
    }
    let plan = _SDEStepPlan(
      t0: t0, dt: dt, stepCount: brownianPath.steps, saveGridIndices: grid, saveTimes: saveTimes)
    let result = try brownianPath.increments.withUnsafeBufferPointer { values in
      guard let base = values.baseAddress else {
        throw SDEError.invalidBrownianPath(reason: "the path has no increments")
      }
      var noise = _SDEStoredIncrements(values: base, noiseDimension: noiseDimension)
      return _sdeSolveSingle(field: field, method: method, plan: plan, x0: x0, noise: &noise)
    }
    if let fault = result.fault {
      throw SDEError.nonFinite(quantity: fault, t: result.faultTime, path: path)
    }
    return SDESolution(saveTimes: saveTimes, stateDimension: stateDimension, states: result.states)
  }
}
