/// Spatial padding of a stride-1 convolution, as in Keras.
///
/// For a k × k kernel on an h × w image:
/// - `valid`: no padding; output `(h − k + 1) × (w − k + 1)` (requires h, w ≥ k).
/// - `same`: zero padding so the output is `h × w`; `k − 1` zeros in total per axis, `(k − 1) / 2`
///   (rounded down) before and the rest after — TensorFlow's convention, so an even k pads one more
///   row/column at the bottom/right.
public enum Padding: String, Sendable, Hashable, CaseIterable {
  /// No padding: the output shrinks by k − 1 per axis.
  case valid
  /// Zero padding keeping the size: `(k − 1) / 2` before, `k − 1 − (k − 1) / 2` after.
  case same

  /// Zeros added before (top/left) and after (bottom/right) along one axis for a kernel of size k.
  public func amounts(kernelSize k: Int) -> (before: Int, after: Int) {
    switch self {
    case .valid: return (0, 0)
    case .same: return ((k - 1) / 2, k - 1 - (k - 1) / 2)
    }
  }
}
