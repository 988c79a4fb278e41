/// A real matrix (or vector) typed on the command line: rows separated by `;`, entries by `,`.
///
/// `"0,1;-1,0"` is the 2×2 matrix [[0, 1], [−1, 0]]; `"0.2;0.1"` is a 2×1 column; `"0,1"` is a
/// single row, which is how vectors such as `--x0` are written. Spaces around entries are ignored.
/// Every row must have the same number of entries and every entry must be a finite number.
struct MatrixArgument: Equatable, Sendable {
  /// Number of rows, `≥ 1`.
  let rows: Int
  /// Number of columns, `≥ 1`.
  let columns: Int
  /// The entries, row-major: entry `(i, j)` is `values[i * columns + j]`.
  let values: [Double]

  /// Parses `text`.
  /// - Throws: ``CLIError`` naming the offending row/entry and showing the expected form.
  init(parsing text: String) throws(CLIError) {
    let example = "write rows separated by ';' and entries by ',', e.g. \"0,1;-1,0\""
    let trimmed = text.trimmingSpaces
    if trimmed.isEmpty { throw CLIError("the matrix is empty: \(example)") }
    var parsedRows: [[Double]] = []
    for (i, rowText) in trimmed.split(separator: ";", omittingEmptySubsequences: false).enumerated() {
      var row: [Double] = []
      for (j, entryText) in rowText.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
        let entry = String(entryText).trimmingSpaces
        guard let value = Double(entry) else {
          let shown = entry.isEmpty ? "an empty entry" : "'\(entry)'"
          throw CLIError(
            "row \(i + 1), entry \(j + 1) of \"\(text)\" is \(shown), not a number: \(example)")
        }
        guard value.isFinite else {
          throw CLIError("row \(i + 1), entry \(j + 1) of \"\(text)\" is \(entry): entries must be finite")
        }
        row.append(value)
      }
      if let first = parsedRows.first, first.count != row.count {
        throw CLIError(
          "row \(i + 1) of \"\(text)\" has \(row.count) entries but row 1 has \(first.count): "
            + "every row needs the same number of entries (\(example))")
      }
      parsedRows.append(row)
    }
    rows = parsedRows.count
    columns = parsedRows[0].count
    values = parsedRows.flatMap { $0 }
  }

  /// Creates a matrix from row-major values (`values.count == rows * columns`).
  init(rows: Int, columns: Int, values: [Double]) {
    self.rows = rows
    self.columns = columns
    self.values = values
  }

  /// The shape as text, `"2×2"`.
  var shapeText: String { "\(rows)×\(columns)" }

  /// The entries as a vector when the matrix is a single row or a single column, else `nil`.
  var vector: [Double]? { rows == 1 || columns == 1 ? values : nil }

  /// The matrix as it is typed on the command line.
  var text: String {
    (0..<rows).map { i in
      (0..<columns).map { j in _formatNumber(values[i * columns + j]) }.joined(separator: ",")
    }.joined(separator: ";")
  }
}

extension String {
  /// The string without leading and trailing spaces and tabs.
  var trimmingSpaces: String {
    var s = Substring(self)
    while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
    while let c = s.last, c == " " || c == "\t" { s.removeLast() }
    return String(s)
  }
}
