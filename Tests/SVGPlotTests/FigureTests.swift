import Foundation
import Testing

@testable import SVGPlot

/// Parses a figure's SVG, failing the test when it is not well-formed XML.
private func parse(_ f: Figure, sourceLocation: SourceLocation = #_sourceLocation) throws -> SVGDocument {
  let text = f.svg()
  let doc = try #require(SVGDocument(text), "SVG is not well-formed XML", sourceLocation: sourceLocation)
  return doc
}

private func tickValues(_ doc: SVGDocument, _ cls: String) -> [Double] {
  doc.all("text", class: cls).compactMap { Double($0.text) }
}

private func isNiceStep(_ step: Double) -> Bool {
  let e = floor(log10(step))
  let m = step / pow(10, e)
  return [1.0, 2.0, 5.0, 10.0].contains { abs(m - $0) < 1e-6 }
}

@Suite("Figure")
struct FigureTests {
  @Test("every kind of figure is well-formed XML with an svg root of the requested size")
  func wellFormed() throws {
    var f = Figure(width: 640, height: 360, title: "A <title> & 'quotes' \"too\"")
    f.xLabel = "t < 1 & x > 0"
    f.yLabel = "y"
    let xs = (0..<50).map { Double($0) * 0.1 }
    f.line(x: xs, y: xs.map { sin($0) }, label: "sin & co")
    f.scatter(x: xs, y: xs.map { cos($0) }, label: "<cos>")
    f.band(x: xs, lower: xs.map { sin($0) - 0.2 }, upper: xs.map { sin($0) + 0.2 }, label: "band")
    f.quiver(x: [0, 1, 2], y: [0, 0, 0], u: [1, 0, -1], v: [0, 1, 0], label: "field")
    let doc = try parse(f)
    let root = try #require(doc.elements.first)
    #expect(root.name == "svg")
    #expect(root.attributes["width"] == "640")
    #expect(root.attributes["height"] == "360")
    #expect(doc.all("text", class: "title").first?.text == "A <title> & 'quotes' \"too\"")
    #expect(doc.all("text", class: "xlabel").first?.text == "t < 1 & x > 0")
    #expect(doc.all("g", class: "legend").count == 1)
  }

  @Test("one <path class=line> per line series, with one point per input point")
  func onePathPerLine() throws {
    var f = Figure()
    let xs = (0..<20).map(Double.init)
    for k in 0..<3 { f.line(x: xs, y: xs.map { $0 * Double(k + 1) }) }
    let doc = try parse(f)
    let lines = doc.all("path", class: "line")
    #expect(lines.count == 3)
    for l in lines {
      let sp = subpaths(l.attributes["d"] ?? "")
      #expect(sp.count == 1)
      #expect(sp.first?.count == 20)
    }
  }

  @Test("tick labels are 1-2-5 steps and cover the data range", arguments: [
    (0.13, 9.7), (-3.2, 47.0), (1e-5, 3.7e-5), (-0.004, 0.0031), (123_456.0, 987_654.0),
    (2.0, 2.0), (-1e9, 3e9), (0.0, 0.0), (-7.0, -6.99),
  ])
  func niceTicks(range: (Double, Double)) throws {
    var f = Figure()
    f.line(x: [range.0, range.1], y: [range.0, range.1])
    let doc = try parse(f)
    for cls in ["xtick", "ytick"] {
      let labels = doc.all("text", class: cls).map(\.text)
      let ticks = tickValues(doc, cls)
      #expect(ticks.count == labels.count, "every label parses as a number: \(labels)")
      #expect(ticks.count >= 3 && ticks.count <= 12, "\(cls) count \(ticks.count): \(labels)")
      guard let first = ticks.first, let last = ticks.last, ticks.count >= 2 else { continue }
      #expect(first <= range.0 && last >= range.1, "\(cls) \(labels) must cover \(range)")
      let step = ticks[1] - ticks[0]
      // Labels are rounded text: tolerance 1e-6 relative to the step.
      #expect(isNiceStep(step), "\(cls) step \(step) is not 1, 2 or 5 × 10^k")
      for (a, b) in zip(ticks, ticks.dropFirst()) {
        #expect(abs((b - a) - step) <= 1e-6 * step, "\(cls) uneven ticks \(labels)")
      }
      for t in ticks {
        let k = t / step
        #expect(abs(k - k.rounded()) < 1e-6, "\(cls) tick \(t) is not a multiple of \(step)")
      }
    }
  }

  @Test("data map linearly onto the tick positions")
  func pixelMapping() throws {
    var f = Figure()
    f.line(x: [0, 10], y: [0, 100])
    let doc = try parse(f)
    let d = try #require(doc.all("path", class: "line").first?.attributes["d"])
    let sp = try #require(subpaths(d).first)
    let x0 = try #require(doc.all("text", class: "xtick").first { $0.text == "0" })
    let x10 = try #require(doc.all("text", class: "xtick").first { $0.text == "10" })
    // Coordinates are rounded to 0.1 px: tolerance 0.11 px.
    #expect(abs(sp[0].0 - Double(x0.attributes["x"]!)!) <= 0.11)
    #expect(abs(sp[1].0 - Double(x10.attributes["x"]!)!) <= 0.11)
    let y0 = try #require(doc.all("text", class: "ytick").first { $0.text == "0" })
    let y100 = try #require(doc.all("text", class: "ytick").first { $0.text == "100" })
    // y tick labels are drawn 4 px below their tick (baseline offset).
    #expect(abs(sp[0].1 - (Double(y0.attributes["y"]!)! - 4)) <= 0.11)
    #expect(abs(sp[1].1 - (Double(y100.attributes["y"]!)! - 4)) <= 0.11)
    #expect(sp[1].1 < sp[0].1, "larger y is higher on screen")
  }

  @Test("NaN and infinity break a line into subpaths; an isolated point becomes a dot")
  func nanBreaksLine() throws {
    var f = Figure()
    f.line(x: [0, 1, 2, 3, 4, 5], y: [0, 1, .nan, 3, 4, 5])
    f.line(x: [0, 1, .infinity, 3, 4], y: [0, 1, 2, 3, 4])
    f.line(x: [0, 1, 2, 3, 4], y: [0, .nan, 2, -.infinity, 4])
    f.line(x: [0, 1], y: [.nan, .nan])
    let doc = try parse(f)
    let lines = doc.all("path", class: "line").map { subpaths($0.attributes["d"] ?? "") }
    #expect(lines.count == 4)
    #expect(lines[0].map(\.count) == [2, 3])
    #expect(lines[1].map(\.count) == [2, 2])
    // Isolated points: "M x y h0" — two coincident points, a round-capped dot.
    #expect(lines[2].count == 3)
    #expect(lines[2].allSatisfy { $0.count == 2 && $0[0] == $0[1] })
    #expect(lines[3].isEmpty)
  }

  @Test("extra points of the longer array are ignored")
  func mismatchedLengths() throws {
    var f = Figure()
    f.line(x: [0, 1, 2, 3, 4], y: [0, 1, 2])
    f.scatter(x: [0, 1], y: [0, 1, 2, 3])
    f.band(x: [0, 1, 2], lower: [0, 0], upper: [1, 1, 1, 1])
    f.quiver(x: [0, 1, 2], y: [0, 0, 0], u: [1, 1], v: [0, 0, 0])
    let doc = try parse(f)
    #expect(subpaths(doc.all("path", class: "line")[0].attributes["d"]!).first?.count == 3)
    #expect(doc.all("circle").count == 2)
    // Band over 2 points: 2 upper + 2 lower vertices.
    #expect(subpaths(doc.all("path", class: "band")[0].attributes["d"]!).first?.count == 4)
    let ticks = tickValues(doc, "xtick")
    #expect(try #require(ticks.last) < 3, "x = 3, 4 were ignored, so the axis stops before them")
  }

  @Test("an empty figure renders axes only")
  func emptyFigure() throws {
    let doc = try parse(Figure())
    #expect(doc.all("rect", class: "frame").count == 1)
    #expect(doc.all("text", class: "xtick").count >= 2)
    #expect(doc.all("text", class: "ytick").count >= 2)
    #expect(doc.all("path", class: "line").isEmpty)
    #expect(doc.all("g", class: "legend").isEmpty)
    #expect(tickValues(doc, "xtick").first == 0 && tickValues(doc, "xtick").last == 1)
  }

  @Test("legend lists exactly the labelled series")
  func legend() throws {
    var f = Figure()
    f.line(x: [0, 1], y: [0, 1])
    #expect(try parse(f).all("g", class: "legend").isEmpty)
    f.line(x: [0, 1], y: [1, 0], label: "down", dashed: true)
    f.scatter(x: [0.5], y: [0.5], label: "mid")
    let doc = try parse(f)
    let legendTexts = doc.elements.filter { $0.name == "text" && $0.ancestors.last == "g" && $0.attributes["class"] == nil }
    #expect(legendTexts.map(\.text) == ["down", "mid"])
  }

  @Test("series without a colour cycle through the palette; explicit colours don't advance it")
  func colourCycle() throws {
    var f = Figure()
    f.line(x: [0, 1], y: [0, 1])
    f.line(x: [0, 1], y: [0, 2], color: "black")
    f.line(x: [0, 1], y: [0, 3])
    let strokes = try parse(f).all("path", class: "line").map { $0.attributes["stroke"] }
    #expect(strokes == [Figure.palette[0], "black", Figure.palette[1]])
    #expect(Set(Figure.palette).count == Figure.palette.count)
  }

  @Test("log y: decade ticks, non-positive values skipped and breaking the line")
  func logY() throws {
    var f = Figure()
    f.logY = true
    f.line(x: [0, 1, 2, 3, 4, 5], y: [10, 1, 0, 0.1, -1, 0.001])
    let doc = try parse(f)
    let labels = doc.all("text", class: "ytick").map(\.text)
    #expect(labels.first == "0.001" && labels.last == "10", "\(labels)")
    let ticks = tickValues(doc, "ytick")
    for (a, b) in zip(ticks, ticks.dropFirst()) {
      #expect(abs(log10(b / a) - 1) < 1e-9, "one decade per tick: \(labels)")
    }
    let sp = subpaths(doc.all("path", class: "line")[0].attributes["d"]!)
    #expect(sp.map(\.count) == [2, 2, 2], "points 0,1 | 3 (dot) | 5 (dot)")
    // Equal ratios are equal distances: 10 → 1 and 1 → 0.1 span the same pixels (±0.11 px rounding).
    let y10 = sp[0][0].1, y1 = sp[0][1].1, y01 = sp[1][0].1
    #expect(abs((y1 - y10) - (y01 - y1)) <= 0.21)
  }

  @Test("log y over a narrow range uses 1-2-5 ticks")
  func logYNarrow() throws {
    var f = Figure()
    f.logY = true
    f.line(x: [0, 1], y: [1.5, 40])
    let labels = try parse(f).all("text", class: "ytick").map(\.text)
    #expect(labels == ["1", "2", "5", "10", "20", "50", "100"])
  }

  @Test("equal aspect: one data unit is the same number of pixels on both axes")
  func equalAspect() throws {
    var f = Figure(width: 800, height: 500)
    f.equalAspect = true
    let t = (0...100).map { Double($0) * 2 * Double.pi / 100 }
    f.line(x: t.map { 3 * cos($0) }, y: t.map { sin($0) })
    let doc = try parse(f)
    func pixelsPerUnit(_ cls: String, _ attr: String) throws -> Double {
      let ts = doc.all("text", class: cls)
      let a = try #require(ts.first), b = try #require(ts.last)
      let dv = Double(b.text)! - Double(a.text)!
      return abs(Double(b.attributes[attr]!)! - Double(a.attributes[attr]!)!) / dv
    }
    let px = try pixelsPerUnit("xtick", "x"), py = try pixelsPerUnit("ytick", "y")
    // Tick positions are rounded to 0.1 px over spans of ≥ 100 px: relative tolerance 0.3 %.
    #expect(abs(px - py) / px < 3e-3, "x: \(px) px/unit, y: \(py) px/unit")
    // The data still fit: all path points inside the frame.
    let frame = try #require(doc.all("rect", class: "frame").first)
    let fx = Double(frame.attributes["x"]!)!, fy = Double(frame.attributes["y"]!)!
    let fw = Double(frame.attributes["width"]!)!, fh = Double(frame.attributes["height"]!)!
    for p in subpaths(doc.all("path", class: "line")[0].attributes["d"]!)[0] {
      #expect(p.0 >= fx - 0.1 && p.0 <= fx + fw + 0.1 && p.1 >= fy - 0.1 && p.1 <= fy + fh + 0.1)
    }
  }

  @Test("band: one closed polygon per finite run; NaN splits it")
  func band() throws {
    var f = Figure()
    f.band(x: [0, 1, 2, 3, 4, 5, 6], lower: [0, 0, 0, .nan, 0, 0, 0], upper: [1, 1, 1, 1, 1, 1, 1])
    let d = try parse(f).all("path", class: "band")[0].attributes["d"]!
    #expect(d.filter { $0 == "Z" }.count == 2)
    #expect(subpaths(d).map(\.count) == [6, 6])
  }

  @Test("quiver: one arrow per finite non-zero vector, none longer than the grid spacing")
  func quiver() throws {
    var f = Figure()
    f.equalAspect = true
    var x: [Double] = [], y: [Double] = [], u: [Double] = [], v: [Double] = []
    for i in 0..<5 {
      for j in 0..<5 {
        x.append(Double(i)); y.append(Double(j))
        u.append(Double(j) - 2); v.append(-(Double(i) - 2))  // rotation field, zero at the centre
      }
    }
    u[0] = .nan
    f.quiver(x: x, y: y, u: u, v: v)
    let doc = try parse(f)
    let group = try #require(doc.all("g", class: "quiver").first)
    _ = group
    let paths = doc.elements.filter { $0.name == "path" && $0.ancestors.last == "g" && $0.attributes["fill"] == "none" && $0.attributes["stroke-width"] == "1.2" }
    let shaftData = try #require(paths.first?.attributes["d"])
    let shafts = subpaths(shaftData)
    #expect(shafts.count == 23, "25 points, one NaN, one zero vector")
    // Grid spacing in pixels from the x ticks (1 data unit).
    let xt = doc.all("text", class: "xtick")
    let unit = abs(Double(xt[1].attributes["x"]!)! - Double(xt[0].attributes["x"]!)!) / (Double(xt[1].text)! - Double(xt[0].text)!)
    for s in shafts {
      let len = hypot(s[1].0 - s[0].0, s[1].1 - s[0].1)
      // Shafts stop at the arrowhead base, so they are shorter than 0.9 cells (+0.2 px rounding).
      #expect(len <= 0.9 * unit + 0.2, "shaft \(len) px, spacing \(unit) px")
    }
    // Longest vector is (±2, ±2) at the corners, spacing 1: s = 0.9 / √8 (exact up to rounding).
    #expect(abs(Figure.quiverScale(x: x, y: y, u: u, v: v) - 0.9 / 8.0.squareRoot()) < 1e-12)
    // Direction at (4, 2): (u, v) = (0, −2), so the arrow points down the screen (+y in SVG).
    let at42 = try #require(shafts.first { abs($0[0].0 - shafts.map { $0[0].0 }.max()!) < 0.2 && abs($0[1].0 - $0[0].0) < 0.2 })
    #expect(at42[1].1 > at42[0].1)
  }

  @Test("degenerate and extreme data render without crashing", arguments: [
    [1.0, 1.0, 1.0], [5.0], [-1e308, 1e308], [1e300, 2e300], [-0.0, 0.0], [Double.nan, .infinity],
    [1e-300, 2e-300], [-Double.greatestFiniteMagnitude, Double.leastNonzeroMagnitude],
  ])
  func extremes(values: [Double]) throws {
    var f = Figure()
    f.line(x: values, y: values)
    f.scatter(x: values, y: values.reversed())
    f.band(x: values, lower: values, upper: values)
    f.quiver(x: values, y: values, u: values, v: values)
    var g = f
    g.logY = true
    g.equalAspect = true
    _ = try parse(f)
    _ = try parse(g)
  }

  @Test("fixed limits are honoured; invalid limits fall back to the data")
  func limits() throws {
    var f = Figure()
    f.line(x: [0, 100], y: [0, 1])
    f.xLimits = 10...20
    let xt = tickValues(try parse(f), "xtick")
    #expect(try #require(xt.first) >= 10 && xt.last! <= 20)
    f.xLimits = 5...5
    #expect(tickValues(try parse(f), "xtick").last == 100)
  }

  @Test("write creates parent directories and throws a clear error when it cannot")
  func write() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("svgplot-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
    defer { try? FileManager.default.removeItem(at: dir) }
    var f = Figure(title: "written")
    f.line(x: [0, 1], y: [0, 1])
    let path = dir.appendingPathComponent("a/b/fig.svg").path
    try f.write(to: path)
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text == f.svg())

    // A regular file where a directory is needed.
    let blocker = dir.appendingPathComponent("file").path
    try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))
    let err = #expect(throws: SVGPlotError.self) { try f.write(to: blocker + "/sub/fig.svg") }
    #expect(err.map { "\($0)" }?.contains(blocker) == true)
    #expect(throws: SVGPlotError.self) { try f.write(to: blocker + "/fig.svg") }
    // A directory where the file should be.
    #expect(throws: SVGPlotError.self) { try f.write(to: dir.appendingPathComponent("a").path) }
  }

  @Test("coordinates and labels are formatted compactly")
  func formatting() {
    #expect(_Format.px(12.25) == "12.3" || _Format.px(12.25) == "12.2")
    #expect(_Format.px(7.0) == "7")
    #expect(_Format.px(-0.04) == "0")
    #expect(_Format.px(-0.3) == "-0.3")
    #expect(_Format.px(-12.5) == "-12.5")
    #expect(_Format.px(.nan) == "0")
    #expect(_Format.px(1e300) == "1000000")
    #expect(_Format.tick(0.30000000000000004, step: 0.1, magnitude: 1) == "0.3")
    #expect(_Format.tick(-0.0, step: 0.5, magnitude: 1) == "0.0")
    #expect(_Format.tick(2.5e-5, step: 5e-6, magnitude: 3e-5) == "2.5e-5")
    #expect(_Format.tick(2e9, step: 1e9, magnitude: 3e9) == "2e9")
    #expect(_Format.compact(1.5) == "1.5")
    #expect(_Format.compact(1e-5) == "1e-5")
    #expect(_Format.xml("a<b&\"c\"") == "a&lt;b&amp;&quot;c&quot;")
  }
}
