#include "mdl_journey.h"

#include "mdl_abroad.h"
#include "mdl_documents.h"
#include "mdl_interventions.h"
#include "mdl_metrics.h"
#include "mdl_recruit.h"
#include "mdl_return.h"

#include <math.h>

/* The fee person i pays for a channel (the regular one's as policy sets it
 * for her or him: mdl_interventions_regular_terms). */
static double fee_of(const mdl_world *w, size_t i, int channel)
{
    const mdl_params *p = &w->p;
    double fee, wait;
    switch (channel) {
    case MDL_CH_REGULAR:
        mdl_interventions_regular_terms(w, i, &fee, &wait);
        return fee;
    case MDL_CH_BROKER:
        return p->broker_fee_usd;
    case MDL_CH_KIN:
        return p->kin_fee_usd;
    case MDL_CH_ONLINE:
        return p->online_fee_usd;
    default:
        return p->alone_cost_usd;
    }
}

/* Can the household pay the regular channel's fee from savings and credit? */
static int can_afford(const mdl_world *w, size_t hh, double fee)
{
    const mdl_households *hs = &w->households;
    double limit = w->p.debt_limit_months * (hs->land[hh] ? w->p.land_credit_factor : 1);
    double room = limit * hs->need_usd[hh] - hs->debt_usd[hh];
    return hs->savings_usd[hh] + mdl_max(0, room) >= fee;
}

/* How much cost and delay change the regular channel's weight: 1 at the
 * reference fee and wait (FIELD 1.9, 3.5: the regular channel costs more and
 * takes months, which sends people to brokers). */
static double regular_appeal(const mdl_params *p, double fee, double wait_months)
{
    fee = mdl_max(fee, 1);
    double wait = (1 + p->regular_reference_wait_months) / (1 + wait_months);
    return pow(p->regular_reference_fee_usd / fee, p->regular_fee_elasticity) *
           pow(wait, p->regular_wait_elasticity);
}

/* Does person i go from a province on the Thai border to Thailand? */
static int near_border(const mdl_world *w, size_t i)
{
    const mdl_persons *ps = &w->persons;
    return mdl_cross_border(ps->destination[i]) && w->areas.v[ps->area[i]].borders_thailand &&
           mdl_destination_of(w, i)->iso_numeric == 764;
}

/* Weights of the channels open to person i (index MDL_CH_*). */
static void channel_weights(const mdl_world *w, size_t i, double wt[MDL_N_CHANNELS])
{
    const mdl_params *p = &w->p;
    const mdl_persons *ps = &w->persons;
    int female = ps->sex[i] == MDL_FEMALE, internal = ps->destination[i] == MDL_DEST_INTERNAL;
    int banned = w->iv.on[MDL_IV_BAN] && mdl_interventions_targets(w, MDL_IV_BAN, i);
    int adult = ps->age_months[i] >= MDL_ADULT_AGE_MONTHS; /* agencies recruit adults only */
    double fee, wait;
    mdl_interventions_regular_terms(w, i, &fee, &wait);
    int regular = adult && !internal && mdl_destination_of(w, i)->regular_channel &&
                  mdl_documents_complete(w, i) &&
                  can_afford(w, ps->household[i], fee * p->regular_upfront_share);
    for (int k = 0; k < MDL_N_CHANNELS; k++)
        wt[k] = 0;
    double knows = exp(p->safe_channel_awareness * ps->awareness[i] / 255.0);
    wt[MDL_CH_REGULAR] = regular ? p->w_regular * regular_appeal(p, fee, wait) * knows : 0;
    /* a ban closes the regular channel to the job orders of the sectors it names */
    wt[MDL_CH_REGULAR] *= banned && (w->iv.banned >> ps->sector[i] & 1) ? 0 : 1;
    if (ps->mflags[i] & MDL_MF_INSIST_LEGAL)
        return;
    double policing = w->as[ps->area[i]].policing;
    wt[MDL_CH_BROKER] = p->w_broker * exp(-p->broker_retreat * policing);
    wt[MDL_CH_KIN] = p->w_kin * (female ? p->kin_female_factor : 1);
    wt[MDL_CH_ONLINE] =
        ps->flags[i] & MDL_F_DIGITAL ? p->w_online * exp(p->shift_online * policing) : 0;
    wt[MDL_CH_ALONE] = p->w_alone * (female ? 1 : p->alone_male_factor) *
                       (near_border(w, i) ? p->alone_border_factor : 1);
}

static int choose_channel(const mdl_world *w, size_t i, double u)
{
    double wt[MDL_N_CHANNELS], sum = 0;
    channel_weights(w, i, wt);
    for (int k = 0; k < MDL_N_CHANNELS; k++)
        sum += wt[k];
    if (sum <= 0)
        return MDL_CH_NONE;
    u *= sum;
    for (int k = 1; k < MDL_N_CHANNELS; k++) {
        if (u < wt[k])
            return k;
        u -= wt[k];
    }
    return MDL_CH_ALONE;
}

/* The household pays the upfront part of the fee (from savings, then by
 * borrowing); the rest is owed to the recruiter. A secret departure gets no
 * help: everything is owed. */
static void pay_fee(mdl_world *w, size_t i, int channel)
{
    mdl_persons *ps = &w->persons;
    mdl_households *hs = &w->households;
    size_t hh = ps->household[i];
    double fee = fee_of(w, i, channel);
    double upfront =
        fee * (channel == MDL_CH_REGULAR ? w->p.regular_upfront_share : w->p.fee_upfront_share);
    if (ps->flags[i] & MDL_F_SECRET)
        upfront = 0;
    double from_savings = mdl_min(hs->savings_usd[hh], upfront);
    hs->savings_usd[hh] -= (float)from_savings;
    hs->debt_usd[hh] += (float)(upfront - from_savings);
    ps->owed_usd[i] = (float)(fee - upfront);
}

static void count_migration(const mdl_world *w, size_t i, int channel, double *acc)
{
    static const int metric[MDL_N_CHANNELS] = {0,
                                               MDL_M_migrations_regular,
                                               MDL_M_migrations_broker,
                                               MDL_M_migrations_kin,
                                               MDL_M_migrations_online,
                                               MDL_M_migrations_alone};
    const mdl_persons *ps = &w->persons;
    double *a = mdl_row_of(acc, ps, i);
    a[MDL_M_migrations] += 1;
    a[metric[channel]] += 1;
    a[MDL_M_migrations_internal] += ps->destination[i] == MDL_DEST_INTERNAL;
}

/* A sector drawn from the demand for a woman, man, girl or boy (group): the
 * job orders a seeker looks for (MODEL.md phase 6). */
static int demand_sector(const mdl_params *p, int group, double u)
{
    static const int sec[MDL_N_GROUPS][4] = {
        [MDL_WOMEN] = {MDL_SEC_DOMESTIC, MDL_SEC_SEX, MDL_SEC_MANUFACTURING, MDL_SEC_HOSPITALITY},
        [MDL_MEN] = {MDL_SEC_FISHING, MDL_SEC_CONSTRUCTION, MDL_SEC_MANUFACTURING,
                     MDL_SEC_AGRICULTURE},
        [MDL_GIRLS] = {MDL_SEC_DOMESTIC, MDL_SEC_SEX, MDL_SEC_MANUFACTURING, MDL_SEC_HOSPITALITY},
        [MDL_BOYS] = {MDL_SEC_FISHING, MDL_SEC_CONSTRUCTION, MDL_SEC_MANUFACTURING,
                      MDL_SEC_AGRICULTURE}};
    const double shares[MDL_N_GROUPS][4] = {
        [MDL_WOMEN] = {p->women_domestic, p->women_sex, p->women_manufacturing,
                       p->women_hospitality},
        [MDL_MEN] = {p->men_fishing, p->men_construction, p->men_manufacturing, p->men_agriculture},
        [MDL_GIRLS] = {p->girls_domestic, p->girls_sex, p->girls_manufacturing,
                       p->girls_hospitality},
        [MDL_BOYS] = {p->boys_fishing, p->boys_construction, p->boys_manufacturing,
                      p->boys_agriculture}};
    const int *sector = sec[group];
    double share[4];
    for (int k = 0; k < 4; k++)
        share[k] = shares[group][k];
    double sum = share[0] + share[1] + share[2] + share[3];
    u *= sum > 0 ? sum : 1;
    for (int k = 0; k < 3; k++) {
        if (u < share[k])
            return sector[k];
        u -= share[k];
    }
    return sector[3];
}

/* Phase 6: a seeker chooses a channel, may meet a recruiter, may turn down a
 * deceptive offer, and otherwise leaves. */
static void seek_work(const mdl_month_ctx *c, size_t i, double *acc)
{
    mdl_world *w = c->w;
    mdl_persons *ps = &w->persons;
    if (ps->months_in_state[i] < 1)
        return;                        /* decided this month: looks for a channel from next month */
    if (mdl_documents_pending(w, i)) { /* waits for the passport, or goes another way */
        uint32_t d[4];
        sim_rng_draw4(c->m->key, (uint32_t)i, c->m->month, MDL_DRAW_JOURNEY, 7, d);
        if (sim_rng_u01(d[0]) < w->p.document_wait_share)
            return;
    }
    uint32_t u[4], v[4];
    sim_rng_draw4(c->m->key, (uint32_t)i, c->m->month, MDL_DRAW_JOURNEY, 8, v);
    ps->sector[i] = (uint8_t)demand_sector(&w->p, mdl_group_of(ps->sex[i], ps->age_months[i]),
                                           sim_rng_u01(v[0])); /* the work sought this month */
    sim_rng_draw4(c->m->key, (uint32_t)i, c->m->month, MDL_DRAW_JOURNEY, 0, u);
    int channel = choose_channel(w, i, sim_rng_u01(u[0]));
    double offer = w->p.offer_chance;
    if (mdl_cross_border(ps->destination[i])) /* shocks: closed borders, changed demand */
        offer *= w->iv.border_open * w->iv.offer_factor;
    if (channel == MDL_CH_NONE || sim_rng_u01(u[1]) >= offer)
        return;
    int type = mdl_recruit_type_of(channel);
    size_t rec = type < 0 ? SIZE_MAX : mdl_recruit_pick(w, ps->area[i], type, u[2]);
    if (type >= 0 && rec == SIZE_MAX)
        return;
    double deception = mdl_recruit_deception(w, rec);
    if (ps->destination[i] == MDL_DEST_INTERNAL)
        deception *= w->p.internal_deception_factor;
    int deceived = sim_rng_u01(u[3]) < deception;
    if (deceived) {
        sim_rng_draw4(c->m->key, (uint32_t)i, c->m->month, MDL_DRAW_JOURNEY, 1, v);
        double guard = ps->awareness[i] / 255.0 * w->p.decline_skill;
        guard *= channel == MDL_CH_BROKER ? 1 - w->p.broker_pressure : 1;
        guard *= mdl_recruit_trust(w, rec);
        if (sim_rng_u01(v[0]) < guard) {
            mdl_row_of(acc, ps, i)[MDL_M_offers_declined] += 1;
            return;
        }
    }
    pay_fee(w, i, channel);
    ps->saved_usd[i] = 0; /* what this journey will bring home */
    ps->channel[i] = (uint8_t)channel;
    ps->recruiter[i] = rec == SIZE_MAX ? UINT32_MAX : (uint32_t)rec;
    /* a new journey: only the lessons and training of earlier ones remain */
    uint8_t keep = ps->mflags[i] & (MDL_MF_INSIST_LEGAL | MDL_MF_TRAINED);
    ps->mflags[i] = (uint8_t)(keep | (deceived ? MDL_MF_DECEIVED : 0));
    ps->state[i] = MDL_IN_TRANSIT;
    ps->months_in_state[i] = 0;
    ps->episode_month[i] = (uint16_t)mdl_clock(c);
    double fee, wait;
    mdl_interventions_regular_terms(w, i, &fee, &wait);
    ps->timer[i] = (uint8_t)(channel == MDL_CH_REGULAR ? lround(wait)
                             : near_border(w, i)       ? w->p.transit_months_border
                                                       : w->p.transit_months);
    w->households.n_abroad[ps->household[i]]++;
    count_migration(w, i, channel, acc);
}

/* Sector of a placement: deceived women and girls are taken into the sex
 * industry or, from conflict areas of Myanmar, into forced marriage; young
 * children into begging; others to the work they sought (ps->sector). */
static int place_sector(const mdl_world *w, size_t i, int deceived, const uint32_t u[4])
{
    const mdl_params *p = &w->p;
    const mdl_persons *ps = &w->persons;
    const mdl_area *a = &w->areas.v[ps->area[i]];
    int female = ps->sex[i] == MDL_FEMALE, age = ps->age_months[i] / 12;
    int cross_border = mdl_cross_border(ps->destination[i]);
    if (deceived && female && sim_rng_u01(u[0]) < p->deceived_sex_share)
        return MDL_SEC_SEX;
    if (deceived && female && cross_border && w->dest.marriage >= 0 &&
        w->as[ps->area[i]].conflict_now && a->country[0] == 'M' &&
        sim_rng_u01(u[1]) < p->forced_marriage_share *
                                (ps->flags[i] & MDL_F_MINORITY ? p->minority_marriage_factor : 1))
        return MDL_SEC_MARRIAGE;
    if (age < p->begging_max_age_years && sim_rng_u01(u[1]) < p->child_begging)
        return MDL_SEC_BEGGING;
    return ps->sector[i];
}

void mdl_journey_trafficked(const mdl_month_ctx *c, size_t i, double *acc)
{
    static const int by_sector[MDL_N_SECTORS] = {
        0,
        MDL_M_trafficked_fishing,
        MDL_M_trafficked_construction,
        MDL_M_trafficked_manufacturing,
        MDL_M_trafficked_agriculture,
        MDL_M_trafficked_domestic,
        MDL_M_trafficked_sex,
        MDL_M_trafficked_hospitality,
        MDL_M_trafficked_begging,
        MDL_M_trafficked_marriage,
    };
    static const int by_channel[MDL_N_CHANNELS] = {0,
                                                   MDL_M_trafficked_regular,
                                                   MDL_M_trafficked_broker,
                                                   MDL_M_trafficked_kin,
                                                   MDL_M_trafficked_online,
                                                   MDL_M_trafficked_alone};
    mdl_world *w = c->w;
    mdl_persons *ps = &w->persons;
    double *a = mdl_row_of(acc, ps, i);
    uint16_t ret = ps->return_month[i];
    a[MDL_M_trafficked_new] += 1;
    a[MDL_M_retrafficked] += ps->times_trafficked[i] > 0;
    a[MDL_M_retrafficked_24m] +=
        ps->times_trafficked[i] > 0 && ret != UINT16_MAX && mdl_clock(c) - ret <= 24;
    a[by_sector[ps->sector[i]]] += 1;
    a[by_channel[ps->channel[i] ? ps->channel[i] : MDL_CH_ALONE]] += 1;
    if (ps->times_trafficked[i] < UINT8_MAX)
        ps->times_trafficked[i]++;
    ps->mflags[i] = (uint8_t)((ps->mflags[i] & ~(MDL_MF_DETECTED | MDL_MF_BONDED)) | MDL_MF_TRUE);
    ps->state[i] = MDL_TRAFFICKED;
    ps->months_in_state[i] = 0;
    uint32_t u[4];
    sim_rng_draw4(c->m->key, (uint32_t)i, c->m->month, MDL_DRAW_JOURNEY, 3, u);
    int forced_labour = ps->sector[i] != MDL_SEC_SEX && ps->sector[i] != MDL_SEC_MARRIAGE;
    if (forced_labour && mdl_abroad_debt_ratio(w, i) > 1) { /* more than can be repaid */
        ps->mflags[i] |= MDL_MF_BONDED;
        a[MDL_M_trafficked_bonded] += 1;
    }
    if (sim_rng_u01(u[1]) < w->p.confiscation_share)
        ps->mflags[i] |= MDL_MF_CONFISCATED;
}

/* Work no child may do, whatever the means: the worst forms of child labour
 * (ILO C182 art. 3: commercial sexual exploitation, servile marriage, begging
 * organised by others) and hazardous work on Thailand's and Cambodia's lists
 * (fishing at sea, construction). A legal definition, not a parameter: a child
 * recruited into it is trafficked (Palermo Protocol art. 3(c)). */
static int forbidden_for_child(int sector)
{
    return sector == MDL_SEC_SEX || sector == MDL_SEC_BEGGING || sector == MDL_SEC_MARRIAGE ||
           sector == MDL_SEC_FISHING || sector == MDL_SEC_CONSTRUCTION;
}

/* What a trafficker or employer adds to a deceived person's debt at placement
 * (transport, the price paid to the recruiter, advances): lognormal. */
static double trafficker_debt(const mdl_params *p, const uint32_t v[4])
{
    double u1 = (v[0] + 0.5) / 4294967296.0, u2 = sim_rng_u01(v[1]);
    double z = sqrt(-2 * log(u1)) * cos(6.283185307179586 * u2);
    return p->trafficker_debt_median_usd * exp(p->trafficker_debt_sigma * z);
}

/* Phase 7: the end of the journey decides the work. A deception, a child in
 * work no child may do, exploitation of a child, or a debt the job cannot
 * repay make it trafficking. */
static void place(const mdl_month_ctx *c, size_t i, double *acc)
{
    mdl_world *w = c->w;
    mdl_persons *ps = &w->persons;
    uint32_t u[4], v[4];
    sim_rng_draw4(c->m->key, (uint32_t)i, c->m->month, MDL_DRAW_JOURNEY, 2, u);
    sim_rng_draw4(c->m->key, (uint32_t)i, c->m->month, MDL_DRAW_JOURNEY, 6, v);
    int deceived = (ps->mflags[i] & MDL_MF_DECEIVED) != 0;
    int child = ps->age_months[i] < MDL_ADULT_AGE_MONTHS;
    ps->sector[i] = (uint8_t)place_sector(w, i, deceived, u);
    if (ps->sector[i] == MDL_SEC_MARRIAGE) /* across the border forced marriages lead to */
        ps->destination[i] = (uint8_t)(MDL_DEST_ABROAD + w->dest.marriage);
    int exploited = !deceived && sim_rng_u01(u[3]) < w->p.exploit_share;
    int forbidden = child && (exploited || forbidden_for_child(ps->sector[i]));
    if (deceived || forbidden) /* bought and sold: the trafficker's debt (FIELD 2: children */
        ps->owed_usd[i] += (float)trafficker_debt(&w->p, v); /* work off family debts) */
    if (exploited && sim_rng_u01(v[2]) < w->p.confiscation_share)
        ps->mflags[i] |= MDL_MF_CONFISCATED; /* the employer keeps the passport */
    if (ps->recruiter[i] != UINT32_MAX) {
#pragma omp atomic
        w->recruiters.placed[ps->recruiter[i]]++;
    }
    if (deceived || forbidden || mdl_abroad_debt_ratio(w, i) > 1) {
        mdl_journey_trafficked(c, i, acc);
        return;
    }
    ps->mflags[i] &= (uint8_t)~MDL_MF_TRUE;
    ps->state[i] = exploited ? MDL_ABROAD_EXPLOITED : MDL_ABROAD_DECENT;
    ps->months_in_state[i] = 0;
    int g = mdl_group_of(ps->sex[i], ps->age_months[i]);
    acc[mdl_metric_at(g, exploited ? MDL_M_placed_exploited : MDL_M_placed_decent)] += 1;
}

void mdl_journey_person(const mdl_month_ctx *c, size_t i, double *acc)
{
    mdl_persons *ps = &c->w->persons;
    switch (ps->state[i]) {
    case MDL_SEEKING:
        seek_work(c, i, acc);
        break;
    case MDL_IN_TRANSIT:
        if (ps->timer[i] > 0)
            ps->timer[i]--;
        if (ps->timer[i] == 0)
            place(c, i, acc);
        break;
    case MDL_ABROAD_DECENT:
    case MDL_ABROAD_EXPLOITED:
    case MDL_TRAFFICKED:
        mdl_abroad_person(c, i, acc);
        break;
    default:
        mdl_return_person(c, i, acc);
        break;
    }
}
