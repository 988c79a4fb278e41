/// A minimal strict JSON (RFC 8259) reader and string writer for safetensors headers. Internal.
///
/// Numbers are kept as their source text so integers are read exactly; objects keep key order
/// and reject duplicate keys; nesting is limited to 64 levels.
enum _JSONValue: Equatable {
  case object([(key: String, value: _JSONValue)])
  case array([_JSONValue])
  case string(String)
  case number(String)
  case bool(Bool)
  case null

  static func == (a: _JSONValue, b: _JSONValue) -> Bool {
    switch (a, b) {
    case (.object(let x), .object(let y)):
      return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    case (.array(let x), .array(let y)): return x == y
    case (.string(let x), .string(let y)): return x == y
    case (.number(let x), .number(let y)): return x == y
    case (.bool(let x), .bool(let y)): return x == y
    case (.null, .null): return true
    default: return false
    }
  }

  /// A short name of the value's kind, for error messages.
  var kind: String {
    switch self {
    case .object: return "an object"
    case .array: return "an array"
    case .string: return "a string"
    case .number: return "a number"
    case .bool: return "a boolean"
    case .null: return "null"
    }
  }

  /// Short text for error messages: a number's or string's text, otherwise the kind.
  var brief: String {
    switch self {
    case .number(let t): return t
    case .string(let t): return "\"\(t)\""
    default: return kind
    }
  }

  /// The value as a non-negative integer that fits in `Int`, or `nil`.
  var nonNegativeInt: Int? {
    guard case .number(let text) = self, !text.isEmpty, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 })
    else { return nil }
    return Int(text)
  }
}

/// A JSON syntax error at a byte offset of the parsed text.
struct _JSONError: Error {
  var offset: Int
  var message: String
}

/// Recursive-descent parser over UTF-8 bytes.
struct _JSONParser {
  private let bytes: [UInt8]
  private var i = 0
  private var depth = 0

  /// Parses one JSON value that must be followed only by whitespace (spaces, tabs, newlines).
  static func parse(_ bytes: [UInt8]) throws(_JSONError) -> _JSONValue {
    var p = _JSONParser(bytes: bytes)
    p.skipWhitespace()
    let v = try p.value()
    p.skipWhitespace()
    if p.i != bytes.count {
      throw _JSONError(offset: p.i, message: "unexpected '\(p.describe(bytes[p.i]))' after the end of the JSON value")
    }
    return v
  }

  private init(bytes: [UInt8]) { self.bytes = bytes }

  private func describe(_ b: UInt8) -> String {
    b >= 0x20 && b < 0x7F ? String(UnicodeScalar(b)) : "\\x" + String(b, radix: 16)
  }

  private mutating func skipWhitespace() {
    while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D {
      i += 1
    }
  }

  private func fail(_ message: String) -> _JSONError { _JSONError(offset: i, message: message) }

  private mutating func expect(_ b: UInt8) throws(_JSONError) {
    guard i < bytes.count else { throw fail("unexpected end of header, expected '\(describe(b))'") }
    guard bytes[i] == b else { throw fail("expected '\(describe(b))', found '\(describe(bytes[i]))'") }
    i += 1
  }

  private mutating func value() throws(_JSONError) -> _JSONValue {
    guard i < bytes.count else { throw fail("unexpected end of header, expected a value") }
    switch bytes[i] {
    case UInt8(ascii: "{"): return try object()
    case UInt8(ascii: "["): return try array()
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"): try literal("true"); return .bool(true)
    case UInt8(ascii: "f"): try literal("false"); return .bool(false)
    case UInt8(ascii: "n"): try literal("null"); return .null
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
    default: throw fail("unexpected '\(describe(bytes[i]))', expected a value")
    }
  }

  private mutating func literal(_ word: String) throws(_JSONError) {
    for b in word.utf8 {
      guard i < bytes.count, bytes[i] == b else { throw fail("invalid literal, expected '\(word)'") }
      i += 1
    }
  }

  private mutating func enter() throws(_JSONError) {
    depth += 1
    if depth > 64 { throw fail("nesting deeper than 64 levels") }
  }

  private mutating func object() throws(_JSONError) -> _JSONValue {
    try enter()
    defer { depth -= 1 }
    i += 1
    var members: [(key: String, value: _JSONValue)] = []
    var seen = Set<String>()
    skipWhitespace()
    if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
      i += 1
      return .object(members)
    }
    while true {
      skipWhitespace()
      guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else {
        throw fail(i < bytes.count ? "expected a string key, found '\(describe(bytes[i]))'" : "unexpected end of header inside an object")
      }
      let keyOffset = i
      let key = try string()
      if !seen.insert(key).inserted {
        throw _JSONError(offset: keyOffset, message: "duplicate key \"\(key)\"")
      }
      skipWhitespace()
      try expect(UInt8(ascii: ":"))
      skipWhitespace()
      members.append((key, try value()))
      skipWhitespace()
      guard i < bytes.count else { throw fail("unexpected end of header inside an object") }
      if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
      if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
      throw fail("expected ',' or '}' in an object, found '\(describe(bytes[i]))'")
    }
  }

  private mutating func array() throws(_JSONError) -> _JSONValue {
    try enter()
    defer { depth -= 1 }
    i += 1
    var items: [_JSONValue] = []
    skipWhitespace()
    if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
      i += 1
      return .array(items)
    }
    while true {
      skipWhitespace()
      items.append(try value())
      skipWhitespace()
      guard i < bytes.count else { throw fail("unexpected end of header inside an array") }
      if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
      if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
      throw fail("expected ',' or ']' in an array, found '\(describe(bytes[i]))'")
    }
  }

  private mutating func number() throws(_JSONError) -> _JSONValue {
    let start = i
    if bytes[i] == UInt8(ascii: "-") { i += 1 }
    func digits(_ p: inout _JSONParser) -> Int {
      var n = 0
      while p.i < p.bytes.count, p.bytes[p.i] >= 48, p.bytes[p.i] <= 57 { p.i += 1; n += 1 }
      return n
    }
    guard i < bytes.count else { throw fail("unexpected end of header in a number") }
    if bytes[i] == UInt8(ascii: "0") {
      i += 1
    } else if digits(&self) == 0 {
      throw fail("invalid number")
    }
    if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
      i += 1
      if digits(&self) == 0 { throw fail("invalid number: digits expected after '.'") }
    }
    if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
      i += 1
      if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
      if digits(&self) == 0 { throw fail("invalid number: digits expected in the exponent") }
    }
    return .number(String(decoding: bytes[start..<i], as: UTF8.self))
  }

  private mutating func hex4() throws(_JSONError) -> UInt32 {
    guard i + 4 <= bytes.count else { throw fail("unexpected end of header in a \\u escape") }
    var v: UInt32 = 0
    for _ in 0..<4 {
      let b = bytes[i]
      let d: UInt32
      switch b {
      case 48...57: d = UInt32(b - 48)
      case 65...70: d = UInt32(b - 55)
      case 97...102: d = UInt32(b - 87)
      default: throw fail("invalid hexadecimal digit in a \\u escape")
      }
      v = v << 4 | d
      i += 1
    }
    return v
  }

  private mutating func string() throws(_JSONError) -> String {
    i += 1  // opening quote
    var out: [UInt8] = []
    while true {
      guard i < bytes.count else { throw fail("unterminated string") }
      let b = bytes[i]
      if b == UInt8(ascii: "\"") {
        i += 1
        break
      }
      if b < 0x20 { throw fail("unescaped control character in a string") }
      if b != UInt8(ascii: "\\") {
        out.append(b)
        i += 1
        continue
      }
      i += 1
      guard i < bytes.count else { throw fail("unterminated escape") }
      let e = bytes[i]
      i += 1
      switch e {
      case UInt8(ascii: "\""): out.append(0x22)
      case UInt8(ascii: "\\"): out.append(0x5C)
      case UInt8(ascii: "/"): out.append(0x2F)
      case UInt8(ascii: "b"): out.append(0x08)
      case UInt8(ascii: "f"): out.append(0x0C)
      case UInt8(ascii: "n"): out.append(0x0A)
      case UInt8(ascii: "r"): out.append(0x0D)
      case UInt8(ascii: "t"): out.append(0x09)
      case UInt8(ascii: "u"):
        var scalar = try hex4()
        if scalar >= 0xD800 && scalar < 0xDC00 {
          guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
            throw fail("unpaired UTF-16 surrogate in a \\u escape")
          }
          i += 2
          let low = try hex4()
          guard low >= 0xDC00 && low < 0xE000 else { throw fail("invalid UTF-16 surrogate pair") }
          scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if scalar >= 0xDC00 && scalar < 0xE000 {
          throw fail("unpaired UTF-16 surrogate in a \\u escape")
        }
        guard let u = Unicode.Scalar(scalar) else { throw fail("invalid Unicode scalar in a \\u escape") }
        out.append(contentsOf: Array(String(Character(u)).utf8))
      default:
        throw fail("invalid escape '\\\(describe(e))'")
      }
    }
    guard let s = String(validating: out, as: UTF8.self) else {
      throw fail("string is not valid UTF-8")
    }
    return s
  }
}

/// Writes `s` as a JSON string literal (quotes included): `"`, `\` and control characters escaped,
/// everything else as UTF-8.
func _jsonString(_ s: String) -> String {
  var out = "\""
  for u in s.unicodeScalars {
    switch u {
    case "\"": out += "\\\""
    case "\\": out += "\\\\"
    case "\n": out += "\\n"
    case "\r": out += "\\r"
    case "\t": out += "\\t"
    default:
      if u.value < 0x20 {
        let h = String(u.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
      } else {
        out.unicodeScalars.append(u)
      }
    }
  }
  return out + "\""
}
