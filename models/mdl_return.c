#include "mdl_return.h"

#include "mdl_interventions.h"
#include "mdl_metrics.h"
#include "mdl_recruit.h"

#include <math.h>

/* A long stay lasts one to two years. */
#define LONG_STAY_MIN_MONTHS  12
#define LONG_STAY_SPAN_MONTHS 12

int mdl_return_shelter_months(const mdl_params *p, int female_or_child, double u1, double u2)
{
    double mean = female_or_child ? p->shelter_months_women : p->shelter_months_men;
    return mdl_return_shelter_stay(p, mean, u1, u2);
}

int mdl_return_shelter_stay(const mdl_params *p, double mean, double u1, double u2)
{
    if (u1 < p->shelter_long_share)
        return LONG_STAY_MIN_MONTHS + (int)(u2 * (LONG_STAY_SPAN_MONTHS + 1));
    int months = (int)floor(mean * (0.5 + u2) + 0.5);
    return months > 0 ? months : 1;
}

void mdl_return_identified(const mdl_month_ctx *c, size_t i, double u1, double u2, double *acc)
{
    mdl_persons *ps = &c->w->persons;
    int female_or_child = ps->sex[i] == MDL_FEMALE || ps->age_months[i] < MDL_ADULT_AGE_MONTHS;
    double mean = mdl_interventions_shelter_months(c->w, i, female_or_child); /* policy */
    int months = mdl_return_shelter_stay(&c->w->p, mean, u1, u2);
    ps->state[i] = MDL_SHELTER;
    ps->months_in_state[i] = 0;
    ps->timer[i] = (uint8_t)(months < UINT8_MAX ? months : UINT8_MAX);
    ps->mflags[i] |= MDL_MF_DETECTED | MDL_MF_TRAINED;
    if (ps->times_identified[i] < UINT8_MAX)
        ps->times_identified[i]++;
    mdl_row_of(acc, ps, i)[MDL_M_shelter_months_sum] += months;
    mdl_recruit_named(c, i, acc);
}

void mdl_return_leave(const mdl_month_ctx *c, size_t i, int deported)
{
    mdl_persons *ps = &c->w->persons;
    (void)deported; /* counted by the exit; the way home is the same */
    ps->state[i] = MDL_RETURNING;
    ps->months_in_state[i] = 0;
}

/* Home again: savings and debts come home; stigma, awareness and services. */
static void reintegrate(const mdl_month_ctx *c, size_t i, double *acc)
{
    mdl_world *w = c->w;
    const mdl_params *p = &w->p;
    mdl_persons *ps = &w->persons;
    mdl_households *hs = &w->households;
    size_t hh = ps->household[i];
    int female = ps->sex[i] == MDL_FEMALE, trafficked = (ps->mflags[i] & MDL_MF_TRUE) != 0;
    int failed = mdl_return_failed(w, i);
    hs->savings_usd[hh] += ps->saved_usd[i];
    hs->debt_usd[hh] += ps->owed_usd[i];
    ps->owed_usd[i] = 0; /* saved_usd stays: what she or he brought home (mdl_return_failed) */
    if (hs->n_abroad[hh] > 0)
        hs->n_abroad[hh]--;
    double stigma = failed ? p->stigma_failed : 0;
    if (female && ps->sector[i] == MDL_SEC_SEX)
        stigma = mdl_max(stigma, p->stigma_sex);
    ps->stigma[i] = (uint8_t)(255 * mdl_max(ps->stigma[i] / 255.0, stigma) + 0.5);
    uint32_t u[4];
    sim_rng_draw4(c->m->key, (uint32_t)i, c->m->month, MDL_DRAW_JOURNEY, 5, u);
    if (trafficked) {
        double a = ps->awareness[i] / 255.0 + p->experience_awareness;
        ps->awareness[i] = (uint8_t)(255 * mdl_min(1, a) + 0.5);
    }
    if (trafficked && sim_rng_u01(u[0]) < p->insist_legal_share)
        ps->mflags[i] |= MDL_MF_INSIST_LEGAL;
    ps->return_month[i] = (uint16_t)mdl_clock(c); /* a returnee from now on */
    /* policy: the reintegration programme, for the returnees it targets */
    int programme =
        w->iv.on[MDL_IV_REINTEGRATION] && mdl_interventions_targets(w, MDL_IV_REINTEGRATION, i);
    const mdl_rules *r = &w->rules;
    double reach = ps->mflags[i] & MDL_MF_DETECTED ? r->services_identified : r->services_other;
    reach = programme ? mdl_max(reach, p->pol[MDL_IV_REINTEGRATION].coverage) : reach;
    int services = sim_rng_u01(u[1]) < reach;
    ps->mflags[i] =
        (uint8_t)((ps->mflags[i] & ~MDL_MF_SERVICES) | (services ? MDL_MF_SERVICES : 0));
    if (services && programme) { /* policy: the programme's case */
        hs->savings_usd[hh] += (float)p->reint_cash_usd;
        ps->mflags[i] |= MDL_MF_TRAINED;
        mdl_interventions_reached(w, MDL_IV_REINTEGRATION, i, acc);
    }
    int64_t months = programme ? p->reint_months : p->services_months;
    ps->timer[i] = (uint8_t)(services && months > 0 ? months : 1);
    ps->flags[i] &= (uint16_t)~MDL_F_SECRET;
    ps->state[i] = MDL_REINTEGRATING;
    ps->months_in_state[i] = 0;
}

void mdl_return_person(const mdl_month_ctx *c, size_t i, double *acc)
{
    mdl_persons *ps = &c->w->persons;
    int g = mdl_group_of(ps->sex[i], ps->age_months[i]);
    switch (ps->state[i]) {
    case MDL_SHELTER:
        if (ps->timer[i] > 0)
            ps->timer[i]--;
        if (ps->timer[i] == 0) {
            ps->state[i] = MDL_RETURNING;
            ps->months_in_state[i] = 0;
            acc[mdl_metric_at(g, MDL_M_returns_formal)] += 1;
        }
        break;
    case MDL_RETURNING:
        /* repatriated victims were counted leaving the shelter */
        if (!(ps->mflags[i] & MDL_MF_DETECTED))
            acc[mdl_metric_at(g, MDL_M_returns_informal)] += 1;
        reintegrate(c, i, acc);
        break;
    case MDL_REINTEGRATING:
        if (ps->timer[i] > 0)
            ps->timer[i]--;
        if (ps->timer[i] == 0) {
            ps->state[i] = MDL_HOME;
            ps->months_in_state[i] = 0;
        }
        break;
    case MDL_HOME:
        if (ps->stigma[i] > 0)
            ps->stigma[i] = (uint8_t)(ps->stigma[i] * (1 - c->w->p.stigma_decay));
        break;
    default:
        break;
    }
}
