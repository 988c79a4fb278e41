// sde-ensembles: geometric Brownian motion and Ornstein–Uhlenbeck ensembles (mean ± 2 sd bands
// and a few paths, against the exact mean), and paths of the "SDE ball", written as SVG.
//
//   sde-ensembles [--output DIR] [--seed N]      (defaults: DIR = demo-output, N = 2024)
//
// All numerical work is in SDEEnsemblesDemo.swift (not in this main-actor top-level code).
import Foundation

var outputDirectory = "demo-output"
var seed: UInt64 = 2024
var arguments = CommandLine.arguments.dropFirst()
let usage = "usage: sde-ensembles [--output DIR] [--seed N]   (defaults: demo-output, 2024)"
while let argument = arguments.popFirst() {
  switch argument {
  case "--output", "-o":
    guard let value = arguments.popFirst() else {
      FileHandle.standardError.write(Data("sde-ensembles: --output needs a directory\n".utf8))
      exit(2)
    }
    outputDirectory = value
  case "--seed":
    guard let value = arguments.popFirst(), let parsed = UInt64(value) else {
      FileHandle.standardError.write(Data("sde-ensembles: --seed needs a non-negative integer\n".utf8))
      exit(2)
    }
    seed = parsed
  case "--help", "-h":
    print(usage)
    exit(0)
  default:
    FileHandle.standardError.write(
      Data("sde-ensembles: unknown argument '\(argument)'; \(usage)\n".utf8))
    exit(2)
  }
}

do {
  try SDEEnsemblesDemo.run(outputDirectory: outputDirectory, seed: seed)
} catch {
  FileHandle.standardError.write(Data("sde-ensembles: \(error)\n".utf8))
  exit(1)
}
