/// A record of the operations computed from parameters, and their reverse-mode derivatives.
///
/// Reverse-mode automatic differentiation as a Wengert list: while ``record(_:)`` runs, every tensor
/// operation with an input that depends on a ``Parameter`` appends one record holding a backward
/// function (the vector–Jacobian product of the operation) and the values it needs. The records are
/// in evaluation order, which is a topological order of the computation, so ``backward(_:)`` visits
/// them once in reverse: each record receives `ḡ = ∂loss/∂output` and adds `ḡ·∂output/∂input` to the
/// gradient of each recorded input. A value used several times receives the sum of the
/// contributions. Parameters are the leaves: their gradients are added to ``Parameter/gradient``.
///
/// ```swift
/// let tape = Tape()
/// let loss = try tape.backpropagate { try meanSquaredError(model(x), y) }
/// optimizer.step(model.parameters)   // uses and clears Parameter.gradient
/// ```
///
/// - Complexity: recording costs one array append and one closure per operation; the backward
///   pass costs about twice the forward arithmetic. Each record and intermediate gradient is
///   released as soon as the backward pass has passed it, and the tape keeps its arrays' capacity,
///   so a tape reused every step does not allocate bookkeeping after the first step.
/// - Note: a tape records on the thread that calls ``record(_:)``; operations on other threads are
///   not recorded. Higher-order derivatives (differentiating a backward pass) are not supported.
public final class Tape {
  /// The recording session; 0 when nothing is recorded.
  @usableFromInline var session: UInt64 = 0
  @usableFromInline var records: [_TapeRecord] = []
  @usableFromInline var gradients: [Tensor?] = []
  /// Whether ``record(_:)`` is running.
  public private(set) var isRecording = false

  /// Creates an empty tape. Reuse one tape across training steps to avoid re-growing its arrays.
  public init() {}

  /// The tape recording on the calling thread, if any (`nil` inside ``withoutRecording(_:)``).
  public static var current: Tape? { _CurrentTape.tape }

  /// The number of records (operations and parameter leaves) of the current recording.
  public var recordCount: Int { records.count }

  /// Runs `body` with this tape recording on the calling thread and returns its result.
  ///
  /// Starts a new recording (discarding one that was never backpropagated). Called while this tape
  /// is already recording, it simply runs `body` in the same recording. Operations whose inputs were
  /// recorded on another tape, or in an earlier recording, treat those inputs as constants.
  public func record<R>(_ body: () throws -> R) rethrows -> R {
    if isRecording { return try body() }
    discard()
    session = _Session.next()
    isRecording = true
    let previous = _CurrentTape.tape
    _CurrentTape.install(self)
    defer {
      _CurrentTape.install(previous)
      isRecording = false
    }
    return try body()
  }

  /// Runs `body` with no tape recording on the calling thread (inference: no records, no saved
  /// values), then restores the previous state.
  public static func withoutRecording<R>(_ body: () throws -> R) rethrows -> R {
    let previous = _CurrentTape.tape
    _CurrentTape.install(nil)
    defer { _CurrentTape.install(previous) }
    return try body()
  }

  /// Backpropagates from the scalar `loss`: adds `∂loss/∂p` to ``Parameter/gradient`` of every
  /// parameter `loss` was computed from, then releases the recording.
  ///
  /// - Throws: ``NeuralError/tapeMisuse(reason:)`` when `loss` is not a one-element tensor recorded
  ///   in this tape's current recording.
  public func backward(_ loss: Tensor) throws {
    guard let root = node(of: loss) else {
      throw NeuralError.tapeMisuse(
        reason: "the loss was not recorded by this tape's current recording; compute it inside "
          + "tape.record { … } from parameters' values, and call backward once per recording")
    }
    guard loss.count == 1 else {
      throw NeuralError.tapeMisuse(
        reason: "backward needs a scalar loss, got shape \(loss.shape); reduce it with sum() or mean()")
    }
    let seed = Tensor(uninitializedShape: loss.shape)
    seed.pointer.pointee = 1
    propagate(from: root, seed: seed)
  }

  /// Records `loss`, backpropagates from its scalar result and returns the loss value.
  ///
  /// Equivalent to `backward(record(loss))`; gradients are added to ``Parameter/gradient``.
  /// - Throws: what `loss` throws, and ``NeuralError/tapeMisuse(reason:)`` when its result is not a
  ///   recorded scalar (for example when it does not depend on any parameter).
  public func backpropagate(_ loss: () throws -> Tensor) throws -> Float {
    let value = try record(loss)
    try backward(value)
    return value.scalar
  }

  /// Drops the current recording without computing gradients, releasing the saved values.
  public func discard() {
    records.removeAll(keepingCapacity: true)
    gradients.removeAll(keepingCapacity: true)
    session = isRecording ? _Session.next() : 0
  }

  // MARK: - Internal API for operations

  /// The record index of `t` in the current recording, or `nil` when `t` is a constant here.
  @inlinable @inline(__always)
  func node(of t: Tensor) -> Int? {
    (t.node >= 0 && t.session == session) ? t.node : nil
  }

  /// Appends an operation record and returns `output` marked as its result.
  ///
  /// `backward(ḡ, tape)` receives the gradient of the loss with respect to the output (it may
  /// overwrite `ḡ` in place when it holds the only reference) and calls `accumulate` for each input.
  @inlinable
  func recorded(_ output: Tensor, _ backward: @escaping (inout Tensor, Tape) -> Void) -> Tensor {
    var out = output
    out.node = records.count
    out.session = session
    records.append(_TapeRecord(backward: backward, parameter: nil))
    return out
  }

  /// The value of `parameter` as a recorded leaf (one record per parameter per recording).
  func leaf(for parameter: Parameter) -> Tensor {
    var t = parameter.storedValue
    if parameter.leafSession != session {
      parameter.leafSession = session
      parameter.leafNode = records.count
      records.append(_TapeRecord(backward: nil, parameter: parameter))
    }
    t.node = parameter.leafNode
    t.session = session
    return t
  }

  /// Adds `g` to the gradient of record `n` (stores it without copying when it is the first).
  @usableFromInline
  func accumulate(_ g: Tensor, into n: Int) {
    if var existing = gradients[n] {
      gradients[n] = nil
      existing.add(g)
      gradients[n] = existing
    } else {
      gradients[n] = g.detached
    }
  }

  private func propagate(from root: Int, seed: Tensor) {
    let previous = _CurrentTape.tape
    _CurrentTape.install(nil)
    defer { _CurrentTape.install(previous) }
    gradients.removeAll(keepingCapacity: true)
    gradients.append(contentsOf: repeatElement(nil, count: root + 1))
    gradients[root] = seed
    var i = root
    while i >= 0 {
      if var g = gradients[i] {
        gradients[i] = nil
        let record = records[i]
        records[i] = _TapeRecord(backward: nil, parameter: nil)
        if let backward = record.backward {
          backward(&g, self)
        } else if let parameter = record.parameter {
          parameter.accumulateGradient(g)
        }
      }
      i -= 1
    }
    records.removeAll(keepingCapacity: true)
    gradients.removeAll(keepingCapacity: true)
    session = isRecording ? _Session.next() : 0
  }
}

/// One tape record: an operation's backward function, or a parameter leaf.
@usableFromInline
struct _TapeRecord {
  @usableFromInline var backward: ((inout Tensor, Tape) -> Void)?
  @usableFromInline var parameter: Parameter?

  @usableFromInline
  init(backward: ((inout Tensor, Tape) -> Void)?, parameter: Parameter?) {
    self.backward = backward
    self.parameter = parameter
  }
}
