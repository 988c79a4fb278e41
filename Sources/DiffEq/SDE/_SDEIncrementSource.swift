/// Where a path's Brownian increments come from. The integrator asks for them chunk by chunk:
/// ``prepare(firstStep:count:rootSteps:)`` for steps `first ..< first + count` (at most
/// ``chunkSteps``), then ``increments(step:)`` for each of those steps in order.
@usableFromInline
protocol _SDEIncrementSource {
  associatedtype Lanes: LaneVector
  /// The largest chunk ``prepare(firstStep:count:)`` accepts.
  var chunkSteps: Int { get }
  /// Makes the increments of steps `firstStep ..< firstStep + count` available; `rootSteps[k]` is
  /// `√(length of step k)`.
  mutating func prepare(firstStep: Int, count: Int, rootSteps: UnsafeBufferPointer<Double>)
  /// `ΔW` (n lane vectors) of step `step` (valid until the next ``prepare(firstStep:count:rootSteps:)``).
  func increments(step: Int) -> LaneValues<Lanes>
}

/// Increments `ΔWʲ = √h · z` from a ``GaussianStream``: each chunk of steps takes the next
/// `count·n` samples of the stream, in order (so the samples do not depend on the chunking).
@usableFromInline
struct _SDEGaussianIncrements<Lanes: LaneVector>: _SDEIncrementSource {
  @usableFromInline var stream: GaussianStream<Lanes>
  @usableFromInline let buffer: UnsafeMutablePointer<Lanes>
  @usableFromInline let noiseDimension: Int
  @usableFromInline var firstStep: Int

  /// Steps per chunk.
  @inlinable static var stepsPerChunk: Int { 16 }

  /// Lane vectors the caller must provide in `buffer` for noise dimension `n`.
  @inlinable
  static func bufferCapacity(noiseDimension n: Int) -> Int { stepsPerChunk * n }

  /// Uses `buffer` (``bufferCapacity(noiseDimension:)`` lane vectors, owned by the caller).
  @inlinable
  init(stream: GaussianStream<Lanes>, buffer: UnsafeMutablePointer<Lanes>, noiseDimension: Int) {
    self.stream = stream
    self.buffer = buffer
    self.noiseDimension = noiseDimension
    self.firstStep = 0
  }

  @inlinable var chunkSteps: Int { Self.stepsPerChunk }

  @inlinable
  mutating func prepare(firstStep: Int, count: Int, rootSteps: UnsafeBufferPointer<Double>) {
    self.firstStep = firstStep
    let n = noiseDimension
    Lanes._fillGaussians(&stream, into: buffer, count: count * n)
    for k in 0..<count {
      let root = rootSteps[firstStep + k]
      for j in 0..<n { buffer[k * n + j] = buffer[k * n + j] * root }
    }
  }

  @inlinable @inline(__always)
  func increments(step: Int) -> LaneValues<Lanes> {
    LaneValues(UnsafePointer(buffer + (step - firstStep) * noiseDimension), count: noiseDimension)
  }
}

/// Increments read from stored values (one path, `L = Double`): step `k` uses
/// `values[k·n ..< (k+1)·n]`.
@usableFromInline
struct _SDEStoredIncrements: _SDEIncrementSource {
  @usableFromInline let values: UnsafePointer<Double>
  @usableFromInline let noiseDimension: Int

  @inlinable
  init(values: UnsafePointer<Double>, noiseDimension: Int) {
    self.values = values
    self.noiseDimension = noiseDimension
  }

  @inlinable var chunkSteps: Int { Int.max }

  @inlinable
  mutating func prepare(firstStep: Int, count: Int, rootSteps: UnsafeBufferPointer<Double>) {}

  @inlinable @inline(__always)
  func increments(step: Int) -> LaneValues<Double> {
    LaneValues(values + step * noiseDimension, count: noiseDimension)
  }
}
