// Debian ships glpk.h and libglpk but no pkg-config file: this module map is the way in.
#include <glpk.h>
