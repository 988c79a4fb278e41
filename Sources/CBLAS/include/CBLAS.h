// CBLAS — private shim that loads OpenBLAS at first use. No stable Swift API.
#ifndef DIFFEQ_CBLAS_H
#define DIFFEQ_CBLAS_H
int diffeq_blas_placeholder(void);
#endif
