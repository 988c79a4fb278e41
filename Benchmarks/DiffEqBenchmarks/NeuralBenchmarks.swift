// Benchmarks of the Neural area. Names start with the area prefix used by `make bench FILTER=...`.
import Foundation
import Neural

enum NeuralBenchmarks {
  static let all: [Benchmark] = sgemm
}

// MARK: - nn.sgemm

extension NeuralBenchmarks {
  /// `nn.sgemm`: single-precision GEMM throughput of the default BLAS install (OpenBLAS loaded at
  /// first use with the core type chosen from cpuid), at 512³ and at the im2col shapes of the VAE
  /// convolutions, on 1 and 2 threads.
  ///
  /// JSON: `gflops` = 512³ on 2 threads (bar ≥ 200); `gflops_<m>x<n>x<k>_<t>t` for every shape and
  /// thread count (row-major `C[m×n] = A[m×k] · B[k×n]`); `ours_s` = median seconds of one 512³
  /// product on 2 threads; `baseline_s` = the time of that product at the 200 GFLOP/s bar, so
  /// `ratio` = 200 / gflops and ratio ≤ 1 means the bar is met. (A same-run baseline with the slow
  /// Prescott kernel is impossible: OpenBLAS picks its kernel once per process.)
  static let sgemm: [Benchmark] = [Benchmark(name: "nn.sgemm", run: runSgemm)]

  /// The bar of `nn.sgemm`, GFLOP/s at 512³ on 2 threads.
  static let sgemmBarGflops = 200.0

  /// A product whose answer is checked: the GEMM result against Double dot products at 64 entries.
  struct SgemmCheckError: Error, CustomStringConvertible {
    var shape: String
    var relativeError: Double
    var description: String {
      "sgemm \(shape) gave a wrong product: relative error \(relativeError) > 1e-4 (core \(BLAS.coreName))"
    }
  }

  /// GFLOP/s of `C[m×n] = A[m×k] · B[k×n]` (row-major) on `threads` threads: the median of
  /// `repetitions` timings of `calls` back-to-back products, after checking the answer.
  ///
  /// Also usable by other benchmarks as the same-run sgemm peak (512³, 2 threads).
  static func measureSgemmGflops(
    m: Int, n: Int, k: Int, threads: Int, repetitions: Int = 11
  ) throws -> (gflops: Double, seconds: Double) {
    var seed: UInt64 = 0x5EED
    func next() -> Float {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Float(seed >> 40) / Float(1 << 24) - 0.5
    }
    let a = (0..<(m * k)).map { _ in next() }
    let b = (0..<(k * n)).map { _ in next() }
    var c = [Float](repeating: 0, count: m * n)
    let saved = BLAS.threadCount
    BLAS.threadCount = threads
    defer { BLAS.threadCount = saved }
    let flops = 2.0 * Double(m) * Double(n) * Double(k)
    let calls = max(1, Int(2e9 / flops))  // about 10 ms of work per timing at 200 GFLOP/s
    let seconds = c.withUnsafeMutableBufferPointer { cp in
      medianSeconds(repetitions: repetitions) {
        for _ in 0..<calls {
          BLAS.sgemm(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n, c: cp.baseAddress!, ldc: n)
        }
        blackHole(cp.baseAddress)
      } / Double(calls)
    }
    // Check 64 entries against Double dot products.
    var worst = 0.0
    for t in 0..<64 {
      let i = (t * 7919) % m, j = (t * 104_729) % n
      var s = 0.0, mag = 0.0
      for p in 0..<k {
        let term = Double(a[i * k + p]) * Double(b[p * n + j])
        s += term
        mag += abs(term)
      }
      let e = abs(Double(c[i * n + j]) - s) / (mag + 1e-30)
      if !(e <= worst) { worst = e }
    }
    if !(worst <= 1e-4) { throw SgemmCheckError(shape: "\(m)x\(n)x\(k)", relativeError: worst) }
    return (flops / seconds * 1e-9, seconds)
  }

  static func runSgemm() throws -> BenchmarkResult {
    let shapes = [(512, 512, 512), (32, 19600, 288), (64, 14400, 576), (128, 1600, 1152)]
    var fields: [(String, BenchmarkValue)] = []
    var main = (gflops: 0.0, seconds: 0.0)
    var lines: [String] = []
    for (m, n, k) in shapes {
      var row = "\(m)x\(n)x\(k):"
      for threads in [1, 2] {
        let r = try measureSgemmGflops(m: m, n: n, k: k, threads: threads)
        fields.append(("gflops_\(m)x\(n)x\(k)_\(threads)t", .number(r.gflops)))
        row += String(format: " %dt %.0f", threads, r.gflops)
        if m == 512 && threads == 2 { main = r }
      }
      lines.append(row)
    }
    let baseline = 2.0 * 512 * 512 * 512 / (sgemmBarGflops * 1e9)
    let extra: [(String, BenchmarkValue)] =
      [("gflops", .number(main.gflops)), ("core", .string(BLAS.coreName)),
       ("default_threads", .number(Double(BLAS.threadCount)))] + fields
    return .ratio(
      ours: main.seconds, baseline: baseline, extra: extra,
      summary: String(format: "%.0f GFLOP/s at 512³, 2 threads (bar %.0f); core %@; GFLOP/s ",
        main.gflops, sgemmBarGflops, BLAS.coreName) + lines.joined(separator: "; "))
  }
}
