import ArgumentParser

/// The seed and thread count of a stochastic command. The same seed gives bit-identical results
/// for any thread count (path `k` draws from its own random stream derived from `(seed, k)`).
struct RandomOptions: ParsableArguments {
  @Option(parsing: .unconditional, help: ArgumentHelp(
    "Random seed, an integer in 0 … 2⁶⁴−1. The same seed reproduces the same output bit for bit, "
      + "for any --threads.",
    valueName: "n"))
  var seed: UInt64 = 42

  @Option(parsing: .unconditional, help: ArgumentHelp(
    "Worker threads (≥ 1). Default: the number of active processors.", valueName: "count"))
  var threads: Int?

  func validate() throws {
    if let threads, threads < 1 {
      throw ValidationError("--threads must be at least 1 (got \(threads)).")
    }
  }
}
