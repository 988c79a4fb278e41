/// What must agree for two ensemble results to be shards of the same run.
@usableFromInline
struct _EnsembleSignature: Sendable, Equatable {
  @usableFromInline let method: String
  @usableFromInline let seed: UInt64
  @usableFromInline let dt: Double
  @usableFromInline let t0: Double
  @usableFromInline let t1: Double
  @usableFromInline let x0: [Double]
  @usableFromInline let saveTimes: [Double]
  @usableFromInline let stateDimension: Int
  @usableFromInline let noiseDimension: Int

  @inlinable
  init(
    method: String, seed: UInt64, dt: Double, t0: Double, t1: Double, x0: [Double],
    saveTimes: [Double], stateDimension: Int, noiseDimension: Int
  ) {
    self.method = method
    self.seed = seed
    self.dt = dt
    self.t0 = t0
    self.t1 = t1
    self.x0 = x0
    self.saveTimes = saveTimes
    self.stateDimension = stateDimension
    self.noiseDimension = noiseDimension
  }
}
