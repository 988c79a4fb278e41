import Foundation
import Testing

@testable import Neural

/// Timing of the kernels at the VAE shapes of issue 4 (batch 100). Not a correctness test and not
/// part of the normal suite: it runs only with `DIFFEQ_KERNEL_TIMING` set (reported as skipped
/// otherwise) and prints milliseconds per call:
/// `DIFFEQ_KERNEL_TIMING=1 swift test -c release -Xswiftc -enable-testing --filter KernelTiming`
/// measures wall-clock time with the default threads; `DIFFEQ_KERNEL_TIMING=cpu` measures the
/// calling thread's CPU time on one thread (robust when other processes share the cores);
/// `DIFFEQ_KERNEL_TIMING=cpu2` the whole process's CPU time with the default threads (the sum
/// over threads: compare with `cpu` to see the cost of parallelising).
@Suite("Kernel timing (DIFFEQ_KERNEL_TIMING=1)")
struct KernelTimingTests {
  static let mode = ProcessInfo.processInfo.environment["DIFFEQ_KERNEL_TIMING"]
  static let enabled = mode != nil

  enum Layer {
    case conv(h: Int, c: Int, f: Int, Padding)
    case convT(h: Int, c: Int, f: Int, Padding)
    case pool(h: Int, c: Int)
    case up(h: Int, c: Int)
  }

  static let small: [(String, Layer)] = [
    ("E1 conv 28x28x1->16 same", .conv(h: 28, c: 1, f: 16, .same)),
    ("   pool 28x28x16", .pool(h: 28, c: 16)),
    ("E2 conv 14x14x16->32 valid", .conv(h: 14, c: 16, f: 32, .valid)),
    ("   pool 12x12x32", .pool(h: 12, c: 32)),
    ("E3 conv 6x6x32->64 valid", .conv(h: 6, c: 32, f: 64, .valid)),
    ("D1 convT 4x4x64->32 valid", .convT(h: 4, c: 64, f: 32, .valid)),
    ("   up 6x6x32", .up(h: 6, c: 32)),
    ("D2 convT 12x12x32->16 valid", .convT(h: 12, c: 32, f: 16, .valid)),
    ("   up 14x14x16", .up(h: 14, c: 16)),
    ("D3 convT 28x28x16->1 same", .convT(h: 28, c: 16, f: 1, .same)),
  ]
  static let large: [(String, Layer)] = [
    ("E1 conv 28x28x10->32 same", .conv(h: 28, c: 10, f: 32, .same)),
    ("   pool 28x28x32", .pool(h: 28, c: 32)),
    ("E2 conv 14x14x32->64 valid", .conv(h: 14, c: 32, f: 64, .valid)),
    ("   pool 12x12x64", .pool(h: 12, c: 64)),
    ("E3 conv 6x6x64->128 valid", .conv(h: 6, c: 64, f: 128, .valid)),
    ("D1 convT 4x4x128->64 valid", .convT(h: 4, c: 128, f: 64, .valid)),
    ("   up 6x6x64", .up(h: 6, c: 64)),
    ("D2 convT 12x12x64->32 valid", .convT(h: 12, c: 64, f: 32, .valid)),
    ("   up 14x14x32", .up(h: 14, c: 32)),
    ("D3 convT 28x28x32->10 same", .convT(h: 28, c: 32, f: 10, .same)),
  ]

  static func clock() -> Double {
    var ts = timespec()
    let id: clockid_t =
      mode == "cpu" ? CLOCK_THREAD_CPUTIME_ID : mode == "cpu2" ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_MONOTONIC
    clock_gettime(id, &ts)
    return Double(ts.tv_sec) * 1e3 + Double(ts.tv_nsec) * 1e-6
  }

  static func median(_ reps: Int = 15, _ body: () -> Void) -> Double {
    body()
    var t: [Double] = []
    for _ in 0..<reps {
      let s = clock()
      body()
      t.append(clock() - s)
    }
    return t.sorted()[reps / 2]
  }

  /// Prints ms per call (forward, input gradient, weight+bias gradient) and GFLOP/s per layer;
  /// returns the total ms of one forward + full backward of all listed layers.
  static func time(_ layers: [(String, Layer)], batch n: Int) throws -> Double {
    var total = 0.0
    var rng = KernelTestRNG(seed: 1)
    let ws = KernelWorkspace()
    for (name, layer) in layers {
      switch layer {
      case .conv(let h, let c, let f, let p):
        let g = try Conv2DGeometry(batch: n, height: h, width: h, inChannels: c, outChannels: f, kernelSize: 3, padding: p)
        let x = rng.array(g.inputCount), w = rng.array(g.weightCount), b = rng.array(f), dy = rng.array(g.outputCount)
        var y = [Float](repeating: 0, count: g.outputCount), dx = x, dw = w, db = b
        let tf = median { Conv2DKernel.forward(g, input: x, weights: w, bias: b, output: &y, workspace: ws) }
        let ti = median { Conv2DKernel.backwardInput(g, outputGradient: dy, weights: w, inputGradient: &dx, workspace: ws) }
        let tw = median {
          Conv2DKernel.backwardWeights(g, input: x, outputGradient: dy, weightsGradient: &dw, workspace: ws)
          Conv2DKernel.backwardBias(g, outputGradient: dy, biasGradient: &db)
        }
        report(name, g.forwardFlops, tf, ti, tw)
        total += tf + ti + tw
      case .convT(let h, let c, let f, let p):
        let g = try Conv2DTransposeGeometry(batch: n, height: h, width: h, inChannels: c, outChannels: f, kernelSize: 3, padding: p)
        let x = rng.array(g.inputCount), w = rng.array(g.weightCount), b = rng.array(f), dy = rng.array(g.outputCount)
        var y = [Float](repeating: 0, count: g.outputCount), dx = x, dw = w, db = b
        let tf = median { Conv2DTransposeKernel.forward(g, input: x, weights: w, bias: b, output: &y, workspace: ws) }
        let ti = median { Conv2DTransposeKernel.backwardInput(g, outputGradient: dy, weights: w, inputGradient: &dx, workspace: ws) }
        let tw = median {
          Conv2DTransposeKernel.backwardWeights(g, input: x, outputGradient: dy, weightsGradient: &dw, workspace: ws)
          Conv2DTransposeKernel.backwardBias(g, outputGradient: dy, biasGradient: &db)
        }
        report(name, g.forwardFlops, tf, ti, tw)
        total += tf + ti + tw
      case .pool(let h, let c):
        let g = try MaxPool2DGeometry(batch: n, height: h, width: h, channels: c)
        let x = rng.array(g.inputCount), dy = rng.array(g.outputCount)
        var y = [Float](repeating: 0, count: g.outputCount), dx = x
        var arg = [UInt8](repeating: 0, count: g.outputCount)
        let tf = median { MaxPool2DKernel.forward(g, input: x, output: &y, argmax: &arg) }
        let tb = median { MaxPool2DKernel.backward(g, outputGradient: dy, argmax: arg, inputGradient: &dx) }
        print(String(format: "%-30@ fwd %7.3f ms  bwd %7.3f ms", name, tf, tb))
        total += tf + tb
      case .up(let h, let c):
        let g = try UpSampling2DGeometry(batch: n, height: h, width: h, channels: c)
        let x = rng.array(g.inputCount), dy = rng.array(g.outputCount)
        var y = [Float](repeating: 0, count: g.outputCount), dx = x
        let tf = median { UpSampling2DKernel.forward(g, input: x, output: &y) }
        let tb = median { UpSampling2DKernel.backward(g, outputGradient: dy, inputGradient: &dx) }
        print(String(format: "%-30@ fwd %7.3f ms  bwd %7.3f ms", name, tf, tb))
        total += tf + tb
      }
    }
    return total
  }

  static func report(_ name: String, _ flops: Int, _ tf: Double, _ ti: Double, _ tw: Double) {
    let gf = { (t: Double) in Double(flops) / (t * 1e6) }
    print(String(format: "%-30@ fwd %7.3f ms (%5.0f GF/s)  dX %7.3f ms (%5.0f)  dW+db %7.3f ms (%5.0f)",
      name, tf, gf(tf), ti, gf(ti), tw, gf(tw)))
  }

  @Test(.enabled(if: enabled, "set DIFFEQ_KERNEL_TIMING=1 to time the kernels"))
  func vaeShapes() throws {
    let saved = BLAS.threadCount
    if Self.mode == "cpu" { BLAS.threadCount = 1 }
    defer { BLAS.threadCount = saved }
    print("BLAS: \(BLAS.loadMessage), threads \(BLAS.threadCount), clock \(Self.mode ?? "")")
    let s = try Self.time(Self.small, batch: 100)
    print(String(format: "small VAE conv/pool/up total (fwd + all bwd): %.2f ms", s))
    let l = try Self.time(Self.large, batch: 100)
    print(String(format: "large VAE conv/pool/up total (fwd + all bwd): %.2f ms", l))
  }
}
