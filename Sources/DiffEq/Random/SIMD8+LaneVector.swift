/// Eight paths per operation. The operations are shared with `SIMD16` (see `SIMD+LaneVector.swift`).
extension SIMD8: LaneVector where Scalar == Double {
  /// Eight `UInt64` lanes.
  public typealias Bits = SIMD8<UInt64>

  /// Fills `out` from `stream` with DiffEq's compiled (not client-specialised) Box–Muller kernel.
  public static func _fillGaussians(
    _ stream: inout GaussianStream<SIMD8<Double>>, into out: UnsafeMutablePointer<SIMD8<Double>>, count: Int
  ) {
    stream.fill(out, count: count)
  }
}
