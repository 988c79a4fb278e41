import ArgumentParser

/// The `diffeq` command-line tool: simulate, learn and estimate differential equations.
@main
struct DiffEqCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diffeq",
    abstract: "Simulate, learn and estimate differential equations.")
}
