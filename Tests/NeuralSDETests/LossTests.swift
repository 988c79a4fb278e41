import DiffEq
import Foundation
import Neural
import Testing

@testable import NeuralSDE

@Suite struct LossTests {
  let dt = 3 * Double.pi / 49

  /// Start states on the unit circle and their exact images after `Δt` under the rotation.
  func exactTransitions(count: Int = 12) -> (starts: [Double], ends: [Double]) {
    var starts: [Double] = []
    var ends: [Double] = []
    let R = Support.rotation(1, dt)
    for i in 0..<count {
      let a = 2 * Double.pi * Double(i) / Double(count)
      let z = [sin(a), cos(a)]
      starts += z
      ends += [R[0] * z[0] + R[1] * z[1], R[2] * z[0] + R[3] * z[1]]
    }
    return (starts, ends)
  }

  /// With the Euler flow the pointwise loss is exactly the naive
  /// `(1/N) Σ ‖μ(Zₖ) − (Zₖ₊₁ − Zₖ)/Δt‖²` (computed here from the drift in Double; 1e-4
  /// relative, Float32 arithmetic).
  @Test func eulerFlowLossIsTheNaiveOneStepLoss() throws {
    let model = try NeuralSDEModel(.init(observedDimension: 2, seed: 8))
    var g = SeededGenerator(seed: 2)
    let z0 = try Tensor(randomNormal: [32, 2], generator: &g)
    let z1 = try Tensor(randomNormal: [32, 2], generator: &g)
    let loss = try pointwiseDriftLoss(model: model, states: z0, next: z1, dt: dt, flow: .euler)
    let a = z0.scalars.map(Double.init)
    let b = z1.scalars.map(Double.init)
    let mu = try model.driftValues(at: a)
    var expected = 0.0
    for i in 0..<64 {
      let r = mu[i] - (b[i] - a[i]) / dt
      expected += r * r
    }
    expected /= 32
    #expect(abs(Double(loss.scalar) - expected) <= 1e-4 * expected)
  }

  /// For the exact linear drift and exact transitions, the RK4 × 2 flow loss is at round-off
  /// level (< 1e-8), while the naive loss equals its analytic value
  /// `‖(I + AΔt − e^{AΔt}) z‖²/Δt²` averaged over the states (1e-3 relative): the one-step fit's
  /// discretisation bias.
  @Test func flowLossVanishesForTheTrueDriftButNaiveLossDoesNot() throws {
    let model = try Support.linearModel(A: [0, 1, -1, 0], sigma: [0.2, 0.1], D: 2)
    let (s, e) = exactTransitions()
    let z0 = try Support.tensor(s, [12, 2])
    let z1 = try Support.tensor(e, [12, 2])
    let corrected = try pointwiseDriftLoss(model: model, states: z0, next: z1, dt: dt, flow: .rungeKutta4(substeps: 2))
    #expect(Double(corrected.scalar) < 1e-8)
    let naive = try pointwiseDriftLoss(model: model, states: z0, next: z1, dt: dt, flow: .euler)
    // (I + AΔt − e^{AΔt}) for the rotation; ‖·z‖ is the same for every unit z.
    let R = Support.rotation(1, dt)
    let m = [1 - R[0], dt - R[1], -dt - R[2], 1 - R[3]]
    let expected = (pow(m[0] * 0 + m[1] * 1, 2) + pow(m[2] * 0 + m[3] * 1, 2)) / (dt * dt)
    #expect(abs(Double(naive.scalar) - expected) <= 1e-3 * expected)
  }

  /// The propagated-covariance targets of an exact linear drift: trapezoid points `e^{A jh} z₀`
  /// (`j = 0 … S`), weighted propagators `√(wⱼ/Δt)·e^{A(Δt − jh)}` (`wⱼ = h/2` at the ends, `h`
  /// inside) and residuals `z₁ − e^{AΔt} z₀` (RK4 on the variational equation; 2e-5 absolute in
  /// Float32).
  @Test func propagatedTargetsOfALinearDrift() throws {
    let model = try Support.linearModel(A: [0, 1, -1, 0], sigma: [0.2, 0.1], D: 2)
    let S = 4
    let h = dt / Double(S)
    let z0: [Double] = [0.3, -0.8, 1.2, 0.5]
    let z1: [Double] = [0.5, 0.5, -1, 2]
    let t = try _CovarianceTargets.compute(
      model: model, starts: z0.map(Float.init), ends: z1.map(Float.init), dt: dt,
      quadrature: .propagated(substeps: S), residual: .driftResidual)
    #expect(t.pointCount == S + 1)
    for k in 0..<2 {
      let z = Array(z0[(2 * k)..<(2 * k + 2)])
      let flowEnd = Support.rotation(1, dt)
      let r0 = z1[2 * k] - (flowEnd[0] * z[0] + flowEnd[1] * z[1])
      let r1 = z1[2 * k + 1] - (flowEnd[2] * z[0] + flowEnd[3] * z[1])
      #expect(abs(Double(t.residuals[2 * k]) - r0) < 2e-5 && abs(Double(t.residuals[2 * k + 1]) - r1) < 2e-5)
      for j in 0...S {
        let E = Support.rotation(1, Double(j) * h)
        let p = t.points[((k * (S + 1) + j) * 2)...].prefix(2).map(Double.init)
        #expect(abs(p[0] - (E[0] * z[0] + E[1] * z[1])) < 2e-5)
        #expect(abs(p[1] - (E[2] * z[0] + E[3] * z[1])) < 2e-5)
        let w = (j == 0 || j == S ? 0.5 : 1.0) / Double(S)
        let P = Support.rotation(1, dt - Double(j) * h)
        for m in 0..<4 {
          #expect(abs(Double(t.propagators[(k * (S + 1) + j) * 4 + m]) - w.squareRoot() * P[m]) < 2e-5, "Ψ_\(j)[\(m)]")
        }
      }
    }
  }

  /// The predicted covariance `A` against the exact one-interval covariance
  /// `C/Δt = (1/Δt)∫₀^{Δt} e^{As} σσᵀ e^{Aᵀs} ds` of the SDE ball (reference by a 4000-point
  /// midpoint rule in Double): the propagated trapezoid quadrature is within 0.3 % with 2
  /// sub-steps, and its observed order from 2 → 4 → 8 sub-steps is 2 (log₂ of the error ratios
  /// within 0.3 of 2; the smallest error, of order 1e-4, is far above Float32 round-off); the naive `σσᵀ`
  /// is more than 5 % off at this `Δt`.
  @Test func propagatedCovarianceMatchesTheExactIntervalCovariance() throws {
    let sigma = [0.2, 0.1]
    let model = try Support.linearModel(A: [0, 1, -1, 0], sigma: sigma, D: 2)
    var C = [0.0, 0, 0, 0]
    let n = 4000
    for i in 0..<n {
      let s = (Double(i) + 0.5) * dt / Double(n)
      let E = Support.rotation(1, s)
      let v = [E[0] * sigma[0] + E[1] * sigma[1], E[2] * sigma[0] + E[3] * sigma[1]]
      for a in 0..<2 { for b in 0..<2 { C[a * 2 + b] += v[a] * v[b] / Double(n) } }
    }
    let z: [Float] = [0, 1, 0.7, -0.2]
    var errors: [Double] = []
    for quadrature in [
      CovarianceQuadrature.propagated(substeps: 2), .propagated(substeps: 4), .propagated(substeps: 8), .oneStep,
    ] {
      let t = try _CovarianceTargets.compute(
        model: model, starts: z, ends: z, dt: dt, quadrature: quadrature, residual: .driftResidual)
      let a = try _predictedCovariance(model: model, batch: try t.batch(0..<2, matching: .batch))
      errors.append(try ModelEvaluation.relativeFrobeniusError(a.scalars.map(Double.init), reference: C))
    }
    #expect(errors[0] < 3e-3, "propagated errors \(errors)")
    for i in 0..<2 {
      let order = log2(errors[i] / errors[i + 1])
      #expect(abs(order - 2) < 0.3, "observed order \(order) from errors \(errors)")
    }
    #expect(errors[3] > 0.05, "one-step error \(errors[3])")
  }

  /// The covariance loss computed by hand for zero drift and constant `σ` (one-step form, so
  /// `Aₖ = σσᵀ` and `rₖ` the increments): batch matching `‖σσᵀ − Σ rrᵀ/(NΔt)‖²`, pointwise
  /// matching `(1/N) Σ ‖σσᵀ − rₖrₖᵀ/Δt‖²`, and the Euclidean norm (1e-4 relative).
  @Test func covarianceLossValuesByHand() throws {
    let model = try Support.linearModel(A: [0, 0, 0, 0], sigma: [0.3, -0.1], D: 2)
    let z0 = try Support.tensor([0, 0, 1, 1, 2, -1], [3, 2])
    let z1 = try Support.tensor([0.1, -0.2, 1.3, 0.9, 1.8, -1.1], [3, 2])
    let r: [[Double]] = [[0.1, -0.2], [0.3, -0.1], [-0.2, -0.1]]
    let A = [0.09, -0.03, -0.03, 0.01]
    var B = [0.0, 0, 0, 0]
    var pointwise = 0.0
    for v in r {
      var Bk = [0.0, 0, 0, 0]
      for a in 0..<2 { for c in 0..<2 { Bk[a * 2 + c] = v[a] * v[c] / 0.5 } }
      for m in 0..<4 { B[m] += Bk[m] / 3 }
      pointwise += zip(A, Bk).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / 3
    }
    let batch = zip(A, B).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)
    func loss(_ matching: CovarianceMatching, _ norm: LossNorm) throws -> Double {
      Double(
        try covarianceLoss(
          model: model, states: z0, next: z1, dt: 0.5, quadrature: .oneStep, matching: matching,
          norm: norm
        ).scalar)
    }
    #expect(abs(try loss(.batch, .squared) - batch) <= 1e-4 * batch)
    #expect(abs(try loss(.pointwise, .squared) - pointwise) <= 1e-4 * pointwise)
    #expect(abs(try loss(.batch, .euclidean) - batch.squareRoot()) <= 1e-4 * batch.squareRoot())
  }

  /// Gradients of the covariance loss (diffusion parameters, propagated form) and of the
  /// reconstruction loss (drift parameters, through 3 intervals of RK4 × 2) against central
  /// finite differences (relative tolerance 2e-2). The covariance loss is a Float32 sum of many
  /// products, so its batch is small (6 transitions, increments of size 0.3) to keep the
  /// round-off of the differences (step 5e-3) well below the tolerance.
  @Test func covarianceAndReconstructionGradientsMatchFiniteDifferences() throws {
    let model = try NeuralSDEModel(.init(observedDimension: 2, hiddenWidths: [6, 5], seed: 21))
    var g = SeededGenerator(seed: 4)
    let z0 = try Tensor(randomNormal: [6, 2], generator: &g)
    let z1 = z0 + 0.3 * (try Tensor(randomNormal: [6, 2], generator: &g))
    try Support.checkGradient(model.diffusionParameters, h: 5e-3) {
      try covarianceLoss(model: model, states: z0, next: z1, dt: 0.2, quadrature: .propagated(substeps: 2))
    }
    let targets = try Tensor(randomNormal: [8, 3, 2], generator: &g)
    let starts = try Tensor(randomNormal: [8, 2], generator: &g)
    try Support.checkGradient(model.driftParameters) {
      try reconstructionLoss(model: model, windowStarts: starts, targets: targets, dt: 0.2)
    }
  }

  /// The reconstruction loss of the exact model against the exact solution is at round-off level.
  @Test func reconstructionLossOfTheTrueDrift() throws {
    let model = try Support.linearModel(A: [0, 1, -1, 0], sigma: [0.2, 0.1], D: 2)
    var targets: [Double] = []
    for j in 1...5 { targets += [sin(Double(j) * dt), cos(Double(j) * dt)] }
    let loss = try reconstructionLoss(
      model: model, windowStarts: try Support.tensor([0, 1], [1, 2]),
      targets: try Support.tensor(targets, [1, 5, 2]), dt: dt, flow: .rungeKutta4(substeps: 4))
    #expect(Double(loss.scalar) < 1e-9)
  }

  @Test func badBatchesThrowTypedErrors() throws {
    let model = try NeuralSDEModel(.init(observedDimension: 2))
    let z = try Tensor(zeros: [4, 2])
    for bad in [0.0, -0.1, .nan, .infinity] {
      #expect(throws: NeuralSDEError.self) { try pointwiseDriftLoss(model: model, states: z, next: z, dt: bad) }
    }
    let empty = try Tensor(zeros: [0, 2])
    #expect(throws: NeuralSDEError.empty(what: "the minibatch of transitions")) {
      try pointwiseDriftLoss(model: model, states: empty, next: empty, dt: 0.1)
    }
    #expect(throws: NeuralSDEError.empty(what: "the minibatch of transitions")) {
      try covarianceLoss(model: model, states: empty, next: empty, dt: 0.1)
    }
    #expect(throws: NeuralSDEError.dimensionMismatch(what: "columns of next (D = M·d)", expected: 2, actual: 3)) {
      try pointwiseDriftLoss(model: model, states: z, next: try Tensor(zeros: [4, 3]), dt: 0.1)
    }
    #expect(throws: NeuralSDEError.dimensionMismatch(what: "rows of next (one per state)", expected: 4, actual: 3)) {
      try covarianceLoss(model: model, states: z, next: try Tensor(zeros: [3, 2]), dt: 0.1)
    }
    #expect(throws: NeuralSDEError.self) {
      try reconstructionLoss(model: model, windowStarts: z, targets: try Tensor(zeros: [4, 0, 2]), dt: 0.1)
    }
    #expect(throws: NeuralSDEError.self) {
      try covarianceLoss(model: model, states: z, next: z, dt: 0.1, quadrature: .propagated(substeps: 0))
    }
    #expect(throws: NeuralSDEError.self) { try FlowIntegrator(RungeKutta4(), substeps: 0) }
  }
}
