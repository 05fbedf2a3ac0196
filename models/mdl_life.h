/* Phase 3, life events beyond birth and death: marriage and divorce. (Death
 * and widowhood are in mdl_demography.) */
#ifndef MDL_LIFE_H
#define MDL_LIFE_H

#include "../sim/sim_model.h"
#include "mdl_world.h"

/* Precompute the monthly marriage and divorce thresholds. */
void mdl_life_init(mdl_world *w);

/* Marriages of single adults aged 18-40 and divorces of married persons. A
 * divorcing head and wife both become divorced; she stays in the household as
 * another member (households do not split in this model). */
void mdl_life_step(mdl_world *w, sim_month *m);

#endif
