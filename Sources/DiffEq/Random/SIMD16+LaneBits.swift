/// Sixteen `UInt64` lanes: the bits of ``LaneVector``'s `SIMD16<Double>` (see `SIMD+LaneBits.swift`).
extension SIMD16: LaneBits where Scalar == UInt64 {}
