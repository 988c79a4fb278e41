/// A method for solving an ``ODEProblem``: fixed-step (``FixedStepSolver``) or adaptive/stiff
/// through GSL (``GSLSolver``). Every solver returns the same ``ODESolution`` and throws
/// ``ODEError``, so callers can swap one for another.
public protocol ODESolver: Sendable {
  /// Solves `problem`, recording the states `saveAt` asks for.
  ///
  /// Settings (step sizes, tolerances, `maxSteps`) and save times are checked before any
  /// integration.
  ///
  /// - Throws: ``ODEError``.
  func solve(_ problem: ODEProblem, saveAt: ODESaveAt) throws -> ODESolution
}
