import Foundation
import Testing
@testable import DiffEq

/// Observed strong and weak orders on geometric Brownian motion against its exact solution on the
/// same Brownian path. Steps dt = 2⁻⁴ … 2⁻⁹ (halved 5 times); orders are least-squares slopes of
/// log error against log dt, required within ±0.15 (strong) and ±0.2 (weak) of the theory.
@Suite struct SDEConvergenceTests {
  static let levels = 6
  static let fineSteps = 512  // dt = 2⁻⁹ on [0, 1]
  static let gbm = GeometricBrownianMotion(mu: 1, sigma: 0.5)

  /// Mean |X_N − X(1)| over `paths` Brownian paths for each coarsening 2⁵ … 2⁰ of the fine grid.
  func strongErrors<M: SDEMethod, F: SDEVectorField>(
    _ method: M, field: F, exact gbm: GeometricBrownianMotion, paths: Int, seed: UInt64
  ) throws -> (dt: [Double], error: [Double]) {
    let problem = try SDEProblem(field, x0: [1], t0: 0, t1: 1)
    var errors = [Double](repeating: 0, count: Self.levels)
    for p in 0..<paths {
      let fine = try BrownianPath(
        t0: 0, dt: 1 / Double(Self.fineSteps), steps: Self.fineSteps, dimension: 1, seed: seed, path: p)
      let w = try fine.value(atGridIndex: Self.fineSteps)[0]
      let exact = gbm.exactSolution(x0: 1, t: 1, w: w)
      for level in 0..<Self.levels {
        let path = try fine.coarsened(by: 1 << (Self.levels - 1 - level))
        let solution = try problem.solve(method: method, brownianPath: path, saveTimes: [1])
        errors[level] += abs(solution.finalState[solution.finalState.startIndex] - exact)
      }
    }
    let dts = (0..<Self.levels).map { Double(1 << (Self.levels - 1 - $0)) / Double(Self.fineSteps) }
    return (dts, errors.map { $0 / Double(paths) })
  }

  func order(_ r: (dt: [Double], error: [Double])) -> Double {
    slope(r.dt.map { Foundation.log($0) }, r.error.map { Foundation.log($0) })
  }

  @Test func eulerMaruyama_strong_order_is_one_half() throws {
    let r = try strongErrors(EulerMaruyama(), field: Self.gbm, exact: Self.gbm, paths: 400, seed: 1)
    let p = order(r)
    #expect(abs(p - 0.5) <= 0.15, "EM strong order \(p), errors \(r.error)")
  }

  @Test func milstein_strong_order_is_one_with_analytic_derivative() throws {
    let r = try strongErrors(Milstein(), field: Self.gbm, exact: Self.gbm, paths: 400, seed: 2)
    let p = order(r)
    #expect(abs(p - 1) <= 0.15, "Milstein strong order \(p), errors \(r.error)")
  }

  @Test func milstein_strong_order_is_one_with_finite_difference_derivative() throws {
    let field = NumericalDerivative(Self.gbm)
    let r = try strongErrors(Milstein(), field: field, exact: Self.gbm, paths: 400, seed: 3)
    let p = order(r)
    #expect(abs(p - 1) <= 0.15, "Milstein (finite difference) strong order \(p), errors \(r.error)")
  }

  /// Scalar noise is commutative, so stochastic Heun has strong order 1 for the Stratonovich GBM
  /// dX = μX dt + σX ∘ dW, whose exact solution is X0 exp(μt + σW).
  @Test func stochasticHeun_strong_order_is_one_on_stratonovich_gbm() throws {
    let field = GeometricBrownianMotion(mu: 1, sigma: 0.5, calculus: .stratonovich)
    let r = try strongErrors(StochasticHeun(), field: field, exact: field, paths: 400, seed: 4)
    let p = order(r)
    #expect(abs(p - 1) <= 0.15, "Heun strong order \(p), errors \(r.error)")
  }

  /// Weak error of EM on E[X(1)] for GBM, 100,000 paths. The control variate X(1) evaluated on the
  /// same Brownian path (E X(1) = e^μ exactly) leaves `mean(X_N − X(1))`, an unbiased estimate of the
  /// weak error whose standard error is the strong error over √N, so each level's weak error is
  /// resolved (checked: > 5 standard errors).
  @Test func eulerMaruyama_weak_order_is_one() throws {
    let field = Self.gbm
    let problem = try SDEProblem(field, x0: [1], t0: 0, t1: 1)
    let paths = 100_000
    let fine = 256
    let levels = 6
    var sum = [Double](repeating: 0, count: levels)
    var sumSquares = [Double](repeating: 0, count: levels)
    for p in 0..<paths {
      let path = try BrownianPath(t0: 0, dt: 1 / Double(fine), steps: fine, dimension: 1, seed: 77, path: p)
      let exact = field.exactSolution(x0: 1, t: 1, w: try path.value(atGridIndex: fine)[0])
      for level in 0..<levels {
        let coarse = try path.coarsened(by: 1 << (levels - 1 - level))
        let x = try problem.solve(method: EulerMaruyama(), brownianPath: coarse, saveTimes: [1]).states[0]
        sum[level] += x - exact
        sumSquares[level] += (x - exact) * (x - exact)
      }
    }
    let n = Double(paths)
    let weak = sum.map { $0 / n }
    let standardErrors = (0..<levels).map {
      ((sumSquares[$0] / n - weak[$0] * weak[$0]) / n).squareRoot()
    }
    for level in 0..<levels {
      #expect(abs(weak[level]) > 5 * standardErrors[level], "level \(level) not resolved")
    }
    // E X_N = (1 + μh)^N exactly for EM on GBM: the estimates must agree within 4 standard errors.
    for level in 0..<levels {
      let h = Double(1 << (levels - 1 - level)) / Double(fine)
      let exactWeak = pow(1 + h, 1 / h) - M_E
      #expect(abs(weak[level] - exactWeak) < 4 * standardErrors[level])
    }
    let dts = (0..<levels).map { Double(1 << (levels - 1 - $0)) / Double(fine) }
    let p = slope(dts.map { Foundation.log($0) }, weak.map { Foundation.log(abs($0)) })
    #expect(abs(p - 1) <= 0.2, "EM weak order \(p), errors \(weak)")
  }
}
