/// The subset of Python literals found in `.npy` headers: strings, integers, booleans, `None`,
/// tuples, lists and dicts. Internal.
enum _PythonLiteral: Equatable {
  case string(String)
  case int(Int)
  case bool(Bool)
  case none
  case tuple([_PythonLiteral])
  case list([_PythonLiteral])
  case dict([(String, _PythonLiteral)])

  static func == (a: _PythonLiteral, b: _PythonLiteral) -> Bool { a.text == b.text }

  /// Python-like source text, for messages.
  var text: String {
    switch self {
    case .string(let s): return "'\(s)'"
    case .int(let n): return String(n)
    case .bool(let b): return b ? "True" : "False"
    case .none: return "None"
    case .tuple(let items): return "(" + items.map(\.text).joined(separator: ", ") + (items.count == 1 ? ",)" : ")")
    case .list(let items): return "[" + items.map(\.text).joined(separator: ", ") + "]"
    case .dict(let kv): return "{" + kv.map { "'\($0.0)': \($0.1.text)" }.joined(separator: ", ") + "}"
    }
  }

  /// Parses a `.npy` header: one dict literal followed only by whitespace.
  /// - Throws: ``TrajectoryDataError/invalidNPY(file:reason:)`` with the byte offset of the problem.
  static func parseHeader(_ bytes: [UInt8], file: String) throws -> [String: _PythonLiteral] {
    var p = Parser(bytes: bytes)
    do {
      p.skipWhitespace()
      let v = try p.value(depth: 0)
      p.skipWhitespace()
      guard p.i == bytes.count else { throw p.fail("unexpected text after the header dict") }
      guard case .dict(let kv) = v else { throw Parser.Failure(offset: 0, message: "the header is not a dict") }
      var out: [String: _PythonLiteral] = [:]
      for (k, v) in kv {
        if out[k] != nil { throw Parser.Failure(offset: 0, message: "duplicate header key '\(k)'") }
        out[k] = v
      }
      return out
    } catch let e as Parser.Failure {
      throw TrajectoryDataError.invalidNPY(file: file, reason: "malformed header at byte \(e.offset): \(e.message)")
    }
  }

  private struct Parser {
    struct Failure: Error {
      var offset: Int
      var message: String
    }

    let bytes: [UInt8]
    var i = 0

    func fail(_ message: String) -> Failure { Failure(offset: i, message: message) }

    mutating func skipWhitespace() {
      while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x09 || bytes[i] == 0x0D { i += 1 }
    }

    mutating func value(depth: Int) throws -> _PythonLiteral {
      guard depth < 32 else { throw fail("nesting too deep") }
      guard i < bytes.count else { throw fail("unexpected end of header") }
      switch bytes[i] {
      case UInt8(ascii: "'"), UInt8(ascii: "\""): return .string(try string())
      case UInt8(ascii: "("):
        i += 1
        return .tuple(try sequence(close: UInt8(ascii: ")"), depth: depth))
      case UInt8(ascii: "["):
        i += 1
        return .list(try sequence(close: UInt8(ascii: "]"), depth: depth))
      case UInt8(ascii: "{"):
        i += 1
        return try dict(depth: depth)
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .int(try int())
      default:
        for (word, v) in [("True", _PythonLiteral.bool(true)), ("False", .bool(false)), ("None", .none)]
        where bytes[i...].starts(with: word.utf8) {
          i += word.utf8.count
          return v
        }
        throw fail("unexpected character '\(String(decoding: [bytes[i]], as: UTF8.self))'")
      }
    }

    mutating func string() throws -> String {
      let quote = bytes[i]
      i += 1
      var out: [UInt8] = []
      while i < bytes.count, bytes[i] != quote {
        if bytes[i] == UInt8(ascii: "\\"), i + 1 < bytes.count { i += 1 }
        out.append(bytes[i])
        i += 1
      }
      guard i < bytes.count else { throw fail("unterminated string") }
      i += 1
      return String(decoding: out, as: UTF8.self)
    }

    mutating func int() throws -> Int {
      let start = i
      if bytes[i] == UInt8(ascii: "-") { i += 1 }
      while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 { i += 1 }
      guard let n = Int(String(decoding: bytes[start..<i], as: UTF8.self)) else { throw fail("invalid integer") }
      if i < bytes.count, bytes[i] == UInt8(ascii: "L") { i += 1 }  // Python 2 long suffix
      return n
    }

    mutating func sequence(close: UInt8, depth: Int) throws -> [_PythonLiteral] {
      var items: [_PythonLiteral] = []
      while true {
        skipWhitespace()
        guard i < bytes.count else { throw fail("unexpected end of header in a tuple or list") }
        if bytes[i] == close {
          i += 1
          return items
        }
        items.append(try value(depth: depth + 1))
        skipWhitespace()
        guard i < bytes.count else { throw fail("unexpected end of header in a tuple or list") }
        if bytes[i] == UInt8(ascii: ",") {
          i += 1
        } else if bytes[i] != close {
          throw fail("expected ',' or closing bracket")
        }
      }
    }

    mutating func dict(depth: Int) throws -> _PythonLiteral {
      var kv: [(String, _PythonLiteral)] = []
      while true {
        skipWhitespace()
        guard i < bytes.count else { throw fail("unexpected end of header in a dict") }
        if bytes[i] == UInt8(ascii: "}") {
          i += 1
          return .dict(kv)
        }
        guard bytes[i] == UInt8(ascii: "'") || bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
        let key = try string()
        skipWhitespace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':' after key '\(key)'") }
        i += 1
        skipWhitespace()
        kv.append((key, try value(depth: depth + 1)))
        skipWhitespace()
        guard i < bytes.count else { throw fail("unexpected end of header in a dict") }
        if bytes[i] == UInt8(ascii: ",") {
          i += 1
        } else if bytes[i] != UInt8(ascii: "}") {
          throw fail("expected ',' or '}' in the dict")
        }
      }
    }
  }
}
