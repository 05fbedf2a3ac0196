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
static void month_rules(mdl_world *w);
static void work_rules(mdl_world *w, int acting);
/* Months over which an open-ended intervention reaches its coverage. */
#define OPEN_ENDED_MONTHS 12

/* The record of intervention k, with its scenario key for errors. */
typedef struct iv_common {
    const char *key; /* "interventions.awareness_campaign" */
    const mdl_policy *r;
} iv_common;

static iv_common common_of(const mdl_params *p, int k)
{
    return (iv_common){mdl_policy_key(k), &p->pol[k]};
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
    return mdl_areas_parse_list(a, c->r->areas, key, on, errs);
}

/* Mark the destination rows of a list of codes (all when empty). */
static int parse_destinations(const char *list, const mdl_destinations *d, uint8_t *on,
                              sim_errs *errs)
{
    const char *key = "interventions.labour_inspection.destinations";
    for (size_t r = 0; r < MDL_MAX_DESTINATIONS; r++)
        on[r] = *list == '\0';
    int rc = SIM_OK;
    for (const char *s = list; *s;) {
        size_t len = strcspn(s, ","), r = 0;
        while (r < d->n && !(strlen(d->v[r].code) == len && strncmp(d->v[r].code, s, len) == 0))
            r++;
        if (r < d->n)
            on[r] = 1;
        else
            rc = SIM_ERRS_RAISE(errs, SIM_EINPUT, NULL, 0, 0, key,
                                "'%.*s' is not a destination (expected codes of the "
                                "destinations table, e.g. %s)",
                                (int)len, s, d->n ? d->v[0].code : "TH");
        s += len + (s[len] == ',');
    }
    return rc;
}

/* Why intervention k cannot honour a setting of kind bit. */
static const char *why_not(int k, int bit)
{
    if (bit == MDL_NO_COST)
        return "it changes a rule and reaches no one in particular, so no cost per person is "
               "counted";
    if (k == MDL_IV_RECRUITERS)
        return "recruiter regulation acts on the recruiters of the target areas, who have no "
               "sex, age or group; restrict it with target.areas and coverage";
    if (k == MDL_IV_BAN)
        return "a ban applies to all its target";
    return bit == MDL_NO_COVERAGE ? "decent local work sets an area's wages for all its workers of "
                                    "the target sex"
                                  : "decent local work sets an area's wages for all its workers of "
                                    "the target sex, whatever their age or group; restrict it with "
                                    "target.areas and target.sex";
}

/* Refuse the settings of c that intervention k cannot honour. */
static int refuse_targets(int k, const iv_common *c, sim_errs *errs)
{
    int no = mdl_policy_unhonoured(k), rc = SIM_OK;
    int sex = k != MDL_IV_WORK; /* decent local work honours target.sex */
    const struct {
        int bit, set;
        const char *key, *expected;
    } keys[] = {
        {MDL_NO_TARGET, sex && c->r->sex != MDL_TARGET_SEX_ANY, "target.sex", "any"},
        {MDL_NO_TARGET, c->r->min_age != 0, "target.min_age", "0"},
        {MDL_NO_TARGET, c->r->max_age != 110, "target.max_age", "110"},
        {MDL_NO_TARGET, c->r->group != MDL_TARGET_GROUP_EVERYONE, "target.group", "everyone"},
        {MDL_NO_COVERAGE, c->r->coverage != 1, "coverage", "1"},
        {MDL_NO_COST, c->r->cost != 0, "cost_per_person_usd", "0"}};
    for (size_t j = 0; j < sizeof keys / sizeof keys[0]; j++) {
        if (!(no & keys[j].bit) || !keys[j].set)
            continue;
        char key[SIM_ERR_KEY];
        snprintf(key, sizeof key, "%s.%s", c->key, keys[j].key);
        rc = SIM_ERRS_RAISE(errs, SIM_EINPUT, NULL, 0, 0, key, "cannot apply: %s (expected %s)",
                            why_not(k, keys[j].bit), keys[j].expected);
    }
    return rc;
}

static int check_one(int k, const iv_common *c, const mdl_areas *a, uint8_t *on, sim_errs *errs)
{
    char key[SIM_ERR_KEY];
    int rc = parse_areas(c, a, on, errs);
    if (c->r->end >= 0 && c->r->end < c->r->start) {
        snprintf(key, sizeof key, "%s.end_month", c->key);
        rc = SIM_ERRS_RAISE(errs, SIM_EINPUT, NULL, 0, 0, key,
                            "ends in month %lld, before it starts in month %lld (expected -1 or "
                            "a month from start_month on)",
                            (long long)c->r->end, (long long)c->r->start);
    }
    if (c->r->max_age < c->r->min_age) {
        snprintf(key, sizeof key, "%s.target.max_age", c->key);
        rc = SIM_ERRS_RAISE(errs, SIM_EINPUT, NULL, 0, 0, key,
                            "%lld is below target.min_age %lld (expected max_age >= min_age)",
                            (long long)c->r->max_age, (long long)c->r->min_age);
    }
    return rc | refuse_targets(k, c, errs);
}

int mdl_interventions_check(const mdl_params *p, const mdl_areas *areas,
                            const mdl_destinations *dest, sim_errs *errs)
{
    uint8_t on[MDL_MAX_AREAS];
    int rc = SIM_OK;
    for (int k = 0; k < MDL_N_IV; k++) {
        iv_common c = common_of(p, k);
        if (c.r->active)
            rc |= check_one(k, &c, areas, on, errs);
    }
    uint16_t bits;
    if (p->pol[MDL_IV_INSPECTION].active) {
        rc |=
            parse_sectors(p->insp_sectors, "interventions.labour_inspection.sectors", &bits, errs);
        rc |= parse_destinations(p->insp_destinations, dest, on, errs);
    }
    if (p->pol[MDL_IV_BAN].active)
        rc |= parse_sectors(p->ban_sectors, "interventions.migration_ban.sectors", &bits, errs);
    return rc ? SIM_EINPUT : SIM_OK;
}

int64_t mdl_interventions_first_month(const mdl_params *p, int64_t months)
{
    int64_t first = months;
    for (int k = 0; k < MDL_N_POLICIES; k++) /* interventions and shocks */
        first = p->pol[k].active && p->pol[k].start < first ? p->pol[k].start : first;
    return first;
}

static int init_one(mdl_world *w, int k, sim_errs *errs)
{
    iv_common c = common_of(&w->p, k);
    mdl_iv *v = &w->iv.v[k];
    if (!c.r->active)
        return SIM_OK;
    if (check_one(k, &c, &w->areas, v->area, errs))
        return SIM_EINPUT;
    int64_t months = c.r->end < 0 ? OPEN_ENDED_MONTHS : c.r->end - c.r->start + 1;
    v->listed = 1;
    v->start = c.r->start;
    v->end = c.r->end;
    v->sex = (int)c.r->sex;
    v->min_age = (uint16_t)(c.r->min_age * 12);
    v->max_age = (uint16_t)(c.r->max_age * 12 + 11);
    v->group = (int)c.r->group;
    v->cost_usd = c.r->cost;
    v->reach = sim_rng_threshold(1 - pow(1 - c.r->coverage, 1.0 / (double)months));
    v->cover = sim_rng_threshold(c.r->coverage);
    v->all = c.r->coverage >= 1;
    w->iv.any_listed = 1;
    return SIM_OK;
}

int mdl_interventions_init(mdl_world *w, sim_errs *errs)
{
    memset(&w->iv, 0, sizeof w->iv);
    for (int k = 0; k < MDL_N_IV; k++)
        if (init_one(w, k, errs))
            return SIM_EINPUT;
    if ((w->p.pol[MDL_IV_INSPECTION].active &&
         (parse_sectors(w->p.insp_sectors, "", &w->iv.inspected, errs) ||
          parse_destinations(w->p.insp_destinations, &w->dest, w->iv.inspected_dest, errs))) ||
        (w->p.pol[MDL_IV_BAN].active && parse_sectors(w->p.ban_sectors, "", &w->iv.banned, errs)))
        return SIM_EINPUT;
    month_rules(w); /* nothing acts yet: the scenario's rules */
    return SIM_OK;
}

/* The rules of the month (mdl_rules): the scenario's, and what the acting
 * rule-type interventions give those they cover. */
static void month_rules(mdl_world *w)
{
    const int *on = w->iv.on;
    const mdl_params *p = &w->p;
    mdl_rules *r = &w->rules;
    r->agency_fee_usd = p->agency_fee_usd * (on[MDL_IV_REGULAR] ? p->reg_fee_factor : 1);
    r->regular_wait_months =
        on[MDL_IV_REGULAR] ? (int64_t)lround((double)p->regular_wait_months * p->reg_wait_factor)
                           : p->regular_wait_months;
    r->inspection_factor = on[MDL_IV_INSPECTION] ? p->insp_factor : 1;
    r->union_factor = on[MDL_IV_INSPECTION] ? p->insp_union_factor : 1;
    r->vfi_hotline_factor = on[MDL_IV_IDENTIFICATION] ? p->vfi_hotline_factor : 1;
    r->non_punishment = on[MDL_IV_IDENTIFICATION] && p->vfi_non_punishment;
    int shelter = on[MDL_IV_SHELTER];
    r->shelter_reporting_factor = shelter && p->shel_no_detention ? p->shel_reporting_factor : 1;
    r->shelter_months[0] = p->shelter_months_men * (shelter ? p->shel_months_factor : 1);
    r->shelter_months[1] = !shelter               ? p->shelter_months_women
                           : p->shel_no_detention ? r->shelter_months[0]
                                                  : p->shelter_months_women * p->shel_months_factor;
    r->interest_monthly = p->interest_monthly * (on[MDL_IV_DEBT] ? p->debt_interest_factor : 1);
    int reint = on[MDL_IV_REINTEGRATION];
    r->services_identified = p->services_identified;
    r->services_other = p->services_other;
    r->training = reint ? p->reint_training : p->training;
    r->social_protection_usd = on[MDL_IV_SOCIAL]
                                   ? mdl_max(p->social_protection_usd, p->sp_transfer_usd)
                                   : p->social_protection_usd;
    work_rules(w, on[MDL_IV_WORK]);
}

/* Decent local work's wages for its target sex (both when any). */
static void work_rules(mdl_world *w, int acting)
{
    const mdl_params *p = &w->p;
    mdl_rules *r = &w->rules;
    int sex = p->pol[MDL_IV_WORK].sex;
    int women = acting && sex != MDL_TARGET_SEX_MALE, men = acting && sex != MDL_TARGET_SEX_FEMALE;
    r->wage_factor[MDL_FEMALE] = women ? p->work_wage_factor : 1;
    r->wage_factor[MDL_MALE] = men ? p->work_wage_factor : 1;
    r->female_wage_ratio = women ? p->work_female_wage_ratio : p->female_wage_ratio;
}

void mdl_interventions_month(mdl_world *w, uint32_t month)
{
    mdl_interventions *iv = &w->iv;
    if (!iv->any_listed)
        return;
    iv->persons_on = 0;
    for (int k = 0; k < MDL_N_IV; k++) {
        const mdl_iv *v = &iv->v[k];
        iv->on[k] = v->listed && month >= v->start && (v->end < 0 || month <= v->end);
    }
    month_rules(w);
    if (iv->on[MDL_IV_WORK] != iv->wages_on) { /* wages and the pull of wages abroad */
        iv->wages_on = iv->on[MDL_IV_WORK];
        mdl_economy_wages(w);
        mdl_decide_wage_gaps(w);
    }
    iv->persons_on = iv->on[MDL_IV_AWARENESS] || iv->on[MDL_IV_DOCUMENTS] ||
                     iv->on[MDL_IV_STIGMA] || iv->on[MDL_IV_DEBT] || iv->on[MDL_IV_SOCIAL] ||
                     iv->on[MDL_IV_EDUCATION];
}

/* Words of the fixed coverage draws (month SIM_RNG_MONTH_SETUP, purpose
 * MDL_DRAW_POLICY): one per intervention and kind of agent, so a person's,
 * a household's and a recruiter's draws never coincide. */
enum { COVER_PERSON = 16, COVER_HOUSEHOLD = 32, COVER_RECRUITER = 48 };

/* Is agent (of the kind word0) covered by intervention k? The same answer
 * in every month and on every thread: a fixed draw, not a monthly coin. */
static int covered(const mdl_world *w, int k, uint32_t word0, size_t agent)
{
    const mdl_iv *v = &w->iv.v[k];
    if (v->all)
        return 1;
    uint32_t u[4];
    sim_rng_draw4(w->key, (uint32_t)agent, SIM_RNG_MONTH_SETUP, MDL_DRAW_POLICY,
                  word0 + (uint32_t)k, u);
    return u[0] < v->cover;
}

int mdl_interventions_covers(const mdl_world *w, int k, size_t i)
{
    return w->iv.on[k] && targeted(w, &w->iv.v[k], i) && covered(w, k, COVER_PERSON, i);
}

int mdl_interventions_inspected(const mdl_world *w, size_t i)
{
    const mdl_persons *ps = &w->persons;
    if (!w->iv.on[MDL_IV_INSPECTION])
        return 0;
    if (mdl_cross_border(ps->destination[i]) &&
        !w->iv.inspected_dest[ps->destination[i] - MDL_DEST_ABROAD])
        return 0;
    return mdl_interventions_covers(w, MDL_IV_INSPECTION, i);
}

void mdl_interventions_regular_terms(const mdl_world *w, size_t i, double *fee_usd,
                                     double *wait_months)
{
    int reformed = mdl_interventions_covers(w, MDL_IV_REGULAR, i);
    *fee_usd = reformed ? w->rules.agency_fee_usd : w->p.agency_fee_usd;
    *wait_months = (double)(reformed ? w->rules.regular_wait_months : w->p.regular_wait_months);
}

void mdl_interventions_hotline(const mdl_world *w, size_t i, double *hazard, double *fear)
{
    const mdl_rules *r = &w->rules;
    int vfi = mdl_interventions_covers(w, MDL_IV_IDENTIFICATION, i);
    int shelter = mdl_interventions_covers(w, MDL_IV_SHELTER, i);
    *hazard = w->p.hotline_hazard * (vfi ? r->vfi_hotline_factor : 1) *
              (shelter ? r->shelter_reporting_factor : 1);
    *fear = vfi && r->non_punishment ? 1 : w->p.fear_factor;
}

double mdl_interventions_shelter_months(const mdl_world *w, size_t i, int female_or_child)
{
    if (mdl_interventions_covers(w, MDL_IV_SHELTER, i))
        return w->rules.shelter_months[female_or_child != 0];
    return female_or_child ? w->p.shelter_months_women : w->p.shelter_months_men;
}

double mdl_interventions_interest(const mdl_world *w, size_t hh)
{
    if (!w->iv.on[MDL_IV_DEBT])
        return w->p.interest_monthly;
    const mdl_households *hs = &w->households;
    size_t head = hs->first[hh] + hs->head_offset[hh];
    int relieved =
        targeted(w, &w->iv.v[MDL_IV_DEBT], head) && covered(w, MDL_IV_DEBT, COVER_HOUSEHOLD, hh);
    return relieved ? w->rules.interest_monthly : w->p.interest_monthly;
}

int mdl_interventions_wages_apply(const mdl_world *w, size_t area)
{
    return w->iv.on[MDL_IV_WORK] && w->iv.v[MDL_IV_WORK].area[area];
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
    if ((v->sex == MDL_TARGET_SEX_FEMALE && !female) || (v->sex == MDL_TARGET_SEX_MALE && female))
        return 0;
    if (ps->age_months[i] < v->min_age || ps->age_months[i] > v->max_age || !v->area[ps->area[i]])
        return 0;
    if (v->group == MDL_TARGET_GROUP_RETURNEES)
        return ps->return_month[i] != UINT16_MAX;
    if (v->group == MDL_TARGET_GROUP_IN_DEBT)
        return w->households.debt_usd[ps->household[i]] > 0;
    return 1;
}

/* Can the campaign's venue reach person i (u: a spare word, for markets)? */
static int venue_reaches(const mdl_world *w, size_t i, uint32_t u)
{
    const mdl_persons *ps = &w->persons;
    int age = ps->age_months[i] / 12, female = ps->sex[i] == MDL_FEMALE;
    switch (w->p.aw_venue) {
    case MDL_VENUE_COMMUNITY:
        return age >= w->p.aw_venue_min_age;
    case MDL_VENUE_SCHOOL:
        return age >= w->p.aw_venue_min_age && age < 18;
    case MDL_VENUE_WOMENS_GROUP:
        return female && age >= 18;
    case MDL_VENUE_MARKET: /* men go to market less often */
        return age >= 18 && (female || sim_rng_u01(u) < w->p.aw_market_men);
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
    const mdl_params *p = &w->p;
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
        ps->awareness[i] = (uint8_t)(a + lround(w->p.aw_effect * (255 - a)));
        mdl_interventions_reached(w, MDL_IV_AWARENESS, i, acc);
    }
    /* a person reached applies, at the programme's fee and wait (mdl_documents.h) */
    if (w->iv.on[MDL_IV_DOCUMENTS] && ps->age_months[i] >= w->p.id_min_age_years * 12 &&
        targeted(w, doc, i) &&
        sim_rng_u01(u[2]) < sim_rng_u01(doc->reach) * documents_barrier(w, i) &&
        mdl_documents_apply(c->w, i, 1, w->p.doc_passport, acc))
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
    if (on[MDL_IV_SOCIAL] && hs->social_protection[hh] != MDL_SP_PROGRAMME &&
        ps->role[i] == MDL_HEAD && u[2] < sp->reach && targeted(w, sp, i)) {
        hs->social_protection[hh] = MDL_SP_PROGRAMME;
        mdl_interventions_reached(w, MDL_IV_SOCIAL, i, acc);
    }
    int level = w->p.edu_level == MDL_LEVEL_LOWER_SECONDARY ? MDL_EDU_LOWER_SEC : MDL_EDU_UPPER_SEC;
    if (on[MDL_IV_EDUCATION] && ps->sex[i] == MDL_FEMALE &&
        ps->age_months[i] >= GIRLS_SCHOOL_MIN_YEARS * 12 &&
        ps->age_months[i] < MDL_ADULT_AGE_MONTHS && ps->education[i] < level && u[3] < ed->reach &&
        targeted(w, ed, i)) {
        ps->education[i] = (uint8_t)level;
        mdl_interventions_reached(w, MDL_IV_EDUCATION, i, acc);
    }
    const mdl_iv *st = &w->iv.v[MDL_IV_STIGMA], *dr = &w->iv.v[MDL_IV_DEBT];
    if (w->iv.on[MDL_IV_STIGMA] && ps->stigma[i] > 0 && u[0] < st->reach && targeted(w, st, i)) {
        ps->stigma[i] = (uint8_t)lround(ps->stigma[i] * (1 - w->p.stig_effect));
        mdl_interventions_reached(w, MDL_IV_STIGMA, i, acc);
    }
    float *debt = &hs->debt_usd[hh];
    if (w->iv.on[MDL_IV_DEBT] && *debt > 0 && ps->role[i] == MDL_HEAD && u[1] < dr->reach &&
        targeted(w, dr, i)) {
        *debt = (float)(*debt * (1 - w->p.debt_relief_share));
        mdl_interventions_reached(w, MDL_IV_DEBT, i, acc);
    }
}
