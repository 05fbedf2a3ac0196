/* Phase 4: social information within each origin area.
 *
 * Success stories: households receiving remittances and returnees who came
 * back with savings raise an area's success signal; returnees who came back
 * with nothing lower it, with a weaker weight (social.failure_weight). The
 * signal keeps social.success_memory of last month's value. Signals are those
 * counted at the end of the previous month (news travels with a month's lag). Awareness
 * diffuses slowly: each person aged 13 and over moves social.awareness_diffusion
 * of the way toward the area's mean. */
#ifndef MDL_SOCIAL_H
#define MDL_SOCIAL_H

#include "../sim/sim_model.h"
#include "mdl_world.h"

/* The success signal an area reaches from its shares of remitting households,
 * successful and barehanded returnees (before memory). */
double mdl_social_signal(const mdl_params *p, double remitting, double successes,
                         double barehanded);

/* What an area's persons tell each other, counted per area. */
enum mdl_aggregate {
    MDL_AGG_PERSONS,   /* persons 13+ */
    MDL_AGG_AWARENESS, /* their awareness, summed */
    MDL_AGG_HOUSEHOLDS,
    MDL_AGG_REMITTING,  /* households receiving remittances */
    MDL_AGG_SUCCESS,    /* returnees with savings */
    MDL_AGG_BAREHANDED, /* returnees with nothing */
    MDL_AGG_WIDTH
};

/* Count person i into an area's aggregates agg[MDL_AGG_WIDTH]. The month
 * counts everyone at its end; the next month's phase 4 uses the counts. */
void mdl_social_count_person(const mdl_world *w, size_t i, double *agg);

/* Update an area's success signal and mean awareness from its aggregates. */
void mdl_social_update(mdl_world *w, size_t area, const double *agg);

/* Move person i's awareness toward the area's mean (phase 4). */
void mdl_social_diffuse_person(mdl_world *w, size_t i);

/* The areas' aggregates of the synthesised population, before month 0. */
void mdl_social_init(mdl_world *w, int threads);

#endif
