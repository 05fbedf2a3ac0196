#include "mdl_social.h"

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
    return fmax(0, fmin(1, s));
}

typedef struct social_ctx {
    mdl_world *w;
} social_ctx;

static void aggregate_block(void *vctx, const sim_block *b, double *acc)
{
    const mdl_world *w = ((const social_ctx *)vctx)->w;
    const mdl_persons *ps = &w->persons;
    const mdl_households *hs = &w->households;
    for (size_t i = b->begin; i < b->end; i++) {
        if (ps->state[i] == MDL_DEAD || ps->age_months[i] < TEEN_MONTHS)
            continue;
        size_t hh = ps->household[i];
        acc[AGG_PERSONS] += 1;
        acc[AGG_AWARENESS] += ps->awareness[i] / 255.0;
        if (ps->state[i] == MDL_REINTEGRATING) {
            int saved = hs->savings_usd[hh] > hs->need_usd[hh];
            acc[saved ? AGG_SUCCESS : AGG_BAREHANDED] += 1;
        }
        if (hs->first[hh] == i) {
            acc[AGG_HOUSEHOLDS] += 1;
            acc[AGG_REMITTING] += hs->remit_usd[hh] > 0;
        }
    }
}

static void diffuse_block(void *vctx, const sim_block *b, double *acc)
{
    mdl_world *w = ((const social_ctx *)vctx)->w;
    mdl_persons *ps = &w->persons;
    (void)acc;
    double rate = w->p.awareness_diffusion;
    for (size_t i = b->begin; i < b->end; i++) {
        if (ps->state[i] == MDL_DEAD || ps->age_months[i] < TEEN_MONTHS)
            continue;
        double a = ps->awareness[i] / 255.0;
        a += rate * (w->as[ps->area[i]].awareness_mean - a);
        ps->awareness[i] = (uint8_t)(255 * fmax(0, fmin(1, a)) + 0.5);
    }
}

void mdl_social_step(mdl_world *w, sim_month *m)
{
    social_ctx c = {w};
    size_t na = w->areas.n;
    double *agg = w->area_scratch; /* na x MDL_AREA_SCRATCH doubles, made at set-up */
    memset(agg, 0, na * AGG_WIDTH * sizeof *agg);
    sim_par_run(&w->blocks, m->threads, aggregate_block, &c, w->partials, AGG_WIDTH);
    sim_par_reduce(&w->blocks, w->partials, AGG_WIDTH, agg);
    for (size_t a = 0; a < na; a++) {
        const double *g = agg + a * AGG_WIDTH;
        double persons = fmax(1, g[AGG_PERSONS]), households = fmax(1, g[AGG_HOUSEHOLDS]);
        double raw = mdl_social_signal(&w->p, g[AGG_REMITTING] / households,
                                       g[AGG_SUCCESS] / persons, g[AGG_BAREHANDED] / persons);
        mdl_area_state *as = &w->as[a];
        as->success = w->p.success_memory * as->success + (1 - w->p.success_memory) * raw;
        as->awareness_mean = g[AGG_AWARENESS] / persons;
    }
    sim_par_run(&w->blocks, m->threads, diffuse_block, &c, w->partials, 0);
}
