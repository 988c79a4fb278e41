// CGSL — private shim over GSL's ODE and error headers. No stable Swift API.
// GSL's gsl_cblas.h must never be included here (it clashes with OpenBLAS's cblas.h in CBLAS).
#ifndef DIFFEQ_CGSL_SHIM_H
#define DIFFEQ_CGSL_SHIM_H
#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv2.h>
#endif
