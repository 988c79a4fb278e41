// Benchmarks of the SDE area. Names start with the area prefix used by `make bench FILTER=...`.

enum SDEBenchmarks {
  static let all: [Benchmark] = []
}
