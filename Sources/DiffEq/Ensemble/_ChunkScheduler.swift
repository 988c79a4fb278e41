import Dispatch
import Foundation

/// Hands out chunk indices to `threads` workers (dynamically, under a lock), reports progress after
/// each chunk and stops handing out chunks once the progress hook asks to cancel.
@usableFromInline
final class _ChunkScheduler: @unchecked Sendable {
  @usableFromInline let chunkCount: Int
  @usableFromInline let totalPaths: Int
  @usableFromInline let progress: (@Sendable (Int, Int) -> Bool)?
  let lock = NSLock()
  var nextChunk = 0
  var completedPaths = 0
  var cancelled = false

  @usableFromInline
  init(chunkCount: Int, totalPaths: Int, progress: (@Sendable (Int, Int) -> Bool)?) {
    self.chunkCount = chunkCount
    self.totalPaths = totalPaths
    self.progress = progress
  }

  /// The next chunk to run, or `nil` when all are taken or the run was cancelled.
  @usableFromInline
  func take() -> Int? {
    lock.lock()
    defer { lock.unlock() }
    guard !cancelled, nextChunk < chunkCount else { return nil }
    nextChunk += 1
    return nextChunk - 1
  }

  /// Records `paths` finished paths and calls the progress hook (serialised).
  @usableFromInline
  func finished(paths: Int) {
    lock.lock()
    defer { lock.unlock() }
    completedPaths += paths
    if let progress, !cancelled, !progress(completedPaths, totalPaths) { cancelled = true }
  }

  /// Throws ``SDEError/cancelled(completedPaths:totalPaths:)`` if the hook cancelled the run.
  @usableFromInline
  func throwIfCancelled() throws {
    lock.lock()
    defer { lock.unlock() }
    if cancelled {
      throw SDEError.cancelled(completedPaths: completedPaths, totalPaths: totalPaths)
    }
  }

  /// Runs `worker(w)` for `w` in `0 ..< threads`, concurrently when `threads > 1`.
  @usableFromInline
  static func run(threads: Int, _ worker: @Sendable (Int) -> Void) {
    if threads <= 1 {
      worker(0)
    } else {
      DispatchQueue.concurrentPerform(iterations: threads, execute: worker)
    }
  }

  /// The number of active processors: the default thread count of ensembles and estimators.
  @usableFromInline
  static var processorCount: Int { ProcessInfo.processInfo.activeProcessorCount }
}

/// One result slot per chunk, filled by workers under a lock.
@usableFromInline
final class _SharedSlots<Value>: @unchecked Sendable {
  var values: [Value]
  let lock = NSLock()

  @usableFromInline
  init(repeating value: Value, count: Int) { values = [Value](repeating: value, count: count) }

  /// Stores `value` in slot `index`.
  @usableFromInline
  func set(_ index: Int, _ value: Value) {
    lock.lock()
    values[index] = value
    lock.unlock()
  }

  /// All slots, in order (call after the workers have finished).
  @usableFromInline
  var all: [Value] {
    lock.lock()
    defer { lock.unlock() }
    return values
  }
}

/// A raw buffer written by several workers at disjoint indices.
@usableFromInline
struct _SharedBuffer: @unchecked Sendable {
  @usableFromInline let base: UnsafeMutablePointer<Double>

  @inlinable
  init(_ base: UnsafeMutablePointer<Double>) { self.base = base }
}
