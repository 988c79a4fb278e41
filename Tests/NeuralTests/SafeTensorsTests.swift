import Foundation
import Testing

@testable import Neural

/// Builds a safetensors file by hand from the spec: u64 little-endian header length, header
/// bytes, data bytes. `pad` appends spaces so that 8 + N is a multiple of 8.
private func handMade(_ header: String, _ data: [UInt8], pad: Bool = true) -> [UInt8] {
  var h = Array(header.utf8)
  if pad { while (8 + h.count) % 8 != 0 { h.append(0x20) } }
  var n = UInt64(h.count)
  var out: [UInt8] = []
  for _ in 0..<8 {
    out.append(UInt8(n & 0xFF))
    n >>= 8
  }
  return out + h + data
}

private func temporaryDirectory() throws -> String {
  let dir = FileManager.default.temporaryDirectory
    .appendingPathComponent("safetensors-\(getpid())-\(UInt64.random(in: 0...UInt64.max))").path
  try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
  return dir
}

/// The error thrown by `body`, which must be a `CheckpointError`.
private func checkpointError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> CheckpointError? {
  #expect(throws: CheckpointError.self, sourceLocation: sourceLocation) { try body() }
}

/// A one-tensor F32 header with the given fields, for corrupting one field at a time.
private func entry(_ name: String = "w", dtype: String = "F32", shape: String = "[2]", offsets: String = "[0,8]") -> String {
  "\"\(name)\":{\"dtype\":\"\(dtype)\",\"shape\":\(shape),\"data_offsets\":\(offsets)}"
}

private let eightBytes: [UInt8] = [0, 0, 0x80, 0x3F, 0, 0, 0, 0xC0]  // Float32 1.0, -2.0

@Suite("SafeTensors")
struct SafeTensorsTests {
  // MARK: Known bytes

  @Test("a file built byte by byte from the spec reads back to the intended values")
  func readsHandMadeFile() throws {
    // Data section: b (I64 scalar 7) first, then a (F32 [2]: 1.0, −2.0); JSON with whitespace,
    // no padding, keys in non-sorted order.
    let header = """
      { "b" : {"shape": [], "dtype": "I64", "data_offsets": [0, 8]},
        "__metadata__": {"format": "pt", "note": "a\\"b\\u00e9"},
        "a": {"dtype": "F32", "shape": [2], "data_offsets": [8, 16]} }
      """
    let bytes = handMade(header, [7, 0, 0, 0, 0, 0, 0, 0] + eightBytes, pad: false)
    let f = try SafeTensorsFile(bytes: bytes)
    #expect(f.metadata == ["format": "pt", "note": "a\"bé"])
    #expect(try f.tensor("a").floatArray() == [1.0, -2.0])
    #expect(try f.tensor("a").shape == [2])
    #expect(try f.tensor("b").int64Array() == [7])
    #expect(try f.tensor("b").shape == [])
  }

  @Test("the writer produces exactly the spec bytes: sorted names, compact JSON, space padding")
  func writesKnownBytes() throws {
    let f = SafeTensorsFile(
      tensors: [
        "b": try SafeTensor(int64: [7], shape: []),
        "a": try SafeTensor(float32: [1, -2], shape: [2]),
      ],
      metadata: ["format": "pt"])
    let header =
      #"{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"#
      + #""b":{"dtype":"I64","shape":[],"data_offsets":[8,16]}}"#
    // 138 header bytes + 6 spaces: 8 + 144 = 152, a multiple of 8.
    #expect(header.utf8.count == 138)
    let expected = handMade(header, eightBytes + [7, 0, 0, 0, 0, 0, 0, 0])
    #expect(Array(expected[0..<8]) == [144, 0, 0, 0, 0, 0, 0, 0])
    #expect(try f.serialized() == expected)
    // An empty checkpoint is "{}" plus 6 spaces.
    #expect(try SafeTensorsFile().serialized() == [8, 0, 0, 0, 0, 0, 0, 0] + Array("{}      ".utf8))
  }

  // MARK: Round trips

  @Test("round trip through a file is bit-exact: NaN payloads, −0, subnormals, infinities, extremes")
  func bitExactRoundTrip() throws {
    let floatBits: [UInt32] = [
      0x7FC0_0001, 0x7F80_0001, 0xFFC1_2345,  // quiet NaN with payload, signalling NaN, negative NaN
      0x8000_0000, 0x0000_0001, 0x807F_FFFF,  // −0, smallest subnormal, largest negative subnormal
      0x7F80_0000, 0xFF80_0000, 0x7F7F_FFFF, 0x3F80_0000,  // ±inf, max, 1
    ]
    let doubleBits: [UInt64] = [0x7FF8_0000_0000_0001, 0xFFF0_0000_0000_0001, 0x8000_0000_0000_0000, 1, 0x7FEF_FFFF_FFFF_FFFF, 0x3FF0_0000_0000_0000]
    let original = SafeTensorsFile(
      tensors: [
        "layer.0/weight": try SafeTensor(float32: floatBits.map(Float.init(bitPattern:)), shape: [2, 5]),
        "dbl": try SafeTensor(float64: doubleBits.map(Double.init(bitPattern:)), shape: [3, 1, 2]),
        "i64": try SafeTensor(int64: [.min, -1, 0, .max], shape: [4]),
        "i32": try SafeTensor(int32: [.min, 0, .max], shape: [3]),
        "u8": try SafeTensor(uint8: [0, 1, 255], shape: [3]),
        "empty": try SafeTensor(float32: [], shape: [3, 0]),
        "scalar": try SafeTensor(float32: [42], shape: []),
        "naïve \"name\"\n": try SafeTensor(uint8: [9], shape: [1, 1]),
        "half": try SafeTensor(dtype: .float16, shape: [2], data: [0x00, 0x3C, 0x00, 0xC0]),
      ],
      metadata: ["step": "1200", "quote\"key": "line\nbreak\ttab é ✓", "": ""])
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/model.safetensors"
    try original.write(to: path)
    let loaded = try SafeTensorsFile.read(from: path)
    #expect(loaded == original)
    #expect(try loaded.tensor("layer.0/weight").floatArray().map(\.bitPattern) == floatBits)
    #expect(try loaded.tensor("dbl").doubleArray().map(\.bitPattern) == doubleBits)
    #expect(try loaded.tensor("i64").int64Array() == [.min, -1, 0, .max])
    #expect(try loaded.tensor("i32").int32Array() == [.min, 0, .max])
    #expect(try loaded.tensor("u8").uint8Array() == [0, 1, 255])
    #expect(try loaded.tensor("empty").elementCount == 0)
    #expect(try loaded.floats("scalar", shape: []) == [42])
    // Deterministic: writing the loaded file again gives identical bytes; 8-byte aligned data.
    let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    #expect(try loaded.serialized() == Array(bytes))
    let n = Int(bytes[0]) | Int(bytes[1]) << 8 | Int(bytes[2]) << 16
    #expect((8 + n) % 8 == 0)
  }

  @Test("writing the same content twice gives identical bytes regardless of insertion order")
  func deterministic() throws {
    var a = SafeTensorsFile()
    var b = SafeTensorsFile()
    let names = (0..<50).map { "t\($0 * 7 % 50)" }
    for name in names { a.tensors[name] = try SafeTensor(float32: [Float(name.count)], shape: [1]) }
    for name in names.reversed() { b.tensors[name] = try SafeTensor(float32: [Float(name.count)], shape: [1]) }
    a.metadata = ["x": "1", "y": "2"]
    b.metadata = ["y": "2", "x": "1"]
    #expect(try a.serialized() == b.serialized())
  }

  // MARK: Corrupt files

  @Test("truncated files: before the length, inside the header, inside the data")
  func truncated() throws {
    let good = try SafeTensorsFile(tensors: ["w": SafeTensor(float32: [1, 2, 3, 4], shape: [2, 2])]).serialized()
    let headerEnd = 8 + Int(good[0])
    #expect(checkpointError { _ = try SafeTensorsFile(bytes: Array(good[0..<5])) }
      == .truncated(path: "<memory>", fileSize: 5, needed: 8))
    #expect(checkpointError { _ = try SafeTensorsFile(bytes: Array(good[0..<20])) }
      == .truncated(path: "<memory>", fileSize: 20, needed: headerEnd))
    #expect(checkpointError { _ = try SafeTensorsFile(bytes: Array(good.dropLast(3))) }
      == .outOfBounds(path: "<memory>", tensor: "w", begin: 0, end: 16, dataSize: 13))
    #expect(checkpointError { _ = try SafeTensorsFile(bytes: []) } == .truncated(path: "<memory>", fileSize: 0, needed: 8))
  }

  @Test("a corrupted header length is reported with the length and file size")
  func corruptedHeaderLength() throws {
    var bytes = try SafeTensorsFile(tensors: ["w": SafeTensor(float32: [1, 2], shape: [2])]).serialized()
    bytes.replaceSubrange(0..<8, with: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F])
    let e = checkpointError { _ = try SafeTensorsFile(bytes: bytes) }
    #expect(e == .invalidHeaderLength(path: "<memory>", headerLength: 0x7FFF_FFFF_FFFF_FFFF, fileSize: bytes.count))
    #expect(e.map { "\($0)" }?.contains("9223372036854775807") == true)
    bytes.replaceSubrange(0..<8, with: [0, 0, 0, 0, 0, 0, 0, 0])
    #expect(checkpointError { _ = try SafeTensorsFile(bytes: bytes) }
      == .invalidHeaderLength(path: "<memory>", headerLength: 0, fileSize: bytes.count))
    // Header length pointing into the data: the JSON is cut or has garbage after it.
    bytes.replaceSubrange(0..<8, with: [UInt8(bytes.count - 12), 0, 0, 0, 0, 0, 0, 0])
    #expect(throws: CheckpointError.self) { _ = try SafeTensorsFile(bytes: bytes) }
  }

  @Test("malformed JSON headers", arguments: [
    #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]"#,  // unterminated object
    #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}} x"#,  // garbage after the object
    #"[1, 2]"#,  // not an object
    #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#,
    #"{"w":{"dtype":"F32","shape":[2,],"data_offsets":[0,8]}}"#,  // trailing comma
    #"{'w':1}"#,  // single quotes
    "{\"w\u{01}\":1}",  // control character in a string
    #"{"w":{"dtype":"F32","shape":[02],"data_offsets":[0,8]}}"#,  // leading zero
  ])
  func badJSON(header: String) throws {
    let e = checkpointError { _ = try SafeTensorsFile(bytes: handMade(header, eightBytes)) }
    guard case .malformedHeader(let path, _, let reason)? = e else {
      Issue.record("expected malformedHeader, got \(String(describing: e))")
      return
    }
    #expect(path == "<memory>")
    #expect(!reason.isEmpty)
  }

  @Test("invalid header entries name the tensor and the problem", arguments: [
    ("{\(entry(shape: "[-2]"))}", "non-negative"),
    ("{\(entry(shape: "[2.0]"))}", "2.0"),
    ("{\(entry(offsets: "[0,4,8]"))}", "2 entries"),
    ("{\(entry(offsets: "[8,0]"))}", "ends before it begins"),
    (#"{"w":{"dtype":"F32","data_offsets":[0,8]}}"#, "missing \"shape\""),
    (#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"extra":1}}"#, "unexpected field \"extra\""),
    (#"{"w":[1]}"#, "not an object"),
    (#"{"__metadata__":{"k":1},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, "must be a string"),
  ])
  func invalidEntries(header: String, fragment: String) throws {
    let e = checkpointError { _ = try SafeTensorsFile(bytes: handMade(header, eightBytes)) }
    guard case .invalidEntry(_, let tensor, let reason)? = e else {
      Issue.record("expected invalidEntry, got \(String(describing: e))")
      return
    }
    #expect(tensor == "w" || tensor == "__metadata__")
    #expect(reason.contains(fragment), "\(reason)")
  }

  @Test("an unknown dtype is reported with the tensor and the dtype")
  func unknownDType() {
    let e = checkpointError { _ = try SafeTensorsFile(bytes: handMade("{\(entry(dtype: "F33"))}", eightBytes)) }
    #expect(e == .unknownDType(path: "<memory>", tensor: "w", dtype: "F33"))
    #expect(e.map { "\($0)" }?.contains("F32") == true, "the message lists the supported dtypes")
  }

  @Test("shape × dtype size must equal the offset span")
  func sizeMismatch() {
    let e = checkpointError { _ = try SafeTensorsFile(bytes: handMade("{\(entry(shape: "[3]"))}", eightBytes)) }
    #expect(e == .sizeMismatch(path: "<memory>", tensor: "w", shape: [3], dtype: .float32, expectedBytes: 12, actualBytes: 8))
    let f64 = checkpointError { _ = try SafeTensorsFile(bytes: handMade("{\(entry(dtype: "F64"))}", eightBytes)) }
    #expect(f64 == .sizeMismatch(path: "<memory>", tensor: "w", shape: [2], dtype: .float64, expectedBytes: 16, actualBytes: 8))
  }

  @Test("overlapping offsets, gaps and trailing bytes are rejected")
  func layout() {
    let twelve = [UInt8](repeating: 0, count: 12)
    let overlap = "{\(entry("a", shape: "[2]", offsets: "[0,8]")),\(entry("b", shape: "[2]", offsets: "[4,12]"))}"
    #expect(checkpointError { _ = try SafeTensorsFile(bytes: handMade(overlap, twelve)) }
      == .overlapping(path: "<memory>", first: "a", second: "b", firstEnd: 8, secondBegin: 4))
    let same = "{\(entry("a", shape: "[2]", offsets: "[0,8]")),\(entry("b", shape: "[2]", offsets: "[0,8]"))}"
    #expect(checkpointError { _ = try SafeTensorsFile(bytes: handMade(same, twelve)) }
      == .overlapping(path: "<memory>", first: "a", second: "b", firstEnd: 8, secondBegin: 0))
    let gap = "{\(entry("a", shape: "[1]", offsets: "[0,4]")),\(entry("b", shape: "[1]", offsets: "[8,12]"))}"
    #expect(checkpointError { _ = try SafeTensorsFile(bytes: handMade(gap, twelve)) }
      == .gap(path: "<memory>", after: "a", before: "b", gapBegin: 4, gapEnd: 8))
    let leading = "{\(entry("a", shape: "[2]", offsets: "[4,12]"))}"
    #expect(checkpointError { _ = try SafeTensorsFile(bytes: handMade(leading, twelve)) }
      == .gap(path: "<memory>", after: nil, before: "a", gapBegin: 0, gapEnd: 4))
    let trailing = "{\(entry("a", shape: "[2]", offsets: "[0,8]"))}"
    #expect(checkpointError { _ = try SafeTensorsFile(bytes: handMade(trailing, twelve)) }
      == .trailingBytes(path: "<memory>", lastEnd: 8, dataSize: 12))
    let beyond = "{\(entry("a", shape: "[4]", offsets: "[0,16]"))}"
    #expect(checkpointError { _ = try SafeTensorsFile(bytes: handMade(beyond, twelve)) }
      == .outOfBounds(path: "<memory>", tensor: "a", begin: 0, end: 16, dataSize: 12))
    // Zero-size tensors may sit anywhere on the boundary.
    let zero = "{\(entry("a", shape: "[1]", offsets: "[0,4]")),\(entry("z", shape: "[0,5]", offsets: "[4,4]")),\(entry("b", shape: "[2]", offsets: "[4,12]"))}"
    #expect((try? SafeTensorsFile(bytes: handMade(zero, twelve)))?.tensors.count == 3)
  }

  // MARK: Checked access

  @Test("the checked accessor reports name, expected and actual dtype/shape")
  func checkedAccessor() throws {
    let f = SafeTensorsFile(tensors: [
      "w": try SafeTensor(float32: [1, 2, 3, 4, 5, 6], shape: [2, 3]),
      "n": try SafeTensor(int64: [1], shape: [1]),
    ])
    #expect(try f.floats("w", shape: [2, 3]) == [1, 2, 3, 4, 5, 6])
    let shape = checkpointError { _ = try f.floats("w", shape: [3, 2]) }
    #expect(shape == .shapeMismatch(name: "w", expected: [3, 2], actual: [2, 3]))
    #expect(shape.map { "\($0)" }?.contains("'w' has shape [2, 3], expected [3, 2]") == true)
    #expect(checkpointError { _ = try f.tensor("n", dtype: .float32, shape: [1]) }
      == .dtypeMismatch(name: "n", expected: .float32, actual: .int64))
    #expect(checkpointError { _ = try f.tensor("missing") } == .missingTensor(name: "missing", available: ["n", "w"]))
    #expect(checkpointError { _ = try f.tensor("n").floatArray() }
      == .dtypeMismatch(name: "(unnamed)", expected: .float32, actual: .int64))
  }

  @Test("building a tensor with the wrong number of values or bytes throws")
  func invalidTensor() throws {
    #expect(throws: CheckpointError.self) { _ = try SafeTensor(float32: [1, 2, 3], shape: [2, 2]) }
    #expect(throws: CheckpointError.self) { _ = try SafeTensor(dtype: .float32, shape: [2], data: [0, 0, 0]) }
    #expect(throws: CheckpointError.self) { _ = try SafeTensor(float32: [], shape: [-1]) }
    #expect(throws: CheckpointError.self) { _ = try SafeTensor(uint8: [], shape: [Int.max, 2]) }
    let reserved = SafeTensorsFile(tensors: ["__metadata__": try SafeTensor(uint8: [1], shape: [1])])
    #expect(throws: CheckpointError.self) { _ = try reserved.serialized() }
  }

  // MARK: Files

  @Test("reading a missing file or a directory gives the path and the system reason")
  func unreadable() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let missing = dir + "/nope.safetensors"
    let e = checkpointError { _ = try SafeTensorsFile.read(from: missing) }
    #expect(e == .unreadable(path: missing, reason: "No such file or directory"))
    #expect(e.map { "\($0)" }?.contains(missing) == true)
    #expect(checkpointError { _ = try SafeTensorsFile.read(from: dir) } == .unreadable(path: dir, reason: "it is a directory"))
    // A truncated file on disk is reported with its path.
    let path = dir + "/cut.safetensors"
    try Data([1, 2, 3]).write(to: URL(fileURLWithPath: path))
    #expect(checkpointError { _ = try SafeTensorsFile.read(from: path) } == .truncated(path: path, fileSize: 3, needed: 8))
  }

  @Test("a failed write leaves the previous file intact and no temporary file behind")
  func atomicity() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/ckpt.safetensors"
    let old = SafeTensorsFile(tensors: ["w": try SafeTensor(float32: [1, 2, 3], shape: [3])], metadata: ["v": "old"])
    try old.write(to: path)
    let oldBytes = try Data(contentsOf: URL(fileURLWithPath: path))

    let new = SafeTensorsFile(tensors: ["w": try SafeTensor(float32: Array(repeating: 7, count: 1000), shape: [1000])])
    // 1. An I/O error half-way through the data.
    let e = checkpointError { try new.write(to: path, failAfterBytes: 2000) }
    guard case .writeFailed(let p, let reason)? = e else {
      Issue.record("expected writeFailed, got \(String(describing: e))")
      return
    }
    #expect(p == path && reason.contains("2000"))
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == oldBytes)
    #expect(try SafeTensorsFile.read(from: path) == old)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["ckpt.safetensors"])

    // 2. The directory does not exist.
    let noDir = dir + "/missing/ckpt.safetensors"
    let e2 = checkpointError { try new.write(to: noDir) }
    #expect(e2.map { "\($0)" }?.contains("No such file or directory") == true)

    // 3. The target is a directory: the rename fails after a complete temporary file was written.
    let asDir = dir + "/adir"
    try FileManager.default.createDirectory(atPath: asDir, withIntermediateDirectories: false)
    try Data("keep".utf8).write(to: URL(fileURLWithPath: asDir + "/inside"))
    #expect(throws: CheckpointError.self) { try new.write(to: asDir) }
    #expect(try FileManager.default.contentsOfDirectory(atPath: asDir) == ["inside"])
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["adir", "ckpt.safetensors"])

    // 4. A successful write replaces the file.
    try new.write(to: path)
    #expect(try SafeTensorsFile.read(from: path) == new)
  }
}
