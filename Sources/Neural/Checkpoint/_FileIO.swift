#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// POSIX file helpers: whole-file reads and atomic, durable writes. Shared by this package's
/// modules (checkpoints here, trajectory data in NeuralSDE) through `package` access; not public API.
///
/// Each call takes the caller's error constructor, `(path, reason) -> Error`, so every module
/// reports file failures with its own typed error.
package enum _FileIO {
  /// Builds the caller's error for a failed read or write of `path` with a human-readable reason.
  package typealias Failure = (_ path: String, _ reason: String) -> any Error

  /// The system's message for `errno`.
  static func reason(_ code: Int32) -> String {
    String(cString: strerror(code))
  }

  /// Reads the whole file at `path`.
  /// - Throws: `unreadable(path, reason)` with the system's reason.
  package static func readAll(_ path: String, unreadable: Failure) throws -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 { throw unreadable(path, reason(errno)) }
    defer { close(fd) }
    var st = stat()
    if fstat(fd, &st) != 0 { throw unreadable(path, reason(errno)) }
    if (st.st_mode & S_IFMT) == S_IFDIR {
      throw unreadable(path, "it is a directory")
    }
    var out: [UInt8] = []
    out.reserveCapacity(Int(st.st_size))
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
      let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        throw unreadable(path, reason(errno))
      }
      if n == 0 { break }
      out.append(contentsOf: chunk[0..<n])
    }
    return out
  }

  /// Writes `chunks` (concatenated) to `path` atomically and durably: a temporary file in the
  /// same directory is written, `fsync`ed and renamed over `path`, then the directory is synced.
  /// On any failure the temporary file is removed and a previous file at `path` is unchanged.
  ///
  /// `failAfterBytes` (tests only) simulates an I/O error once that many bytes were written.
  /// - Throws: `unwritable(path, reason)` with the system's reason.
  package static func atomicWrite(
    _ chunks: [[UInt8]], to path: String, failAfterBytes: Int? = nil, unwritable: Failure
  ) throws {
    guard !path.isEmpty else { throw unwritable(path, "the path is empty") }
    let slash = path.lastIndex(of: "/")
    let dir = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    guard !name.isEmpty else {
      throw unwritable(path, "the path names a directory, not a file")
    }
    let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 16)
    let tmp = (dir == "/" ? "" : dir) + "/." + name + ".tmp-\(getpid())-" + suffix
    let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    if fd < 0 {
      throw unwritable(path, "cannot create a temporary file in '\(dir)': \(reason(errno))")
    }
    var closed = false
    func fail(_ why: String) -> any Error {
      if !closed { close(fd) }
      unlink(tmp)
      return unwritable(path, why)
    }
    var written = 0
    for chunk in chunks {
      var offset = 0
      while offset < chunk.count {
        var toWrite = chunk.count - offset
        if let limit = failAfterBytes {
          if written >= limit { throw fail("simulated I/O error after \(limit) bytes") }
          toWrite = min(toWrite, limit - written)
        }
        let n = chunk.withUnsafeBytes { write(fd, $0.baseAddress! + offset, toWrite) }  // allowed: non-empty chunk
        if n < 0 {
          if errno == EINTR { continue }
          throw fail(reason(errno))
        }
        offset += n
        written += n
      }
    }
    if fsync(fd) != 0 { throw fail("fsync failed: \(reason(errno))") }
    if close(fd) != 0 {
      closed = true
      throw fail("close failed: \(reason(errno))")
    }
    closed = true
    if rename(tmp, path) != 0 {
      let code = errno
      throw fail("cannot move the written file into place: \(reason(code))")
    }
    // Make the rename durable; failure here does not undo the (already complete) write.
    let dfd = open(dir, O_RDONLY | O_CLOEXEC)
    if dfd >= 0 {
      _ = fsync(dfd)
      close(dfd)
    }
  }
}
