import Testing

@testable import Neural

/// One convolution shape (NHWC input, k × k kernel, padding).
struct ConvCase: CustomStringConvertible, Sendable {
  var n: Int, h: Int, w: Int, c: Int, f: Int, k: Int, padding: Padding
  var description: String { "N\(n) \(h)x\(w)x\(c)→\(f) k\(k) \(padding)" }
  var seed: UInt64 { UInt64(n * 7 + h * 131 + w * 1031 + c * 10007 + f * 100_003 + k * 1_000_003) }
}

/// Shapes covering odd sizes, both paddings, even and 1 × 1 kernels, 1 channel, a 1 × 1 output,
/// batch > 1, both input-gradient forms (gather and scatter, each with both paddings) and batch
/// chunking (the last three cases need more than one im2col chunk), and the direct AVX-512
/// kernels (one input channel, F a multiple of 16) with both paddings;
/// `casesCoverEveryPath` checks that coverage.
let convCases: [ConvCase] = [
  ConvCase(n: 2, h: 5, w: 7, c: 3, f: 4, k: 3, padding: .same),
  ConvCase(n: 3, h: 6, w: 5, c: 2, f: 3, k: 3, padding: .valid),
  ConvCase(n: 2, h: 6, w: 5, c: 5, f: 2, k: 3, padding: .valid),
  ConvCase(n: 2, h: 6, w: 5, c: 8, f: 2, k: 3, padding: .valid),
  ConvCase(n: 1, h: 4, w: 4, c: 1, f: 2, k: 1, padding: .valid),
  ConvCase(n: 2, h: 3, w: 5, c: 3, f: 2, k: 1, padding: .same),
  ConvCase(n: 2, h: 5, w: 5, c: 3, f: 2, k: 2, padding: .same),
  ConvCase(n: 2, h: 5, w: 6, c: 2, f: 3, k: 4, padding: .same),
  ConvCase(n: 2, h: 6, w: 7, c: 4, f: 5, k: 5, padding: .same),
  ConvCase(n: 1, h: 3, w: 3, c: 2, f: 3, k: 3, padding: .valid),
  ConvCase(n: 2, h: 9, w: 8, c: 1, f: 16, k: 3, padding: .same),
  ConvCase(n: 3, h: 8, w: 7, c: 1, f: 32, k: 4, padding: .valid),
  ConvCase(n: 2, h: 6, w: 9, c: 1, f: 16, k: 2, padding: .same),
  ConvCase(n: 5, h: 11, w: 10, c: 1, f: 16, k: 3, padding: .valid),
  ConvCase(n: 3, h: 7, w: 7, c: 16, f: 1, k: 3, padding: .same),
  ConvCase(n: 3, h: 30, w: 30, c: 32, f: 4, k: 5, padding: .same),
  ConvCase(n: 2, h: 40, w: 40, c: 16, f: 20, k: 5, padding: .same),
  ConvCase(n: 2, h: 40, w: 40, c: 40, f: 16, k: 5, padding: .same),
  ConvCase(n: 2, h: 7, w: 9, c: 40, f: 5, k: 3, padding: .valid),
  ConvCase(n: 2, h: 6, w: 6, c: 3, f: 40, k: 3, padding: .same),
  ConvCase(n: 2, h: 9, w: 7, c: 5, f: 32, k: 3, padding: .valid),
  ConvCase(n: 2, h: 6, w: 5, c: 3, f: 48, k: 3, padding: .same),
  ConvCase(n: 2, h: 5, w: 7, c: 3, f: 13, k: 3, padding: .same),
  ConvCase(n: 3, h: 19, w: 21, c: 20, f: 10, k: 3, padding: .same),
  ConvCase(n: 8, h: 6, w: 6, c: 8, f: 32, k: 3, padding: .valid),  // weight tiles over 8 images
]

/// Naive Double references of the convolution formula in ``Conv2DGeometry``.
enum ConvReference {
  static func forward(_ g: Conv2DGeometry, _ x: [Float], _ w: [Float], _ b: [Float]?) -> Reference {
    var r = Reference(count: g.outputCount)
    let k = g.kernelSize
    for n in 0..<g.batch {
      for i in 0..<g.outputHeight {
        for j in 0..<g.outputWidth {
          for o in 0..<g.outChannels {
            let yi = ((n * g.outputHeight + i) * g.outputWidth + j) * g.outChannels + o
            if let b { r.add(yi, Double(b[o])) }
            for u in 0..<k {
              let iy = i + u - g.padTop
              guard iy >= 0 && iy < g.height else { continue }
              for v in 0..<k {
                let ix = j + v - g.padLeft
                guard ix >= 0 && ix < g.width else { continue }
                for c in 0..<g.inChannels {
                  let xv = Double(x[((n * g.height + iy) * g.width + ix) * g.inChannels + c])
                  let wv = Double(w[((u * k + v) * g.inChannels + c) * g.outChannels + o])
                  r.add(yi, xv * wv)
                }
              }
            }
          }
        }
      }
    }
    return r
  }

  /// dx[n,p,q,c] = Σ dy[n, p−u+padTop, q−v+padLeft, o] w[u,v,c,o], plus `initial`.
  static func inputGradient(_ g: Conv2DGeometry, _ dy: [Float], _ w: [Float], initial: [Float]?)
    -> Reference
  {
    var r = Reference(count: g.inputCount)
    if let initial { for i in initial.indices { r.add(i, Double(initial[i])) } }
    let k = g.kernelSize
    for n in 0..<g.batch {
      for p in 0..<g.height {
        for q in 0..<g.width {
          for c in 0..<g.inChannels {
            let xi = ((n * g.height + p) * g.width + q) * g.inChannels + c
            for u in 0..<k {
              let i = p - u + g.padTop
              guard i >= 0 && i < g.outputHeight else { continue }
              for v in 0..<k {
                let j = q - v + g.padLeft
                guard j >= 0 && j < g.outputWidth else { continue }
                for o in 0..<g.outChannels {
                  let gv = Double(dy[((n * g.outputHeight + i) * g.outputWidth + j) * g.outChannels + o])
                  let wv = Double(w[((u * k + v) * g.inChannels + c) * g.outChannels + o])
                  r.add(xi, gv * wv)
                }
              }
            }
          }
        }
      }
    }
    return r
  }

  /// dw[u,v,c,o] = Σ x[n, i+u−padTop, j+v−padLeft, c] dy[n,i,j,o], plus `initial`.
  static func weightGradient(_ g: Conv2DGeometry, _ x: [Float], _ dy: [Float], initial: [Float]?)
    -> Reference
  {
    var r = Reference(count: g.weightCount)
    if let initial { for i in initial.indices { r.add(i, Double(initial[i])) } }
    let k = g.kernelSize
    for n in 0..<g.batch {
      for i in 0..<g.outputHeight {
        for j in 0..<g.outputWidth {
          for u in 0..<k {
            let iy = i + u - g.padTop
            guard iy >= 0 && iy < g.height else { continue }
            for v in 0..<k {
              let ix = j + v - g.padLeft
              guard ix >= 0 && ix < g.width else { continue }
              for c in 0..<g.inChannels {
                let xv = Double(x[((n * g.height + iy) * g.width + ix) * g.inChannels + c])
                for o in 0..<g.outChannels {
                  let gv = Double(dy[((n * g.outputHeight + i) * g.outputWidth + j) * g.outChannels + o])
                  r.add(((u * k + v) * g.inChannels + c) * g.outChannels + o, xv * gv)
                }
              }
            }
          }
        }
      }
    }
    return r
  }

  /// db[o] = Σ dy[..., o], plus `initial`.
  static func biasGradient(rows: Int, cols: Int, _ dy: [Float], initial: [Float]?) -> Reference {
    var r = Reference(count: cols)
    if let initial { for i in initial.indices { r.add(i, Double(initial[i])) } }
    for row in 0..<rows { for o in 0..<cols { r.add(o, Double(dy[row * cols + o])) } }
    return r
  }
}

/// ⟨a, b⟩ in Double with Σ|a b| as its scale.
func dot(_ a: [Float], _ b: [Float]) -> (value: Double, scale: Double) {
  var s = 0.0, m = 0.0
  for i in a.indices {
    let t = Double(a[i]) * Double(b[i])
    s += t
    m += abs(t)
  }
  return (s, m)
}

@Suite("Conv2D kernel")
struct ConvKernelTests {
  /// The case lists exercise every path: direct kernels (one-channel, scatter and gather input
  /// gradients; small and general weight gradients; partial channel groups) and, run with
  /// `direct: false` by ``gemmPathsMatchNaive(_:)``, both GEMM input-gradient forms and chunking.
  @Test func casesCoverEveryPath() throws {
    var seen = Set<String>()
    let transposes = try convTransposeCases.map { t in
      try Conv2DTransposeGeometry(batch: t.n, height: t.h, width: t.w, inChannels: t.c, outChannels: t.f, kernelSize: t.k, padding: t.padding).adjoint
    }
    let convs = try convCases.map { t in
      try Conv2DGeometry(batch: t.n, height: t.h, width: t.w, inChannels: t.c, outChannels: t.f, kernelSize: t.k, padding: t.padding)
    }
    for (kind, list) in [("conv", convs), ("convT", transposes)] {
      for g in list {
        for direct in [true, false] {
          seen.insert("\(kind) \(_ConvEngine.inputGradientPath(g, direct: direct))")
        }
        let p = _ConvEngine.Plane(g)
        if _ConvEngine.usesDirectWeightGradient(p, direct: true) {
          seen.insert(p.kk * (p.cout / 16) <= 32 ? "weights small" : "weights general")
        }
        if _ConvEngine.forwardChunks(g) > 1 { seen.insert("chunked") }
        if g.outChannels % 16 != 0 && g.outChannels > 16 { seen.insert("partial group") }
        if _ConvEngine.usesDirectForward(p, direct: true) {
          seen.insert(p.usesFewChannelForward ? "forward few" : p.cout % 16 == 0 ? "forward full" : "forward masked")
        }
      }
    }
    for kind in ["conv", "convT"] {
      for path in ["direct-1ch", "direct-scatter", "direct-gather", "gemm-gather", "gemm-scatter"] {
        #expect(seen.contains("\(kind) \(path)"), "missing \(kind) \(path)")
      }
    }
    for label in ["weights small", "weights general", "chunked", "partial group", "forward few", "forward full", "forward masked"] {
      #expect(seen.contains(label), "missing \(label)")
    }
  }

  /// The im2col + GEMM paths (used on CPUs without AVX-512) against the naive loops: forward with
  /// bias, input gradient (accumulating) and weight gradient.
  @Test(arguments: convCases)
  func gemmPathsMatchNaive(_ t: ConvCase) throws {
    let g = try Conv2DGeometry(batch: t.n, height: t.h, width: t.w, inChannels: t.c, outChannels: t.f, kernelSize: t.k, padding: t.padding)
    var rng = KernelTestRNG(seed: t.seed &+ 4)
    let x = rng.array(g.inputCount), w = rng.array(g.weightCount), b = rng.array(t.f)
    let dy = rng.array(g.outputCount), prior = rng.array(g.inputCount)
    let ws = KernelWorkspace()
    var y = [Float](repeating: .nan, count: g.outputCount)
    _ConvEngine.forward(_ConvEngine.Plane(g), input: x, wmat: w, bias: b, output: &y, accumulate: false, relu: false, workspace: ws, direct: false)
    #expect(ConvReference.forward(g, x, w, b).maxRelativeError(y) <= kernelRelativeTolerance)
    var dx = prior
    _ConvEngine.inputGradient(g, outputGradient: dy, weights: w, bias: nil, inputGradient: &dx, accumulate: true, relu: false, workspace: ws, direct: false)
    #expect(ConvReference.inputGradient(g, dy, w, initial: prior).maxRelativeError(dx) <= kernelRelativeTolerance)
    var dw = [Float](repeating: .nan, count: g.weightCount)
    _ConvEngine.weightGradient(_ConvEngine.Plane(g), input: x, outputGradient: dy, weightsGradient: &dw, accumulate: false, workspace: ws, direct: false)
    #expect(ConvReference.weightGradient(g, x, dy, initial: nil).maxRelativeError(dw) <= kernelRelativeTolerance)
  }

  /// Forward with the fused ReLU equals max(naive + bias, 0) on both the direct and GEMM paths,
  /// and the transposed convolution's fused ReLU likewise (its forward runs through the input
  /// gradient paths with a bias epilogue).
  @Test(arguments: convCases)
  func fusedReLUMatchesNaive(_ t: ConvCase) throws {
    let g = try Conv2DGeometry(batch: t.n, height: t.h, width: t.w, inChannels: t.c, outChannels: t.f, kernelSize: t.k, padding: t.padding)
    var rng = KernelTestRNG(seed: t.seed &+ 5)
    let x = rng.array(g.inputCount), w = rng.array(g.weightCount), b = rng.array(t.f)
    let ws = KernelWorkspace()
    var ref = ConvReference.forward(g, x, w, b)
    for i in ref.values.indices where !(ref.values[i] > 0) { ref.values[i] = 0 }
    for direct in [true, false] {
      var y = [Float](repeating: .nan, count: g.outputCount)
      _ConvEngine.forward(_ConvEngine.Plane(g), input: x, wmat: w, bias: b, output: &y, accumulate: false, relu: true, workspace: ws, direct: direct && BLAS.kernelsUseAVX512)
      #expect(ref.maxRelativeError(y) <= kernelRelativeTolerance, "direct=\(direct)")
    }
    // Transposed convolution with this geometry as its adjoint: input dy-shaped, output x-shaped.
    let dy = rng.array(g.outputCount), bx = rng.array(t.c)
    var refT = ConvReference.inputGradient(g, dy, w, initial: nil)
    for i in refT.values.indices {
      refT.add(i, Double(bx[i % t.c]))
      if !(refT.values[i] > 0) { refT.values[i] = 0 }
    }
    for direct in [true, false] {
      var out = [Float](repeating: .nan, count: g.inputCount)
      _ConvEngine.inputGradient(g, outputGradient: dy, weights: w, bias: bx, inputGradient: &out, accumulate: false, relu: true, workspace: ws, direct: direct && BLAS.kernelsUseAVX512)
      #expect(refT.maxRelativeError(out) <= kernelRelativeTolerance, "transposed, direct=\(direct)")
    }
  }

  @Test(arguments: convCases)
  func forwardMatchesNaive(_ t: ConvCase) throws {
    let g = try Conv2DGeometry(batch: t.n, height: t.h, width: t.w, inChannels: t.c, outChannels: t.f, kernelSize: t.k, padding: t.padding)
    var rng = KernelTestRNG(seed: t.seed)
    let x = rng.array(g.inputCount), w = rng.array(g.weightCount), b = rng.array(t.f)
    let ws = KernelWorkspace()
    for useBias in [true, false] {
      var y = [Float](repeating: .nan, count: g.outputCount)  // must be overwritten
      Conv2DKernel.forward(g, input: x, weights: w, bias: useBias ? b : nil, output: &y, workspace: ws)
      let ref = ConvReference.forward(g, x, w, useBias ? b : nil)
      #expect(ref.maxRelativeError(y) <= kernelRelativeTolerance, "bias=\(useBias)")
    }
  }

  @Test(arguments: convCases)
  func backwardInputMatchesNaive(_ t: ConvCase) throws {
    let g = try Conv2DGeometry(batch: t.n, height: t.h, width: t.w, inChannels: t.c, outChannels: t.f, kernelSize: t.k, padding: t.padding)
    var rng = KernelTestRNG(seed: t.seed &+ 1)
    let dy = rng.array(g.outputCount), w = rng.array(g.weightCount), prior = rng.array(g.inputCount)
    let ws = KernelWorkspace()
    var dx = [Float](repeating: .nan, count: g.inputCount)
    Conv2DKernel.backwardInput(g, outputGradient: dy, weights: w, inputGradient: &dx, workspace: ws)
    #expect(ConvReference.inputGradient(g, dy, w, initial: nil).maxRelativeError(dx) <= kernelRelativeTolerance)
    var acc = prior
    Conv2DKernel.backwardInput(g, outputGradient: dy, weights: w, inputGradient: &acc, accumulate: true, workspace: ws)
    #expect(ConvReference.inputGradient(g, dy, w, initial: prior).maxRelativeError(acc) <= kernelRelativeTolerance)
  }

  @Test(arguments: convCases)
  func backwardWeightsAndBiasMatchNaive(_ t: ConvCase) throws {
    let g = try Conv2DGeometry(batch: t.n, height: t.h, width: t.w, inChannels: t.c, outChannels: t.f, kernelSize: t.k, padding: t.padding)
    var rng = KernelTestRNG(seed: t.seed &+ 2)
    let x = rng.array(g.inputCount), dy = rng.array(g.outputCount)
    let priorW = rng.array(g.weightCount), priorB = rng.array(t.f)
    let ws = KernelWorkspace()
    var dw = [Float](repeating: .nan, count: g.weightCount)
    Conv2DKernel.backwardWeights(g, input: x, outputGradient: dy, weightsGradient: &dw, workspace: ws)
    #expect(ConvReference.weightGradient(g, x, dy, initial: nil).maxRelativeError(dw) <= kernelRelativeTolerance)
    var accW = priorW
    Conv2DKernel.backwardWeights(g, input: x, outputGradient: dy, weightsGradient: &accW, accumulate: true, workspace: ws)
    #expect(ConvReference.weightGradient(g, x, dy, initial: priorW).maxRelativeError(accW) <= kernelRelativeTolerance)

    let rows = t.n * g.outputHeight * g.outputWidth
    var db = [Float](repeating: .nan, count: t.f)
    Conv2DKernel.backwardBias(g, outputGradient: dy, biasGradient: &db)
    #expect(ConvReference.biasGradient(rows: rows, cols: t.f, dy, initial: nil).maxRelativeError(db) <= kernelRelativeTolerance)
    var accB = priorB
    Conv2DKernel.backwardBias(g, outputGradient: dy, biasGradient: &accB, accumulate: true)
    #expect(ConvReference.biasGradient(rows: rows, cols: t.f, dy, initial: priorB).maxRelativeError(accB) <= kernelRelativeTolerance)
  }

  /// ⟨conv(x), y⟩ = ⟨x, convᵀ(y)⟩ and ⟨conv(x; w), y⟩ = ⟨w, ∂w⟩ (the output is linear in both).
  @Test(arguments: convCases)
  func adjointIdentities(_ t: ConvCase) throws {
    let g = try Conv2DGeometry(batch: t.n, height: t.h, width: t.w, inChannels: t.c, outChannels: t.f, kernelSize: t.k, padding: t.padding)
    var rng = KernelTestRNG(seed: t.seed &+ 3)
    let x = rng.array(g.inputCount), w = rng.array(g.weightCount), y = rng.array(g.outputCount)
    let ws = KernelWorkspace()
    var cx = [Float](repeating: 0, count: g.outputCount)
    Conv2DKernel.forward(g, input: x, weights: w, bias: nil, output: &cx, workspace: ws)
    var cty = [Float](repeating: 0, count: g.inputCount)
    Conv2DKernel.backwardInput(g, outputGradient: y, weights: w, inputGradient: &cty, workspace: ws)
    var dw = [Float](repeating: 0, count: g.weightCount)
    Conv2DKernel.backwardWeights(g, input: x, outputGradient: y, weightsGradient: &dw, workspace: ws)
    let lhs = dot(cx, y), rhs = dot(x, cty), rhsW = dot(w, dw)
    #expect(abs(lhs.value - rhs.value) <= kernelRelativeTolerance * (lhs.scale + rhs.scale))
    #expect(abs(lhs.value - rhsW.value) <= kernelRelativeTolerance * (lhs.scale + rhsW.scale))
  }

  /// Central finite differences of L = ⟨conv(x; w) + b, y⟩ in Double match the kernels' gradients
  /// (L is linear in each argument, so the difference quotient is exact up to rounding; step 0.5,
  /// relative tolerance 1e-3 of the directional derivative's magnitude).
  @Test func finiteDifferencesMatchGradients() throws {
    let g = try Conv2DGeometry(batch: 2, height: 5, width: 4, inChannels: 3, outChannels: 2, kernelSize: 3, padding: .same)
    var rng = KernelTestRNG(seed: 99)
    let x = rng.array(g.inputCount), w = rng.array(g.weightCount), b = rng.array(2), y = rng.array(g.outputCount)
    let ws = KernelWorkspace()
    func loss(_ x: [Float], _ w: [Float], _ b: [Float]) -> Double {
      var out = [Float](repeating: 0, count: g.outputCount)
      Conv2DKernel.forward(g, input: x, weights: w, bias: b, output: &out, workspace: ws)
      return dot(out, y).value
    }
    var dx = [Float](repeating: 0, count: g.inputCount), dw = [Float](repeating: 0, count: g.weightCount), db: [Float] = [0, 0]
    Conv2DKernel.backwardInput(g, outputGradient: y, weights: w, inputGradient: &dx, workspace: ws)
    Conv2DKernel.backwardWeights(g, input: x, outputGradient: y, weightsGradient: &dw, workspace: ws)
    Conv2DKernel.backwardBias(g, outputGradient: y, biasGradient: &db)
    let h: Float = 0.5
    for i in stride(from: 0, to: g.inputCount, by: 7) {
      var xp = x, xm = x
      xp[i] += h
      xm[i] -= h
      let fd = (loss(xp, w, b) - loss(xm, w, b)) / Double(2 * h)
      #expect(abs(fd - Double(dx[i])) <= 1e-3 * (abs(fd) + 1), "x[\(i)]")
    }
    for i in 0..<g.weightCount {
      var wp = w, wm = w
      wp[i] += h
      wm[i] -= h
      let fd = (loss(x, wp, b) - loss(x, wm, b)) / Double(2 * h)
      #expect(abs(fd - Double(dw[i])) <= 1e-3 * (abs(fd) + 1), "w[\(i)]")
    }
    for i in 0..<2 {
      var bp = b, bm = b
      bp[i] += h
      bm[i] -= h
      let fd = (loss(x, w, bp) - loss(x, w, bm)) / Double(2 * h)
      #expect(abs(fd - Double(db[i])) <= 1e-3 * (abs(fd) + 1), "b[\(i)]")
    }
  }

  /// A reused workspace gives the same bits as a fresh one, and does not grow on reuse.
  @Test func workspaceReuseIsDeterministic() throws {
    let g = try Conv2DGeometry(batch: 3, height: 9, width: 9, inChannels: 4, outChannels: 6, kernelSize: 3, padding: .same)
    var rng = KernelTestRNG(seed: 5)
    let x = rng.array(g.inputCount), w = rng.array(g.weightCount)
    let ws = KernelWorkspace()
    var y1 = [Float](repeating: 0, count: g.outputCount), y2 = y1, y3 = y1
    Conv2DKernel.forward(g, input: x, weights: w, bias: nil, output: &y1, workspace: ws)
    let capacity = ws.capacity
    Conv2DKernel.forward(g, input: x, weights: w, bias: nil, output: &y2, workspace: ws)
    Conv2DKernel.forward(g, input: x, weights: w, bias: nil, output: &y3, workspace: KernelWorkspace())
    #expect(ws.capacity == capacity)
    #expect(y1 == y2)
    #expect(y1 == y3)
  }

  /// The weight gradient sums over the batch in a fixed order: bit-identical on 1, 2 and 3 threads
  /// and over repeated runs (the chunks' dynamic distribution over threads must not change it),
  /// on the direct and the GEMM paths, writing and accumulating.
  @Test(arguments: [false, true])
  func weightGradientIsBitIdenticalForAnyThreadCount(direct: Bool) throws {
    let g = try Conv2DGeometry(batch: 37, height: 12, width: 12, inChannels: 8, outChannels: 16, kernelSize: 3, padding: .valid)
    let p = _ConvEngine.Plane(g)
    var rng = KernelTestRNG(seed: 41)
    let x = rng.array(g.inputCount), dy = rng.array(g.outputCount), prior = rng.array(g.weightCount)
    func gradient(threads: Int, accumulate: Bool) -> [Float] {
      var dw = accumulate ? prior : [Float](repeating: .nan, count: g.weightCount)
      _ConvEngine.weightGradient(
        p, input: x, outputGradient: dy, weightsGradient: &dw, accumulate: accumulate,
        workspace: KernelWorkspace(), direct: direct && BLAS.kernelsUseAVX512, threads: threads)
      return dw
    }
    for accumulate in [false, true] {
      let one = gradient(threads: 1, accumulate: accumulate)
      #expect(ConvReference.weightGradient(g, x, dy, initial: accumulate ? prior : nil).maxRelativeError(one) <= kernelRelativeTolerance)
      for threads in [2, 3, 2, 2, 3] {
        #expect(gradient(threads: threads, accumulate: accumulate) == one, "\(threads) threads, accumulate \(accumulate)")
      }
    }
  }
}

@Suite("Kernel geometry validation")
struct KernelGeometryTests {
  @Test func convGeometrySizes() throws {
    let same = try Conv2DGeometry(batch: 2, height: 7, width: 6, inChannels: 3, outChannels: 4, kernelSize: 4, padding: .same)
    #expect(same.outputHeight == 7 && same.outputWidth == 6 && same.padTop == 1 && same.padLeft == 1)
    let valid = try Conv2DGeometry(batch: 2, height: 7, width: 6, inChannels: 3, outChannels: 4, kernelSize: 3, padding: .valid)
    #expect(valid.outputHeight == 5 && valid.outputWidth == 4 && valid.padTop == 0)
    #expect(valid.forwardFlops == 2 * 2 * 5 * 4 * 9 * 3 * 4)
    let t = try Conv2DTransposeGeometry(batch: 2, height: 4, width: 5, inChannels: 8, outChannels: 3, kernelSize: 3, padding: .valid)
    #expect(t.outputHeight == 6 && t.outputWidth == 7 && t.adjoint.outputHeight == 4 && t.adjoint.inChannels == 3)
    #expect(Padding.same.amounts(kernelSize: 4) == (1, 2))
    #expect(Padding.valid.amounts(kernelSize: 4) == (0, 0))
  }

  @Test func badShapesThrow() {
    #expect(throws: KernelShapeError.tooSmall(name: "batch", value: 0, minimum: 1)) {
      try Conv2DGeometry(batch: 0, height: 3, width: 3, inChannels: 1, outChannels: 1, kernelSize: 3, padding: .same)
    }
    #expect(throws: KernelShapeError.tooSmall(name: "kernelSize", value: 0, minimum: 1)) {
      try Conv2DGeometry(batch: 1, height: 3, width: 3, inChannels: 1, outChannels: 1, kernelSize: 0, padding: .same)
    }
    #expect(throws: KernelShapeError.kernelLargerThanImage(kernelSize: 5, height: 4, width: 9)) {
      try Conv2DGeometry(batch: 1, height: 4, width: 9, inChannels: 1, outChannels: 1, kernelSize: 5, padding: .valid)
    }
    #expect(throws: KernelShapeError.tooLarge(name: "input", count: 1 << 32)) {
      try Conv2DGeometry(batch: 1 << 16, height: 256, width: 256, inChannels: 1, outChannels: 1, kernelSize: 3, padding: .same)
    }
    #expect(throws: KernelShapeError.tooSmall(name: "outChannels", value: -1, minimum: 1)) {
      try Conv2DTransposeGeometry(batch: 1, height: 3, width: 3, inChannels: 1, outChannels: -1, kernelSize: 3, padding: .valid)
    }
    #expect(throws: KernelShapeError.tooSmall(name: "height", value: 1, minimum: 2)) {
      try MaxPool2DGeometry(batch: 1, height: 1, width: 4, channels: 1)
    }
    #expect(throws: KernelShapeError.tooSmall(name: "factor", value: 0, minimum: 1)) {
      try UpSampling2DGeometry(batch: 1, height: 3, width: 3, channels: 1, factor: 0)
    }
    let message = KernelShapeError.kernelLargerThanImage(kernelSize: 5, height: 4, width: 9).description
    #expect(message.contains("5×5") && message.contains("4×9") && message.contains(".same"))
  }
}
