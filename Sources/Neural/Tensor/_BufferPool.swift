import Foundation

/// A process-wide cache of tensor buffers keyed by their exact element count.
///
/// Training repeats the same shapes every step, so after the first step every tensor buffer comes
/// from the cache: no `malloc`/`mmap`, no page faults, and a resident size that stays flat. Buffers
/// are 64-byte aligned (one AVX-512 register, one cache line). Buffers beyond `limitBytes` of cached
/// memory are returned to the system instead. Thread-safe (one lock).
///
/// Layout: an open-addressing hash table from element count to the head of an intrusive free list
/// (each idle buffer stores the next one in its first 8 bytes), so `take` and `give` are a multiply,
/// a probe and two pointer moves — no hashing of `Hasher`, no arrays, no allocation.
@usableFromInline
final class _BufferPool: @unchecked Sendable {
  @usableFromInline static let shared = _BufferPool()

  private let lock = NSLock()
  private var keys: UnsafeMutablePointer<Int>
  private var heads: UnsafeMutablePointer<UnsafeMutableRawPointer?>
  private var capacity: Int
  private var shift: Int
  private var used = 0
  private var cachedBytes = 0
  private var limit = 4 << 30

  init() {
    capacity = 256
    shift = 64 - 8
    keys = .allocate(capacity: capacity)
    keys.initialize(repeating: -1, count: capacity)
    heads = .allocate(capacity: capacity)
    heads.initialize(repeating: nil, count: capacity)
  }

  /// Upper bound of cached (idle) memory in bytes.
  var limitBytes: Int {
    get {
      lock.lock()
      defer { lock.unlock() }
      return limit
    }
    set {
      lock.lock()
      limit = newValue
      lock.unlock()
    }
  }

  /// The table slot of `count`: where it is, or the empty slot where it would go.
  @inline(__always)
  private func slot(_ count: Int) -> Int {
    var i = Int(bitPattern: UInt(bitPattern: count &* -7_046_029_254_386_353_131) >> UInt(shift))
    while keys[i] != count && keys[i] != -1 { i = (i &+ 1) & (capacity &- 1) }
    return i
  }

  /// Returns an uninitialised buffer of `count` floats.
  @usableFromInline
  func take(_ count: Int) -> UnsafeMutablePointer<Float> {
    lock.lock()
    let i = slot(count)
    if keys[i] == count, let head = heads[i] {
      heads[i] = head.load(as: UnsafeMutableRawPointer?.self)
      cachedBytes &-= count &* 4
      lock.unlock()
      return head.assumingMemoryBound(to: Float.self)
    }
    lock.unlock()
    // At least 2 floats, so an idle buffer can hold the free-list link.
    let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 2) &* 4, alignment: 64)
    return raw.bindMemory(to: Float.self, capacity: max(count, 2))
  }

  /// Gives a buffer of `count` floats back to the cache (or to the system above the limit).
  @usableFromInline
  func give(_ p: UnsafeMutablePointer<Float>, _ count: Int) {
    lock.lock()
    if cachedBytes &+ count &* 4 <= limit {
      var i = slot(count)
      if keys[i] == -1 {
        if (used &+ 1) &* 2 > capacity {
          grow()
          i = slot(count)
        }
        keys[i] = count
        used &+= 1
      }
      let raw = UnsafeMutableRawPointer(p)
      raw.storeBytes(of: heads[i], as: UnsafeMutableRawPointer?.self)
      heads[i] = raw
      cachedBytes &+= count &* 4
      lock.unlock()
      return
    }
    lock.unlock()
    UnsafeMutableRawPointer(p).deallocate()
  }

  /// Doubles the table (called with the lock held).
  private func grow() {
    let oldKeys = keys
    let oldHeads = heads
    let oldCapacity = capacity
    capacity *= 2
    shift -= 1
    keys = .allocate(capacity: capacity)
    keys.initialize(repeating: -1, count: capacity)
    heads = .allocate(capacity: capacity)
    heads.initialize(repeating: nil, count: capacity)
    for j in 0..<oldCapacity where oldKeys[j] != -1 {
      let i = slot(oldKeys[j])
      keys[i] = oldKeys[j]
      heads[i] = oldHeads[j]
    }
    oldKeys.deallocate()
    oldHeads.deallocate()
  }

  /// Returns every cached buffer to the system.
  func releaseAll() {
    lock.lock()
    for j in 0..<capacity {
      var p = heads[j]
      while let q = p {
        p = q.load(as: UnsafeMutableRawPointer?.self)
        q.deallocate()
      }
      heads[j] = nil
    }
    cachedBytes = 0
    lock.unlock()
  }

  /// Bytes currently cached (idle).
  var cached: Int {
    lock.lock()
    defer { lock.unlock() }
    return cachedBytes
  }
}

/// The storage of a tensor: one contiguous Float32 buffer, returned to the buffer cache on release.
@usableFromInline
final class _TensorStorage {
  @usableFromInline let base: UnsafeMutablePointer<Float>
  @usableFromInline let count: Int

  /// An uninitialised buffer of `count` floats.
  @usableFromInline
  init(count: Int) {
    self.count = count
    self.base = _BufferPool.shared.take(count)
  }

  /// A buffer of `count` zeros.
  @usableFromInline
  convenience init(zeros count: Int) {
    self.init(count: count)
    base.initialize(repeating: 0, count: count)
  }

  deinit { _BufferPool.shared.give(base, count) }
}
