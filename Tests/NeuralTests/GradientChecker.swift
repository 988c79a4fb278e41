import Testing

@testable import Neural

/// The shared finite-difference gradient checker used for every operation, layer and loss.
///
/// For `y = f(x₁, …, xₖ)` it projects the output onto fixed random weights, `L = Σⱼ wⱼ·yⱼ`
/// (w ~ N(0, 1), seeded), so every output element and its gradient take part. The analytic
/// gradient `∂L/∂xᵢ` comes from the tape (inputs wrapped as parameters); the reference is the
/// central difference `(L(x + h·eₘ) − L(x − h·eₘ)) / 2h` with `f` evaluated in Float32 and `L`
/// summed in Double. Each component must satisfy
///
///     |analytic − numeric| ≤ tolerance · max(|analytic|, |numeric|, 0.01 · max‖numeric‖∞)
///
/// (relative tolerance, default 1e-2; the floor compares near-zero components on the scale of the
/// largest one). Step `h` defaults to 1e-2 relative to max(1, |x|): the truncation error of the
/// central difference is O(h²) ≈ 1e-4 relative, the Float32 round-off about 1e-7·Σ|wⱼyⱼ|/h.
enum GradientChecker {
  struct Report {
    var worstError: Double
    var worstWhere: String
    var checkedComponents: Int
  }

  /// Checks all inputs' gradients of `f` at `inputs`; records a test issue on failure unless
  /// `requirePass` is false (used only to test the checker itself on deliberately wrong gradients).
  @discardableResult
  static func check(
    _ inputs: [Tensor], step: Float = 1e-2, tolerance: Double = 1e-2, seed: UInt64 = 7,
    requirePass: Bool = true, sourceLocation: SourceLocation = #_sourceLocation,
    _ f: ([Tensor]) throws -> Tensor
  ) throws -> Report {
    let parameters = inputs.map { Parameter($0) }
    return try check(
      parameters: parameters, step: step, tolerance: tolerance, seed: seed,
      requirePass: requirePass, sourceLocation: sourceLocation
    ) { try f(parameters.map(\.value)) }
  }

  /// Checks the gradients of a layer's output with respect to its input and all its parameters.
  @discardableResult
  static func check(
    layer: some Layer, input: Tensor, step: Float = 1e-2, tolerance: Double = 1e-2,
    seed: UInt64 = 7, sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> Report {
    let x = Parameter(input)
    return try check(
      parameters: [x] + layer.parameters, step: step, tolerance: tolerance, seed: seed,
      sourceLocation: sourceLocation
    ) { try layer(x.value) }
  }

  /// The core check: `f` reads the parameters' values; each parameter's value is perturbed in
  /// turn and restored.
  @discardableResult
  static func check(
    parameters: [Parameter], step: Float = 1e-2, tolerance: Double = 1e-2, seed: UInt64 = 7,
    requirePass: Bool = true, sourceLocation: SourceLocation = #_sourceLocation,
    _ f: () throws -> Tensor
  ) throws -> Report {
    for p in parameters { p.gradient = nil }
    // Forward without recording: output shape and the projection weights.
    let y0 = try f()
    var g = SeededGenerator(seed: seed)
    let w = try Tensor(randomNormal: y0.shape, generator: &g)
    let ws = w.scalars.map(Double.init)

    func projected() throws -> Double {
      let ys = try f().scalars
      var s = 0.0
      for j in 0..<ys.count { s += ws[j] * Double(ys[j]) }
      return s
    }

    // Analytic gradients through the tape.
    let tape = Tape()
    let recordedValue = try tape.record { try f() }
    #expect(
      recordedValue.scalars == y0.scalars,
      "recording must not change the forward value", sourceLocation: sourceLocation)
    tape.discard()
    _ = try tape.backpropagate { (try f() * w).sum() }

    var report = Report(worstError: 0, worstWhere: "", checkedComponents: 0)
    for (i, p) in parameters.enumerated() {
      let x = p.value
      let analytic = p.gradient?.scalars ?? [Float](repeating: 0, count: x.count)
      #expect(
        p.gradient == nil || p.gradient?.shape == x.shape,
        "gradient \(i) has shape \(p.gradient?.shape ?? []) for input \(x.shape)",
        sourceLocation: sourceLocation)
      p.gradient = nil
      var numeric = [Double](repeating: 0, count: x.count)
      let xs = x.scalars
      for m in 0..<x.count {
        let xm = xs[m]
        let h = step * max(1, Swift.abs(xm))
        p.value = try perturbed(x, m, xm + h)
        let lp = try projected()
        p.value = try perturbed(x, m, xm - h)
        let lm = try projected()
        // The actual step in Float32 arithmetic.
        let dx = Double(xm + h) - Double(xm - h)
        numeric[m] = (lp - lm) / dx
      }
      p.value = x
      let scale = numeric.map(Swift.abs).max() ?? 0
      for m in 0..<x.count {
        let a = Double(analytic[m])
        let n = numeric[m]
        let denominator = max(Swift.abs(a), Swift.abs(n), 0.01 * scale, 1e-12)
        let error = Swift.abs(a - n) / denominator
        report.checkedComponents += 1
        if error > report.worstError {
          report.worstError = error
          report.worstWhere = "input \(i) \(x.shape), element \(m): analytic \(a), numeric \(n)"
        }
      }
    }
    #expect(
      !requirePass || report.worstError <= tolerance,
      "gradient check failed (relative error \(report.worstError) > \(tolerance)) at \(report.worstWhere)",
      sourceLocation: sourceLocation)
    return report
  }

  private static func perturbed(_ x: Tensor, _ m: Int, _ value: Float) throws -> Tensor {
    var s = x.scalars
    s[m] = value
    return try Tensor(shape: x.shape, scalars: s)
  }
}

/// Seeded random test tensors.
enum TestData {
  /// Normal samples N(0, scale²).
  static func normal(_ shape: [Int], seed: UInt64, scale: Float = 1) throws -> Tensor {
    var g = SeededGenerator(seed: seed)
    return try Tensor(randomNormal: shape, standardDeviation: scale, generator: &g)
  }

  /// Uniform samples in [low, high).
  static func uniform(_ shape: [Int], seed: UInt64, _ low: Float, _ high: Float) throws -> Tensor {
    var g = SeededGenerator(seed: seed)
    return try Tensor(randomUniform: shape, lowerBound: low, upperBound: high, generator: &g)
  }

  /// Normal samples pushed away from 0 (|x| ≥ margin), for functions with a kink at 0.
  static func awayFromZero(_ shape: [Int], seed: UInt64, margin: Float = 0.1) throws -> Tensor {
    let x = try normal(shape, seed: seed)
    return try Tensor(shape: shape, scalars: x.scalars.map { $0 >= 0 ? $0 + margin : $0 - margin })
  }

  /// A random permutation of `0.05·k`, k < count, minus the mean: distinct values 0.05 apart (so
  /// finite-difference steps do not change which element is a maximum).
  static func distinct(_ shape: [Int], seed: UInt64) throws -> Tensor {
    let n = shape.reduce(1, *)
    var g = SeededGenerator(seed: seed)
    var values = (0..<n).map { Float($0) * 0.05 - Float(n) * 0.025 }
    values.shuffle(using: &g)
    return try Tensor(shape: shape, scalars: values)
  }
}
