/// Several figures laid out in a grid of equal cells, rendered as one SVG document.
///
/// Figures fill the grid row by row, `columns` per row. Each figure is drawn at the cell size
/// (its own `width` and `height` are ignored); everything else about it is kept.
///
/// ```swift
/// var grid = FigureGrid(columns: 2)
/// grid.add(pathsFigure); grid.add(lossFigure)
/// try grid.write(to: "out/summary.svg")
/// ```
public struct FigureGrid: Sendable {
  /// Number of figures per row (at least 1; smaller values are raised to 1).
  public let columns: Int
  /// Width of one cell in pixels (default 600).
  public let cellWidth: Double
  /// Height of one cell in pixels (default 400).
  public let cellHeight: Double
  /// The figures, in row-major order.
  public private(set) var figures: [Figure] = []

  /// Creates an empty grid.
  /// - Parameters:
  ///   - columns: figures per row, `≥ 1` (smaller values are raised to 1).
  ///   - cellWidth: cell width in pixels, default 600 (minimum 100 when drawn).
  ///   - cellHeight: cell height in pixels, default 400 (minimum 80 when drawn).
  public init(columns: Int, cellWidth: Double = 600, cellHeight: Double = 400) {
    self.columns = max(columns, 1)
    self.cellWidth = cellWidth
    self.cellHeight = cellHeight
  }

  /// Appends a figure in the next free cell.
  public mutating func add(_ f: Figure) {
    figures.append(f)
  }

  /// The grid as a standalone SVG document: each figure in a `<g class="cell">` translated to
  /// its cell. An empty grid is a blank canvas of one cell.
  /// - Complexity: O(total number of points over all figures).
  public func svg() -> String {
    let (cw, ch) = Figure(width: cellWidth, height: cellHeight).canvasSize
    let rows = max((figures.count + columns - 1) / columns, 1)
    let cols = figures.isEmpty ? 1 : min(columns, figures.count)
    let w = cw * Double(cols), h = ch * Double(rows)
    let P = _Format.px
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(P(w))\" height=\"\(P(h))\" "
    out += "viewBox=\"0 0 \(P(w)) \(P(h))\" font-family=\"sans-serif\" font-size=\"12\">\n"
    out += "<rect x=\"0\" y=\"0\" width=\"\(P(w))\" height=\"\(P(h))\" fill=\"white\"/>\n"
    for (i, var f) in figures.enumerated() {
      f.width = cw
      f.height = ch
      let x = Double(i % columns) * cw, y = Double(i / columns) * ch
      out += "<g class=\"cell\" transform=\"translate(\(P(x)) \(P(y)))\">\n"
      f.renderBody(into: &out, idPrefix: "cell\(i)")
      out += "</g>\n"
    }
    out += "</svg>\n"
    return out
  }

  /// Writes ``svg()`` to `path` (UTF-8), creating missing parent directories; the file is
  /// replaced atomically.
  /// - Throws: ``SVGPlotError`` with the path and the system's reason.
  public func write(to path: String) throws {
    try _writeText(svg(), to: path)
  }
}
