// NHWC convolution helpers (im2col, col2im, kernel flip), pooling, upsampling and elementwise
// kernels. Each loop body is written once (always-inline) and compiled twice: for AVX-512 and for
// the baseline ISA, chosen at run time (diffeq_kernels_use_avx512).
#include "CBLAS.h"

#include <math.h>
#include <string.h>

#define ALWAYS_INLINE static inline __attribute__((always_inline))
#define AVX512 __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,avx2,fma")))

/// Declares `name(args)` dispatching to an AVX-512 or a baseline compilation of `name##_body`.
#define DISPATCH(ret, name, params, args)              \
  AVX512 static ret name##_wide params { name##_body args; } \
  static ret name##_base params { name##_body args; }        \
  ret name params {                                     \
    if (diffeq_kernels_use_avx512()) {                  \
      name##_wide args;                                 \
    } else {                                            \
      name##_base args;                                 \
    }                                                   \
  }

// MARK: - im2col / col2im

#if defined(__x86_64__)
#include <immintrin.h>
/// d[0..n) = s[0..n) with 16-wide vectors and a masked tail (memcpy's call overhead dominates
/// the short runs of im2col).
static inline AVX512 void copy_wide(float *d, const float *s, size_t n) {
  size_t i = 0;
  for (; i + 16 <= n; i += 16) _mm512_storeu_ps(d + i, _mm512_loadu_ps(s + i));
  if (i < n) {
    const __mmask16 m = (__mmask16)((1u << (n - i)) - 1);
    _mm512_mask_storeu_ps(d + i, m, _mm512_maskz_loadu_ps(m, s + i));
  }
}
static inline AVX512 void zero_wide(float *d, size_t n) {
  size_t i = 0;
  const __m512 z = _mm512_setzero_ps();
  for (; i + 16 <= n; i += 16) _mm512_storeu_ps(d + i, z);
  if (i < n) _mm512_mask_storeu_ps(d + i, (__mmask16)((1u << (n - i)) - 1), z);
}
/// d[0..n) += s[0..n).
static inline AVX512 void add_wide(float *d, const float *s, size_t n) {
  size_t i = 0;
  for (; i + 16 <= n; i += 16)
    _mm512_storeu_ps(d + i, _mm512_add_ps(_mm512_loadu_ps(d + i), _mm512_loadu_ps(s + i)));
  if (i < n) {
    const __mmask16 m = (__mmask16)((1u << (n - i)) - 1);
    _mm512_mask_storeu_ps(d + i, m, _mm512_add_ps(_mm512_maskz_loadu_ps(m, d + i), _mm512_maskz_loadu_ps(m, s + i)));
  }
}
#define COPY(wide, d, s, n) (wide ? copy_wide(d, s, n) : (void)memcpy(d, s, sizeof(float) * (n)))
#define ZERO(wide, d, n) (wide ? zero_wide(d, n) : (void)memset(d, 0, sizeof(float) * (n)))
#define ADD(wide, d, s, n)                          \
  do {                                              \
    if (wide) {                                     \
      add_wide(d, s, n);                            \
    } else {                                        \
      for (size_t i_ = 0; i_ < (n); i_++) (d)[i_] += (s)[i_]; \
    }                                               \
  } while (0)
#else
#define COPY(wide, d, s, n) memcpy(d, s, sizeof(float) * (n))
#define ZERO(wide, d, n) memset(d, 0, sizeof(float) * (n))
#define ADD(wide, d, s, n)                                       \
  do {                                                           \
    for (size_t i_ = 0; i_ < (n); i_++) (d)[i_] += (s)[i_];      \
  } while (0)
#endif

ALWAYS_INLINE void im2col_body(const float *restrict x, int n0, int n1, int h, int w, int c,
                               int k, int pt, int pl, int ho, int wo, float *restrict col,
                               const int wide) {
  const size_t kk = (size_t)k * k * c;  // col row length
  const size_t rowlen = (size_t)k * c;  // one tap row: k pixels x c channels, contiguous in x
  for (int n = n0; n < n1; n++) {
    const float *xn = x + (size_t)n * h * w * c;
    for (int oy = 0; oy < ho; oy++) {
      for (int ox = 0; ox < wo; ox++) {
        float *dst = col + (((size_t)(n - n0) * ho + oy) * wo + ox) * kk;
        const int ix0 = ox - pl;
        const int lo = ix0 < 0 ? -ix0 : 0;                  // first valid tap column
        const int hi = ix0 + k > w ? w - ix0 : k;           // one past the last valid one
        for (int ky = 0; ky < k; ky++) {
          const int iy = oy + ky - pt;
          float *d = dst + (size_t)ky * rowlen;
          if (iy < 0 || iy >= h || hi <= lo) {
            ZERO(wide, d, rowlen);
            continue;
          }
          const float *s = xn + ((size_t)iy * w + ix0) * c;
          if (lo > 0) ZERO(wide, d, (size_t)lo * c);
          COPY(wide, d + (size_t)lo * c, s + (size_t)lo * c, (size_t)(hi - lo) * c);
          if (hi < k) ZERO(wide, d + (size_t)hi * c, (size_t)(k - hi) * c);
        }
      }
    }
  }
}

AVX512 static void im2col_wide(const float *x, int n0, int n1, int h, int w, int c, int k, int pt,
                               int pl, int ho, int wo, float *col) {
  im2col_body(x, n0, n1, h, w, c, k, pt, pl, ho, wo, col, 1);
}
static void im2col_base(const float *x, int n0, int n1, int h, int w, int c, int k, int pt, int pl,
                        int ho, int wo, float *col) {
  im2col_body(x, n0, n1, h, w, c, k, pt, pl, ho, wo, col, 0);
}
void diffeq_im2col(const float *x, int n0, int n1, int h, int w, int c, int k, int padTop,
                   int padLeft, int ho, int wo, float *col) {
  if (diffeq_kernels_use_avx512()) {
    im2col_wide(x, n0, n1, h, w, c, k, padTop, padLeft, ho, wo, col);
  } else {
    im2col_base(x, n0, n1, h, w, c, k, padTop, padLeft, ho, wo, col);
  }
}

ALWAYS_INLINE void col2im_body(const float *restrict col, int n0, int n1, int h, int w, int c,
                               int k, int pt, int pl, int ho, int wo, float *restrict x,
                               int accumulate, const int wide) {
  const size_t kk = (size_t)k * k * c;
  const size_t rowlen = (size_t)k * c;
  for (int n = n0; n < n1; n++) {
    float *xn = x + (size_t)n * h * w * c;
    if (!accumulate) ZERO(wide, xn, (size_t)h * w * c);
    for (int oy = 0; oy < ho; oy++) {
      for (int ox = 0; ox < wo; ox++) {
        const float *src = col + (((size_t)(n - n0) * ho + oy) * wo + ox) * kk;
        const int ix0 = ox - pl;
        const int lo = ix0 < 0 ? -ix0 : 0;
        const int hi = ix0 + k > w ? w - ix0 : k;
        if (hi <= lo) continue;
        for (int ky = 0; ky < k; ky++) {
          const int iy = oy + ky - pt;
          if (iy < 0 || iy >= h) continue;
          float *d = xn + ((size_t)iy * w + ix0 + lo) * c;
          const float *s = src + (size_t)ky * rowlen + (size_t)lo * c;
          ADD(wide, d, s, (size_t)(hi - lo) * c);
        }
      }
    }
  }
}

AVX512 static void col2im_wide(const float *col, int n0, int n1, int h, int w, int c, int k, int pt,
                               int pl, int ho, int wo, float *x, int accumulate) {
  col2im_body(col, n0, n1, h, w, c, k, pt, pl, ho, wo, x, accumulate, 1);
}
static void col2im_base(const float *col, int n0, int n1, int h, int w, int c, int k, int pt,
                        int pl, int ho, int wo, float *x, int accumulate) {
  col2im_body(col, n0, n1, h, w, c, k, pt, pl, ho, wo, x, accumulate, 0);
}
void diffeq_col2im(const float *col, int n0, int n1, int h, int w, int c, int k, int padTop,
                   int padLeft, int ho, int wo, float *x, int accumulate) {
  if (diffeq_kernels_use_avx512()) {
    col2im_wide(col, n0, n1, h, w, c, k, padTop, padLeft, ho, wo, x, accumulate);
  } else {
    col2im_base(col, n0, n1, h, w, c, k, padTop, padLeft, ho, wo, x, accumulate);
  }
}

void diffeq_flip_kernel(const float *w, int k, int cin, int cout, float *out) {
  for (int ky = 0; ky < k; ky++)
    for (int kx = 0; kx < k; kx++) {
      const float *src = w + ((size_t)ky * k + kx) * cin * cout;
      float *dst = out + ((size_t)(k - 1 - ky) * k + (k - 1 - kx)) * cout * cin;
      for (int ci = 0; ci < cin; ci++)
        for (int co = 0; co < cout; co++) dst[(size_t)co * cin + ci] = src[(size_t)ci * cout + co];
    }
}

ALWAYS_INLINE void diffeq_fill_rows_body(float *restrict y, int rows, int cols,
                                  const float *restrict bias) {
  if (bias == NULL) {
    memset(y, 0, sizeof(float) * (size_t)rows * cols);
    return;
  }
  for (int r = 0; r < rows; r++) {
    float *yr = y + (size_t)r * cols;
    for (int j = 0; j < cols; j++) yr[j] = bias[j];
  }
}
DISPATCH(void, diffeq_fill_rows, (float *y, int rows, int cols, const float *bias),
         (y, rows, cols, bias))

// MARK: - Pooling and upsampling

ALWAYS_INLINE void diffeq_maxpool2_forward_body(const float *restrict x, int batch, int h, int w, int c,
                                         float *restrict y, uint8_t *restrict idx) {
  const int ho = h / 2, wo = w / 2;
  for (int n = 0; n < batch; n++) {
    for (int oy = 0; oy < ho; oy++) {
      const float *r0 = x + (((size_t)n * h + 2 * oy) * w) * c;
      const float *r1 = r0 + (size_t)w * c;
      float *yr = y + (((size_t)n * ho + oy) * wo) * c;
      uint8_t *ir = idx + (((size_t)n * ho + oy) * wo) * c;
      for (int ox = 0; ox < wo; ox++) {
        const float *a = r0 + (size_t)2 * ox * c, *b = a + c, *d = r1 + (size_t)2 * ox * c,
                    *e = d + c;
        float *yo = yr + (size_t)ox * c;
        uint8_t *io = ir + (size_t)ox * c;
        for (int ch = 0; ch < c; ch++) {
          // First maximum in window order 0..3; a NaN candidate wins and stays.
          float best = a[ch];
          uint8_t arg = 0;
          const float v1 = b[ch], v2 = d[ch], v3 = e[ch];
          const int nan0 = best != best;
          if (!nan0 && (v1 > best || v1 != v1)) { best = v1; arg = 1; }
          if (best == best && (v2 > best || v2 != v2)) { best = v2; arg = 2; }
          if (best == best && (v3 > best || v3 != v3)) { best = v3; arg = 3; }
          yo[ch] = best;
          io[ch] = arg;
        }
      }
    }
  }
}
DISPATCH(void, diffeq_maxpool2_forward,
         (const float *x, int batch, int h, int w, int c, float *y, uint8_t *idx),
         (x, batch, h, w, c, y, idx))

ALWAYS_INLINE void diffeq_maxpool2_backward_body(const float *restrict dy,
                                                 const uint8_t *restrict idx, int batch, int h,
                                                 int w, int c, float *restrict dx, int accumulate) {
  // Every pooled dx entry is written exactly once (dy or 0), so no clearing pass is needed; only
  // the trailing row/column of an odd size is cleared.
  const int ho = h / 2, wo = w / 2;
  for (int n = 0; n < batch; n++) {
    float *dxn = dx + (size_t)n * h * w * c;
    for (int oy = 0; oy < ho; oy++) {
      float *r0 = dxn + ((size_t)2 * oy * w) * c;
      float *r1 = r0 + (size_t)w * c;
      const float *gr = dy + (((size_t)n * ho + oy) * wo) * c;
      const uint8_t *ir = idx + (((size_t)n * ho + oy) * wo) * c;
      for (int ox = 0; ox < wo; ox++) {
        float *p0 = r0 + (size_t)2 * ox * c, *p1 = p0 + c, *p2 = r1 + (size_t)2 * ox * c,
              *p3 = p2 + c;
        const float *g = gr + (size_t)ox * c;
        const uint8_t *io = ir + (size_t)ox * c;
        if (accumulate) {
          for (int ch = 0; ch < c; ch++) {
            const float v = g[ch];
            const int i = io[ch];
            p0[ch] += i == 0 ? v : 0.0f;
            p1[ch] += i == 1 ? v : 0.0f;
            p2[ch] += i == 2 ? v : 0.0f;
            p3[ch] += i == 3 ? v : 0.0f;
          }
        } else {
          for (int ch = 0; ch < c; ch++) {
            const float v = g[ch];
            const int i = io[ch];
            p0[ch] = i == 0 ? v : 0.0f;
            p1[ch] = i == 1 ? v : 0.0f;
            p2[ch] = i == 2 ? v : 0.0f;
            p3[ch] = i == 3 ? v : 0.0f;
          }
        }
      }
      if (!accumulate && (w & 1)) {  // odd width: the last column of both rows
        memset(r0 + (size_t)(w - 1) * c, 0, sizeof(float) * (size_t)c);
        memset(r1 + (size_t)(w - 1) * c, 0, sizeof(float) * (size_t)c);
      }
    }
    if (!accumulate && (h & 1)) memset(dxn + (size_t)(h - 1) * w * c, 0, sizeof(float) * (size_t)w * c);
  }
}
DISPATCH(void, diffeq_maxpool2_backward,
         (const float *dy, const uint8_t *idx, int batch, int h, int w, int c, float *dx,
          int accumulate),
         (dy, idx, batch, h, w, c, dx, accumulate))

ALWAYS_INLINE void diffeq_upsample_forward_body(const float *restrict x, int batch, int h, int w, int c,
                                         int f, float *restrict y) {
  const int W = w * f;
  for (int n = 0; n < batch; n++) {
    for (int i = 0; i < h; i++) {
      const float *xr = x + (((size_t)n * h + i) * w) * c;
      float *y0 = y + (((size_t)n * h * f + (size_t)i * f) * W) * c;
      for (int j = 0; j < w; j++) {
        const float *s = xr + (size_t)j * c;
        for (int b = 0; b < f; b++) {
          float *d = y0 + ((size_t)j * f + b) * c;
          for (int ch = 0; ch < c; ch++) d[ch] = s[ch];
        }
      }
      for (int a = 1; a < f; a++) memcpy(y0 + (size_t)a * W * c, y0, sizeof(float) * (size_t)W * c);
    }
  }
}
DISPATCH(void, diffeq_upsample_forward,
         (const float *x, int batch, int h, int w, int c, int f, float *y),
         (x, batch, h, w, c, f, y))

ALWAYS_INLINE void diffeq_upsample_backward_body(const float *restrict dy, int batch, int h, int w, int c,
                                          int f, float *restrict dx, int accumulate) {
  const int W = w * f;
  for (int n = 0; n < batch; n++) {
    for (int i = 0; i < h; i++) {
      float *xr = dx + (((size_t)n * h + i) * w) * c;
      if (!accumulate) memset(xr, 0, sizeof(float) * (size_t)w * c);
      for (int a = 0; a < f; a++) {
        const float *yr = dy + (((size_t)n * h * f + (size_t)i * f + a) * W) * c;
        for (int j = 0; j < w; j++) {
          float *d = xr + (size_t)j * c;
          for (int b = 0; b < f; b++) {
            const float *s = yr + ((size_t)j * f + b) * c;
            for (int ch = 0; ch < c; ch++) d[ch] += s[ch];
          }
        }
      }
    }
  }
}
DISPATCH(void, diffeq_upsample_backward,
         (const float *dy, int batch, int h, int w, int c, int f, float *dx, int accumulate),
         (dy, batch, h, w, c, f, dx, accumulate))

// MARK: - Elementwise

ALWAYS_INLINE void diffeq_add_bias_body(float *restrict y, int rows, int cols,
                                 const float *restrict bias) {
  for (int r = 0; r < rows; r++) {
    float *yr = y + (size_t)r * cols;
    for (int j = 0; j < cols; j++) yr[j] += bias[j];
  }
}
DISPATCH(void, diffeq_add_bias, (float *y, int rows, int cols, const float *bias),
         (y, rows, cols, bias))

ALWAYS_INLINE void diffeq_sum_rows_body(const float *restrict x, int rows, int cols, float *restrict out,
                                 int accumulate) {
  if (!accumulate) memset(out, 0, sizeof(float) * (size_t)cols);
  // Blocks of 64 columns accumulate in a register-sized buffer over all rows.
  for (int j0 = 0; j0 < cols; j0 += 64) {
    const int nc = cols - j0 < 64 ? cols - j0 : 64;
    float acc[64] = {0};
    for (int r = 0; r < rows; r++) {
      const float *xr = x + (size_t)r * cols + j0;
      for (int j = 0; j < nc; j++) acc[j] += xr[j];
    }
    for (int j = 0; j < nc; j++) out[j0 + j] += acc[j];
  }
}
DISPATCH(void, diffeq_sum_rows, (const float *x, int rows, int cols, float *out, int accumulate),
         (x, rows, cols, out, accumulate))

ALWAYS_INLINE void diffeq_relu_forward_body(const float *x, size_t count, float *y) {
  for (size_t i = 0; i < count; i++) {
    const float v = x[i];
    y[i] = v > 0.0f ? v : (v != v ? v : 0.0f);
  }
}
#if !defined(__x86_64__)
DISPATCH(void, diffeq_relu_forward, (const float *x, size_t count, float *y), (x, count, y))
#endif

// No restrict: dx may alias dy (in-place backward).
ALWAYS_INLINE void diffeq_relu_backward_body(const float *y, const float *dy, size_t count, float *dx,
                                      int accumulate) {
  if (accumulate) {
    for (size_t i = 0; i < count; i++) dx[i] += y[i] > 0.0f ? dy[i] : 0.0f;
  } else {
    for (size_t i = 0; i < count; i++) dx[i] = y[i] > 0.0f ? dy[i] : 0.0f;
  }
}
#if defined(__x86_64__)
// Explicit AVX-512 versions of the ReLU kernels: they usually run in place (dx = dy, y = x),
// where the compiler's run-time overlap check sends the auto-vectorised loop to its scalar
// fallback (measured: the scalar loop, with the column sums in memory, was 5 % of a VAE step).
// Same operations in the same order as the bodies above, so the results are bit-identical.
static inline AVX512 __mmask16 lanes_mask(size_t n) {
  return n >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << n) - 1);
}

// ReLU forward, often in place (y = x): y = x where x > 0 or x is NaN, else +0.
AVX512 static void diffeq_relu_forward_wide(const float *x, size_t count, float *y) {
  const __m512 zero = _mm512_setzero_ps();
  for (size_t i = 0; i < count; i += 16) {
    const __mmask16 m = lanes_mask(count - i);
    const __m512 v = _mm512_maskz_loadu_ps(m, x + i);
    const __mmask16 keep = _mm512_cmp_ps_mask(v, zero, _CMP_GT_OQ) | _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q);
    _mm512_mask_storeu_ps(y + i, m, _mm512_maskz_mov_ps(keep, v));
  }
}
static void diffeq_relu_forward_base(const float *x, size_t count, float *y) {
  diffeq_relu_forward_body(x, count, y);
}
void diffeq_relu_forward(const float *x, size_t count, float *y) {
  if (diffeq_kernels_use_avx512()) {
    diffeq_relu_forward_wide(x, count, y);
  } else {
    diffeq_relu_forward_base(x, count, y);
  }
}

AVX512 static void diffeq_relu_backward_wide(const float *y, const float *dy, size_t count,
                                            float *dx, int accumulate) {
  const __m512 zero = _mm512_setzero_ps();
  for (size_t i = 0; i < count; i += 16) {
    const __mmask16 m = lanes_mask(count - i);
    const __mmask16 pos = _mm512_mask_cmp_ps_mask(m, _mm512_maskz_loadu_ps(m, y + i), zero, _CMP_GT_OQ);
    __m512 g = _mm512_maskz_loadu_ps(pos, dy + i);
    if (accumulate) g = _mm512_add_ps(_mm512_maskz_loadu_ps(m, dx + i), g);
    _mm512_mask_storeu_ps(dx + i, m, g);
  }
}
static void diffeq_relu_backward_base(const float *y, const float *dy, size_t count, float *dx,
                                      int accumulate) {
  diffeq_relu_backward_body(y, dy, count, dx, accumulate);
}
void diffeq_relu_backward(const float *y, const float *dy, size_t count, float *dx, int accumulate) {
  if (diffeq_kernels_use_avx512()) {
    diffeq_relu_backward_wide(y, dy, count, dx, accumulate);
  } else {
    diffeq_relu_backward_base(y, dy, count, dx, accumulate);
  }
}
#else
DISPATCH(void, diffeq_relu_backward,
         (const float *y, const float *dy, size_t count, float *dx, int accumulate),
         (y, dy, count, dx, accumulate))
#endif

// dz = y > 0 ? dy : 0 (dz may alias dy); db (+)= column sums of dz (db may be NULL).
ALWAYS_INLINE void diffeq_relu_backward_bias_body(const float *y, const float *dy, int rows, int cols,
                                                  float *dz, float *db, int accumulate_db) {
  if (db != NULL && !accumulate_db) memset(db, 0, sizeof(float) * (size_t)cols);
  for (int j0 = 0; j0 < cols; j0 += 64) {
    const int nc = cols - j0 < 64 ? cols - j0 : 64;
    float acc[64] = {0};
    for (int r = 0; r < rows; r++) {
      const size_t o = (size_t)r * cols + j0;
      for (int j = 0; j < nc; j++) {
        const float g = y[o + j] > 0.0f ? dy[o + j] : 0.0f;
        dz[o + j] = g;
        acc[j] += g;
      }
    }
    if (db != NULL)
      for (int j = 0; j < nc; j++) db[j0 + j] += acc[j];
  }
}
#if defined(__x86_64__)
/// Column block of up to 64 columns: 4 accumulators in registers, rows in order.
AVX512 static void diffeq_relu_backward_bias_wide(const float *y, const float *dy, int rows,
                                                 int cols, float *dz, float *db, int accumulate_db) {
  if (db != NULL && !accumulate_db) memset(db, 0, sizeof(float) * (size_t)cols);
  const __m512 zero = _mm512_setzero_ps();
  for (int j0 = 0; j0 < cols; j0 += 64) {
    const int nc = cols - j0 < 64 ? cols - j0 : 64;
    const __mmask16 m0 = lanes_mask((size_t)nc), m1 = nc > 16 ? lanes_mask((size_t)nc - 16) : 0,
                    m2 = nc > 32 ? lanes_mask((size_t)nc - 32) : 0,
                    m3 = nc > 48 ? lanes_mask((size_t)nc - 48) : 0;
    __m512 a0 = zero, a1 = zero, a2 = zero, a3 = zero;
#define RELU_STEP(acc, mask, off)                                                              \
  do {                                                                                         \
    const __mmask16 pos_ =                                                                     \
        _mm512_mask_cmp_ps_mask(mask, _mm512_maskz_loadu_ps(mask, y + o + off), zero, _CMP_GT_OQ); \
    const __m512 g_ = _mm512_maskz_loadu_ps(pos_, dy + o + off);                               \
    _mm512_mask_storeu_ps(dz + o + off, mask, g_);                                             \
    acc = _mm512_add_ps(acc, g_);                                                              \
  } while (0)
    for (int r = 0; r < rows; r++) {
      const size_t o = (size_t)r * cols + j0;
      RELU_STEP(a0, m0, 0);
      if (m1) RELU_STEP(a1, m1, 16);
      if (m2) RELU_STEP(a2, m2, 32);
      if (m3) RELU_STEP(a3, m3, 48);
    }
#undef RELU_STEP
    if (db != NULL) {
      float *d = db + j0;
      _mm512_mask_storeu_ps(d, m0, _mm512_add_ps(_mm512_maskz_loadu_ps(m0, d), a0));
      if (m1) _mm512_mask_storeu_ps(d + 16, m1, _mm512_add_ps(_mm512_maskz_loadu_ps(m1, d + 16), a1));
      if (m2) _mm512_mask_storeu_ps(d + 32, m2, _mm512_add_ps(_mm512_maskz_loadu_ps(m2, d + 32), a2));
      if (m3) _mm512_mask_storeu_ps(d + 48, m3, _mm512_add_ps(_mm512_maskz_loadu_ps(m3, d + 48), a3));
    }
  }
}
static void diffeq_relu_backward_bias_base(const float *y, const float *dy, int rows, int cols,
                                           float *dz, float *db, int accumulate_db) {
  diffeq_relu_backward_bias_body(y, dy, rows, cols, dz, db, accumulate_db);
}
void diffeq_relu_backward_bias(const float *y, const float *dy, int rows, int cols, float *dz,
                               float *db, int accumulate_db) {
  if (diffeq_kernels_use_avx512()) {
    diffeq_relu_backward_bias_wide(y, dy, rows, cols, dz, db, accumulate_db);
  } else {
    diffeq_relu_backward_bias_base(y, dy, rows, cols, dz, db, accumulate_db);
  }
}
#else
DISPATCH(void, diffeq_relu_backward_bias,
         (const float *y, const float *dy, int rows, int cols, float *dz, float *db,
          int accumulate_db),
         (y, dy, rows, cols, dz, db, accumulate_db))
#endif
