// C baselines for the sde benchmarks.
#ifndef DIFFEQ_SDE_BASELINES_H
#define DIFFEQ_SDE_BASELINES_H
#endif
