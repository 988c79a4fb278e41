import Foundation

/// Progress of a long job on stderr.
///
/// On a terminal it redraws one line: a bar, the fraction done, elapsed time and a free-text
/// detail (the loss terms during training). When stderr is not a terminal (a pipe, a log file, the
/// tests) it prints a plain line at most every `plainInterval` seconds, and nothing when that is
/// `nil`. Safe to call from worker threads (calls are serialised by a lock).
final class ProgressReporter: @unchecked Sendable {
  private let label: String
  private let total: Int
  private let isTTY: Bool
  private let plainInterval: Double?
  private let start = Date()
  private let lock = NSLock()
  private var lastDraw = Date.distantPast
  private var drewBar = false
  private var finished = false

  /// - Parameters:
  ///   - label: what is running, e.g. `"simulate"`.
  ///   - total: the number of units of work (paths, epochs), `≥ 1`.
  ///   - plainInterval: seconds between plain lines when stderr is not a terminal; `nil` for none.
  ///   - isTTY: override the terminal detection (default: stderr is a terminal).
  init(label: String, total: Int, plainInterval: Double? = nil, isTTY: Bool = Terminal.stderrIsTTY) {
    self.label = label
    self.total = max(total, 1)
    self.isTTY = isTTY
    self.plainInterval = plainInterval
  }

  /// Reports `done` of `total` units, with an optional detail text.
  func update(_ done: Int, detail: String = "") {
    lock.lock()
    defer { lock.unlock() }
    if finished { return }
    let now = Date()
    let elapsed = now.timeIntervalSince(start)
    if isTTY {
      guard now.timeIntervalSince(lastDraw) >= 0.1 || done >= total else { return }
      lastDraw = now
      let width = 28
      let fraction = min(max(Double(done) / Double(total), 0), 1)
      let filled = Int((fraction * Double(width)).rounded(.down))
      let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
      let text = "\r\u{1B}[2K\(label) \(bar) \(done)/\(total) \(String(format: "%.1f", elapsed)) s"
        + (detail.isEmpty ? "" : "  " + detail)
      Terminal.writeError(text)
      drewBar = true
    } else if let plainInterval {
      guard now.timeIntervalSince(lastDraw) >= plainInterval || done >= total else { return }
      lastDraw = now
      Terminal.writeError(
        "\(label): \(done)/\(total) (\(String(format: "%.1f", elapsed)) s)"
          + (detail.isEmpty ? "" : " " + detail) + "\n")
    }
  }

  /// Ends the bar's line (on a terminal) so that later output starts on a fresh line.
  func finish() {
    lock.lock()
    defer { lock.unlock() }
    if drewBar, !finished { Terminal.writeError("\n") }
    finished = true
  }
}
