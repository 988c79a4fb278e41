/// The buffers an ``SDEMethod`` step works in, for one lane vector of paths, plus helpers that
/// evaluate drift and diffusion (sharing additive noise across lanes) and form noise terms.
///
/// All buffers hold lane vectors (`L.laneCount` paths each) and are allocated once per solve or per
/// ensemble worker; a step never allocates. ``state`` holds the current state `x` and is updated in
/// place by the step. Sizes: `d` for ``state``, ``drift``, ``secondDrift``, ``predictor``,
/// ``derivative``; `m` (``NoiseStructure/valueCount(stateDimension:noiseDimension:)``) for
/// ``diffusion`` and ``secondDiffusion``; `3d` for ``scratch``.
///
/// Workspaces are created by DiffEq's integrators; methods only use them.
public struct SDEWorkspace<L: LaneVector> {
  /// `d`.
  public let stateDimension: Int
  /// `n`.
  public let noiseDimension: Int
  /// `m`: the number of diffusion values (`d·n` for general noise, `d` otherwise).
  public let diffusionCount: Int
  /// The field's noise structure.
  public let noiseStructure: NoiseStructure
  /// The field's diffusion dependence.
  public let diffusionDependence: DiffusionDependence
  /// `true` when evaluations check their output and report faults (single paths and failure
  /// diagnosis); `false` in ensemble lanes, where the integrator checks the state instead.
  public let checksFinite: Bool
  /// The current state `x` (`d`), updated in place by each step.
  public let state: LaneBuffer<L>
  /// Drift at the step's start (`d`).
  public let drift: LaneBuffer<L>
  /// Drift at a second point, e.g. a predictor (`d`).
  public let secondDrift: LaneBuffer<L>
  /// Diffusion at the step's start (`m`). For ``DiffusionDependence/constant`` noise it is filled
  /// before the first step and never re-evaluated.
  public let diffusion: LaneBuffer<L>
  /// Diffusion at a second point (`m`); prefilled like ``diffusion`` for constant noise.
  public let secondDiffusion: LaneBuffer<L>
  /// A predicted state (`d`).
  public let predictor: LaneBuffer<L>
  /// `∂σⁱ/∂xⁱ` (`d`), for Milstein.
  public let derivative: LaneBuffer<L>
  /// Free scratch space (`3d`).
  public let scratch: LaneBuffer<L>
  @usableFromInline let placeholderState: UnsafeMutablePointer<Double>
  @usableFromInline let scalarDiffusion: UnsafeMutablePointer<Double>

  @inlinable
  init(
    stateDimension: Int, noiseDimension: Int, noiseStructure: NoiseStructure,
    diffusionDependence: DiffusionDependence, checksFinite: Bool, lanes: UnsafeMutablePointer<L>,
    scalars: UnsafeMutablePointer<Double>
  ) {
    let d = stateDimension
    let m = noiseStructure.valueCount(stateDimension: d, noiseDimension: noiseDimension)
    self.stateDimension = d
    self.noiseDimension = noiseDimension
    self.diffusionCount = m
    self.noiseStructure = noiseStructure
    self.diffusionDependence = diffusionDependence
    self.checksFinite = checksFinite
    var p = lanes
    state = LaneBuffer(p, count: d); p += d
    drift = LaneBuffer(p, count: d); p += d
    secondDrift = LaneBuffer(p, count: d); p += d
    predictor = LaneBuffer(p, count: d); p += d
    derivative = LaneBuffer(p, count: d); p += d
    scratch = LaneBuffer(p, count: 3 * d); p += 3 * d
    diffusion = LaneBuffer(p, count: m); p += m
    secondDiffusion = LaneBuffer(p, count: m)
    placeholderState = scalars
    scalarDiffusion = scalars + d
  }

  /// Lane vectors needed for dimensions `d`, `m`: `8d + 2m`.
  @inlinable
  static func laneCount(stateDimension d: Int, diffusionCount m: Int) -> Int { 8 * d + 2 * m }

  /// Doubles needed for dimensions `d`, `m`: `d + m`.
  @inlinable
  static func scalarCount(stateDimension d: Int, diffusionCount m: Int) -> Int { d + m }

  /// Evaluates `μ(t, x)` into `out`. Returns `false` if ``checksFinite`` and a value is not finite.
  @inlinable @inline(__always)
  public func evaluateDrift<F: SDEVectorField>(
    _ field: F, t: Double, x: LaneValues<L>, into out: LaneBuffer<L>
  ) -> Bool {
    field.drift(t: t, x: x, into: out)
    return !checksFinite || Self.allFinite(out)
  }

  /// Evaluates `σ(t, x)` into `out` according to ``diffusionDependence``: per lane for
  /// ``DiffusionDependence/state``; once with `L = Double` and broadcast for
  /// ``DiffusionDependence/time``; not at all for ``DiffusionDependence/constant`` (``diffusion``
  /// and ``secondDiffusion`` were filled before the first step). Returns `false` if
  /// ``checksFinite`` and a value is not finite.
  @inlinable @inline(__always)
  public func evaluateDiffusion<F: SDEVectorField>(
    _ field: F, t: Double, x: LaneValues<L>, into out: LaneBuffer<L>
  ) -> Bool {
    switch diffusionDependence {
    case .state:
      field.diffusion(t: t, x: x, into: out)
      return !checksFinite || Self.allFinite(out)
    case .time:
      let finite = evaluateScalarDiffusion(field, t: t)
      for j in 0..<diffusionCount { out[j] = L(repeating: scalarDiffusion[j]) }
      return !checksFinite || finite
    case .constant:
      return true
    }
  }

  /// Evaluates the additive `σ(t)` with `L = Double` into the scalar buffer; `true` when finite.
  @inlinable
  func evaluateScalarDiffusion<F: SDEVectorField>(_ field: F, t: Double) -> Bool {
    let m = diffusionCount
    field.diffusion(
      t: t, x: LaneValues(UnsafePointer(placeholderState), count: stateDimension),
      into: LaneBuffer(scalarDiffusion, count: m))
    for j in 0..<m where !scalarDiffusion[j].isFinite { return false }
    return true
  }

  /// Prepares a solve: copies `x0` into ``state`` (every lane) and the placeholder state, and for
  /// constant noise fills ``diffusion`` and ``secondDiffusion`` with `σ(t0)`. Returns `false` when
  /// that constant `σ` is not finite.
  @inlinable
  func start<F: SDEVectorField>(_ field: F, x0: UnsafeBufferPointer<Double>, t0: Double) -> Bool {
    for i in 0..<stateDimension {
      state[i] = L(repeating: x0[i])
      placeholderState[i] = x0[i]
    }
    guard diffusionDependence == .constant else { return true }
    let finite = evaluateScalarDiffusion(field, t: t0)
    for j in 0..<diffusionCount {
      diffusion[j] = L(repeating: scalarDiffusion[j])
      secondDiffusion[j] = L(repeating: scalarDiffusion[j])
    }
    return finite
  }

  /// The noise term of component `i`, `Σⱼ σⁱʲ ΔWʲ`, for the layout of ``noiseStructure``:
  /// `σ[i]·ΔW[i]` (diagonal), `σ[i]·ΔW[0]` (scalar), `Σⱼ σ[i·n + j]·ΔW[j]` summed in order of `j`
  /// (general).
  @inlinable @inline(__always)
  public func noiseTerm(_ sigma: LaneBuffer<L>, component i: Int, dW: LaneValues<L>) -> L {
    switch noiseStructure {
    case .diagonal:
      return sigma[i] * dW[i]
    case .scalar:
      return sigma[i] * dW[0]
    case .general:
      let n = noiseDimension
      let row = i * n
      var acc: L = sigma[row] * dW[0]
      var j = 1
      while j < n {
        acc = acc + sigma[row + j] * dW[j]
        j += 1
      }
      return acc
    }
  }

  /// `true` when every lane of every value in `buffer` is finite.
  @inlinable
  public static func allFinite(_ buffer: LaneBuffer<L>) -> Bool {
    for i in 0..<buffer.count where !buffer[i].isFiniteInEveryLane { return false }
    return true
  }
}

/// Owns the memory of one ``SDEWorkspace``.
@usableFromInline
final class _SDEWorkspaceStorage<L: LaneVector> {
  @usableFromInline let lanes: UnsafeMutablePointer<L>
  @usableFromInline let scalars: UnsafeMutablePointer<Double>
  @usableFromInline let workspace: SDEWorkspace<L>

  @inlinable
  init<F: SDEVectorField>(field: F, checksFinite: Bool) {
    let d = field.stateDimension
    let n = field.noiseDimension
    let m = field.noiseStructure.valueCount(stateDimension: d, noiseDimension: n)
    let laneCount = SDEWorkspace<L>.laneCount(stateDimension: d, diffusionCount: m)
    let scalarCount = SDEWorkspace<L>.scalarCount(stateDimension: d, diffusionCount: m)
    lanes = _AlignedBuffer.allocate(L.self, count: laneCount)
    lanes.initialize(repeating: L(repeating: 0), count: laneCount)
    scalars = _AlignedBuffer.allocate(Double.self, count: scalarCount)
    scalars.initialize(repeating: 0, count: scalarCount)
    workspace = SDEWorkspace(
      stateDimension: d, noiseDimension: n, noiseStructure: field.noiseStructure,
      diffusionDependence: field.diffusionDependence, checksFinite: checksFinite, lanes: lanes,
      scalars: scalars)
  }

  deinit {
    _AlignedBuffer.deallocate(lanes)
    _AlignedBuffer.deallocate(scalars)
  }
}
