import ArgumentParser
import DiffEq

/// The systems `diffeq simulate` knows.
enum SystemName: String, ExpressibleByArgument, CaseIterable {
  /// dX = Y dt + 0.2 dW, dY = −X dt + 0.1 dW (one shared W), X0 = (0, 1): a noisy rotation whose
  /// noise-free solution is (sin t, cos t); σσᵀ = [[0.04, 0.02], [0.02, 0.01]].
  case sdeBall = "sde-ball"
  /// Ornstein–Uhlenbeck: dX = θ(μ − X) dt + σ dW.
  case ou
  /// Geometric Brownian motion: dX = μX dt + σX dW (Itô).
  case gbm
  /// The Lorenz ODE x' = σ(y − x), y' = x(ρ − z) − y, z' = xy − βz.
  case lorenz
  /// A linear SDE dX = A X dt + B dW with a user-given drift matrix A (d×d) and diffusion B (d×n).
  case linear

  static var helpText: String {
    "One of: sde-ball (dX = Y dt + 0.2 dW, dY = −X dt + 0.1 dW, X0 = (0,1)), "
      + "ou (dX = θ(μ − X) dt + σ dW), gbm (dX = μX dt + σX dW), "
      + "lorenz (ODE: x' = σ(y − x), y' = x(ρ − z) − y, z' = xy − βz), "
      + "linear (dX = A X dt + B dW with --drift-matrix A, --diffusion-matrix B)."
  }

  /// `ou` with `simulate`'s default parameters: θ = 1, μ = 0, σ = 0.5 (also the truth of
  /// `learn-sde --true-drift ou`).
  static let defaultOU = OrnsteinUhlenbeck(theta: 1, mean: 0, sigma: 0.5)

  /// `gbm` with `simulate`'s default parameters: μ = 0.05, σ = 0.2 (also the truth of
  /// `learn-sde --true-drift gbm`).
  static let defaultGBM = GeometricBrownianMotion(mu: 0.05, sigma: 0.2)

  /// Whether paths are random (an SDE) rather than one deterministic ODE solution.
  var isStochastic: Bool { self != .lorenz }

  /// The default end time.
  var defaultT1: Double {
    switch self {
    case .sdeBall: return 3 * Double.pi
    case .ou, .linear: return 10
    case .gbm: return 1
    case .lorenz: return 20
    }
  }

  /// The state dimension (`nil` for `linear`: it is the drift matrix's size).
  var fixedDimension: Int? {
    switch self {
    case .sdeBall: return 2
    case .ou, .gbm: return 1
    case .lorenz: return 3
    case .linear: return nil
    }
  }

  /// The default initial state for a state of dimension `d`.
  func defaultX0(dimension d: Int) -> [Double] {
    switch self {
    case .sdeBall: return [0, 1]
    case .ou, .gbm: return [1]
    case .lorenz: return [1, 1, 1]
    case .linear: return [Double](repeating: 0, count: d)
    }
  }

  /// Column names in written files.
  func stateNames(dimension d: Int) -> [String] {
    switch self {
    case .sdeBall: return ["x", "y"]
    case .ou, .gbm: return ["x"]
    case .lorenz: return ["x", "y", "z"]
    case .linear: return (1...d).map { "x\($0)" }
    }
  }
}
