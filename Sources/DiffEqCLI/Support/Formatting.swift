import Foundation

/// `x` with `significant` significant digits, without trailing zeros (`0.2`, `1e-05`, `9.42478`).
func _formatNumber(_ x: Double, significant: Int = 6) -> String {
  if x == 0 { return "0" }
  return String(format: "%.\(significant)g", x)
}

/// `x` in fixed notation with `decimals` decimals, right-aligned to `width` characters.
func _fixed(_ x: Double, _ decimals: Int, width: Int = 0) -> String {
  let s = String(format: "%.\(decimals)f", x)
  return s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
}

/// `x` as a percentage with one decimal (`4.2 %`).
func _percent(_ x: Double) -> String {
  String(format: "%.1f %%", 100 * x)
}

/// A plain-text table: a header row and right-aligned columns separated by two spaces.
struct _Table {
  var header: [String]
  var rows: [[String]] = []
  /// Whether the first column is left-aligned (labels) rather than right-aligned (numbers).
  var leftAlignsFirstColumn: Bool

  init(_ header: [String], leftAlignsFirstColumn: Bool = false) {
    self.header = header
    self.leftAlignsFirstColumn = leftAlignsFirstColumn
  }

  mutating func add(_ row: [String]) {
    rows.append(row)
  }

  /// The table as lines of text.
  var rendered: String {
    let columns = header.count
    var widths = header.map(\.count)
    for row in rows {
      for (j, cell) in row.enumerated() where j < columns {
        widths[j] = max(widths[j], cell.count)
      }
    }
    func line(_ cells: [String]) -> String {
      (0..<columns).map { j in
        let cell = j < cells.count ? cells[j] : ""
        let pad = String(repeating: " ", count: widths[j] - cell.count)
        return j == 0 && leftAlignsFirstColumn ? cell + pad : pad + cell
      }.joined(separator: "  ")
    }
    var out = [line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
    out += rows.map(line)
    return out.joined(separator: "\n")
  }
}
