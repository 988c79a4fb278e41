import ArgumentParser
import DiffEq
import Foundation
import NeuralSDE

extension DiffEqCommand {
  /// `diffeq simulate <system>`: sample paths of a built-in or user-given system and write them.
  struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Simulate paths of a built-in SDE/ODE or of a linear SDE you give, and write them.",
      discussion: """
        Paths start at t0 = 0 and are observed at 'observations' equally spaced times in [0, t1]. \
        SDEs are integrated with 'substeps' fine steps per observation interval, so the observations \
        follow the continuous-time SDE closely; path k draws from its own random stream of --seed, \
        so the output does not depend on --threads.

        Output: --output FILE.csv writes 'path,t,<state columns>' rows; --output FILE.npy writes an \
        array of shape (paths, observations, dims) and the times to FILE.times.npy. Without --output \
        the CSV goes to standard output.

        Examples:
          diffeq simulate sde-ball --paths 1000 --output ball.npy
          diffeq simulate ou --theta 2 --mu 1 --sigma 0.3 --output ou.csv
          diffeq simulate linear --drift-matrix "0,1;-1,0" --diffusion-matrix "0.2;0.1"
          diffeq simulate lorenz --t1 40 --observations 4001 --output lorenz.csv
        """)

    @Argument(help: ArgumentHelp(SystemName.helpText, valueName: "system"))
    var system: SystemName

    @OptionGroup(title: "Sampling")
    var simulation: SimulationOptions

    @OptionGroup(title: "Randomness")
    var random: RandomOptions

    @Option(parsing: .unconditional, help: ArgumentHelp(
      "ou: mean-reversion rate θ (1/time; default 1).", valueName: "rate"))
    var theta: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp(
      "ou: long-run mean μ (state units; default 0). gbm: drift rate μ (1/time; default 0.05).",
      valueName: "value"))
    var mu: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp(
      "ou: noise σ ≥ 0 (state units/√time; default 0.5). gbm: volatility σ ≥ 0 (1/√time; default "
        + "0.2). lorenz: Prandtl number σ (default 10).",
      valueName: "value"))
    var sigma: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp("lorenz: Rayleigh number ρ (default 28).", valueName: "value"))
    var rho: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp("lorenz: geometric factor β (default 8/3).", valueName: "value"))
    var beta: Double?

    @Option(
      parsing: .unconditional,
      help: ArgumentHelp(
        "linear: drift matrix A (d×d, 1/time), rows separated by ';', entries by ',', "
          + "e.g. \"0,1;-1,0\". Required for linear.",
        valueName: "matrix"),
      transform: { try MatrixArgument(parsing: $0) })
    var driftMatrix: MatrixArgument?

    @Option(
      parsing: .unconditional,
      help: ArgumentHelp(
        "linear: diffusion matrix B (d×n: one column per Brownian motion; state units/√time), "
          + "e.g. \"0.2;0.1\" (d = 2, n = 1). Required for linear.",
        valueName: "matrix"),
      transform: { try MatrixArgument(parsing: $0) })
    var diffusionMatrix: MatrixArgument?

    @Option(
      parsing: .unconditional,
      help: ArgumentHelp(
        "Initial state, comma-separated (d values). Default: sde-ball 0,1; ou 1; gbm 1; "
          + "lorenz 1,1,1; linear all zeros.",
        valueName: "values"),
      transform: { try MatrixArgument(parsing: $0) })
    var x0: MatrixArgument?

    @Option(help: ArgumentHelp(SDEMethodChoice.helpText, valueName: "method"))
    var sdeMethod: SDEMethodChoice?

    @Option(help: ArgumentHelp(ODEMethodChoice.helpText, valueName: "method"))
    var odeMethod: ODEMethodChoice?

    @Option(parsing: .unconditional, help: ArgumentHelp(
      "Relative tolerance of the adaptive (GSL) ODE methods, > 0 (≈ correct digits; default 1e-8).",
      valueName: "tol"))
    var rtol: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp(
      "Absolute tolerance of the adaptive (GSL) ODE methods, > 0 (state units; default 1e-10).",
      valueName: "tol"))
    var atol: Double?

    @Option(help: ArgumentHelp(
      "Output file, .csv or .npy (format from the extension; .npy also writes <name>.times.npy). "
        + "Default: CSV on standard output.",
      valueName: "file"))
    var output: String?

    func validate() throws {
      let allowed: [SystemName: Set<String>] = [
        .sdeBall: ["--sde-method"], .ou: ["--theta", "--mu", "--sigma", "--sde-method"],
        .gbm: ["--mu", "--sigma", "--sde-method"],
        .lorenz: ["--sigma", "--rho", "--beta", "--ode-method", "--rtol", "--atol"],
        .linear: ["--drift-matrix", "--diffusion-matrix", "--sde-method"],
      ]
      let given: [(String, Bool)] = [
        ("--theta", theta != nil), ("--mu", mu != nil), ("--sigma", sigma != nil),
        ("--rho", rho != nil), ("--beta", beta != nil), ("--drift-matrix", driftMatrix != nil),
        ("--diffusion-matrix", diffusionMatrix != nil), ("--ode-method", odeMethod != nil),
        ("--rtol", rtol != nil), ("--atol", atol != nil), ("--sde-method", sdeMethod != nil),
      ]
      for (name, isGiven) in given where isGiven && !(allowed[system]?.contains(name) ?? false) {
        let users = allowed.filter { $0.value.contains(name) }.map(\.key.rawValue).sorted()
        throw ValidationError(
          "\(name) does not apply to \(system.rawValue); it is an option of "
            + users.joined(separator: ", ") + ".")
      }
      for (name, value) in [("--theta", theta), ("--mu", mu), ("--rho", rho), ("--beta", beta)] {
        if let value, !value.isFinite {
          throw ValidationError("\(name) must be a finite number (got \(value)).")
        }
      }
      if let sigma {
        if !sigma.isFinite || (system != .lorenz && sigma < 0) {
          throw ValidationError("--sigma must be a finite number ≥ 0 (got \(sigma)).")
        }
      }
      if rtol != nil || atol != nil, odeMethod?.gslMethod == nil {
        throw ValidationError(
          "--rtol and --atol apply only to the adaptive ODE methods (e.g. --ode-method rkf45 or "
            + "rk8pd); the fixed-step methods use dt = t1 / ((observations − 1) · substeps).")
      }
      for (name, value) in [("--rtol", rtol), ("--atol", atol)] {
        if let value, !(value.isFinite && value > 0) {
          throw ValidationError("\(name) must be a finite number > 0 (got \(value)); typical 1e-6 to 1e-10.")
        }
      }
      if sdeMethod == .milstein, system == .sdeBall || system == .linear {
        if system == .sdeBall || (driftMatrix?.rows ?? 2) != 1 || (diffusionMatrix?.columns ?? 2) != 1 {
          throw ValidationError(
            "--sde-method milstein needs diagonal or one-dimensional noise (ou, gbm, or a 1×1 "
              + "linear system); \(system.rawValue) has general noise: use euler-maruyama.")
        }
      }
      if system == .lorenz, let paths = simulation.paths, paths != 1 {
        throw ValidationError(
          "lorenz is a deterministic ODE: it has one path, so --paths must be 1 (got \(paths)).")
      }
      let d = try dimension()
      if let x0 {
        guard let v = x0.vector, v.count == d else {
          throw ValidationError(
            "--x0 has \(x0.rows == 1 ? "\(x0.columns) values" : "shape \(x0.shapeText)") but "
              + "\(system.rawValue) has \(d) state dimension\(d == 1 ? "" : "s"): give \(d) "
              + "comma-separated value\(d == 1 ? "" : "s").")
        }
      }
      if let output, TrajectoryFileFormat(path: output) == nil {
        throw ValidationError(
          "--output '\(output)' must end in .csv or .npy (the format is chosen from the extension).")
      }
    }

    /// The state dimension, checking the linear system's matrices.
    func dimension() throws -> Int {
      if let d = system.fixedDimension { return d }
      guard let a = driftMatrix else {
        throw ValidationError(
          "linear needs --drift-matrix A (d×d), e.g. --drift-matrix \"0,1;-1,0\".")
      }
      guard let b = diffusionMatrix else {
        throw ValidationError(
          "linear needs --diffusion-matrix B (d×n), e.g. --diffusion-matrix \"0.2;0.1\".")
      }
      guard a.rows == a.columns else {
        throw ValidationError(
          "--drift-matrix must be square (d×d), got \(a.shapeText): rows are separated by ';'.")
      }
      guard b.rows == a.rows else {
        throw ValidationError(
          "--diffusion-matrix must have d = \(a.rows) rows like the drift matrix (one column per "
            + "Brownian motion), got \(b.shapeText).")
      }
      return a.rows
    }

    func run() throws {
      let d = try dimension()
      let t1 = simulation.t1 ?? system.defaultT1
      let observations = simulation.observations
      let times = simulation.observationTimes(t1: t1)
      let dt = simulation.step(t1: t1)
      let x0 = self.x0?.values ?? system.defaultX0(dimension: d)

      let trajectories: TrajectorySet
      let description: String
      switch system {
      case .lorenz:
        let method = odeMethod ?? .rk4
        let problem = try Lorenz(
          sigma: sigma ?? 10, rho: rho ?? 28, beta: beta ?? 8.0 / 3.0
        ).problem(t1: t1, y0: x0)
        let solution: ODESolution
        do {
          solution = try method.solve(
            problem, dt: dt, relativeTolerance: rtol ?? 1e-8, absoluteTolerance: atol ?? 1e-10,
            saveTimes: times)
        } catch let error as ODEError {
          let hint = method.gslMethod == nil
            ? "With diffeq: the step is dt = \(_formatNumber(dt)); raise --substeps or "
              + "--observations for a smaller step, or use an adaptive method (--ode-method rk8pd)."
            : "With diffeq: adjust --rtol/--atol or try another --ode-method."
          throw CLIError("\(error) " + hint)
        }
        trajectories = try TrajectorySet(
          values: solution.values, paths: 1, steps: observations, dims: d, times: times,
          stateNames: system.stateNames(dimension: d))
        description = "lorenz (\(solution.solverDescription))"
      case .sdeBall, .ou, .gbm, .linear:
        let paths = simulation.paths ?? 100
        let method = sdeMethod ?? .eulerMaruyama
        let ensemble: EnsemblePaths
        func run<F: SDEVectorField>(_ field: F) throws -> EnsemblePaths {
          try EnsembleRunner.paths(
            field, x0: x0, t1: t1, dt: dt, saveTimes: times, paths: paths, seed: random.seed,
            threads: random.threads, method: method)
        }
        switch system {
        case .gbm:
          let standard = SystemName.defaultGBM
          ensemble = try run(
            GeometricBrownianMotion(mu: mu ?? standard.mu, sigma: sigma ?? standard.sigma))
        case .ou:
          let standard = SystemName.defaultOU
          ensemble = try run(
            OrnsteinUhlenbeck(
              theta: theta ?? standard.theta, mean: mu ?? standard.mean, sigma: sigma ?? standard.sigma))
        case .linear:
          ensemble = try run(
            LinearSDE(
              driftMatrix: driftMatrix?.values ?? [Double](repeating: 0, count: d * d),
              diffusionMatrix: diffusionMatrix?.values ?? [Double](repeating: 0, count: d)))
        default:
          ensemble = try run(LinearSDE.sdeBall)
        }
        trajectories = try TrajectorySet(
          values: ensemble.values, paths: paths, steps: observations, dims: d, times: times,
          stateNames: system.stateNames(dimension: d))
        description = "\(system.rawValue) (\(method.displayName), dt = \(_formatNumber(dt)), "
          + "seed \(random.seed))"
      }

      guard let output else {
        print(trajectories.csv(), terminator: "")
        return
      }
      let format = TrajectoryFileFormat(path: output) ?? .csv
      let written = try format.write(trajectories, to: output)
      print(
        "simulated \(trajectories.paths) path\(trajectories.paths == 1 ? "" : "s") × "
          + "\(observations) observations × \(d) dimension\(d == 1 ? "" : "s") of \(description), "
          + "t in [0, \(_formatNumber(t1))]")
      print("wrote " + written.joined(separator: ", "))
    }
  }
}
