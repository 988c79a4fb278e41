import Neural

/// A floating-point NumPy array, read from or written to a `.npy` file.
///
/// Format (NumPy Enhancement Proposal 1, https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html):
/// ```text
/// "\x93NUMPY" | major, minor version bytes | header length (u16 LE for 1.0, u32 LE for 2.0/3.0)
/// header: Python dict literal {'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }
///         padded with spaces and ended by '\n' so the data start at a multiple of 64 bytes
/// data:   prod(shape) elements, C (row-major) order
/// ```
/// Reading accepts versions 1.0, 2.0 and 3.0 and element types `f4`/`f8` in little (`<`), big (`>`)
/// or native (`=`) byte order (big-endian data are byte-swapped); values are widened to `Double`
/// exactly. Fortran-ordered arrays, other element types, and files whose data size does not match
/// the shape are rejected with a ``TrajectoryDataError``.
///
/// Writing produces version 1.0 (2.0 if the header exceeds 65,535 bytes) in little-endian C order,
/// byte-for-byte what `numpy.save` writes for the same array (including its spare header space).
public struct NPYArray: Sendable, Equatable {
  /// The dimensions (`[]` for a 0-d array), each `≥ 0`.
  public let shape: [Int]
  /// The elements in C (row-major) order, `∏ shape` entries.
  public let values: [Double]

  /// Creates an array.
  /// - Throws: ``TrajectoryDataError/invalidArgument(reason:)`` when a dimension is negative or
  ///   `values.count != ∏ shape`.
  public init(shape: [Int], values: [Double]) throws {
    guard let n = NPYArray.elementCount(shape), n == values.count else {
      throw TrajectoryDataError.invalidArgument(
        reason: "\(values.count) values given for an array of shape \(shape)")
    }
    self.shape = shape
    self.values = values
  }

  /// Reads the `.npy` file at `path`.
  /// - Throws: ``TrajectoryDataError/unreadable(file:reason:)``, ``TrajectoryDataError/invalidNPY(file:reason:)``,
  ///   ``TrajectoryDataError/unsupportedDType(file:descr:)`` or ``TrajectoryDataError/fortranOrder(file:)``.
  public static func read(from path: String) throws -> NPYArray {
    try NPYArray(
      bytes: _FileIO.readAll(path, unreadable: TrajectoryDataError.unreadable), file: path)
  }

  /// Parses `.npy` bytes (`file` names the source in errors).
  /// - Throws: as ``read(from:)``.
  public init(bytes: [UInt8], file: String = "<memory>") throws {
    let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY
    guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
      throw TrajectoryDataError.invalidNPY(file: file, reason: "the file does not start with the magic string \\x93NUMPY")
    }
    let major = bytes[6], minor = bytes[7]
    let headerStart: Int
    let headerLength: Int
    switch major {
    case 1:
      headerStart = 10
      headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
    case 2, 3:
      guard bytes.count >= 12 else {
        throw TrajectoryDataError.invalidNPY(file: file, reason: "the file ends inside the header length")
      }
      headerStart = 12
      headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
    default:
      throw TrajectoryDataError.invalidNPY(
        file: file, reason: "format version \(major).\(minor) is not supported (1.0, 2.0 and 3.0 are)")
    }
    guard minor == 0 else {
      throw TrajectoryDataError.invalidNPY(
        file: file, reason: "format version \(major).\(minor) is not supported (1.0, 2.0 and 3.0 are)")
    }
    let dataStart = headerStart + headerLength
    guard dataStart <= bytes.count else {
      throw TrajectoryDataError.invalidNPY(
        file: file, reason: "the header is \(headerLength) bytes long but the file has only \(bytes.count - headerStart) bytes after the header length")
    }
    let header = try _PythonLiteral.parseHeader(Array(bytes[headerStart..<dataStart]), file: file)

    guard case .string(let descr)? = header["descr"] else {
      if let d = header["descr"] { throw TrajectoryDataError.unsupportedDType(file: file, descr: d.text) }
      throw TrajectoryDataError.invalidNPY(file: file, reason: "the header has no 'descr'")
    }
    guard case .bool(let fortran)? = header["fortran_order"] else {
      throw TrajectoryDataError.invalidNPY(file: file, reason: "the header has no boolean 'fortran_order'")
    }
    guard case .tuple(let dims)? = header["shape"] else {
      throw TrajectoryDataError.invalidNPY(file: file, reason: "the header has no tuple 'shape'")
    }
    let extra = header.keys.filter { !["descr", "fortran_order", "shape"].contains($0) }
    if !extra.isEmpty {
      throw TrajectoryDataError.invalidNPY(file: file, reason: "unexpected header keys \(extra.sorted())")
    }
    var shape: [Int] = []
    for d in dims {
      guard case .int(let n) = d, n >= 0 else {
        throw TrajectoryDataError.invalidNPY(file: file, reason: "'shape' must hold non-negative integers, found \(d.text)")
      }
      shape.append(n)
    }
    // Element type: byte order then f4/f8.
    let scalars = Array(descr.utf8)
    guard scalars.count == 3, [UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "=")].contains(scalars[0]),
      scalars[1] == UInt8(ascii: "f"), scalars[2] == UInt8(ascii: "4") || scalars[2] == UInt8(ascii: "8")
    else {
      throw TrajectoryDataError.unsupportedDType(file: file, descr: descr)
    }
    if fortran { throw TrajectoryDataError.fortranOrder(file: file) }
    #if _endian(little)
      let bigEndian = scalars[0] == UInt8(ascii: ">")
    #else
      let bigEndian = scalars[0] != UInt8(ascii: "<")
    #endif
    let size = scalars[2] == UInt8(ascii: "4") ? 4 : 8
    guard let count = NPYArray.elementCount(shape) else {
      throw TrajectoryDataError.invalidNPY(file: file, reason: "shape \(shape) has too many elements")
    }
    let (needed, overflow) = count.multipliedReportingOverflow(by: size)
    let available = bytes.count - dataStart
    guard !overflow, needed <= available else {
      throw TrajectoryDataError.invalidNPY(
        file: file, reason: "shape \(shape) of \(descr) needs \(overflow ? "more than Int.max" : String(needed)) data bytes, "
          + "but the file has \(available): it is truncated")
    }
    guard needed == available else {
      throw TrajectoryDataError.invalidNPY(
        file: file, reason: "\(available - needed) unexpected bytes after the \(needed) data bytes of shape \(shape)")
    }
    var values = [Double](repeating: 0, count: count)
    bytes.withUnsafeBytes { raw in
      if size == 4 {
        for i in 0..<count {
          let bits = raw.loadUnaligned(fromByteOffset: dataStart + 4 * i, as: UInt32.self)
          values[i] = Double(Float(bitPattern: bigEndian ? UInt32(bigEndian: bits) : UInt32(littleEndian: bits)))
        }
      } else {
        for i in 0..<count {
          let bits = raw.loadUnaligned(fromByteOffset: dataStart + 8 * i, as: UInt64.self)
          values[i] = Double(bitPattern: bigEndian ? UInt64(bigEndian: bits) : UInt64(littleEndian: bits))
        }
      }
    }
    self.shape = shape
    self.values = values
  }

  /// The complete `.npy` file contents (see the type's documentation for the layout).
  /// - Parameter precision: element type written, default ``Precision/float64``.
  public func serialized(precision: Precision = .float64) -> [UInt8] {
    let shapeText: String
    switch shape.count {
    case 0: shapeText = "()"
    case 1: shapeText = "(\(shape[0]),)"
    default: shapeText = "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
    var dict = "{'descr': '\(precision.descr)', 'fortran_order': False, 'shape': \(shapeText), }"
    // NumPy's spare space so the first axis can grow in place (numpy.lib.format, GROWTH_AXIS_MAX_DIGITS = 21).
    if let first = shape.first { dict += String(repeating: " ", count: max(0, 21 - String(first).count)) }
    let body = Array(dict.utf8)
    // Header = body + spaces + '\n', so that prefix + header is a multiple of 64 bytes.
    func padded(prefix: Int) -> [UInt8] {
      let pad = (64 - (prefix + body.count + 1) % 64) % 64
      return body + [UInt8](repeating: 0x20, count: pad) + [0x0A]
    }
    var out: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
    var header = padded(prefix: 10)
    if header.count <= 0xFFFF {
      out += [1, 0, UInt8(header.count & 0xFF), UInt8(header.count >> 8)]
    } else {
      header = padded(prefix: 12)
      let n = header.count
      out += [2, 0, UInt8(n & 0xFF), UInt8((n >> 8) & 0xFF), UInt8((n >> 16) & 0xFF), UInt8((n >> 24) & 0xFF)]
    }
    out += header
    out.reserveCapacity(out.count + values.count * precision.byteSize)
    switch precision {
    case .float32:
      for v in values { withUnsafeBytes(of: Float(v).bitPattern.littleEndian) { out += $0 } }
    case .float64:
      for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { out += $0 } }
    }
    return out
  }

  /// Writes the array to `path` atomically (temporary file, `fsync`, `rename`).
  /// - Parameter precision: element type written, default ``Precision/float64``.
  /// - Throws: ``TrajectoryDataError/unwritable(file:reason:)``.
  public func write(to path: String, precision: Precision = .float64) throws {
    try _FileIO.atomicWrite(
      [serialized(precision: precision)], to: path, unwritable: TrajectoryDataError.unwritable)
  }

  static func elementCount(_ shape: [Int]) -> Int? {
    var n = 1
    for d in shape {
      if d < 0 { return nil }
      let (p, o) = n.multipliedReportingOverflow(by: d)
      if o { return nil }
      n = p
    }
    return n
  }
}
