#include "mdl_metrics.h"

#include "mdl_abroad.h"
#include "mdl_economy.h"

const sim_metric_desc mdl_metrics[MDL_N_METRICS] = {
#define M(id, kind, unit, meaning) {#id, SIM_METRIC_##kind, unit, meaning},
#include "mdl_metrics.def"
#undef M
};

const char *const mdl_group_names[MDL_N_GROUPS] = {"women", "men", "girls", "boys"};

/* Awareness is counted from the youngest age of decision. */
#define AWARE_AGE_MONTHS (13 * 12)

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

/* Person i's own stocks into its group's row a (flags counted without
 * branching: they depend on the person, so branches would be guessed wrong). */
static void count_person(const mdl_world *w, size_t i, double *a)
{
    const mdl_persons *ps = &w->persons;
    uint8_t state = ps->state[i];
    uint16_t f = ps->flags[i];
    a[state_metric[state]] += 1; /* DEAD is skipped by the caller */
    a[MDL_M_persons_bonded] += state == MDL_TRAFFICKED && (ps->mflags[i] & MDL_MF_BONDED);
    int away = state >= MDL_ABROAD_DECENT && state <= MDL_TRAFFICKED;
    if (away && mdl_cross_border(ps->destination[i])) {
        /* T1 keeps counting by channel; undocumented also counts lost permits */
        int irregular = ps->channel[i] != MDL_CH_REGULAR;
        a[MDL_M_persons_abroad] += 1;
        a[MDL_M_abroad_irregular] += irregular;
        a[MDL_M_trafficked_irregular] += irregular && state == MDL_TRAFFICKED;
        a[MDL_M_abroad_undocumented] += mdl_abroad_undocumented(w, i);
    }
    if (ps->age_months[i] >= w->p.id_min_age_years * 12) {
        a[MDL_M_with_id] += (f & MDL_F_ID) != 0;
        a[MDL_M_with_passport] += (f & MDL_F_PASSPORT) != 0;
    }
    a[MDL_M_doc_pending] += ps->doc_months[i] > 0;
    a[MDL_M_violence] += (f & MDL_F_VIOLENCE) != 0;
    if (ps->age_months[i] >= AWARE_AGE_MONTHS) {
        a[MDL_M_persons_13plus] += 1;
        a[MDL_M_awareness_sum] += ps->awareness[i] / 255.0;
    }
    int wa = mdl_at_home(state) & mdl_working_age(&w->p, ps->age_months[i] / 12);
    a[MDL_M_working_age] += wa;
    a[MDL_M_employed] += wa & ((f & MDL_F_WORKS) != 0);
    a[MDL_M_employed_informal] += wa & ((f & MDL_F_INFORMAL) != 0);
}

void mdl_metrics_household(const mdl_world *w, size_t hh, double *acc)
{
    const mdl_persons *ps = &w->persons;
    const mdl_households *hs = &w->households;
    double n[MDL_N_GROUPS] = {0}, months[MDL_N_GROUPS] = {0};
    size_t first = hs->first[hh], end = first + hs->size[hh];
    for (size_t i = first; i < end; i++) {
        if (ps->state[i] == MDL_DEAD)
            continue;
        int g = mdl_group_of(ps->sex[i], ps->age_months[i]);
        n[g] += 1;
        months[g] += ps->age_months[i];
        count_person(w, i, acc + mdl_metric_at(g, 0));
    }
    /* what members share, once per group */
    double debt = hs->debt_usd[hh], care = hs->care_burden[hh];
    int poor = hs->income_usd[hh] < hs->need_usd[hh];
    for (int g = 0; g < MDL_N_GROUPS; g++) {
        if (n[g] == 0)
            continue;
        double *a = acc + mdl_metric_at(g, 0);
        a[MDL_M_population] += n[g];
        a[MDL_M_age_years_sum] += months[g] / 12;
        a[MDL_M_in_debt] += debt > 0 ? n[g] : 0;
        a[MDL_M_in_poverty] += poor ? n[g] : 0;
        a[MDL_M_debt_usd_sum] += n[g] * debt;
        a[MDL_M_care_burden_sum] += n[g] * care;
    }
}
