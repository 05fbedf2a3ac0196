/* The model's parameters as a C struct, generated from mdl_params.def. */
#ifndef MDL_PARAMS_H
#define MDL_PARAMS_H

#include "../sim/sim_param.h"
#include "mdl_policies.h"

#include <stdint.h>

typedef struct mdl_params {
#define PD(f, p, d, lo, hi, u, m, s) double f;
#define PI(f, p, d, lo, hi, u, m, s) int64_t f;
#define PB(f, p, d, m, s)            int f;
#define PE(f, p, d, c, m, s)         int f;
#define PP(f, p, d, m, s)            char f[SIM_PARAM_STR_MAX];
#define PS(f, p, d, m, s)            char f[SIM_PARAM_STR_MAX];
#define RD(k, f, p, d, lo, hi, u, m, s)
#define RI(k, f, p, d, lo, hi, u, m, s)
#define RB(k, f, p, d, m, s)
#define RE(k, f, p, d, c, m, s)
#define RS(k, f, p, d, m, s)
#include "mdl_params.def"
#undef PD
#undef PI
#undef PB
#undef PE
#undef PP
#undef PS
#undef RD
#undef RI
#undef RB
#undef RE
#undef RS
    mdl_policy pol[MDL_N_POLICIES]; /* every intervention and shock (mdl_policies.def) */
} mdl_params;

extern const sim_param_table mdl_params_table;

#endif
