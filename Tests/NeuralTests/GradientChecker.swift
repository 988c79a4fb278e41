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

  /// Checks all inputs' gradients of `f` at `inputs`; records a test issue on failure.
  @discardableResult
  static func check(
    _ inputs: [Tensor], step: Float = 1e-2, tolerance: Double = 1e-2, seed: UInt64 = 7,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ f: ([Tensor]) throws -> Tensor
  ) throws -> Report {
    // Forward without recording: output shape and the projection weights.
    let y0 = try f(inputs)
    var g = SeededGenerator(seed: seed)
    let w = try Tensor(randomNormal: y0.shape, generator: &g)
    let ws = w.scalars.map(Double.init)

    func projected(_ xs: [Tensor]) throws -> Double {
      let y = try f(xs)
      let ys = y.scalars
      var s = 0.0
      for j in 0..<ys.count { s += ws[j] * Double(ys[j]) }
      return s
    }

    // Analytic gradients through the tape.
    let parameters = inputs.map { Parameter($0) }
    let tape = Tape()
    let recordedValue = try tape.record { try f(parameters.map(\.value)) }
    #expect(
      recordedValue.scalars == y0.scalars,
      "recording must not change the forward value", sourceLocation: sourceLocation)
    _ = try tape.backpropagate { (try f(parameters.map(\.value)) * w).sum() }

    var report = Report(worstError: 0, worstWhere: "", checkedComponents: 0)
    for (i, x) in inputs.enumerated() {
      let analytic = parameters[i].gradient?.scalars ?? [Float](repeating: 0, count: x.count)
      #expect(
        parameters[i].gradient == nil || parameters[i].gradient?.shape == x.shape,
        "gradient \(i) has shape \(parameters[i].gradient?.shape ?? []) for input \(x.shape)",
        sourceLocation: sourceLocation)
      var numeric = [Double](repeating: 0, count: x.count)
      for m in 0..<x.count {
        var xs = inputs
        let xm = x.scalars[m]
        let h = step * max(1, Swift.abs(xm))
        xs[i] = try perturbed(x, m, xm + h)
        let lp = try projected(xs)
        xs[i] = try perturbed(x, m, xm - h)
        let lm = try projected(xs)
        // The actual step in Float32 arithmetic.
        let dx = Double(xm + h) - Double(xm - h)
        numeric[m] = (lp - lm) / dx
      }
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
      report.worstError <= tolerance,
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
