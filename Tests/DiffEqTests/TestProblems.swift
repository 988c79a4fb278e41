import DiffEq
import Foundation

/// Problems with known solutions or invariants shared by the ODE tests.
enum TestProblems {
  /// `y' = y·cos t`, exact solution `y(t) = y(t₀)·exp(sin t − sin t₀)` (non-autonomous, so the
  /// stage times `cᵢ` matter).
  static func growthCos(t0: Double, t1: Double) throws -> ODEProblem {
    try ODEProblem(dimension: 1, t0: t0, t1: t1, y0: [exp(sin(t0))]) { t, y, dydt in
      dydt[0] = y[0] * cos(t)
    }
  }

  /// Exact flow of ``growthCos(t0:t1:)`` from `(s, y)` to `t`.
  static func growthCosFlow(from s: Double, _ y: Double, to t: Double) -> Double {
    y * exp(sin(t) - sin(s))
  }

  /// `y' = λ·y`, exact `y(t) = y₀·exp(λ(t − t₀))`.
  static func exponential(lambda: Double, t0: Double, t1: Double, y0: Double) throws -> ODEProblem {
    try ODEProblem(dimension: 1, t0: t0, t1: t1, y0: [y0]) { _, y, dydt in
      dydt[0] = lambda * y[0]
    }
  }

  /// The harmonic oscillator `x' = v, v' = −x` from `(1, 0)`: exact `(cos t, −sin t)`, energy
  /// `(x² + v²)/2 = 1/2`.
  static func harmonic(t0: Double = 0, t1: Double) throws -> ODEProblem {
    try ODEProblem(dimension: 2, t0: t0, t1: t1, y0: [cos(t0), -sin(t0)]) { _, y, dydt in
      dydt[0] = y[1]
      dydt[1] = -y[0]
    }
  }

  /// Lorenz (σ = 10, ρ = 28, β = 8/3): the library's ``Lorenz`` system (with its exact Jacobian).
  static func lorenz(t1: Double, y0: [Double] = [1, 1, 1]) throws -> ODEProblem {
    try Lorenz().problem(t1: t1, y0: y0)
  }

  /// Van der Pol `x' = v, v' = μ(1 − x²)v − x` from `(2, 0)` (the library's ``VanDerPol``), with or
  /// without its Jacobian.
  static func vanDerPol(mu: Double, t1: Double, jacobian: Bool) throws -> ODEProblem {
    let system = VanDerPol(mu: mu)
    if jacobian { return try system.problem(t1: t1, y0: [2, 0]) }
    return try ODEProblem(dimension: 2, t0: 0, t1: t1, y0: [2, 0]) { t, y, dydt in system(t, y, dydt) }
  }

  /// Robertson's chemical kinetics (the library's ``Robertson``, stiff) from `(1, 0, 0)`; `y₁ + y₂ + y₃` is conserved.
  static func robertson(t1: Double, jacobian: Bool) throws -> ODEProblem {
    try Robertson().problem(t1: t1, y0: [1, 0, 0], withJacobian: jacobian)
  }

  /// Lotka–Volterra `x' = αx − βxy, y' = δxy − γy` and its invariant
  /// `V = δx − γ ln x + βy − α ln y`.
  static let lotkaVolterraParameters = (alpha: 1.5, beta: 1.0, gamma: 3.0, delta: 1.0)

  static func lotkaVolterra(t1: Double) throws -> ODEProblem {
    let p = lotkaVolterraParameters
    return try ODEProblem(dimension: 2, t0: 0, t1: t1, y0: [10, 5]) { _, y, dydt in
      dydt[0] = p.alpha * y[0] - p.beta * y[0] * y[1]
      dydt[1] = p.delta * y[0] * y[1] - p.gamma * y[1]
    }
  }

  static func lotkaVolterraInvariant(_ x: Double, _ y: Double) -> Double {
    let p = lotkaVolterraParameters
    return p.delta * x - p.gamma * log(x) + p.beta * y - p.alpha * log(y)
  }

  /// `f(0, y)` of an ``ODEFunction`` as an array.
  static func rates<F: ODEFunction>(_ f: F, _ y: [Double]) -> [Double] {
    var out = [Double](repeating: .nan, count: y.count)
    y.withUnsafeBufferPointer { yb in out.withUnsafeMutableBufferPointer { f(0, yb, $0) } }
    return out
  }

  /// The Jacobian `J` at `(0, y)` (`∂f/∂y` row-major and `∂f/∂t`) beside central differences of
  /// `f`: `(f(y + hⱼeⱼ) − f(y − hⱼeⱼ)) / 2hⱼ` in entry `(i, j)`, with `hⱼ = step(j)`.
  static func jacobianAndDifferences<F: ODEFunction>(
    _ f: F, _ J: ODEJacobian, at y: [Double], step: (Int) -> Double
  ) -> (dfdy: [Double], dfdt: [Double], differences: [Double]) {
    let d = y.count
    var dfdy = [Double](repeating: .nan, count: d * d)
    var dfdt = [Double](repeating: .nan, count: d)
    y.withUnsafeBufferPointer { yb in
      dfdy.withUnsafeMutableBufferPointer { a in
        dfdt.withUnsafeMutableBufferPointer { b in J.evaluate(0, yb, a, b) }
      }
    }
    var differences = [Double](repeating: .nan, count: d * d)
    for j in 0..<d {
      let h = step(j)
      var up = y, down = y
      up[j] += h
      down[j] -= h
      let (fu, fd) = (rates(f, up), rates(f, down))
      for i in 0..<d { differences[i * d + j] = (fu[i] - fd[i]) / (2 * h) }
    }
    return (dfdy, dfdt, differences)
  }
}
