// Only includes the GLPK header: see https://www.gnu.org/software/glpk/ for the C API reference.
#include <glpk.h>
