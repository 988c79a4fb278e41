import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// A parsed SVG document for tests: the flat list of elements in document order.
struct SVGDocument {
  struct Element {
    var name: String
    var attributes: [String: String]
    var text: String
    /// Names of the enclosing elements, outermost first.
    var ancestors: [String]
  }

  var elements: [Element] = []

  /// Parses `text` with Foundation's XMLParser; `nil` when the XML is not well-formed.
  init?(_ text: String) {
    let delegate = Collector()
    let parser = XMLParser(data: Data(text.utf8))
    parser.delegate = delegate
    guard parser.parse() else { return nil }
    elements = delegate.elements
  }

  func all(_ name: String, class cls: String? = nil) -> [Element] {
    elements.filter { $0.name == name && (cls == nil || $0.attributes["class"] == cls) }
  }

  private final class Collector: NSObject, XMLParserDelegate {
    var elements: [Element] = []
    var stack: [Int] = []

    func parser(
      _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
      qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
    ) {
      let ancestors = stack.map { elements[$0].name }
      elements.append(Element(name: elementName, attributes: attributeDict, text: "", ancestors: ancestors))
      stack.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
      if let top = stack.last { elements[top].text += string }
    }

    func parser(
      _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
      qualifiedName qName: String?
    ) {
      stack.removeLast()
    }
  }
}

/// Splits SVG path data into subpaths, each a list of absolute points. Understands the commands
/// the writer emits: M, L (with implicit repeats), H, V, h, v, Z.
func subpaths(_ d: String) -> [[(Double, Double)]] {
  var result: [[(Double, Double)]] = []
  var tokens: [String] = []
  var cur = ""
  for ch in d {
    if ch.isLetter {
      if !cur.isEmpty { tokens.append(cur) }
      tokens.append(String(ch))
      cur = ""
    } else if ch == " " || ch == "," {
      if !cur.isEmpty { tokens.append(cur) }
      cur = ""
    } else if ch == "-" && !cur.isEmpty {
      tokens.append(cur)
      cur = "-"
    } else {
      cur.append(ch)
    }
  }
  if !cur.isEmpty { tokens.append(cur) }
  var i = 0
  var cmd = "M"
  var pt = (0.0, 0.0)
  while i < tokens.count {
    if let c = tokens[i].first, c.isLetter {
      cmd = tokens[i]
      i += 1
      if cmd == "Z" { continue }
    }
    switch cmd {
    case "M":
      pt = (Double(tokens[i])!, Double(tokens[i + 1])!)
      result.append([pt])
      i += 2
      cmd = "L"
    case "L":
      pt = (Double(tokens[i])!, Double(tokens[i + 1])!)
      result[result.count - 1].append(pt)
      i += 2
    case "H", "h", "V", "v":
      let v = Double(tokens[i])!
      switch cmd {
      case "H": pt.0 = v
      case "h": pt.0 += v
      case "V": pt.1 = v
      default: pt.1 += v
      }
      result[result.count - 1].append(pt)
      i += 1
    default:
      i += 1
    }
  }
  return result
}
