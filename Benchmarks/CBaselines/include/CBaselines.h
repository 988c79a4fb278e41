// In-repo C baselines, compiled -O3, that the Swift benchmarks are measured against.
#ifndef DIFFEQ_CBASELINES_H
#define DIFFEQ_CBASELINES_H
#include "ode_baselines.h"
#include "sde_baselines.h"
#endif
