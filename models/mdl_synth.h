/* Synthesis of the origin areas' population (persons and households) from the
 * area tables, at a given scale. */
#ifndef MDL_SYNTH_H
#define MDL_SYNTH_H

#include "mdl_world.h"

/* Persons simulated in an area at scale (at least one). */
size_t mdl_synth_area_persons(const mdl_area *a, double scale);

/* Build w->persons, w->households and w->person_begin for w->areas at scale,
 * drawing from key with month SIM_RNG_MONTH_SETUP; one random stream per area,
 * so the result does not depend on the thread count. */
int mdl_synth_population(mdl_world *w, sim_rng_key key, double scale, sim_err *err);

#endif
