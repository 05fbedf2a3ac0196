#include "mdl_attrs.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <omp.h>
#include <stdlib.h>

/* Ages (years) from which the attributes below apply: violence at home and
 * digital access are counted from the youngest age of the decision to migrate. */
#define MDL_TEEN_YEARS 13

int mdl_attrs_draw_education(const mdl_edu_row *row, double u)
{
    for (int l = 0; l < 3; l++) {
        if (u < row->share[l])
            return l;
        u -= row->share[l];
    }
    return MDL_EDU_UPPER_SEC;
}

/* Share of persons an area's minority makes up. */
static double minority_share(const mdl_world *w, size_t ai)
{
    double s = w->areas.v[ai].minority_share;
    return s >= 0 ? s : w->p.minority_default_share;
}

void mdl_attrs_no_journey(mdl_world *w, size_t i)
{
    mdl_persons *ps = &w->persons;
    ps->destination[i] = MDL_DEST_NONE;
    ps->channel[i] = MDL_CH_NONE;
    ps->sector[i] = MDL_SEC_NONE;
    ps->recruiter[i] = UINT32_MAX;
    ps->owed_usd[i] = ps->saved_usd[i] = 0;
    ps->times_trafficked[i] = ps->times_identified[i] = 0;
    ps->episode_month[i] = 0;
    ps->return_month[i] = UINT16_MAX;
    ps->stigma[i] = ps->timer[i] = ps->mflags[i] = 0;
    ps->doc_months[i] = ps->permit_months[i] = 0;
}

static double doc_chance(const mdl_params *p, double base, int female, int marital, int rural,
                         int conflict, int minority)
{
    double q = base;
    q *= female ? p->doc_female_factor : 1;
    q *= female && (marital == MDL_WIDOWED || marital == MDL_DIVORCED) ? p->doc_widow_factor : 1;
    q *= rural ? p->doc_rural_factor : 1;
    q *= conflict ? p->doc_conflict_factor : 1;
    q *= minority ? p->doc_minority_factor : 1;
    return q;
}

static double digital_chance(const mdl_params *p, int female, int age_years)
{
    if (age_years < MDL_TEEN_YEARS)
        return 0;
    double q = p->digital_male_share * (female ? 1 - p->digital_female_gap : 1);
    double decades = age_years > 30 ? (age_years - 30) / 10.0 : 0;
    double keep = 1 - p->digital_decline_per_decade * decades;
    return keep > 0 ? q * keep : 0;
}

/* Violence at home: base hazard for men so that the share over everyone 13+
 * is violence_share, with women violence_female_ratio times as likely. */
static double violence_chance(const mdl_params *p, int female)
{
    double base = p->violence_share / ((1 + p->violence_female_ratio) / 2);
    double q = female ? base * p->violence_female_ratio : base;
    return q < 1 ? q : 1;
}

typedef struct hh_draws {
    int rural, minority, conflict;
} hh_draws;

static void person_attrs(mdl_world *w, gsl_rng *r, size_t i, const hh_draws *h, int year)
{
    mdl_persons *ps = &w->persons;
    const mdl_params *p = &w->p;
    int female = ps->sex[i] == MDL_FEMALE, age = ps->age_months[i] / 12;
    const mdl_edu_row *edu =
        mdl_areas_education(&w->areas, w->areas.v[ps->area[i]].country, ps->sex[i], year - age);
    ps->education[i] = (uint8_t)mdl_attrs_draw_education(edu, gsl_rng_uniform(r));
    uint16_t f = ps->flags[i] & MDL_F_ORPHAN;
    f |= h->minority ? MDL_F_MINORITY : 0;
    if (age >= p->id_min_age_years) {
        int m = ps->marital[i];
        if (gsl_rng_uniform(r) <
            doc_chance(p, p->id_share, female, m, h->rural, h->conflict, h->minority))
            f |= MDL_F_ID;
        if (gsl_rng_uniform(r) <
            doc_chance(p, p->passport_share, female, m, h->rural, h->conflict, h->minority))
            f |= MDL_F_PASSPORT;
    }
    if (age >= MDL_TEEN_YEARS && gsl_rng_uniform(r) < violence_chance(p, female))
        f |= MDL_F_VIOLENCE;
    if (gsl_rng_uniform(r) < digital_chance(p, female, age))
        f |= MDL_F_DIGITAL;
    ps->flags[i] = f;
    double a = gsl_rng_uniform(r) * 2 * p->initial_awareness;
    ps->awareness[i] = (uint8_t)(255 * (a < 1 ? a : 1) + 0.5);
}

static void household_attrs(mdl_world *w, gsl_rng *r, size_t hh, const hh_draws *h)
{
    mdl_households *hs = &w->households;
    const mdl_params *p = &w->p;
    double land = h->rural ? p->land_share_rural : p->land_share_urban;
    land *= hs->female_head[hh] ? p->land_female_head_factor : 1;
    hs->rural[hh] = (uint8_t)h->rural; /* kept: the barriers of documents read it */
    hs->land[hh] = gsl_rng_uniform(r) < land;
    hs->social_protection[hh] = gsl_rng_uniform(r) < p->social_protection_coverage;
    double debt = 0;
    if (gsl_rng_uniform(r) < p->initial_debt_share)
        debt = p->initial_debt_median_usd * exp(p->initial_debt_sigma * gsl_ran_ugaussian(r));
    hs->debt_usd[hh] = (float)debt;
}

/* All attributes of one area's households and persons, from the area's stream. */
static int area_attrs(mdl_world *w, sim_rng_key key, size_t ai, size_t hh_begin, size_t hh_end)
{
    gsl_rng *r = gsl_rng_alloc(sim_rng_philox);
    if (!r)
        return -1;
    sim_rng_set_key(r, key);
    sim_rng_seek(r, (uint32_t)ai, SIM_RNG_MONTH_SETUP, MDL_DRAW_SYNTH_AREA + (2u << 8));
    const mdl_area *a = &w->areas.v[ai];
    for (size_t hh = hh_begin; hh < hh_end; hh++) {
        hh_draws h = {gsl_rng_uniform(r) >= a->urban_share,
                      gsl_rng_uniform(r) < minority_share(w, ai), a->conflict_affected};
        household_attrs(w, r, hh, &h);
        size_t first = w->households.first[hh];
        for (size_t i = first; i < first + w->households.size[hh]; i++) {
            person_attrs(w, r, i, &h, w->start_year);
            mdl_attrs_no_journey(w, i);
        }
    }
    gsl_rng_free(r);
    return 0;
}

static int check_education(const mdl_world *w, sim_errs *errs)
{
    for (size_t ai = 0; ai < w->areas.n; ai++)
        for (int sex = 0; sex < 2; sex++)
            if (!mdl_areas_education(&w->areas, w->areas.v[ai].country, sex, w->start_year)) {
                return SIM_ERRS_RAISE(errs, SIM_EINPUT, w->areas.dir, 0, 0, "education.csv",
                                      "no schooling rows for country %s (expected rows for "
                                      "both sexes)",
                                      w->areas.v[ai].country);
            }
    return SIM_OK;
}

int mdl_attrs_init(mdl_world *w, sim_rng_key key, sim_errs *errs)
{
    int rc = check_education(w, errs);
    if (rc)
        return rc;
    size_t na = w->areas.n, *hb = malloc((na + 1) * sizeof *hb);
    if (!hb)
        return SIM_ENOMEM;
    /* households of area a are [hb[a], hb[a+1]) */
    for (size_t a = 0, hh = 0; a <= na; a++) {
        while (hh < w->households.n && w->households.area[hh] < a)
            hh++;
        hb[a] = hh;
    }
    int failed = 0;
#pragma omp parallel for schedule(dynamic, 1) default(none) shared(w, key, hb, na)                 \
    reduction(|                                                                                    \
              : failed) num_threads(w->threads > 0 ? w->threads : omp_get_max_threads())
    for (size_t a = 0; a < na; a++)
        failed |= area_attrs(w, key, a, hb[a], hb[a + 1]);
    free(hb);
    return failed ? SIM_ENOMEM : SIM_OK;
}

void mdl_attrs_newcomer(mdl_world *w, size_t i, sim_rng_key key, uint32_t month, int sex,
                        int age_months, int role)
{
    mdl_persons *ps = &w->persons;
    const mdl_params *p = &w->p;
    uint32_t u[4];
    sim_rng_draw4(key, (uint32_t)i, month, MDL_DRAW_NEWBORN, 0, u);
    int age = age_months / 12, female = sex == MDL_FEMALE;
    const mdl_area *a = &w->areas.v[ps->area[i]];
    const mdl_edu_row *edu =
        mdl_areas_education(&w->areas, a->country, sex, mdl_year_of(w, month) - age);
    ps->sex[i] = (uint8_t)sex;
    ps->age_months[i] = (uint16_t)age_months;
    ps->education[i] = (uint8_t)mdl_attrs_draw_education(edu, sim_rng_u01(u[0]));
    size_t head =
        w->households.first[ps->household[i]] + w->households.head_offset[ps->household[i]];
    int minority = head != i ? (ps->flags[head] & MDL_F_MINORITY) != 0
                             : sim_rng_u01(u[1]) < minority_share(w, ps->area[i]);
    uint16_t f = minority ? MDL_F_MINORITY : 0;
    if (age >= p->id_min_age_years &&
        sim_rng_u01(u[2]) <
            doc_chance(p, p->id_share, female, MDL_SINGLE, 1, a->conflict_affected, minority))
        f |= MDL_F_ID;
    if (sim_rng_u01(u[3]) < digital_chance(p, female, age))
        f |= MDL_F_DIGITAL;
    ps->flags[i] = f;
    ps->role[i] = (uint8_t)role;
    ps->marital[i] = MDL_SINGLE;
    mdl_attrs_no_journey(w, i);
    ps->awareness[i] = 0;
    ps->months_in_state[i] = 0;
    ps->state[i] = MDL_HOME;
}

void mdl_attrs_birthday(mdl_world *w, size_t i, uint32_t u_a, uint32_t u_b)
{
    mdl_persons *ps = &w->persons;
    const mdl_params *p = &w->p;
    int female = ps->sex[i] == MDL_FEMALE;
    if (ps->age_months[i] == MDL_TEEN_YEARS * 12) {
        if (sim_rng_u01(u_a) < violence_chance(p, female))
            ps->flags[i] |= MDL_F_VIOLENCE;
        if (sim_rng_u01(u_b) < digital_chance(p, female, MDL_TEEN_YEARS))
            ps->flags[i] |= MDL_F_DIGITAL;
    } else if (ps->age_months[i] == p->id_min_age_years * 12) {
        const mdl_area *a = &w->areas.v[ps->area[i]];
        int minority = (ps->flags[i] & MDL_F_MINORITY) != 0;
        /* rural: the share of the area that is rural */
        int rural = sim_rng_u01(u_b) >= a->urban_share;
        if (sim_rng_u01(u_a) < doc_chance(p, p->id_share, female, ps->marital[i], rural,
                                          a->conflict_affected, minority))
            ps->flags[i] |= MDL_F_ID;
    }
}
