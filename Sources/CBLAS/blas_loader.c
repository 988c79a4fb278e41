#include "CBLAS.h"
int diffeq_blas_placeholder(void) { return 0; }
