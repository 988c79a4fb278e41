import DiffEq
import Neural

/// A state and `K` tangent vectors, `(x [batch, D], v [batch, K, D])`, advanced together by
/// ``ExplicitRungeKutta`` on the system `ẋ = μ(x)`, `v̇ = J(x)·v`.
///
/// Applying an RK method to this augmented system yields exactly the derivative of the RK map of
/// `ẋ = μ(x)` (RK methods commute with linearisation), so `v` after a step is the step's tangent
/// map applied to the initial `v`. Never recorded.
struct _TangentState: RungeKuttaState {
  var x: Tensor
  var v: Tensor

  mutating func assign(_ other: _TangentState) { self = other }

  mutating func addScaled(_ a: Double, _ other: _TangentState) {
    x = x + Float(a) * other.x
    v = v + Float(a) * other.v
  }
}
