// C baselines for the ode benchmarks. The arithmetic of each right-hand side and of the RK4 step
// is written in the same order as the Swift code so that, with contraction off, results agree bit
// for bit: the benchmarks check that.
#pragma STDC FP_CONTRACT OFF
#include "ode_baselines.h"
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv2.h>

int ode_lorenz_rhs(double t, const double *y, double *dydt, void *params) {
  (void)t;
  (void)params;
  const double sigma = 10.0, rho = 28.0, beta = 8.0 / 3.0;
  dydt[0] = sigma * (y[1] - y[0]);
  dydt[1] = y[0] * (rho - y[2]) - y[1];
  dydt[2] = y[0] * y[1] - beta * y[2];
  return GSL_SUCCESS;
}

// The step sequence is the Swift solver's FixedStepSchedule without save times: lattice points
// t_k = t0 + k*dt, the last one replaced by t1, and each step h_k = t_{k+1} - t_k.
__attribute__((noinline)) void ode_rk4_integrate(ode_baseline_rhs f, void *params, int n,
                                                 double *y, double t0, double t1, double dt,
                                                 long steps, double *work) {
  double *k1 = work, *k2 = work + n, *k3 = work + 2 * n, *k4 = work + 3 * n;
  double *stage = work + 4 * n, *next = work + 5 * n;
  double *cur = y;
  double t = t0;
  for (long s = 0; s < steps; s++) {
    const double tn = (s == steps - 1) ? t1 : t0 + (double)(s + 1) * dt;
    const double h = tn - t;
    const double h2 = h * 0.5, h6 = h * (1.0 / 6.0), h3 = h * (1.0 / 3.0), h1 = h * 1.0;
    f(t, cur, k1, params);
    for (int j = 0; j < n; j++) stage[j] = cur[j] + h2 * k1[j];
    f(t + 0.5 * h, stage, k2, params);
    for (int j = 0; j < n; j++) stage[j] = cur[j] + h2 * k2[j];
    f(t + 0.5 * h, stage, k3, params);
    for (int j = 0; j < n; j++) stage[j] = cur[j] + h1 * k3[j];
    f(t + 1.0 * h, stage, k4, params);
    for (int j = 0; j < n; j++) {
      double acc = cur[j] + h6 * k1[j];
      acc = acc + h3 * k2[j];
      acc = acc + h3 * k3[j];
      next[j] = acc + h6 * k4[j];
    }
    double *tmp = cur;
    cur = next;
    next = tmp;
    t = tn;
  }
  if (cur != y) memcpy(y, cur, (size_t)n * sizeof(double));
}

void ode_rk4_lorenz_inlined(double *y, double t0, double t1, double dt, long steps) {
  double k1[3], k2[3], k3[3], k4[3], s[3];
  double t = t0;
  for (long i = 0; i < steps; i++) {
    const double tn = (i == steps - 1) ? t1 : t0 + (double)(i + 1) * dt;
    const double h = tn - t;
    const double h2 = h * 0.5, h6 = h * (1.0 / 6.0), h3 = h * (1.0 / 3.0), h1 = h * 1.0;
    t = tn;
    ode_lorenz_rhs(0, y, k1, 0);
    for (int j = 0; j < 3; j++) s[j] = y[j] + h2 * k1[j];
    ode_lorenz_rhs(0, s, k2, 0);
    for (int j = 0; j < 3; j++) s[j] = y[j] + h2 * k2[j];
    ode_lorenz_rhs(0, s, k3, 0);
    for (int j = 0; j < 3; j++) s[j] = y[j] + h1 * k3[j];
    ode_lorenz_rhs(0, s, k4, 0);
    for (int j = 0; j < 3; j++) {
      double acc = y[j] + h6 * k1[j];
      acc = acc + h3 * k2[j];
      acc = acc + h3 * k3[j];
      y[j] = acc + h6 * k4[j];
    }
  }
}

static int drive(gsl_odeiv2_system *sys, const gsl_odeiv2_step_type *type, double t0, double t1,
                 double h0, double atol, double rtol, double *y, unsigned long *steps) {
  gsl_odeiv2_driver *d = gsl_odeiv2_driver_alloc_y_new(sys, type, t1 > t0 ? h0 : -h0, atol, rtol);
  if (d == NULL) return GSL_ENOMEM;
  double t = t0;
  int status = gsl_odeiv2_driver_apply(d, &t, t1, y);
  *steps = d->n; // accepted steps (e->count also counts attempts later rejected)
  gsl_odeiv2_driver_free(d);
  return status;
}

int ode_gsl_lorenz_rk8pd(double t0, double t1, double h0, double eps, double *y,
                         unsigned long *steps) {
  gsl_set_error_handler_off();
  gsl_odeiv2_system sys = {ode_lorenz_rhs, NULL, 3, NULL};
  return drive(&sys, gsl_odeiv2_step_rk8pd, t0, t1, h0, eps, eps, y, steps);
}

static int vdp_rhs(double t, const double *y, double *dydt, void *params) {
  (void)t;
  const double mu = *(const double *)params;
  dydt[0] = y[1];
  dydt[1] = mu * (1.0 - y[0] * y[0]) * y[1] - y[0];
  return GSL_SUCCESS;
}

static int vdp_jac(double t, const double *y, double *dfdy, double *dfdt, void *params) {
  (void)t;
  const double mu = *(const double *)params;
  dfdy[0] = 0.0;
  dfdy[1] = 1.0;
  dfdy[2] = -2.0 * mu * y[0] * y[1] - 1.0;
  dfdy[3] = mu * (1.0 - y[0] * y[0]);
  dfdt[0] = 0.0;
  dfdt[1] = 0.0;
  return GSL_SUCCESS;
}

int ode_gsl_vdp_msbdf(double mu, double t0, double t1, double h0, double eps, double *y,
                      unsigned long *steps) {
  gsl_set_error_handler_off();
  gsl_odeiv2_system sys = {vdp_rhs, vdp_jac, 2, &mu};
  return drive(&sys, gsl_odeiv2_step_msbdf, t0, t1, h0, eps, eps, y, steps);
}

static int robertson_rhs(double t, const double *y, double *dydt, void *params) {
  (void)t;
  (void)params;
  dydt[0] = -0.04 * y[0] + 1.0e4 * y[1] * y[2];
  dydt[1] = 0.04 * y[0] - 1.0e4 * y[1] * y[2] - 3.0e7 * y[1] * y[1];
  dydt[2] = 3.0e7 * y[1] * y[1];
  return GSL_SUCCESS;
}

static int robertson_jac(double t, const double *y, double *dfdy, double *dfdt, void *params) {
  (void)t;
  (void)params;
  dfdy[0] = -0.04;
  dfdy[1] = 1.0e4 * y[2];
  dfdy[2] = 1.0e4 * y[1];
  dfdy[3] = 0.04;
  dfdy[4] = -1.0e4 * y[2] - 6.0e7 * y[1];
  dfdy[5] = -1.0e4 * y[1];
  dfdy[6] = 0.0;
  dfdy[7] = 6.0e7 * y[1];
  dfdy[8] = 0.0;
  dfdt[0] = 0.0;
  dfdt[1] = 0.0;
  dfdt[2] = 0.0;
  return GSL_SUCCESS;
}

int ode_gsl_robertson_msbdf(double t0, double t1, double h0, double rtol, double atol, double *y,
                            unsigned long *steps) {
  gsl_set_error_handler_off();
  gsl_odeiv2_system sys = {robertson_rhs, robertson_jac, 3, NULL};
  return drive(&sys, gsl_odeiv2_step_msbdf, t0, t1, h0, atol, rtol, y, steps);
}
