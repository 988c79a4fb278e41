import Foundation

/// Small dense row-major matrices for ``LinearSDE/moments(x0:times:)``: product and exponential.
/// Not for hot loops (they allocate); `n` is a handful.
enum _DenseMatrix {
  /// `a · b` for `n × n` row-major matrices. `O(n³)`.
  static func multiply(_ a: [Double], _ b: [Double], _ n: Int) -> [Double] {
    var c = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      for k in 0..<n where a[i * n + k] != 0 {
        let aik = a[i * n + k]
        for j in 0..<n { c[i * n + j] += aik * b[k * n + j] }
      }
    }
    return c
  }

  /// `e^a` for an `n × n` row-major matrix by scaling and squaring: `e^a = (e^{a/2ˢ})^{2ˢ}` with
  /// `s` the least integer making `‖a/2ˢ‖∞ ≤ ½`, and `e^{a/2ˢ}` by its Taylor series, summed until
  /// a term no longer changes the sum (at most 30 terms; the remainder after `k` terms is below
  /// `2^{−k}/k!`, so about 18 terms reach double precision). `O(n³ (terms + s))`.
  static func exponential(_ a: [Double], _ n: Int) -> [Double] {
    var norm = 0.0
    for i in 0..<n {
      var row = 0.0
      for j in 0..<n { row += abs(a[i * n + j]) }
      norm = max(norm, row)
    }
    var s = 0
    if norm > 0.5 { s = Int(Foundation.log2(norm / 0.5).rounded(.up)) }
    let scale = Foundation.scalbn(1.0, -s)
    let scaled = a.map { $0 * scale }
    var result = [Double](repeating: 0, count: n * n)
    for i in 0..<n { result[i * n + i] = 1 }
    var term = result
    for k in 1...30 {
      term = multiply(term, scaled, n)
      let inverse = 1 / Double(k)
      var changed = false
      for q in 0..<(n * n) {
        term[q] *= inverse
        let sum = result[q] + term[q]
        if sum != result[q] { changed = true }
        result[q] = sum
      }
      if !changed { break }
    }
    for _ in 0..<s { result = multiply(result, result, n) }
    return result
  }
}
