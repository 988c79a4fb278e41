import ArgumentParser

/// The built-in systems whose true drift `learn-sde --true-drift` can compare against.
enum TrueSystemChoice: String, ExpressibleByArgument, CaseIterable {
  /// Drift (y, −x), σσᵀ = [[0.04, 0.02], [0.02, 0.01]].
  case sdeBall = "sde-ball"
  /// Drift −x (θ = 1, μ = 0), σ² = 0.25.
  case ou
  /// Drift 0.05·x.
  case gbm

  var system: SystemName {
    switch self {
    case .sdeBall: return .sdeBall
    case .ou: return .ou
    case .gbm: return .gbm
    }
  }
}
