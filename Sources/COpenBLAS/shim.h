// Only includes the headers: CBLAS and the thread control of OpenBLAS (Debian's libopenblas-dev,
// /usr/include/x86_64-linux-gnu/cblas.h) and LAPACKE, LAPACK's C interface (liblapacke-dev).
// Imported by the LinearAlgebra module only.
#include <cblas.h>
#include <lapacke.h>
