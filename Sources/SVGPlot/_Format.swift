import Foundation

/// Small text helpers shared by the SVG writers. Internal.
enum _Format {
  /// A pixel coordinate rounded to 0.1 px, with no trailing ".0": `12.25 → "12.3"`, `7.0 → "7"`.
  ///
  /// Values are clamped to ±1e6 px first, so any finite or infinite input formats without
  /// trapping (the plot area is clipped, so clamped points are outside it anyway).
  @inline(__always)
  static func px(_ v: Double) -> String {
    let c = v.isNaN ? 0 : min(max(v, -1e6), 1e6)
    let tenths = Int((c * 10).rounded())
    let whole = tenths / 10
    let frac = abs(tenths % 10)
    if frac == 0 { return String(whole) }
    if tenths < 0 && whole == 0 { return "-0.\(frac)" }
    return "\(whole).\(frac)"
  }

  /// Escapes the five XML special characters so user text can go into text nodes and attributes.
  static func xml(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for ch in s {
      switch ch {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      default:
        // Control characters other than tab/newline are not allowed in XML 1.0.
        if let a = ch.asciiValue, a < 0x20, a != 0x09, a != 0x0A, a != 0x0D { continue }
        out.append(ch)
      }
    }
    return out
  }

  /// A tick label for value `v` on a linear axis whose ticks are `step` apart and whose largest
  /// magnitude is `magnitude`: fixed notation with just enough decimals for `step`, or
  /// exponent notation (`2.5e-5`, `1.2e7`) for very large or very small numbers. Never "-0".
  static func tick(_ v: Double, step: Double, magnitude: Double) -> String {
    let stepExp = Int(floor(log10(step) + 1e-9))
    if magnitude >= 1e6 || stepExp < -4 {
      if v == 0 { return "0" }
      let vExp = Int(floor(log10(abs(v)) + 1e-9))
      let digits = max(0, vExp - stepExp)
      return exponent(String(format: "%.\(digits)e", v))
    }
    let decimals = max(0, -stepExp)
    let s = String(format: "%.\(decimals)f", v)
    return negativeZeroFixed(s)
  }

  /// A compact label for any positive or negative number: up to 4 significant digits,
  /// plain notation for 1e-4 ≤ |v| < 1e6, exponent notation otherwise.
  static func compact(_ v: Double) -> String {
    if v == 0 || !v.isFinite { return v == 0 ? "0" : String(v) }
    let a = abs(v)
    if a >= 1e-4 && a < 1e6 {
      let e = Int(floor(log10(a)))
      let decimals = max(0, 3 - e)
      var s = String(format: "%.\(decimals)f", v)
      if s.contains(".") {
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
      }
      return negativeZeroFixed(s)
    }
    var s = String(format: "%.3e", v)
    // Trim mantissa zeros: "1.000e-05" → "1e-05".
    if let eIdx = s.firstIndex(of: "e") {
      var mant = String(s[..<eIdx])
      if mant.contains(".") {
        while mant.hasSuffix("0") { mant.removeLast() }
        if mant.hasSuffix(".") { mant.removeLast() }
      }
      s = mant + s[eIdx...]
    }
    return exponent(s)
  }

  /// Rewrites C's exponent `e+06` / `e-05` as `e6` / `e-5`.
  private static func exponent(_ s: String) -> String {
    guard let eIdx = s.firstIndex(of: "e") else { return s }
    let mant = s[..<eIdx]
    var rest = s[s.index(after: eIdx)...]
    var sign = ""
    if rest.first == "+" { rest = rest.dropFirst() } else if rest.first == "-" {
      sign = "-"
      rest = rest.dropFirst()
    }
    while rest.count > 1 && rest.first == "0" { rest = rest.dropFirst() }
    return "\(mant)e\(sign)\(rest)"
  }

  private static func negativeZeroFixed(_ s: String) -> String {
    if s.hasPrefix("-") && s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) {
      return String(s.dropFirst())
    }
    return s
  }
}
