/// Control of the process-wide cache that recycles tensor buffers between training steps.
///
/// Every tensor buffer is taken from, and given back to, a cache keyed by element count, so a
/// training loop that repeats the same shapes stops allocating after its first step and its resident
/// size stays flat. The cache holds at most `limitBytes` of idle buffers (default 4 GiB); buffers
/// beyond that are freed at once.
public enum TensorBufferCache {
  /// Bytes held by idle cached buffers.
  public static var cachedBytes: Int { _BufferPool.shared.cached }

  /// The most idle memory the cache keeps, in bytes (default `4 << 30`; `0` disables caching).
  public static var limitBytes: Int {
    get { _BufferPool.shared.limitBytes }
    set { _BufferPool.shared.limitBytes = max(0, newValue) }
  }

  /// Frees every idle cached buffer (for example after training, before a long inference phase).
  public static func releaseCachedBuffers() { _BufferPool.shared.releaseAll() }
}
