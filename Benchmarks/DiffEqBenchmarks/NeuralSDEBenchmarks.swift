// Benchmarks of the NeuralSDE area. Names start with the area prefix used by `make bench FILTER=...`.

enum NeuralSDEBenchmarks {
  static let all: [Benchmark] = []
}
