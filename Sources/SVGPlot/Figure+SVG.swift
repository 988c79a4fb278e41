import Foundation

extension Figure {
  /// The figure as a standalone SVG 1.1 document (UTF-8 text, with an XML declaration).
  ///
  /// Structure (stable, for tools and tests): a background `<rect>`, grid lines, one element per
  /// series inside a group clipped to the plot area (`<path class="line">`, `<g class="scatter">`
  /// of `<circle>`s, `<path class="band">`, `<g class="quiver">`), the frame, tick labels
  /// (`<text class="xtick">`, `<text class="ytick">`), title and axis labels, then
  /// `<g class="legend">` when any series has a label.
  /// - Complexity: O(total number of points).
  public func svg() -> String {
    let (w, h) = canvasSize
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(_Format.px(w))\" height=\"\(_Format.px(h))\" "
    out += "viewBox=\"0 0 \(_Format.px(w)) \(_Format.px(h))\" font-family=\"sans-serif\" font-size=\"12\">\n"
    renderBody(into: &out, idPrefix: "fig")
    out += "</svg>\n"
    return out
  }

  /// Canvas size actually drawn (raised to the documented minimum).
  var canvasSize: (Double, Double) {
    (width.isFinite ? max(width, 100) : 800, height.isFinite ? max(height, 80) : 500)
  }

  /// Appends the figure's elements (no `<svg>` wrapper), at the origin, to `out`.
  /// `idPrefix` makes element ids unique when several figures share one document.
  func renderBody(into out: inout String, idPrefix: String) {
    let (w, h) = canvasSize
    let top: Double = title.isEmpty ? 14 : 38
    let bottom: Double = xLabel.isEmpty ? 30 : 48
    let right: Double = 18
    let ph = max(h - top - bottom, 20)
    let bounds = dataBounds()

    // The left margin depends on the y tick labels, which may depend on the x axis (equal aspect).
    var left: Double = yLabel.isEmpty ? 50 : 68
    var axes = makeAxes(bounds: bounds, pw: max(w - left - right, 20), ph: ph)
    let needed = marginFor(axes.y) + (yLabel.isEmpty ? 0 : 20)
    if needed > left {
      left = needed
      axes = makeAxes(bounds: bounds, pw: max(w - left - right, 20), ph: ph)
    }
    let pw = max(w - left - right, 20)
    let xa = axes.x, ya = axes.y
    let sx = pw / (xa.hi - xa.lo), sy = ph / (ya.hi - ya.lo)
    let X = { (v: Double) -> Double in left + (v - xa.lo) * sx }
    let Y = { (p: Double) -> Double in top + ph - (p - ya.lo) * sy }
    let P = _Format.px

    out += "<rect class=\"background\" x=\"0\" y=\"0\" width=\"\(P(w))\" height=\"\(P(h))\" fill=\"white\"/>\n"
    out += "<defs><clipPath id=\"\(idPrefix)-clip\"><rect x=\"\(P(left))\" y=\"\(P(top))\" "
    out += "width=\"\(P(pw))\" height=\"\(P(ph))\"/></clipPath></defs>\n"

    // Grid lines.
    var grid = ""
    for t in xa.ticks { grid += "M\(P(X(t.position))) \(P(top))V\(P(top + ph))" }
    for t in ya.ticks { grid += "M\(P(left)) \(P(Y(t.position)))H\(P(left + pw))" }
    out += "<path class=\"grid\" fill=\"none\" stroke=\"#e6e6e6\" stroke-width=\"1\" d=\"\(grid)\"/>\n"

    // Series.
    out += "<g clip-path=\"url(#\(idPrefix)-clip)\">\n"
    for s in series {
      renderSeries(s, into: &out, xAxis: xa, yAxis: ya, X: X, Y: Y)
    }
    out += "</g>\n"

    // Frame and ticks.
    out += "<rect class=\"frame\" x=\"\(P(left))\" y=\"\(P(top))\" width=\"\(P(pw))\" height=\"\(P(ph))\" "
    out += "fill=\"none\" stroke=\"#333333\" stroke-width=\"1\"/>\n"
    var marks = ""
    for t in xa.ticks { marks += "M\(P(X(t.position))) \(P(top + ph))v5" }
    for t in ya.ticks { marks += "M\(P(left)) \(P(Y(t.position)))h-5" }
    out += "<path class=\"ticks\" fill=\"none\" stroke=\"#333333\" stroke-width=\"1\" d=\"\(marks)\"/>\n"
    for t in xa.ticks {
      out += "<text class=\"xtick\" x=\"\(P(X(t.position)))\" y=\"\(P(top + ph + 18))\" "
      out += "text-anchor=\"middle\">\(_Format.xml(t.label))</text>\n"
    }
    for t in ya.ticks {
      out += "<text class=\"ytick\" x=\"\(P(left - 8))\" y=\"\(P(Y(t.position) + 4))\" "
      out += "text-anchor=\"end\">\(_Format.xml(t.label))</text>\n"
    }

    // Title and axis labels.
    if !title.isEmpty {
      out += "<text class=\"title\" x=\"\(P(left + pw / 2))\" y=\"24\" text-anchor=\"middle\" "
      out += "font-size=\"15\" font-weight=\"bold\">\(_Format.xml(title))</text>\n"
    }
    if !xLabel.isEmpty {
      out += "<text class=\"xlabel\" x=\"\(P(left + pw / 2))\" y=\"\(P(top + ph + 38))\" "
      out += "text-anchor=\"middle\">\(_Format.xml(xLabel))</text>\n"
    }
    if !yLabel.isEmpty {
      let cx: Double = 16, cy = top + ph / 2
      out += "<text class=\"ylabel\" x=\"\(P(cx))\" y=\"\(P(cy))\" text-anchor=\"middle\" "
      out += "transform=\"rotate(-90 \(P(cx)) \(P(cy)))\">\(_Format.xml(yLabel))</text>\n"
    }

    renderLegend(into: &out, plotRight: left + pw, plotTop: top)
  }

  // MARK: - Axes

  /// Finite data limits over every drawable point (`nil` on an axis with no drawable data).
  func dataBounds() -> (x: (Double, Double)?, y: (Double, Double)?) {
    var xlo = Double.infinity, xhi = -Double.infinity
    var ylo = Double.infinity, yhi = -Double.infinity
    let logY = self.logY
    @inline(__always) func okY(_ v: Double) -> Bool { v.isFinite && (!logY || v > 0) }
    @inline(__always) func addX(_ v: Double) { xlo = min(xlo, v); xhi = max(xhi, v) }
    @inline(__always) func addY(_ v: Double) { ylo = min(ylo, v); yhi = max(yhi, v) }
    for s in series {
      switch s {
      case .line(let x, let y, _, _, _, _), .scatter(let x, let y, _, _, _):
        for i in x.indices where x[i].isFinite && okY(y[i]) {
          addX(x[i])
          addY(y[i])
        }
      case .band(let x, let lo, let hi, _, _, _):
        for i in x.indices where x[i].isFinite && okY(lo[i]) && okY(hi[i]) {
          addX(x[i])
          addY(lo[i])
          addY(hi[i])
        }
      case .quiver(let x, let y, let u, let v, _, _):
        let s = Figure.quiverScale(x: x, y: y, u: u, v: v)
        for i in x.indices where Figure.quiverPointIsFinite(x, y, u, v, i) {
          let tx = x[i] + s * u[i], ty = y[i] + s * v[i]
          if okY(y[i]) && okY(ty) && tx.isFinite {
            addX(x[i])
            addX(tx)
            addY(y[i])
            addY(ty)
          }
        }
      }
    }
    return (xlo <= xhi ? (xlo, xhi) : nil, ylo <= yhi ? (ylo, yhi) : nil)
  }

  /// Chooses both axes for a plot area of `pw × ph` pixels.
  func makeAxes(bounds: (x: (Double, Double)?, y: (Double, Double)?), pw: Double, ph: Double)
    -> (x: _Axis, y: _Axis)
  {
    let xTarget = min(max(Int(pw / 90), 3), 10)
    let yTarget = min(max(Int(ph / 55), 3), 10)
    func validLinear(_ r: ClosedRange<Double>?) -> ClosedRange<Double>? {
      guard let r, r.lowerBound.isFinite, r.upperBound.isFinite, r.upperBound > r.lowerBound else {
        return nil
      }
      return r
    }
    var xa: _Axis
    if let r = validLinear(xLimits) {
      xa = .linearInside(lo: r.lowerBound, hi: r.upperBound, target: xTarget)
    } else {
      let b = bounds.x ?? (0, 1)
      xa = .linearCovering(dataLo: b.0, dataHi: b.1, target: xTarget)
    }
    var ya: _Axis
    if logY {
      if let r = validLinear(yLimits), r.lowerBound > 0 {
        ya = .logInside(lo: log10(r.lowerBound), hi: log10(r.upperBound), target: yTarget)
      } else {
        let b = bounds.y ?? (1, 10)
        ya = .logCovering(dataLo: b.0, dataHi: b.1, target: yTarget)
      }
      return (xa, ya)
    }
    if let r = validLinear(yLimits) {
      ya = .linearInside(lo: r.lowerBound, hi: r.upperBound, target: yTarget)
    } else {
      let b = bounds.y ?? (0, 1)
      ya = .linearCovering(dataLo: b.0, dataHi: b.1, target: yTarget)
    }
    if equalAspect {
      // Same data units per pixel on both axes: widen the axis with room to spare.
      let ux = (xa.hi - xa.lo) / pw, uy = (ya.hi - ya.lo) / ph
      if ux > uy {
        let c = (ya.lo + ya.hi) / 2, half = ux * ph / 2
        ya = .linearInside(lo: c - half, hi: c + half, target: yTarget)
      } else if uy > ux {
        let c = (xa.lo + xa.hi) / 2, half = uy * pw / 2
        xa = .linearInside(lo: c - half, hi: c + half, target: xTarget)
      }
    }
    return (xa, ya)
  }

  /// Left margin wide enough for the y tick labels (≈ 7 px per character).
  private func marginFor(_ axis: _Axis) -> Double {
    let longest = axis.ticks.map { $0.label.count }.max() ?? 1
    return Double(longest) * 7 + 18
  }

  // MARK: - Series

  static func quiverPointIsFinite(_ x: [Double], _ y: [Double], _ u: [Double], _ v: [Double], _ i: Int)
    -> Bool
  {
    x[i].isFinite && y[i].isFinite && u[i].isFinite && v[i].isFinite
  }

  /// The arrow scale `s` documented on ``quiver(x:y:u:v:label:color:)``.
  static func quiverScale(x: [Double], y: [Double], u: [Double], v: [Double]) -> Double {
    var xs: [Double] = [], ys: [Double] = []
    for i in x.indices where quiverPointIsFinite(x, y, u, v, i) {
      xs.append(x[i])
      ys.append(y[i])
    }
    if xs.isEmpty { return 1 }
    let k = Int(Double(xs.count).squareRoot().rounded(.up))
    func spacing(_ a: [Double]) -> Double? {
      guard let lo = a.min(), let hi = a.max(), hi > lo else { return nil }
      let distinct = Set(a).count
      return (hi - lo) / Double(max(min(distinct, k) - 1, 1))
    }
    let hx0 = spacing(xs), hy0 = spacing(ys)
    let hx = hx0 ?? hy0 ?? 1, hy = hy0 ?? hx0 ?? 1
    // Longest arrow measured in cells: max √((u/hx)² + (v/hy)²).
    var longest = 0.0
    for i in x.indices where quiverPointIsFinite(x, y, u, v, i) {
      longest = max(longest, hypot(u[i] / hx, v[i] / hy))
    }
    let scale = 0.9 / longest
    return scale.isFinite && scale > 0 ? scale : 1
  }

  private func renderSeries(
    _ s: _Series, into out: inout String, xAxis: _Axis, yAxis: _Axis,
    X: (Double) -> Double, Y: (Double) -> Double
  ) {
    let P = _Format.px
    switch s {
    case .line(let x, let y, _, let color, let width, let dashed):
      var d = ""
      d.reserveCapacity(x.count * 12)
      var inRun = false, runStart = true
      for i in x.indices {
        guard let px = xAxis.plotted(x[i]), let py = yAxis.plotted(y[i]) else {
          if inRun && runStart { d += "h0" }  // isolated point: a round-capped dot
          inRun = false
          continue
        }
        if !inRun {
          d += "M\(P(X(px))) \(P(Y(py)))"
          inRun = true
          runStart = true
        } else {
          d += (runStart ? "L" : " ") + "\(P(X(px))) \(P(Y(py)))"
          runStart = false
        }
      }
      if inRun && runStart { d += "h0" }
      out += "<path class=\"line\" fill=\"none\" stroke=\"\(_Format.xml(color))\" "
      out += "stroke-width=\"\(_Format.compact(width))\" stroke-linejoin=\"round\" stroke-linecap=\"round\""
      if dashed { out += " stroke-dasharray=\"6 4\"" }
      out += " d=\"\(d)\"/>\n"

    case .scatter(let x, let y, _, let color, let radius):
      out += "<g class=\"scatter\" fill=\"\(_Format.xml(color))\">"
      let r = _Format.compact(radius.isFinite ? max(radius, 0) : 2)
      for i in x.indices {
        guard let px = xAxis.plotted(x[i]), let py = yAxis.plotted(y[i]) else { continue }
        out += "<circle cx=\"\(P(X(px)))\" cy=\"\(P(Y(py)))\" r=\"\(r)\"/>"
      }
      out += "</g>\n"

    case .band(let x, let lower, let upper, _, let color, let opacity):
      var d = ""
      var run: [(Double, Double, Double)] = []
      func flush() {
        if run.count >= 2 {
          d += "M\(P(run[0].0)) \(P(run[0].2))"
          for p in run.dropFirst() { d += "L\(P(p.0)) \(P(p.2))" }
          for p in run.reversed() { d += "L\(P(p.0)) \(P(p.1))" }
          d += "Z"
        }
        run.removeAll(keepingCapacity: true)
      }
      for i in x.indices {
        guard let px = xAxis.plotted(x[i]), let pl = yAxis.plotted(lower[i]),
          let pu = yAxis.plotted(upper[i])
        else {
          flush()
          continue
        }
        run.append((X(px), Y(pl), Y(pu)))
      }
      flush()
      out += "<path class=\"band\" fill=\"\(_Format.xml(color))\" fill-opacity=\"\(_Format.compact(opacity))\" "
      out += "stroke=\"none\" d=\"\(d)\"/>\n"

    case .quiver(let x, let y, let u, let v, _, let color):
      let s = Figure.quiverScale(x: x, y: y, u: u, v: v)
      var shafts = "", heads = ""
      for i in x.indices where Figure.quiverPointIsFinite(x, y, u, v, i) {
        guard let bx = xAxis.plotted(x[i]), let by = yAxis.plotted(y[i]),
          let tx = xAxis.plotted(x[i] + s * u[i]), let ty = yAxis.plotted(y[i] + s * v[i])
        else { continue }
        let x0 = X(bx), y0 = Y(by), x1 = X(tx), y1 = Y(ty)
        Figure.arrow(from: (x0, y0), to: (x1, y1), shafts: &shafts, heads: &heads)
      }
      let c = _Format.xml(color)
      out += "<g class=\"quiver\"><path fill=\"none\" stroke=\"\(c)\" stroke-width=\"1.2\" d=\"\(shafts)\"/>"
      out += "<path fill=\"\(c)\" stroke=\"none\" d=\"\(heads)\"/></g>\n"
    }
  }

  /// Appends an arrow (pixel coordinates) to the shaft and head path data. Zero-length arrows are
  /// skipped.
  static func arrow(
    from a: (Double, Double), to b: (Double, Double), shafts: inout String, heads: inout String
  ) {
    let P = _Format.px
    let dx = b.0 - a.0, dy = b.1 - a.1
    let len = (dx * dx + dy * dy).squareRoot()
    guard len > 0.05, len.isFinite else { return }
    let ux = dx / len, uy = dy / len
    let hl = min(0.35 * len, 8), hw = hl * 0.45
    let bx = b.0 - hl * ux, by = b.1 - hl * uy
    shafts += "M\(P(a.0)) \(P(a.1))L\(P(bx)) \(P(by))"
    heads += "M\(P(b.0)) \(P(b.1))L\(P(bx - hw * uy)) \(P(by + hw * ux))L\(P(bx + hw * uy)) \(P(by - hw * ux))Z"
  }

  // MARK: - Legend

  private func renderLegend(into out: inout String, plotRight: Double, plotTop: Double) {
    let entries = series.filter { $0.label != nil }
    if entries.isEmpty { return }
    let P = _Format.px
    let longest = entries.map { $0.label?.count ?? 0 }.max() ?? 0
    let boxW = 44 + Double(longest) * 7, rowH = 18.0
    let boxH = Double(entries.count) * rowH + 8
    let x0 = plotRight - 10 - boxW, y0 = plotTop + 10
    out += "<g class=\"legend\">\n"
    out += "<rect x=\"\(P(x0))\" y=\"\(P(y0))\" width=\"\(P(boxW))\" height=\"\(P(boxH))\" "
    out += "fill=\"white\" fill-opacity=\"0.85\" stroke=\"#999999\" stroke-width=\"0.8\"/>\n"
    for (k, s) in entries.enumerated() {
      let cy = y0 + 4 + rowH * (Double(k) + 0.5)
      let sx0 = x0 + 8, sx1 = x0 + 32
      switch s {
      case .line(_, _, _, let color, let width, let dashed):
        out += "<path fill=\"none\" stroke=\"\(_Format.xml(color))\" stroke-width=\"\(_Format.compact(width))\""
        if dashed { out += " stroke-dasharray=\"6 4\"" }
        out += " d=\"M\(P(sx0)) \(P(cy))H\(P(sx1))\"/>\n"
      case .scatter(_, _, _, let color, let radius):
        let r = radius.isFinite ? min(max(radius, 2.5), 6) : 3
        out += "<circle cx=\"\(P((sx0 + sx1) / 2))\" cy=\"\(P(cy))\" r=\"\(_Format.compact(r))\" "
        out += "fill=\"\(_Format.xml(color))\"/>\n"
      case .band(_, _, _, _, let color, let opacity):
        out += "<rect x=\"\(P(sx0))\" y=\"\(P(cy - 5))\" width=\"\(P(sx1 - sx0))\" height=\"10\" "
        out += "fill=\"\(_Format.xml(color))\" fill-opacity=\"\(_Format.compact(max(opacity, 0.15)))\"/>\n"
      case .quiver(_, _, _, _, _, let color):
        var shafts = "", heads = ""
        Figure.arrow(from: (sx0, cy), to: (sx1, cy), shafts: &shafts, heads: &heads)
        let c = _Format.xml(color)
        out += "<path fill=\"none\" stroke=\"\(c)\" stroke-width=\"1.2\" d=\"\(shafts)\"/>"
        out += "<path fill=\"\(c)\" stroke=\"none\" d=\"\(heads)\"/>\n"
      }
      out += "<text x=\"\(P(x0 + 40))\" y=\"\(P(cy + 4))\">\(_Format.xml(s.label ?? ""))</text>\n"
    }
    out += "</g>\n"
  }
}
