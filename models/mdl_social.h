/* Phase 4: social information within each origin area.
 *
 * Success stories: households receiving remittances and returnees who came
 * back with savings raise an area's success signal; returnees who came back
 * with nothing lower it, with a weaker weight (social.failure_weight). The
 * signal keeps social.success_memory of last month's value. Awareness
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

void mdl_social_step(mdl_world *w, sim_month *m);

#endif
