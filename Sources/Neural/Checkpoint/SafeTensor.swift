/// One tensor of a safetensors checkpoint: a dtype, a shape and its raw little-endian bytes.
///
/// Independent of the engine's `Tensor` type. Elements are in row-major (C) order, so element
/// `(i₀, …, i_{r−1})` starts at byte `dtype.byteSize · Σₖ iₖ·∏_{j>k} shape[j]`. A scalar has shape
/// `[]` and one element. The invariant `data.count == dtype.byteSize · ∏ shape` holds for every
/// value (the initializers check it).
public struct SafeTensor: Sendable, Equatable {
  /// The element type.
  public let dtype: SafeTensorDType
  /// The dimensions, each `≥ 0`; `[]` for a scalar.
  public let shape: [Int]
  /// The elements' bytes, little-endian, row-major; `dtype.byteSize · elementCount` bytes.
  public let data: [UInt8]

  /// Creates a tensor from raw little-endian bytes.
  /// - Throws: ``CheckpointError/invalidTensor(name:reason:)`` when a dimension is negative, the
  ///   element count overflows, or `data.count != dtype.byteSize · ∏ shape`.
  public init(dtype: SafeTensorDType, shape: [Int], data: [UInt8]) throws {
    let count = try SafeTensor.checkedCount(shape, name: "(unnamed)")
    let (bytes, overflow) = count.multipliedReportingOverflow(by: dtype.byteSize)
    guard !overflow, bytes == data.count else {
      throw CheckpointError.invalidTensor(
        name: "(unnamed)",
        reason: "shape \(shape) of dtype \(dtype.rawValue) needs \(overflow ? "more than Int.max" : String(bytes)) bytes, "
          + "but \(data.count) bytes were given")
    }
    self.dtype = dtype
    self.shape = shape
    self.data = data
  }

  /// Creates an `F32` tensor from values in row-major order (bit-exact, NaN payloads kept).
  /// - Throws: ``CheckpointError/invalidTensor(name:reason:)`` when `values.count != ∏ shape`.
  public init(float32 values: [Float], shape: [Int]) throws {
    try self.init(dtype: .float32, shape: shape, count: values.count, bytes: _littleEndianBytes(values.map(\.bitPattern)))
  }

  /// Creates an `F64` tensor from values in row-major order (bit-exact, NaN payloads kept).
  /// - Throws: ``CheckpointError/invalidTensor(name:reason:)`` when `values.count != ∏ shape`.
  public init(float64 values: [Double], shape: [Int]) throws {
    try self.init(dtype: .float64, shape: shape, count: values.count, bytes: _littleEndianBytes(values.map(\.bitPattern)))
  }

  /// Creates an `I64` tensor from values in row-major order.
  /// - Throws: ``CheckpointError/invalidTensor(name:reason:)`` when `values.count != ∏ shape`.
  public init(int64 values: [Int64], shape: [Int]) throws {
    try self.init(dtype: .int64, shape: shape, count: values.count, bytes: _littleEndianBytes(values))
  }

  /// Creates an `I32` tensor from values in row-major order.
  /// - Throws: ``CheckpointError/invalidTensor(name:reason:)`` when `values.count != ∏ shape`.
  public init(int32 values: [Int32], shape: [Int]) throws {
    try self.init(dtype: .int32, shape: shape, count: values.count, bytes: _littleEndianBytes(values))
  }

  /// Creates a `U8` tensor from values in row-major order.
  /// - Throws: ``CheckpointError/invalidTensor(name:reason:)`` when `values.count != ∏ shape`.
  public init(uint8 values: [UInt8], shape: [Int]) throws {
    try self.init(dtype: .uint8, shape: shape, count: values.count, bytes: values)
  }

  private init(dtype: SafeTensorDType, shape: [Int], count: Int, bytes: [UInt8]) throws {
    let expected = try SafeTensor.checkedCount(shape, name: "(unnamed)")
    guard expected == count else {
      throw CheckpointError.invalidTensor(
        name: "(unnamed)", reason: "shape \(shape) has \(expected) elements but \(count) values were given")
    }
    self.dtype = dtype
    self.shape = shape
    self.data = bytes
  }

  /// Number of elements, `∏ shape` (1 for a scalar).
  public var elementCount: Int { data.count / dtype.byteSize }

  /// The elements of an `F32` tensor, bit-exact.
  /// - Throws: ``CheckpointError/dtypeMismatch(name:expected:actual:)`` for any other dtype.
  public func floatArray() throws -> [Float] {
    try floatArray(name: "(unnamed)")
  }

  /// The elements of an `F64` tensor, bit-exact.
  /// - Throws: ``CheckpointError/dtypeMismatch(name:expected:actual:)`` for any other dtype.
  public func doubleArray() throws -> [Double] {
    try expect(.float64, name: "(unnamed)")
    return (_fromLittleEndianBytes(data) as [UInt64]).map(Double.init(bitPattern:))
  }

  /// The elements of an `I64` tensor.
  /// - Throws: ``CheckpointError/dtypeMismatch(name:expected:actual:)`` for any other dtype.
  public func int64Array() throws -> [Int64] {
    try expect(.int64, name: "(unnamed)")
    return _fromLittleEndianBytes(data)
  }

  /// The elements of an `I32` tensor.
  /// - Throws: ``CheckpointError/dtypeMismatch(name:expected:actual:)`` for any other dtype.
  public func int32Array() throws -> [Int32] {
    try expect(.int32, name: "(unnamed)")
    return _fromLittleEndianBytes(data)
  }

  /// The elements of a `U8` tensor.
  /// - Throws: ``CheckpointError/dtypeMismatch(name:expected:actual:)`` for any other dtype.
  public func uint8Array() throws -> [UInt8] {
    try expect(.uint8, name: "(unnamed)")
    return data
  }

  func floatArray(name: String) throws -> [Float] {
    try expect(.float32, name: name)
    return (_fromLittleEndianBytes(data) as [UInt32]).map(Float.init(bitPattern:))
  }

  func expect(_ d: SafeTensorDType, name: String) throws {
    if dtype != d { throw CheckpointError.dtypeMismatch(name: name, expected: d, actual: dtype) }
  }

  /// `∏ shape`, or a thrown ``CheckpointError/invalidTensor(name:reason:)`` for a negative
  /// dimension or overflow.
  static func checkedCount(_ shape: [Int], name: String) throws -> Int {
    guard let n = elementCount(shape) else {
      throw CheckpointError.invalidTensor(
        name: name, reason: "shape \(shape) has a negative dimension or more than Int.max elements")
    }
    return n
  }

  /// `∏ shape`, or `nil` for a negative dimension or overflow.
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

/// The little-endian bytes of `values`.
func _littleEndianBytes<U: FixedWidthInteger>(_ values: [U]) -> [UInt8] {
  #if _endian(little)
    return values.withUnsafeBytes { Array($0) }
  #else
    let size = MemoryLayout<U>.size
    var out = [UInt8](repeating: 0, count: values.count * size)
    out.withUnsafeMutableBytes { raw in
      for (i, v) in values.enumerated() { raw.storeBytes(of: v.littleEndian, toByteOffset: i * size, as: U.self) }
    }
    return out
  #endif
}

/// Values decoded from little-endian bytes; `bytes.count` must be a multiple of the size of `U`.
func _fromLittleEndianBytes<U: FixedWidthInteger>(_ bytes: [UInt8]) -> [U] {
  let size = MemoryLayout<U>.size
  let n = bytes.count / size
  return [U](unsafeUninitializedCapacity: n) { buf, count in
    bytes.withUnsafeBytes { raw in
      for i in 0..<n { buf[i] = U(littleEndian: raw.loadUnaligned(fromByteOffset: i * size, as: U.self)) }
    }
    count = n
  }
}
