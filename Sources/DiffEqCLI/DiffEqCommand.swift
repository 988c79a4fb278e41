import ArgumentParser

/// The `diffeq` command-line tool: simulate, learn and estimate differential equations.
///
/// Shaped like swift-argument-parser's `Examples/math`: this root command only lists the
/// subcommands, each of which lives in its own file under `Commands/` as an extension of
/// `DiffEqCommand`. Exit codes: 0 success, 64 usage error (bad or inconsistent options, printed
/// with the usage), 1 runtime failure (unreadable data, a failed solve; one line on stderr).
@main
struct DiffEqCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diffeq",
    abstract: "Simulate, learn and estimate differential equations.",
    discussion: """
      Typical session:
        diffeq simulate sde-ball --paths 500 --output ball.csv
        diffeq estimate ball.csv --output estimates
        diffeq learn-sde ball.csv --output learned
        diffeq demo --output demo-output

      Trajectory files: CSV with a header 'path,t,<state columns>' (one row per path and time), \
      or NumPy .npy of shape (paths, steps, dims) with float32/float64 values (times from \
      '<name>.times.npy' beside it, --times FILE, or --dt).

      Exit codes: 0 success; 64 usage error (invalid or inconsistent options); 1 runtime failure \
      (unreadable data, a failed solve or training), with a one-line message on stderr.
      """,
    version: "0.1.0",
    subcommands: [Simulate.self, Estimate.self, LearnSDE.self, Demo.self])
}
