#ifndef FAULTLINE_COPENBLAS_SHIM_H
#define FAULTLINE_COPENBLAS_SHIM_H
// Without these three, Swift's importer drops the routines that use complex types and
// cblas.h / lapacke.h disagree on them (measured on Debian 12's OpenBLAS 0.3.21 + LAPACKE 3.11).
#define FORCE_OPENBLAS_COMPLEX_STRUCT
#define HAVE_LAPACK_CONFIG_H
#define LAPACK_COMPLEX_STRUCTURE
#include <cblas.h>
#include <lapacke.h>
#endif
