/// A set of named tensors plus string metadata, stored in the safetensors format.
///
/// Layout of a file (https://github.com/huggingface/safetensors):
/// ```text
/// [8 bytes] N, little-endian UInt64
/// [N bytes] UTF-8 JSON header:
///           {"__metadata__": {"key": "value", …},
///            "name": {"dtype": "F32", "shape": [d0, d1, …], "data_offsets": [begin, end]}, …}
///           (may end with spaces, padding 8 + N to a multiple of 8)
/// [rest]    data section; tensor bytes are data[begin..<end], little-endian, row-major
/// ```
///
/// **Writing** is deterministic: tensors are laid out contiguously from offset 0 in the order of
/// their names' UTF-8 bytes, the header lists `__metadata__` first (omitted when empty), then the
/// tensors in the same order, with metadata keys sorted the same way and the header padded with
/// spaces to 8-byte alignment. Files are replaced atomically (temporary file in the same
/// directory, `fsync`, `rename`), so an interrupted or failed write leaves any previous file intact.
///
/// **Reading** validates the whole file before returning: header length within the file and at
/// most 100 MB, strict JSON (no duplicate names), every entry exactly `dtype`/`shape`/`data_offsets`
/// with a known dtype and non-negative integers, `end − begin == dtype size · ∏ shape`, offsets
/// within the data section, and tensors tiling the data section exactly (no overlaps, no gaps, no
/// trailing bytes). Any violation throws a ``CheckpointError`` naming the tensor and the values.
///
/// Complexity: O(file size) for reading and writing; the file is held in memory.
public struct SafeTensorsFile: Sendable, Equatable {
  /// The tensors by name. The name `"__metadata__"` is reserved by the format.
  public var tensors: [String: SafeTensor]
  /// Free-form string metadata (e.g. `"format": "diffeq"`, training step, architecture).
  public var metadata: [String: String]

  /// The largest header accepted on reading, in bytes (100 MB, as the reference implementation).
  public static let maximumHeaderLength = 100_000_000

  /// Creates a checkpoint from tensors and metadata (nothing is validated until written).
  public init(tensors: [String: SafeTensor] = [:], metadata: [String: String] = [:]) {
    self.tensors = tensors
    self.metadata = metadata
  }

  /// Parses and validates a checkpoint held in memory (see the type's documentation).
  /// - Throws: ``CheckpointError`` (with path `"<memory>"`) for truncated, corrupt or
  ///   inconsistent bytes.
  public init(bytes: [UInt8]) throws {
    self = try SafeTensorsFile.parse(bytes, path: "<memory>")
  }

  /// Reads and validates the checkpoint at `path`.
  /// - Throws: ``CheckpointError/unreadable(path:reason:)`` when the file cannot be read, and the
  ///   other ``CheckpointError`` cases for truncated, corrupt or inconsistent contents.
  public static func read(from path: String) throws -> SafeTensorsFile {
    try parse(
      try _FileIO.readAll(path) { CheckpointError.unreadable(path: $0, reason: $1) }, path: path)
  }

  /// Writes the checkpoint to `path` atomically (see the type's documentation). The directory must
  /// exist.
  /// - Throws: ``CheckpointError/invalidTensor(name:reason:)`` when a tensor is named
  ///   `"__metadata__"`; ``CheckpointError/writeFailed(path:reason:)`` when the file cannot be
  ///   written (any previous file at `path` is then unchanged).
  public func write(to path: String) throws {
    try write(to: path, failAfterBytes: nil)
  }

  /// ``write(to:)`` with a simulated I/O failure after `failAfterBytes` bytes (tests only).
  func write(to path: String, failAfterBytes: Int?) throws {
    let (header, order) = try headerBytes()
    try _FileIO.atomicWrite(
      [header] + order.map { tensors[$0]?.data ?? [] }, to: path, failAfterBytes: failAfterBytes
    ) { CheckpointError.writeFailed(path: $0, reason: $1) }
  }

  /// The complete file contents that ``write(to:)`` stores.
  /// - Throws: ``CheckpointError/invalidTensor(name:reason:)`` when a tensor is named `"__metadata__"`.
  public func serialized() throws -> [UInt8] {
    let (header, order) = try headerBytes()
    var out = header
    for name in order { out += tensors[name]?.data ?? [] }
    return out
  }

  /// The tensor called `name`.
  /// - Throws: ``CheckpointError/missingTensor(name:available:)``.
  public func tensor(_ name: String) throws -> SafeTensor {
    guard let t = tensors[name] else {
      throw CheckpointError.missingTensor(name: name, available: SafeTensorsFile.sortedNames(tensors.keys))
    }
    return t
  }

  /// The tensor called `name`, checked to have the expected dtype and shape.
  /// - Throws: ``CheckpointError/missingTensor(name:available:)``,
  ///   ``CheckpointError/dtypeMismatch(name:expected:actual:)`` or
  ///   ``CheckpointError/shapeMismatch(name:expected:actual:)``, naming the tensor and both values.
  public func tensor(_ name: String, dtype: SafeTensorDType, shape: [Int]) throws -> SafeTensor {
    let t = try tensor(name)
    try t.expect(dtype, name: name)
    if t.shape != shape { throw CheckpointError.shapeMismatch(name: name, expected: shape, actual: t.shape) }
    return t
  }

  /// The values of the `F32` tensor `name`, checked to have shape `shape` (row-major, bit-exact).
  /// - Throws: as ``tensor(_:dtype:shape:)``.
  public func floats(_ name: String, shape: [Int]) throws -> [Float] {
    try tensor(name, dtype: .float32, shape: shape).floatArray(name: name)
  }

  // MARK: - Writing

  static func sortedNames<S: Sequence<String>>(_ names: S) -> [String] {
    names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
  }

  /// The length prefix plus the padded header, and the tensor order of the data section.
  private func headerBytes() throws -> ([UInt8], [String]) {
    let order = SafeTensorsFile.sortedNames(tensors.keys)
    var json = "{"
    var first = true
    if !metadata.isEmpty {
      json += "\"__metadata__\":{"
      json += SafeTensorsFile.sortedNames(metadata.keys).map {
        _jsonString($0) + ":" + _jsonString(metadata[$0] ?? "")
      }.joined(separator: ",")
      json += "}"
      first = false
    }
    var offset = 0
    for name in order {
      if name == "__metadata__" {
        throw CheckpointError.invalidTensor(
          name: name, reason: "the name \"__metadata__\" is reserved by the safetensors format; rename the tensor")
      }
      guard let t = tensors[name] else { continue }
      if !first { json += "," }
      first = false
      let end = offset + t.data.count
      json += _jsonString(name) + ":{\"dtype\":\"\(t.dtype.rawValue)\",\"shape\":["
      json += t.shape.map(String.init).joined(separator: ",")
      json += "],\"data_offsets\":[\(offset),\(end)]}"
      offset = end
    }
    json += "}"
    var header = Array(json.utf8)
    while (8 + header.count) % 8 != 0 { header.append(0x20) }
    return (_littleEndianBytes([UInt64(header.count)]) + header, order)
  }

  // MARK: - Reading

  static func parse(_ bytes: [UInt8], path: String) throws -> SafeTensorsFile {
    guard bytes.count >= 8 else {
      throw CheckpointError.truncated(path: path, fileSize: bytes.count, needed: 8)
    }
    let n: UInt64 = _fromLittleEndianBytes(Array(bytes[0..<8]))[0]
    if n == 0 || n > UInt64(maximumHeaderLength) {
      throw CheckpointError.invalidHeaderLength(path: path, headerLength: n, fileSize: bytes.count)
    }
    let headerEnd = 8 + Int(n)
    guard headerEnd <= bytes.count else {
      throw CheckpointError.truncated(path: path, fileSize: bytes.count, needed: headerEnd)
    }
    let header = Array(bytes[8..<headerEnd])
    guard header.first == UInt8(ascii: "{") else {
      throw CheckpointError.malformedHeader(path: path, byteOffset: 0, reason: "the header must start with '{'")
    }
    let root: _JSONValue
    do {
      root = try _JSONParser.parse(header)
    } catch {
      throw CheckpointError.malformedHeader(path: path, byteOffset: error.offset, reason: error.message)
    }
    guard case .object(let members) = root else {
      throw CheckpointError.malformedHeader(path: path, byteOffset: 0, reason: "the header is not a JSON object")
    }
    let dataSize = bytes.count - headerEnd

    struct Entry {
      var name: String
      var dtype: SafeTensorDType
      var shape: [Int]
      var begin: Int
      var end: Int
    }
    var entries: [Entry] = []
    var metadata: [String: String] = [:]
    for (name, value) in members {
      if name == "__metadata__" {
        guard case .object(let kv) = value else {
          throw CheckpointError.invalidEntry(path: path, tensor: name, reason: "__metadata__ must be an object, found \(value.kind)")
        }
        for (k, v) in kv {
          guard case .string(let s) = v else {
            throw CheckpointError.invalidEntry(
              path: path, tensor: name, reason: "metadata value for \"\(k)\" must be a string, found \(v.kind)")
          }
          metadata[k] = s
        }
        continue
      }
      guard case .object(let fields) = value else {
        throw CheckpointError.invalidEntry(path: path, tensor: name, reason: "the entry is \(value.kind), not an object")
      }
      var dtypeText: String?
      var shape: [Int]?
      var offsets: [Int]?
      for (key, v) in fields {
        switch key {
        case "dtype":
          guard case .string(let s) = v else {
            throw CheckpointError.invalidEntry(path: path, tensor: name, reason: "\"dtype\" must be a string, found \(v.kind)")
          }
          dtypeText = s
        case "shape", "data_offsets":
          guard case .array(let items) = v else {
            throw CheckpointError.invalidEntry(path: path, tensor: name, reason: "\"\(key)\" must be an array, found \(v.kind)")
          }
          var ints: [Int] = []
          for item in items {
            guard let k = item.nonNegativeInt else {
              throw CheckpointError.invalidEntry(
                path: path, tensor: name, reason: "\"\(key)\" must hold non-negative integers, found \(item.brief)")
            }
            ints.append(k)
          }
          if key == "shape" { shape = ints } else { offsets = ints }
        default:
          throw CheckpointError.invalidEntry(path: path, tensor: name, reason: "unexpected field \"\(key)\"")
        }
      }
      guard let dtypeText else {
        throw CheckpointError.invalidEntry(path: path, tensor: name, reason: "missing \"dtype\"")
      }
      guard let shape else { throw CheckpointError.invalidEntry(path: path, tensor: name, reason: "missing \"shape\"") }
      guard let offsets else {
        throw CheckpointError.invalidEntry(path: path, tensor: name, reason: "missing \"data_offsets\"")
      }
      guard let dtype = SafeTensorDType(rawValue: dtypeText) else {
        throw CheckpointError.unknownDType(path: path, tensor: name, dtype: dtypeText)
      }
      guard offsets.count == 2 else {
        throw CheckpointError.invalidEntry(
          path: path, tensor: name, reason: "\"data_offsets\" must have 2 entries [begin, end], found \(offsets.count)")
      }
      let (begin, end) = (offsets[0], offsets[1])
      guard begin <= end else {
        throw CheckpointError.invalidEntry(
          path: path, tensor: name, reason: "\"data_offsets\" [\(begin), \(end)] ends before it begins")
      }
      guard let count = SafeTensor.elementCount(shape) else {
        throw CheckpointError.invalidEntry(path: path, tensor: name, reason: "shape \(shape) has more than Int.max elements")
      }
      let (needed, overflow) = count.multipliedReportingOverflow(by: dtype.byteSize)
      guard !overflow, needed == end - begin else {
        throw CheckpointError.sizeMismatch(
          path: path, tensor: name, shape: shape, dtype: dtype, expectedBytes: overflow ? Int.max : needed,
          actualBytes: end - begin)
      }
      guard end <= dataSize else {
        throw CheckpointError.outOfBounds(path: path, tensor: name, begin: begin, end: end, dataSize: dataSize)
      }
      entries.append(Entry(name: name, dtype: dtype, shape: shape, begin: begin, end: end))
    }

    // The tensors must tile the data section exactly.
    entries.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
    var previous: Entry?
    for e in entries {
      let cursor = previous?.end ?? 0
      if e.begin < cursor, let p = previous {
        throw CheckpointError.overlapping(path: path, first: p.name, second: e.name, firstEnd: p.end, secondBegin: e.begin)
      }
      if e.begin > cursor {
        throw CheckpointError.gap(path: path, after: previous?.name, before: e.name, gapBegin: cursor, gapEnd: e.begin)
      }
      previous = e
    }
    let lastEnd = previous?.end ?? 0
    if lastEnd != dataSize {
      throw CheckpointError.trailingBytes(path: path, lastEnd: lastEnd, dataSize: dataSize)
    }

    var tensors: [String: SafeTensor] = [:]
    tensors.reserveCapacity(entries.count)
    for e in entries {
      let start = headerEnd + e.begin
      tensors[e.name] = try SafeTensor(dtype: e.dtype, shape: e.shape, data: Array(bytes[start..<(headerEnd + e.end)]))
    }
    return SafeTensorsFile(tensors: tensors, metadata: metadata)
  }
}
