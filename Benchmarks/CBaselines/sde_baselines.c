// C baselines for the sde benchmarks: a scalar xoshiro256** + ziggurat Euler–Maruyama ensemble on
// POSIX threads, and a plain realized-covariation loop. Compiled -O3 -march=native.
#include "sde_baselines.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

// MARK: xoshiro256** (Blackman & Vigna), seeded by SplitMix64

static inline uint64_t rotl64(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static inline uint64_t xoshiro256ss_next(uint64_t s[4]) {
  const uint64_t result = rotl64(s[1] * 5, 7) * 9;
  const uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl64(s[3], 45);
  return result;
}

static inline uint64_t splitmix64_mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

static void seed_stream(uint64_t s[4], uint64_t seed, uint64_t stream) {
  uint64_t state = splitmix64_mix(seed + splitmix64_mix(stream + 0x9E3779B97F4A7C15ULL));
  for (int i = 0; i < 4; i++) {
    state += 0x9E3779B97F4A7C15ULL;
    s[i] = splitmix64_mix(state);
  }
}

static inline double uniform01(uint64_t s[4]) {  // (0, 1)
  return ((double)(xoshiro256ss_next(s) >> 11) + 0.5) * 0x1.0p-53;
}

// MARK: 256-layer ziggurat for the standard normal

#define ZIG_LAYERS 256
#define ZIG_R 3.6541528853610088
#define ZIG_V 0.00492867323399

static double zig_x[ZIG_LAYERS + 1];
static double zig_ratio[ZIG_LAYERS];
static pthread_once_t zig_once = PTHREAD_ONCE_INIT;

static void zig_init(void) {
  double f = exp(-0.5 * ZIG_R * ZIG_R);
  zig_x[0] = ZIG_V / f;
  zig_x[1] = ZIG_R;
  zig_x[ZIG_LAYERS] = 0;
  for (int i = 2; i < ZIG_LAYERS; i++) {
    zig_x[i] = sqrt(-2 * log(ZIG_V / zig_x[i - 1] + f));
    f = exp(-0.5 * zig_x[i] * zig_x[i]);
  }
  for (int i = 0; i < ZIG_LAYERS; i++) zig_ratio[i] = zig_x[i + 1] / zig_x[i];
}

static double zig_tail(uint64_t s[4], int negative) {
  double x, y;
  do {
    x = log(uniform01(s)) / ZIG_R;
    y = log(uniform01(s));
  } while (-2 * y < x * x);
  return negative ? x - ZIG_R : ZIG_R - x;
}

static inline double zig_normal(uint64_t s[4]) {
  for (;;) {
    const uint64_t bits = xoshiro256ss_next(s);
    const unsigned i = (unsigned)(bits & 0xFF);
    const double u = 2.0 * ((double)(bits >> 11) * 0x1.0p-53) - 1.0;  // [-1, 1)
    if (fabs(u) < zig_ratio[i]) return u * zig_x[i];
    if (i == 0) return zig_tail(s, u < 0);
    const double x = u * zig_x[i];
    const double f0 = exp(-0.5 * (zig_x[i] * zig_x[i] - x * x));
    const double f1 = exp(-0.5 * (zig_x[i + 1] * zig_x[i + 1] - x * x));
    if (f1 + uniform01(s) * (f0 - f1) < 1.0) return x;
  }
}

double sde_baseline_ziggurat_normal(uint64_t state[4]) {
  pthread_once(&zig_once, zig_init);
  return zig_normal(state);
}

// MARK: Euler–Maruyama ensemble of the SDE ball

typedef struct {
  long first, last;
  int steps, save_every, saves;
  double dt;
  uint64_t seed;
  double *sums;  // saves × 5: Σx, Σy, Σxx, Σxy, Σyy
} em_task;

static void *em_worker(void *arg) {
  em_task *task = (em_task *)arg;
  const double dt = task->dt, sq = sqrt(task->dt);
  double *sums = task->sums;
  for (long p = task->first; p < task->last; p++) {
    uint64_t s[4];
    seed_stream(s, task->seed, (uint64_t)p);
    double x = 0.0, y = 1.0;
    sums[0] += x; sums[1] += y; sums[2] += x * x; sums[3] += x * y; sums[4] += y * y;
    int next_save = task->save_every, save = 1;
    for (int k = 1; k <= task->steps; k++) {
      const double dw = sq * zig_normal(s);
      const double nx = x + y * dt + 0.2 * dw;
      const double ny = y - x * dt + 0.1 * dw;
      x = nx;
      y = ny;
      if (k == next_save) {
        double *row = sums + 5 * save;
        row[0] += x; row[1] += y; row[2] += x * x; row[3] += x * y; row[4] += y * y;
        next_save += task->save_every;
        save++;
      }
    }
  }
  return NULL;
}

int sde_baseline_em_ball(long paths, int steps, double t1, int save_every, uint64_t seed,
                         int threads, double *mean_out, double *cov_out) {
  if (paths < 2 || steps < 1 || save_every < 1 || steps % save_every != 0 || threads < 1 ||
      threads > 64 || !(t1 > 0))
    return -1;
  pthread_once(&zig_once, zig_init);
  const int saves = steps / save_every + 1;
  em_task tasks[64];
  pthread_t ids[64];
  for (int t = 0; t < threads; t++) {
    tasks[t].first = paths * t / threads;
    tasks[t].last = paths * (t + 1) / threads;
    tasks[t].steps = steps;
    tasks[t].save_every = save_every;
    tasks[t].saves = saves;
    tasks[t].dt = t1 / steps;
    tasks[t].seed = seed;
    tasks[t].sums = calloc((size_t)saves * 5, sizeof(double));
    if (!tasks[t].sums) return -1;
  }
  for (int t = 1; t < threads; t++) pthread_create(&ids[t], NULL, em_worker, &tasks[t]);
  em_worker(&tasks[0]);
  for (int t = 1; t < threads; t++) pthread_join(ids[t], NULL);
  const double n = (double)paths;
  for (int q = 0; q < saves; q++) {
    double acc[5] = {0, 0, 0, 0, 0};
    for (int t = 0; t < threads; t++)
      for (int j = 0; j < 5; j++) acc[j] += tasks[t].sums[q * 5 + j];
    const double mx = acc[0] / n, my = acc[1] / n;
    mean_out[q * 2] = mx;
    mean_out[q * 2 + 1] = my;
    cov_out[q * 3] = (acc[2] - n * mx * mx) / (n - 1);
    cov_out[q * 3 + 1] = (acc[3] - n * mx * my) / (n - 1);
    cov_out[q * 3 + 2] = (acc[4] - n * my * my) / (n - 1);
  }
  for (int t = 0; t < threads; t++) free(tasks[t].sums);
  return 0;
}

// MARK: realized covariation

void sde_baseline_realized_covariation_2d(const double *paths, long npaths, long nsamples,
                                          double *out) {
  for (long p = 0; p < npaths; p++) {
    const double *z = paths + p * nsamples * 2;
    double sxx = 0, sxy = 0, syy = 0;
    for (long k = 0; k + 1 < nsamples; k++) {
      const double dx = z[2 * (k + 1)] - z[2 * k];
      const double dy = z[2 * (k + 1) + 1] - z[2 * k + 1];
      sxx += dx * dx;
      sxy += dx * dy;
      syy += dy * dy;
    }
    out[p * 3] = sxx;
    out[p * 3 + 1] = sxy;
    out[p * 3 + 2] = syy;
  }
}
