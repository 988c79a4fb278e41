// Lane-wise elementary functions for the Gaussian sampler, written with +, −, ×, ÷, fused
// multiply-add, √ and bit operations only, so that `Double` and SIMD instantiations give identical
// bits and the SIMD ones vectorise (the standard library's SIMD `squareRoot()` and conversions are per-lane loops).

@usableFromInline
enum _LaneMath {
  /// Natural logarithm for positive normal `x` (fdlibm `__ieee754_log` reduction and polynomial,
  /// error < 1 ulp). Not valid for 0, subnormals, ∞ or NaN: callers pass uniforms in `[2⁻⁵², 1]`.
  ///
  /// `x = 2ᵏ(1 + f)` with `1 + f ∈ [√2/2, √2)`; `log(1 + f) = f − f²/2 + s(f²/2 + R(s²))` with
  /// `s = f/(2 + f)`, and `log x = k·ln2_hi − ((f²/2 − (s(f²/2 + R) + k·ln2_lo)) − f)`.
  @inlinable @inline(__always)
  static func log<L: LaneVector>(_ x: L) -> L {
    let xb = x.laneBits
    // High word, shifted so that the exponent field rounds the mantissa into [√2/2, √2).
    var hx = xb &>> 32
    hx = hx &+ L.Bits(repeating: 0x3ff0_0000 &- 0x3fe6_a09e)
    // k + 1023 sits in bits 20...30 of hx; place it in the mantissa of 2⁵²·1.5 and subtract.
    let kb = (hx &>> 20) | L.Bits(repeating: 0x4338_0000_0000_0000)
    let k: L = L(laneBits: kb) - (6_755_399_441_055_744.0 + 1023.0)
    hx = (hx & L.Bits(repeating: 0x000f_ffff)) &+ L.Bits(repeating: 0x3fe6_a09e)
    let mb = (hx &<< 32) | (xb & L.Bits(repeating: 0xffff_ffff))
    let f: L = L(laneBits: mb) - 1.0
    let hfsq: L = (f * f) * 0.5
    let s: L = f / (f + 2.0)
    let z: L = s * s
    let w: L = z * z
    var t1: L = poly(w, 1.531383769920937332e-01, 2.222219843214978396e-01)
    t1 = poly(w, t1, 3.999999999940941908e-01)
    t1 = w * t1
    var t2: L = poly(w, 1.479819860511658591e-01, 1.818357216161805012e-01)
    t2 = poly(w, t2, 2.857142874366239149e-01)
    t2 = poly(w, t2, 6.666666666666735130e-01)
    t2 = z * t2
    let r: L = t2 + t1
    let a: L = (k * 1.90821492927058770002e-10).addingProduct(s, hfsq + r)
    let b: L = (hfsq - a) - f
    return k * 6.93147180369123816490e-01 - b
  }

  /// One Horner step `x·p + c` as a fused multiply-add.
  @inlinable @inline(__always)
  static func poly<L: LaneVector>(_ x: L, _ p: L, _ c: Double) -> L {
    L(repeating: c).addingProduct(x, p)
  }

  /// One Horner step `x·p + c` with a constant `p`, as a fused multiply-add.
  @inlinable @inline(__always)
  static func poly<L: LaneVector>(_ x: L, _ p: Double, _ c: Double) -> L {
    L(repeating: c).addingProduct(x, L(repeating: p))
  }

  /// `√|x|`, correctly rounded (IEEE square root per lane).
  ///
  /// Written as a lane loop of `x.magnitude.squareRoot()`: the magnitude lets the compiler drop
  /// the libm call it otherwise keeps for negative inputs (errno), so the loop becomes one vector
  /// square-root instruction (`vsqrtpd`) for SIMD lanes and `sqrtsd` for `Double`.
  @inlinable @inline(__always)
  static func squareRoot<L: LaneVector>(_ x: L) -> L {
    var r = x
    for i in 0..<L.laneCount { r.setLane(i, to: x.lane(i).magnitude.squareRoot()) }
    return r
  }

  /// `(sin 2πu, cos 2πu)` for `u ∈ [0, 1)` with 52-bit resolution (error ≲ 2 ulp).
  ///
  /// `q = round(4u)` (by the 1.5·2⁵² trick), `r = u − q/4 ∈ [−1/8, 1/8]` (exact),
  /// `x = 2πr ∈ [−π/4, π/4]`, fdlibm's kernel polynomials for `sin x`, `cos x`, then the quadrant
  /// rotation by `q·π/2` with sign and swap masks.
  @inlinable @inline(__always)
  static func sinCosTwoPi<L: LaneVector>(_ u: L) -> (sin: L, cos: L) {
    let magic = 6_755_399_441_055_744.0
    let qm: L = u * 4.0 + magic
    let q: L = qm - magic
    let qi = qm.laneBits
    let r: L = u - q * 0.25
    let x: L = r * 6.283185307179586
    let x2: L = x * x
    var ps: L = poly(x2, 1.58969099521155010221e-10, -2.50507602534068634195e-08)
    ps = poly(x2, ps, 2.75573137070700676789e-06)
    ps = poly(x2, ps, -1.98412698298579493134e-04)
    ps = poly(x2, ps, 8.33333333332248946124e-03)
    ps = poly(x2, ps, -1.66666666666666324348e-01)
    let x3: L = x * x2
    let sinR: L = x.addingProduct(x3, ps)
    var pc: L = poly(x2, -1.13596475577881948265e-11, 2.08757232129817482790e-09)
    pc = poly(x2, pc, -2.75573143513906633035e-07)
    pc = poly(x2, pc, 2.48015872894767294178e-05)
    pc = poly(x2, pc, -1.38888888888741095749e-03)
    pc = poly(x2, pc, 4.16666666666666019037e-02)
    let x4: L = x2 * x2
    let cosHead: L = 1.0 - x2 * 0.5
    let cosR: L = cosHead.addingProduct(x4, pc)
    // Quadrant q mod 4: odd q swaps sin and cos; sin is negated for q ∈ {2, 3}, cos for q ∈ {1, 2}.
    let one = L.Bits(repeating: 1)
    let swap = L.Bits(repeating: 0) &- (qi & one)
    let keep = swap ^ L.Bits(repeating: ~0)
    let sinBits = (cosR.laneBits & swap) | (sinR.laneBits & keep)
    let cosBits = (sinR.laneBits & swap) | (cosR.laneBits & keep)
    let sinSign = (qi & L.Bits(repeating: 2)) &<< 62
    let cosSign = ((qi ^ (qi &>> 1)) & one) &<< 63
    return (L(laneBits: sinBits ^ sinSign), L(laneBits: cosBits ^ cosSign))
  }

  /// A uniform in `[0, 1)` from the top 52 bits: `[1, 2)` by exponent splicing, minus 1 (exact).
  @inlinable @inline(__always)
  static func unitClosedOpen<L: LaneVector>(_ bits: L.Bits) -> L {
    L(laneBits: (bits &>> 12) | L.Bits(repeating: 0x3FF0_0000_0000_0000)) - 1.0
  }

  /// A uniform in `(0, 1]` from the top 52 bits: `2 − [1, 2)` (exact).
  @inlinable @inline(__always)
  static func unitOpenClosed<L: LaneVector>(_ bits: L.Bits) -> L {
    2.0 - L(laneBits: (bits &>> 12) | L.Bits(repeating: 0x3FF0_0000_0000_0000))
  }
}
