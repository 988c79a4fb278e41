import Neural

extension TrajectorySet {
  /// Reads trajectories from a CSV file. See ``init(csv:file:validation:)`` for the format.
  /// - Throws: ``TrajectoryDataError/unreadable(file:reason:)`` and everything
  ///   ``init(csv:file:validation:)`` throws.
  public static func readCSV(_ file: String, validation: TrajectoryValidation = .default) throws -> TrajectorySet {
    let bytes = try _FileIO.readAll(file, unreadable: TrajectoryDataError.unreadable)
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw TrajectoryDataError.unreadable(file: file, reason: "the file is not valid UTF-8 text")
    }
    return try TrajectorySet(csv: text, file: file, validation: validation)
  }

  /// Parses trajectories from CSV text.
  ///
  /// Format (positional columns):
  /// ```text
  /// path,t,x,y          ← header, required: names are free; 1st column = path id, 2nd = time,
  /// 0,0.0,0.0,1.0          every further column = one state dimension (its name is kept)
  /// 0,0.1,0.0998,0.995
  /// 1,0.0,0.0,1.0
  /// ```
  /// - Fields are separated by commas; spaces around a field are ignored; a field may be quoted
  ///   with `"` (a doubled `""` inside is a quote). Quoted fields cannot span lines.
  /// - Blank lines and lines starting with `#` are ignored; `\r\n` line ends are accepted.
  /// - The path id is any text (`"3"`, `"run-a"`); paths appear in the order their first row does,
  ///   and rows of different paths may be interleaved.
  /// - Within a path, rows may come in any order: they are sorted by time (stably).
  /// - Every path must have the same number of rows at the same times (within
  ///   `relativeTimeTolerance · mean Δt`); times must be strictly increasing per path (no
  ///   duplicates) and, unless `validation` allows otherwise, equally spaced.
  /// - Times and states are decimal numbers (`1.5`, `-2e-3`); NaN and infinities are rejected.
  /// - Parameters:
  ///   - text: the CSV contents.
  ///   - file: the source's name for error messages, default `"<memory>"`.
  ///   - validation: checks on the times, default ``TrajectoryValidation/default``.
  /// - Throws: ``TrajectoryDataError`` — ``TrajectoryDataError/invalidHeader(file:reason:)``,
  ///   ``TrajectoryDataError/wrongColumnCount(file:line:found:expected:)`` (with the line number),
  ///   ``TrajectoryDataError/malformedNumber(file:line:column:columnName:text:)`` (line and column),
  ///   ``TrajectoryDataError/empty(file:detail:)``, ``TrajectoryDataError/raggedPaths(file:pathID:steps:expected:referencePathID:)``,
  ///   ``TrajectoryDataError/nonIncreasingTimes(file:pathID:step:previous:time:)``,
  ///   ``TrajectoryDataError/nonUniformTimeStep(file:pathID:step:dt:meanDt:relativeTolerance:)``,
  ///   ``TrajectoryDataError/timesDifferBetweenPaths(file:pathID:step:time:referenceTime:referencePathID:)``
  ///   or ``TrajectoryDataError/nonFinite(file:pathID:step:column:value:)`` (path, step, column).
  /// - Complexity: O(rows · columns + rows · log rows).
  public init(csv text: String, file: String = "<memory>", validation: TrajectoryValidation = .default) throws {
    var header: [String]?
    var ids: [String] = []
    var index: [String: Int] = [:]
    var rowTimes: [[Double]] = []
    var rowStates: [[Double]] = []
    var lineNumber = 0
    // Split on '\n' bytes (a line-feed byte is always a character boundary in UTF-8) and drop a
    // trailing '\r'; working on UTF-8 avoids grapheme breaking ("\r\n" is one Character).
    for rawLine in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
      lineNumber += 1
      var line = text[rawLine.startIndex..<rawLine.endIndex]
      if line.utf8.last == 0x0D { line = text[line.startIndex..<line.utf8.index(before: line.endIndex)] }
      let firstVisible = line.utf8.first { $0 != 0x20 && $0 != 0x09 }
      if firstVisible == nil || firstVisible == UInt8(ascii: "#") { continue }
      let fields = try TrajectorySet.splitCSV(line, file: file, line: lineNumber)
      guard let names = header else {
        guard fields.count >= 3 else {
          throw TrajectoryDataError.invalidHeader(
            file: file, reason: "line \(lineNumber) has \(fields.count) columns; at least 3 are needed")
        }
        if fields.dropFirst().allSatisfy({ Double($0) != nil }) {
          throw TrajectoryDataError.invalidHeader(
            file: file, reason: "the first line (\(lineNumber)) holds numbers, so it looks like data, not column names")
        }
        header = fields.map(String.init)
        continue
      }
      guard fields.count == names.count else {
        throw TrajectoryDataError.wrongColumnCount(file: file, line: lineNumber, found: fields.count, expected: names.count)
      }
      var numbers: [Double] = []
      numbers.reserveCapacity(fields.count - 1)
      for c in 1..<fields.count {
        guard let v = Double(fields[c]) else {
          throw TrajectoryDataError.malformedNumber(
            file: file, line: lineNumber, column: c + 1, columnName: names[c], text: String(fields[c]))
        }
        numbers.append(v)
      }
      let id = String(fields[0])
      let p: Int
      if let existing = index[id] {
        p = existing
      } else {
        p = ids.count
        index[id] = p
        ids.append(id)
        rowTimes.append([])
        rowStates.append([])
      }
      if !numbers[0].isFinite {
        throw TrajectoryDataError.nonFinite(
          file: file, pathID: id, step: rowTimes[p].count, column: names[1], value: numbers[0])
      }
      rowTimes[p].append(numbers[0])
      rowStates[p] += numbers.dropFirst()
    }
    guard let names = header else {
      throw TrajectoryDataError.invalidHeader(file: file, reason: "the file has no header line (it is empty)")
    }
    let dims = names.count - 2
    guard !ids.isEmpty else { throw TrajectoryDataError.empty(file: file, detail: "the file has a header but no rows") }

    // Sort each path by time; same number of rows and the same times for every path.
    let steps = rowTimes[0].count
    var times: [Double] = []
    var values: [Double] = []
    values.reserveCapacity(ids.count * steps * dims)
    for p in ids.indices {
      guard rowTimes[p].count == steps else {
        throw TrajectoryDataError.raggedPaths(
          file: file, pathID: ids[p], steps: rowTimes[p].count, expected: steps, referencePathID: ids[0])
      }
      let order = rowTimes[p].indices.sorted { (rowTimes[p][$0], $0) < (rowTimes[p][$1], $1) }
      let t = order.map { rowTimes[p][$0] }
      if p == 0 {
        try TrajectorySet.checkTimes(t, pathID: ids[0], file: file, validation: validation)
        times = t
      } else {
        for k in t.indices.dropFirst() where !(t[k] > t[k - 1]) {
          throw TrajectoryDataError.nonIncreasingTimes(file: file, pathID: ids[p], step: k, previous: t[k - 1], time: t[k])
        }
        let scale = steps >= 2 ? (times[steps - 1] - times[0]) / Double(steps - 1) : max(1, abs(times[0]))
        for k in t.indices where abs(t[k] - times[k]) > validation.relativeTimeTolerance * scale {
          throw TrajectoryDataError.timesDifferBetweenPaths(
            file: file, pathID: ids[p], step: k, time: t[k], referenceTime: times[k], referencePathID: ids[0])
        }
      }
      for r in order { values += rowStates[p][(r * dims)..<((r + 1) * dims)] }
    }
    try self.init(
      values: values, paths: ids.count, steps: steps, dims: dims, times: times, stateNames: Array(names.dropFirst(2)),
      pathIDs: ids, validation: validation, file: file)
  }

  /// The trajectories as CSV text in the format read by ``init(csv:file:validation:)``: header
  /// `path,t,<state names>`, then one row per path and step, paths in order, times increasing.
  /// Numbers use the shortest text that reads back to the same `Double`, so a round trip is exact.
  public func csv() -> String {
    var out = "path,t," + stateNames.map(TrajectorySet.quoteCSV).joined(separator: ",") + "\n"
    out.reserveCapacity(paths * steps * (dims + 2) * 12)
    for p in 0..<paths {
      let id = TrajectorySet.quoteCSV(pathIDs[p])
      for k in 0..<steps {
        out += id
        out += ","
        out += times[k].description
        let base = (p * steps + k) * dims
        for d in 0..<dims {
          out += ","
          out += values[base + d].description
        }
        out += "\n"
      }
    }
    return out
  }

  /// Writes ``csv()`` to `file` atomically (temporary file, `fsync`, `rename`).
  /// - Throws: ``TrajectoryDataError/unwritable(file:reason:)``.
  public func writeCSV(to file: String) throws {
    try _FileIO.atomicWrite([Array(csv().utf8)], to: file, unwritable: TrajectoryDataError.unwritable)
  }

  // MARK: - Field handling

  /// Quotes a field when it contains a comma, quote, `#` at the start, surrounding spaces or a
  /// line break.
  static func quoteCSV(_ s: String) -> String {
    let needs = s.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
      || s.first == "#" || s.first == " " || s.last == " " || s.isEmpty
    guard needs else { return s }
    var q = "\""
    for ch in s {
      if ch == "\"" { q += "\"\"" } else { q.append(ch) }
    }
    return q + "\""
  }

  /// Splits one CSV line into trimmed fields, honouring `"`-quoted fields.
  static func splitCSV(_ line: Substring, file: String, line number: Int) throws -> [Substring] {
    // Fast path: no quotes, split the UTF-8 bytes on commas.
    if !line.utf8.contains(0x22) {
      return line.utf8.split(separator: 0x2C, omittingEmptySubsequences: false).map {
        trim(line[$0.startIndex..<$0.endIndex])
      }
    }
    var fields: [Substring] = []
    var current = ""
    var i = line.startIndex
    var quoted = false
    var wasQuoted = false
    while i < line.endIndex {
      let ch = line[i]
      if quoted {
        if ch == "\"" {
          let next = line.index(after: i)
          if next < line.endIndex && line[next] == "\"" {
            current.append("\"")
            i = line.index(after: next)
            continue
          }
          quoted = false
        } else {
          current.append(ch)
        }
      } else if ch == "," {
        fields.append(wasQuoted ? Substring(current) : trim(Substring(current)))
        current = ""
        wasQuoted = false
      } else if ch == "\"" && trim(Substring(current)).isEmpty && !wasQuoted {
        current = ""
        quoted = true
        wasQuoted = true
      } else if wasQuoted {
        if ch != " " && ch != "\t" {
          throw TrajectoryDataError.malformedNumber(
            file: file, line: number, column: fields.count + 1, columnName: "(quoted field)",
            text: "text after a closing quote")
        }
      } else {
        current.append(ch)
      }
      i = line.index(after: i)
    }
    if quoted {
      throw TrajectoryDataError.malformedNumber(
        file: file, line: number, column: fields.count + 1, columnName: "(quoted field)", text: "unterminated quote")
    }
    fields.append(wasQuoted ? Substring(current) : trim(Substring(current)))
    return fields
  }

  /// `s` without leading and trailing spaces and tabs.
  private static func trim(_ s: Substring) -> Substring {
    var sub = s
    while let f = sub.utf8.first, f == 0x20 || f == 0x09 { sub = sub.dropFirst() }
    while let l = sub.utf8.last, l == 0x20 || l == 0x09 { sub = sub.dropLast() }
    return sub
  }
}
