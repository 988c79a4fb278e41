import DiffEq
import SVGPlot

/// Tables, CSV/NPY rows and the plot of a ``KramersMoyal`` estimate (1-D or 2-D).
struct KramersMoyalReport {
  let km: KramersMoyal
  let names: [String]

  /// Column names of km.csv / km.npy: bin centres, count, drift and its errors, the diffusion
  /// entries (upper triangle) and their errors.
  var columns: [String] {
    let d = km.dimension
    var c = names.map { "center_\($0)" } + ["count"]
    c += names.map { "drift_\($0)" } + names.map { "drift_\($0)_se" }
    for i in 0..<d { for j in i..<d { c.append("diffusion_\(names[i])\(names[j])") } }
    for i in 0..<d { for j in i..<d { c.append("diffusion_\(names[i])\(names[j])_se") } }
    return c
  }

  /// The centre of bin `b` (row-major over dimensions).
  func center(_ b: Int) -> [Double] {
    if km.dimension == 1 { return [km.centers[0][b]] }
    let n1 = km.binCounts[1]
    return [km.centers[0][b / n1], km.centers[1][b % n1]]
  }

  /// One row per bin: the values of ``columns`` (NaN for under-populated bins).
  func row(_ b: Int) -> [Double] {
    let d = km.dimension
    var r = center(b) + [Double(km.counts[b])]
    r += (0..<d).map { km.drift[b * d + $0] }
    r += (0..<d).map { km.driftStandardError[b * d + $0] }
    for i in 0..<d { for j in i..<d { r.append(km.diffusion[b * d * d + i * d + j]) } }
    for i in 0..<d { for j in i..<d { r.append(km.diffusionStandardError[b * d * d + i * d + j]) } }
    return r
  }

  /// All rows, flat (`bins × columns`).
  var matrix: [Double] { (0..<km.counts.count).flatMap(row) }

  /// km.csv text.
  var csv: String {
    columns.joined(separator: ",") + "\n"
      + (0..<km.counts.count).map { b in row(b).map { "\($0)" }.joined(separator: ",") }
      .joined(separator: "\n") + "\n"
  }

  /// The populated bins as a printed table: centre, count, drift ± SE, diffusion ± SE.
  var table: _Table {
    let d = km.dimension
    var header = names.map { "center \($0)" } + ["count"]
    header += names.map { "drift \($0)" }
    for i in 0..<d { for j in i..<d { header.append("diffusion \(names[i])\(names[j])") } }
    var t = _Table(header)
    for b in 0..<km.counts.count where !km.isUnderPopulated[b] {
      var cells = center(b).map { _fixed($0, 3) } + ["\(km.counts[b])"]
      cells += (0..<d).map { i in
        "\(_fixed(km.drift[b * d + i], 4)) ± \(_formatNumber(km.driftStandardError[b * d + i], significant: 2))"
      }
      for i in 0..<d {
        for j in i..<d {
          let k = b * d * d + i * d + j
          cells.append("\(_formatNumber(km.diffusion[k], significant: 4)) ± \(_formatNumber(km.diffusionStandardError[k], significant: 2))")
        }
      }
      t.add(cells)
    }
    return t
  }

  /// 1-D: drift and diffusion against the state; 2-D: the drift field over the data and the
  /// diffusion entries against the first coordinate.
  func figure(data samples: [Double]) -> FigureGrid {
    let d = km.dimension
    let populated = (0..<km.counts.count).filter { !km.isUnderPopulated[$0] }
    var grid = FigureGrid(columns: 2, cellWidth: 560, cellHeight: 480)
    if d == 1 {
      let x = populated.map { km.centers[0][$0] }
      var drift = Figure(width: 560, height: 480, title: "Kramers–Moyal drift")
      drift.xLabel = names[0]
      drift.yLabel = "drift"
      drift.band(
        x: x, lower: populated.map { km.drift[$0] - 2 * km.driftStandardError[$0] },
        upper: populated.map { km.drift[$0] + 2 * km.driftStandardError[$0] }, label: "± 2 SE")
      drift.line(x: x, y: populated.map { km.drift[$0] }, label: "estimate")
      var diffusion = Figure(width: 560, height: 480, title: "Kramers–Moyal diffusion σ²")
      diffusion.xLabel = names[0]
      diffusion.yLabel = "σ²"
      diffusion.band(
        x: x, lower: populated.map { km.diffusion[$0] - 2 * km.diffusionStandardError[$0] },
        upper: populated.map { km.diffusion[$0] + 2 * km.diffusionStandardError[$0] }, label: "± 2 SE")
      diffusion.line(x: x, y: populated.map { km.diffusion[$0] }, label: "estimate")
      grid.add(drift)
      grid.add(diffusion)
    } else {
      var field = Figure(width: 560, height: 480, title: "Kramers–Moyal drift field")
      field.xLabel = names[0]
      field.yLabel = names[1]
      field.equalAspect = true
      let (xs, ys) = Plots.subsample(samples, dimension: 2)
      field.scatter(x: xs, y: ys, label: "data", color: "#b0b0b0", radius: 1.6)
      let centers = populated.map(center)
      field.quiver(
        x: centers.map { $0[0] }, y: centers.map { $0[1] }, u: populated.map { km.drift[2 * $0] },
        v: populated.map { km.drift[2 * $0 + 1] }, label: "drift")
      var diffusion = Figure(width: 560, height: 480, title: "Kramers–Moyal diffusion entries")
      diffusion.xLabel = "\(names[0]) (bin centre)"
      diffusion.yLabel = "σσᵀ entry"
      for (label, offset) in [("\(names[0])\(names[0])", 0), ("\(names[0])\(names[1])", 1), ("\(names[1])\(names[1])", 3)] {
        diffusion.scatter(
          x: centers.map { $0[0] }, y: populated.map { km.diffusion[4 * $0 + offset] }, label: label, radius: 2.5)
      }
      grid.add(field)
      grid.add(diffusion)
    }
    return grid
  }
}
