#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One ``KernelWorkspace`` per thread for the convolution operations (im2col buffers).
///
/// Operations run one kernel at a time on their thread, so a thread-local workspace is never used
/// by two calls at once. It grows to the largest chunk any call needed (≤ 4 MiB plus weights) and
/// is released when its thread exits.
enum _ThreadWorkspace {
  static let key: pthread_key_t = {
    var k = pthread_key_t()
    #if os(Linux)
      let status = pthread_key_create(&k) { p in
        if let p { Unmanaged<KernelWorkspace>.fromOpaque(p).release() }
      }
    #else
      let status = pthread_key_create(&k) { p in Unmanaged<KernelWorkspace>.fromOpaque(p).release() }
    #endif
    precondition(status == 0, "pthread_key_create failed")  // allowed: only fails when the process is out of thread-local keys
    return k
  }()

  /// The calling thread's workspace.
  static var current: KernelWorkspace {
    if let p = pthread_getspecific(key) {
      return Unmanaged<KernelWorkspace>.fromOpaque(p).takeUnretainedValue()
    }
    let w = KernelWorkspace()
    pthread_setspecific(key, Unmanaged.passRetained(w).toOpaque())
    return w
  }
}
