import Foundation
import NeuralSDE
import SVGPlot

/// Writes what `learn-sde` and `demo` produce for a trained model: the model file, the loss
/// history, the learned field on a grid, reconstructions and plots. Glue over NeuralSDE and
/// SVGPlot: every number comes from the library.
struct LearnedModelOutputs {
  let directory: String
  /// File-name prefix (`""`, or `"naive-"` in the demo).
  var prefix: String = ""
  private(set) var written: [String] = []

  init(directory: String, prefix: String = "") {
    self.directory = directory
    self.prefix = prefix
  }

  func path(_ name: String) -> String { _join(directory, prefix + name) }

  mutating func saveModel(_ model: NeuralSDEModel) throws {
    let file = path("model.safetensors")
    try model.save(to: file)
    written.append(file)
  }

  /// loss.csv: one row per epoch with each loss term (training and validation) and the learning rate.
  mutating func writeLossHistory(_ history: [EpochRecord]) throws {
    func cell(_ v: Double?) -> String { v.map { "\($0)" } ?? "" }
    var text = "phase,epoch,train_total,train_drift,train_covariance,train_reconstruction,"
      + "validation_total,validation_drift,validation_covariance,validation_reconstruction,learning_rate\n"
    for r in history {
      text += [
        r.phase.rawValue, "\(r.epoch)", "\(r.training.total)", cell(r.training.pointwise),
        cell(r.training.covariance), cell(r.training.reconstruction), cell(r.validation?.total),
        cell(r.validation?.pointwise), cell(r.validation?.covariance),
        cell(r.validation?.reconstruction), "\(r.learningRate)",
      ].joined(separator: ",") + "\n"
    }
    written.append(try _writeText(text, to: path("loss.csv")))
  }

  /// loss.svg: each term over the epochs, training solid and validation as its own series.
  mutating func plotLossHistory(_ history: [EpochRecord], title: String) throws {
    let epochs = history.map { Double($0.epoch + 1) }
    func series(_ name: String, _ value: (EpochRecord) -> Double?) -> (name: String, values: [Double]) {
      (name, history.map { value($0) ?? .nan })
    }
    var all = [
      series("drift (train)", { $0.training.pointwise }),
      series("covariance (train)", { $0.training.covariance }),
      series("reconstruction (train)", { $0.training.reconstruction }),
    ]
    if history.contains(where: { $0.validation != nil }) {
      all += [
        series("drift (validation)", { $0.validation?.pointwise }),
        series("covariance (validation)", { $0.validation?.covariance }),
        series("reconstruction (validation)", { $0.validation?.reconstruction }),
      ]
    }
    let file = path("loss.svg")
    try Plots.lossCurves(epochs: epochs, series: all, title: title).write(to: file)
    written.append(file)
  }

  /// field.csv and field_{points,drift,diffusion}.npy: the learned drift and σσᵀ on a grid over
  /// the data (a 2-D grid over components 0 and 1, or a 1-D sweep when D = 1). Returns the grid
  /// for plotting (`nil` for D = 1, whose sweep is returned in `sweep`).
  mutating func writeField(
    _ model: NeuralSDEModel, states: [Double], stateNames: [String], resolution: Int = 15
  ) throws -> (grid: FieldGrid?, sweep: (x: [Double], drift: [Double], diffusion: [Double])?) {
    let D = model.configuration.stateDimension
    if D >= 2 {
      let bounds = FieldGrid.bounds(of: states, stateDimension: D)
      var base = [Double](repeating: 0, count: D)
      let N = states.count / D
      for i in 0..<N { for a in 0..<D { base[a] += states[i * D + a] / Double(N) } }
      let grid = try FieldGrid.evaluate(
        model, xRange: bounds.0, yRange: bounds.1, resolution: (resolution, resolution), base: base)
      written.append(try _writeText(grid.csv(stateNames: stateNames), to: path("field.csv")))
      let arrays = try grid.npyArrays()
      for (name, array) in [("points", arrays.points), ("drift", arrays.drift), ("diffusion", arrays.diffusionCovariance)] {
        let file = path("field_\(name).npy")
        try array.write(to: file)
        written.append(file)
      }
      return (grid, nil)
    }
    let bounds = FieldGrid.bounds(of: states + states, stateDimension: 2)  // 1-D: both axes alike
    let n = 4 * resolution
    let x = (0..<n).map { bounds.0.lowerBound + (bounds.0.upperBound - bounds.0.lowerBound) * Double($0) / Double(n - 1) }
    let drift = try model.driftValues(at: x)
    let diffusion = try model.diffusionCovariance(at: x)
    let name = stateNames.first ?? "z1"
    var text = "\(name),mu_\(name),sigma2_\(name)_\(name)\n"
    for i in 0..<n { text += "\(x[i]),\(drift[i]),\(diffusion[i])\n" }
    written.append(try _writeText(text, to: path("field.csv")))
    let file = path("field.npy")
    try NPYArray(shape: [n, 3], values: (0..<n).flatMap { [x[$0], drift[$0], diffusion[$0]] }).write(to: file)
    written.append(file)
    return (nil, (x, drift, diffusion))
  }

  /// drift.svg: the learned field (quiver for D ≥ 2, curves for D = 1) beside the truth if known.
  mutating func plotField(
    grid: FieldGrid?, sweep: (x: [Double], drift: [Double], diffusion: [Double])?,
    trueDrift: ((Double, Double) -> (Double, Double))?, trueDrift1D: ((Double) -> Double)?,
    states: [Double], stateNames: [String]
  ) throws {
    let file = path("drift.svg")
    if let grid {
      let D = grid.stateDimension
      let count = grid.points.count / D
      let x = (0..<count).map { grid.points[$0 * D + grid.axes.0] }
      let y = (0..<count).map { grid.points[$0 * D + grid.axes.1] }
      let u = (0..<count).map { grid.drift[$0 * D + grid.axes.0] }
      let v = (0..<count).map { grid.drift[$0 * D + grid.axes.1] }
      let truth = trueDrift.map { f in
        (u: (0..<count).map { f(x[$0], y[$0]).0 }, v: (0..<count).map { f(x[$0], y[$0]).1 })
      }
      let data = Plots.subsample(states, dimension: D, axes: grid.axes)
      let names = (
        stateNames.indices.contains(grid.axes.0) ? stateNames[grid.axes.0] : "z1",
        stateNames.indices.contains(grid.axes.1) ? stateNames[grid.axes.1] : "z2")
      try Plots.driftFields(x: x, y: y, learned: (u, v), truth: truth, data: data, names: names)
        .write(to: file)
    } else if let sweep {
      var grid = FigureGrid(columns: 2, cellWidth: 560, cellHeight: 440)
      let name = stateNames.first ?? "z1"
      grid.add(Plots.field1D(
        title: "drift μ", xLabel: name, yLabel: "μ", x: sweep.x, learned: sweep.drift,
        truth: trueDrift1D.map { f in sweep.x.map(f) }, binned: nil))
      grid.add(Plots.field1D(
        title: "diffusion σ²", xLabel: name, yLabel: "σ²", x: sweep.x, learned: sweep.diffusion,
        truth: nil, binned: nil))
      try grid.write(to: file)
    } else {
      return
    }
    written.append(file)
  }

  /// The model states `Z₀` of the first `paths` paths: the first observation and, for `M ≥ 2`
  /// with empirical derivatives, its forward differences (the construction of the training data).
  static func initialStates(
    _ data: TrajectorySet, paths: Int, order M: Int, derivatives: DerivativeSource, dt: Double
  ) -> [Double] {
    let d = data.dims
    var initial: [Double] = []
    for p in 0..<paths {
      if derivatives == .supplied || M == 1 {
        initial += data.state(path: p, step: 0)
      } else {
        var rows: [[Double]] = (0..<M).map { Array(data.state(path: p, step: $0)) }
        var z = rows[0]
        for _ in 1..<M {
          rows = (0..<(rows.count - 1)).map { k in (0..<d).map { (rows[k + 1][$0] - rows[k][$0]) / dt } }
          z += rows[0]
        }
        initial += z
      }
    }
    return initial
  }

  /// simulated.csv and simulated.svg: `paths` paths of the learned SDE (DiffEq's Euler–Maruyama
  /// ensemble, `substeps` steps per observation interval) from the first path's initial state,
  /// observed at the data's times, against the first observed paths.
  mutating func writeSimulatedPaths(
    _ model: NeuralSDEModel, data: TrajectorySet, derivatives: DerivativeSource, paths: Int,
    substeps: Int, seed: UInt64
  ) throws {
    guard let dt = data.dt else { return }
    let c = model.configuration
    let observedColumns = derivatives == .supplied ? c.stateDimension : data.dims
    let lost = derivatives == .empirical ? c.order - 1 : 0
    let times = Array(data.times.prefix(data.steps - lost))
    guard times.count >= 2 else { return }
    let x0 = Self.initialStates(data, paths: 1, order: c.order, derivatives: derivatives, dt: dt)
    let t0 = times[0]
    let shifted = times.map { $0 - t0 }  // the ensemble starts at 0
    let ensemble = try EnsembleRunner.paths(
      LearnedSDEField(model), x0: x0, t1: shifted[shifted.count - 1], dt: dt / Double(substeps),
      saveTimes: shifted, paths: paths, seed: seed, threads: nil, method: .eulerMaruyama,
      label: "simulate learned SDE")
    let D = c.stateDimension
    var values: [Double] = []
    values.reserveCapacity(paths * times.count * observedColumns)
    for i in 0..<(paths * times.count) { values += ensemble.values[(i * D)..<(i * D + observedColumns)] }
    let names = Array(data.stateNames.prefix(observedColumns))
    let simulated = try TrajectorySet(
      values: values, paths: paths, steps: times.count, dims: observedColumns, times: times, stateNames: names)
    let csv = path("simulated.csv")
    try simulated.writeCSV(to: csv)
    written.append(csv)

    var grid = FigureGrid(columns: min(observedColumns, 2), cellWidth: 600, cellHeight: 400)
    for (a, name) in names.enumerated() {
      var figure = Figure(title: "\(name): learned-SDE paths and observed paths")
      figure.xLabel = "t"
      figure.yLabel = name
      for p in 0..<min(20, paths) {
        figure.line(
          x: times, y: (0..<times.count).map { simulated[path: p, step: $0, dim: a] },
          label: p == 0 ? "learned SDE" : nil, color: Figure.palette[0], width: 0.8)
      }
      for p in 0..<min(20, data.paths) {
        figure.line(
          x: times, y: (0..<times.count).map { data[path: p, step: $0, dim: a] },
          label: p == 0 ? "observed" : nil, color: Figure.palette[1], width: 0.8)
      }
      grid.add(figure)
    }
    let svg = path("simulated.svg")
    try grid.write(to: svg)
    written.append(svg)
  }

  /// reconstruction.csv and paths.svg: noise-free reconstructions of the first paths from their
  /// initial states, against the observed paths (and the true noise-free solution when known).
  mutating func writeReconstructions(
    _ model: NeuralSDEModel, data: TrajectorySet, derivatives: DerivativeSource, count: Int = 5,
    truth: [[Double]]? = nil
  ) throws {
    guard let dt = data.dt else { return }
    let c = model.configuration
    let M = c.order
    let d = data.dims
    let D = c.stateDimension
    let intervals = data.steps - 1 - (derivatives == .empirical ? M - 1 : 0)
    guard intervals >= 1 else { return }
    let paths = min(count, data.paths)
    let initial = Self.initialStates(data, paths: paths, order: M, derivatives: derivatives, dt: dt)
    let flow = try model.reconstruct(from: initial, intervals: intervals, dt: dt)
    let observedColumns = derivatives == .supplied ? D : d
    var values: [Double] = []
    for p in 0..<paths {
      for k in 0...intervals {
        let base = (p * (intervals + 1) + k) * D
        values += flow[base..<(base + observedColumns)]
      }
    }
    let times = Array(data.times.prefix(intervals + 1))
    let reconstructions = try TrajectorySet(
      values: values, paths: paths, steps: intervals + 1, dims: observedColumns, times: times,
      stateNames: Array(data.stateNames.prefix(observedColumns)), pathIDs: Array(data.pathIDs.prefix(paths)))
    let csv = path("reconstruction.csv")
    try reconstructions.writeCSV(to: csv)
    written.append(csv)

    let observed = (0..<paths).map { p in (0...intervals).map { k in Array(data.state(path: p, step: k)) } }
    let rebuilt = (0..<paths).map { p in (0...intervals).map { k in Array(reconstructions.state(path: p, step: k)) } }
    let file = path("paths.svg")
    try Plots.pathsAgainstReconstructions(
      times: times, observed: observed, reconstructed: rebuilt, truth: truth.map { Array($0.prefix(intervals + 1)) },
      stateNames: Array(data.stateNames.prefix(observedColumns))
    ).write(to: file)
    written.append(file)
  }
}
