import ArgumentParser
import DiffEq

/// The SDE methods `diffeq simulate` offers for stochastic systems.
enum SDEMethodChoice: String, ExpressibleByArgument, CaseIterable {
  /// Euler–Maruyama: strong order 0.5, weak order 1, Itô.
  case eulerMaruyama = "euler-maruyama"
  /// Milstein: strong order 1 for diagonal or one-dimensional noise, Itô.
  case milstein

  /// The method's name for summaries.
  var displayName: String {
    switch self {
    case .eulerMaruyama: return EulerMaruyama.name
    case .milstein: return Milstein.name
    }
  }

  static var helpText: String {
    "SDE method (stochastic systems): euler-maruyama (strong order 0.5, weak order 1) or milstein "
      + "(strong order 1; diagonal or 1-D noise only: ou, gbm). Both converge to the Itô solution."
  }
}
