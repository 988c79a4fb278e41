// Direct (im2col-free) AVX-512 convolution kernels for channel-poor layers, where a GEMM with
// K = k²·C ≤ ~32 or N = 1 is memory-bound and slow:
//   A  forward          y[p, 0:F] (+)= Σ_{u,v,c} x[p + (u,v), c] · w[u,v,c,0:F]       (F % 16 == 0)
//   B  weight gradient  dw[u,v,c,0:F] += Σ_p x[p + (u,v), c] · dy[p, 0:F]           (F % 16 == 0)
//   C  input gradient   dx[p] (+)= Σ_{u,v,o} dy[p − (u,v) + pad, o] · w[u,v,0,o]   (C == 1, F % 16 == 0)
// Each works on whole images through a zero-padded copy of its input plane (scratch from the
// caller), so the inner loops carry no bounds checks. They return 0 (doing nothing) when the CPU
// lacks AVX-512 or the shape is not supported; the caller then uses im2col + GEMM.
#include "CBLAS.h"

#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>
#define AVX512 __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,avx2,fma")))
#define INLINE static inline __attribute__((always_inline)) AVX512

/// Copies image plane x [h][w][c] into xp [(ho+k−1)][(wo+k−1)][c] with xp[r][s] = x[r−pt][s−pl]
/// (zero outside).
AVX512 static void pad_plane(const float *x, int h, int w, int c, int k, int pt, int pl, int ho,
                             int wo, float *xp) {
  const int hp = ho + k - 1, wp = wo + k - 1;
  for (int r = 0; r < hp; r++) {
    float *dst = xp + (size_t)r * wp * c;
    const int iy = r - pt;
    if (iy < 0 || iy >= h) {
      memset(dst, 0, sizeof(float) * (size_t)wp * c);
      continue;
    }
    const int lo = pl > 0 ? pl : 0;                        // first column with data
    const int s0 = pl < 0 ? -pl : 0;                       // first source column
    int len = w - s0;                                      // source columns available
    if (lo + len > wp) len = wp - lo;
    if (len < 0) len = 0;
    if (lo > 0) memset(dst, 0, sizeof(float) * (size_t)lo * c);
    memcpy(dst + (size_t)lo * c, x + ((size_t)iy * w + s0) * c, sizeof(float) * (size_t)len * c);
    const int tail = wp - lo - len;
    if (tail > 0) memset(dst + (size_t)(lo + len) * c, 0, sizeof(float) * (size_t)tail * c);
  }
}

size_t diffeq_conv_direct_scratch(int h, int w, int c, int k, int ho, int wo) {
  (void)h;
  (void)w;
  return (size_t)(ho + k - 1) * (wo + k - 1) * c + 16;
}

// MARK: - A: forward

/// Lane mask of output-channel group g (all 16 lanes except a partial last group).
INLINE __mmask16 group_mask(int f, int g) {
  const int left = f - g * 16;
  return left >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << left) - 1);
}

/// One row block of `n` ≤ 8 output pixels for G (1 or 2) groups of 16 output channels from group
/// g0 on (the last group may be partial: masked loads and stores). The accumulators start from y
/// (accumulate) or from the bias (zeros when NULL).
INLINE void fwd_block(const float *xp, int wp, int c, int k, const float *w, int f, int g0, float *y,
                      int n, const float *bias, int accumulate, int relu, const int G) {
  __m512 acc[8][2];
  __mmask16 mask[2];
  for (int g = 0; g < G; g++) {
    mask[g] = group_mask(f, g0 + g);
    const __m512 b0 = bias != NULL ? _mm512_maskz_loadu_ps(mask[g], bias + (g0 + g) * 16) : _mm512_setzero_ps();
    for (int i = 0; i < 8; i++)
      acc[i][g] = accumulate && i < n ? _mm512_maskz_loadu_ps(mask[g], y + (size_t)i * f + (g0 + g) * 16) : b0;
  }
  for (int u = 0; u < k; u++) {
    for (int v = 0; v < k; v++) {
      const float *xr = xp + ((size_t)u * wp + v) * c;
      const float *wr = w + ((size_t)(u * k + v) * c) * f + g0 * 16;
      for (int ci = 0; ci < c; ci++) {
        __m512 wv[2];
        for (int g = 0; g < G; g++) wv[g] = _mm512_maskz_loadu_ps(mask[g], wr + (size_t)ci * f + g * 16);
        for (int i = 0; i < 8; i++) {
          if (i < n) {
            const __m512 xv = _mm512_set1_ps(xr[(size_t)i * c + ci]);
            for (int g = 0; g < G; g++) acc[i][g] = _mm512_fmadd_ps(xv, wv[g], acc[i][g]);
          }
        }
      }
    }
  }
  const __m512 zero = _mm512_setzero_ps();
  for (int i = 0; i < 8; i++)
    if (i < n)
      for (int g = 0; g < G; g++)  // max(0, NaN) = NaN: divergence stays visible
        _mm512_mask_storeu_ps(y + (size_t)i * f + (g0 + g) * 16, mask[g],
                              relu ? _mm512_max_ps(zero, acc[i][g]) : acc[i][g]);
}

AVX512 static void fwd_image(const float *xp, int c, int k, int ho, int wo, const float *w, int f,
                             float *y, const float *bias, int accumulate, int relu) {
  const int wp = wo + k - 1;
  const int groups = (f + 15) / 16;
  for (int oy = 0; oy < ho; oy++) {
    int g0 = 0;
    for (; g0 + 2 <= groups; g0 += 2) {
      int ox = 0;
      for (; ox + 8 <= wo; ox += 8)
        fwd_block(xp + ((size_t)oy * wp + ox) * c, wp, c, k, w, f, g0, y + ((size_t)oy * wo + ox) * f,
                  8, bias, accumulate, relu, 2);
      if (ox < wo)
        fwd_block(xp + ((size_t)oy * wp + ox) * c, wp, c, k, w, f, g0, y + ((size_t)oy * wo + ox) * f,
                  wo - ox, bias, accumulate, relu, 2);
    }
    if (g0 < groups) {
      int ox = 0;
      for (; ox + 8 <= wo; ox += 8)
        fwd_block(xp + ((size_t)oy * wp + ox) * c, wp, c, k, w, f, g0, y + ((size_t)oy * wo + ox) * f,
                  8, bias, accumulate, relu, 1);
      if (ox < wo)
        fwd_block(xp + ((size_t)oy * wp + ox) * c, wp, c, k, w, f, g0, y + ((size_t)oy * wo + ox) * f,
                  wo - ox, bias, accumulate, relu, 1);
    }
  }
}

int diffeq_conv_direct_forward(const float *x, int n0, int n1, int h, int w, int c, int k, int pt,
                               int pl, int ho, int wo, int f, const float *wt, const float *bias,
                               float *y, int accumulate, int relu, float *scratch) {
  if (!diffeq_kernels_use_avx512() || f < 1) return 0;
  for (int n = n0; n < n1; n++) {
    pad_plane(x + (size_t)n * h * w * c, h, w, c, k, pt, pl, ho, wo, scratch);
    fwd_image(scratch, c, k, ho, wo, wt, f, y + (size_t)n * ho * wo * f, bias, accumulate, relu);
  }
  return 1;
}

// MARK: - E: forward for few output channels (f ≤ 12), vectorised over pixels

/// Copies image x [h][w][c] into planar padded planes xpl[ci][r][s] (r < ho + k − 1, s < wpp =
/// wo + k − 1; xpl[ci][r][s] = x[r − pt][s − pl][ci], zero outside), plane stride `ps`.
/// In-register transpose of a 16 × 16 block: r[i][j] ← r[j][i].
INLINE void transpose16(__m512 *r) {
  __m512 t[16];
  for (int i = 0; i < 8; i++) {
    t[2 * i] = _mm512_unpacklo_ps(r[2 * i], r[2 * i + 1]);
    t[2 * i + 1] = _mm512_unpackhi_ps(r[2 * i], r[2 * i + 1]);
  }
  for (int i = 0; i < 4; i++) {
    r[4 * i] = _mm512_shuffle_ps(t[4 * i], t[4 * i + 2], 0x44);
    r[4 * i + 1] = _mm512_shuffle_ps(t[4 * i], t[4 * i + 2], 0xEE);
    r[4 * i + 2] = _mm512_shuffle_ps(t[4 * i + 1], t[4 * i + 3], 0x44);
    r[4 * i + 3] = _mm512_shuffle_ps(t[4 * i + 1], t[4 * i + 3], 0xEE);
  }
  for (int i = 0; i < 4; i++) {
    t[i] = _mm512_shuffle_f32x4(r[i], r[i + 4], 0x88);
    t[i + 4] = _mm512_shuffle_f32x4(r[i], r[i + 4], 0xDD);
    t[i + 8] = _mm512_shuffle_f32x4(r[i + 8], r[i + 12], 0x88);
    t[i + 12] = _mm512_shuffle_f32x4(r[i + 8], r[i + 12], 0xDD);
  }
  for (int i = 0; i < 8; i++) {
    r[i] = _mm512_shuffle_f32x4(t[i], t[i + 8], 0x88);
    r[i + 8] = _mm512_shuffle_f32x4(t[i], t[i + 8], 0xDD);
  }
}

/// Copies image x [h][w][c] into planar padded planes xpl[ci][r][s] (r < ho + k − 1, s < wpp =
/// wo + k − 1; xpl[ci][r][s] = x[r − pt][s − pl][ci], zero outside), plane stride `ps`, by
/// 16 × 16 in-register transposes.
AVX512 static void planar_pad(const float *x, int h, int w, int c, int k, int pt, int pl, int ho,
                              int wo, float *xpl, size_t ps) {
  const int hp = ho + k - 1, wpp = wo + k - 1;
  for (int ci = 0; ci < c; ci++) memset(xpl + (size_t)ci * ps, 0, sizeof(float) * ps);
  const int s0 = pl > 0 ? pl : 0;  // columns s whose source column s − pl is in [0, w)
  int s1 = w + pl;
  if (s1 > wpp) s1 = wpp;
  if (s1 <= s0) return;
  for (int r = 0; r < hp; r++) {
    const int iy = r - pt;
    if (iy < 0 || iy >= h) continue;
    for (int sb = s0; sb < s1; sb += 16) {
      const int n = s1 - sb < 16 ? s1 - sb : 16;  // pixels in this block
      const float *src = x + ((size_t)iy * w + (sb - pl)) * c;
      float *dst = xpl + (size_t)r * wpp + sb;
      const __mmask16 pm = (__mmask16)((1u << n) - 1);
      for (int c0 = 0; c0 < c; c0 += 16) {
        const int nc = c - c0 < 16 ? c - c0 : 16;
        const __mmask16 cm = (__mmask16)((1u << nc) - 1);
        __m512 blk[16];
        for (int i = 0; i < 16; i++)
          blk[i] = i < n ? _mm512_maskz_loadu_ps(cm, src + (size_t)i * c + c0) : _mm512_setzero_ps();
        transpose16(blk);
        for (int j = 0; j < nc; j++) _mm512_mask_storeu_ps(dst + (size_t)(c0 + j) * ps, pm, blk[j]);
      }
    }
  }
}

/// V·16 consecutive flat positions q0 … of the padded-width grid, all F ≤ 10 output channels
/// (F a compile-time constant; weights packed [u][v][ci][F]): acc[o][v] = Σ_{u,v',ci}
/// xpl[ci][q + u·wpp + v'] · w[u][v'][ci][o]; then the epilogue for positions with column < wo.
INLINE void fewf_block(const float *xpl, size_t ps, int c, int k, int wpp, int wo, const float *w,
                       int q0, int nq, float *y, const float *bias, int accumulate, int relu,
                       const int V, const int F) {
  __m512 acc[12][4];
  for (int o = 0; o < F; o++)
    for (int v = 0; v < V; v++) acc[o][v] = _mm512_setzero_ps();
  for (int u = 0; u < k; u++) {
    for (int vv = 0; vv < k; vv++) {
      const float *src = xpl + q0 + (size_t)u * wpp + vv;
      const float *wr = w + ((size_t)(u * k + vv) * c) * F;
      for (int ci = 0; ci < c; ci++) {
        __m512 xv[4];
        for (int v = 0; v < V; v++) xv[v] = _mm512_loadu_ps(src + (size_t)ci * ps + v * 16);
        for (int o = 0; o < F; o++) {
          const __m512 wv = _mm512_set1_ps(wr[(size_t)ci * F + o]);
          for (int v = 0; v < V; v++) acc[o][v] = _mm512_fmadd_ps(xv[v], wv, acc[o][v]);
        }
      }
    }
  }
  float tmp[12][64];
  for (int o = 0; o < F; o++)
    for (int v = 0; v < V; v++) _mm512_storeu_ps(&tmp[o][v * 16], acc[o][v]);
  int row = q0 / wpp, col = q0 % wpp;
  for (int i = 0; i < nq; i++) {
    if (col < wo) {
      float *d = y + ((size_t)row * wo + col) * F;
      for (int o = 0; o < F; o++) {
        float val = tmp[o][i] + (accumulate ? d[o] : bias != NULL ? bias[o] : 0.0f);
        if (relu && !(val >= 0.0f) && val == val) val = 0.0f;
        d[o] = val;
      }
    }
    if (++col == wpp) {
      col = 0;
      row++;
    }
  }
}

#define FEWF_IMAGE(F, V)                                                                        \
  AVX512 static void fewf_image_##F(const float *xpl, size_t ps, int c, int k, int ho, int wo,   \
                                    const float *w, float *y, const float *bias, int accumulate, \
                                    int relu) {                                                  \
    const int wpp = wo + k - 1, total = (ho - 1) * wpp + wo;                                    \
    for (int q0 = 0; q0 < total; q0 += 16 * V)                                                   \
      fewf_block(xpl, ps, c, k, wpp, wo, w, q0, total - q0 < 16 * V ? total - q0 : 16 * V, y,    \
                 bias, accumulate, relu, V, F);                                                  \
  }
FEWF_IMAGE(1, 4)
FEWF_IMAGE(2, 4)
FEWF_IMAGE(3, 4)
FEWF_IMAGE(4, 4)
FEWF_IMAGE(5, 4)
FEWF_IMAGE(6, 4)
FEWF_IMAGE(7, 2)
FEWF_IMAGE(8, 2)
FEWF_IMAGE(9, 2)
FEWF_IMAGE(10, 2)

static void fewf_image(const float *xpl, size_t ps, int c, int k, int ho, int wo, const float *w,
                       int f, float *y, const float *bias, int accumulate, int relu) {
  typedef void (*fn)(const float *, size_t, int, int, int, int, const float *, float *,
                     const float *, int, int);
  static const fn table[11] = {NULL, fewf_image_1, fewf_image_2, fewf_image_3, fewf_image_4,
                               fewf_image_5, fewf_image_6, fewf_image_7, fewf_image_8,
                               fewf_image_9, fewf_image_10};
  table[f](xpl, ps, c, k, ho, wo, w, y, bias, accumulate, relu);
}

size_t diffeq_conv_direct_fewf_scratch(int c, int k, int ho, int wo) {
  // One plane per input channel plus 64 floats of slack for the last block's loads.
  const size_t ps = (size_t)(ho + k - 1) * (wo + k - 1) + 64;
  return ps * c + 16;
}

int diffeq_conv_direct_forward_fewf(const float *x, int n0, int n1, int h, int w, int c, int k,
                                    int pt, int pl, int ho, int wo, int f, const float *wt,
                                    const float *bias, float *y, int accumulate, int relu,
                                    float *scratch) {
  if (!diffeq_kernels_use_avx512() || f < 1 || f > 10) return 0;
  const size_t ps = (size_t)(ho + k - 1) * (wo + k - 1) + 64;
  for (int n = n0; n < n1; n++) {
    planar_pad(x + (size_t)n * h * w * c, h, w, c, k, pt, pl, ho, wo, scratch, ps);
    fewf_image(scratch, ps, c, k, ho, wo, wt, f, y + (size_t)n * ho * wo * f, bias, accumulate, relu);
  }
  return 1;
}

// MARK: - B: weight gradient

/// Accumulates Σ_p xp[p + t, ci] · dy[p, g*16 : g*16+16] into acc[t*c + ci] for one image.
INLINE void wgrad_image_body(const float *xp, int c, int k, int ho, int wo, const float *dy, int f,
                             int g, __m512 *acc, const int kkc) {
  const int wp = wo + k - 1;
  for (int oy = 0; oy < ho; oy++) {
    for (int ox = 0; ox < wo; ox++) {
      const __m512 d = _mm512_loadu_ps(dy + ((size_t)oy * wo + ox) * f + g * 16);
      const float *xr = xp + ((size_t)oy * wp + ox) * c;
      int t = 0;
      for (int u = 0; u < k; u++)
        for (int v = 0; v < k; v++)
          for (int ci = 0; ci < c; ci++, t++)
            if (t < kkc) acc[t] = _mm512_fmadd_ps(_mm512_set1_ps(xr[((size_t)u * wp + v) * c + ci]), d, acc[t]);
    }
  }
}

AVX512 static void wgrad_image_9(const float *xp, int ho, int wo, const float *dy, int f, int g,
                                 __m512 *acc) {
  __m512 a[9];
  for (int t = 0; t < 9; t++) a[t] = acc[t];
  wgrad_image_body(xp, 1, 3, ho, wo, dy, f, g, a, 9);
  for (int t = 0; t < 9; t++) acc[t] = a[t];
}

AVX512 static void wgrad_image_any(const float *xp, int c, int k, int ho, int wo, const float *dy,
                                   int f, int g, __m512 *acc) {
  wgrad_image_body(xp, c, k, ho, wo, dy, f, g, acc, k * k * c);
}

AVX512 static void wgrad_store(const __m512 *acc, int kkc, int f, int g, float *dw) {
  for (int t = 0; t < kkc; t++) {
    float *p = dw + (size_t)t * f + g * 16;
    _mm512_storeu_ps(p, _mm512_add_ps(_mm512_loadu_ps(p), acc[t]));
  }
}

AVX512 static void wgrad_images(const float *x, int n0, int n1, int h, int w, int c, int k, int pt,
                                int pl, int ho, int wo, int f, const float *dy, float *dw,
                                float *scratch) {
  const int kkc = k * k * c, groups = f / 16;
  __m512 acc[32];
  for (int t = 0; t < kkc * groups; t++) acc[t] = _mm512_setzero_ps();
  for (int n = n0; n < n1; n++) {
    pad_plane(x + (size_t)n * h * w * c, h, w, c, k, pt, pl, ho, wo, scratch);
    const float *dyn = dy + (size_t)n * ho * wo * f;
    for (int g = 0; g < groups; g++) {
      if (kkc == 9 && c == 1) {
        wgrad_image_9(scratch, ho, wo, dyn, f, g, acc + g * kkc);
      } else {
        wgrad_image_any(scratch, c, k, ho, wo, dyn, f, g, acc + g * kkc);
      }
    }
  }
  for (int g = 0; g < groups; g++) wgrad_store(acc + g * kkc, kkc, f, g, dw);
}

/// General weight gradient of one padded image: for tiles of 8 rows r = (u, v, ci) of dW and 2
/// groups of 16 output channels, dw[r][g] += Σ_p xp[p + off_r] · dy[p][g] over the ho × wo
/// positions p (off_r = (u·wp + v)·c + ci).
INLINE void wgrad_tile(const float *xp0, size_t xps, int nimg, int wp, int c, int k, int ho, int wo,
                       const float *dy0, int f, int r0, int nr, int g0, float *dw, const int G) {
  int off[8];
  for (int r = 0; r < 8; r++) {
    const int rr = r0 + (r < nr ? r : 0), t = rr / c, ci = rr % c;
    off[r] = ((t / k) * wp + (t % k)) * c + ci;
  }
  __m512 acc[8][2];
  for (int r = 0; r < 8; r++)
    for (int g = 0; g < G; g++)
      acc[r][g] = r < nr ? _mm512_loadu_ps(dw + (size_t)(r0 + r) * f + (g0 + g) * 16) : _mm512_setzero_ps();
  for (int img = 0; img < nimg; img++) {
  const float *xp = xp0 + (size_t)img * xps, *dy = dy0 + (size_t)img * ho * wo * f;
  for (int oy = 0; oy < ho; oy++) {
    const float *xrow = xp + (size_t)oy * wp * c;
    const float *drow = dy + (size_t)oy * wo * f + g0 * 16;
    for (int ox = 0; ox < wo; ox++) {
      __m512 d[2];
      for (int g = 0; g < G; g++) d[g] = _mm512_loadu_ps(drow + (size_t)ox * f + g * 16);
      const float *xb = xrow + (size_t)ox * c;
      for (int r = 0; r < 8; r++) {
        if (r < nr) {
          const __m512 xv = _mm512_set1_ps(xb[off[r]]);
          for (int g = 0; g < G; g++) acc[r][g] = _mm512_fmadd_ps(xv, d[g], acc[r][g]);
        }
      }
    }
  }
  }
  for (int r = 0; r < nr; r++)
    for (int g = 0; g < G; g++) _mm512_storeu_ps(dw + (size_t)(r0 + r) * f + (g0 + g) * 16, acc[r][g]);
}

/// Tiles of dW over `nimg` padded images (planes `xps` floats apart) and their dy images, so the
/// accumulators stay in registers across images (small images have few positions per tile).
AVX512 static void wgrad_general(const float *xp, size_t xps, int nimg, int c, int k, int ho,
                                 int wo, const float *dy, int f, float *dw) {
  const int wp = wo + k - 1, kkc = k * k * c, groups = f / 16;
  for (int r0 = 0; r0 < kkc; r0 += 8) {
    const int nr = kkc - r0 < 8 ? kkc - r0 : 8;
    int g0 = 0;
    for (; g0 + 2 <= groups; g0 += 2) {
      if (nr == 8) {
        wgrad_tile(xp, xps, nimg, wp, c, k, ho, wo, dy, f, r0, 8, g0, dw, 2);
      } else {
        wgrad_tile(xp, xps, nimg, wp, c, k, ho, wo, dy, f, r0, nr, g0, dw, 2);
      }
    }
    if (g0 < groups) wgrad_tile(xp, xps, nimg, wp, c, k, ho, wo, dy, f, r0, nr, g0, dw, 1);
  }
}

int diffeq_conv_direct_weight_gradient(const float *x, int n0, int n1, int h, int w, int c, int k,
                                       int pt, int pl, int ho, int wo, int f, const float *dy,
                                       float *dw, float *scratch, int planes) {
  if (!diffeq_kernels_use_avx512() || f % 16 != 0 || planes < 1) return 0;
  if (k * k * c * (f / 16) <= 32) {
    wgrad_images(x, n0, n1, h, w, c, k, pt, pl, ho, wo, f, dy, dw, scratch);
    return 1;
  }
  const size_t xps = (diffeq_conv_direct_scratch(h, w, c, k, ho, wo) + 15) & ~(size_t)15;
  for (int b0 = n0; b0 < n1; b0 += planes) {
    const int b1 = b0 + planes < n1 ? b0 + planes : n1;
    for (int n = b0; n < b1; n++)
      pad_plane(x + (size_t)n * h * w * c, h, w, c, k, pt, pl, ho, wo, scratch + (size_t)(n - b0) * xps);
    wgrad_general(scratch, xps, b1 - b0, c, k, ho, wo, dy + (size_t)b0 * ho * wo * f, f, dw);
  }
  return 1;
}

// MARK: - D: input gradient by scattering (no wasted work on zero padding)

/// For one row block of n ≤ 8 dy pixels and G groups of 16 input channels from g0: for each tap,
/// acc[i] = Σ_o dy[i][o] · wt[tap][o][g], then xpad[p + tap + i][g] += acc[i].
INLINE void scat_block(const float *dyrow, int f, const float *wt, int k, int c, float *xpad_row,
                       int wp, int g0, int n, const int G) {
  __mmask16 mask[2];
  for (int g = 0; g < G; g++) mask[g] = group_mask(c, g0 + g);
  for (int u = 0; u < k; u++) {
    for (int v = 0; v < k; v++) {
      __m512 acc[8][2];
      for (int i = 0; i < 8; i++)
        for (int g = 0; g < G; g++) acc[i][g] = _mm512_setzero_ps();
      const float *wr = wt + ((size_t)(u * k + v) * f) * c + g0 * 16;  // [tap][o][ci]
      for (int o = 0; o < f; o++) {
        __m512 wv[2];
        for (int g = 0; g < G; g++) wv[g] = _mm512_maskz_loadu_ps(mask[g], wr + (size_t)o * c + g * 16);
        for (int i = 0; i < 8; i++) {
          if (i < n) {
            const __m512 dv = _mm512_set1_ps(dyrow[(size_t)i * f + o]);
            for (int g = 0; g < G; g++) acc[i][g] = _mm512_fmadd_ps(dv, wv[g], acc[i][g]);
          }
        }
      }
      float *dst = xpad_row + ((size_t)u * wp + v) * c + g0 * 16;
      for (int i = 0; i < 8; i++) {
        if (i < n) {
          for (int g = 0; g < G; g++) {
            float *d = dst + (size_t)i * c + g * 16;
            _mm512_mask_storeu_ps(d, mask[g], _mm512_add_ps(_mm512_maskz_loadu_ps(mask[g], d), acc[i][g]));
          }
        }
      }
    }
  }
}

AVX512 static void scat_image(const float *dy, int ho, int wo, int f, const float *wt, int k,
                              int c, float *xpad) {
  const int wp = wo + k - 1, groups = (c + 15) / 16;
  for (int p = 0; p < ho; p++) {
    const float *dyrow = dy + (size_t)p * wo * f;
    float *xrow = xpad + (size_t)p * wp * c;
    int g0 = 0;
    for (; g0 + 2 <= groups; g0 += 2) {
      int q = 0;
      for (; q + 8 <= wo; q += 8)
        scat_block(dyrow + (size_t)q * f, f, wt, k, c, xrow + (size_t)q * c, wp, g0, 8, 2);
      if (q < wo) scat_block(dyrow + (size_t)q * f, f, wt, k, c, xrow + (size_t)q * c, wp, g0, wo - q, 2);
    }
    if (g0 < groups) {
      int q = 0;
      for (; q + 8 <= wo; q += 8)
        scat_block(dyrow + (size_t)q * f, f, wt, k, c, xrow + (size_t)q * c, wp, g0, 8, 1);
      if (q < wo) scat_block(dyrow + (size_t)q * f, f, wt, k, c, xrow + (size_t)q * c, wp, g0, wo - q, 1);
    }
  }
}

/// x = act((accumulate ? x : bias or 0) + the interior rows [pt, pt + h) × columns [pl, pl + w)
/// of xpad).
AVX512 static void unpad_plane(const float *xpad, int h, int w, int c, int k, int pt, int pl,
                               int ho, int wo, float *x, const float *bias, int accumulate,
                               int relu) {
  const int wp = wo + k - 1, groups = (c + 15) / 16;
  (void)ho;
  const __m512 zero = _mm512_setzero_ps();
  for (int r = 0; r < h; r++) {
    for (int q = 0; q < w; q++) {
      const float *src = xpad + ((size_t)(r + pt) * wp + pl + q) * c;
      float *dst = x + ((size_t)r * w + q) * c;
      for (int g = 0; g < groups; g++) {
        const __mmask16 m = group_mask(c, g);
        __m512 v = _mm512_maskz_loadu_ps(m, src + g * 16);
        if (accumulate) {
          v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(m, dst + g * 16));
        } else if (bias != NULL) {
          v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(m, bias + g * 16));
        }
        if (relu) v = _mm512_max_ps(zero, v);
        _mm512_mask_storeu_ps(dst + g * 16, m, v);
      }
    }
  }
}

int diffeq_conv_direct_input_scatter(const float *dy, int n0, int n1, int h, int w, int c, int k,
                                     int pt, int pl, int ho, int wo, int f, const float *wt,
                                     const float *bias, float *dx, int accumulate, int relu,
                                     float *scratch) {
  if (!diffeq_kernels_use_avx512() || c < 1 || f < 1) return 0;
  // The scattered plane covers rows −pt … ho + k − 2 − pt of x: (ho + k − 1) × (wo + k − 1) × c,
  // which contains the image when the padding is valid or same (pt ≤ k − 1, ho + k − 1 ≥ h + pt).
  const size_t plane = (size_t)(ho + k - 1) * (wo + k - 1) * c;
  float *wtt = scratch + plane;  // [tap][o][ci] = w[tap][ci][o]
  for (int t = 0; t < k * k; t++)
    for (int ci = 0; ci < c; ci++)
      for (int o = 0; o < f; o++) wtt[((size_t)t * f + o) * c + ci] = wt[((size_t)t * c + ci) * f + o];
  for (int n = n0; n < n1; n++) {
    memset(scratch, 0, sizeof(float) * plane);
    scat_image(dy + (size_t)n * ho * wo * f, ho, wo, f, wtt, k, c, scratch);
    unpad_plane(scratch, h, w, c, k, pt, pl, ho, wo, dx + (size_t)n * h * w * c, bias, accumulate,
                relu);
  }
  return 1;
}

// MARK: - C: input gradient to one channel

/// Sums of the 16 lanes of each of v[0..15]: r[i] = Σ_j v[i][j] (a transpose-and-add tree).
INLINE __m512 reduce16(const __m512 *v) {
  __m512 a[8], b[4];
  for (int i = 0; i < 8; i++)  // per 128-bit block: (v2i[0]+v2i[2], v2i+1[0]+v2i+1[2], ...)
    a[i] = _mm512_add_ps(_mm512_unpacklo_ps(v[2 * i], v[2 * i + 1]),
                         _mm512_unpackhi_ps(v[2 * i], v[2 * i + 1]));
  for (int i = 0; i < 4; i++)  // per block: the 4 block sums of v4i .. v4i+3
    b[i] = _mm512_add_ps(_mm512_shuffle_ps(a[2 * i], a[2 * i + 1], _MM_SHUFFLE(1, 0, 1, 0)),
                         _mm512_shuffle_ps(a[2 * i], a[2 * i + 1], _MM_SHUFFLE(3, 2, 3, 2)));
  // Sum the four 128-bit blocks: block i of the result holds the totals of v4i .. v4i+3.
  const __m512 d01 = _mm512_add_ps(_mm512_shuffle_f32x4(b[0], b[1], 0x88),
                                   _mm512_shuffle_f32x4(b[0], b[1], 0xDD));
  const __m512 d23 = _mm512_add_ps(_mm512_shuffle_f32x4(b[2], b[3], 0x88),
                                   _mm512_shuffle_f32x4(b[2], b[3], 0xDD));
  return _mm512_add_ps(_mm512_shuffle_f32x4(d01, d23, 0x88), _mm512_shuffle_f32x4(d01, d23, 0xDD));
}

/// dx for `n` ≤ 16 consecutive flat positions starting at `q0` of the padded-width grid
/// (positions whose column is ≥ w are garbage and not stored).
INLINE void igrad_block(const float *dyp, int k, int wp, int f, const float *wflip, int q0, int n,
                        int w, float *dxrow_base, float bias, int accumulate, int relu) {
  __m512 acc[16];
  for (int i = 0; i < 16; i++) acc[i] = _mm512_setzero_ps();
  const int groups = f / 16;
  for (int u = 0; u < k; u++) {
    for (int v = 0; v < k; v++) {
      const float *src = dyp + ((size_t)u * wp + v + q0) * f;
      const float *wr = wflip + ((size_t)u * k + v) * f;
      for (int g = 0; g < groups; g++) {
        const __m512 wv = _mm512_loadu_ps(wr + g * 16);
        for (int i = 0; i < 16; i++)
          if (i < n) acc[i] = _mm512_fmadd_ps(_mm512_loadu_ps(src + (size_t)i * f + g * 16), wv, acc[i]);
      }
    }
  }
  const __m512 r = reduce16(acc);
  // Flat position q0 + i is row (q0 + i) / wp, column (q0 + i) % wp of the output grid.
  float out[16];
  _mm512_storeu_ps(out, r);
  for (int i = 0; i < n; i++) {
    const int q = q0 + i, row = q / wp, col = q % wp;
    if (col >= w) continue;
    float *d = dxrow_base + (size_t)row * w + col;
    const float v = (accumulate ? *d : bias) + out[i];
    *d = relu && !(v >= 0.0f) && v == v ? 0.0f : v;  // relu keeps NaN
  }
}

AVX512 static void igrad_image(const float *dyp, int k, int h, int w, int f, const float *wflip,
                               float *dx, float bias, int accumulate, int relu) {
  // dyp is dy padded for the flipped kernel: dx[p][q] = Σ_{u,v,o} dyp[p+u][q+v][o] · wflip[u][v][o].
  // Positions run over the flat padded-width grid (h rows of wp = w + k − 1 columns, the last
  // k − 1 of each row garbage), so 16 consecutive positions share one address stride.
  const int wp = w + k - 1;
  const int total = (h - 1) * wp + w;  // last valid flat position + 1
  int q0 = 0;
  for (; q0 + 16 <= total; q0 += 16) igrad_block(dyp, k, wp, f, wflip, q0, 16, w, dx, bias, accumulate, relu);
  if (q0 < total) igrad_block(dyp, k, wp, f, wflip, q0, total - q0, w, dx, bias, accumulate, relu);
}

int diffeq_conv_direct_input_gradient(const float *dy, int n0, int n1, int h, int w, int k,
                                      int pt, int pl, int ho, int wo, int f, const float *wt,
                                      const float *bias, float *dx, int accumulate, int relu,
                                      float *scratch) {
  if (!diffeq_kernels_use_avx512() || f % 16 != 0 || k > 15) return 0;
  // wflip[u'][v'][o] = w[k−1−u'][k−1−v'][0][o] (C = 1), at the end of the scratch.
  float *wflip = scratch + (size_t)(h + k - 1) * (w + k - 1) * f;
  for (int u = 0; u < k; u++)
    for (int v = 0; v < k; v++)
      memcpy(wflip + ((size_t)u * k + v) * f, wt + ((size_t)(k - 1 - u) * k + (k - 1 - v)) * f,
             sizeof(float) * (size_t)f);
  for (int n = n0; n < n1; n++) {
    // dy plane [ho][wo][f] padded so that dyp[r] = dy[r − (k−1−pt)], output plane h × w.
    pad_plane(dy + (size_t)n * ho * wo * f, ho, wo, f, k, k - 1 - pt, k - 1 - pl, h, w, scratch);
    igrad_image(scratch, k, h, w, f, wflip, dx + (size_t)n * h * w, bias != NULL ? bias[0] : 0.0f,
                accumulate, relu);
  }
  return 1;
}

#else  // not x86-64: no direct kernels

size_t diffeq_conv_direct_fewf_scratch(int c, int k, int ho, int wo) { return 16; }
int diffeq_conv_direct_forward_fewf(const float *x, int n0, int n1, int h, int w, int c, int k,
                                    int pt, int pl, int ho, int wo, int f, const float *wt,
                                    const float *bias, float *y, int accumulate, int relu,
                                    float *scratch) { return 0; }

size_t diffeq_conv_direct_scratch(int h, int w, int c, int k, int ho, int wo) { return 16; }
int diffeq_conv_direct_forward(const float *x, int n0, int n1, int h, int w, int c, int k, int pt,
                               int pl, int ho, int wo, int f, const float *wt, const float *bias,
                               float *y, int accumulate, int relu, float *scratch) { return 0; }
int diffeq_conv_direct_weight_gradient(const float *x, int n0, int n1, int h, int w, int c, int k,
                                       int pt, int pl, int ho, int wo, int f, const float *dy,
                                       float *dw, float *scratch, int planes) { return 0; }
int diffeq_conv_direct_input_gradient(const float *dy, int n0, int n1, int h, int w, int k,
                                      int pt, int pl, int ho, int wo, int f, const float *wt,
                                      const float *bias, float *dx, int accumulate, int relu,
                                      float *scratch) { return 0; }
int diffeq_conv_direct_input_scatter(const float *dy, int n0, int n1, int h, int w, int c, int k,
                                     int pt, int pl, int ho, int wo, int f, const float *wt,
                                     const float *bias, float *dx, int accumulate, int relu,
                                     float *scratch) { return 0; }
#endif
