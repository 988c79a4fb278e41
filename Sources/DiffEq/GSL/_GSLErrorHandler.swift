import CGSL

/// GSL's process-wide set-up. GSL's default error handler prints and calls `abort()`; every GSL
/// entry point of the library calls ``prepare()`` first, so the handler is switched off exactly
/// once (a lazily initialised global, thread-safe) before any GSL call, and GSL reports errors as
/// status codes instead.
enum _GSL {
  /// Switching the handler off; evaluated once, on first use.
  private static let errorHandlerOff: Bool = {
    _ = gsl_set_error_handler_off()
    return true
  }()

  /// Ensures GSL's aborting error handler is off. Cheap after the first call.
  @inline(__always)
  static func prepare() {
    _ = errorHandlerOff
  }

  /// GSL's text for a status code.
  static func message(_ status: Int32) -> String {
    guard let text = gsl_strerror(status) else { return "unknown status" }
    return String(cString: text)
  }
}
