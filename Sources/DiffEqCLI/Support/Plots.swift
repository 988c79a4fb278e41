import SVGPlot

/// The figures `diffeq` writes. Plain glue over ``SVGPlot``: the data arrive computed.
enum Plots {
  /// At most `limit` states (components `axes`) of `N = states.count / D` for a background
  /// scatter: one per block of `⌈N/limit⌉` consecutive states, at an offset that varies from
  /// block to block (a fixed stride could hit the same time step of every path).
  static func subsample(
    _ states: [Double], dimension D: Int, axes: (Int, Int) = (0, 1), limit: Int = 3000
  ) -> (x: [Double], y: [Double]) {
    let count = states.count / D
    let block = max(1, (count + limit - 1) / limit)
    var x: [Double] = []
    var y: [Double] = []
    var i = 0
    while i * block < count {
      let index = min(count - 1, i * block + (i &* 7919) % block)
      x.append(states[index * D + axes.0])
      y.append(states[index * D + axes.1])
      i += 1
    }
    return (x, y)
  }

  /// Loss curves on a log scale: one line per named series over `epochs`.
  static func lossCurves(epochs: [Double], series: [(name: String, values: [Double])], title: String) -> Figure {
    var figure = Figure(width: 800, height: 500, title: title)
    figure.xLabel = "epoch"
    figure.yLabel = "loss"
    figure.logY = true
    for (name, values) in series where values.contains(where: { $0 > 0 }) {
      figure.line(x: epochs, y: values, label: name)
    }
    return figure
  }

  /// One panel per state dimension: observed sample paths (thin grey) against reconstructions
  /// (coloured) and, when known, the true noise-free solution (dashed black).
  static func pathsAgainstReconstructions(
    times: [Double], observed: [[[Double]]], reconstructed: [[[Double]]], truth: [[Double]]?,
    stateNames: [String]
  ) -> FigureGrid {
    var grid = FigureGrid(columns: min(stateNames.count, 2), cellWidth: 600, cellHeight: 400)
    for (d, name) in stateNames.enumerated() {
      var figure = Figure(title: "\(name): observed paths and noise-free reconstructions")
      figure.xLabel = "t"
      figure.yLabel = name
      for (i, path) in observed.enumerated() {
        figure.line(x: times, y: path.map { $0[d] }, label: i == 0 ? "observed" : nil, color: "#999999", width: 0.8)
      }
      for (i, path) in reconstructed.enumerated() {
        let color = Figure.palette[i % Figure.palette.count]
        figure.line(x: times, y: path.map { $0[d] }, label: i == 0 ? "reconstruction" : nil, color: color, width: 1.8)
      }
      if let truth {
        figure.line(x: times, y: truth.map { $0[d] }, label: "true noise-free", color: "black", dashed: true)
      }
      grid.add(figure)
    }
    return grid
  }

  /// Side-by-side quiver plots of a learned and (optionally) a true 2-D drift field on grid points.
  static func driftFields(
    x: [Double], y: [Double], learned: (u: [Double], v: [Double]), truth: (u: [Double], v: [Double])?,
    data: (x: [Double], y: [Double])?, names: (String, String)
  ) -> FigureGrid {
    var grid = FigureGrid(columns: truth == nil ? 1 : 2, cellWidth: 560, cellHeight: 560)
    func panel(_ title: String, _ field: (u: [Double], v: [Double]), color: String) -> Figure {
      var figure = Figure(width: 560, height: 560, title: title)
      figure.xLabel = names.0
      figure.yLabel = names.1
      figure.equalAspect = true
      if let data {
        figure.scatter(x: data.x, y: data.y, label: "data", color: "#b0b0b0", radius: 1.6)
      }
      figure.quiver(x: x, y: y, u: field.u, v: field.v, label: "drift", color: color)
      return figure
    }
    grid.add(panel("learned drift μ", learned, color: Figure.palette[0]))
    if let truth { grid.add(panel("true drift", truth, color: Figure.palette[1])) }
    return grid
  }

  /// A 1-D field against the state: learned (line), true (dashed) and binned estimates (dots).
  static func field1D(
    title: String, xLabel: String, yLabel: String, x: [Double], learned: [Double]?, truth: [Double]?,
    binned: (x: [Double], y: [Double])?
  ) -> Figure {
    var figure = Figure(title: title)
    figure.xLabel = xLabel
    figure.yLabel = yLabel
    if let binned { figure.scatter(x: binned.x, y: binned.y, label: "binned estimate", radius: 3) }
    if let learned { figure.line(x: x, y: learned, label: "learned") }
    if let truth { figure.line(x: x, y: truth, label: "true", color: "black", dashed: true) }
    return figure
  }
}
