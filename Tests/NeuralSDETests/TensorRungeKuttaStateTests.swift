import DiffEq
import Foundation
import Neural
import Testing

@testable import NeuralSDE

/// DiffEq's explicit RK stepper running on `Tensor` states (the flows of the learner).
@Suite struct TensorRungeKuttaStateTests {
  /// A model with the exact rotation drift `μ(x, y) = (y, −x)` (ω = 1).
  func rotationModel() throws -> NeuralSDEModel {
    try Support.linearModel(A: [0, 1, -1, 0], sigma: [0.2, 0.1], D: 2)
  }

  /// The flow of the learned (here exact) linear drift from (0, 1) against the analytic
  /// `(sin t, cos t)`: RK4 with 8 steps per unit interval is accurate to 1e-4 over `t = 3`
  /// (Float32 arithmetic; RK4 global error ≈ T·h⁴/120·|μ⁽⁵⁾| ≈ 1e-5 here).
  @Test func rk4FlowMatchesAnalyticSolution() throws {
    let model = try rotationModel()
    let path = try model.reconstruct(
      from: [0, 1], intervals: 3, dt: 1, flow: .rungeKutta4(substeps: 8))
    for j in 0...3 {
      let t = Double(j)
      #expect(abs(path[2 * j] - sin(t)) < 1e-4, "x(\(t))")
      #expect(abs(path[2 * j + 1] - cos(t)) < 1e-4, "y(\(t))")
    }
  }

  /// The observed order of the tensor flows, from errors at `t = 2` with 2, 4, 8 steps per unit
  /// interval: Euler's log₂ error ratio within 0.15 of 1 and RK4's within 0.3 of 4 (Float32:
  /// the smallest RK4 error, ≈ 2e-6, stays 20× above the round-off of ≈ 1e-7).
  @Test(arguments: [("Euler", 1.0, 0.15), ("RK4", 4.0, 0.3)])
  func observedOrder(_ method: String, _ order: Double, _ tolerance: Double) throws {
    let model = try rotationModel()
    var errors: [Double] = []
    for s in [2, 4, 8] {
      let flow =
        method == "Euler"
        ? try FlowIntegrator(Euler(), substeps: s) : try FlowIntegrator(RungeKutta4(), substeps: s)
      let path = try model.reconstruct(from: [0, 1], intervals: 1, dt: 2, flow: flow)
      errors.append(max(abs(path[2] - sin(2)), abs(path[3] - cos(2))))
    }
    for i in 0..<2 {
      let observed = log2(errors[i] / errors[i + 1])
      #expect(abs(observed - order) < tolerance, "errors \(errors), observed order \(observed)")
    }
  }

  /// The tensor flow equals DiffEq's `Double` fixed-step RK4 on the same linear ODE (the same
  /// method and steps; differences are Float32 round-off, < 1e-5).
  @Test func tensorFlowMatchesDiffEqDoubleSolver() throws {
    let model = try rotationModel()
    let tensorPath = try model.reconstruct(
      from: [0.3, -0.7], intervals: 4, dt: 0.5, flow: .rungeKutta4(substeps: 2))
    let problem = try ODEProblem(dimension: 2, t0: 0, t1: 2, y0: [0.3, -0.7]) { _, y, dy in
      dy[0] = y[1]
      dy[1] = -y[0]
    }
    let solution = try problem.solve(
      FixedStepSolver(RungeKutta4(), dt: 0.25), saveAt: .times([0.5, 1, 1.5, 2]))
    for j in 1...4 {
      let s = solution.state(j - 1)
      #expect(abs(tensorPath[2 * j] - s[0]) < 1e-5 && abs(tensorPath[2 * j + 1] - s[1]) < 1e-5)
    }
  }

  /// Gradients through the recorded RK4 flow (the pointwise loss) match central finite
  /// differences for every parameter tensor (relative tolerance 2e-2, Float32 differences with
  /// step 1e-2).
  @Test func gradientThroughRK4FlowMatchesFiniteDifferences() throws {
    let model = try NeuralSDEModel(.init(observedDimension: 2, hiddenWidths: [6, 5], seed: 11))
    var g = SeededGenerator(seed: 3)
    let z0 = try Tensor(randomNormal: [16, 2], generator: &g)
    let z1 = try Tensor(randomNormal: [16, 2], generator: &g)
    try Support.checkGradient(model.driftParameters) {
      try pointwiseDriftLoss(
        model: model, states: z0, next: z1, dt: 0.3, flow: .rungeKutta4(substeps: 2))
    }
  }

  /// The tape records the flow: an RK4 step on a recorded state adds its 4 drift evaluations and
  /// 2·7 = 14 linear-combination operations, nothing more.
  @Test func recordsExpectedNumberOfOperations() throws {
    let model = try NeuralSDEModel(.init(observedDimension: 2, hiddenWidths: [4], seed: 1))
    let z = try Tensor(zeros: [3, 2])
    let tape = Tape()
    let single = try tape.record { () -> Int in
      _ = try model.drift(z)
      return tape.recordCount
    }
    tape.discard()
    let flow = FlowIntegrator.rungeKutta4(substeps: 1)
    let stepper = flow.makeStepper()
    let count = try tape.record { () -> Int in
      _ = try model.flowTensor(z, dt: 0.1, stepper: stepper, schedule: flow.schedule(dt: 0.1, intervals: 1))
      return tape.recordCount
    }
    tape.discard()
    // single = 4 parameter leaves + network ops; a step re-reads the same 4 leaves.
    let leaves = 4
    #expect(count == leaves + 4 * (single - leaves) + 14)
  }
}
