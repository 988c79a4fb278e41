import Foundation
import Testing
@testable import DiffEq

@Suite struct LaneVectorTests {
  /// Negation flips the sign bit in every conformance (−(+0) = −0, as for Double), unlike the
  /// standard library's SIMD `0 − x`.
  @Test func negation_matches_double_bit_for_bit() {
    let values: [Double] = [0, -0.0, 1.5, -2, .infinity, .leastNonzeroMagnitude, 3, 4]
    var v8 = SIMD8<Double>(repeating: 0)
    var v16 = SIMD16<Double>(repeating: 0)
    for (j, x) in values.enumerated() {
      v8[j] = x
      v16[j] = x
      v16[j + 8] = x
    }
    let n8 = -v8
    let n16 = -v16
    for (j, x) in values.enumerated() {
      #expect((-x).bitPattern == n8[j].bitPattern)
      #expect((-x).bitPattern == n16[j].bitPattern && (-x).bitPattern == n16[j + 8].bitPattern)
    }
  }

  /// The shared SIMD implementation is the protocol witness too: generic code (the integrators)
  /// negates with a sign flip and reads lanes and bits like the concrete types.
  @Test func generic_witnesses_flip_signs_and_count_lanes() {
    func negate<L: LaneVector>(_ x: L) -> L { -x }
    func bitsRoundTrip<L: LaneVector>(_ x: L) -> L { L(laneBits: x.laneBits) }
    func count<L: LaneVector>(_: L.Type) -> Int { L.laneCount }
    var v16 = SIMD16<Double>(repeating: 0)
    v16[5] = -0.0
    v16[9] = .nan
    v16[15] = -3.25
    let n16 = negate(v16)
    for j in 0..<16 { #expect(n16[j].bitPattern == (-v16[j]).bitPattern && n16[j].sign != v16[j].sign) }
    let v8 = SIMD8<Double>(0, -0.0, 1, -1, .infinity, -.infinity, 0x1p-1074, 7)
    let n8 = negate(v8)
    for j in 0..<8 { #expect(n8[j].bitPattern == v8[j].bitPattern ^ 0x8000_0000_0000_0000) }
    #expect((0..<16).allSatisfy { bitsRoundTrip(v16)[$0].bitPattern == v16[$0].bitPattern })
    #expect(count(SIMD8<Double>.self) == 8 && count(SIMD16<Double>.self) == 16)
    var bits = SIMD8<UInt64>(repeating: 1)
    bits.setLane(7, to: 0xFFFF_FFFF_FFFF_FFFF)
    #expect(bits.lane(7) == 0xFFFF_FFFF_FFFF_FFFF && bits.lane(6) == 1)
  }

  /// Fused multiply-add rounds once: (1 + 2⁻⁵²)(1 − 2⁻⁵²) − 1 = −2⁻¹⁰⁴ exactly, while the separate
  /// product rounds to 1 and gives 0.
  @Test func addingProduct_is_fused_in_every_conformance() {
    let a = 1 + 0x1p-52
    let b = 1 - 0x1p-52
    #expect((-1.0).addingProduct(a, b) == -0x1p-104)
    let lanes = SIMD16<Double>(repeating: -1).addingProduct(SIMD16(repeating: a), SIMD16(repeating: b))
    #expect((0..<16).allSatisfy { lanes[$0] == -0x1p-104 })
    let lanes8 = SIMD8<Double>(repeating: -1).addingProduct(SIMD8(repeating: a), SIMD8(repeating: b))
    #expect((0..<8).allSatisfy { lanes8[$0] == -0x1p-104 })
  }

  @Test func lane_access_bits_and_finiteness() {
    var v = SIMD16<Double>(repeating: 1)
    #expect(v.isFiniteInEveryLane)
    v.setLane(11, to: .nan)
    #expect(!v.isFiniteInEveryLane && v.lane(11).isNaN && v.lane(10) == 1)
    var w = SIMD8<Double>(repeating: 2)
    w.setLane(3, to: -.infinity)
    #expect(!w.isFiniteInEveryLane)
    #expect(!Double.infinity.isFiniteInEveryLane && 1.0.isFiniteInEveryLane)
    let roundTrip = SIMD16<Double>(laneBits: v.laneBits)
    #expect((0..<16).allSatisfy { roundTrip[$0].bitPattern == v[$0].bitPattern })
    #expect(Double(laneBits: 0x3FF0_0000_0000_0000) == 1)
    #expect(SIMD8<Double>.laneCount == 8 && SIMD16<Double>.laneCount == 16 && Double.laneCount == 1)
  }

  @Test func lanewise_applies_the_function_per_lane() {
    var v = SIMD8<Double>(repeating: 0)
    for j in 0..<8 { v[j] = Double(j) * 0.25 }
    let e = v.lanewise { Foundation.exp($0) }
    #expect((0..<8).allSatisfy { e[$0] == Foundation.exp(Double($0) * 0.25) })
    let m = v.lanewise(SIMD8(repeating: 1), max)
    #expect((0..<8).allSatisfy { m[$0] == max(Double($0) * 0.25, 1) })
    #expect(2.0.lanewise { $0 * 3 } == 6)
  }
}
