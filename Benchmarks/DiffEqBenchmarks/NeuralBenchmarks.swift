// Benchmarks of the Neural area. Names start with the area prefix used by `make bench FILTER=...`.

enum NeuralBenchmarks {
  static let all: [Benchmark] = []
}
