import CBLAS
import Dispatch

/// The kernels' parallel loop: dynamic distribution of chunks over a few threads.
enum _Parallel {
  /// A value moved into the parallel region (pointers and closures used under the region's own
  /// discipline: disjoint writes per thread, joined before return).
  struct _Unchecked<T>: @unchecked Sendable {
    let value: T
  }

  /// Threads for `work` units over `count` items: the BLAS thread count, fewer when there is
  /// less than `minWorkPerThread` per thread or fewer items than threads.
  static func threads(count: Int, work: Int, minWorkPerThread: Int) -> Int {
    max(1, min(BLAS.threadCount, count, work / max(1, minWorkPerThread)))
  }

  /// About three chunks per thread, so the dynamic distribution can balance.
  static func balancedChunk(_ count: Int, _ threads: Int) -> Int {
    threads > 1 ? max(1, (count + 3 * threads - 1) / (3 * threads)) : max(1, count)
  }

  /// Runs `body(t, c0, c1)` over the chunks [c0, c1) of `chunk` items covering [0, count), on
  /// `threads` threads (t = the thread's index, < threads); returns when all chunks are done.
  /// Chunks are handed out by an atomic counter, so a core slowed by other processes takes fewer.
  /// With `singleThreadedBLAS`, OpenBLAS runs on one thread for the region (the body's GEMMs run
  /// side by side instead of each using every core).
  static func forEachChunk(
    threads: Int, count: Int, chunk: Int, singleThreadedBLAS: Bool,
    _ body: (Int, Int, Int) -> Void
  ) {
    let chunks = (count + chunk - 1) / chunk
    if threads <= 1 || chunks <= 1 {
      var c0 = 0
      while c0 < count {
        body(0, c0, min(count, c0 + chunk))
        c0 += chunk
      }
      return
    }
    if singleThreadedBLAS { diffeq_blas_begin_parallel() }
    defer { if singleThreadedBLAS { diffeq_blas_end_parallel() } }
    var next = 0
    withUnsafeMutablePointer(to: &next) { counter in
      withoutActuallyEscaping(body) { escapable in
        let box = _Unchecked(value: (escapable, counter))
        DispatchQueue.concurrentPerform(iterations: min(threads, chunks)) { t in
          while true {
            let i = diffeq_fetch_add(box.value.1, 1)
            if i >= chunks { break }
            let c0 = i * chunk
            box.value.0(t, c0, min(count, c0 + chunk))
          }
        }
      }
    }
  }

  /// Splits `count` images of `perImage` floats into balanced chunks over the BLAS threads (when
  /// there are at least `minFloatsPerThread` per thread) and runs `body(n0, n1)` on each.
  static func images(count: Int, perImage: Int, minFloatsPerThread: Int = 1 << 17, _ body: (Int, Int) -> Void) {
    let t = threads(count: count, work: count * perImage, minWorkPerThread: minFloatsPerThread)
    forEachChunk(threads: t, count: count, chunk: balancedChunk(count, t), singleThreadedBLAS: false) { _, c0, c1 in
      body(c0, c1)
    }
  }
}
