// C baselines for the ode benchmarks (compiled -O3 -march=native, floating-point contraction off
// so results can be compared bit for bit with the Swift code, which never contracts).
#ifndef DIFFEQ_ODE_BASELINES_H
#define DIFFEQ_ODE_BASELINES_H

/// A right-hand side in GSL's form: writes dydt (n values) from (t, y).
typedef int (*ode_baseline_rhs)(double t, const double *y, double *dydt, void *params);

/// The Lorenz right-hand side (sigma = 10, rho = 28, beta = 8/3), GSL form.
int ode_lorenz_rhs(double t, const double *y, double *dydt, void *params);

/// Classical RK4 with a function-pointer right-hand side for `steps` steps from t0 to t1 on the
/// grid t0 + k*dt (last point t1, step h_k = t_{k+1} - t_k, as the Swift FixedStepSchedule):
/// a C library integrator, the same architecture as the Swift solver (a callback per stage).
/// `y` (n values) is advanced in place; `work` holds at least 6n doubles.
void ode_rk4_integrate(ode_baseline_rhs f, void *params, int n, double *y, double t0, double t1,
                       double dt, long steps, double *work);

/// The same RK4 on Lorenz with the right-hand side inlined into the loop (no callback): the
/// fastest plain C loop, reported for transparency. `y` (3 values) is advanced in place.
void ode_rk4_lorenz_inlined(double *y, double t0, double t1, double dt, long steps);

/// GSL odeiv2 rk8pd on Lorenz through gsl_odeiv2_driver_apply, rtol = atol = eps, from t0 to t1
/// starting with step h0. Advances y (3 values) in place; `steps` receives the steps taken.
/// Returns the GSL status.
int ode_gsl_lorenz_rk8pd(double t0, double t1, double h0, double eps, double *y,
                         unsigned long *steps);

/// GSL msbdf on Van der Pol (parameter mu) with its analytic Jacobian, rtol = atol = eps.
int ode_gsl_vdp_msbdf(double mu, double t0, double t1, double h0, double eps, double *y,
                      unsigned long *steps);

/// GSL msbdf on Robertson's kinetics with its analytic Jacobian, given rtol and atol.
int ode_gsl_robertson_msbdf(double t0, double t1, double h0, double rtol, double atol, double *y,
                            unsigned long *steps);

#endif
