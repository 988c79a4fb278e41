// Loads OpenBLAS at first use with dlopen (the package never links it), after choosing the
// OpenBLAS kernel family from the CPU's features, then checks the kernel once against a Double
// reference product and falls back to the portable sgemm (portable_sgemm.c) on any failure.
//
// Why: Debian's OpenBLAS 0.3.21 does not recognise newer CPUs and picks its SSE3 "Prescott" kernels
// (~60 GFLOP/s on 2 threads here) unless OPENBLAS_CORETYPE is set before the library loads
// (Haswell: 215-219, SkylakeX: 204-209 GFLOP/s at 512^3). OpenBLAS reads the variable in its
// load-time constructor only.
#define _GNU_SOURCE
#include "CBLAS.h"

#include <dlfcn.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

// MARK: - CPU features

static int detect_cpu_features(void) {
  int f = 0;
#if defined(__x86_64__) || defined(__i386__)
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
  const int osxsave = (c >> 27) & 1, avx = (c >> 28) & 1, fma = (c >> 12) & 1;
  if (!osxsave || !avx) return 0;
  unsigned xlo, xhi;
  __asm__ volatile("xgetbv" : "=a"(xlo), "=d"(xhi) : "c"(0));
  (void)xhi;
  const int ymm = (xlo & 0x6) == 0x6;     // SSE + AVX state enabled by the OS
  const int zmm = (xlo & 0xE6) == 0xE6;   // + opmask, ZMM_Hi256, Hi16_ZMM
  if (!ymm) return 0;
  if (__get_cpuid_max(0, 0) < 7) return fma ? DIFFEQ_CPU_FMA : 0;
  __cpuid_count(7, 0, a, b, c, d);
  if ((b >> 5) & 1) f |= DIFFEQ_CPU_AVX2;
  if (fma) f |= DIFFEQ_CPU_FMA;
  if (zmm) {
    if ((b >> 16) & 1) f |= DIFFEQ_CPU_AVX512F;
    if ((b >> 17) & 1) f |= DIFFEQ_CPU_AVX512DQ;
    if ((b >> 30) & 1) f |= DIFFEQ_CPU_AVX512BW;
    if ((b >> 31) & 1) f |= DIFFEQ_CPU_AVX512VL;
    unsigned a1, b1, c1, d1;
    __cpuid_count(7, 1, a1, b1, c1, d1);
    if ((a1 >> 5) & 1) f |= DIFFEQ_CPU_AVX512BF16;
  }
#endif
  return f;
}

static pthread_once_t g_cpu_once = PTHREAD_ONCE_INIT;
static int g_cpu_features = 0;
static void init_cpu(void) { g_cpu_features = detect_cpu_features(); }

int diffeq_cpu_features(void) {
  pthread_once(&g_cpu_once, init_cpu);
  return g_cpu_features;
}

int diffeq_kernels_use_avx512(void) {
  const int need = DIFFEQ_CPU_AVX512F | DIFFEQ_CPU_AVX512BW | DIFFEQ_CPU_AVX512DQ |
                   DIFFEQ_CPU_AVX512VL | DIFFEQ_CPU_AVX2 | DIFFEQ_CPU_FMA;
  static int cached = -1;  // every thread computes the same value; relaxed atomics suffice
  int value = __atomic_load_n(&cached, __ATOMIC_RELAXED);
  if (value < 0) {
    const char *env = getenv("DIFFEQ_KERNELS");
    const int forced_portable = env != NULL && strcmp(env, "portable") == 0;
    value = !forced_portable && (diffeq_cpu_features() & need) == need;
    __atomic_store_n(&cached, value, __ATOMIC_RELAXED);
  }
  return value;
}

int diffeq_online_cpus(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : (int)n;
}

// MARK: - Loader state

typedef diffeq_cblas_sgemm_fn sgemm_fn;
typedef void (*sgemv_fn)(int order, int ta, int m, int n, float alpha, const float *a, int lda,
                         const float *x, int incx, float beta, float *y, int incy);
typedef char *(*corename_fn)(void);
typedef void (*set_threads_fn)(int);
typedef int (*get_threads_fn)(void);

enum { ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112 };

static pthread_once_t g_blas_once = PTHREAD_ONCE_INIT;
static int g_backend = DIFFEQ_BLAS_PORTABLE;
static int g_failure = DIFFEQ_BLAS_OK;
static int g_preloaded = 0;
static double g_check_error = 0;
static char g_message[512] = "not loaded";
static char g_core[64] = "portable";
static char g_requested[32] = "";
static sgemm_fn g_sgemm = NULL;
static sgemv_fn g_sgemv = NULL;
static set_threads_fn g_set_threads = NULL;
static get_threads_fn g_get_threads = NULL;

// MARK: - Self-check

static uint64_t lcg_next(uint64_t *s) {
  *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
  return *s >> 33;
}

static double check_product_in(sgemm_fn f, int ta, int tb, float *a, float *b, float *c,
                               float *c0);

/// Max over entries of |C - C_ref| / (sum |alpha a b| + |beta c0| + 1e-30) for one transpose pair.
static double check_product(sgemm_fn f, int ta, int tb) {
  enum { M = 67, N = 45, K = 53, PAD = 3 };
  enum { A_SIZE = (K + PAD) * (M + PAD), B_SIZE = (K + PAD) * (N + PAD), C_SIZE = M * (N + PAD) };
  float *buf = malloc(sizeof(float) * (A_SIZE + B_SIZE + 2 * C_SIZE));
  if (buf == NULL) return NAN;
  float *a = buf, *b = a + A_SIZE, *c = b + B_SIZE, *c0 = c + C_SIZE;
  const double worst = check_product_in(f, ta, tb, a, b, c, c0);
  free(buf);
  return worst;
}

static double check_product_in(sgemm_fn f, int ta, int tb, float *a, float *b, float *c,
                               float *c0) {
  enum { M = 67, N = 45, K = 53, PAD = 3 };
  uint64_t s = 0x5eed1234u + (uint64_t)(ta * 2 + tb);
  const int lda = (ta ? M : K) + PAD, ldb = (tb ? K : N) + PAD, ldc = N + PAD;
  const int arows = ta ? K : M, brows = tb ? N : K;
  for (int i = 0; i < arows * lda; i++) a[i] = (float)lcg_next(&s) / 1073741824.0f - 1.0f;
  for (int i = 0; i < brows * ldb; i++) b[i] = (float)lcg_next(&s) / 1073741824.0f - 1.0f;
  for (int i = 0; i < M * ldc; i++) c0[i] = c[i] = (float)lcg_next(&s) / 1073741824.0f - 1.0f;
  const float alpha = 0.75f, beta = -0.5f;
  f(ROW_MAJOR, ta ? TRANS : NO_TRANS, tb ? TRANS : NO_TRANS, M, N, K, alpha, a, lda, b, ldb, beta,
    c, ldc);
  double worst = 0;
  for (int i = 0; i < M; i++) {
    for (int j = 0; j < ldc; j++) {
      if (j >= N) {  // padding columns must be untouched
        if (c[i * ldc + j] != c0[i * ldc + j]) return INFINITY;
        continue;
      }
      double ref = 0, mag = 0;
      for (int p = 0; p < K; p++) {
        const double av = ta ? a[p * lda + i] : a[i * lda + p];
        const double bv = tb ? b[j * ldb + p] : b[p * ldb + j];
        ref += av * bv;
        mag += fabs(av * bv);
      }
      ref = alpha * ref + beta * (double)c0[i * ldc + j];
      mag = fabs(alpha) * mag + fabs(beta * (double)c0[i * ldc + j]) + 1e-30;
      const double err = fabs((double)c[i * ldc + j] - ref) / mag;
      if (!(err <= worst)) worst = err;  // NaN -> NaN
      if (isnan(err)) return NAN;
    }
  }
  return worst;
}

/// Relative error bound of the self-check: Float32 rounding over K = 53 terms is < 53 * 2^-24
/// ~ 3.2e-6 of sum |a b| (plus one rounding of the scaling); 1e-4 leaves a 30x margin, while a
/// wrong kernel (bad packing, wrong transpose) is off by O(1).
static const double kSelfCheckBound = 1e-4;

static double self_check(sgemm_fn f) {
  double worst = 0;
  for (int ta = 0; ta < 2; ta++) {
    for (int tb = 0; tb < 2; tb++) {
      const double e = check_product(f, ta, tb);
      if (!(e <= worst)) worst = e;
    }
  }
  return worst;
}

static void portable_sgemm_cblas(int order, int ta, int tb, int m, int n, int k, float alpha,
                                 const float *a, int lda, const float *b, int ldb, float beta,
                                 float *c, int ldc) {
  (void)order;
  diffeq_sgemm_portable(ta == TRANS, tb == TRANS, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

// MARK: - Loading

// AVX2 + FMA (with or without AVX-512) -> Haswell. On this project's machine kind (Intel family 6
// model 207, AVX-512, unknown to OpenBLAS 0.3.21) the Haswell (AVX2) sgemm kernels beat the
// SkylakeX (AVX-512) ones at every shape measured, same process, alternating runs, 2 threads:
// 512^3 215-219 vs 204-209 GFLOP/s; 32x19600x288 150-163 vs 136-143; 64x14400x576 174-182 vs
// 162-163; 128x1600x1152 208-210 vs 194-198 (Zen kernels in between). A user who measures
// otherwise on another CPU sets OPENBLAS_CORETYPE, which is respected.
static const char *requested_core_for_cpu(int f) {
  if ((f & (DIFFEQ_CPU_AVX2 | DIFFEQ_CPU_FMA)) == (DIFFEQ_CPU_AVX2 | DIFFEQ_CPU_FMA))
    return "Haswell";
  return NULL;
}

static void fall_back(int failure, const char *detail) {
  g_backend = DIFFEQ_BLAS_PORTABLE;
  g_failure = failure;
  g_sgemm = NULL;
  g_sgemv = NULL;
  g_set_threads = NULL;
  g_get_threads = NULL;
  snprintf(g_core, sizeof g_core, "portable");
  snprintf(g_message, sizeof g_message, "%s; using the portable sgemm (slow)", detail);
  if (getenv("DIFFEQ_BLAS_QUIET") == NULL && failure != DIFFEQ_BLAS_DISABLED) {
    fprintf(stderr, "warning: Neural BLAS: %s\n", g_message);
  }
}

typedef struct {
  void *handle;
  const char *loaded;
  sgemm_fn sgemm;
  sgemv_fn sgemv;
  corename_fn corename;
  set_threads_fn set_threads;
  get_threads_fn get_threads;
} blas_library;

/// Opens the first loadable candidate and resolves its symbols. Returns DIFFEQ_BLAS_OK,
/// DIFFEQ_BLAS_LIBRARY_MISSING or DIFFEQ_BLAS_SYMBOL_MISSING (with `detail` filled in).
static int open_library(const char *const *candidates, int count, blas_library *lib, char *detail,
                        size_t size) {
  memset(lib, 0, sizeof *lib);
  char errors[256] = "";
  for (int i = 0; i < count && lib->handle == NULL; i++) {
    lib->handle = dlopen(candidates[i], RTLD_NOW | RTLD_LOCAL);
    if (lib->handle != NULL) {
      lib->loaded = candidates[i];
    } else if (errors[0] == '\0') {
      const char *e = dlerror();
      snprintf(errors, sizeof errors, "%s", e ? e : candidates[i]);
    }
  }
  if (lib->handle == NULL) {
    snprintf(detail, size,
             "OpenBLAS not found (%s); install libopenblas0 (Debian: libopenblas-dev) or set "
             "DIFFEQ_BLAS_LIBRARY to its path",
             errors);
    return DIFFEQ_BLAS_LIBRARY_MISSING;
  }
  lib->sgemm = (sgemm_fn)dlsym(lib->handle, "cblas_sgemm");
  lib->sgemv = (sgemv_fn)dlsym(lib->handle, "cblas_sgemv");
  lib->corename = (corename_fn)dlsym(lib->handle, "openblas_get_corename");
  lib->set_threads = (set_threads_fn)dlsym(lib->handle, "openblas_set_num_threads");
  lib->get_threads = (get_threads_fn)dlsym(lib->handle, "openblas_get_num_threads");
  if (lib->sgemm == NULL || lib->sgemv == NULL) {
    snprintf(detail, size, "%s lacks %s", lib->loaded,
             lib->sgemm == NULL ? "cblas_sgemm" : "cblas_sgemv");
    return DIFFEQ_BLAS_SYMBOL_MISSING;
  }
  snprintf(detail, size, "%s", lib->loaded);
  return DIFFEQ_BLAS_OK;
}

static void load_blas(void) {
  const char *mode = getenv("DIFFEQ_BLAS");
  if (mode != NULL && strcmp(mode, "portable") == 0) {
    fall_back(DIFFEQ_BLAS_DISABLED, "DIFFEQ_BLAS=portable is set");
    return;
  }

  static const char *const names[] = {"libopenblas.so.0", "libopenblas.so", "libopenblasp.so.0",
                                      "libopenblas.dylib"};
  const char *custom = getenv("DIFFEQ_BLAS_LIBRARY");
  const char *candidates[5];
  int count = 0;
  if (custom != NULL && custom[0] != '\0') candidates[count++] = custom;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) candidates[count++] = names[i];

  // Already in the process (linked by someone, or loaded by another library)? Then its kernel
  // was chosen at its load and OPENBLAS_CORETYPE can no longer change it.
  for (int i = 0; i < count && !g_preloaded; i++) {
    void *h = dlopen(candidates[i], RTLD_NOW | RTLD_NOLOAD);
    if (h != NULL) {
      g_preloaded = 1;
      dlclose(h);
    }
  }

  const char *user_core = getenv("OPENBLAS_CORETYPE");
  int we_set = 0;
  if (user_core == NULL && !g_preloaded) {
    const char *core = requested_core_for_cpu(diffeq_cpu_features());
    if (core != NULL) {
      snprintf(g_requested, sizeof g_requested, "%s", core);
      // A process-wide side effect for the duration of the load only (removed right after).
      we_set = setenv("OPENBLAS_CORETYPE", core, 0) == 0;
    }
  }

  // OpenBLAS's idle worker threads spin (sched_yield) for 2^28 cycles (~0.1 s) after each job,
  // competing with the kernels' own threads for the cores. 2^16 cycles (~30 µs) still covers
  // back-to-back GEMMs; the value is read at load time, and a user's setting is respected.
  const int set_timeout = !g_preloaded && getenv("OPENBLAS_THREAD_TIMEOUT") == NULL &&
                          setenv("OPENBLAS_THREAD_TIMEOUT", "16", 0) == 0;

  blas_library lib;
  char detail[400];
  const int status = open_library(candidates, count, &lib, detail, sizeof detail);
  if (we_set) unsetenv("OPENBLAS_CORETYPE");
  if (set_timeout) unsetenv("OPENBLAS_THREAD_TIMEOUT");
  if (status != DIFFEQ_BLAS_OK) {
    fall_back(status, detail);
    return;  // a half-opened handle stays open: unloading OpenBLAS with live threads is unsafe
  }
  const char *loaded = lib.loaded;
  sgemm_fn sgemm = lib.sgemm;
  sgemv_fn sgemv = lib.sgemv;
  corename_fn corename = lib.corename;
  set_threads_fn set_threads = lib.set_threads;
  get_threads_fn get_threads = lib.get_threads;
  const char *core = corename != NULL ? corename() : NULL;
  snprintf(g_core, sizeof g_core, "%s", core != NULL ? core : "unknown");

  g_check_error = self_check(sgemm);
  if (!(g_check_error <= kSelfCheckBound)) {
    snprintf(detail, sizeof detail,
             "%s core %s failed the self-check (max relative error %.3g > %.1g)", loaded, g_core,
             g_check_error, kSelfCheckBound);
    fall_back(DIFFEQ_BLAS_SELF_CHECK_FAILED, detail);
    return;
  }

  g_sgemm = sgemm;
  g_sgemv = sgemv;
  g_set_threads = set_threads;
  g_get_threads = get_threads;
  g_backend = DIFFEQ_BLAS_OPENBLAS;
  g_failure = DIFFEQ_BLAS_OK;
  snprintf(g_message, sizeof g_message, "%s core %s (%s; self-check max relative error %.2g)",
           loaded, g_core,
           g_preloaded  ? "library was already loaded: core chosen at its load"
           : user_core  ? "OPENBLAS_CORETYPE set by the user"
           : g_requested[0] ? "core type chosen from cpuid"
                            : "no core type for this CPU: OpenBLAS's own choice",
           g_check_error);
}

int diffeq_blas_load(void) {
  pthread_once(&g_blas_once, load_blas);
  return g_backend;
}

int diffeq_blas_failure(void) {
  diffeq_blas_load();
  return g_failure;
}
const char *diffeq_blas_message(void) {
  diffeq_blas_load();
  return g_message;
}
const char *diffeq_blas_core_name(void) {
  diffeq_blas_load();
  return g_core;
}
const char *diffeq_blas_requested_core(void) {
  diffeq_blas_load();
  return g_requested;
}
int diffeq_blas_was_preloaded(void) {
  diffeq_blas_load();
  return g_preloaded;
}
double diffeq_blas_self_check_error(void) {
  diffeq_blas_load();
  return g_backend == DIFFEQ_BLAS_OPENBLAS || g_failure == DIFFEQ_BLAS_SELF_CHECK_FAILED
             ? g_check_error
             : NAN;
}

// The configured thread count (what OpenBLAS uses outside parallel regions), and the number of
// open parallel regions; both guarded by g_threads_lock.
static pthread_mutex_t g_threads_lock = PTHREAD_MUTEX_INITIALIZER;
static int g_threads = 0;
static int g_regions = 0;

static int configured_threads_locked(void) {
  if (g_threads == 0) g_threads = g_get_threads != NULL ? g_get_threads() : diffeq_online_cpus();
  return g_threads;
}

int diffeq_blas_get_threads(void) {
  diffeq_blas_load();
  pthread_mutex_lock(&g_threads_lock);
  const int n = configured_threads_locked();
  pthread_mutex_unlock(&g_threads_lock);
  return n;
}

void diffeq_blas_set_threads(int n) {
  diffeq_blas_load();
  if (n < 1) return;
  pthread_mutex_lock(&g_threads_lock);
  if (g_set_threads != NULL) {
    g_set_threads(n);
    g_threads = g_get_threads != NULL ? g_get_threads() : n;  // OpenBLAS clamps to its maximum
    if (g_regions > 0) g_set_threads(1);
  } else {  // portable backend: the count only drives the kernels' own parallel loops
    const int cpus = diffeq_online_cpus();
    g_threads = n < cpus ? n : cpus;
  }
  pthread_mutex_unlock(&g_threads_lock);
}

void diffeq_blas_begin_parallel(void) {
  diffeq_blas_load();
  if (g_set_threads == NULL) return;
  pthread_mutex_lock(&g_threads_lock);
  const int n = configured_threads_locked();
  if (g_regions++ == 0 && n != 1) g_set_threads(1);
  pthread_mutex_unlock(&g_threads_lock);
}

void diffeq_blas_end_parallel(void) {
  if (g_set_threads == NULL) return;
  pthread_mutex_lock(&g_threads_lock);
  const int n = configured_threads_locked();
  if (--g_regions == 0 && n != 1) g_set_threads(n);
  pthread_mutex_unlock(&g_threads_lock);
}

// MARK: - Calls

void diffeq_sgemm(int transA, int transB, int m, int n, int k, float alpha, const float *a, int lda,
                  const float *b, int ldb, float beta, float *c, int ldc) {
  if (m <= 0 || n <= 0) return;
  diffeq_blas_load();
  if (k <= 0 || alpha == 0.0f) {  // C = beta C, without touching A or B (BLAS semantics)
    for (int i = 0; i < m; i++) {
      float *row = c + (size_t)i * ldc;
      if (beta == 0.0f) {
        memset(row, 0, sizeof(float) * (size_t)n);
      } else if (beta != 1.0f) {
        for (int j = 0; j < n; j++) row[j] *= beta;
      }
    }
    return;
  }
  if (g_sgemm != NULL) {
    g_sgemm(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, alpha, a, lda,
            b, ldb, beta, c, ldc);
  } else {
    diffeq_sgemm_portable(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  }
}

void diffeq_sgemv(int trans, int m, int n, float alpha, const float *a, int lda, const float *x,
                  float beta, float *y) {
  const int ylen = trans ? n : m, xlen = trans ? m : n;
  if (ylen <= 0) return;
  diffeq_blas_load();
  if (g_sgemv != NULL && xlen > 0) {
    g_sgemv(ROW_MAJOR, trans ? TRANS : NO_TRANS, m, n, alpha, a, lda, x, 1, beta, y, 1);
    return;
  }
  // Portable: y = beta y (not read when beta == 0) + alpha op(A) x, accumulated in double.
  for (int i = 0; i < ylen; i++) y[i] = beta == 0.0f ? 0.0f : beta * y[i];
  if (xlen <= 0 || alpha == 0.0f) return;
  if (!trans) {
    for (int i = 0; i < m; i++) {
      double s = 0;
      for (int j = 0; j < n; j++) s += (double)a[(size_t)i * lda + j] * x[j];
      y[i] += alpha * (float)s;
    }
  } else {
    for (int i = 0; i < m; i++) {
      const float xi = alpha * x[i];
      for (int j = 0; j < n; j++) y[j] += xi * a[(size_t)i * lda + j];
    }
  }
}

// MARK: - Test hooks

double diffeq_blas_self_check_portable(void) { return self_check(portable_sgemm_cblas); }

double diffeq_blas_self_check_kernel(diffeq_cblas_sgemm_fn kernel) { return self_check(kernel); }

int diffeq_blas_probe(const char *path, char *message, int size) {
  diffeq_blas_load();  // never let a probe be the first (core-choosing) load of OpenBLAS
  const char *candidates[1] = {path};
  blas_library lib;
  char detail[400];
  int status = open_library(candidates, 1, &lib, detail, sizeof detail);
  if (status == DIFFEQ_BLAS_OK) {
    const double e = self_check(lib.sgemm);
    if (!(e <= kSelfCheckBound)) {
      snprintf(detail, sizeof detail, "%s failed the self-check (max relative error %.3g)", path, e);
      status = DIFFEQ_BLAS_SELF_CHECK_FAILED;
    }
  }
  if (message != NULL && size > 0) snprintf(message, (size_t)size, "%s", detail);
  // Handles stay open (dlclose of a BLAS with worker threads is unsafe; the refcount is harmless).
  return status;
}
