import DiffEq
import Neural

/// How the deterministic flow `Φ_μ^{Δt}` of a drift is computed: a DiffEq explicit Runge–Kutta
/// method and a number of equal sub-steps per observation interval.
///
/// One observation interval `Δt` is covered by `substeps` steps of size `h = Δt/substeps` of
/// ``ExplicitRungeKutta`` with ``tableau`` — the same stepper `DiffEq` uses on `Double` buffers,
/// here run on ``Neural/Tensor`` batches (see `Tensor+RungeKuttaState`). The global error of the
/// flow is `O(h^p)` for a method of order `p`, so the discretisation bias of a drift fitted
/// through it is `O(h^p)`:
///
/// - ``euler`` (one Euler step, `p = 1`) makes the flow loss the naive one-step fit
///   `μ(Zₖ) ≈ (Zₖ₊₁ − Zₖ)/Δt`, which recovers `(e^{AΔt} − I)/Δt` instead of `A` for a linear drift
///   (9.6 % off for the SDE ball at `Δt = 3π/49`);
/// - ``rungeKutta4(substeps:)`` (`p = 4`) removes that bias to `O(h⁴)`.
///
/// - Complexity: `substeps · s` drift evaluations per interval for an `s`-stage method.
public struct FlowIntegrator: Sendable, Equatable, CustomStringConvertible {
  /// The Runge–Kutta method.
  public let tableau: ButcherTableau
  /// Steps per observation interval, `≥ 1`.
  public let substeps: Int

  /// Creates the integrator.
  ///
  /// - Parameters:
  ///   - method: any DiffEq explicit method (``Euler``, ``Midpoint``, ``Heun``, ``RungeKutta4``).
  ///   - substeps: steps per observation interval, `≥ 1` (default 1).
  /// - Throws: ``NeuralSDEError/invalidConfiguration(parameter:value:expected:)`` when
  ///   `substeps < 1`.
  public init(_ method: some ExplicitRungeKuttaMethod, substeps: Int = 1) throws {
    guard substeps >= 1 else {
      throw NeuralSDEError.invalidConfiguration(
        parameter: "substeps", value: "\(substeps)", expected: "at least 1 step per interval")
    }
    self.tableau = method.tableau
    self.substeps = substeps
  }

  private init(tableau: ButcherTableau, substeps: Int) {
    self.tableau = tableau
    self.substeps = substeps
  }

  /// One forward Euler step per interval: the naive one-step discretisation of the original work.
  public static let euler = FlowIntegrator(tableau: Euler.tableau, substeps: 1)

  /// Classical RK4 with `substeps` steps per interval (`substeps ≥ 1`; values below 1 become 1).
  public static func rungeKutta4(substeps: Int) -> FlowIntegrator {
    FlowIntegrator(tableau: RungeKutta4.tableau, substeps: max(1, substeps))
  }

  /// The method's name and the sub-steps, e.g. `"RK4 × 2"`.
  public var description: String { "\(tableau.name) × \(substeps)" }

  /// A stepper workspace for tensors (one per training loop; not shared between threads).
  func makeStepper() -> ExplicitRungeKutta<Tensor> {
    ExplicitRungeKutta<Tensor>(tableau: tableau) { Tensor(0) }
  }

  /// The fixed-step schedule over `intervals` observation intervals of `dt`, saving at each
  /// observation time `j·dt`, `j = 1 … intervals`.
  func schedule(dt: Double, intervals: Int) -> FixedStepSchedule {
    FixedStepSchedule(
      t0: 0, t1: Double(intervals) * dt, dt: dt / Double(substeps),
      saveTimes: (1...max(1, intervals)).map { Double($0) * dt })
  }
}
