// CBLAS — private C shim of the Neural module: loads OpenBLAS at first use (dlopen, never linked),
// choosing its kernel family from the CPU's features, and provides the tape-free float kernels
// (im2col, pooling, upsampling, elementwise helpers) that Neural/Kernels wraps.
//
// No stable API: only Sources/Neural/Kernels calls these functions. Nothing here appears in a public
// Swift signature. All matrices are row-major; all images are NHWC; all sizes are in elements.
#ifndef DIFFEQ_CBLAS_H
#define DIFFEQ_CBLAS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// MARK: - CPU features

/// Bits returned by `diffeq_cpu_features` (cpuid, with the OS's xgetbv support checked).
enum {
  DIFFEQ_CPU_AVX2 = 1 << 0,
  DIFFEQ_CPU_FMA = 1 << 1,
  DIFFEQ_CPU_AVX512F = 1 << 2,
  DIFFEQ_CPU_AVX512BW = 1 << 3,
  DIFFEQ_CPU_AVX512DQ = 1 << 4,
  DIFFEQ_CPU_AVX512VL = 1 << 5,
  DIFFEQ_CPU_AVX512BF16 = 1 << 6,
};

/// The CPU feature bits (DIFFEQ_CPU_*) usable by this process (CPU and OS support both).
int diffeq_cpu_features(void);

/// 1 when the AVX-512 (F+BW+DQ+VL) kernels in this shim are used, 0 for the portable ones
/// (also when DIFFEQ_KERNELS=portable is set, for testing the portable paths).
int diffeq_kernels_use_avx512(void);

// MARK: - BLAS loading

/// The backend serving `diffeq_sgemm` after `diffeq_blas_load`.
enum {
  DIFFEQ_BLAS_OPENBLAS = 1,  ///< OpenBLAS loaded, kernel self-check passed.
  DIFFEQ_BLAS_PORTABLE = 2,  ///< Fallback: the portable blocked sgemm in this shim.
};

/// The reason for a portable fallback (`diffeq_blas_failure`).
enum {
  DIFFEQ_BLAS_OK = 0,
  DIFFEQ_BLAS_LIBRARY_MISSING = 1,   ///< no OpenBLAS shared library could be dlopen'ed.
  DIFFEQ_BLAS_SYMBOL_MISSING = 2,    ///< the library lacks cblas_sgemm (or cblas_sgemv).
  DIFFEQ_BLAS_SELF_CHECK_FAILED = 3, ///< the loaded kernel gave a wrong reference product.
  DIFFEQ_BLAS_DISABLED = 4,          ///< DIFFEQ_BLAS=portable was set in the environment.
};

/// Loads OpenBLAS once (thread-safe, idempotent) and returns the backend (DIFFEQ_BLAS_*).
///
/// Order: if OPENBLAS_CORETYPE is unset, it is set from cpuid (AVX2+FMA, with or without AVX-512,
/// -> Haswell, measured faster than SkylakeX on this project's AVX-512 machines; else left unset) for the duration of dlopen and removed afterwards. The
/// library is `$DIFFEQ_BLAS_LIBRARY` if set, else the first of libopenblas.so.0, libopenblas.so,
/// libopenblasp.so.0, libopenblas.dylib. The kernel is then checked once against a Double
/// reference product (67x45x53, every transpose pair); any failure selects the portable sgemm.
int diffeq_blas_load(void);

/// Why the portable fallback is in use (DIFFEQ_BLAS_OK when OpenBLAS serves).
int diffeq_blas_failure(void);

/// Human-readable detail of the load (library path and core, or the failure). Never NULL.
const char *diffeq_blas_message(void);

/// The OpenBLAS core name (e.g. "SkylakeX"), or "portable". Never NULL.
const char *diffeq_blas_core_name(void);

/// The core type this shim requested ("" if it set none: user's choice or unknown CPU). Never NULL.
const char *diffeq_blas_requested_core(void);

/// 1 if OpenBLAS was already loaded in the process before `diffeq_blas_load` (its kernel was then
/// chosen at process start and OPENBLAS_CORETYPE could not take effect), else 0.
int diffeq_blas_was_preloaded(void);

/// Largest relative error of the self-check product (0 before loading; NaN when it was not run).
double diffeq_blas_self_check_error(void);

/// The configured thread count: OpenBLAS's (outside parallel regions), or for the portable
/// backend the count used by the kernels' own parallel loops (default: online CPUs).
int diffeq_blas_get_threads(void);

/// Sets the thread count (OpenBLAS's, clamped by it; portable: at most the online CPUs). n >= 1.
void diffeq_blas_set_threads(int n);

/// Marks the start of a region where the caller runs its own threads that each call
/// diffeq_sgemm: OpenBLAS is switched to 1 thread until the matching diffeq_blas_end_parallel
/// (nesting and concurrent regions are counted; the configured count is restored by the last).
void diffeq_blas_begin_parallel(void);

/// Ends a region started by diffeq_blas_begin_parallel.
void diffeq_blas_end_parallel(void);

/// Atomically adds `v` to `*p` and returns the previous value (work distribution counters).
static inline long diffeq_fetch_add(long *p, long v) {
  return __atomic_fetch_add(p, v, __ATOMIC_RELAXED);
}

/// Number of online CPUs (sysconf), at least 1.
int diffeq_online_cpus(void);

// MARK: - BLAS calls (row-major)

/// C = alpha op(A) op(B) + beta C, row-major; op(X) = X or X^T (trans != 0). When beta == 0, C is
/// not read (NaNs in C do not propagate). A is m x k after op, B is k x n after op, C is m x n.
void diffeq_sgemm(int transA, int transB, int m, int n, int k, float alpha, const float *a, int lda,
                  const float *b, int ldb, float beta, float *c, int ldc);

/// The portable blocked sgemm (used as fallback; exported for tests). Same contract as diffeq_sgemm.
void diffeq_sgemm_portable(int transA, int transB, int m, int n, int k, float alpha,
                           const float *a, int lda, const float *b, int ldb, float beta, float *c,
                           int ldc);

// MARK: - Test hooks (no effect on the loaded backend)

/// The CBLAS sgemm signature (order, transA, transB as the CBLAS enum values 101, 111, 112).
typedef void (*diffeq_cblas_sgemm_fn)(int order, int transA, int transB, int m, int n, int k,
                                      float alpha, const float *a, int lda, const float *b,
                                      int ldb, float beta, float *c, int ldc);

/// The loader's self-check (max relative error, 4 transpose pairs) run on the portable sgemm.
double diffeq_blas_self_check_portable(void);

/// The loader's self-check run on any CBLAS-style sgemm.
double diffeq_blas_self_check_kernel(diffeq_cblas_sgemm_fn kernel);

/// Runs the loader's open / resolve / self-check steps on one library path, without changing the
/// loaded backend. Returns DIFFEQ_BLAS_OK or the failure code; `message` gets the detail.
int diffeq_blas_probe(const char *path, char *message, int size);

/// y = alpha op(A) x + beta y, row-major A (m x n), op(A) = A or A^T. Unit strides.
void diffeq_sgemv(int trans, int m, int n, float alpha, const float *a, int lda, const float *x,
                  float beta, float *y);

// MARK: - Convolution helpers (NHWC)

/// im2col for a stride-1 k x k convolution with zero padding, for images [n0, n1) of a batch:
/// col[((n - n0) * ho + oy) * wo + ox][(ky * k + kx) * c + ci] = x[n][oy + ky - padTop][ox + kx -
/// padLeft][ci] (0 outside the image). x is the whole batch [batch, h, w, c].
void diffeq_im2col(const float *x, int n0, int n1, int h, int w, int c, int k, int padTop,
                   int padLeft, int ho, int wo, float *col);

/// The adjoint of diffeq_im2col: x[n][iy][ix][ci] (+)= sum of the col entries that im2col reads
/// from it. Images [n0, n1) of x are written; `accumulate` = 0 overwrites them, 1 adds.
void diffeq_col2im(const float *col, int n0, int n1, int h, int w, int c, int k, int padTop,
                   int padLeft, int ho, int wo, float *x, int accumulate);

/// Flips a HWIO kernel spatially and swaps its channel axes: out[k-1-ky][k-1-kx][co][ci] =
/// w[ky][kx][ci][co]. Sizes k*k*cin*cout.
void diffeq_flip_kernel(const float *w, int k, int cin, int cout, float *out);

// MARK: - Direct convolution kernels (AVX-512; return 0 and do nothing when unsupported)
//
// Epilogue shared by the kernels that produce an activation-sized output:
//   out = act((accumulate ? out : (bias ? bias : 0)) + <convolution part>),  act = relu if relu,
// where relu keeps NaN (max(0, NaN) = NaN).

/// Floats of scratch the direct kernels need for one image plane [ho + k − 1][wo + k − 1][c].
size_t diffeq_conv_direct_scratch(int h, int w, int c, int k, int ho, int wo);

/// Forward: y[n][oy][ox][0:f] = epilogue(Σ_{u,v,ci} x[n][oy+u−pt][ox+v−pl][ci] · w[u][v][ci][0:f])
/// for images [n0, n1). Any f ≥ 1 (a partial last group of 16 is masked).
int diffeq_conv_direct_forward(const float *x, int n0, int n1, int h, int w, int c, int k, int pt,
                               int pl, int ho, int wo, int f, const float *wt, const float *bias,
                               float *y, int accumulate, int relu, float *scratch);

/// Scratch floats of diffeq_conv_direct_forward_fewf (planar padded planes of one image).
size_t diffeq_conv_direct_fewf_scratch(int c, int k, int ho, int wo);

/// The forward of diffeq_conv_direct_forward for few output channels (1 ≤ f ≤ 10), vectorised
/// over 32–64 pixels instead of over channels (which would leave most of the 16 lanes idle).
int diffeq_conv_direct_forward_fewf(const float *x, int n0, int n1, int h, int w, int c, int k,
                                    int pt, int pl, int ho, int wo, int f, const float *wt,
                                    const float *bias, float *y, int accumulate, int relu,
                                    float *scratch);

/// dw[u][v][ci][0:f] += Σ_{n in [n0,n1), oy, ox} x[n][oy+u−pt][ox+v−pl][ci] · dy[n][oy][ox][0:f].
/// Needs f % 16 == 0. Scratch: `planes` ≥ 1 padded image planes, each
/// diffeq_conv_direct_scratch(...) rounded up to a multiple of 16 floats (more planes keep the
/// accumulators in registers across images: faster for small images).
int diffeq_conv_direct_weight_gradient(const float *x, int n0, int n1, int h, int w, int c, int k,
                                       int pt, int pl, int ho, int wo, int f, const float *dy,
                                       float *dw, float *scratch, int planes);

/// One-channel input gradient: dx[n][p][q] = epilogue(Σ_{u,v,o} dy[n][p−u+pt][q−v+pl][o] ·
/// w[u][v][0][o]) (dx [batch][h][w]). Needs f % 16 == 0. Scratch: (h+k−1)(w+k−1)f + k·k·f floats.
int diffeq_conv_direct_input_gradient(const float *dy, int n0, int n1, int h, int w, int k,
                                      int pt, int pl, int ho, int wo, int f, const float *wt,
                                      const float *bias, float *dx, int accumulate, int relu,
                                      float *scratch);

/// Input gradient by scattering each dy pixel through the kernel (no work on zero padding):
/// dx[n][p][q][0:c] = epilogue(Σ_{u,v,o} dy[n][p−u+pt][q−v+pl][o] · w[u][v][0:c][o]). Any c, f ≥ 1;
/// stride-1 valid or same geometry. Scratch: (ho+k−1)(wo+k−1)c + k·k·c·f floats.
int diffeq_conv_direct_input_scatter(const float *dy, int n0, int n1, int h, int w, int c, int k,
                                     int pt, int pl, int ho, int wo, int f, const float *wt,
                                     const float *bias, float *dx, int accumulate, int relu,
                                     float *scratch);

/// y[r][j] = bias[j] for rows r < rows, j < cols (broadcast rows; bias may be NULL -> zeros).
void diffeq_fill_rows(float *y, int rows, int cols, const float *bias);

// MARK: - Pooling and upsampling (NHWC)

/// 2x2 / stride-2 max pooling with floor output size (ho = h/2, wo = w/2). idx gets the window
/// position 0..3 (dy*2+dx) of the maximum (first maximum in row-major order; NaN wins).
void diffeq_maxpool2_forward(const float *x, int batch, int h, int w, int c, float *y,
                             uint8_t *idx);

/// Backward of diffeq_maxpool2_forward: dx (+)= dy routed to the argmax (other entries 0 when
/// accumulate = 0; unpooled trailing rows/columns of odd sizes get 0).
void diffeq_maxpool2_backward(const float *dy, const uint8_t *idx, int batch, int h, int w, int c,
                              float *dx, int accumulate);

/// Nearest upsampling by an integer factor f: y[n][i][j][ch] = x[n][i/f][j/f][ch].
void diffeq_upsample_forward(const float *x, int batch, int h, int w, int c, int f, float *y);

/// Backward of nearest upsampling: dx[n][i][j][ch] (+)= sum over the f x f block of dy.
void diffeq_upsample_backward(const float *dy, int batch, int h, int w, int c, int f, float *dx,
                              int accumulate);

// MARK: - Elementwise helpers

/// y[r][j] += bias[j] (rows x cols, row-major).
void diffeq_add_bias(float *y, int rows, int cols, const float *bias);

/// out[j] (+)= sum_r x[r][j] (column sums of a rows x cols matrix).
void diffeq_sum_rows(const float *x, int rows, int cols, float *out, int accumulate);

/// y[i] = max(x[i], 0) (in place allowed). NaN stays NaN.
void diffeq_relu_forward(const float *x, size_t count, float *y);

/// dx[i] (+)= y[i] > 0 ? dy[i] : 0, where y is the relu output (or the input; same sign test).
void diffeq_relu_backward(const float *y, const float *dy, size_t count, float *dx, int accumulate);

/// dz[r][j] = y[r][j] > 0 ? dy[r][j] : 0 (dz may alias dy) and db[j] (+)= Σ_r dz[r][j] (db may be
/// NULL): the backward of a ReLU fused with the bias gradient of the layer before it.
void diffeq_relu_backward_bias(const float *y, const float *dy, int rows, int cols, float *dz,
                               float *db, int accumulate_db);

// MARK: - Loss kernels

/// Binary cross-entropy from logits over n elements: returns Σ_i max(x_i,0) − x_i·y_i +
/// log1p(e^{−|x_i|}) (in Double, summed in blocks of at most 1,024 Float terms per lane) and, when
/// grad is not NULL, writes grad[i] = scale·(σ(x_i) − y_i). NaN propagates.
double diffeq_bce_logits(const float *x, const float *y, size_t n, float *grad, float scale);

#ifdef __cplusplus
}
#endif
#endif  // DIFFEQ_CBLAS_H
