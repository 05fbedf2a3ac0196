/* Phases 1 and 2 of the month: the environment (floods, conflict) and the
 * household economy (local work, wages, needs, shocks, debt, savings, social
 * protection). */
#ifndef MDL_ECONOMY_H
#define MDL_ECONOMY_H

#include "../sim/sim_model.h"
#include "mdl_world.h"

/* Set up each area's labour market and needs from the tables and parameters:
 * labour-force participation by sex from national.csv (WB2019). */
int mdl_economy_init(mdl_world *w, sim_errs *errs);

/* Phase 1: floods start in flood-exposed areas at the start of the flood
 * season with their annual chance, and last flood_months. */
void mdl_environment_step(mdl_world *w, sim_month *m);

/* Phase 2 for one household: who works, what they earn, what the household
 * needs, shocks, and the balance into savings or debt. */
void mdl_economy_household(const mdl_month_ctx *c, size_t hh);

/* Phase 2 for every household (a parallel pass of its own; the month itself
 * runs the phases fused, household by household: mdl_model.c). */
void mdl_economy_step(mdl_world *w, sim_month *m);

/* Schooling that counts for a wage at an age: a level is finished by 12
 * (primary), 15 (lower secondary) and 18 (upper secondary). */
int mdl_education_at(int final_level, int age_years);

/* Is a person of this age (years) of working age? */
static inline int mdl_working_age(const mdl_params *p, int age_years)
{
    return age_years >= p->work_min_age_years && age_years <= p->work_max_age_years;
}

/* Is the person living at home this month (not away migrating, not dead)? */
static inline int mdl_at_home(uint8_t state)
{
    return state == MDL_HOME || state == MDL_SEEKING;
}

/* Recompute the areas' wages from this month's parameters (a policy changed
 * them). */
void mdl_economy_wages(mdl_world *w);

#endif
