#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The tape recording on the calling thread (a thread-local, unretained pointer).
///
/// `Tape.record` keeps its tape alive for the whole time it is installed here, so the pointer is
/// never dangling. About 2 ns per read (`pthread_getspecific`).
@usableFromInline
enum _CurrentTape {
  static let key: pthread_key_t = {
    var k = pthread_key_t()
    let status = pthread_key_create(&k, nil)
    precondition(status == 0, "pthread_key_create failed")  // allowed: only fails when the process is out of thread-local keys
    return k
  }()

  @usableFromInline
  static var tape: Tape? {
    guard let p = pthread_getspecific(key) else { return nil }
    return Unmanaged<Tape>.fromOpaque(p).takeUnretainedValue()
  }

  @usableFromInline
  static func install(_ tape: Tape?) {
    if let tape {
      pthread_setspecific(key, Unmanaged.passUnretained(tape).toOpaque())
    } else {
      pthread_setspecific(key, nil)
    }
  }
}
