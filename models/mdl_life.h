/* Phase 3, life events beyond birth and death: marriage and divorce. (Death
 * and widowhood are in mdl_demography.) */
#ifndef MDL_LIFE_H
#define MDL_LIFE_H

#include "../sim/sim_model.h"
#include "mdl_world.h"

/* Precompute the monthly marriage and divorce thresholds. */
void mdl_life_init(mdl_world *w);

/* Life events of adult i who lives through the month, called from the
 * demography pass (mdl_demography.c) with two words of i's monthly block:
 * single adults aged 18-40 marry when u_marry falls under the marriage
 * threshold; married persons divorce when u_divorce falls under the divorce
 * threshold. A divorcing head and wife both become divorced; she stays in the
 * household as another member (households do not split in this model). */
void mdl_life_person(mdl_world *w, size_t i, uint32_t u_marry, uint32_t u_divorce, double *acc);

#endif
