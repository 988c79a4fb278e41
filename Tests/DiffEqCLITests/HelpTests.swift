import Testing

/// `--help` of every command names and explains every option.
@Suite struct HelpTests {
  /// Every option of each subcommand, as it must appear in that subcommand's help.
  static let options: [(command: String, options: [String])] = [
    ("simulate", [
      "<system>", "--paths", "--t1", "--observations", "--substeps", "--seed", "--threads", "--theta",
      "--mu", "--sigma", "--rho", "--beta", "--drift-matrix", "--diffusion-matrix", "--x0",
      "--ode-method", "--rtol", "--atol", "--output",
    ]),
    ("estimate", ["<file>", "--dt", "--times", "--bins", "--min-count", "--output"]),
    ("learn-sde", [
      "<file>", "--dt", "--times", "--order", "--derivatives", "--noise-dim", "--structured",
      "--hidden-widths", "--weight-reconstruction", "--weight-drift", "--weight-covariance", "--method",
      "--substeps", "--epochs", "--diffusion-epochs", "--batch-size", "--learning-rate",
      "--validation-fraction", "--patience", "--diffusion-warm-start", "--seed", "--true-drift", "--output", "--simulate-paths",
      "--resume",
    ]),
    ("demo", ["--output", "--quick", "--seed", "--resume"]),
  ]

  @Test func rootHelpListsSubcommandsAndExitCodes() throws {
    let result = try Diffeq.run(["--help"])
    #expect(result.exitCode == 0, "\(result)")
    for name in ["simulate", "estimate", "learn-sde", "demo", "Exit codes", "64"] {
      #expect(result.stdout.contains(name), "missing '\(name)' in \(result)")
    }
  }

  @Test(arguments: options)
  func subcommandHelpExplainsEveryOption(command: String, options: [String]) throws {
    let result = try Diffeq.run([command, "--help"])
    #expect(result.exitCode == 0, "\(result)")
    // Only the argument and option sections (after USAGE), not the discussion's examples.
    let all = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let lines = Array(all.drop(while: { !$0.hasPrefix("USAGE:") }))
    for option in options {
      // The option's own entry: a line starting with the option (after indentation).
      guard let index = lines.firstIndex(where: {
        $0.trimmingCharacters(in: .whitespaces).hasPrefix(option + " ")
          || $0.trimmingCharacters(in: .whitespaces) == option
          || $0.trimmingCharacters(in: .whitespaces).hasPrefix(option + ",")
          || $0.trimmingCharacters(in: .whitespaces).hasPrefix(option + "/--no-")  // --x/--no-x flags
      }) else {
        Issue.record("'\(command) --help' has no entry for \(option):\n\(result.stdout)")
        continue
      }
      // Its explanation: text after the option's synopsis on the same line, or on the next line.
      let entry = lines[index].trimmingCharacters(in: .whitespaces)
      let sameLine = entry.split(separator: " ", omittingEmptySubsequences: true).count > 2
      let nextLine = index + 1 < lines.count && lines[index + 1].hasPrefix("      ")
        && !lines[index + 1].trimmingCharacters(in: .whitespaces).hasPrefix("-")
      #expect(sameLine || nextLine, "\(option) has no explanation in '\(command) --help'")
    }
  }

  @Test func helpStatesDefaultsAndUnits() throws {
    // Help text is wrapped at 80 columns: compare with runs of whitespace collapsed.
    func flat(_ text: String) -> String {
      text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    }
    let simulate = flat(try Diffeq.run(["simulate", "--help"]).stdout)
    for text in ["(default: 50)", "(default: 20)", "(default: 42)", "3π", "1/time", "values: sde-ball"] {
      #expect(simulate.contains(text), "missing '\(text)' in simulate --help")
    }
    let learn = flat(try Diffeq.run(["learn-sde", "--help"]).stdout)
    #expect(!learn.contains("stop-after-epochs"), "the test-only option must stay hidden")
    for text in [
      "(default: 0.0)", "(default: 1.0)", "(default: 30)", "(default: 1024)", "default: corrected)",
      "values: naive, corrected", "original work used 5",
    ] {
      #expect(learn.contains(text), "missing '\(text)' in learn-sde --help")
    }
  }

  @Test func unknownSubcommandIsAUsageError() throws {
    try expectUsageError(["simulat"], mentions: ["simulat"])
  }
}
