/// A trainable tensor: a reference-typed leaf of the gradient tape that optimizers update in place.
///
/// Layers own their parameters; a model lists them through ``Layer/parameters`` so an optimizer
/// can iterate them with no hand-written key paths. Reading ``value`` while a ``Tape`` records
/// returns the value marked as a leaf of that recording, so every operation on it is recorded;
/// outside a recording it is a plain constant. ``Tape/backward(_:)`` adds `∂loss/∂value` to
/// ``gradient``; an optimizer's `step` uses the gradient and then clears it.
///
/// A parameter may be read by any number of threads for inference, but recorded by one tape at a
/// time (the leaf bookkeeping is not synchronised).
public final class Parameter {
  @usableFromInline var storedValue: Tensor
  /// The accumulated gradient of the loss with respect to ``value`` (same shape), or `nil` when no
  /// backward pass has reached this parameter since the last optimizer step.
  public var gradient: Tensor?
  var leafSession: UInt64 = 0
  var leafNode = -1

  /// Wraps `value` as a trainable parameter.
  public init(_ value: Tensor) {
    storedValue = value.detached
  }

  /// The current value; recorded as a tape leaf when read inside ``Tape/record(_:)``.
  ///
  /// Setting it replaces the value (for example when loading a checkpoint) and keeps no history.
  public var value: Tensor {
    get {
      if let tape = _CurrentTape.tape { return tape.leaf(for: self) }
      return storedValue
    }
    set { storedValue = newValue.detached }
  }

  /// The shape of ``value``.
  public var shape: [Int] { storedValue.shape }

  /// Adds `g` to ``gradient`` (takes `g`'s buffer without copying when the gradient is empty).
  func accumulateGradient(_ g: Tensor) {
    if var existing = gradient {
      gradient = nil
      existing.add(g)
      gradient = existing
    } else {
      gradient = g.detached
    }
  }

  /// Calls `body` with the value's elements writable in place (copying first if shared).
  @usableFromInline
  func updateInPlace(_ body: (UnsafeMutablePointer<Float>, Int) -> Void) {
    storedValue.makeUnique()
    body(storedValue.pointer, storedValue.count)
  }
}
