import CBLAS

/// Single-precision BLAS for the neural engine: OpenBLAS loaded at first use with a kernel family
/// chosen from the CPU, or a portable fallback.
///
/// ## Loading
/// The first call of any member loads OpenBLAS (`dlopen`, never linked at build time; thread-safe,
/// once per process):
/// 1. If `OPENBLAS_CORETYPE` is unset, it is set from `cpuid` for the duration of the load:
///    AVX2+FMA (with or without AVX-512) → `Haswell`; otherwise left unset (OpenBLAS's own
///    choice). A value set by the user is respected. (Debian's OpenBLAS 0.3.21 otherwise picks its
///    SSE3 `Prescott` kernels on new CPUs: ≈ 60 instead of 215 GFLOP/s on 2 cores. On this
///    project's AVX-512 machine kind the AVX2 `Haswell` kernels measured 5–14 % faster than the
///    AVX-512 `SkylakeX` ones at 512³ and at the im2col shapes, hence `Haswell` there too.)
/// 2. The library is `$DIFFEQ_BLAS_LIBRARY` if set, else the first of `libopenblas.so.0`,
///    `libopenblas.so`, `libopenblasp.so.0`, `libopenblas.dylib`. Unless the user set it,
///    `OPENBLAS_THREAD_TIMEOUT=16` is also in force during the load, so idle OpenBLAS workers
///    stop spinning after ~30 µs instead of ~0.1 s (they would otherwise compete with the
///    kernels' own threads); both variables are removed again after the load.
/// 3. The kernel is checked once against a Double reference product (67 × 45 × 53, all four
///    transpose pairs, α = 0.75, β = −0.5, padded leading dimensions); the largest error relative to
///    `Σ|α a b| + |β c|` must be ≤ 1e-4 (Float32 rounding gives ≤ 3.2e-6).
///
/// ## Failures
/// Loading never crashes and never throws from a compute call. If the library is missing, lacks
/// `cblas_sgemm`/`cblas_sgemv`, or fails the self-check, every call is served by a portable blocked
/// sgemm (correct, about 10–30× slower), ``backend`` is `.portable(reason:)` with the reason, and one
/// warning line goes to standard error (silenced by `DIFFEQ_BLAS_QUIET=1`). Code that must not run
/// slowly calls ``requireOpenBLAS()``, which throws the ``BLASError``. `DIFFEQ_BLAS=portable` forces
/// the fallback (for testing).
///
/// Nothing in this package may link `libopenblas` directly: a linked library is loaded at process
/// start, before the core type can be chosen (``wasPreloaded`` reports that case).
public enum BLAS {
  /// Which implementation serves ``sgemm(transA:transB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)``.
  ///
  /// Loads the library on first access.
  public static var backend: Backend {
    switch diffeq_blas_load() {
    case Int32(DIFFEQ_BLAS_OPENBLAS):
      return .openBLAS(coreName: coreName)
    default:
      return .portable(reason: loadError ?? .disabled)
    }
  }

  /// The OpenBLAS kernel family in use (`"SkylakeX"`, `"Haswell"`, `"Prescott"`, …), or
  /// `"portable"` for the fallback.
  public static var coreName: String { String(cString: diffeq_blas_core_name()) }

  /// The core type this package requested through `OPENBLAS_CORETYPE` (`nil` if it set none: the
  /// user chose one, the library was already loaded, or the CPU has neither AVX-512 nor AVX2+FMA).
  public static var requestedCoreName: String? {
    let s = String(cString: diffeq_blas_requested_core())
    return s.isEmpty ? nil : s
  }

  /// True when OpenBLAS was already in the process before this package loaded it, so its kernel
  /// was chosen at process start and the cpuid-based choice could not apply.
  public static var wasPreloaded: Bool { diffeq_blas_was_preloaded() != 0 }

  /// One line describing the load: library, core and how it was chosen, or why the fallback is used.
  public static var loadMessage: String { String(cString: diffeq_blas_message()) }

  /// The largest relative error of the load-time self-check (≤ 1e-4 when it passed); `nil` when
  /// no check ran (library missing or fallback forced).
  public static var selfCheckError: Double? {
    let e = diffeq_blas_self_check_error()
    return e.isNaN ? nil : e
  }

  /// Why OpenBLAS is not in use, or `nil` when it is.
  public static var loadError: BLASError? {
    let message = loadMessage
    switch diffeq_blas_failure() {
    case Int32(DIFFEQ_BLAS_OK): return nil
    case Int32(DIFFEQ_BLAS_LIBRARY_MISSING): return .libraryMissing(detail: message)
    case Int32(DIFFEQ_BLAS_SYMBOL_MISSING): return .symbolMissing(detail: message)
    case Int32(DIFFEQ_BLAS_SELF_CHECK_FAILED):
      return .selfCheckFailed(maxRelativeError: diffeq_blas_self_check_error(), detail: message)
    default: return .disabled
    }
  }

  /// Throws the load error unless OpenBLAS (not the portable fallback) serves the calls.
  ///
  /// - Throws: ``BLASError`` naming the missing library or symbol, or the self-check error.
  public static func requireOpenBLAS() throws(BLASError) {
    if let error = loadError { throw error }
  }

  /// The number of threads of a BLAS call and of the kernels' parallel loops.
  ///
  /// Default: OpenBLAS's own default — every online core, unless `OPENBLAS_NUM_THREADS` or
  /// `OMP_NUM_THREADS` was set (portable fallback: every online core; its sgemm itself runs on
  /// the calling thread). Setting it is process-wide; values < 1 are ignored and values above the
  /// core count are clamped. The convolution, pooling and elementwise kernels split their work
  /// over this many threads (running OpenBLAS single-threaded inside those regions).
  public static var threadCount: Int {
    get { Int(diffeq_blas_get_threads()) }
    set {
      guard newValue >= 1 else { return }
      diffeq_blas_set_threads(Int32(clamping: newValue))
    }
  }

  /// Number of online CPU cores.
  public static var coreCount: Int { Int(diffeq_online_cpus()) }

  /// Row-major single-precision matrix product `C ← α op(A) op(B) + β C`.
  ///
  /// `op(X)` is `X` or `Xᵀ` (`transA`/`transB`). After `op`, A is m × k, B is k × n, C is m × n; the
  /// leading dimensions are the row strides of the stored matrices: `lda ≥ (transA ? m : k)`,
  /// `ldb ≥ (transB ? k : n)`, `ldc ≥ n`. When `β = 0`, C is not read (NaN in C does not
  /// propagate); when `k = 0` or `α = 0`, A and B are not read. C must not overlap A or B.
  ///
  /// - Complexity: 2·m·n·k flops; no allocation with OpenBLAS (the fallback allocates two small
  ///   packing buffers per call).
  /// - Precondition: dimensions ≥ 0, all < 2³¹, and the leading-dimension bounds above — checked
  ///   in debug builds only (the callers, the tensor ops, validate shapes and throw).
  public static func sgemm(
    transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int, beta: Float = 0,
    c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    assert(m >= 0 && n >= 0 && k >= 0 && max(m, n, k, lda, ldb, ldc) < Int(Int32.max))
    assert(lda >= max(1, transA ? m : k) && ldb >= max(1, transB ? k : n) && ldc >= max(1, n))
    diffeq_sgemm(
      transA ? 1 : 0, transB ? 1 : 0, Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b,
      Int32(ldb), beta, c, Int32(ldc))
  }

  /// Row-major single-precision matrix–vector product `y ← α op(A) x + β y`.
  ///
  /// A is stored m × n with row stride `lda ≥ n`; `op(A)` is `A` (x has n entries, y has m) or `Aᵀ`
  /// (x has m, y has n). Unit strides. When `β = 0`, y is not read.
  ///
  /// - Complexity: 2·m·n flops, no allocation.
  /// - Precondition: m, n ≥ 0, `lda ≥ max(1, n)` — checked in debug builds only.
  public static func sgemv(
    trans: Bool = false, m: Int, n: Int, alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
    x: UnsafePointer<Float>, beta: Float = 0, y: UnsafeMutablePointer<Float>
  ) {
    assert(m >= 0 && n >= 0 && max(m, n, lda) < Int(Int32.max) && lda >= max(1, n))
    diffeq_sgemv(trans ? 1 : 0, Int32(m), Int32(n), alpha, a, Int32(lda), x, beta, y)
  }

  /// The portable blocked sgemm (the fallback), callable directly for tests and comparisons.
  /// Same contract as ``sgemm(transA:transB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)``.
  static func portableSgemm(
    transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int, beta: Float = 0,
    c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    diffeq_sgemm_portable(
      transA ? 1 : 0, transB ? 1 : 0, Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b,
      Int32(ldb), beta, c, Int32(ldc))
  }

  /// The loader's self-check run on the portable sgemm (its largest relative error).
  static var portableSelfCheckError: Double { diffeq_blas_self_check_portable() }

  /// True when the shim's own C kernels use their AVX-512 compilation (else baseline SSE2).
  static var kernelsUseAVX512: Bool { diffeq_kernels_use_avx512() != 0 }

  /// The CPU features seen by the loader.
  static var cpuFeatures: (avx2: Bool, fma: Bool, avx512: Bool) {
    let f = diffeq_cpu_features()
    let all512 = Int32(DIFFEQ_CPU_AVX512F | DIFFEQ_CPU_AVX512BW | DIFFEQ_CPU_AVX512DQ)
      | Int32(DIFFEQ_CPU_AVX512VL)
    return (f & Int32(DIFFEQ_CPU_AVX2) != 0, f & Int32(DIFFEQ_CPU_FMA) != 0, f & all512 == all512)
  }
}
