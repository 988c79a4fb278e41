import Foundation
import Testing

@testable import NeuralSDE

// MARK: - Helpers

private func temporaryDirectory() throws -> String {
  let dir = FileManager.default.temporaryDirectory
    .appendingPathComponent("trajio-\(getpid())-\(UInt64.random(in: 0...UInt64.max))").path
  try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
  return dir
}

/// The `TrajectoryDataError` thrown by `body` (the expectation fails when none or another is thrown).
private func dataError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> TrajectoryDataError? {
  #expect(throws: TrajectoryDataError.self, sourceLocation: sourceLocation) { try body() }
}

/// A `.npy` file built by hand from the format spec: magic, version, little-endian header length
/// (u16 for 1.0, u32 for 2.0/3.0), the header text, then `data`. The header is used verbatim.
private func npyFile(version: UInt8 = 1, header: String, data: [UInt8]) -> [UInt8] {
  let h = Array(header.utf8)
  var out: [UInt8] = [0x93] + Array("NUMPY".utf8) + [version, 0]
  if version == 1 {
    out += [UInt8(h.count & 0xFF), UInt8(h.count >> 8)]
  } else {
    out += [UInt8(h.count & 0xFF), UInt8((h.count >> 8) & 0xFF), UInt8((h.count >> 16) & 0xFF), UInt8(h.count >> 24)]
  }
  return out + h + data
}

/// Little-endian (or big-endian) bytes of doubles / floats, built independently of the code under test.
private func f8(_ xs: [Double], bigEndian: Bool = false) -> [UInt8] {
  xs.flatMap { x -> [UInt8] in
    let b = x.bitPattern
    let le = (0..<8).map { UInt8((b >> (8 * UInt64($0))) & 0xFF) }
    return bigEndian ? le.reversed() : le
  }
}

private func f4(_ xs: [Float], bigEndian: Bool = false) -> [UInt8] {
  xs.flatMap { x -> [UInt8] in
    let b = x.bitPattern
    let le = (0..<4).map { UInt8((b >> (8 * UInt32($0))) & 0xFF) }
    return bigEndian ? le.reversed() : le
  }
}

private func write(_ bytes: [UInt8], _ path: String) throws {
  try Data(bytes).write(to: URL(fileURLWithPath: path))
}

private func write(_ text: String, _ path: String) throws {
  try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

/// A small valid set: 2 paths × 4 steps × 2 dims, values 100p + 10k + d.
private func sampleSet() throws -> TrajectorySet {
  var v: [Double] = []
  for p in 0..<2 { for k in 0..<4 { for d in 0..<2 { v.append(Double(100 * p + 10 * k + d)) } } }
  return try TrajectorySet(values: v, paths: 2, steps: 4, dims: 2, times: [0, 0.5, 1, 1.5])
}

@Suite("Trajectory data IO")
struct TrajectoryIOTests {
  // MARK: TrajectorySet

  @Test("layout is row-major (path, step, dim); accessors, dt and selection")
  func layoutAndAccessors() throws {
    let s = try sampleSet()
    #expect(s[path: 1, step: 2, dim: 1] == 121)
    #expect(Array(s.state(path: 0, step: 3)) == [30, 31])
    #expect(Array(s.path(1)) == [100, 101, 110, 111, 120, 121, 130, 131])
    #expect(s.dt == 0.5)
    #expect(s.stateNames == ["x1", "x2"] && s.pathIDs == ["0", "1"])
    let sub = try s.selecting(paths: [1])
    #expect(sub.paths == 1 && Array(sub.path(0)) == Array(s.path(1)) && sub.pathIDs == ["1"])
    #expect(dataError { _ = try s.selecting(paths: [2]) } == .invalidArgument(reason: "path index 2 is outside 0..<2"))
    #expect(throws: TrajectoryDataError.self) { _ = try TrajectorySet(values: [1, 2, 3], paths: 1, steps: 2, dims: 2, times: [0, 1]) }
  }

  // MARK: NPY byte level

  @Test("the .npy writer matches a header built by hand from the format spec")
  func npyBytes() throws {
    // Spec: magic "\x93NUMPY", version 1.0, u16 LE header length, then the dict literal, NumPy's
    // spare space (21 − digits of the first axis), spaces, and '\n' so that 10 + length ≡ 0 mod 64.
    // (numpy 2.4 `np.save(np.zeros((2, 3, 1)))` gives this exact header, length 118.)
    let dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3, 1), }"
    var header = dict + String(repeating: " ", count: 20)
    header += String(repeating: " ", count: 127 - 10 - header.utf8.count) + "\n"
    #expect(header.utf8.count == 118)
    let values: [Double] = [1, -0.0, 2.5, .leastNonzeroMagnitude, -1e300, 0.1]
    let expected = npyFile(header: header, data: f8(values))
    let array = try NPYArray(shape: [2, 3, 1], values: values)
    #expect(array.serialized() == expected)
    #expect(expected[8] == 118 && expected[9] == 0)
    #expect((10 + 118) % 64 == 0)

    // float32, 1-D: shape "(5,)".
    let dict32 = "{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }"
    var h32 = dict32 + String(repeating: " ", count: 20)
    h32 += String(repeating: " ", count: 127 - 10 - h32.utf8.count) + "\n"
    let v32: [Float] = [1, 2, 3, 4, 0.5]
    #expect(try NPYArray(shape: [5], values: v32.map(Double.init)).serialized(precision: .float32) == npyFile(header: h32, data: f4(v32)))

    // Reading the hand-built file gives the values back bit for bit.
    let back = try NPYArray(bytes: expected)
    #expect(back.shape == [2, 3, 1])
    #expect(back.values.map(\.bitPattern) == values.map(\.bitPattern))
  }

  @Test("reads versions 1.0, 2.0 and 3.0, any key order, big-endian and native byte order")
  func npyVariants() throws {
    let v = [1.5, -2.25, 3e-310, 4]
    let h2 = "{\"shape\": (2, 2), \"fortran_order\": False, \"descr\": \">f8\"}\n"
    let a2 = try NPYArray(bytes: npyFile(version: 2, header: h2, data: f8(v, bigEndian: true)))
    #expect(a2.shape == [2, 2] && a2.values.map(\.bitPattern) == v.map(\.bitPattern))
    let h3 = "{'descr': '>f4', 'fortran_order': False, 'shape': (4,)}"
    let a3 = try NPYArray(bytes: npyFile(version: 3, header: h3, data: f4([1.5, -2.25, 0.125, 4], bigEndian: true)))
    #expect(a3.values == [1.5, -2.25, 0.125, 4])
    let h1 = "{'descr': '=f8', 'fortran_order': False, 'shape': (1, 2, 2), }\n"
    #expect(try NPYArray(bytes: npyFile(header: h1, data: f8(v))).values == v)
    let h0 = "{'descr': '<f8', 'fortran_order': False, 'shape': (), }\n"
    #expect(try NPYArray(bytes: npyFile(header: h0, data: f8([7]))).shape == [])
  }

  @Test("invalid .npy files are rejected with the reason")
  func npyErrors() throws {
    let ok = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }\n"
    // Bad magic, unknown version, truncated data, trailing bytes, broken header, missing key.
    var bad = npyFile(header: ok, data: f8([1, 2]))
    bad[1] = UInt8(ascii: "X")
    #expect({ if case .invalidNPY? = dataError({ _ = try NPYArray(bytes: bad) }) { true } else { false } }())
    var v4 = npyFile(header: ok, data: f8([1, 2]))
    v4[6] = 4
    #expect(dataError { _ = try NPYArray(bytes: v4) }
      == .invalidNPY(file: "<memory>", reason: "format version 4.0 is not supported (1.0, 2.0 and 3.0 are)"))
    #expect(dataError { _ = try NPYArray(bytes: npyFile(header: ok, data: f8([1]))) }
      == .invalidNPY(file: "<memory>", reason: "shape [2] of <f8 needs 16 data bytes, but the file has 8: it is truncated"))
    #expect(dataError { _ = try NPYArray(bytes: npyFile(header: ok, data: f8([1, 2, 3]))) }
      == .invalidNPY(file: "<memory>", reason: "8 unexpected bytes after the 16 data bytes of shape [2]"))
    let broken = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,\n"
    #expect({ if case .invalidNPY? = dataError({ _ = try NPYArray(bytes: npyFile(header: broken, data: f8([1, 2]))) }) { true } else { false } }())
    let noShape = "{'descr': '<f8', 'fortran_order': False}\n"
    #expect(dataError { _ = try NPYArray(bytes: npyFile(header: noShape, data: [])) }
      == .invalidNPY(file: "<memory>", reason: "the header has no tuple 'shape'"))
    // Unsupported element types and Fortran order.
    for descr in ["<i8", "<f2", "<c16", "|u1", "<f16"] {
      let h = "{'descr': '\(descr)', 'fortran_order': False, 'shape': (2,), }\n"
      #expect(dataError { _ = try NPYArray(bytes: npyFile(header: h, data: [UInt8](repeating: 0, count: 16))) }
        == .unsupportedDType(file: "<memory>", descr: descr))
    }
    let structured = "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (2,), }\n"
    #expect(dataError { _ = try NPYArray(bytes: npyFile(header: structured, data: f8([1, 2]))) }
      == .unsupportedDType(file: "<memory>", descr: "[('a', '<f8')]"))
    let fortran = "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 1), }\n"
    let fe = dataError { _ = try NPYArray(bytes: npyFile(header: fortran, data: f8([1, 2]))) }
    #expect(fe == .fortranOrder(file: "<memory>"))
    #expect(fe.map { "\($0)" }?.contains("ascontiguousarray") == true)
  }

  // MARK: NPY trajectories

  @Test("npy round trip (float64 exact, float32 rounded) with a times file or dt")
  func npyRoundTrip() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let s = try sampleSet()
    try s.writeNPY(to: dir + "/x.npy")
    try s.writeTimesNPY(to: dir + "/t.npy")
    let back = try TrajectorySet.readNPY(dir + "/x.npy", timesFile: dir + "/t.npy")
    #expect(back == s)
    let viaDt = try TrajectorySet.readNPY(dir + "/x.npy", dt: 0.5)
    #expect(viaDt.times == [0, 0.5, 1, 1.5] && viaDt.values == s.values)
    let shifted = try TrajectorySet.readNPY(dir + "/x.npy", dt: 0.25, t0: 2)
    #expect(shifted.times == [2, 2.25, 2.5, 2.75] && shifted.dt == 0.25)

    // float32: 0.1 is rounded to the nearest Float.
    let tiny = try TrajectorySet(values: [0.1, 0.2, 0.3], paths: 1, steps: 3, dims: 1, times: [0, 1, 2])
    try tiny.writeNPY(to: dir + "/f.npy", precision: .float32)
    #expect(try TrajectorySet.readNPY(dir + "/f.npy", dt: 1).values == [0.1, 0.2, 0.3].map { Double(Float($0)) })
  }

  @Test("npy shapes (steps,) and (steps, dims) are one path; others are rejected")
  func npyShapes() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try NPYArray(shape: [5], values: [1, 2, 3, 4, 5]).write(to: dir + "/a.npy")
    let a = try TrajectorySet.readNPY(dir + "/a.npy", dt: 0.1)
    #expect(a.paths == 1 && a.steps == 5 && a.dims == 1)
    try NPYArray(shape: [3, 2], values: [1, 2, 3, 4, 5, 6]).write(to: dir + "/b.npy")
    let b = try TrajectorySet.readNPY(dir + "/b.npy", dt: 1)
    #expect(b.paths == 1 && b.steps == 3 && b.dims == 2 && b[path: 0, step: 2, dim: 0] == 5)
    try NPYArray(shape: [1, 1, 1, 1], values: [1]).write(to: dir + "/c.npy")
    let e = dataError { _ = try TrajectorySet.readNPY(dir + "/c.npy", dt: 1) }
    guard case .wrongShape(_, let shape, _)? = e else {
      Issue.record("expected wrongShape, got \(String(describing: e))")
      return
    }
    #expect(shape == [1, 1, 1, 1])
    try NPYArray(shape: [], values: [1]).write(to: dir + "/d.npy")
    #expect(throws: TrajectoryDataError.self) { _ = try TrajectorySet.readNPY(dir + "/d.npy", dt: 1) }
    try NPYArray(shape: [0, 5, 2], values: []).write(to: dir + "/e.npy")
    #expect(dataError { _ = try TrajectorySet.readNPY(dir + "/e.npy", dt: 1) }
      == .empty(file: dir + "/e.npy", detail: "the array has shape [0, 5, 2]"))
  }

  @Test("npy: times file of the wrong length, missing or conflicting times, bad dt, NaN, missing file")
  func npyTrajectoryErrors() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let s = try sampleSet()
    try s.writeNPY(to: dir + "/x.npy")
    try NPYArray(shape: [3], values: [0, 1, 2]).write(to: dir + "/t3.npy")
    let e = dataError { _ = try TrajectorySet.readNPY(dir + "/x.npy", timesFile: dir + "/t3.npy") }
    guard case .wrongShape(let f, let shape, let reason)? = e else {
      Issue.record("expected wrongShape, got \(String(describing: e))")
      return
    }
    #expect(f == dir + "/t3.npy" && shape == [3] && reason.contains("(4,)"))
    #expect(throws: TrajectoryDataError.self) { _ = try TrajectorySet.readNPY(dir + "/x.npy") }
    #expect(throws: TrajectoryDataError.self) { _ = try TrajectorySet.readNPY(dir + "/x.npy", timesFile: dir + "/t3.npy", dt: 1) }
    for bad in [0.0, -1, .nan, .infinity] {
      #expect(throws: TrajectoryDataError.self) { _ = try TrajectorySet.readNPY(dir + "/x.npy", dt: bad) }
    }
    // NaN at path 1, step 2, dim 1.
    var v = s.values
    v[(1 * 4 + 2) * 2 + 1] = .nan
    try NPYArray(shape: [2, 4, 2], values: v).write(to: dir + "/nan.npy")
    let ne = dataError { _ = try TrajectorySet.readNPY(dir + "/nan.npy", dt: 1) }
    guard case .nonFinite(let file, let id, let step, let column, let value)? = ne else {
      Issue.record("expected nonFinite, got \(String(describing: ne))")
      return
    }
    #expect(file == dir + "/nan.npy" && id == "1" && step == 2 && column == "x2" && value.isNaN)
    // Non-uniform times from a times file.
    try NPYArray(shape: [4], values: [0, 1, 2, 4]).write(to: dir + "/tn.npy")
    #expect(throws: TrajectoryDataError.self) { _ = try TrajectorySet.readNPY(dir + "/x.npy", timesFile: dir + "/tn.npy") }
    let allowed = try TrajectorySet.readNPY(dir + "/x.npy", timesFile: dir + "/tn.npy", validation: .allowingNonUniformTimes)
    #expect(allowed.dt == nil && allowed.times == [0, 1, 2, 4])
    // Missing file: path and system reason.
    let missing = dir + "/nope.npy"
    #expect(dataError { _ = try TrajectorySet.readNPY(missing, dt: 1) }
      == .unreadable(file: missing, reason: "No such file or directory"))
  }

  // MARK: CSV

  @Test("csv round trip is exact, including quoted path ids and awkward numbers")
  func csvRoundTrip() throws {
    let values: [Double] = [0.1, -0.0, 1e-300, 5e-324, 1.7976931348623157e308, -2.5, 1.0 / 3.0, 42]
    let s = try TrajectorySet(
      values: values, paths: 2, steps: 2, dims: 2, times: [0.1, 0.30000000000000004],
      stateNames: ["pos, m", "vel \"v\""], pathIDs: ["run,1", "#2"])
    let text = s.csv()
    #expect(text.hasPrefix("path,t,\"pos, m\",\"vel \"\"v\"\"\"\n\"run,1\",0.1,0.1,-0.0\n"))
    let back = try TrajectorySet(csv: text)
    #expect(back == s)
    #expect(back.values.map(\.bitPattern) == values.map(\.bitPattern))
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try s.writeCSV(to: dir + "/a.csv")
    #expect(try TrajectorySet.readCSV(dir + "/a.csv") == s)
  }

  @Test("csv: rows sorted by time within a path, paths interleaved, comments, blanks, CRLF, spaces")
  func csvParsing() throws {
    let text = "# simulated\r\npath, t, x\r\n\r\nb,0.2,3\r\na,0.1,11\r\nb,0,1\r\na,0.0,10\r\n  # note\r\nb, 0.1 ,2\r\na,0.2,12\r\n"
    let s = try TrajectorySet(csv: text)
    #expect(s.pathIDs == ["b", "a"])
    #expect(s.stateNames == ["x"])
    #expect(s.times == [0, 0.1, 0.2])
    #expect(s.values == [1, 2, 3, 10, 11, 12])
    #expect(abs(try #require(s.dt) - 0.1) < 1e-15)
  }

  @Test("csv: wrong column counts and malformed numbers give line and column")
  func csvSyntaxErrors() throws {
    // Lines: 1 comment, 2 header, 3 blank, 4 ok, 5 short.
    let short = "# c\npath,t,x,y\n\n0,0,1,2\n0,1,1\n"
    #expect(dataError { _ = try TrajectorySet(csv: short) } == .wrongColumnCount(file: "<memory>", line: 5, found: 3, expected: 4))
    let long = "path,t,x\n0,0,1,2\n"
    #expect(dataError { _ = try TrajectorySet(csv: long) } == .wrongColumnCount(file: "<memory>", line: 2, found: 4, expected: 3))
    let word = "path,t,x,y\n0,0,1,2\n0,1,abc,2\n"
    let e = dataError { _ = try TrajectorySet(csv: word) }
    #expect(e == .malformedNumber(file: "<memory>", line: 3, column: 3, columnName: "x", text: "abc"))
    #expect(e.map { "\($0)" }?.contains("line 3, column 3 ('x')") == true)
    let emptyTime = "path,t,x\n0,,1\n"
    #expect(dataError { _ = try TrajectorySet(csv: emptyTime) }
      == .malformedNumber(file: "<memory>", line: 2, column: 2, columnName: "t", text: ""))
    #expect(throws: TrajectoryDataError.self) { _ = try TrajectorySet(csv: "path,t,x\n\"0,0,1\n") }
  }

  @Test("csv: header problems and empty data")
  func csvHeaderAndEmpty() {
    #expect({ if case .invalidHeader? = dataError({ _ = try TrajectorySet(csv: "0,0.0,1.5\n0,0.1,1.6\n") }) { true } else { false } }())
    #expect({ if case .invalidHeader? = dataError({ _ = try TrajectorySet(csv: "path,t\n0,0\n") }) { true } else { false } }())
    #expect({ if case .invalidHeader? = dataError({ _ = try TrajectorySet(csv: "") }) { true } else { false } }())
    #expect({ if case .invalidHeader? = dataError({ _ = try TrajectorySet(csv: "# only a comment\n\n") }) { true } else { false } }())
    #expect(dataError { _ = try TrajectorySet(csv: "path,t,x\n") } == .empty(file: "<memory>", detail: "the file has a header but no rows"))
  }

  @Test("csv: ragged paths name the path and both lengths")
  func csvRagged() {
    let text = "path,t,x\nA,0,1\nA,1,1\nA,2,1\nB,0,1\nB,1,1\n"
    let e = dataError { _ = try TrajectorySet(csv: text) }
    #expect(e == .raggedPaths(file: "<memory>", pathID: "B", steps: 2, expected: 3, referencePathID: "A"))
    #expect(e.map { "\($0)" }?.contains("path 'B' in '<memory>' has 2 time steps, but path 'A' has 3") == true)
  }

  @Test("csv: non-uniform Δt names the step, both steps and the tolerance; can be allowed")
  func csvNonUniform() throws {
    let text = "path,t,x\n0,0,1\n0,0.1,1\n0,0.2,1\n0,0.4,1\n0,0.5,1\n"
    let e = dataError { _ = try TrajectorySet(csv: text) }
    guard case .nonUniformTimeStep(_, let id, let step, let dt, let mean, let tol)? = e else {
      Issue.record("expected nonUniformTimeStep, got \(String(describing: e))")
      return
    }
    // Mean step 0.5/4 = 0.125; the first step (0 → 0.1) is already 20 % off. Tolerance: 1e-12 abs.
    #expect(id == "0" && step == 1 && abs(dt - 0.1) < 1e-12 && abs(mean - 0.125) < 1e-12 && tol == 1e-4)
    let allowed = try TrajectorySet(csv: text, validation: .allowingNonUniformTimes)
    #expect(allowed.dt == nil && allowed.steps == 5)
    // Rounded times (6 significant digits) pass the default tolerance: Δt = 3π/49 ≈ 0.192350.
    var rounded = "path,t,x\n"
    for k in 0..<50 { rounded += "0,\(String(format: "%.6g", Double(k) * 3 * Double.pi / 49)),1\n" }
    let r = try TrajectorySet(csv: rounded)
    #expect(abs(try #require(r.dt) - 3 * Double.pi / 49) < 1e-6)
  }

  @Test("csv: times differing between paths, duplicate times, non-finite times and values")
  func csvValueErrors() {
    let differ = "path,t,x\n0,0,1\n0,1,1\n0,2,1\n1,0,1\n1,1.5,1\n1,2,1\n"
    #expect(dataError { _ = try TrajectorySet(csv: differ, validation: .allowingNonUniformTimes) }
      == .timesDifferBetweenPaths(file: "<memory>", pathID: "1", step: 1, time: 1.5, referenceTime: 1, referencePathID: "0"))
    let duplicate = "path,t,x\n0,0,1\n0,1,1\n0,1,2\n"
    #expect(dataError { _ = try TrajectorySet(csv: duplicate) }
      == .nonIncreasingTimes(file: "<memory>", pathID: "0", step: 2, previous: 1, time: 1))
    let nanValue = "path,t,x,y\np,0,1,2\np,1,1,2\nq,0,1,2\nq,1,1,nan\n"
    let e = dataError { _ = try TrajectorySet(csv: nanValue) }
    guard case .nonFinite(_, let id, let step, let column, let value)? = e else {
      Issue.record("expected nonFinite, got \(String(describing: e))")
      return
    }
    #expect(id == "q" && step == 1 && column == "y" && value.isNaN)
    let infTime = "path,time,x\np,0,1\np,inf,1\n"
    #expect(dataError { _ = try TrajectorySet(csv: infTime) }
      == .nonFinite(file: "<memory>", pathID: "p", step: 1, column: "time", value: .infinity))
    let infValue = "path,t,x\np,0,-inf\n"
    #expect(dataError { _ = try TrajectorySet(csv: infValue) }
      == .nonFinite(file: "<memory>", pathID: "p", step: 0, column: "x", value: -.infinity))
  }

  @Test("files: unreadable, not UTF-8, unwritable")
  func fileErrors() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    #expect(dataError { _ = try TrajectorySet.readCSV(dir + "/missing.csv") }
      == .unreadable(file: dir + "/missing.csv", reason: "No such file or directory"))
    #expect(dataError { _ = try TrajectorySet.readCSV(dir) } == .unreadable(file: dir, reason: "it is a directory"))
    try write([0x70, 0x2C, 0xFF, 0xFE, 0x0A], dir + "/bin.csv")
    #expect(dataError { _ = try TrajectorySet.readCSV(dir + "/bin.csv") }
      == .unreadable(file: dir + "/bin.csv", reason: "the file is not valid UTF-8 text"))
    let s = try sampleSet()
    let e = dataError { try s.writeCSV(to: dir + "/no/such/dir/out.csv") }
    guard case .unwritable(let f, let reason)? = e else {
      Issue.record("expected unwritable, got \(String(describing: e))")
      return
    }
    #expect(f == dir + "/no/such/dir/out.csv" && reason.contains("No such file or directory"))
    #expect(throws: TrajectoryDataError.self) { try s.writeNPY(to: dir + "/no/out.npy") }
    // A file read from disk names its path in errors.
    try write("path,t,x\n0,0,zz\n", dir + "/bad.csv")
    #expect(dataError { _ = try TrajectorySet.readCSV(dir + "/bad.csv") }
      == .malformedNumber(file: dir + "/bad.csv", line: 2, column: 3, columnName: "x", text: "zz"))
  }
}
