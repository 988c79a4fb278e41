// ode-demo: solves Lorenz (RK4 and GSL rk8pd) and the stiff Van der Pol oscillator (GSL msbdf),
// prints a table (method, steps, RHS evaluations, final state, time) and writes SVG plots.
//
//   ode-demo [--output DIR]      (default DIR: demo-output)
//
// All numerical work is in ODEDemo.swift (not in this main-actor top-level code).
import Foundation

var outputDirectory = "demo-output"
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
  switch argument {
  case "--output", "-o":
    guard let value = arguments.popFirst() else {
      FileHandle.standardError.write(Data("ode-demo: --output needs a directory\n".utf8))
      exit(2)
    }
    outputDirectory = value
  case "--help", "-h":
    print("usage: ode-demo [--output DIR]   (default: demo-output)")
    exit(0)
  default:
    FileHandle.standardError.write(
      Data("ode-demo: unknown argument '\(argument)'; usage: ode-demo [--output DIR]\n".utf8))
    exit(2)
  }
}

do {
  try ODEDemo.run(outputDirectory: outputDirectory)
} catch {
  FileHandle.standardError.write(Data("ode-demo: \(error)\n".utf8))
  exit(1)
}
