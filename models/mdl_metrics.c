#include "mdl_metrics.h"

const sim_metric_desc mdl_metrics[MDL_N_METRICS] = {
#define M(id, kind, unit, meaning) {#id, SIM_METRIC_##kind, unit, meaning},
#include "mdl_metrics.def"
#undef M
};

const char *const mdl_group_names[MDL_N_GROUPS] = {"women", "men", "girls", "boys"};

static void census_block(void *ctx, const sim_block *b, double *acc)
{
    const mdl_persons *ps = &((const mdl_world *)ctx)->persons;
    for (size_t i = b->begin; i < b->end; i++) {
        if (ps->state[i] == MDL_DEAD)
            continue;
        int g = mdl_group_of(ps->sex[i], ps->age_months[i]);
        acc[mdl_metric_at(g, MDL_M_population)] += 1;
        acc[mdl_metric_at(g, MDL_M_persons_home)] += ps->state[i] == MDL_HOME;
        acc[mdl_metric_at(g, MDL_M_age_years_sum)] += ps->age_months[i] / 12.0;
    }
}

void mdl_metrics_census(mdl_world *w, sim_month *m)
{
    sim_par_run(&w->blocks, m->threads, census_block, w, w->partials, MDL_PARTIAL_WIDTH);
    sim_par_reduce(&w->blocks, w->partials, MDL_PARTIAL_WIDTH, m->metrics);
}
