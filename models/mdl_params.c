#include "mdl_params.h"

#include <stddef.h>

#define OFF(f) offsetof(mdl_params, f)

static const sim_param_desc rows[] = {
#define PD(f, p, d, lo, hi, u, m, s) {p, SIM_PT_DOUBLE, OFF(f), d, lo, hi, NULL, NULL, u, m, s},
#define PI(f, p, d, lo, hi, u, m, s) {p, SIM_PT_INT, OFF(f), d, lo, hi, NULL, NULL, u, m, s},
#define PB(f, p, d, m, s)            {p, SIM_PT_BOOL, OFF(f), d, 0, 1, NULL, NULL, "-", m, s},
#define PE(f, p, d, c, m, s)         {p, SIM_PT_ENUM, OFF(f), d, 0, 0, NULL, c, "-", m, s},
#define PP(f, p, d, m, s)            {p, SIM_PT_PATH, OFF(f), 0, 0, 0, d, NULL, "path", m, s},
#define PS(f, p, d, m, s)            {p, SIM_PT_STRING, OFF(f), 0, 0, 0, d, NULL, "-", m, s},
#include "mdl_params.def"
#undef PD
#undef PI
#undef PB
#undef PE
#undef PP
#undef PS
};

const sim_param_table mdl_params_table = {"crossings", rows, sizeof rows / sizeof rows[0],
                                          sizeof(mdl_params)};
