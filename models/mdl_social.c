#include "mdl_social.h"

#include "mdl_return.h"

#include "mdl_metrics.h"

#include <math.h>
#include <string.h>

/* Awareness and signals concern persons from the youngest age of decision. */
#define TEEN_MONTHS (13 * 12)

/* What the aggregation pass counts per area. */
enum {
    AGG_PERSONS,
    AGG_AWARENESS,
    AGG_HOUSEHOLDS,
    AGG_REMITTING,
    AGG_SUCCESS,
    AGG_BAREHANDED,
    AGG_WIDTH
};
_Static_assert(AGG_WIDTH <= MDL_AREA_SCRATCH, "area scratch too small");

double mdl_social_signal(const mdl_params *p, double remitting, double successes, double barehanded)
{
    double s = p->success_scale * (remitting + successes - p->failure_weight * barehanded);
    return mdl_max(0, mdl_min(1, s));
}

void mdl_social_count_person(const mdl_world *w, size_t i, double *agg)
{
    const mdl_persons *ps = &w->persons;
    const mdl_households *hs = &w->households;
    if (ps->state[i] == MDL_DEAD || ps->age_months[i] < TEEN_MONTHS)
        return;
    size_t hh = ps->household[i];
    agg[MDL_AGG_PERSONS] += 1;
    agg[MDL_AGG_AWARENESS] += ps->awareness[i]; /* in 255ths */
    if (ps->state[i] == MDL_REINTEGRATING) {
        int saved = !mdl_return_failed(w, i);
        agg[saved ? MDL_AGG_SUCCESS : MDL_AGG_BAREHANDED] += 1;
    }
    if (hs->first[hh] == i) {
        agg[MDL_AGG_HOUSEHOLDS] += 1;
        agg[MDL_AGG_REMITTING] += hs->remit_usd[hh] > 0;
    }
}

void mdl_social_diffuse_person(mdl_world *w, size_t i)
{
    mdl_persons *ps = &w->persons;
    if (ps->state[i] == MDL_DEAD || ps->age_months[i] < TEEN_MONTHS)
        return;
    ps->awareness[i] = w->as[ps->area[i]].awareness_next[ps->awareness[i]];
}

void mdl_social_update(mdl_world *w, size_t area, const double *agg)
{
    double persons = mdl_max(1, agg[MDL_AGG_PERSONS]),
           households = mdl_max(1, agg[MDL_AGG_HOUSEHOLDS]);
    double raw =
        mdl_social_signal(&w->p, agg[MDL_AGG_REMITTING] / households,
                          agg[MDL_AGG_SUCCESS] / persons, agg[MDL_AGG_BAREHANDED] / persons);
    mdl_area_state *as = &w->as[area];
    as->success = w->p.success_memory * as->success + (1 - w->p.success_memory) * raw;
    as->awareness_mean = agg[MDL_AGG_AWARENESS] / 255 / persons;
    /* next month's step toward the mean, for every awareness level */
    for (int level = 0; level < 256; level++) {
        double a = level / 255.0;
        a += w->p.awareness_diffusion * (as->awareness_mean - a);
        as->awareness_next[level] = (uint8_t)(255 * mdl_max(0, mdl_min(1, a)) + 0.5);
    }
}

static void count_block(void *vctx, const sim_block *b, double *acc)
{
    for (size_t i = b->begin; i < b->end; i++)
        mdl_social_count_person(vctx, i, acc);
}

void mdl_social_init(mdl_world *w, int threads)
{
    double *agg = w->area_scratch;
    memset(agg, 0, w->areas.n * MDL_AGG_WIDTH * sizeof *agg);
    sim_par_run(&w->blocks, threads, count_block, w, w->partials, MDL_AGG_WIDTH);
    sim_par_reduce(&w->blocks, w->partials, MDL_AGG_WIDTH, agg);
    for (size_t a = 0; a < w->areas.n; a++) {
        mdl_social_update(w, a, agg + a * MDL_AGG_WIDTH);
        w->as[a].success = 0; /* no history before the start */
    }
}
