import Foundation

/// Process-wide source of recording-session identifiers (never 0, never reused).
///
/// A tensor remembers the session in which it was recorded; a tape accepts a tensor as recorded only
/// when the session matches, so values from an earlier step (or another tape) count as constants.
enum _Session {
  private static let lock = NSLock()
  nonisolated(unsafe) private static var last: UInt64 = 0

  static func next() -> UInt64 {
    lock.lock()
    defer { lock.unlock() }
    last &+= 1
    return last
  }
}
