// Benchmarks of the Neural area. Names start with the area prefix used by `make bench FILTER=...`.
import Foundation
import Neural

enum NeuralBenchmarks {
  static let all: [Benchmark] = vae
}

// MARK: - nn.vae_small_step, nn.vae_large_step

extension NeuralBenchmarks {
  /// `nn.vae_small_step` and `nn.vae_large_step`: one VAE training step (forward, backward, Adam)
  /// at batch 100 on binary frames, the networks of the neural-engine issue.
  ///
  /// JSON: `ours_s` = median seconds per step; `baseline_s` = the step's FLOPs (1.42 / 7.50 GFLOP,
  /// counted analytically) at the 512³ sgemm peak measured in the same run, so `ratio` is the step
  /// time over the GEMM-peak limit; `ms_per_step`, `gflops` (achieved), `peak_gflops`,
  /// `fraction_of_peak`, `bar_s` (0.016 / 0.054). The small network also runs 1,000 steps and
  /// reports the resident size after 100 and after 1,000 steps (`rss_100_mb`, `rss_1000_mb`,
  /// `rss_growth` = their ratio − 1; the bar is ≤ 0.10). The answer is checked: the loss must be
  /// finite and lower at the end than at the start.
  static let vae: [Benchmark] = [
    Benchmark(name: "nn.vae_small_step") { try runVAE(.small) },
    Benchmark(name: "nn.vae_large_step") { try runVAE(.large) },
  ]

  /// The two VAE configurations of the issue.
  struct VAEConfig: Sendable {
    var channels: Int
    var filters: (Int, Int, Int)
    var hidden: Int
    var latent: Int
    var bar: Double
    var issueFlops: Double
    var totalSteps: Int
    var warmup: Int

    static let small = VAEConfig(
      channels: 1, filters: (16, 32, 64), hidden: 128, latent: 15, bar: 0.016, issueFlops: 1.42e9,
      totalSteps: 1000, warmup: 20)
    static let large = VAEConfig(
      channels: 10, filters: (32, 64, 128), hidden: 256, latent: 20, bar: 0.054, issueFlops: 7.50e9,
      totalSteps: 120, warmup: 10)

    /// FLOPs of one training step: 3 × forward (forward, input gradient, weight gradient), minus
    /// the input gradient of the first layer (the data need none). Transposed convolutions count
    /// their input positions (the scatter form).
    var stepFlops: Double {
      let n = 100.0
      let (f1, f2, f3) = (Double(filters.0), Double(filters.1), Double(filters.2))
      let c = Double(channels)
      let d = Double(latent)
      let h = Double(hidden)
      let conv1 = 2 * n * 784 * 9 * c * f1
      let forward =
        conv1 + 2 * n * 144 * 9 * f1 * f2 + 2 * n * 16 * 9 * f2 * f3  // encoder convolutions
        + 2 * n * 16 * f3 * h + 2 * n * h * 2 * d  // encoder dense
        + 2 * n * d * h + 2 * n * h * 16 * f3  // decoder dense
        + 2 * n * 16 * 9 * f3 * f2 + 2 * n * 144 * 9 * f2 * f1 + 2 * n * 784 * 9 * f1 * c  // transposed
      return 3 * forward - conv1
    }
  }

  /// A convolutional VAE: encoder → (μ, log σ) → z = μ + σ·ε → decoder logits.
  struct VAE {
    let encoder: Sequential
    let decoder: Sequential
    let latent: Int

    init(_ c: VAEConfig) throws {
      let (f1, f2, f3) = c.filters
      encoder = Sequential([
        try Conv2D(inChannels: c.channels, filters: f1, padding: .same, activation: .relu, seed: 1),
        MaxPool2D(),
        try Conv2D(inChannels: f1, filters: f2, padding: .valid, activation: .relu, seed: 2),
        MaxPool2D(),
        try Conv2D(inChannels: f2, filters: f3, padding: .valid, activation: .relu, seed: 3),
        Flatten(),
        try Dense(inputSize: 16 * f3, outputSize: c.hidden, activation: .relu, seed: 4),
        try Dense(inputSize: c.hidden, outputSize: 2 * c.latent, seed: 5),
      ])
      // The last layer's sigmoid is folded into the loss: BCE from logits (identical, stable).
      decoder = Sequential([
        try Dense(inputSize: c.latent, outputSize: c.hidden, activation: .relu, seed: 6),
        try Dense(inputSize: c.hidden, outputSize: 16 * f3, activation: .relu, seed: 7),
        try Reshape([4, 4, f3]),
        try Conv2DTranspose(inChannels: f3, filters: f2, padding: .valid, activation: .relu, seed: 8),
        try UpSampling2D(),
        try Conv2DTranspose(inChannels: f2, filters: f1, padding: .valid, activation: .relu, seed: 9),
        try UpSampling2D(),
        try Conv2DTranspose(inChannels: f1, filters: c.channels, padding: .same, seed: 10),
      ])
      latent = c.latent
    }

    var parameters: [Parameter] { encoder.parameters + decoder.parameters }

    /// BCE(x, sigmoid(decoder(z))) + KL(q(z|x) ‖ N(0, I)), both summed per example and averaged
    /// over the batch.
    func loss(_ x: Tensor, noise: Tensor) throws -> Tensor {
      let heads = try encoder(x).split(sizes: [latent, latent], alongAxis: 1)
      let (mu, logSigma) = (heads[0], heads[1])
      let z = mu + exp(logSigma) * noise
      let logits = try decoder(z)
      let reconstruction = try binaryCrossEntropy(logits: logits, labels: x, reduction: .batchMean)
      let kl = try klDivergenceFromStandardNormal(
        mean: mu, logStandardDeviation: logSigma, reduction: .batchMean)
      return reconstruction + kl
    }
  }

  /// Binary frames: each channel a filled disk with a random centre and radius.
  static func vaeFrames(batch: Int, channels: Int, seed: UInt64) throws -> Tensor {
    var g = SeededGenerator(seed: seed)
    var pixels = [Float](repeating: 0, count: batch * 784 * channels)
    for n in 0..<batch {
      for ch in 0..<channels {
        let cx = 6 + 16 * g.nextUnitFloat()
        let cy = 6 + 16 * g.nextUnitFloat()
        let r = 3 + 5 * g.nextUnitFloat()
        for i in 0..<28 {
          for j in 0..<28 {
            let dx = Float(j) + 0.5 - cx
            let dy = Float(i) + 0.5 - cy
            if dx * dx + dy * dy <= r * r { pixels[((n * 28 + i) * 28 + j) * channels + ch] = 1 }
          }
        }
      }
    }
    return try Tensor(shape: [batch, 28, 28, channels], scalars: pixels)
  }

  /// Resident set size in bytes, from /proc/self/statm.
  static func residentBytes() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return .nan }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Double(fields[1]) else { return .nan }
    return pages * Double(sysconf(Int32(_SC_PAGESIZE)))
  }

  /// The 512³ sgemm peak of this run (GFLOP/s, default thread count): median of 7 timings.
  static func sgemmPeakGflops() -> Double {
    let n = 512
    var g = SeededGenerator(seed: 99)
    let a = (0..<(n * n)).map { _ in g.nextUnitFloat() - 0.5 }
    let b = (0..<(n * n)).map { _ in g.nextUnitFloat() - 0.5 }
    var c = [Float](repeating: 0, count: n * n)
    let calls = 10
    let seconds = c.withUnsafeMutableBufferPointer { cp in
      medianSeconds(repetitions: 7, warmup: 2) {
        for _ in 0..<calls {
          BLAS.sgemm(m: n, n: n, k: n, a: a, lda: n, b: b, ldb: n, c: cp.baseAddress!, ldc: n)
        }
        blackHole(cp.baseAddress)
      } / Double(calls)
    }
    return 2 * Double(n * n * n) / seconds * 1e-9
  }

  struct VAECheckError: Error, CustomStringConvertible {
    var description: String
  }

  static func runVAE(_ c: VAEConfig) throws -> BenchmarkResult {
    let flops = c.stepFlops
    guard abs(flops / c.issueFlops - 1) < 0.01 else {
      throw VAECheckError(description: "analytic FLOPs \(flops) differ from the issue's \(c.issueFlops)")
    }
    let peak = sgemmPeakGflops()
    let model = try VAE(c)
    let adam = try Adam(learningRate: 1e-3)
    let tape = Tape()
    let batches = try (0..<4).map { try vaeFrames(batch: 100, channels: c.channels, seed: UInt64(100 + $0)) }
    var noiseGenerator = SeededGenerator(seed: 7)
    var times: [Double] = []
    times.reserveCapacity(c.totalSteps)
    var firstLoss = Float.nan
    var lastLosses: [Float] = []
    var rss100 = Double.nan
    for step in 0..<c.totalSteps {
      let x = batches[step % batches.count]
      let noise = try Tensor(randomNormal: [100, c.latent], generator: &noiseGenerator)
      let start = DispatchTime.now().uptimeNanoseconds
      let loss = try tape.backpropagate { try model.loss(x, noise: noise) }
      adam.step(model.parameters)
      let end = DispatchTime.now().uptimeNanoseconds
      if step >= c.warmup { times.append(Double(end - start) * 1e-9) }
      if step == 0 { firstLoss = loss }
      if step >= c.totalSteps - 4 { lastLosses.append(loss) }
      if step == 99 { rss100 = residentBytes() }
    }
    let rssEnd = residentBytes()
    let lastLoss = lastLosses.reduce(0, +) / Float(max(lastLosses.count, 1))
    guard firstLoss.isFinite, lastLoss.isFinite, lastLoss < firstLoss else {
      throw VAECheckError(description: "training did not lower the loss: \(firstLoss) → \(lastLoss)")
    }
    times.sort()
    let median = times[times.count / 2]
    let achieved = flops / median * 1e-9
    let baseline = flops / (peak * 1e9)
    var extra: [(String, BenchmarkValue)] = [
      ("ms_per_step", .number(median * 1e3)), ("gflops", .number(achieved)),
      ("peak_gflops", .number(peak)), ("fraction_of_peak", .number(achieved / peak)),
      ("step_gflop", .number(flops * 1e-9)), ("bar_s", .number(c.bar)),
      ("loss_first", .number(Double(firstLoss))), ("loss_last", .number(Double(lastLoss))),
      ("steps", .number(Double(c.totalSteps))),
    ]
    var memory = ""
    if c.totalSteps >= 1000 {
      let growth = rssEnd / rss100 - 1
      extra += [
        ("rss_100_mb", .number(rss100 / 1e6)), ("rss_1000_mb", .number(rssEnd / 1e6)),
        ("rss_growth", .number(growth)),
      ]
      memory = String(format: "; RSS %.1f MB after 100 steps, %.1f MB after 1000 (%+.1f %%)",
        rss100 / 1e6, rssEnd / 1e6, growth * 100)
    }
    return .ratio(
      ours: median, baseline: baseline, extra: extra,
      summary: String(
        format: "%.2f ms/step (bar %.0f ms), %.0f GFLOP/s = %.0f %% of the %.0f GFLOP/s sgemm peak; loss %.1f → %.1f",
        median * 1e3, c.bar * 1e3, achieved, 100 * achieved / peak, peak, firstLoss, lastLoss) + memory)
  }
}
