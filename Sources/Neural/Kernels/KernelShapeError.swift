/// A shape a kernel cannot run on, thrown by the kernel geometry initialisers.
public enum KernelShapeError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A size that must be ≥ `minimum` was not.
  case tooSmall(name: String, value: Int, minimum: Int)
  /// A `valid` convolution whose kernel is larger than the image.
  case kernelLargerThanImage(kernelSize: Int, height: Int, width: Int)
  /// A tensor too large for the 32-bit BLAS interface (more than 2³¹ − 1 elements).
  case tooLarge(name: String, count: Int)

  /// What went wrong and what to do, naming the tensor and its size.
  public var description: String {
    switch self {
    case .tooSmall(let name, let value, let minimum):
      return "\(name) must be ≥ \(minimum), got \(value)."
    case .kernelLargerThanImage(let k, let h, let w):
      return "A valid convolution needs an image at least as large as its kernel: kernel \(k)×\(k), "
        + "image \(h)×\(w). Use padding .same or a smaller kernel."
    case .tooLarge(let name, let count):
      return "\(name) has \(count) elements, more than the 32-bit BLAS limit 2147483647; "
        + "use a smaller batch."
    }
  }

  static func check(_ name: String, _ value: Int, atLeast minimum: Int) throws(KernelShapeError) {
    if value < minimum { throw .tooSmall(name: name, value: value, minimum: minimum) }
  }

  /// The sizes of a convolution in either direction: every one ≥ 1.
  static func checkConvolution(
    batch: Int, height: Int, width: Int, inChannels: Int, outChannels: Int, kernelSize: Int
  ) throws(KernelShapeError) {
    for (name, value) in [
      ("batch", batch), ("height", height), ("width", width), ("inChannels", inChannels),
      ("outChannels", outChannels), ("kernelSize", kernelSize),
    ] {
      try check(name, value, atLeast: 1)
    }
  }

  static func check(_ name: String, count: Int) throws(KernelShapeError) {
    if count > Int(Int32.max) { throw .tooLarge(name: name, count: count) }
  }
}
