import Foundation

/// One axis of a plot: its range in plotted units and its ticks. Internal.
///
/// For a logarithmic axis the plotted unit is `log10(value)`: `lo`, `hi` and tick positions are
/// decades, tick labels show the value itself.
struct _Axis {
  /// Lower end of the axis, in plotted units.
  var lo: Double
  /// Upper end of the axis, in plotted units (`hi > lo`).
  var hi: Double
  /// Whether plotted units are `log10` of the data.
  var isLog: Bool
  /// Tick positions (plotted units, within `lo…hi`) and their labels.
  var ticks: [(position: Double, label: String)]

  /// The plotted coordinate of a data value, or `nil` when the value cannot be drawn
  /// (not finite, or not positive on a log axis).
  @inline(__always)
  func plotted(_ v: Double) -> Double? {
    if !v.isFinite { return nil }
    if isLog { return v > 0 ? log10(v) : nil }
    return v
  }

  /// The 1-2-5 step closest above `range / target`: `1, 2, 5 × 10ᵏ`.
  static func niceStep(range: Double, target: Int) -> Double {
    let raw = range / Double(max(target, 1))
    let mag = pow(10, floor(log10(raw)))
    let f = raw / mag
    let m: Double = f <= 1 + 1e-9 ? 1 : f <= 2 + 1e-9 ? 2 : f <= 5 + 1e-9 ? 5 : 10
    return m * mag
  }

  /// Makes a usable span out of raw data limits: orders them, widens an empty or nearly empty
  /// span (by ±10 % of the value, or ±1 around zero), and keeps the width finite.
  static func usableSpan(_ a: Double, _ b: Double) -> (Double, Double) {
    var lo = min(a, b), hi = max(a, b)
    lo = max(lo, -1e307)
    hi = min(hi, 1e307)
    let mag = max(abs(lo), abs(hi))
    if hi - lo <= mag * 1e-9 {
      let c = (lo + hi) / 2
      let w = c == 0 ? 1 : abs(c) * 0.1
      lo = c - w
      hi = c + w
    }
    return (lo, hi)
  }

  /// A linear axis that covers `dataLo…dataHi` and ends on ticks ("nice" limits).
  static func linearCovering(dataLo: Double, dataHi: Double, target: Int) -> _Axis {
    let (lo, hi) = usableSpan(dataLo, dataHi)
    let step = niceStep(range: hi - lo, target: target)
    let alo = floor(lo / step + 1e-9) * step
    let ahi = ceil(hi / step - 1e-9) * step
    return linearInside(lo: alo, hi: ahi, target: target, step: step)
  }

  /// A linear axis with exactly the limits `lo…hi` and 1-2-5 ticks inside them.
  static func linearInside(lo rawLo: Double, hi rawHi: Double, target: Int, step given: Double? = nil)
    -> _Axis
  {
    let (lo, hi) = usableSpan(rawLo, rawHi)
    let step = given ?? niceStep(range: hi - lo, target: target)
    let k0 = ceil(lo / step - 1e-9), k1 = floor(hi / step + 1e-9)
    var ticks: [(Double, String)] = []
    let magnitude = max(abs(lo), abs(hi))
    if k1 >= k0 && k1 - k0 <= 200 {
      var k = k0
      while k <= k1 {
        var v = k * step
        if abs(v) < step * 1e-9 { v = 0 }
        ticks.append((v, _Format.tick(v, step: step, magnitude: magnitude)))
        k += 1
      }
    }
    return _Axis(lo: lo, hi: hi, isLog: false, ticks: ticks)
  }

  /// A log₁₀ axis covering the positive data `dataLo…dataHi`, ending on whole decades.
  static func logCovering(dataLo: Double, dataHi: Double, target: Int) -> _Axis {
    var e0 = floor(log10(dataLo) + 1e-9), e1 = ceil(log10(dataHi) - 1e-9)
    if e1 <= e0 { e1 = e0 + 1 }
    e0 = max(e0, -320)
    e1 = min(e1, 308)
    return logInside(lo: e0, hi: e1, target: target)
  }

  /// A log₁₀ axis spanning the decades `lo…hi` (plotted units) with ticks inside: 1, 2, 5 per
  /// decade when the span is at most two decades, otherwise whole decades (every `k`-th).
  static func logInside(lo: Double, hi: Double, target: Int) -> _Axis {
    var ticks: [(Double, String)] = []
    let span = hi - lo
    if span <= 2 {
      var e = floor(lo)
      while e <= ceil(hi) {
        for m in [1.0, 2.0, 5.0] {
          let p = e + log10(m)
          if p >= lo - 1e-9 && p <= hi + 1e-9 { ticks.append((p, _Format.compact(m * pow(10, e)))) }
        }
        e += 1
      }
    } else {
      let stride = max(1, ceil(span / Double(max(target, 1))))
      var e = ceil(lo - 1e-9)
      while e <= hi + 1e-9 {
        ticks.append((e, _Format.compact(pow(10, e))))
        e += stride
      }
    }
    return _Axis(lo: lo, hi: hi, isLog: true, ticks: ticks)
  }
}
