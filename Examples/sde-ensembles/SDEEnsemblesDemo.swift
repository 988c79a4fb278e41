import DiffEq
import Foundation
import SVGPlot

/// The demo's numerics: ensembles, the summary table and the plots.
enum SDEEnsemblesDemo {
  static let shownPaths = 5

  static func run(outputDirectory: String, seed: UInt64) throws {
    // DiffEq's built-in systems, with their exact moments for the dashed reference curves.
    let gbmSystem = GeometricBrownianMotion(mu: 0.5, sigma: 0.4)
    let gbm = try oneDimensional(
      name: "GBM", title: "GBM dX = 0.5X dt + 0.4X dW (Milstein, 20,000 paths)",
      problem: try SDEProblem(gbmSystem, x0: [1], t0: 0, t1: 2),
      method: Milstein(), seed: seed, exactMean: { gbmSystem.exactMean(x0: 1, t: $0) },
      exactVariance: { gbmSystem.exactVariance(x0: 1, t: $0) })
    let ouSystem = OrnsteinUhlenbeck(theta: 2, mean: 1, sigma: 0.5)
    let ou = try oneDimensional(
      name: "OU", title: "OU dX = 2(1 − X) dt + 0.5 dW (EM, 20,000 paths)",
      problem: try SDEProblem(ouSystem, x0: [3], t0: 0, t1: 3),
      method: EulerMaruyama(), seed: seed, exactMean: { ouSystem.exactMean(x0: 3, t: $0) },
      exactVariance: { ouSystem.exactVariance(t: $0) })
    let ball = try sdeBall(seed: seed)

    print("       t      mean   (exact)       sd   (exact)")
    for row in gbm.rows + ou.rows {
      print(row)
    }
    print(ball.summary)

    try gbm.figure.write(to: outputDirectory + "/gbm.svg")
    try ou.figure.write(to: outputDirectory + "/ou.svg")
    try ball.paths.write(to: outputDirectory + "/sde-ball.svg")
    var grid = FigureGrid(columns: 2)
    grid.add(gbm.figure)
    grid.add(ou.figure)
    grid.add(ball.paths)
    grid.add(ball.cloud)
    try grid.write(to: outputDirectory + "/sde-ensembles.svg")
    print("wrote gbm.svg, ou.svg, sde-ball.svg, sde-ensembles.svg to \(outputDirectory)")
  }

  /// A 1-D ensemble: statistics at 101 times, the band mean ± 2 sd, a few stored paths, the exact
  /// mean (dashed), and table rows at three times.
  static func oneDimensional<F: SDEVectorField, M: SDEMethod>(
    name: String, title: String, problem: SDEProblem<F>, method: M, seed: UInt64,
    exactMean: (Double) -> Double, exactVariance: (Double) -> Double
  ) throws -> (figure: Figure, rows: [String]) {
    let times = (0...100).map { problem.t0 + (problem.t1 - problem.t0) * Double($0) / 100 }
    let ensemble = try SDEEnsemble(problem: problem, method: method, dt: 1e-3, saveTimes: times, seed: seed)
    let stats = try ensemble.statistics(count: 20_000)
    try stats.requireAllFinite()
    let paths = try ensemble.paths(count: shownPaths)
    let mean = stats.mean
    let sd = (0..<times.count).map { stats.variance(at: $0)[0].squareRoot() }

    var figure = Figure(width: 800, height: 500, title: title)
    figure.xLabel = "t"
    figure.yLabel = "X(t)"
    figure.band(
      x: times, lower: zip(mean, sd).map { $0 - 2 * $1 }, upper: zip(mean, sd).map { $0 + 2 * $1 },
      label: "mean ± 2 sd", color: "#1f77b4", opacity: 0.2)
    for k in 0..<shownPaths {
      figure.line(x: times, y: Array(paths.path(k)), label: k == 0 ? "sample paths" : nil,
        color: "#7f7f7f", width: 0.8)
    }
    figure.line(x: times, y: mean, label: "ensemble mean", color: "#1f77b4", width: 2)
    figure.line(x: times, y: times.map(exactMean), label: "exact mean", color: "#d62728", width: 1.5,
      dashed: true)

    let rows = [25, 50, 100].map { s -> String in
      let t = times[s]
      return String(
        format: "%-6@ %5.2f  %8.4f (%8.4f)  %8.4f (%8.4f)", name as NSString, t, mean[s],
        exactMean(t), sd[s], exactVariance(t).squareRoot())
    }
    return (figure, rows)
  }

  /// SDE-ball paths in the phase plane and the cloud of 2,000 final states at T = 10.
  static func sdeBall(seed: UInt64) throws -> (paths: Figure, cloud: Figure, summary: String) {
    let problem = try SDEProblem(LinearSDE.sdeBall, x0: [0, 1], t0: 0, t1: 10)
    let times = (0...1000).map { Double($0) * 0.01 }
    let ensemble = try SDEEnsemble(problem: problem, method: StochasticHeun(), dt: 0.01, saveTimes: times, seed: seed)
    let paths = try ensemble.paths(count: 2_000)
    var phase = Figure(width: 800, height: 500, title: "SDE ball: dX = Y dt + 0.2 dW, dY = −X dt + 0.1 dW")
    phase.xLabel = "X"
    phase.yLabel = "Y"
    phase.equalAspect = true
    for k in 0..<shownPaths {
      let p = Array(paths.path(k))
      phase.line(
        x: stride(from: 0, to: p.count, by: 2).map { p[$0] },
        y: stride(from: 1, to: p.count, by: 2).map { p[$0] }, label: "path \(k)", width: 1)
    }
    var cloud = Figure(width: 800, height: 500, title: "SDE ball: 2,000 states at T = 10")
    cloud.xLabel = "X(10)"
    cloud.yLabel = "Y(10)"
    cloud.equalAspect = true
    let last = times.count - 1
    let finals = (0..<2_000).map { paths.state(path: $0, save: last) }
    cloud.scatter(
      x: finals.map { $0[$0.startIndex] }, y: finals.map { $0[$0.startIndex + 1] }, label: "X(10)",
      color: "#2ca02c", radius: 1.5)
    cloud.scatter(x: [Foundation.sin(10)], y: [Foundation.cos(10)], label: "exact mean", color: "#d62728", radius: 5)
    let rc = try RealizedCovariation(paths)
    let summary = String(
      format: "SDE ball, 2,000 paths: realized covariation [[%.4f, %.4f], [%.4f, %.4f]] "
        + "(σσᵀT = [[0.4, 0.2], [0.2, 0.1]], drift bias O(Δt) at Δt = 0.01)",
      rc.mean[0], rc.mean[1], rc.mean[2], rc.mean[3])
    return (phase, cloud, summary)
  }
}
