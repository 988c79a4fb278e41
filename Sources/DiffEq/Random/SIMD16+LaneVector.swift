/// Sixteen paths per operation: the lane type of DiffEq's ensembles. The operations are shared
/// with `SIMD8` (see `SIMD+LaneVector.swift`).
extension SIMD16: LaneVector where Scalar == Double {
  /// Sixteen `UInt64` lanes.
  public typealias Bits = SIMD16<UInt64>

  /// Fills `out` from `stream` with DiffEq's compiled (not client-specialised) Box–Muller kernel.
  public static func _fillGaussians(
    _ stream: inout GaussianStream<SIMD16<Double>>, into out: UnsafeMutablePointer<SIMD16<Double>>, count: Int
  ) {
    stream.fill(out, count: count)
  }
}
