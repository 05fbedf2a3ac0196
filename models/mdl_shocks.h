/* Shocks (MODEL.md: scenario events, not interventions).
 *
 * A scenario lists them under `shocks:`, each with a window:
 *   flood           a flood or drought in the named areas: local income lost
 *                   and the disaster push, for its months
 *   conflict        conflict escalates in the named areas: they count as
 *                   conflict-affected (income lost, the conflict push, forced
 *                   marriage from Myanmar's), with a further income loss
 *   border_closure  a share of cross-border departures cannot leave
 *   demand_change   destination wages and offers change (a drop or a rise)
 * They act like interventions, through this month's parameters and each
 * area's state for the month (mdl_area_state: conflict_now, shock_loss,
 * disaster_now). */
#ifndef MDL_SHOCKS_H
#define MDL_SHOCKS_H

#include "mdl_world.h"

/* Check the shocks of params against the areas; errors name the key. */
int mdl_shocks_check(const mdl_params *p, const mdl_areas *areas, sim_errs *errs);

/* Set up from w->p (after mdl_interventions_init and the economy). */
int mdl_shocks_init(mdl_world *w, sim_errs *errs);

/* The shocks of this month, after the interventions' parameters. */
void mdl_shocks_month(mdl_world *w, uint32_t month);

#endif
