/// Where a path's Brownian increments come from.
@usableFromInline
protocol _SDEIncrementSource {
  associatedtype Lanes: LaneVector
  /// Writes `ΔW` (n lane vectors) of step `step`, whose length has square root `rootStep`.
  mutating func increments(step: Int, rootStep: Double, into dW: LaneBuffer<Lanes>)
}

/// Increments `ΔWʲ = √h · zⱼ` from a ``GaussianStream``, read through a buffer refilled 64 samples
/// at a time (the stream order is kept, so the samples do not depend on the buffering).
@usableFromInline
struct _SDEGaussianIncrements<Lanes: LaneVector>: _SDEIncrementSource {
  @usableFromInline var stream: GaussianStream<Lanes>
  @usableFromInline let buffer: UnsafeMutablePointer<Lanes>
  @usableFromInline var index: Int
  @usableFromInline let noiseDimension: Int

  @usableFromInline static var capacity: Int { 64 }

  /// Uses `buffer` (capacity ``capacity``, owned by the caller) for stream `stream`.
  @inlinable
  init(stream: GaussianStream<Lanes>, buffer: UnsafeMutablePointer<Lanes>, noiseDimension: Int) {
    self.stream = stream
    self.buffer = buffer
    self.index = Self.capacity
    self.noiseDimension = noiseDimension
  }

  @inlinable @inline(__always)
  mutating func increments(step: Int, rootStep: Double, into dW: LaneBuffer<Lanes>) {
    for j in 0..<noiseDimension {
      if index == Self.capacity { refill() }
      dW[j] = buffer[index] * rootStep
      index += 1
    }
  }

  @inlinable @inline(never)
  mutating func refill() {
    stream.fill(buffer, count: Self.capacity)
    index = 0
  }
}

/// Increments read from stored values (one path, `L = Double`): step `k` uses
/// `values[k·n ..< (k+1)·n]`.
@usableFromInline
struct _SDEStoredIncrements: _SDEIncrementSource {
  @usableFromInline let values: UnsafeBufferPointer<Double>
  @usableFromInline let noiseDimension: Int

  @inlinable
  init(values: UnsafeBufferPointer<Double>, noiseDimension: Int) {
    self.values = values
    self.noiseDimension = noiseDimension
  }

  @inlinable @inline(__always)
  mutating func increments(step: Int, rootStep: Double, into dW: LaneBuffer<Double>) {
    let base = step * noiseDimension
    for j in 0..<noiseDimension { dW[j] = values[base + j] }
  }
}
