/// An update rule for parameters from their gradients.
///
/// `step` applies one update to every parameter that has a ``Parameter/gradient`` and then clears
/// the gradients (sets them to `nil`), so the next backward pass starts from zero. Parameters
/// without a gradient are skipped (their state is untouched). Optimizers keep per-parameter state
/// (momentum, moments) keyed by the parameter object; ``stateTensors(for:)`` and
/// ``setStateTensors(_:for:)`` expose it for checkpoints.
public protocol Optimizer: AnyObject {
  /// The base learning rate, `> 0`.
  var learningRate: Float { get set }
  /// The number of `step` calls so far (Adam's bias correction and learning-rate decay use it).
  var stepCount: Int { get set }

  /// Updates every parameter with a gradient, then clears the gradients.
  func step(_ parameters: [Parameter])

  /// The optimizer's state for `parameter`, as named tensors of its shape (empty before its first
  /// update).
  func stateTensors(for parameter: Parameter) -> [(name: String, tensor: Tensor)]

  /// Replaces the optimizer's state for `parameter` (for example from a checkpoint).
  ///
  /// - Throws: ``NeuralError/invalidArgument(operation:reason:)`` when a name is unknown or
  ///   missing, ``NeuralError/shapeMismatch(operation:expected:actual:)`` when a shape differs from
  ///   the parameter's.
  func setStateTensors(_ state: [(name: String, tensor: Tensor)], for parameter: Parameter) throws
}

/// Per-parameter optimizer state: buffers of the parameter's shape, bound to that parameter object.
final class _SlotState {
  weak var owner: Parameter?
  var slots: [Tensor]

  init(owner: Parameter, slots: Int) {
    self.owner = owner
    self.slots = (0..<slots).map { _ in Tensor(zerosLike: owner.storedValue) }
  }
}

/// State lookup shared by the optimizers.
struct _SlotTable {
  var states: [ObjectIdentifier: _SlotState] = [:]
  let names: [String]

  /// The state of `p`, created (zeros) when missing or stale (another object at that address, or
  /// a changed shape).
  mutating func state(for p: Parameter) -> _SlotState {
    if let s = states[ObjectIdentifier(p)], s.owner === p, s.slots.first?.shape == p.shape {
      return s
    }
    let s = _SlotState(owner: p, slots: names.count)
    states[ObjectIdentifier(p)] = s
    return s
  }

  func existing(for p: Parameter) -> _SlotState? {
    guard let s = states[ObjectIdentifier(p)], s.owner === p else { return nil }
    return s
  }

  func tensors(for p: Parameter) -> [(name: String, tensor: Tensor)] {
    guard let s = existing(for: p) else { return [] }
    return zip(names, s.slots).map { ($0, $1) }
  }

  mutating func set(_ state: [(name: String, tensor: Tensor)], for p: Parameter, in operation: String)
    throws
  {
    var slots: [Tensor] = []
    for name in names {
      guard let t = state.first(where: { $0.name == name })?.tensor else {
        throw NeuralError.invalidArgument(
          operation: operation, reason: "missing state '\(name)'; expected names \(names)")
      }
      guard t.shape == p.shape else {
        throw NeuralError.shapeMismatch(
          operation: "\(operation) state '\(name)'", expected: "\(p.shape)", actual: t.shape)
      }
      slots.append(t.detached)
    }
    for (name, _) in state where !names.contains(name) {
      throw NeuralError.invalidArgument(
        operation: operation, reason: "unknown state '\(name)'; expected names \(names)")
    }
    let s = _SlotState(owner: p, slots: 0)
    s.slots = slots
    states[ObjectIdentifier(p)] = s
  }
}
