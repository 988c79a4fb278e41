import Foundation
import Testing
@testable import DiffEq

/// Construction, settings validation, capability checks and non-finite reporting of single solves.
@Suite struct SDEProblemTests {
  struct Dimensions: SDEVectorField {
    var stateDimension: Int
    var noiseDimension: Int
    var noiseStructure: NoiseStructure
    func drift<L: LaneVector>(t: Double, x: LaneValues<L>, into mu: LaneBuffer<L>) {}
    func diffusion<L: LaneVector>(t: Double, x: LaneValues<L>, into sigma: LaneBuffer<L>) {}
  }

  @Test func invalid_problems_throw_typed_errors() {
    #expect(throws: SDEError.invalidDimension(what: "stateDimension", value: 0)) {
      try SDEProblem(Dimensions(stateDimension: 0, noiseDimension: 1, noiseStructure: .general), x0: [], t0: 0, t1: 1)
    }
    #expect(throws: SDEError.invalidDimension(what: "noiseDimension", value: 0)) {
      try SDEProblem(Dimensions(stateDimension: 1, noiseDimension: 0, noiseStructure: .general), x0: [0], t0: 0, t1: 1)
    }
    #expect(throws: SDEError.noiseDimensionMismatch(structure: .diagonal, stateDimension: 2, noiseDimension: 3)) {
      try SDEProblem(Dimensions(stateDimension: 2, noiseDimension: 3, noiseStructure: .diagonal), x0: [0, 0], t0: 0, t1: 1)
    }
    #expect(throws: SDEError.noiseDimensionMismatch(structure: .scalar, stateDimension: 2, noiseDimension: 2)) {
      try SDEProblem(Dimensions(stateDimension: 2, noiseDimension: 2, noiseStructure: .scalar), x0: [0, 0], t0: 0, t1: 1)
    }
    #expect(throws: SDEError.initialStateDimensionMismatch(expected: 2, actual: 3)) {
      try SDEProblem(BallField(), x0: [0, 1, 2], t0: 0, t1: 1)
    }
    #expect(throws: SDEError.nonFiniteInitialState(index: 1, value: .infinity)) {
      try SDEProblem(BallField(), x0: [0, .infinity], t0: 0, t1: 1)
    }
    #expect(throws: SDEError.invalidTimeSpan(t0: 1, t1: 1)) {
      try SDEProblem(BallField(), x0: [0, 1], t0: 1, t1: 1)
    }
    #expect(throws: SDEError.invalidTimeSpan(t0: 1, t1: 0)) {
      try SDEProblem(BallField(), x0: [0, 1], t0: 1, t1: 0)
    }
  }

  @Test func invalid_solve_settings_throw_typed_errors() throws {
    let problem = try SDEProblem(BallField(), x0: [0, 1], t0: 0, t1: 1)
    let em = EulerMaruyama()
    for dt in [0.0, -0.1, .infinity] {
      #expect(throws: SDEError.invalidStepSize(dt: dt)) {
        try problem.solve(method: em, dt: dt, saveTimes: [1], seed: 0)
      }
    }
    let nanError = #expect(throws: SDEError.self) {
      try problem.solve(method: em, dt: .nan, saveTimes: [1], seed: 0)
    }
    if case .invalidStepSize(let dt) = nanError { #expect(dt.isNaN) } else {
      Issue.record("expected invalidStepSize, got \(String(describing: nanError))")
    }
    #expect(throws: SDEError.emptySaveTimes) { try problem.solve(method: em, dt: 0.1, saveTimes: [], seed: 0) }
    #expect(throws: SDEError.saveTimeOutsideSpan(index: 1, time: 1.5, t0: 0, t1: 1)) {
      try problem.solve(method: em, dt: 0.1, saveTimes: [0.5, 1.5], seed: 0)
    }
    #expect(throws: SDEError.saveTimesNotIncreasing(index: 1, previous: 0.5, current: 0.5)) {
      try problem.solve(method: em, dt: 0.1, saveTimes: [0.5, 0.5], seed: 0)
    }
    #expect(throws: SDEError.self) { try problem.solve(method: em, dt: 1e-12, saveTimes: [1], seed: 0) }
    #expect(throws: SDEError.invalidPathRange(lower: -1, upper: 0)) {
      try problem.solve(method: em, dt: 0.1, saveTimes: [1], seed: 0, path: -1)
    }
  }

  @Test func methods_check_their_capabilities() throws {
    let general = try SDEProblem(GeneralLinearField(), x0: [0, 0], t0: 0, t1: 1)
    #expect(throws: SDEError.unsupportedNoise(method: "Milstein", structure: .general, stateDimension: 2, noiseDimension: 2)) {
      try general.solve(method: Milstein(), dt: 0.1, saveTimes: [1], seed: 0)
    }
    let stratonovich = try SDEProblem(GeometricBrownianMotion(mu: 1, sigma: 1, calculus: .stratonovich), x0: [1], t0: 0, t1: 1)
    #expect(throws: SDEError.calculusMismatch(method: "Euler–Maruyama", required: .ito, actual: .stratonovich)) {
      try stratonovich.solve(method: EulerMaruyama(), dt: 0.1, saveTimes: [1], seed: 0)
    }
    let ito = try SDEProblem(GeometricBrownianMotion(mu: 1, sigma: 1), x0: [1], t0: 0, t1: 1)
    #expect(throws: SDEError.calculusMismatch(method: "stochastic Heun", required: .stratonovich, actual: .ito)) {
      try ito.solve(method: StochasticHeun(), dt: 0.1, saveTimes: [1], seed: 0)
    }
    #expect(throws: SDEError.invalidParameter(name: "Milstein.relativeStep", value: 0)) {
      try ito.solve(method: Milstein(relativeStep: 0), dt: 0.1, saveTimes: [1], seed: 0)
    }
    // Additive noise: Itô and Stratonovich coincide, every method accepts it.
    let ball = try SDEProblem(BallField(), x0: [0, 1], t0: 0, t1: 1)
    _ = try ball.solve(method: StochasticHeun(), dt: 0.1, saveTimes: [1], seed: 0)
    _ = try ball.solve(method: EulerMaruyama(), dt: 0.1, saveTimes: [1], seed: 0)
  }

  /// X = W until |X| exceeds 0.25; then the drift (or diffusion) is non-finite. The solve throws at the start of the first
  /// step whose starting state exceeds 0.25 in magnitude, found independently from a fault-free run saving
  /// every step.
  @Test func non_finite_drift_and_diffusion_report_time_and_path() throws {
    let dt = 0.01
    let saves = (1...100).map { Double($0) * dt }
    let free = try SDEProblem(ThresholdField(threshold: .infinity), x0: [0], t0: 0, t1: 1)
      .solve(method: EulerMaruyama(), dt: dt, saveTimes: saves, seed: 5, path: 3)
    guard let k = free.states.firstIndex(where: { abs($0) > 0.25 }) else {
      Issue.record("the reference path never exceeds 0.25; pick another seed")
      return
    }
    for (faultInDiffusion, quantity) in [(false, SDEFault.drift), (true, SDEFault.diffusion)] {
      let problem = try SDEProblem(
        ThresholdField(threshold: 0.25, faultInDiffusion: faultInDiffusion), x0: [0], t0: 0, t1: 1)
      #expect(throws: SDEError.nonFinite(quantity: quantity, t: saves[k], path: 3)) {
        try problem.solve(method: EulerMaruyama(), dt: dt, saveTimes: saves, seed: 5, path: 3)
      }
    }
  }

  /// Saves land exactly on the requested times, including ones off the step lattice and t0.
  @Test func saves_land_on_requested_times() throws {
    let problem = try SDEProblem(OrnsteinUhlenbeck(theta: 0, mean: 0, sigma: 0), x0: [2], t0: 0, t1: 1)
    let solution = try problem.solve(method: EulerMaruyama(), dt: 0.3, saveTimes: [0, 0.25, 1], seed: 0)
    #expect(solution.saveTimes == [0, 0.25, 1])
    #expect(solution.states == [2, 2, 2])
  }
}
