/// Eight `UInt64` lanes: the bits of ``LaneVector``'s `SIMD8<Double>` (see `SIMD+LaneBits.swift`).
extension SIMD8: LaneBits where Scalar == UInt64 {}
