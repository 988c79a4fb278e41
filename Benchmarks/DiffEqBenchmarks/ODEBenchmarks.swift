// Benchmarks of the ODE area. Names start with the area prefix used by `make bench FILTER=...`.

enum ODEBenchmarks {
  static let all: [Benchmark] = []
}
