import Testing

@testable import Neural

/// Transposed-convolution shapes: odd sizes, both paddings, even and 1 × 1 kernels, one output
/// channel (the VAE's last layer), batch > 1, and a case needing several im2col chunks.
let convTransposeCases: [ConvCase] = [
  ConvCase(n: 2, h: 4, w: 5, c: 3, f: 2, k: 3, padding: .valid),
  ConvCase(n: 2, h: 5, w: 3, c: 2, f: 4, k: 3, padding: .same),
  ConvCase(n: 1, h: 3, w: 3, c: 4, f: 3, k: 1, padding: .valid),
  ConvCase(n: 2, h: 4, w: 4, c: 3, f: 2, k: 2, padding: .same),
  ConvCase(n: 2, h: 3, w: 4, c: 2, f: 3, k: 4, padding: .valid),
  ConvCase(n: 3, h: 7, w: 7, c: 16, f: 1, k: 3, padding: .same),
  ConvCase(n: 2, h: 4, w: 4, c: 8, f: 6, k: 3, padding: .valid),
  ConvCase(n: 2, h: 4, w: 4, c: 2, f: 8, k: 3, padding: .valid),
  ConvCase(n: 2, h: 5, w: 6, c: 3, f: 9, k: 3, padding: .same),
  ConvCase(n: 2, h: 5, w: 6, c: 3, f: 9, k: 2, padding: .same),
  ConvCase(n: 2, h: 36, w: 36, c: 24, f: 6, k: 5, padding: .valid),
]

/// Naive Double references of the scatter form of the transposed convolution.
enum ConvTransposeReference {
  /// y[n, p+u−pt, q+v−pl, o] += x[n,p,q,c] · w[u,v,o,c] (+ bias), the Keras definition.
  static func forward(_ g: Conv2DTransposeGeometry, _ x: [Float], _ w: [Float], _ b: [Float]?)
    -> Reference
  {
    var r = Reference(count: g.outputCount)
    let k = g.kernelSize, pt = g.adjoint.padTop, pl = g.adjoint.padLeft
    let f = g.outChannels, c = g.inChannels
    if let b {
      for i in 0..<(g.outputCount / f) { for o in 0..<f { r.add(i * f + o, Double(b[o])) } }
    }
    for n in 0..<g.batch {
      for p in 0..<g.height {
        for q in 0..<g.width {
          for u in 0..<k {
            let i = p + u - pt
            guard i >= 0 && i < g.outputHeight else { continue }
            for v in 0..<k {
              let j = q + v - pl
              guard j >= 0 && j < g.outputWidth else { continue }
              for ch in 0..<c {
                let xv = Double(x[((n * g.height + p) * g.width + q) * c + ch])
                for o in 0..<f {
                  r.add(((n * g.outputHeight + i) * g.outputWidth + j) * f + o, xv * Double(w[((u * k + v) * f + o) * c + ch]))
                }
              }
            }
          }
        }
      }
    }
    return r
  }
}

@Suite("Conv2DTranspose kernel")
struct ConvTransposeKernelTests {
  static func geometry(_ t: ConvCase) throws -> Conv2DTransposeGeometry {
    try Conv2DTransposeGeometry(batch: t.n, height: t.h, width: t.w, inChannels: t.c, outChannels: t.f, kernelSize: t.k, padding: t.padding)
  }

  @Test(arguments: convTransposeCases)
  func forwardMatchesNaiveScatter(_ t: ConvCase) throws {
    let g = try Self.geometry(t)
    var rng = KernelTestRNG(seed: t.seed &+ 10)
    let x = rng.array(g.inputCount), w = rng.array(g.weightCount), b = rng.array(t.f)
    let ws = KernelWorkspace()
    for useBias in [true, false] {
      var y = [Float](repeating: .nan, count: g.outputCount)
      Conv2DTransposeKernel.forward(g, input: x, weights: w, bias: useBias ? b : nil, output: &y, workspace: ws)
      let ref = ConvTransposeReference.forward(g, x, w, useBias ? b : nil)
      #expect(ref.maxRelativeError(y) <= kernelRelativeTolerance, "bias=\(useBias)")
    }
  }

  /// The input gradient is the adjoint convolution's forward pass (naive reference), the weight
  /// gradient is that convolution's weight gradient with x and dy exchanged, and both accumulate.
  @Test(arguments: convTransposeCases)
  func backwardMatchesNaive(_ t: ConvCase) throws {
    let g = try Self.geometry(t)
    var rng = KernelTestRNG(seed: t.seed &+ 11)
    let x = rng.array(g.inputCount), w = rng.array(g.weightCount), dy = rng.array(g.outputCount)
    let priorX = rng.array(g.inputCount), priorW = rng.array(g.weightCount), priorB = rng.array(t.f)
    let ws = KernelWorkspace()
    for accumulate in [false, true] {
      var dx = accumulate ? priorX : [Float](repeating: .nan, count: g.inputCount)
      Conv2DTransposeKernel.backwardInput(g, outputGradient: dy, weights: w, inputGradient: &dx, accumulate: accumulate, workspace: ws)
      var refX = ConvReference.forward(g.adjoint, dy, w, nil)
      if accumulate { for i in priorX.indices { refX.add(i, Double(priorX[i])) } }
      #expect(refX.maxRelativeError(dx) <= kernelRelativeTolerance, "accumulate=\(accumulate)")

      var dw = accumulate ? priorW : [Float](repeating: .nan, count: g.weightCount)
      Conv2DTransposeKernel.backwardWeights(g, input: x, outputGradient: dy, weightsGradient: &dw, accumulate: accumulate, workspace: ws)
      let refW = ConvReference.weightGradient(g.adjoint, dy, x, initial: accumulate ? priorW : nil)
      #expect(refW.maxRelativeError(dw) <= kernelRelativeTolerance, "accumulate=\(accumulate)")

      var db = accumulate ? priorB : [Float](repeating: .nan, count: t.f)
      Conv2DTransposeKernel.backwardBias(g, outputGradient: dy, biasGradient: &db, accumulate: accumulate)
      let refB = ConvReference.biasGradient(rows: g.outputCount / t.f, cols: t.f, dy, initial: accumulate ? priorB : nil)
      #expect(refB.maxRelativeError(db) <= kernelRelativeTolerance)
    }
  }

  /// ⟨convᵀ(x), y⟩ = ⟨x, conv(y)⟩ with the same weights, and = ⟨w, ∂w⟩.
  @Test(arguments: convTransposeCases)
  func adjointOfConvolution(_ t: ConvCase) throws {
    let g = try Self.geometry(t)
    var rng = KernelTestRNG(seed: t.seed &+ 12)
    let x = rng.array(g.inputCount), w = rng.array(g.weightCount), y = rng.array(g.outputCount)
    let ws = KernelWorkspace()
    var tx = [Float](repeating: 0, count: g.outputCount)
    Conv2DTransposeKernel.forward(g, input: x, weights: w, bias: nil, output: &tx, workspace: ws)
    var cy = [Float](repeating: 0, count: g.inputCount)
    Conv2DKernel.forward(g.adjoint, input: y, weights: w, bias: nil, output: &cy, workspace: ws)
    var dw = [Float](repeating: 0, count: g.weightCount)
    Conv2DTransposeKernel.backwardWeights(g, input: x, outputGradient: y, weightsGradient: &dw, workspace: ws)
    let lhs = dot(tx, y), rhs = dot(x, cy), rhsW = dot(w, dw)
    #expect(abs(lhs.value - rhs.value) <= kernelRelativeTolerance * (lhs.scale + rhs.scale))
    #expect(abs(lhs.value - rhsW.value) <= kernelRelativeTolerance * (lhs.scale + rhsW.scale))
  }
}
