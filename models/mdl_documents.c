#include "mdl_documents.h"

#include "mdl_interventions.h"
#include "mdl_metrics.h"

#include <math.h>

/* The most months a timer column holds. */
#define MONTHS_MAX 255

int mdl_documents_pending(const mdl_world *w, size_t i)
{
    return w->persons.doc_months[i] > 0;
}

int mdl_documents_complete(const mdl_world *w, size_t i)
{
    const uint16_t both = MDL_F_ID | MDL_F_PASSPORT;
    return (w->persons.flags[i] & both) == both;
}

/* Does the documentation programme act for person i this month? */
static int programme_for(const mdl_world *w, size_t i)
{
    return w->iv.on[MDL_IV_DOCUMENTS] && mdl_interventions_targets(w, MDL_IV_DOCUMENTS, i);
}

/* The barriers person i meets (FIELD-EVIDENCE section 2, documentation): the
 * programme removes women's and widows' when gender-responsive, and the
 * rural one when its teams reach the villages. */
typedef struct barriers {
    int female, alone, minority, rural, conflict;
} barriers;

static barriers barriers_of(const mdl_world *w, size_t i, int programme)
{
    const mdl_persons *ps = &w->persons;
    int responsive = programme && w->p0.doc_gender_responsive;
    int outreach = programme && w->p0.doc_outreach_remote;
    barriers b;
    b.female = ps->sex[i] == MDL_FEMALE && !responsive;
    b.alone = b.female && (ps->marital[i] == MDL_WIDOWED || ps->marital[i] == MDL_DIVORCED);
    b.minority = (ps->flags[i] & MDL_F_MINORITY) != 0;
    b.rural = w->households.rural[ps->household[i]] && !outreach;
    b.conflict = w->as[ps->area[i]].conflict_now;
    return b;
}

double mdl_documents_uptake(const mdl_world *w, size_t i, int programme)
{
    const mdl_params *p = &w->p;
    barriers b = barriers_of(w, i, programme);
    double q = p->doc_apply_chance;
    q *= b.female ? p->doc_female_factor : 1;
    q *= b.alone ? p->doc_widow_factor : 1;
    q *= b.minority ? p->doc_minority_factor : 1;
    q *= b.rural ? p->doc_rural_factor : 1;
    q *= b.conflict ? p->doc_conflict_factor : 1;
    return q;
}

int mdl_documents_months(const mdl_world *w, size_t i, int programme, int passport)
{
    const mdl_params *p = &w->p;
    uint16_t f = w->persons.flags[i];
    barriers b = barriers_of(w, i, programme);
    double months = (f & MDL_F_ID ? 0 : (double)p->doc_id_months) +
                    (passport && !(f & MDL_F_PASSPORT) ? (double)p->doc_passport_months : 0);
    int n = b.female + b.alone + b.minority + b.rural + b.conflict;
    months += (double)n * (double)p->doc_barrier_months;
    months *= programme ? w->p0.doc_months_factor : 1;
    long m = lround(months);
    return m < 1 ? 1 : m > MONTHS_MAX ? MONTHS_MAX : (int)m;
}

/* What the household pays for the documents person i applies for. */
static double fee_of(const mdl_world *w, size_t i, int programme, int passport)
{
    uint16_t f = w->persons.flags[i];
    double fee = (f & MDL_F_ID ? 0 : w->p.doc_id_fee_usd) +
                 (passport && !(f & MDL_F_PASSPORT) ? w->p.doc_passport_fee_usd : 0);
    return fee * (programme ? w->p0.doc_fee_factor : 1);
}

/* The household pays from savings, then borrows within its credit limit
 * (as for a recruiter's fee, mdl_journey.c); 0 when it cannot raise fee. */
static int pay(mdl_world *w, size_t hh, double fee)
{
    mdl_households *hs = &w->households;
    double room = w->p.debt_limit_months * hs->need_usd[hh] - hs->debt_usd[hh];
    if (hs->savings_usd[hh] + mdl_max(0, room) < fee)
        return 0;
    double from_savings = mdl_min(hs->savings_usd[hh], fee);
    hs->savings_usd[hh] -= (float)from_savings;
    hs->debt_usd[hh] += (float)(fee - from_savings);
    return 1;
}

int mdl_documents_apply(mdl_world *w, size_t i, int programme, int passport, double *acc)
{
    mdl_persons *ps = &w->persons;
    uint16_t f = ps->flags[i];
    int need_passport = passport && !(f & MDL_F_PASSPORT);
    if (((f & MDL_F_ID) && !need_passport) || ps->doc_months[i] > 0)
        return 0;
    double fee = fee_of(w, i, programme, passport);
    if (!pay(w, ps->household[i], fee))
        return 0;
    ps->doc_months[i] = (uint8_t)mdl_documents_months(w, i, programme, passport);
    ps->flags[i] = (uint16_t)(need_passport ? f | MDL_F_APPLIED_PASSPORT
                                            : f & ~(unsigned)MDL_F_APPLIED_PASSPORT);
    double *a = mdl_row_of(acc, ps, i);
    a[MDL_M_doc_applications] += 1;
    a[MDL_M_doc_applications_programme] += programme;
    a[MDL_M_doc_fees_usd] += fee;
    return 1;
}

void mdl_documents_grant_permit(mdl_world *w, size_t i)
{
    w->persons.flags[i] |= MDL_F_PERMIT;
    w->persons.permit_months[i] =
        (uint8_t)(w->p.permit_months < MONTHS_MAX ? w->p.permit_months : MONTHS_MAX);
}

/* The documents applied for arrive. */
static void issue(mdl_world *w, size_t i, double *acc)
{
    mdl_persons *ps = &w->persons;
    int passport = (ps->flags[i] & MDL_F_APPLIED_PASSPORT) != 0;
    ps->flags[i] |= (uint16_t)(MDL_F_ID | (passport ? MDL_F_PASSPORT : 0));
    ps->flags[i] &= (uint16_t)~MDL_F_APPLIED_PASSPORT;
    double *a = mdl_row_of(acc, ps, i);
    a[MDL_M_doc_issued] += 1;
    a[MDL_M_doc_passports_issued] += passport;
}

/* At home: a passport runs out after documents.passport_valid_years on
 * average; documents lost where conflict escalates (the 2025 stock already
 * bears the chronic conflict: documents.conflict_factor), and a seeker bound
 * for a destination with a regular channel applies for what is missing. */
static void home_month(const mdl_month_ctx *c, size_t i, double *acc)
{
    mdl_world *w = c->w;
    mdl_persons *ps = &w->persons;
    int held = (ps->flags[i] & (MDL_F_ID | MDL_F_PASSPORT)) != 0;
    int escalated = held && w->as[ps->area[i]].conflict_shock;
    int seeker = ps->state[i] == MDL_SEEKING && mdl_cross_border(ps->destination[i]) &&
                 mdl_destination_of(w, i)->regular_channel && ps->doc_months[i] == 0 &&
                 ps->age_months[i] >= w->p.id_min_age_years * 12;
    int passport = (ps->flags[i] & MDL_F_PASSPORT) != 0;
    if (!escalated && !passport && !(seeker && !mdl_documents_complete(w, i)))
        return;
    uint32_t u[4];
    sim_rng_draw4(c->m->key, (uint32_t)i, c->m->month, MDL_DRAW_DOCUMENTS, 0, u);
    if (passport && sim_rng_u01(u[2]) < 1 / (12 * w->p.passport_valid_years))
        ps->flags[i] &= (uint16_t)~MDL_F_PASSPORT;
    if (escalated && sim_rng_u01(u[1]) < 1 - exp(-w->p.doc_conflict_loss_hazard / 12)) {
        ps->flags[i] &= (uint16_t) ~(MDL_F_ID | MDL_F_PASSPORT);
        mdl_row_of(acc, ps, i)[MDL_M_doc_lost_conflict] += 1;
    }
    if (seeker && !mdl_documents_complete(w, i)) {
        int programme = programme_for(w, i);
        if (sim_rng_u01(u[0]) < mdl_documents_uptake(w, i, programme))
            mdl_documents_apply(w, i, programme, 1, acc);
    }
}

/* An undocumented migrant in work abroad registers (a registration round or
 * amnesty of the destination) with the monthly chance of
 * documents.regularisation_hazard; a trafficked person cannot (held by the
 * trafficker), nor one whose documents an employer keeps. */
static void regularise(const mdl_month_ctx *c, size_t i, double *acc)
{
    mdl_world *w = c->w;
    mdl_persons *ps = &w->persons;
    if (ps->state[i] == MDL_TRAFFICKED || (ps->mflags[i] & MDL_MF_CONFISCATED) ||
        w->p.regularisation_hazard <= 0)
        return;
    uint32_t u[4]; /* lane 1 of the renewal's word: the two never meet in a month */
    sim_rng_draw4(c->m->key, (uint32_t)i, c->m->month, MDL_DRAW_DOCUMENTS, 1, u);
    if (sim_rng_u01(u[1]) < 1 - exp(-w->p.regularisation_hazard / 12)) {
        mdl_documents_grant_permit(w, i);
        mdl_row_of(acc, ps, i)[MDL_M_permits_regularised] += 1;
    }
}

/* Away: a migrant of the regular channel gets a permit on the way; it runs
 * out after permit_months abroad unless renewed (ID and passport held, the
 * stay since leaving shorter than permit_max_months); confiscation takes
 * passport and permit. */
static void away_month(const mdl_month_ctx *c, size_t i, double *acc)
{
    mdl_world *w = c->w;
    mdl_persons *ps = &w->persons;
    if (!mdl_cross_border(ps->destination[i]))
        return;
    if (ps->state[i] == MDL_IN_TRANSIT && ps->channel[i] == MDL_CH_REGULAR &&
        !(ps->flags[i] & MDL_F_PERMIT) && !(ps->mflags[i] & MDL_MF_CONFISCATED))
        mdl_documents_grant_permit(w, i);
    if ((ps->mflags[i] & MDL_MF_CONFISCATED) && (ps->flags[i] & (MDL_F_PASSPORT | MDL_F_PERMIT))) {
        ps->flags[i] &= (uint16_t) ~(MDL_F_PASSPORT | MDL_F_PERMIT);
        ps->permit_months[i] = 0;
        mdl_row_of(acc, ps, i)[MDL_M_doc_confiscated] += 1;
        return;
    }
    if (ps->state[i] == MDL_IN_TRANSIT)
        return;
    if (!(ps->flags[i] & MDL_F_PERMIT)) {
        regularise(c, i, acc);
        return;
    }
    if (ps->permit_months[i] > 0 && --ps->permit_months[i] > 0)
        return;
    uint32_t u[4]; /* drawn only when the permit runs out */
    sim_rng_draw4(c->m->key, (uint32_t)i, c->m->month, MDL_DRAW_DOCUMENTS, 1, u);
    int64_t stay = (int64_t)mdl_clock(c) - ps->episode_month[i];
    if (mdl_documents_complete(w, i) && stay < w->p.permit_max_months &&
        sim_rng_u01(u[0]) < w->p.permit_renew_share) {
        mdl_documents_grant_permit(w, i);
        mdl_row_of(acc, ps, i)[MDL_M_permits_renewed] += 1;
        return;
    }
    ps->flags[i] &= (uint16_t)~MDL_F_PERMIT;
    mdl_row_of(acc, ps, i)[MDL_M_permits_expired] += 1;
}

static void person_month(const mdl_month_ctx *c, size_t i, double *acc)
{
    mdl_persons *ps = &c->w->persons;
    uint8_t s = ps->state[i];
    if (s == MDL_DEAD)
        return;
    if (ps->doc_months[i] > 0 && --ps->doc_months[i] == 0)
        issue(c->w, i, acc);
    if (s >= MDL_IN_TRANSIT && s <= MDL_TRAFFICKED) {
        away_month(c, i, acc);
        return;
    }
    if (ps->flags[i] & MDL_F_PERMIT) { /* the permit ends with the stay abroad */
        ps->flags[i] &= (uint16_t)~MDL_F_PERMIT;
        ps->permit_months[i] = 0;
    }
    if (s == MDL_HOME || s == MDL_SEEKING)
        home_month(c, i, acc);
}

void mdl_documents_household(const mdl_month_ctx *c, size_t hh, double *acc)
{
    size_t first = c->w->households.first[hh];
    for (size_t i = first; i < first + c->w->households.size[hh]; i++)
        person_month(c, i, acc);
}
