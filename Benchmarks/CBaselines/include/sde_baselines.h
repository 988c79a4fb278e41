// C baselines for the sde benchmarks.
#ifndef DIFFEQ_SDE_BASELINES_H
#define DIFFEQ_SDE_BASELINES_H
#include <stdint.h>

/// Euler–Maruyama on the SDE ball dX = Y dt + 0.2 dW, dY = -X dt + 0.1 dW (one shared W),
/// X0 = (0, 1), over [0, t1] in `steps` equal steps, for `paths` paths on `threads` POSIX threads.
/// Each path k has its own xoshiro256** stream seeded by SplitMix64 from (seed, k) and draws
/// standard normals with a 256-layer ziggurat (Marsaglia & Tsang 2000, Doornik 2005 layout).
/// The state is saved every `save_every` steps (and at t = 0): `saves = steps/save_every + 1`
/// save times; `mean_out` receives saves × 2 means, `cov_out` saves × 3 covariances (xx, xy, yy,
/// divisor paths − 1), accumulated as per-thread sums of x and x·xᵀ. Returns 0, or -1 on bad input.
int sde_baseline_em_ball(long paths, int steps, double t1, int save_every, uint64_t seed,
                         int threads, double *mean_out, double *cov_out);

/// One standard normal from the baseline's ziggurat, driven by a xoshiro256** generator with
/// state `state[4]` (for checking the sampler's distribution).
double sde_baseline_ziggurat_normal(uint64_t state[4]);

/// Realized covariation of `npaths` stored 2-D paths of `nsamples` samples each, laid out
/// path-major (`paths[(p * nsamples + k) * 2 + i]`): out[p*3 + {0,1,2}] = Σ Δx², Σ ΔxΔy, Σ Δy².
/// A plain single-threaded C loop.
void sde_baseline_realized_covariation_2d(const double *paths, long npaths, long nsamples,
                                          double *out);

#endif
