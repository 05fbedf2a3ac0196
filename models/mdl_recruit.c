#include "mdl_recruit.h"

#include "mdl_interventions.h"

#include <math.h>
#include <stdlib.h>

#define RCOL(f)                                                                                    \
    {                                                                                              \
#f, sizeof(*((mdl_recruiters *)0)->f), offsetof(mdl_recruiters, f)                         \
    }

static const sim_col_spec recruiter_cols[] = {
    RCOL(type), RCOL(area), RCOL(former_migrant), RCOL(deception), RCOL(placed), RCOL(sanctioned),
};

static double rate_of(const mdl_params *p, int t)
{
    const double rate[MDL_N_RECRUITER_TYPES] = {p->agencies_per_100k, p->brokers_per_100k,
                                                p->kin_per_100k, p->online_per_100k};
    return rate[t];
}

static double mean_deception(const mdl_params *p, int t)
{
    const double d[MDL_N_RECRUITER_TYPES] = {p->agency_deception, p->broker_deception,
                                             p->kin_deception, p->online_deception};
    return d[t];
}

/* A recruiter's deception: uniform within +- deception_spread of the type's mean. */
static float draw_deception(const mdl_params *p, int t, uint32_t u)
{
    double d = mean_deception(p, t) * (1 + p->deception_spread * (2 * sim_rng_u01(u) - 1));
    return (float)mdl_max(0, mdl_min(1, d));
}

static size_t count_of(const mdl_world *w, size_t a, int t, double scale)
{
    double n = floor(w->areas.v[a].population * scale * rate_of(&w->p, t) / 1e5 + 0.5);
    return n < 1 ? 1 : (size_t)n;
}

int mdl_recruit_init(mdl_world *w, sim_rng_key key, double scale, sim_err *err)
{
    mdl_recruiters *r = &w->recruiters;
    size_t na = w->areas.n, slots = na * MDL_N_RECRUITER_TYPES;
    r->begin = malloc((slots + 1) * sizeof *r->begin);
    if (!r->begin)
        return SIM_RAISE(err, SIM_ENOMEM, "out of memory for recruiters");
    r->begin[0] = 0;
    for (size_t k = 0; k < slots; k++)
        r->begin[k + 1] = r->begin[k] + count_of(w, k / MDL_N_RECRUITER_TYPES,
                                                 (int)(k % MDL_N_RECRUITER_TYPES), scale);
    int rc = sim_cols_alloc(&r->cols, r, recruiter_cols,
                            sizeof recruiter_cols / sizeof recruiter_cols[0], r->begin[slots],
                            "recruiters", err);
    if (rc)
        return rc;
    r->n = r->begin[slots];
    for (size_t k = 0; k < slots; k++)
        for (size_t j = r->begin[k]; j < r->begin[k + 1]; j++) {
            uint32_t u[4];
            sim_rng_draw4(key, (uint32_t)j, SIM_RNG_MONTH_SETUP, MDL_DRAW_RECRUITER, 0, u);
            r->area[j] = (uint8_t)(k / MDL_N_RECRUITER_TYPES);
            r->type[j] = (uint8_t)(k % MDL_N_RECRUITER_TYPES);
            r->deception[j] = draw_deception(&w->p, r->type[j], u[0]);
        }
    return SIM_OK;
}

/* Each area's policing signal: sanctions a year per broker, remembered with
 * recruiters.policing_memory. */
static void update_policing(mdl_world *w, const size_t *sanctioned)
{
    const mdl_recruiters *r = &w->recruiters;
    double keep = w->p.policing_memory;
    for (size_t a = 0; a < w->areas.n; a++) {
        size_t k = a * MDL_N_RECRUITER_TYPES + MDL_REC_BROKER;
        double brokers = (double)(r->begin[k + 1] - r->begin[k]);
        double rate = brokers > 0 ? 12.0 * (double)sanctioned[a] / brokers : 0;
        w->as[a].policing = keep * w->as[a].policing + (1 - keep) * rate;
    }
}

void mdl_recruit_month(mdl_world *w, const sim_month *m)
{
    mdl_recruiters *r = &w->recruiters;
    size_t sanctioned[MDL_MAX_AREAS] = {0};
    for (size_t j = 0; j < r->n; j++) {
        if (r->type[j] != MDL_REC_BROKER && r->type[j] != MDL_REC_ONLINE)
            continue;
        uint32_t u[4];
        sim_rng_draw4(m->key, (uint32_t)j, m->month, MDL_DRAW_RECRUITER, 0, u);
        if (u[0] >= mdl_interventions_sanction_threshold(w, j)) /* policy: regulation */
            continue;
        r->sanctioned[j]++;
        r->placed[j] = 0;
        sanctioned[r->area[j]] += r->type[j] == MDL_REC_BROKER;
        r->deception[j] = draw_deception(&w->p, r->type[j], u[1]);
        r->former_migrant[j] = sim_rng_u01(u[2]) < w->p.former_migrant_share;
    }
    update_policing(w, sanctioned);
}

size_t mdl_recruit_pick(const mdl_world *w, size_t area, int type, uint32_t u)
{
    const mdl_recruiters *r = &w->recruiters;
    size_t k = area * MDL_N_RECRUITER_TYPES + (size_t)type;
    size_t n = r->begin[k + 1] - r->begin[k];
    if (n == 0)
        return SIZE_MAX;
    return r->begin[k] + (size_t)(sim_rng_u01(u) * (double)n);
}
