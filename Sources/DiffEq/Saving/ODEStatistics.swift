/// Work counters of one ODE solve.
public struct ODEStatistics: Sendable, Equatable {
  /// Accepted steps.
  public var steps: Int
  /// Rejected step attempts (error test failed, or the step had to be retried with a smaller
  /// size). `0` for fixed-step methods, which never reject; GSL's count otherwise. `nil` if unknown.
  public var rejectedSteps: Int?
  /// Evaluations of the right-hand side `f`, including those made for a finite-difference
  /// Jacobian and for choosing the initial step.
  public var rhsEvaluations: Int
  /// Jacobian evaluations (user-supplied or finite-difference).
  public var jacobianEvaluations: Int
  /// Whether the Jacobian evaluations were finite-difference approximations.
  public var finiteDifferenceJacobian: Bool

  /// Creates a statistics record.
  public init(
    steps: Int, rejectedSteps: Int?, rhsEvaluations: Int, jacobianEvaluations: Int,
    finiteDifferenceJacobian: Bool = false
  ) {
    self.steps = steps
    self.rejectedSteps = rejectedSteps
    self.rhsEvaluations = rhsEvaluations
    self.jacobianEvaluations = jacobianEvaluations
    self.finiteDifferenceJacobian = finiteDifferenceJacobian
  }
}
