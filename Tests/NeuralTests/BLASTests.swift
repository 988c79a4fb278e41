import CBLAS
import Testing

@testable import Neural

@Suite("BLAS loading and sgemm", .serialized)
struct BLASTests {
  /// The loader picks a fast OpenBLAS kernel family on a CPU with AVX-512 or AVX2+FMA.
  @Test func picksFastCoreForThisCPU() throws {
    if Environment.value("DIFFEQ_BLAS") == "portable" {  // the forced fallback (run by hand)
      #expect(BLAS.backend == .portable(reason: .disabled))
      #expect(throws: BLASError.disabled) { try BLAS.requireOpenBLAS() }
      #expect(BLAS.coreName == "portable" && BLAS.selfCheckError == nil)
      #expect(BLAS.threadCount == BLAS.coreCount)
      return
    }
    let features = BLAS.cpuFeatures
    #expect(BLAS.backend == .openBLAS(coreName: BLAS.coreName), "\(BLAS.loadMessage)")
    try BLAS.requireOpenBLAS()
    let core = BLAS.coreName
    if let user = Environment.value("OPENBLAS_CORETYPE") {
      #expect(core.lowercased() == user.lowercased(), "user chose \(user), got \(core)")
      #expect(BLAS.requestedCoreName == nil)
    } else if features.avx2 && features.fma {
      #expect(BLAS.requestedCoreName == "Haswell")
      #expect(core == "Haswell", "asked for Haswell, got \(core)")
    } else {
      #expect(BLAS.requestedCoreName == nil)
    }
  }

  /// The load-time self-check ran and passed (bound 1e-4, Float32 rounding ≤ 3.2e-6).
  @Test(.disabled(if: Environment.value("DIFFEQ_BLAS") == "portable", "fallback forced: no self-check runs"))
  func selfCheckPassed() throws {
    let e = try #require(BLAS.selfCheckError)
    #expect(e <= 1e-4)
    #expect(e > 0, "an exact Float32 product of random data is implausible")
  }

  /// The self-check catches a wrong kernel and accepts the portable one.
  @Test func selfCheckRejectsWrongKernel() {
    #expect(BLAS.portableSelfCheckError <= 1e-4)
    // Kernels with a wrong scaling: α ignored, or β ignored (C overwritten).
    let ignoresAlpha: diffeq_cblas_sgemm_fn = { _, ta, tb, m, n, k, _, a, lda, b, ldb, beta, c, ldc in
      diffeq_sgemm_portable(ta == 112 ? 1 : 0, tb == 112 ? 1 : 0, m, n, k, 1, a, lda, b, ldb, beta, c, ldc)
    }
    #expect(diffeq_blas_self_check_kernel(ignoresAlpha) > 1e-2)
    let ignoresBeta: diffeq_cblas_sgemm_fn = { _, ta, tb, m, n, k, alpha, a, lda, b, ldb, _, c, ldc in
      diffeq_sgemm_portable(ta == 112 ? 1 : 0, tb == 112 ? 1 : 0, m, n, k, alpha, a, lda, b, ldb, 0, c, ldc)
    }
    #expect(diffeq_blas_self_check_kernel(ignoresBeta) > 1e-2)
    // The portable kernel through the same CBLAS-style entry passes.
    let correct: diffeq_cblas_sgemm_fn = { _, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc in
      diffeq_sgemm_portable(ta == 112 ? 1 : 0, tb == 112 ? 1 : 0, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }
    #expect(diffeq_blas_self_check_kernel(correct) <= 1e-4)
    // A kernel that writes nothing.
    let noop: diffeq_cblas_sgemm_fn = { _, _, _, _, _, _, _, _, _, _, _, _, _, _ in }
    #expect(diffeq_blas_self_check_kernel(noop) > 1e-2)
    // A kernel that returns NaN.
    let nan: diffeq_cblas_sgemm_fn = { _, _, _, m, n, _, _, _, _, _, _, _, c, ldc in
      for i in 0..<Int(m) { for j in 0..<Int(n) { c![i * Int(ldc) + j] = .nan } }
    }
    #expect(!(diffeq_blas_self_check_kernel(nan) <= 1e-4))
  }

  /// The loader reports a missing library, a library without CBLAS, and accepts OpenBLAS.
  @Test func probeReportsFailures() {
    var message = [CChar](repeating: 0, count: 512)
    #expect(
      diffeq_blas_probe("/nonexistent/libopenblas.so.0", &message, 512)
        == Int32(DIFFEQ_BLAS_LIBRARY_MISSING))
    #expect(decode(message).contains("OpenBLAS not found"))
    #expect(diffeq_blas_probe("libm.so.6", &message, 512) == Int32(DIFFEQ_BLAS_SYMBOL_MISSING))
    #expect(decode(message).contains("cblas_sgemm"))
    #expect(diffeq_blas_probe("libopenblas.so.0", &message, 512) == Int32(DIFFEQ_BLAS_OK))
  }

  /// Error messages say what was wrong and what to do.
  @Test func errorMessagesAreActionable() {
    #expect(BLASError.libraryMissing(detail: "x").description.contains("libopenblas-dev"))
    #expect(BLASError.symbolMissing(detail: "x").description.contains("DIFFEQ_BLAS_LIBRARY"))
    #expect(
      BLASError.selfCheckFailed(maxRelativeError: 0.5, detail: "x").description
        .contains("OPENBLAS_CORETYPE"))
    #expect(BLASError.disabled.description.contains("DIFFEQ_BLAS"))
  }

  /// The thread count can be set and read back (then restored).
  @Test func threadCountIsConfigurable() {
    let original = BLAS.threadCount
    #expect(original >= 1 && original <= BLAS.coreCount)
    BLAS.threadCount = 1
    #expect(BLAS.threadCount == 1)
    BLAS.threadCount = 0  // ignored
    #expect(BLAS.threadCount == 1)
    BLAS.threadCount = original
    #expect(BLAS.threadCount == original)
  }

  struct GemmCase: CustomStringConvertible, Sendable {
    var m: Int, n: Int, k: Int, transA: Bool, transB: Bool
    var description: String { "\(m)x\(n)x\(k) tA=\(transA) tB=\(transB)" }
  }

  static let gemmCases: [GemmCase] = {
    var cases: [GemmCase] = []
    for (m, n, k) in [(1, 1, 1), (5, 7, 3), (67, 45, 53), (130, 70, 300), (3, 200, 17)] {
      for ta in [false, true] { for tb in [false, true] { cases.append(.init(m: m, n: n, k: k, transA: ta, transB: tb)) } }
    }
    return cases
  }()

  /// C = α op(A) op(B) + β C against a Double reference, padded leading dimensions, both backends.
  @Test(arguments: gemmCases)
  func sgemmMatchesReference(_ t: GemmCase) {
    var rng = KernelTestRNG(seed: UInt64(t.m * 1_000_003 + t.n * 1009 + t.k) &+ (t.transA ? 7 : 0) &+ (t.transB ? 13 : 0))
    let lda = (t.transA ? t.m : t.k) + 2
    let ldb = (t.transB ? t.k : t.n) + 3
    let ldc = t.n + 1
    let a = rng.array((t.transA ? t.k : t.m) * lda)
    let b = rng.array((t.transB ? t.n : t.k) * ldb)
    let c0 = rng.array(t.m * ldc)
    let alpha: Float = 0.75, beta: Float = -0.5
    var ref = Reference(count: t.m * ldc)
    for i in 0..<t.m {
      for j in 0..<ldc {
        let idx = i * ldc + j
        if j >= t.n { ref.add(idx, Double(c0[idx])); continue }
        for p in 0..<t.k {
          let av = Double(t.transA ? a[p * lda + i] : a[i * lda + p])
          let bv = Double(t.transB ? b[j * ldb + p] : b[p * ldb + j])
          ref.add(idx, Double(alpha) * av * bv)
        }
        ref.add(idx, Double(beta) * Double(c0[idx]))
      }
    }
    for portable in [false, true] {
      var c = c0
      if portable {
        BLAS.portableSgemm(transA: t.transA, transB: t.transB, m: t.m, n: t.n, k: t.k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: &c, ldc: ldc)
      } else {
        BLAS.sgemm(transA: t.transA, transB: t.transB, m: t.m, n: t.n, k: t.k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: &c, ldc: ldc)
      }
      #expect(ref.maxRelativeError(c) <= kernelRelativeTolerance, "portable=\(portable)")
      // Padding columns of C are untouched (exactly).
      for i in 0..<t.m { #expect(c[i * ldc + t.n] == c0[i * ldc + t.n]) }
    }
  }

  /// β = 0 does not read C (NaN does not propagate); k = 0 gives C = β C.
  @Test func sgemmEdgeSemantics() {
    let a: [Float] = [1, 2, 3, 4], b: [Float] = [1, 0, 0, 1]
    for portable in [false, true] {
      var c: [Float] = [.nan, .nan, .nan, .nan]
      let gemm = portable ? BLAS.portableSgemm : BLAS.sgemm
      gemm(false, false, 2, 2, 2, 1, a, 2, b, 2, 0, &c, 2)
      #expect(c == [1, 2, 3, 4], "portable=\(portable)")  // exact: products with 0 and 1
      var d: [Float] = [1, 2, 3, 4]
      gemm(false, false, 2, 2, 0, 1, a, 2, b, 2, 2, &d, 2)
      #expect(d == [2, 4, 6, 8])
    }
  }

  /// y = α op(A) x + β y against a Double reference.
  @Test(arguments: [false, true])
  func sgemvMatchesReference(trans: Bool) {
    var rng = KernelTestRNG(seed: trans ? 11 : 12)
    let m = 37, n = 23, lda = 25
    let a = rng.array(m * lda)
    let x = rng.array(trans ? m : n)
    let y0 = rng.array(trans ? n : m)
    var ref = Reference(count: y0.count)
    for i in 0..<m {
      for j in 0..<n {
        if trans { ref.add(j, 1.5 * Double(a[i * lda + j]) * Double(x[i])) } else { ref.add(i, 1.5 * Double(a[i * lda + j]) * Double(x[j])) }
      }
    }
    for i in y0.indices { ref.add(i, 0.25 * Double(y0[i])) }
    var y = y0
    BLAS.sgemv(trans: trans, m: m, n: n, alpha: 1.5, a: a, lda: lda, x: x, beta: 0.25, y: &y)
    #expect(ref.maxRelativeError(y) <= kernelRelativeTolerance)
  }
}

/// A NUL-terminated C string buffer as a String.
func decode(_ buffer: [CChar]) -> String {
  String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// Reads an environment variable.
enum Environment {
  static func value(_ name: String) -> String? {
    guard let p = getenv(name) else { return nil }
    return String(cString: p)
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
