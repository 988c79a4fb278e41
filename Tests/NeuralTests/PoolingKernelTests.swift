import Testing

@testable import Neural

@Suite("MaxPool2D and UpSampling2D kernels")
struct PoolingKernelTests {
  struct PoolCase: CustomStringConvertible, Sendable {
    var n: Int, h: Int, w: Int, c: Int
    var description: String { "N\(n) \(h)x\(w)x\(c)" }
  }

  static let poolCases = [
    PoolCase(n: 2, h: 5, w: 7, c: 3), PoolCase(n: 1, h: 4, w: 4, c: 2), PoolCase(n: 3, h: 2, w: 3, c: 1),
    PoolCase(n: 2, h: 28, w: 28, c: 16), PoolCase(n: 1, h: 9, w: 6, c: 17),
    PoolCase(n: 24, h: 29, w: 28, c: 16),  // large enough to be split over threads
  ]

  /// Forward max and argmax, and backward routing, against naive loops. Values are drawn from
  /// {−2, …, 2} so ties are frequent: the first maximum in window order must win.
  @Test(arguments: poolCases)
  func maxPoolMatchesNaive(_ t: PoolCase) throws {
    let g = try MaxPool2DGeometry(batch: t.n, height: t.h, width: t.w, channels: t.c)
    var rng = KernelTestRNG(seed: UInt64(t.n * 100 + t.h * 10 + t.w + t.c * 1000))
    let x = (0..<g.inputCount).map { _ in Float(Int(rng.next() % 5) - 2) }
    let dy = rng.array(g.outputCount), prior = rng.array(g.inputCount)
    var y = [Float](repeating: .nan, count: g.outputCount)
    var arg = [UInt8](repeating: 9, count: g.outputCount)
    MaxPool2DKernel.forward(g, input: x, output: &y, argmax: &arg)
    var refDx = [Float](repeating: 0, count: g.inputCount)
    for n in 0..<t.n {
      for i in 0..<g.outputHeight {
        for j in 0..<g.outputWidth {
          for ch in 0..<t.c {
            var best = -Float.infinity, bestPos = -1, bestIndex = -1
            for a in 0..<2 {
              for b in 0..<2 {
                let xi = ((n * t.h + 2 * i + a) * t.w + 2 * j + b) * t.c + ch
                if x[xi] > best { best = x[xi]; bestPos = 2 * a + b; bestIndex = xi }
              }
            }
            let yi = ((n * g.outputHeight + i) * g.outputWidth + j) * t.c + ch
            #expect(y[yi] == best)  // exact: a copy of an input value
            #expect(Int(arg[yi]) == bestPos)
            refDx[bestIndex] += dy[yi]
          }
        }
      }
    }
    var dx = [Float](repeating: .nan, count: g.inputCount)
    MaxPool2DKernel.backward(g, outputGradient: dy, argmax: arg, inputGradient: &dx)
    #expect(dx == refDx)  // exact: each entry is one copied value or 0
    var acc = prior
    MaxPool2DKernel.backward(g, outputGradient: dy, argmax: arg, inputGradient: &acc, accumulate: true)
    #expect(acc == zip(prior, refDx).map { $0 + $1 })  // exact: one Float addition each
  }

  /// A NaN anywhere in a window makes that output NaN.
  @Test func maxPoolPropagatesNaN() throws {
    let g = try MaxPool2DGeometry(batch: 1, height: 2, width: 8, channels: 1)
    // Windows: [nan,1,2,3], [1,nan,2,3], [1,2,3,nan], [1,2,3,4]
    let x: [Float] = [.nan, 1, 1, .nan, 1, 2, 1, 2, 2, 3, 2, 3, 3, .nan, 3, 4]
    var y = [Float](repeating: 0, count: 4)
    var arg = [UInt8](repeating: 0, count: 4)
    MaxPool2DKernel.forward(g, input: x, output: &y, argmax: &arg)
    #expect(y[0].isNaN && y[1].isNaN && y[2].isNaN)
    #expect(y[3] == 4 && arg[3] == 3)
    #expect(arg[0] == 0 && arg[1] == 1 && arg[2] == 3)
  }

  struct UpCase: CustomStringConvertible, Sendable {
    var n: Int, h: Int, w: Int, c: Int, f: Int
    var description: String { "N\(n) \(h)x\(w)x\(c) ×\(f)" }
  }

  @Test(arguments: [UpCase(n: 2, h: 3, w: 4, c: 3, f: 2), UpCase(n: 1, h: 2, w: 2, c: 1, f: 3), UpCase(n: 3, h: 7, w: 5, c: 16, f: 2), UpCase(n: 1, h: 1, w: 1, c: 2, f: 1), UpCase(n: 12, h: 14, w: 14, c: 32, f: 2)])
  func upsamplingMatchesNaive(_ t: UpCase) throws {
    let g = try UpSampling2DGeometry(batch: t.n, height: t.h, width: t.w, channels: t.c, factor: t.f)
    var rng = KernelTestRNG(seed: UInt64(t.n + 10 * t.h + 100 * t.w + 1000 * t.c + 10_000 * t.f))
    let x = rng.array(g.inputCount), dy = rng.array(g.outputCount), prior = rng.array(g.inputCount)
    var y = [Float](repeating: .nan, count: g.outputCount)
    UpSampling2DKernel.forward(g, input: x, output: &y)
    var refDx = Reference(count: g.inputCount), refAcc = Reference(count: g.inputCount)
    for i in prior.indices { refAcc.add(i, Double(prior[i])) }
    for n in 0..<t.n {
      for i in 0..<g.outputHeight {
        for j in 0..<g.outputWidth {
          for ch in 0..<t.c {
            let yi = ((n * g.outputHeight + i) * g.outputWidth + j) * t.c + ch
            let xi = ((n * t.h + i / t.f) * t.w + j / t.f) * t.c + ch
            #expect(y[yi] == x[xi])  // exact copy
            refDx.add(xi, Double(dy[yi]))
            refAcc.add(xi, Double(dy[yi]))
          }
        }
      }
    }
    var dx = [Float](repeating: .nan, count: g.inputCount)
    UpSampling2DKernel.backward(g, outputGradient: dy, inputGradient: &dx)
    #expect(refDx.maxRelativeError(dx) <= kernelRelativeTolerance)
    var acc = prior
    UpSampling2DKernel.backward(g, outputGradient: dy, inputGradient: &acc, accumulate: true)
    #expect(refAcc.maxRelativeError(acc) <= kernelRelativeTolerance)
  }
}

@Suite("Elementwise kernels")
struct ElementwiseKernelTests {
  @Test(arguments: [(1, 1), (7, 3), (100, 16), (33, 130), (4000, 160)])
  func biasAndColumnSums(rows: Int, cols: Int) {
    var rng = KernelTestRNG(seed: UInt64(rows * 1000 + cols))
    let x = rng.array(rows * cols), bias = rng.array(cols), prior = rng.array(cols)
    var y = x
    ElementwiseKernels.addBias(rows: rows, cols: cols, bias: bias, to: &y)
    let wrong = (0..<(rows * cols)).filter { y[$0] != x[$0] + bias[$0 % cols] }.count  // exact: one addition
    #expect(wrong == 0)
    var s = [Float](repeating: .nan, count: cols)
    ElementwiseKernels.sumRows(rows: rows, cols: cols, x, into: &s)
    #expect(ConvReference.biasGradient(rows: rows, cols: cols, x, initial: nil).maxRelativeError(s) <= kernelRelativeTolerance)
    var acc = prior
    ElementwiseKernels.sumRows(rows: rows, cols: cols, x, into: &acc, accumulate: true)
    #expect(ConvReference.biasGradient(rows: rows, cols: cols, x, initial: prior).maxRelativeError(acc) <= kernelRelativeTolerance)
  }

  /// The fused ReLU backward + bias gradient against separate reference loops, out of place and
  /// in place, at a size split over threads (650,000 elements).
  @Test(arguments: [(7, 3), (5000, 130)])
  func fusedReLUBackwardAndBias(rows: Int, cols: Int) {
    var rng = KernelTestRNG(seed: UInt64(rows + cols))
    let y = rng.array(rows * cols).map { max($0, 0) }, dy = rng.array(rows * cols), prior = rng.array(cols)
    let dz = zip(y, dy).map { $0 > 0 ? $1 : 0 }  // exact
    var dbRef = Reference(count: cols), dbAcc = Reference(count: cols)
    for j in 0..<cols { dbAcc.add(j, Double(prior[j])) }
    for r in 0..<rows { for j in 0..<cols { dbRef.add(j, Double(dz[r * cols + j])); dbAcc.add(j, Double(dz[r * cols + j])) } }
    var out = [Float](repeating: .nan, count: rows * cols), db = [Float](repeating: .nan, count: cols)
    ElementwiseKernels.reluBackward(rows: rows, cols: cols, output: y, outputGradient: dy, inputGradient: &out, biasGradient: &db)
    #expect(out == dz)
    #expect(dbRef.maxRelativeError(db) <= kernelRelativeTolerance)
    var inPlace = dy, acc = prior
    inPlace.withUnsafeMutableBufferPointer { p in
      ElementwiseKernels.reluBackward(rows: rows, cols: cols, output: y, outputGradient: p.baseAddress!, inputGradient: p.baseAddress!, biasGradient: &acc, accumulateBias: true)
    }
    #expect(inPlace == dz)
    #expect(dbAcc.maxRelativeError(acc) <= kernelRelativeTolerance)
    var sums = [Float](repeating: .nan, count: cols)
    ElementwiseKernels.sumRows(rows: rows, cols: cols, dz, into: &sums)
    #expect(dbRef.maxRelativeError(sums) <= kernelRelativeTolerance)
  }

  @Test func reluForwardAndBackward() {
    var rng = KernelTestRNG(seed: 77)
    var x = rng.array(600_001)  // split over threads
    x[0] = 0
    x[1] = .nan
    x[2] = -0.0
    let dy = rng.array(x.count), prior = rng.array(x.count)
    var y = [Float](repeating: 7, count: x.count)
    ElementwiseKernels.reluForward(count: x.count, x, into: &y)
    let wrongForward = x.indices.filter { x[$0].isNaN ? !y[$0].isNaN : y[$0] != max(x[$0], 0) }
    #expect(wrongForward.isEmpty)
    var inPlace = x
    inPlace.withUnsafeMutableBufferPointer { p in
      ElementwiseKernels.reluForward(count: p.count, p.baseAddress!, into: p.baseAddress!)
    }
    #expect(inPlace.indices.allSatisfy { x[$0].isNaN ? inPlace[$0].isNaN : inPlace[$0] == y[$0] })
    var dx = [Float](repeating: .nan, count: x.count)
    ElementwiseKernels.reluBackward(count: x.count, output: y, outputGradient: dy, inputGradient: &dx)
    var acc = prior
    ElementwiseKernels.reluBackward(count: x.count, output: y, outputGradient: dy, inputGradient: &acc, accumulate: true)
    let wrongBackward = x.indices.filter { i in
      let g: Float = y[i] > 0 ? dy[i] : 0
      return dx[i] != g || acc[i] != prior[i] + g
    }
    #expect(wrongBackward.isEmpty)
    var inPlaceGradient = dy  // dx = dy, the tape's usual case
    inPlaceGradient.withUnsafeMutableBufferPointer { p in
      ElementwiseKernels.reluBackward(count: p.count, output: y, outputGradient: p.baseAddress!, inputGradient: p.baseAddress!)
    }
    #expect(inPlaceGradient == dx)  // exact: a selection
  }
}
