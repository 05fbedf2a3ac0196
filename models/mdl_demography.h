/* Phase 3 of the month: ageing, deaths, and births that replace deaths. */
#ifndef MDL_DEMOGRAPHY_H
#define MDL_DEMOGRAPHY_H

#include "../sim/sim_model.h"
#include "mdl_world.h"

/* Annual death hazard at an age (years) for a sex, from the parameters. */
double mdl_death_hazard(const mdl_params *p, int sex, int age_years);

/* Precompute the monthly death thresholds and the newborn sex threshold. */
int mdl_demography_init(mdl_world *w, sim_err *err);

/* Phase 3 for person i: age a month; death (and the replacing birth),
 * widowhood, and the other life events (mdl_life); flows into acc (a block's
 * [group][metric] row). */
void mdl_demography_person(const mdl_month_ctx *c, size_t i, double *acc);

/* Phase 3 for everyone, as a pass of its own. Age everyone a month; deaths (and replacing births),
 * widowhood, and the other life events (mdl_life); flows into m->metrics. One Philox block per
 * person and month: word 0 decides death, 1 the newborn's sex, 2 a newcomer's
 * age or else marriage, 3 divorce. */
void mdl_demography_step(mdl_world *w, sim_month *m);

#endif
