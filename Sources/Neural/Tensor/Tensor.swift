/// A dense, contiguous, row-major array of Float32 values with a shape.
///
/// Images use the NHWC layout `[batch, height, width, channels]` (channels innermost), which turns
/// every convolution into one GEMM with the channel dimension contiguous; convolution weights use
/// HWIO `[kernelHeight, kernelWidth, inChannels, outChannels]` and dense weights `[in, out]`.
///
/// `Tensor` is a value type: copies share one buffer until one of them is written through
/// ``withUnsafeMutableBufferPointer(_:)`` (copy on write). Buffers come from a process-wide cache
/// (``TensorBufferCache``), so a training loop that repeats its shapes does not allocate memory
/// after the first step.
///
/// Operations on tensors record themselves on the current ``Tape`` when one is recording and one of
/// their inputs depends on a ``Parameter``; otherwise they run with no bookkeeping (inference).
public struct Tensor {
  /// The dimensions, outermost first. `[]` is a scalar (one element).
  public let shape: [Int]
  @usableFromInline var storage: _TensorStorage
  /// Index of this value's record on the tape of session `session`, or −1.
  @usableFromInline var node: Int
  /// The recording session (see `Tape`) in which `node` is valid; 0 for none.
  @usableFromInline var session: UInt64

  /// Wraps an existing storage (internal; the element count must equal the shape's product).
  @usableFromInline
  init(shape: [Int], storage: _TensorStorage) {
    self.shape = shape
    self.storage = storage
    self.node = -1
    self.session = 0
  }

  /// An uninitialised tensor of a valid shape (internal: every caller writes all elements).
  @usableFromInline
  init(uninitializedShape shape: [Int]) {
    self.init(shape: shape, storage: _TensorStorage(count: Tensor.elementCount(shape)))
  }

  /// A tensor of `shape` holding `scalars` in row-major order.
  ///
  /// - Throws: ``NeuralError/invalidArgument(operation:reason:)`` when a dimension is negative or
  ///   `scalars.count` differs from the product of the dimensions.
  public init(shape: [Int], scalars: [Float]) throws {
    try Tensor.validate(shape, in: "Tensor(shape:scalars:)")
    let n = Tensor.elementCount(shape)
    guard scalars.count == n else {
      throw NeuralError.invalidArgument(
        operation: "Tensor(shape:scalars:)",
        reason: "shape \(shape) holds \(n) elements but \(scalars.count) scalars were given")
    }
    self.init(uninitializedShape: shape)
    let p = storage.base
    scalars.withUnsafeBufferPointer { src in
      if let b = src.baseAddress { p.update(from: b, count: n) }
    }
  }

  /// A tensor of `shape` with every element equal to `value`.
  ///
  /// - Throws: ``NeuralError/invalidArgument(operation:reason:)`` when a dimension is negative.
  public init(repeating value: Float, shape: [Int]) throws {
    try Tensor.validate(shape, in: "Tensor(repeating:shape:)")
    self.init(uninitializedShape: shape)
    storage.base.update(repeating: value, count: storage.count)
  }

  /// A tensor of zeros.
  ///
  /// - Throws: ``NeuralError/invalidArgument(operation:reason:)`` when a dimension is negative.
  public init(zeros shape: [Int]) throws {
    try self.init(repeating: 0, shape: shape)
  }

  /// A tensor of zeros with the shape of `other`.
  public init(zerosLike other: Tensor) {
    self.init(shape: other.shape, storage: _TensorStorage(zeros: other.count))
  }

  /// A scalar (shape `[]`).
  public init(_ value: Float) {
    self.init(uninitializedShape: [])
    storage.base.pointee = value
  }

  /// The number of dimensions.
  public var rank: Int { shape.count }

  /// The number of elements, the product of the dimensions.
  public var count: Int { storage.count }

  /// The elements in row-major order (a copy).
  public var scalars: [Float] {
    Array(UnsafeBufferPointer(start: storage.base, count: storage.count))
  }

  /// The first element: the value of a scalar or one-element tensor.
  public var scalar: Float { storage.count > 0 ? storage.base.pointee : .nan }

  /// Whether this value was computed, on the tape recording now, from a parameter (so gradients
  /// flow back through it).
  public var isRecorded: Bool {
    guard let tape = Tape.current else { return false }
    return tape.node(of: self) != nil
  }

  /// This value without its tape history: gradients do not flow through the result (no copy).
  public var detached: Tensor { Tensor(shape: shape, storage: storage) }

  /// Calls `body` with the elements (row-major). The pointer is valid only inside `body`.
  public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows
    -> R
  {
    try body(UnsafeBufferPointer(start: storage.base, count: storage.count))
  }

  /// Calls `body` with writable elements, copying the buffer first if it is shared (copy on write).
  ///
  /// The tensor loses its tape history: a value written in place is a new constant.
  public mutating func withUnsafeMutableBufferPointer<R>(
    _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
  ) rethrows -> R {
    makeUnique()
    node = -1
    session = 0
    return try body(UnsafeMutableBufferPointer(start: storage.base, count: storage.count))
  }

  /// Copies the buffer when it is shared, so in-place writes do not show through other copies.
  @usableFromInline
  mutating func makeUnique() {
    if !isKnownUniquelyReferenced(&storage) {
      let copy = _TensorStorage(count: storage.count)
      copy.base.update(from: storage.base, count: storage.count)
      storage = copy
    }
  }

  /// The element pointer (internal; valid while `storage` is alive).
  @usableFromInline
  var pointer: UnsafeMutablePointer<Float> { storage.base }

  /// Product of the dimensions (1 for `[]`).
  @usableFromInline
  static func elementCount(_ shape: [Int]) -> Int {
    var n = 1
    for d in shape { n &*= d }
    return n
  }

  /// Throws when a dimension is negative.
  static func validate(_ shape: [Int], in operation: String) throws {
    for d in shape where d < 0 {
      throw NeuralError.invalidArgument(
        operation: operation, reason: "dimensions must be ≥ 0, got shape \(shape)")
    }
  }
}

// Storage is written only through `makeUnique()` (copy on write) or while it is freshly created and
// not yet shared, and the buffer cache is locked: a Tensor can be handed to another thread.
extension Tensor: @unchecked Sendable {}

extension Tensor: CustomStringConvertible {
  /// The shape and up to 8 leading elements.
  public var description: String {
    let shown = scalars.prefix(8).map { "\($0)" }.joined(separator: ", ")
    return "Tensor(shape: \(shape), [\(shown)\(count > 8 ? ", …" : "")])"
  }
}
