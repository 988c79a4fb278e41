// CGSL — private shim over GSL's ODE and error headers. No stable Swift API.
// GSL's gsl_cblas.h must never be included here (it clashes with OpenBLAS's cblas.h in CBLAS).
#ifndef DIFFEQ_CGSL_SHIM_H
#define DIFFEQ_CGSL_SHIM_H
#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv2.h>

// The odeiv2 stepper types are mutable C globals, which Swift 6 rejects as not concurrency-safe.
// These accessors read them (GSL never writes them after load).
static inline const gsl_odeiv2_step_type *diffeq_gsl_step_rk2(void) { return gsl_odeiv2_step_rk2; }
static inline const gsl_odeiv2_step_type *diffeq_gsl_step_rkf45(void) { return gsl_odeiv2_step_rkf45; }
static inline const gsl_odeiv2_step_type *diffeq_gsl_step_rkck(void) { return gsl_odeiv2_step_rkck; }
static inline const gsl_odeiv2_step_type *diffeq_gsl_step_rk8pd(void) { return gsl_odeiv2_step_rk8pd; }
static inline const gsl_odeiv2_step_type *diffeq_gsl_step_msadams(void) { return gsl_odeiv2_step_msadams; }
static inline const gsl_odeiv2_step_type *diffeq_gsl_step_rk1imp(void) { return gsl_odeiv2_step_rk1imp; }
static inline const gsl_odeiv2_step_type *diffeq_gsl_step_rk2imp(void) { return gsl_odeiv2_step_rk2imp; }
static inline const gsl_odeiv2_step_type *diffeq_gsl_step_rk4imp(void) { return gsl_odeiv2_step_rk4imp; }
static inline const gsl_odeiv2_step_type *diffeq_gsl_step_bsimp(void) { return gsl_odeiv2_step_bsimp; }
static inline const gsl_odeiv2_step_type *diffeq_gsl_step_msbdf(void) { return gsl_odeiv2_step_msbdf; }

// Status codes as `int` (the enum constants import as Swift `Int`; callbacks return `Int32`).
static inline int diffeq_gsl_success(void) { return GSL_SUCCESS; }
static inline int diffeq_gsl_failure(void) { return GSL_FAILURE; }
static inline int diffeq_gsl_efault(void) { return GSL_EFAULT; }
static inline int diffeq_gsl_einval(void) { return GSL_EINVAL; }
static inline int diffeq_gsl_enomem(void) { return GSL_ENOMEM; }
static inline int diffeq_gsl_ebadfunc(void) { return GSL_EBADFUNC; }

#endif
