import Foundation
import Testing

@testable import Neural

/// The vectorised exp, log, tanh and log1p against Double references, in units in the last place.
@Suite struct VectorMathTests {
  /// Test points: a dense sweep over `range` plus the given special values.
  private func points(_ range: ClosedRange<Float>, count: Int, extra: [Float]) -> [Float] {
    let step = (range.upperBound - range.lowerBound) / Float(count - 1)
    return (0..<count).map { range.lowerBound + Float($0) * step } + extra
  }

  /// Largest error in ulps of the correctly rounded value (finite references only).
  private func maxULP(_ xs: [Float], _ f: (SIMD8<Float>) -> SIMD8<Float>, _ ref: (Double) -> Double)
    -> Double
  {
    var ys = [Float](repeating: 0, count: xs.count)
    xs.withUnsafeBufferPointer { x in
      ys.withUnsafeMutableBufferPointer { y in _vmap(x.baseAddress!, y.baseAddress!, xs.count, f) }
    }
    var worst = 0.0
    for (x, y) in zip(xs, ys) {
      let r = ref(Double(x))
      guard r.isFinite, Swift.abs(r) >= Double(Float.leastNormalMagnitude) else { continue }
      let ulp = Double(Float(r).ulp)
      worst = max(worst, Swift.abs(Double(y) - r) / ulp)
    }
    return worst
  }

  @Test func exp_is_within_2_ulp() {
    let xs = points(-87...88.7, count: 20_001, extra: [0, 1e-8, -1e-8, 88.7, -87.3, 0.5, -0.5])
    #expect(maxULP(xs, _vexp, Foundation.exp) <= 2)
  }

  @Test func log_is_within_2_ulp() {
    let xs = points(1e-6...0.01, count: 10_001, extra: [1, 2, 0.5, 1e-30, 1e-40, 3e38, 1.0000001, 0.9999999])
      + points(0.5...2, count: 10_001, extra: []) + points(1...1e6, count: 10_001, extra: [])
    #expect(maxULP(xs, _vlog, Foundation.log) <= 2)
  }

  @Test func tanh_is_within_3_ulp() {
    let xs = points(-10...10, count: 20_001, extra: [0.624, 0.626, -0.624, 1e-6, -1e-6, 20, -20])
    #expect(maxULP(xs, _vtanh, Foundation.tanh) <= 3)
  }

  @Test func log1p_is_accurate_for_small_arguments() {
    let xs = points(0...1, count: 10_001, extra: [1e-9, 1e-7, 3e-6, 1e-3])
    #expect(maxULP(xs, _vlog1p, Foundation.log1p) <= 3)
  }

  @Test func special_values() {
    let x = SIMD8<Float>(0, -1, .infinity, -.infinity, .nan, 100, -100, 1)
    let e = _vexp(x)
    #expect(e[0] == 1 && e[2] == .infinity && e[3] == 0 && e[4].isNaN && e[5] == .infinity && e[6] == 0)
    let l = _vlog(x)
    #expect(l[0] == -.infinity && l[1].isNaN && l[2] == .infinity && l[4].isNaN && l[7] == 0)
    let t = _vtanh(x)
    #expect(t[0] == 0 && t[2] == 1 && t[3] == -1 && t[4].isNaN && t[5] == 1 && t[6] == -1)
  }
}
