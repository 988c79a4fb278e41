import Foundation
import Neural

/// Temporary Euler–Maruyama simulator of a linear SDE with additive noise,
/// `dX = A X dt + s dW` (`W` scalar), used until DiffEq's SDE ensembles are available here.
/// Path `p` draws from a generator seeded with `(seed, p)`.
enum _LinearSDESimulator {
  /// `paths × observations × d` values, observed every `dt` with `substeps` EM steps between.
  static func simulate(
    A: [Double], s: [Double], x0: [Double], paths: Int, observations: Int, dt: Double,
    substeps: Int, seed: UInt64
  ) -> [Double] {
    let d = x0.count
    let h = dt / Double(substeps)
    let sq = h.squareRoot()
    var out = [Double](repeating: 0, count: paths * observations * d)
    var x = [Double](repeating: 0, count: d)
    var dx = [Double](repeating: 0, count: d)
    for p in 0..<paths {
      var g = SeededGenerator(seed: _derivedSeed(seed, 1000, UInt64(p)))
      for i in 0..<d { x[i] = x0[i] }
      for i in 0..<d { out[p * observations * d + i] = x[i] }
      for k in 1..<observations {
        for _ in 0..<substeps {
          // Box–Muller in Double from two uniforms.
          let u1 = (Double(g.next() >> 11) + 1) * 0x1p-53
          let u2 = Double(g.next() >> 11) * 0x1p-53
          let z = (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
          for i in 0..<d {
            var acc = 0.0
            for j in 0..<d { acc += A[i * d + j] * x[j] }
            dx[i] = acc * h + s[i] * sq * z
          }
          for i in 0..<d { x[i] += dx[i] }
        }
        for i in 0..<d { out[(p * observations + k) * d + i] = x[i] }
      }
    }
    return out
  }
}
