// Benchmarks of the ODE area. Names start with the area prefix used by `make bench FILTER=...`.
import CBaselines
import DiffEq
import Foundation

enum ODEBenchmarks {
  static let all: [Benchmark] = [
    Benchmark(name: "ode.rk4_lorenz", run: rk4Lorenz),
    Benchmark(name: "ode.rk8pd_lorenz", run: rk8pdLorenz),
    Benchmark(name: "ode.msbdf_vdp", run: msbdfVanDerPol),
    Benchmark(name: "ode.msbdf_robertson", run: msbdfRobertson),
  ]

  /// Whether `y` lies in the Lorenz attractor's bounding box (|x|, |y| < 30, 0 < z < 60).
  static func onLorenzAttractor(_ y: [Double]) -> Bool {
    y.count == 3 && abs(y[0]) < 30 && abs(y[1]) < 30 && y[2] > 0 && y[2] < 60
  }

  /// Classical RK4, dt = 1e-3, 10⁶ steps, through the fast path (`FixedStepSolver.solve` on an
  /// `ODEFunction` type, right-hand side inlined into the generic stepper) against the plain C -O3
  /// loop with the right-hand side inlined (`ratio`, the bar). Also timed: the closure API
  /// (`ODEProblem` + `solve`, `closure_s`) against the C library loop calling the right-hand side
  /// through a function pointer (`ratio_vs_function_pointer`, the same architecture). All four
  /// runs must end bit-identical.
  static func rk4Lorenz() throws -> BenchmarkResult {
    let steps = 1_000_000
    let dt = 1e-3
    let t1 = Double(steps) * dt
    let problem = try Lorenz().problem(t1: t1, y0: [1, 1, 1])
    let solver = FixedStepSolver(RungeKutta4(), dt: dt)
    var ours: [Double] = []
    var closure: [Double] = []
    var theirs = [Double](repeating: 0, count: 3)
    var inlined = [Double](repeating: 0, count: 3)
    var work = [Double](repeating: 0, count: 18)
    var oursSteps = 0
    var closureSteps = 0
    let (oursTime, inlinedTime) = try interleavedMedianSeconds(
      repetitions: 7,
      ours: {
        let solution = try solver.solve(Lorenz(), t0: 0, t1: t1, y0: [1, 1, 1])
        ours = solution.finalState
        oursSteps = solution.statistics.steps
      },
      baseline: {
        inlined = [1, 1, 1]
        ode_rk4_lorenz_inlined(&inlined, 0, t1, dt, steps)
      })
    let (closureTime, pointerTime) = try interleavedMedianSeconds(
      repetitions: 5,
      ours: {
        let solution = try problem.solve(solver, saveAt: .end)
        closure = solution.finalState
        closureSteps = solution.statistics.steps
      },
      baseline: {
        theirs = [1, 1, 1]
        ode_rk4_integrate(ode_lorenz_rhs, nil, 3, &theirs, 0, t1, dt, steps, &work)
      })
    blackHole((ours, closure, theirs, inlined))
    // Same arithmetic in the same order: the 10⁶-step chaotic trajectories agree bit for bit.
    precondition(oursSteps == steps, "wrong step count \(oursSteps)")
    precondition(closureSteps == steps, "wrong step count \(closureSteps) (closure API)")
    precondition(onLorenzAttractor(ours), "RK4 Lorenz left the attractor: \(ours)")
    precondition(ours == inlined, "RK4 Lorenz differs from inlined C: \(ours) vs \(inlined)")
    precondition(closure == ours, "closure API differs from the fast path: \(closure) vs \(ours)")
    precondition(closure == theirs, "RK4 Lorenz differs from C: \(closure) vs \(theirs)")
    return .ratio(
      ours: oursTime, baseline: inlinedTime,
      extra: [
        ("steps_per_s", .number(Double(steps) / oursTime)),
        ("closure_s", .number(closureTime)),
        ("baseline_function_pointer_s", .number(pointerTime)),
        ("ratio_vs_function_pointer", .number(closureTime / pointerTime)),
        ("ratio_closure_vs_inlined", .number(closureTime / inlinedTime)),
      ],
      summary: String(
        format: "fast path %.1f M steps/s vs C inlined %.1f M; closure %.1f M vs C fn-pointer %.1f M",
        Double(steps) / oursTime / 1e6, Double(steps) / inlinedTime / 1e6,
        Double(steps) / closureTime / 1e6, Double(steps) / pointerTime / 1e6))
  }

  /// Runs `body` `count` times (one timed sample covers several short solves).
  static func repeated(_ count: Int, _ body: () throws -> Void) rethrows {
    for _ in 0..<count { try body() }
  }

  /// Compares one GSL solve (ours, through `GSLSolver`) with the same driver called from C.
  /// Both use the same stepper, tolerances, initial step and (for stiff methods) analytic
  /// Jacobian, and their right-hand sides do the same arithmetic, so the runs are bit-identical.
  ///
  /// `check` validates the final state against known properties of the problem.
  static func gslComparison(
    problem: ODEProblem, solver: GSLSolver, repetitions: Int,
    check: ([Double]) -> Bool,
    baseline: (_ y: inout [Double], _ steps: inout UInt) -> Int32
  ) throws -> BenchmarkResult {
    var ours: ODESolution?
    var theirs = problem.y0
    var theirSteps: UInt = 0
    var status: Int32 = 0
    let (oursTime, baseTime) = try interleavedMedianSeconds(
      repetitions: 11,
      ours: { try repeated(repetitions) { ours = try problem.solve(solver, saveAt: .end) } },
      baseline: {
        repeated(repetitions) {
          theirs = problem.y0
          status = baseline(&theirs, &theirSteps)
        }
      })
    guard let ours else { preconditionFailure("no solve ran") }
    blackHole((ours, theirs))
    precondition(check(ours.finalState), "wrong final state \(ours.finalState)")
    precondition(status == 0, "C GSL baseline failed with status \(status)")
    precondition(
      ours.finalState == theirs && ours.statistics.steps == Int(theirSteps),
      "ours \(ours.finalState) (\(ours.statistics.steps) steps) vs C \(theirs) (\(theirSteps) steps)")
    let perSolve = oursTime / Double(repetitions)
    return .ratio(
      ours: perSolve, baseline: baseTime / Double(repetitions),
      extra: [
        ("steps", .number(Double(ours.statistics.steps))),
        ("steps_per_s", .number(Double(ours.statistics.steps) / perSolve)),
        ("rhs_evals", .number(Double(ours.statistics.rhsEvaluations))),
        ("jacobian_evals", .number(Double(ours.statistics.jacobianEvaluations))),
      ],
      summary: String(
        format: "%d steps, %.2f M steps/s, final state bit-identical to C", ours.statistics.steps,
        Double(ours.statistics.steps) / perSolve / 1e6))
  }

  /// rk8pd on Lorenz, rtol = atol = 1e-10, t ∈ [0, 100], initial step 1e-3.
  static func rk8pdLorenz() throws -> BenchmarkResult {
    let problem = try Lorenz().problem(t1: 100, y0: [1, 1, 1])
    let solver = GSLSolver(
      .rk8pd, relativeTolerance: 1e-10, absoluteTolerance: 1e-10, initialStep: 1e-3,
      maxSteps: 10_000_000)
    return try gslComparison(
      problem: problem, solver: solver, repetitions: 20,
      check: { y in onLorenzAttractor(y) }
    ) { y, steps in
      ode_gsl_lorenz_rk8pd(0, 100, 1e-3, 1e-10, &y, &steps)
    }
  }

  /// msbdf on Van der Pol, μ = 1000, y0 = (2, 0), t ∈ [0, 3000], rtol = atol = 1e-6, analytic
  /// Jacobian on both sides, initial step 1e-6.
  static func msbdfVanDerPol() throws -> BenchmarkResult {
    let mu = 1000.0
    let problem = try VanDerPol(mu: mu).problem(t1: 3000, y0: [2, 0])
    let solver = GSLSolver(
      .msbdf, relativeTolerance: 1e-6, absoluteTolerance: 1e-6, initialStep: 1e-6,
      maxSteps: 10_000_000)
    // x(3000) ≈ −1.5106 (reference at rtol = atol = 1e-10; see GSLSolverTests.stiff_van_der_pol).
    return try gslComparison(
      problem: problem, solver: solver, repetitions: 40,
      check: { y in abs(y[0] + 1.5106) <= 1e-3 && abs(y[1] - 0.001178) <= 1e-5 }
    ) { y, steps in
      ode_gsl_vdp_msbdf(mu, 0, 3000, 1e-6, 1e-6, &y, &steps)
    }
  }

  /// msbdf on Robertson's kinetics, t ∈ [0, 1e5], rtol = 1e-6, atol = 1e-10, analytic Jacobian
  /// on both sides, initial step 1e-8.
  static func msbdfRobertson() throws -> BenchmarkResult {
    let problem = try Robertson().problem(t1: 1e5, y0: [1, 0, 0])
    let solver = GSLSolver(
      .msbdf, relativeTolerance: 1e-6, absoluteTolerance: 1e-10, initialStep: 1e-8,
      maxSteps: 10_000_000)
    return try gslComparison(
      problem: problem, solver: solver, repetitions: 150,
      check: { y in abs(y[0] + y[1] + y[2] - 1) <= 1e-6 && abs(y[0] - 0.0179) <= 1e-3 }
    ) { y, steps in
      ode_gsl_robertson_msbdf(0, 1e5, 1e-8, 1e-6, 1e-10, &y, &steps)
    }
  }
}
