/* The model's parameters as a C struct, generated from mdl_params.def. */
#ifndef MDL_PARAMS_H
#define MDL_PARAMS_H

#include "../sim/sim_param.h"

#include <stdint.h>

typedef struct mdl_params {
#define PD(f, p, d, lo, hi, u, m, s) double f;
#define PI(f, p, d, lo, hi, u, m, s) int64_t f;
#define PB(f, p, d, m, s)            int f;
#define PE(f, p, d, c, m, s)         int f;
#define PP(f, p, d, m, s)            char f[SIM_PARAM_STR_MAX];
#define PS(f, p, d, m, s)            char f[SIM_PARAM_STR_MAX];
#include "mdl_params.def"
#undef PD
#undef PI
#undef PB
#undef PE
#undef PP
#undef PS
} mdl_params;

extern const sim_param_table mdl_params_table;

#endif
