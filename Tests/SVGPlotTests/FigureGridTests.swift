import Foundation
import Testing

@testable import SVGPlot

@Suite("FigureGrid")
struct FigureGridTests {
  @Test("cells are laid out row by row with unique clip ids, in one well-formed document")
  func layout() throws {
    var grid = FigureGrid(columns: 2, cellWidth: 300, cellHeight: 200)
    for k in 0..<3 {
      var f = Figure(width: 999, height: 999, title: "panel \(k)")
      f.line(x: [0, 1, 2], y: [0, Double(k), 0], label: "k=\(k)")
      grid.add(f)
    }
    let doc = try #require(SVGDocument(grid.svg()))
    let root = try #require(doc.elements.first)
    #expect(root.attributes["width"] == "600" && root.attributes["height"] == "400")
    let cells = doc.all("g", class: "cell")
    #expect(cells.map { $0.attributes["transform"] ?? "" } == [
      "translate(0 0)", "translate(300 0)", "translate(0 200)",
    ])
    let clipIDs = doc.all("clipPath").compactMap { $0.attributes["id"] }
    #expect(clipIDs.count == 3 && Set(clipIDs).count == 3)
    #expect(doc.all("path", class: "line").count == 3)
    #expect(doc.all("text", class: "title").map(\.text) == ["panel 0", "panel 1", "panel 2"])
    // Each figure was drawn at the cell size: its background rect is 300 × 200.
    #expect(doc.all("rect", class: "background").allSatisfy {
      $0.attributes["width"] == "300" && $0.attributes["height"] == "200"
    })
  }

  @Test("an empty grid is a blank, well-formed canvas; columns < 1 are raised to 1")
  func empty() throws {
    let grid = FigureGrid(columns: 0)
    #expect(grid.columns == 1)
    let doc = try #require(SVGDocument(grid.svg()))
    #expect(doc.elements.first?.attributes["width"] == "600")
    #expect(doc.all("g", class: "cell").isEmpty)
  }

  @Test("write creates parent directories")
  func write() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("svggrid-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
    defer { try? FileManager.default.removeItem(at: dir) }
    var grid = FigureGrid(columns: 1)
    grid.add(Figure())
    let path = dir.appendingPathComponent("x/grid.svg").path
    try grid.write(to: path)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == grid.svg())
  }
}
