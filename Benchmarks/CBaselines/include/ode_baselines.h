// C baselines for the ode benchmarks.
#ifndef DIFFEQ_ODE_BASELINES_H
#define DIFFEQ_ODE_BASELINES_H
#endif
