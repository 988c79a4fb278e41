// Portable blocked sgemm: the fallback when OpenBLAS is missing or fails its self-check.
// Correctness first; speed is moderate (packing + a 4 x 16 register tile, vectorised by the
// compiler for AVX-512, AVX2 or baseline SSE2 chosen at run time).
#include "CBLAS.h"

#include <stdlib.h>
#include <string.h>

enum { KC = 256, MC = 64, NC = 1024, MR = 4, NR = 16 };

#define ALWAYS_INLINE static inline __attribute__((always_inline))

/// acc += A_panel (mr x kc, row stride kc) * B_panel (kc x nr, row stride ldbp); C += alpha acc.
ALWAYS_INLINE void micro_full(int kc, const float *restrict ap, const float *restrict bp, int ldbp,
                              float alpha, float *restrict c, int ldc) {
  float acc[MR][NR];
  for (int r = 0; r < MR; r++)
    for (int j = 0; j < NR; j++) acc[r][j] = 0;
  for (int p = 0; p < kc; p++) {
    const float *brow = bp + (size_t)p * ldbp;
    for (int r = 0; r < MR; r++) {
      const float av = ap[r * kc + p];
      for (int j = 0; j < NR; j++) acc[r][j] += av * brow[j];
    }
  }
  for (int r = 0; r < MR; r++)
    for (int j = 0; j < NR; j++) c[(size_t)r * ldc + j] += alpha * acc[r][j];
}

ALWAYS_INLINE void micro_edge(int mr, int nr, int kc, const float *restrict ap,
                              const float *restrict bp, int ldbp, float alpha, float *restrict c,
                              int ldc) {
  for (int r = 0; r < mr; r++) {
    float acc[NR] = {0};
    for (int p = 0; p < kc; p++) {
      const float av = ap[r * kc + p];
      const float *brow = bp + (size_t)p * ldbp;
      for (int j = 0; j < nr; j++) acc[j] += av * brow[j];
    }
    for (int j = 0; j < nr; j++) c[(size_t)r * ldc + j] += alpha * acc[j];
  }
}

/// One (mc x nc) block of C += alpha * Apack (mc x kc) * Bpack (kc x nc).
ALWAYS_INLINE void block_body(int mc, int nc, int kc, const float *apack, const float *bpack,
                              float alpha, float *c, int ldc) {
  for (int j = 0; j < nc; j += NR) {
    const int nr = nc - j < NR ? nc - j : NR;
    for (int i = 0; i < mc; i += MR) {
      const int mr = mc - i < MR ? mc - i : MR;
      const float *ap = apack + (size_t)i * kc;
      if (mr == MR && nr == NR) {
        micro_full(kc, ap, bpack + j, nc, alpha, c + (size_t)i * ldc + j, ldc);
      } else {
        micro_edge(mr, nr, kc, ap, bpack + j, nc, alpha, c + (size_t)i * ldc + j, ldc);
      }
    }
  }
}

__attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,avx2,fma"))) static void block_avx512(
    int mc, int nc, int kc, const float *apack, const float *bpack, float alpha, float *c,
    int ldc) {
  block_body(mc, nc, kc, apack, bpack, alpha, c, ldc);
}

static void block_generic(int mc, int nc, int kc, const float *apack, const float *bpack,
                          float alpha, float *c, int ldc) {
  block_body(mc, nc, kc, apack, bpack, alpha, c, ldc);
}

void diffeq_sgemm_portable(int transA, int transB, int m, int n, int k, float alpha,
                           const float *a, int lda, const float *b, int ldb, float beta, float *c,
                           int ldc) {
  if (m <= 0 || n <= 0) return;
  for (int i = 0; i < m; i++) {  // C = beta C (C not read when beta == 0)
    float *row = c + (size_t)i * ldc;
    if (beta == 0.0f) {
      memset(row, 0, sizeof(float) * (size_t)n);
    } else if (beta != 1.0f) {
      for (int j = 0; j < n; j++) row[j] *= beta;
    }
  }
  if (k <= 0 || alpha == 0.0f) return;

  // Scratch per call: the fallback path may allocate (documented); the OpenBLAS path does not.
  float *apack = malloc(sizeof(float) * MC * KC);
  float *bpack = malloc(sizeof(float) * KC * NC);
  if (apack == NULL || bpack == NULL) {  // out of memory: unblocked triple loop, no scratch
    free(apack);
    free(bpack);
    for (int i = 0; i < m; i++)
      for (int p = 0; p < k; p++) {
        const float av = alpha * (transA ? a[(size_t)p * lda + i] : a[(size_t)i * lda + p]);
        for (int j = 0; j < n; j++)
          c[(size_t)i * ldc + j] += av * (transB ? b[(size_t)j * ldb + p] : b[(size_t)p * ldb + j]);
      }
    return;
  }
  const int wide = diffeq_kernels_use_avx512();
  for (int j0 = 0; j0 < n; j0 += NC) {
    const int nc = n - j0 < NC ? n - j0 : NC;
    for (int p0 = 0; p0 < k; p0 += KC) {
      const int kc = k - p0 < KC ? k - p0 : KC;
      for (int p = 0; p < kc; p++) {  // pack op(B)[p0.., j0..] as kc x nc row-major
        float *dst = bpack + (size_t)p * nc;
        if (!transB) {
          memcpy(dst, b + (size_t)(p0 + p) * ldb + j0, sizeof(float) * (size_t)nc);
        } else {
          for (int j = 0; j < nc; j++) dst[j] = b[(size_t)(j0 + j) * ldb + p0 + p];
        }
      }
      for (int i0 = 0; i0 < m; i0 += MC) {
        const int mc = m - i0 < MC ? m - i0 : MC;
        for (int i = 0; i < mc; i++) {  // pack op(A)[i0.., p0..] as mc x kc row-major
          float *dst = apack + (size_t)i * kc;
          if (!transA) {
            memcpy(dst, a + (size_t)(i0 + i) * lda + p0, sizeof(float) * (size_t)kc);
          } else {
            for (int p = 0; p < kc; p++) dst[p] = a[(size_t)(p0 + p) * lda + i0 + i];
          }
        }
        float *cblock = c + (size_t)i0 * ldc + j0;
        if (wide) {
          block_avx512(mc, nc, kc, apack, bpack, alpha, cblock, ldc);
        } else {
          block_generic(mc, nc, kc, apack, bpack, alpha, cblock, ldc);
        }
      }
    }
  }
  free(apack);
  free(bpack);
}
