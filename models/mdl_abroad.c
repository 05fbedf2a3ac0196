#include "mdl_abroad.h"

#include "mdl_economy.h"
#include "mdl_events.h"
#include "mdl_interventions.h"
#include "mdl_journey.h"
#include "mdl_metrics.h"
#include "mdl_return.h"

#include <math.h>

_Static_assert(MDL_END_DEPORTED - MDL_END_ESCAPE == MDL_EXIT_DEPORTED - MDL_EXIT_ESCAPE,
               "exit routes and episode ends must keep the same order");

int mdl_abroad_undocumented(const mdl_world *w, size_t i)
{
    const mdl_persons *ps = &w->persons;
    /* without a valid permit, or with it taken (mdl_documents.h) */
    return mdl_cross_border(ps->destination[i]) &&
           (!(ps->flags[i] & MDL_F_PERMIT) || (ps->mflags[i] & MDL_MF_CONFISCATED));
}

static double pay_of(const mdl_world *w, size_t i)
{
    const mdl_params *p = &w->p;
    const mdl_persons *ps = &w->persons;
    double pay = mdl_abroad_promised_net_pay(w, i) / (1 - p->living_cost_share);
    if (ps->state[i] == MDL_ABROAD_EXPLOITED)
        pay *= p->exploited_pay_ratio;
    if (ps->state[i] == MDL_TRAFFICKED)
        pay *= ps->mflags[i] & MDL_MF_BONDED ? 0 : p->trafficked_pay_ratio;
    return pay;
}

double mdl_abroad_promised_net_pay(const mdl_world *w, size_t i)
{
    const mdl_params *p = &w->p;
    const mdl_persons *ps = &w->persons;
    int sex = ps->sex[i];
    double pay = ps->destination[i] == MDL_DEST_INTERNAL
                     ? w->as[ps->area[i]]
                           .wage[sex][mdl_education_at(ps->education[i], ps->age_months[i] / 12)]
                     : w->rules.dest_wage_usd[sex] * mdl_destination_of(w, i)->wage_ratio;
    return pay * (1 - p->living_cost_share);
}

double mdl_abroad_debt_ratio(const mdl_world *w, size_t i)
{
    double can = w->p.bondage_limit_months * mdl_abroad_promised_net_pay(w, i);
    double owed = w->persons.owed_usd[i];
    return owed <= 0 ? 0 : can > 0 ? owed / can : 2;
}

/* Pay, debts, remittances and savings of a month away. */
static void earn(mdl_world *w, size_t i, double *acc)
{
    mdl_persons *ps = &w->persons;
    double rest = pay_of(w, i) * (1 - w->p.living_cost_share);
    double repay = mdl_min(ps->owed_usd[i], rest);
    ps->owed_usd[i] -= (float)repay;
    rest -= repay;
    double remit = ps->flags[i] & MDL_F_SECRET ? 0 : w->p.remit_share * rest;
    w->households.remit_usd[ps->household[i]] += (float)remit;
    ps->saved_usd[i] += (float)(rest - remit);
    mdl_row_of(acc, ps, i)[MDL_M_remit_usd_sum] += remit;
}

static int confined(int sector)
{
    return sector == MDL_SEC_DOMESTIC || sector == MDL_SEC_FISHING;
}

static int labour_sector(int sector)
{
    return sector == MDL_SEC_FISHING || sector == MDL_SEC_CONSTRUCTION ||
           sector == MDL_SEC_MANUFACTURING || sector == MDL_SEC_AGRICULTURE;
}

/* Coercion into forced labour at destination: more for the undocumented, for
 * those whose documents are kept, and with what is owed (debt bondage). */
static double coercion_hazard(const mdl_world *w, size_t i, int undocumented)
{
    const mdl_params *p = &w->p;
    double h = p->coercion_hazard * (undocumented ? p->coercion_undocumented_factor : 1);
    h *= w->persons.mflags[i] & MDL_MF_CONFISCATED ? p->coercion_confiscated_factor : 1;
    return h * (1 + p->coercion_debt_factor * mdl_abroad_debt_ratio(w, i));
}

void mdl_abroad_hazards(const mdl_world *w, size_t i, double h[MDL_N_EXITS])
{
    const mdl_params *p = &w->p;
    const mdl_persons *ps = &w->persons;
    int sector = ps->sector[i], undocumented = mdl_abroad_undocumented(w, i);
    for (int k = 0; k < MDL_N_EXITS; k++)
        h[k] = 0;
    int abroad = mdl_cross_border(ps->destination[i]);
    double deport = abroad ? mdl_destination_of(w, i)->deportation_ratio : 1;
    double ident = abroad ? mdl_destination_of(w, i)->identification_ratio : 1;
    h[MDL_EXIT_DEPORTED] = undocumented ? p->deportation_hazard * deport : 0;
    if (ps->state[i] != MDL_TRAFFICKED) {
        int exploited = ps->state[i] == MDL_ABROAD_EXPLOITED;
        h[MDL_EXIT_RETURN] = 12 / (exploited ? p->exploited_stay_months : p->stay_months);
        h[MDL_EXIT_COERCED] = coercion_hazard(w, i, undocumented);
        return;
    }
    h[MDL_EXIT_ESCAPE] = p->escape_hazard * (confined(sector) ? p->confined_factor : 1) *
                         (ps->mflags[i] & MDL_MF_CONFISCATED ? p->confiscated_escape_factor : 1);
    h[MDL_EXIT_RELEASE] =
        p->release_hazard * (ps->mflags[i] & MDL_MF_BONDED ? p->bonded_release_factor : 1);
    /* policy (phase 12): the workplaces inspection covers; the hotline and
     * identification rules where reform covers the victim */
    int covered = mdl_interventions_inspected(w, i);
    int inspected = covered && (w->iv.inspected >> sector & 1);
    double inspection = labour_sector(sector) || inspected ? p->inspection_hazard : 0;
    h[MDL_EXIT_INSPECTION] = inspection * (inspected ? w->rules.inspection_factor : 1) * ident;
    h[MDL_EXIT_POLICE] = sector == MDL_SEC_SEX ? p->police_hazard * ident : 0;
    double hotline, fear;
    mdl_interventions_hotline(w, i, &hotline, &fear);
    h[MDL_EXIT_HOTLINE] = hotline * (undocumented ? fear : 1) * ident;
    double unions = p->union_hazard * (covered ? w->rules.union_factor : 1);
    h[MDL_EXIT_UNION] = sector == MDL_SEC_MANUFACTURING ? unions * ident : 0;
}

/* Which exit, if any, happens this month (competing hazards). */
static int draw_exit(const double h[MDL_N_EXITS], const uint32_t u[4])
{
    double total = 0;
    for (int k = 0; k < MDL_N_EXITS; k++)
        total += h[k];
    if (total <= 0 || sim_rng_u01(u[0]) >= 1 - exp(-total / 12))
        return -1;
    double pick = sim_rng_u01(u[1]) * total;
    for (int k = 0; k < MDL_N_EXITS; k++) {
        if (pick < h[k])
            return k;
        pick -= h[k];
    }
    return MDL_EXIT_DEPORTED;
}

static void count_exit(const mdl_world *w, size_t i, int exit, double *acc)
{
    static const int metric[MDL_N_EXITS] = {MDL_M_returned_voluntary,
                                            MDL_M_coerced,
                                            MDL_M_escaped,
                                            MDL_M_released,
                                            MDL_M_identified_inspection,
                                            MDL_M_identified_police,
                                            MDL_M_identified_hotline,
                                            MDL_M_identified_union,
                                            MDL_M_deported};
    const mdl_persons *ps = &w->persons;
    double *a = mdl_row_of(acc, ps, i);
    a[metric[exit]] += 1;
    int identified = exit >= MDL_EXIT_INSPECTION && exit <= MDL_EXIT_UNION;
    a[MDL_M_identified] += identified;
    a[MDL_M_deported_victims] += exit == MDL_EXIT_DEPORTED && ps->state[i] == MDL_TRAFFICKED;
}

void mdl_abroad_person(const mdl_month_ctx *c, size_t i, double *acc)
{
    mdl_world *w = c->w;
    earn(w, i, acc);
    double h[MDL_N_EXITS];
    mdl_abroad_hazards(w, i, h);
    uint32_t u[4];
    sim_rng_draw4(c->m->key, (uint32_t)i, c->m->month, MDL_DRAW_JOURNEY, 4, u);
    int exit = draw_exit(h, u);
    if (exit < 0)
        return;
    count_exit(w, i, exit, acc);
    if (w->persons.state[i] == MDL_TRAFFICKED) /* the episode ends */
        mdl_events_record(w, i, c->m->month, MDL_END_ESCAPE + (exit - MDL_EXIT_ESCAPE));
    if (exit == MDL_EXIT_COERCED)
        mdl_journey_trafficked(c, i, acc);
    else if (exit >= MDL_EXIT_INSPECTION && exit <= MDL_EXIT_UNION)
        mdl_return_identified(c, i, sim_rng_u01(u[2]), sim_rng_u01(u[3]), acc);
    else
        mdl_return_leave(c, i, exit == MDL_EXIT_DEPORTED);
}
