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
#define RD(k, f, ...)                PD(pol[k].f, __VA_ARGS__)
#define RI(k, f, ...)                PI(pol[k].f, __VA_ARGS__)
#define RB(k, f, ...)                PB(pol[k].f, __VA_ARGS__)
#define RE(k, f, ...)                PE(pol[k].f, __VA_ARGS__)
#define RS(k, f, ...)                PS(pol[k].f, __VA_ARGS__)
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
};

const sim_param_table mdl_params_table = {"crossings", rows, sizeof rows / sizeof rows[0],
                                          sizeof(mdl_params)};

static const char *const policy_keys[MDL_N_POLICIES] = {
#define IV(id, name, no) "interventions." name,
#define SHOCK(id, name)  "shocks." name,
#include "mdl_policies.def"
#undef IV
#undef SHOCK
};

static const int policy_unhonoured[MDL_N_POLICIES] = {
#define IV(id, name, no) no,
#define SHOCK(id, name)  0,
#include "mdl_policies.def"
#undef IV
#undef SHOCK
};

const char *mdl_policy_key(int k)
{
    return k >= 0 && k < MDL_N_POLICIES ? policy_keys[k] : "";
}

int mdl_policy_unhonoured(int k)
{
    return k >= 0 && k < MDL_N_POLICIES ? policy_unhonoured[k] : 0;
}
