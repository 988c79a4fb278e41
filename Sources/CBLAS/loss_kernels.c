// Fused elementwise loss kernels: binary cross-entropy from logits (value and gradient in one
// pass). The AVX-512 version evaluates exp and log1p with polynomials in 16-wide registers; the
// baseline version calls libm. Chosen at run time (diffeq_kernels_use_avx512).
#include "CBLAS.h"

#include <math.h>

/// One element: ℓ = max(x,0) − x·y + log1p(e^{−|x|}); g = scale·(σ(x) − y).
static inline float bce_scalar(float x, float y, float scale, float *g) {
  const float e = expf(-fabsf(x));
  const float r = 1.0f / (1.0f + e);
  *g = scale * ((x >= 0.0f ? r : e * r) - y);
  return (x > 0.0f ? x : (x != x ? x : 0.0f)) - x * y + log1pf(e);
}

static double bce_base(const float *x, const float *y, size_t n, float *grad, float scale) {
  double total = 0.0;
  float g;
  for (size_t i = 0; i < n; i++) {
    total += bce_scalar(x[i], y[i], scale, &g);
    if (grad != NULL) grad[i] = g;
  }
  return total;
}

#if defined(__x86_64__)
#include <immintrin.h>
#define AVX512 __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,avx2,fma")))

/// e^a for a ≤ 0 (Cephes expf polynomial, 2ⁿ by scalef so underflow is graceful); NaN stays NaN.
static inline AVX512 __m512 exp_nonpositive(__m512 a) {
  a = _mm512_max_ps(_mm512_set1_ps(-150.0f), a);  // second operand returned for NaN
  const __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(a, _mm512_set1_ps(1.44269504088896341f)),
                                        _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), a);
  r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4f), r);
  __m512 p = _mm512_set1_ps(1.9875691500e-4f);
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.3981999507e-3f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(8.3334519073e-3f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(4.1665795894e-2f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.6666665459e-1f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(5.0000001201e-1f));
  p = _mm512_fmadd_ps(p, _mm512_mul_ps(r, r), _mm512_add_ps(r, _mm512_set1_ps(1.0f)));
  return _mm512_scalef_ps(p, n);
}

/// log1p(e) for e ∈ [0, 1]: 2·atanh(s) with s = e/(2 + e) ∈ [0, 1/3], the odd series to s¹⁷
/// (truncation < 2e-10 relative); accurate for tiny e (no 1 + e rounding).
static inline AVX512 __m512 log1p_unit(__m512 e) {
  const __m512 s = _mm512_div_ps(e, _mm512_add_ps(e, _mm512_set1_ps(2.0f)));
  const __m512 z = _mm512_mul_ps(s, s);
  __m512 p = _mm512_set1_ps(1.0f / 17);
  p = _mm512_fmadd_ps(p, z, _mm512_set1_ps(1.0f / 15));
  p = _mm512_fmadd_ps(p, z, _mm512_set1_ps(1.0f / 13));
  p = _mm512_fmadd_ps(p, z, _mm512_set1_ps(1.0f / 11));
  p = _mm512_fmadd_ps(p, z, _mm512_set1_ps(1.0f / 9));
  p = _mm512_fmadd_ps(p, z, _mm512_set1_ps(1.0f / 7));
  p = _mm512_fmadd_ps(p, z, _mm512_set1_ps(1.0f / 5));
  p = _mm512_fmadd_ps(p, z, _mm512_set1_ps(1.0f / 3));
  p = _mm512_fmadd_ps(p, z, _mm512_set1_ps(1.0f));
  return _mm512_mul_ps(_mm512_add_ps(s, s), p);
}

/// 16 elements (masked lanes read as 0 and contribute 0 to the sum).
static inline AVX512 __m512 bce16(__m512 x, __m512 y, __m512 scale, __m512 *g) {
  const __m512 zero = _mm512_setzero_ps();
  const __m512 ax = _mm512_abs_ps(x);
  const __m512 e = exp_nonpositive(_mm512_sub_ps(zero, ax));
  const __m512 r = _mm512_div_ps(_mm512_set1_ps(1.0f), _mm512_add_ps(e, _mm512_set1_ps(1.0f)));
  const __mmask16 negative = _mm512_cmp_ps_mask(x, zero, _CMP_LT_OQ);
  const __m512 sigma = _mm512_mask_mul_ps(r, negative, e, r);
  *g = _mm512_mul_ps(scale, _mm512_sub_ps(sigma, y));
  // max(0, x) returns x for NaN (the second operand), so NaN propagates.
  return _mm512_add_ps(_mm512_fnmadd_ps(x, y, _mm512_max_ps(zero, x)), log1p_unit(e));
}

static AVX512 double bce_wide(const float *x, const float *y, size_t n, float *grad, float scale) {
  const __m512 s = _mm512_set1_ps(scale);
  double total = 0.0;
  __m512 acc = _mm512_setzero_ps();
  size_t i = 0;
  int block = 0;
  __m512 g;
  for (; i + 16 <= n; i += 16) {
    acc = _mm512_add_ps(acc, bce16(_mm512_loadu_ps(x + i), _mm512_loadu_ps(y + i), s, &g));
    if (grad != NULL) _mm512_storeu_ps(grad + i, g);
    if (++block == 64) {  // at most 1,024 terms per lane in Float before the Double sum
      total += (double)_mm512_reduce_add_ps(acc);
      acc = _mm512_setzero_ps();
      block = 0;
    }
  }
  if (i < n) {
    const __mmask16 m = (__mmask16)((1u << (n - i)) - 1);
    const __m512 v = bce16(_mm512_maskz_loadu_ps(m, x + i), _mm512_maskz_loadu_ps(m, y + i), s, &g);
    acc = _mm512_add_ps(acc, _mm512_maskz_mov_ps(m, v));
    if (grad != NULL) _mm512_mask_storeu_ps(grad + i, m, g);
  }
  return total + (double)_mm512_reduce_add_ps(acc);
}
#endif

double diffeq_bce_logits(const float *x, const float *y, size_t n, float *grad, float scale) {
#if defined(__x86_64__)
  if (diffeq_kernels_use_avx512()) return bce_wide(x, y, n, grad, scale);
#endif
  return bce_base(x, y, n, grad, scale);
}
