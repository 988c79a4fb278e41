import CGSL

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The Swift side of a `gsl_odeiv2_system`: the user's closures, counters, finite-difference
/// scratch, and the first failure seen by a callback.
///
/// GSL receives it as `void *params` (unretained; the solve keeps it alive) and the C thunks
/// reach it with `_withUnsafeGuaranteedRef`, which costs no reference counting per call.
final class _GSLSystem {
  enum Failure {
    case rightHandSide(t: Double)
    case jacobian(t: Double)
  }

  let n: Int
  let f: ODEProblem.RightHandSide
  let jacobian: ODEJacobian.Evaluate?
  var rhsEvaluations = 0
  var jacobianEvaluations = 0
  var failure: Failure?
  /// The output buffer and time of the last unchecked evaluation (deferred checking, below).
  var pendingOutput: UnsafeMutablePointer<Double>?
  var pendingTime = 0.0
  /// Finite-difference scratch: f(t, y), f at a perturbed point, the perturbed state.
  private let f0: UnsafeMutablePointer<Double>
  private let f1: UnsafeMutablePointer<Double>
  private let yp: UnsafeMutablePointer<Double>

  init(problem: ODEProblem) {
    n = problem.dimension
    f = problem.f
    jacobian = problem.jacobian?.evaluate
    f0 = .allocate(capacity: 3 * n)
    f1 = f0 + n
    yp = f0 + 2 * n
  }

  deinit {
    f0.deallocate()
  }

  /// `true` when all `count` values are finite: a value is NaN or ±∞ exactly when its exponent
  /// bits are all ones. Branch-free (one comparison per value, one test at the end), since the
  /// check runs after every right-hand-side evaluation.
  @inline(__always)
  static func allFinite(_ p: UnsafePointer<Double>, _ count: Int) -> Bool {
    let exponent: UInt64 = 0x7FF0_0000_0000_0000
    var bad: UInt64 = 0
    for i in 0..<count {
      bad |= (p[i].bitPattern & exponent) == exponent ? 1 : 0
    }
    return bad == 0
  }

  /// Evaluates `f(t, y)` into `dydt`; `false` (and a recorded failure) if the result is not finite.
  @inline(__always)
  func evaluate(_ t: Double, _ y: UnsafePointer<Double>, _ dydt: UnsafeMutablePointer<Double>)
    -> Bool
  {
    rhsEvaluations &+= 1
    f(t, UnsafeBufferPointer(start: y, count: n), UnsafeMutableBufferPointer(start: dydt, count: n))
    if Self.allFinite(dydt, n) { return true }
    if failure == nil { failure = .rightHandSide(t: t) }
    return false
  }

  /// Evaluates `f(t, y)` into `dydt` and checks the *previous* evaluation's output instead of this
  /// one; `false` (and a recorded failure at the previous evaluation's time) if that was not
  /// finite. The caller checks the last output with ``checkPending()`` after each step.
  ///
  /// Used for GSL's explicit Runge–Kutta steppers, whose stage derivatives live in distinct
  /// buffers that stay untouched until the step ends. Checking an output right after it is
  /// written waits for the right-hand side's result and cost 5% on Lorenz/rk8pd; checking it one
  /// call later costs nothing measurable. A NaN stage is still caught before the step is
  /// accepted or at the latest right after it, and GSL stops with `GSL_EBADFUNC`.
  @inline(__always)
  func evaluateDeferred(
    _ t: Double, _ y: UnsafePointer<Double>, _ dydt: UnsafeMutablePointer<Double>
  ) -> Bool {
    if let previous = pendingOutput, !Self.allFinite(previous, n) {
      if failure == nil { failure = .rightHandSide(t: pendingTime) }
      return false
    }
    rhsEvaluations &+= 1
    // Recorded before the call, so nothing must survive it (a cheaper call sequence).
    pendingOutput = dydt
    pendingTime = t
    f(t, UnsafeBufferPointer(start: y, count: n), UnsafeMutableBufferPointer(start: dydt, count: n))
    return true
  }

  /// Checks the last deferred output (see ``evaluateDeferred(_:_:_:)``); records a failure.
  func checkPending() -> Bool {
    guard let previous = pendingOutput else { return true }
    if Self.allFinite(previous, n) { return true }
    if failure == nil { failure = .rightHandSide(t: pendingTime) }
    return false
  }

  /// GSL's Jacobian callback: the user's Jacobian, or forward differences.
  func evaluateJacobian(
    _ t: Double, _ y: UnsafePointer<Double>, _ dfdy: UnsafeMutablePointer<Double>,
    _ dfdt: UnsafeMutablePointer<Double>
  ) -> Bool {
    jacobianEvaluations &+= 1
    if let jacobian {
      jacobian(
        t, UnsafeBufferPointer(start: y, count: n),
        UnsafeMutableBufferPointer(start: dfdy, count: n * n),
        UnsafeMutableBufferPointer(start: dfdt, count: n))
    } else if !finiteDifferenceJacobian(t, y, dfdy, dfdt) {
      return false
    }
    if Self.allFinite(dfdy, n * n) && Self.allFinite(dfdt, n) { return true }
    if failure == nil { failure = .jacobian(t: t) }
    return false
  }

  /// Forward differences, `n + 2` right-hand-side evaluations:
  /// `∂fᵢ/∂yⱼ ≈ (fᵢ(t, y + δⱼ·eⱼ) − fᵢ(t, y)) / δⱼ` with `δⱼ = √ε·max(|yⱼ|, 1)` and
  /// `∂fᵢ/∂t ≈ (fᵢ(t + τ, y) − fᵢ(t, y)) / τ` with `τ = √ε·max(|t|, 1)`, each step rounded so
  /// that `y + δ` is exactly representable (`δ = (y + δ) − y`).
  private func finiteDifferenceJacobian(
    _ t: Double, _ y: UnsafePointer<Double>, _ dfdy: UnsafeMutablePointer<Double>,
    _ dfdt: UnsafeMutablePointer<Double>
  ) -> Bool {
    let root = Double.ulpOfOne.squareRoot()
    guard evaluate(t, y, f0) else { return false }
    yp.update(from: y, count: n)
    for j in 0..<n {
      let yj = y[j]
      let delta = (yj + root * max(abs(yj), 1)) - yj
      yp[j] = yj + delta
      guard evaluate(t, yp, f1) else { return false }
      yp[j] = yj
      for i in 0..<n { dfdy[i * n + j] = (f1[i] - f0[i]) / delta }
    }
    let tau = (t + root * max(abs(t), 1)) - t
    guard evaluate(t + tau, y, f1) else { return false }
    for i in 0..<n { dfdt[i] = (f1[i] - f0[i]) / tau }
    return true
  }

  /// An initial step by Hairer–Nørsett–Wanner's rule (Solving ODEs I, §II.4), two evaluations:
  /// with weights `sc = atol + rtol·|y0|`, `d0 = ‖y0/sc‖`, `d1 = ‖f0/sc‖` (RMS norms),
  /// `h0 = 0.01·d0/d1` (or `1e-6` if either is below `1e-5`), `d2 = ‖(f(t0+h0, y0+h0·f0) − f0)/sc‖/h0`,
  /// `h1 = (0.01/max(d1, d2))^(1/(p+1))`; the step is `min(100·h0, h1, |t1 − t0|)`.
  func startingStep(
    t0: Double, y0: [Double], direction: Double, span: Double, rtol: Double, atol: Double,
    order: Int
  ) throws -> Double {
    let scale = y0.map { atol + rtol * abs($0) }
    func rms(_ v: (Int) -> Double) -> Double {
      var s = 0.0
      for i in 0..<n { s += v(i) * v(i) }
      return (s / Double(n)).squareRoot()
    }
    for i in 0..<n { yp[i] = y0[i] }
    guard evaluate(t0, yp, f0) else {
      throw ODEError.nonFiniteRightHandSide(t: t0, lastFiniteTime: t0, lastFiniteState: y0)
    }
    let d0 = rms { y0[$0] / scale[$0] }
    let d1 = rms { self.f0[$0] / scale[$0] }
    var h0 = (d0 < 1e-5 || d1 < 1e-5) ? 1e-6 : 0.01 * d0 / d1
    h0 = min(h0, span)
    for i in 0..<n { yp[i] = y0[i] + direction * h0 * f0[i] }
    guard evaluate(t0 + direction * h0, yp, f1) else {
      failure = nil  // a trial point, not the solution: fall back to a cautious step
      return h0 * 1e-3
    }
    let d2 = rms { (self.f1[$0] - self.f0[$0]) / scale[$0] } / h0
    let dmax = max(d1, d2)
    let h1 = dmax <= 1e-15 ? max(1e-6, h0 * 1e-3) : pow(0.01 / dmax, 1 / Double(order + 1))
    return min(100 * h0, h1, span)
  }
}

/// GSL's right-hand-side callback: returns `GSL_EBADFUNC` when `f` produced NaN or ±∞ (GSL's step
/// control would otherwise accept the step), which makes GSL stop and return that status.
let _gslRightHandSideThunk:
  @convention(c) (
    Double, UnsafePointer<Double>?, UnsafeMutablePointer<Double>?, UnsafeMutableRawPointer?
  ) -> Int32 = { t, y, dydt, params in
    guard let y, let dydt, let params else { return diffeq_gsl_efault() }
    return Unmanaged<_GSLSystem>.fromOpaque(params)._withUnsafeGuaranteedRef {
      $0.evaluate(t, y, dydt) ? diffeq_gsl_success() : diffeq_gsl_ebadfunc()
    }
  }

/// The right-hand-side callback with deferred checking (``_GSLSystem/evaluateDeferred(_:_:_:)``),
/// for the explicit Runge–Kutta steppers.
let _gslRightHandSideDeferredThunk:
  @convention(c) (
    Double, UnsafePointer<Double>?, UnsafeMutablePointer<Double>?, UnsafeMutableRawPointer?
  ) -> Int32 = { t, y, dydt, params in
    guard let y, let dydt, let params else { return diffeq_gsl_efault() }
    return Unmanaged<_GSLSystem>.fromOpaque(params)._withUnsafeGuaranteedRef {
      $0.evaluateDeferred(t, y, dydt) ? diffeq_gsl_success() : diffeq_gsl_ebadfunc()
    }
  }

/// GSL's Jacobian callback (row-major `dfdy`), with the same failure convention.
let _gslJacobianThunk:
  @convention(c) (
    Double, UnsafePointer<Double>?, UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?,
    UnsafeMutableRawPointer?
  ) -> Int32 = { t, y, dfdy, dfdt, params in
    guard let y, let dfdy, let dfdt, let params else { return diffeq_gsl_efault() }
    return Unmanaged<_GSLSystem>.fromOpaque(params)._withUnsafeGuaranteedRef {
      $0.evaluateJacobian(t, y, dfdy, dfdt) ? diffeq_gsl_success() : diffeq_gsl_ebadfunc()
    }
  }
