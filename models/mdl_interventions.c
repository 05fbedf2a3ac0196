#include "mdl_interventions.h"

#include "mdl_decide.h"
#include "mdl_documents.h"
#include "mdl_economy.h"
#include "mdl_metrics.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Girls' education support reaches girls in school, from this age. */
#define GIRLS_SCHOOL_MIN_YEARS 6

static int targeted(const mdl_world *w, const mdl_iv *v, size_t i);
/* Months over which an open-ended intervention reaches its coverage. */
#define OPEN_ENDED_MONTHS 12
/* Community meetings and schools reach persons from this age. */
#define VENUE_MIN_AGE_YEARS 13

enum { VENUE_COMMUNITY, VENUE_SCHOOL, VENUE_WOMENS_GROUP, VENUE_MARKET, VENUE_BORDER };

/* The settings every intervention has, read from its rows of the table. */
typedef struct iv_common {
    const char *key; /* "interventions.awareness_campaign" */
    int active;
    int64_t start, end, sex, min_age, max_age, group;
    double coverage, cost;
    const char *areas;
} iv_common;

#define COMMON(f, key)                                                                             \
    (iv_common)                                                                                    \
    {                                                                                              \
        "interventions." key, p->f##_active, p->f##_start, p->f##_end, p->f##_sex, p->f##_min_age, \
            p->f##_max_age, p->f##_group, p->f##_coverage, p->f##_cost, p->f##_areas               \
    }

static iv_common common_of(const mdl_params *p, int k)
{
    switch (k) {
    case MDL_IV_AWARENESS:
        return COMMON(aw, "awareness_campaign");
    case MDL_IV_DOCUMENTS:
        return COMMON(doc, "documentation_access");
    case MDL_IV_REGULAR:
        return COMMON(reg, "regular_channel_reform");
    case MDL_IV_INSPECTION:
        return COMMON(insp, "labour_inspection");
    case MDL_IV_IDENTIFICATION:
        return COMMON(vfi, "victim_friendly_identification");
    case MDL_IV_SHELTER:
        return COMMON(shel, "shelter_reform");
    case MDL_IV_STIGMA:
        return COMMON(stig, "stigma_reduction");
    case MDL_IV_DEBT:
        return COMMON(debt, "debt_relief");
    case MDL_IV_BAN:
        return COMMON(ban, "migration_ban");
    case MDL_IV_RECRUITERS:
        return COMMON(rr, "recruiter_regulation");
    case MDL_IV_REINTEGRATION:
        return COMMON(reint, "reintegration_programme");
    case MDL_IV_SOCIAL:
        return COMMON(sp, "social_protection");
    case MDL_IV_EDUCATION:
        return COMMON(edu, "girls_education");
    default:
        return COMMON(work, "decent_local_work");
    }
}

/* Sector names as the metrics spell them (trafficked_SECTOR). */
static const char *const sector_names[MDL_N_SECTORS] = {
    "",         "fishing", "construction", "manufacturing", "agriculture",
    "domestic", "sex",     "hospitality",  "begging",       "marriage"};

/* The sectors of a list as bits (1 << sector); errors name the key. */
static int parse_sectors(const char *list, const char *key, uint16_t *bits, sim_errs *errs)
{
    *bits = 0;
    for (const char *s = list; *s;) {
        size_t len = strcspn(s, ",");
        int found = 0;
        for (int k = 1; k < MDL_N_SECTORS && !found; k++)
            if (strlen(sector_names[k]) == len && strncmp(sector_names[k], s, len) == 0)
                *bits |= (uint16_t)(1u << k), found = 1;
        if (!found)
            return SIM_ERRS_RAISE(errs, SIM_EINPUT, NULL, 0, 0, key,
                                  "'%.*s' is not a sector (expected a list of: fishing, "
                                  "construction, manufacturing, agriculture, domestic, sex, "
                                  "hospitality, begging, marriage)",
                                  (int)len, s);
        s += len + (s[len] == ',');
    }
    return SIM_OK;
}

/* Mark the target areas (all when the list is empty); errors name the key. */
static int parse_areas(const iv_common *c, const mdl_areas *a, uint8_t *on, sim_errs *errs)
{
    char key[SIM_ERR_KEY];
    snprintf(key, sizeof key, "%s.target.areas", c->key);
    return mdl_areas_parse_list(a, c->areas, key, on, errs);
}

static int check_one(const iv_common *c, const mdl_areas *a, uint8_t *on, sim_errs *errs)
{
    char key[SIM_ERR_KEY];
    int rc = parse_areas(c, a, on, errs);
    if (c->end >= 0 && c->end < c->start) {
        snprintf(key, sizeof key, "%s.end_month", c->key);
        rc = SIM_ERRS_RAISE(errs, SIM_EINPUT, NULL, 0, 0, key,
                            "ends in month %lld, before it starts in month %lld (expected -1 or "
                            "a month from start_month on)",
                            (long long)c->end, (long long)c->start);
    }
    if (c->max_age < c->min_age) {
        snprintf(key, sizeof key, "%s.target.max_age", c->key);
        rc = SIM_ERRS_RAISE(errs, SIM_EINPUT, NULL, 0, 0, key,
                            "%lld is below target.min_age %lld (expected max_age >= min_age)",
                            (long long)c->max_age, (long long)c->min_age);
    }
    return rc;
}

int mdl_interventions_check(const mdl_params *p, const mdl_areas *areas, sim_errs *errs)
{
    uint8_t on[MDL_MAX_AREAS];
    int rc = SIM_OK;
    for (int k = 0; k < MDL_N_IV; k++) {
        iv_common c = common_of(p, k);
        if (c.active)
            rc |= check_one(&c, areas, on, errs);
    }
    uint16_t bits;
    if (p->insp_active)
        rc |=
            parse_sectors(p->insp_sectors, "interventions.labour_inspection.sectors", &bits, errs);
    if (p->ban_active)
        rc |= parse_sectors(p->ban_sectors, "interventions.migration_ban.sectors", &bits, errs);
    return rc ? SIM_EINPUT : SIM_OK;
}

int64_t mdl_interventions_first_month(const mdl_params *p, int64_t months)
{
    int64_t first = months;
    for (int k = 0; k < MDL_N_IV; k++) {
        iv_common c = common_of(p, k);
        first = c.active && c.start < first ? c.start : first;
    }
    const int active[] = {p->fl_active, p->cf_active, p->bc_active, p->dm_active};
    const int64_t start[] = {p->fl_start, p->cf_start, p->bc_start, p->dm_start};
    for (int k = 0; k < 4; k++)
        first = active[k] && start[k] < first ? start[k] : first;
    return first;
}

int mdl_interventions_init(mdl_world *w, sim_errs *errs)
{
    w->p0 = w->p;
    memset(&w->iv, 0, sizeof w->iv);
    for (int k = 0; k < MDL_N_IV; k++) {
        iv_common c = common_of(&w->p, k);
        mdl_iv *v = &w->iv.v[k];
        if (!c.active)
            continue;
        if (check_one(&c, &w->areas, v->area, errs))
            return SIM_EINPUT;
        int64_t months = c.end < 0 ? OPEN_ENDED_MONTHS : c.end - c.start + 1;
        v->listed = 1;
        v->start = c.start;
        v->end = c.end;
        v->sex = (int)c.sex;
        v->min_age = (uint16_t)(c.min_age * 12);
        v->max_age = (uint16_t)(c.max_age * 12 + 11);
        v->group = (int)c.group;
        v->cost_usd = c.cost;
        v->reach = sim_rng_threshold(1 - pow(1 - c.coverage, 1.0 / (double)months));
        w->iv.any_listed = 1;
    }
    if ((w->p.insp_active && parse_sectors(w->p.insp_sectors, "", &w->iv.inspected, errs)) ||
        (w->p.ban_active && parse_sectors(w->p.ban_sectors, "", &w->iv.banned, errs)))
        return SIM_EINPUT;
    return SIM_OK;
}

/* The rules the interventions acting this month change, in this month's
 * parameters (labour inspection acts in mdl_abroad_hazards, by sector). */
static void month_rules(mdl_world *w)
{
    const int *on = w->iv.on;
    mdl_params *p = &w->p;
    const mdl_params *p0 = &w->p0;
    if (on[MDL_IV_INSPECTION])
        p->union_hazard *= p0->insp_union_factor;
    if (on[MDL_IV_IDENTIFICATION]) {
        p->hotline_hazard *= p0->vfi_hotline_factor;
        p->fear_factor = p0->vfi_non_punishment ? 1 : p->fear_factor;
    }
    if (on[MDL_IV_SHELTER]) {
        p->shelter_months_men *= p0->shel_months_factor;
        p->shelter_months_women = p0->shel_no_detention
                                      ? p->shelter_months_men
                                      : p->shelter_months_women * p0->shel_months_factor;
        p->hotline_hazard *= p0->shel_no_detention ? p0->shel_reporting_factor : 1;
    }
    if (on[MDL_IV_DEBT])
        p->interest_monthly *= p0->debt_interest_factor;
    /* recruiter regulation acts in mdl_recruit_month: enforcement by recruiter */
    if (on[MDL_IV_REINTEGRATION]) {
        p->services_identified = mdl_max(p->services_identified, p0->reint_coverage);
        p->services_other = mdl_max(p->services_other, p0->reint_coverage);
        p->services_months = p0->reint_months;
        p->training = p0->reint_training;
    }
    if (on[MDL_IV_SOCIAL])
        p->social_protection_usd = mdl_max(p->social_protection_usd, p0->sp_transfer_usd);
    if (on[MDL_IV_WORK]) {
        p->wage_kh_usd *= p0->work_wage_factor;
        p->wage_mm_usd *= p0->work_wage_factor;
        p->female_wage_ratio = p0->work_female_wage_ratio;
    }
    if (on[MDL_IV_WORK] != w->iv.wages_on) { /* wages and the pull of wages abroad */
        w->iv.wages_on = on[MDL_IV_WORK];
        mdl_economy_wages(w);
        mdl_decide_wage_gaps(w);
    }
}

void mdl_interventions_month(mdl_world *w, uint32_t month)
{
    mdl_interventions *iv = &w->iv;
    if (!iv->any_listed)
        return;
    w->p = w->p0;
    iv->persons_on = 0;
    for (int k = 0; k < MDL_N_IV; k++) {
        const mdl_iv *v = &iv->v[k];
        iv->on[k] = v->listed && month >= v->start && (v->end < 0 || month <= v->end);
    }
    if (iv->on[MDL_IV_REGULAR]) {
        w->p.agency_fee_usd *= w->p0.reg_fee_factor;
        w->p.regular_wait_months =
            (int64_t)lround((double)w->p0.regular_wait_months * w->p0.reg_wait_factor);
    }
    month_rules(w);
    iv->persons_on = iv->on[MDL_IV_AWARENESS] || iv->on[MDL_IV_DOCUMENTS] ||
                     iv->on[MDL_IV_STIGMA] || iv->on[MDL_IV_DEBT] || iv->on[MDL_IV_SOCIAL] ||
                     iv->on[MDL_IV_EDUCATION];
}

int mdl_interventions_targets(const mdl_world *w, int k, size_t i)
{
    return targeted(w, &w->iv.v[k], i);
}

/* Is person i in intervention v's target? */
static int targeted(const mdl_world *w, const mdl_iv *v, size_t i)
{
    const mdl_persons *ps = &w->persons;
    int female = ps->sex[i] == MDL_FEMALE;
    if ((v->sex == 1 && !female) || (v->sex == 2 && female))
        return 0;
    if (ps->age_months[i] < v->min_age || ps->age_months[i] > v->max_age || !v->area[ps->area[i]])
        return 0;
    if (v->group == 1)
        return ps->return_month[i] != UINT16_MAX;
    if (v->group == 2)
        return w->households.debt_usd[ps->household[i]] > 0;
    return 1;
}

/* Can the campaign's venue reach person i (u: a spare word, for markets)? */
static int venue_reaches(const mdl_world *w, size_t i, uint32_t u)
{
    const mdl_persons *ps = &w->persons;
    int age = ps->age_months[i] / 12, female = ps->sex[i] == MDL_FEMALE;
    switch (w->p0.aw_venue) {
    case VENUE_COMMUNITY:
        return age >= VENUE_MIN_AGE_YEARS;
    case VENUE_SCHOOL:
        return age >= VENUE_MIN_AGE_YEARS && age < 18;
    case VENUE_WOMENS_GROUP:
        return female && age >= 18;
    case VENUE_MARKET: /* men go to market half as often */
        return age >= 18 && (female || u < 0x80000000u);
    default: /* border transit: those about to leave */
        return ps->state[i] == MDL_SEEKING;
    }
}

/* The chance to reach person i as a share of the intervention's: the usual
 * barriers to documents for women, unless the programme is gender-responsive,
 * and for rural households, unless its teams go to the villages. */
static double documents_barrier(const mdl_world *w, size_t i)
{
    const mdl_persons *ps = &w->persons;
    const mdl_params *p = &w->p0;
    double rural =
        !p->doc_outreach_remote && w->households.rural[ps->household[i]] ? p->doc_rural_factor : 1;
    if (p->doc_gender_responsive || ps->sex[i] != MDL_FEMALE)
        return rural;
    int alone = ps->marital[i] == MDL_WIDOWED || ps->marital[i] == MDL_DIVORCED;
    return rural * p->doc_female_factor * (alone ? p->doc_widow_factor : 1);
}

static void second_draws(const mdl_month_ctx *c, size_t i, double *acc);

void mdl_interventions_reached(const mdl_world *w, int k, size_t i, double *acc)
{
    double *a = mdl_row_of(acc, &w->persons, i);
    a[MDL_M_intervention_reached] += 1;
    a[MDL_M_intervention_cost_usd] += w->iv.v[k].cost_usd;
}

void mdl_interventions_person(const mdl_month_ctx *c, size_t i, double *acc)
{
    const mdl_world *w = c->w;
    mdl_persons *ps = &c->w->persons;
    if (!w->iv.persons_on || !mdl_at_home(ps->state[i]))
        return;
    uint32_t u[4];
    sim_rng_draw4(c->m->key, (uint32_t)i, c->m->month, MDL_DRAW_POLICY, 0, u);
    const mdl_iv *aw = &w->iv.v[MDL_IV_AWARENESS], *doc = &w->iv.v[MDL_IV_DOCUMENTS];
    if (w->iv.on[MDL_IV_AWARENESS] && u[0] < aw->reach && targeted(w, aw, i) &&
        venue_reaches(w, i, u[1])) {
        int a = ps->awareness[i];
        ps->awareness[i] = (uint8_t)(a + lround(w->p0.aw_effect * (255 - a)));
        mdl_interventions_reached(w, MDL_IV_AWARENESS, i, acc);
    }
    /* a person reached applies, at the programme's fee and wait (mdl_documents.h) */
    if (w->iv.on[MDL_IV_DOCUMENTS] && ps->age_months[i] >= w->p.id_min_age_years * 12 &&
        targeted(w, doc, i) &&
        sim_rng_u01(u[2]) < sim_rng_u01(doc->reach) * documents_barrier(w, i) &&
        mdl_documents_apply(c->w, i, 1, w->p0.doc_passport, acc))
        mdl_interventions_reached(w, MDL_IV_DOCUMENTS, i, acc);
    second_draws(c, i, acc);
}

/* The interventions drawing from the person's second word block. */
static void second_draws(const mdl_month_ctx *c, size_t i, double *acc)
{
    const mdl_world *w = c->w;
    mdl_persons *ps = &c->w->persons;
    mdl_households *hs = &c->w->households;
    const int *on = w->iv.on;
    if (!on[MDL_IV_STIGMA] && !on[MDL_IV_DEBT] && !on[MDL_IV_SOCIAL] && !on[MDL_IV_EDUCATION])
        return;
    uint32_t u[4];
    sim_rng_draw4(c->m->key, (uint32_t)i, c->m->month, MDL_DRAW_POLICY, 1, u);
    const mdl_iv *sp = &w->iv.v[MDL_IV_SOCIAL], *ed = &w->iv.v[MDL_IV_EDUCATION];
    size_t hh = ps->household[i];
    if (on[MDL_IV_SOCIAL] && !hs->social_protection[hh] && ps->role[i] == MDL_HEAD &&
        u[2] < sp->reach && targeted(w, sp, i)) {
        hs->social_protection[hh] = 1;
        mdl_interventions_reached(w, MDL_IV_SOCIAL, i, acc);
    }
    int level = w->p0.edu_level == 0 ? MDL_EDU_LOWER_SEC : MDL_EDU_UPPER_SEC;
    if (on[MDL_IV_EDUCATION] && ps->sex[i] == MDL_FEMALE &&
        ps->age_months[i] >= GIRLS_SCHOOL_MIN_YEARS * 12 &&
        ps->age_months[i] < MDL_ADULT_AGE_MONTHS && ps->education[i] < level && u[3] < ed->reach &&
        targeted(w, ed, i)) {
        ps->education[i] = (uint8_t)level;
        mdl_interventions_reached(w, MDL_IV_EDUCATION, i, acc);
    }
    const mdl_iv *st = &w->iv.v[MDL_IV_STIGMA], *dr = &w->iv.v[MDL_IV_DEBT];
    if (w->iv.on[MDL_IV_STIGMA] && ps->stigma[i] > 0 && u[0] < st->reach && targeted(w, st, i)) {
        ps->stigma[i] = (uint8_t)lround(ps->stigma[i] * (1 - w->p0.stig_effect));
        mdl_interventions_reached(w, MDL_IV_STIGMA, i, acc);
    }
    float *debt = &hs->debt_usd[hh];
    if (w->iv.on[MDL_IV_DEBT] && *debt > 0 && ps->role[i] == MDL_HEAD && u[1] < dr->reach &&
        targeted(w, dr, i)) {
        *debt = (float)(*debt * (1 - w->p0.debt_relief_share));
        mdl_interventions_reached(w, MDL_IV_DEBT, i, acc);
    }
}
