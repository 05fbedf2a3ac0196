/* Policies as records (MODEL.md "Interventions", "Shocks are scenario
 * events"): the ids of the policy table (mdl_policies.def) and the record of
 * settings every policy has. A scenario's record k is params.pol[k]; the
 * settings of its own stay named rows of the parameter table (e.g.
 * interventions.labour_inspection.sectors). */
#ifndef MDL_POLICIES_H
#define MDL_POLICIES_H

#include "../sim/sim_param.h"

#include <stdint.h>

/* Settings a policy may be unable to honour (bits; mdl_policies.def). */
enum { MDL_NO_TARGET = 1, MDL_NO_COVERAGE = 2, MDL_NO_COST = 4 };

/* Interventions first (0 .. MDL_N_IV - 1), then shocks. */
enum mdl_policy_id {
#define IV(id, name, no) MDL_IV_##id,
#define SHOCK(id, name)
#include "mdl_policies.def"
#undef IV
#undef SHOCK
    MDL_N_IV,
    MDL_SHOCK_BEFORE_FIRST_ = MDL_N_IV - 1, /* shocks follow the interventions */
#define IV(id, name, no)
#define SHOCK(id, name) MDL_SHOCK_##id,
#include "mdl_policies.def"
#undef IV
#undef SHOCK
    MDL_N_POLICIES
};

/* One policy of a scenario: the settings every intervention has (a shock
 * uses the window and the areas). Rows of the parameter table point into it
 * (mdl_params.def, IV_RECORD and SHOCK_RECORD). */
typedef struct mdl_policy {
    int active;                    /* the scenario lists it */
    int64_t start, end;            /* window, months; end -1: to the end of the run */
    double coverage, cost;         /* share of the target; USD per person reached */
    int sex;                       /* MDL_TARGET_SEX_* */
    int64_t min_age, max_age;      /* years */
    char areas[SIM_PARAM_STR_MAX]; /* area codes, comma-separated; empty: all */
    int group;                     /* MDL_TARGET_GROUP_* */
} mdl_policy;

/* The scenario key of policy k ("interventions.awareness_campaign",
 * "shocks.flood"). */
const char *mdl_policy_key(int k);

/* The settings policy k cannot honour (MDL_NO_* bits; shocks: none). */
int mdl_policy_unhonoured(int k);

#endif
