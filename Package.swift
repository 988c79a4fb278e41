// swift-tools-version:6.0
// DiffEq — solving and learning differential equations in Swift.
import PackageDescription

let optimize: [SwiftSetting] = [
  // Exclusivity checks cost measurable time in the solver and tensor inner loops; the code
  // does not rely on them (every hot buffer is owned by exactly one loop).
  .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

// The SDE ensemble kernels evaluate 8 paths per `SIMD8<Double>` operation. For the default x86-64
// target the compiler splits each into four SSE2 operations (measured 3× slower than with AVX-512 on
// this machine kind), so the core module and the benchmarks are compiled for the build machine's CPU
// in release builds (like the C baselines' `-march=native`). Results are bit-identical either way:
// Swift does not contract a*b+c into FMAs, and the SIMD calling convention does not depend on it.
let vectorISA: [SwiftSetting] = [
  .unsafeFlags(["-target-cpu", "native"], .when(configuration: .release)),
]

let package = Package(
  name: "DiffEq",
  platforms: [.macOS(.v13)],
  products: [
    // MARK: Public API
    .library(name: "DiffEq", targets: ["DiffEq"]),
    .library(name: "Neural", targets: ["Neural"]),
    .library(name: "NeuralSDE", targets: ["NeuralSDE"]),
    .library(name: "SVGPlot", targets: ["SVGPlot"]),
    .executable(name: "diffeq", targets: ["DiffEqCLI"]),
    // MARK: Examples and benchmarks
    .executable(name: "ode-demo", targets: ["ode-demo"]),
    .executable(name: "sde-ensembles", targets: ["sde-ensembles"]),
    .executable(name: "diffeq-bench", targets: ["DiffEqBenchmarks"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
  ],
  targets: [
    // MARK: System-library shims (never both headers in one module)
    .systemLibrary(
      name: "CGSL", path: "Sources/CGSL", pkgConfig: "gsl",
      providers: [.apt(["libgsl-dev"])]),
    .target(
      name: "CBLAS", path: "Sources/CBLAS",
      linkerSettings: [.linkedLibrary("dl")]),

    // MARK: Libraries
    .target(name: "DiffEq", dependencies: ["CGSL"], swiftSettings: optimize + vectorISA),
    .target(name: "Neural", dependencies: ["CBLAS"], swiftSettings: optimize),
    .target(name: "NeuralSDE", dependencies: ["DiffEq", "Neural"], swiftSettings: optimize),
    .target(name: "SVGPlot"),
    .executableTarget(
      name: "DiffEqCLI",
      dependencies: [
        "DiffEq", "Neural", "NeuralSDE", "SVGPlot",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),

    // MARK: Examples
    .executableTarget(
      name: "ode-demo", dependencies: ["DiffEq", "SVGPlot"], path: "Examples/ode-demo"),
    .executableTarget(
      name: "sde-ensembles", dependencies: ["DiffEq", "SVGPlot"], path: "Examples/sde-ensembles"),

    // MARK: Benchmarks (run in release: `make bench`)
    .target(name: "CBaselines", dependencies: ["CGSL"], path: "Benchmarks/CBaselines",
            cSettings: [.unsafeFlags(["-O3", "-march=native"])]),
    .executableTarget(
      name: "DiffEqBenchmarks",
      dependencies: ["DiffEq", "Neural", "NeuralSDE", "CBaselines"],
      path: "Benchmarks/DiffEqBenchmarks", swiftSettings: optimize + vectorISA),

    // MARK: Tests
    .testTarget(name: "DiffEqTests", dependencies: ["DiffEq"]),
    .testTarget(name: "NeuralTests", dependencies: ["Neural"]),
    .testTarget(name: "NeuralSDETests", dependencies: ["NeuralSDE", "DiffEq", "Neural"]),
    .testTarget(name: "SVGPlotTests", dependencies: ["SVGPlot"]),
    // Runs the built `diffeq` binary; depending on the executable target makes `swift test` build it.
    .testTarget(name: "DiffEqCLITests", dependencies: ["DiffEqCLI", "NeuralSDE"]),
  ]
)
