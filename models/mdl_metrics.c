#include "mdl_metrics.h"

#include "mdl_abroad.h"
#include "mdl_economy.h"

const sim_metric_desc mdl_metrics[MDL_N_METRICS] = {
#define M(id, kind, unit, meaning) {#id, SIM_METRIC_##kind, unit, meaning},
#include "mdl_metrics.def"
#undef M
};

const char *const mdl_group_names[MDL_N_GROUPS] = {"women", "men", "girls", "boys"};

/* The stock metric of each life-course state. */
static const int state_metric[MDL_N_STATES] = {
    [MDL_HOME] = MDL_M_persons_home,
    [MDL_SEEKING] = MDL_M_persons_seeking,
    [MDL_IN_TRANSIT] = MDL_M_persons_in_transit,
    [MDL_ABROAD_DECENT] = MDL_M_persons_abroad_decent,
    [MDL_ABROAD_EXPLOITED] = MDL_M_persons_abroad_exploited,
    [MDL_TRAFFICKED] = MDL_M_persons_trafficked,
    [MDL_SHELTER] = MDL_M_persons_shelter,
    [MDL_RETURNING] = MDL_M_persons_returning,
    [MDL_REINTEGRATING] = MDL_M_persons_reintegrating,
};

void mdl_metrics_person(const mdl_world *w, size_t i, double *acc)
{
    const mdl_persons *ps = &w->persons;
    const mdl_households *hs = &w->households;
    if (ps->state[i] == MDL_DEAD)
        return;
    double *a = mdl_row_of(acc, ps, i);
    size_t hh = ps->household[i];
    a[MDL_M_population] += 1;
    a[state_metric[ps->state[i]]] += 1; /* DEAD returned above */
    if (ps->state[i] == MDL_TRAFFICKED)
        a[MDL_M_persons_bonded] += (ps->mflags[i] & MDL_MF_BONDED) != 0;
    int working = ps->state[i] == MDL_ABROAD_DECENT || ps->state[i] == MDL_ABROAD_EXPLOITED ||
                  ps->state[i] == MDL_TRAFFICKED;
    if (working && mdl_abroad_undocumented(w, i)) {
        a[MDL_M_abroad_irregular] += 1;
        a[MDL_M_trafficked_irregular] += ps->state[i] == MDL_TRAFFICKED;
    }
    a[MDL_M_age_years_sum] += ps->age_months[i] / 12.0;
    a[MDL_M_violence] += (ps->flags[i] & MDL_F_VIOLENCE) != 0;
    a[MDL_M_in_debt] += hs->debt_usd[hh] > 0;
    a[MDL_M_in_poverty] += hs->income_usd[hh] < hs->need_usd[hh];
    a[MDL_M_debt_usd_sum] += hs->debt_usd[hh];
    a[MDL_M_care_burden_sum] += hs->care_burden[hh];
    if (mdl_at_home(ps->state[i]) && mdl_working_age(&w->p, ps->age_months[i] / 12)) {
        a[MDL_M_working_age] += 1;
        a[MDL_M_employed] += (ps->flags[i] & MDL_F_WORKS) != 0;
        a[MDL_M_employed_informal] += (ps->flags[i] & MDL_F_INFORMAL) != 0;
    }
}

static void census_block(void *ctx, const sim_block *b, double *acc)
{
    for (size_t i = b->begin; i < b->end; i++)
        mdl_metrics_person(ctx, i, acc);
}

void mdl_metrics_census(mdl_world *w, sim_month *m)
{
    sim_par_run(&w->blocks, m->threads, census_block, w, w->partials, MDL_PARTIAL_WIDTH);
    sim_par_reduce(&w->blocks, w->partials, MDL_PARTIAL_WIDTH, m->metrics);
}
