#include "mdl_decide.h"

#include "mdl_economy.h"
#include "mdl_interventions.h"
#include "mdl_metrics.h"

#include <math.h>

_Static_assert(MDL_N_COMPONENTS == MDL_DECIDE_COMPONENTS, "component count");

void mdl_decide_weights(const mdl_params *p, double weight[MDL_N_COMPONENTS])
{
    /* designated: a component can only get its own weight */
    const double w[MDL_N_COMPONENTS] = {
        [MDL_X_POVERTY] = p->w_poverty,
        [MDL_X_DEBT] = p->w_debt,
        [MDL_X_CARE] = p->w_care,
        [MDL_X_BREADWINNER] = p->w_breadwinner,
        [MDL_X_FEMALE_HEAD] = p->w_female_head,
        [MDL_X_ORPHAN] = p->w_orphan,
        [MDL_X_MARITAL] = p->w_marital,
        [MDL_X_VIOLENCE] = p->w_violence,
        [MDL_X_CONFLICT] = p->w_conflict,
        [MDL_X_DISASTER] = p->w_disaster,
        [MDL_X_NO_WORK] = p->w_no_work,
        [MDL_X_STIGMA] = p->w_stigma,
        [MDL_X_WAGE_GAP] = p->v_wage_gap,
        [MDL_X_SUCCESS] = p->v_success,
        [MDL_X_FAMILY] = p->v_family,
    };
    for (int k = 0; k < MDL_N_COMPONENTS; k++)
        weight[k] = w[k];
}

/* The hazard with the age profile exp(-z^2/2) given (precomputed by age). */
static double hazard_of(const mdl_params *p, const double x[MDL_N_COMPONENTS], double profile,
                        double awareness, int female)
{
    double weight[MDL_N_COMPONENTS];
    mdl_decide_weights(p, weight);
    double lin = 0;
    for (int k = 0; k < MDL_N_COMPONENTS; k++)
        lin += weight[k] * x[k];
    if (female)
        lin -= p->norm_female * (1 - x[MDL_X_DEBT]);
    double acute = x[MDL_X_POVERTY];
    double aware = 1 - p->awareness_effect * awareness * (1 - acute);
    return p->base_hazard * profile * exp(lin) * aware;
}

static double age_profile(const mdl_params *p, double age_years)
{
    double z = (age_years - p->peak_age_years) / p->age_spread_years;
    return exp(-0.5 * z * z);
}

double mdl_decide_hazard(const mdl_params *p, const double x[MDL_N_COMPONENTS], double age_years,
                         double awareness, int female)
{
    return hazard_of(p, x, age_profile(p, age_years), awareness, female);
}

double mdl_decide_approval(const mdl_params *p, double debt_service, int household_size, int female)
{
    double extra = household_size > 4 ? household_size - 4 : 0;
    double logit = p->approval_base + p->approval_debt * debt_service + p->approval_size * extra +
                   (female ? p->approval_female : 0);
    return 1 / (1 + exp(-logit));
}

double mdl_decide_wage_gap(const mdl_params *p, int female, double local_wage)
{
    return mdl_decide_wage_gap_to(p, female ? p->dest_wage_female_usd : p->dest_wage_male_usd,
                                  local_wage);
}

double mdl_decide_wage_gap_to(const mdl_params *p, double dest, double local_wage)
{
    return mdl_min(p->wage_gap_cap, mdl_max(0, log(dest / mdl_max(local_wage, 1)))) /
           p->wage_gap_cap;
}

void mdl_decide_wage_gaps(mdl_world *w)
{
    const mdl_decide_tables *t = &w->decide;
    for (size_t a = 0; a < w->areas.n; a++) {
        double ratio = w->dest.wage_ratio_mean[w->areas.v[a].country_index];
        for (int sex = 0; sex < 2; sex++)
            for (int l = 0; l < 4; l++) {
                /* abroad, the destinations' mean wage for the country's migrants */
                w->as[a].wage_gap[sex][l] = (float)mdl_decide_wage_gap_to(
                    &w->p, w->rules.dest_wage_usd[sex], w->as[a].wage[sex][l] / ratio);
                w->as[a].wage_gap_factor[sex][l] =
                    exp(t->weight[MDL_X_WAGE_GAP] * w->as[a].wage_gap[sex][l]);
            }
    }
}

void mdl_decide_init(mdl_world *w)
{
    size_t n = (size_t)w->p.max_age_years * 12 + 1;
    for (size_t a = 0; a < n && a <= MDL_MAX_AGE_MONTHS; a++)
        w->age_profile[a] = age_profile(&w->p, (double)a / 12.0);
    w->seeking_end_threshold = sim_rng_threshold(1 / w->p.seeking_months);
    mdl_decide_tables *t = &w->decide;
    mdl_decide_weights(&w->p, t->weight);
    t->orphan = exp(t->weight[MDL_X_ORPHAN]);
    t->marital = exp(t->weight[MDL_X_MARITAL]);
    t->violence = exp(t->weight[MDL_X_VIOLENCE]);
    t->no_work = exp(t->weight[MDL_X_NO_WORK]);
    t->breadwinner = exp(t->weight[MDL_X_BREADWINNER]);
    for (int s = 0; s < 256; s++)
        t->stigma[s] = exp(t->weight[MDL_X_STIGMA] * (s / 255.0));
    mdl_decide_wage_gaps(w);
}

/* What every member of a household shares, and the household's part of the
 * hazard: exp(sum of weight x component over the household and area
 * components), for men and for women (who carry the restraint). */
typedef struct hh_view {
    double poverty, debt, care;
    int female_head, size, family_away;
    size_t eldest_daughter;     /* of a female-headed household, or SIZE_MAX */
    double x[MDL_N_COMPONENTS]; /* the household and area components */
    double factor[2];           /* by female; 0 until first needed */
    double provider;            /* exp(breadwinner weight x care) */
    double eligible[MDL_N_GROUPS];
} hh_view;

/* Components every member shares (the others are zero in v->x). */
static const int shared_components[] = {MDL_X_POVERTY,     MDL_X_DEBT,     MDL_X_CARE,
                                        MDL_X_FEMALE_HEAD, MDL_X_CONFLICT, MDL_X_DISASTER,
                                        MDL_X_SUCCESS,     MDL_X_FAMILY};
#define N_SHARED (sizeof shared_components / sizeof shared_components[0])

static hh_view view_of(const mdl_world *w, size_t hh)
{
    const mdl_households *hs = &w->households;
    const mdl_persons *ps = &w->persons;
    hh_view v = {0};
    v.female_head = hs->female_head[hh];
    v.size = hs->size[hh];
    v.family_away = hs->n_abroad[hh] > 0;
    v.eldest_daughter = SIZE_MAX;
    double need = hs->need_usd[hh] > 1 ? hs->need_usd[hh] : 1;
    v.poverty = mdl_max(0, mdl_min(1, 1 - hs->income_usd[hh] / need));
    v.debt = mdl_min(1, hs->debt_usd[hh] * mdl_interventions_interest(w, hh) / need);
    v.care = hs->care_burden[hh] / (1 + hs->care_burden[hh]);
    const mdl_area_state *as = &w->as[hs->area[hh]];
    v.x[MDL_X_POVERTY] = v.poverty;
    v.x[MDL_X_DEBT] = v.debt;
    v.x[MDL_X_CARE] = v.care;
    v.x[MDL_X_FEMALE_HEAD] = v.female_head;
    v.x[MDL_X_CONFLICT] = as->conflict_now;
    v.x[MDL_X_DISASTER] = as->flood_left > 0 ||
                          as->months_since_flood < w->p.disaster_memory_months || as->disaster_now;
    v.x[MDL_X_SUCCESS] = as->success;
    v.x[MDL_X_FAMILY] = v.family_away;
    if (!v.female_head)
        return v;
    size_t first = hs->first[hh];
    for (size_t j = first; j < first + hs->size[hh]; j++)
        if (ps->role[j] == MDL_CHILD && ps->sex[j] == MDL_FEMALE && mdl_at_home(ps->state[j]) &&
            ps->age_months[j] >= w->p.decide_min_age_years * 12 &&
            (v.eldest_daughter == SIZE_MAX ||
             ps->age_months[j] > ps->age_months[v.eldest_daughter]))
            v.eldest_daughter = j;
    return v;
}

/* The household's hazard factor for a man (female 0) or a woman (1). */
static double household_factor(const mdl_world *w, hh_view *v, int female)
{
    if (v->factor[female] > 0)
        return v->factor[female];
    const double *weight = w->decide.weight;
    double lin = 0;
    for (size_t k = 0; k < N_SHARED; k++)
        lin += weight[shared_components[k]] * v->x[shared_components[k]];
    if (female)
        lin -= w->p.norm_female * (1 - v->debt);
    v->provider = exp(weight[MDL_X_BREADWINNER] * v->care);
    v->factor[female] = exp(lin);
    return v->factor[female];
}

/* 1 - exp(-x) for x >= 0: where x < 2^-7, its Taylor series to x^6
 * (truncation below 1e-16 relative: more accurate there than the difference,
 * and cheaper), else the difference. */
static inline double chance_of(double x)
{
    if (x >= 0x1p-7)
        return 1 - exp(-x);
    return x * (1 + x * (-1.0 / 2 + x * (1.0 / 6 + x * (-1.0 / 24 + x * (1.0 / 120 - x / 720)))));
}

/* A person's own components (the household's are in v), and the product of
 * their hazard factors. */
static double own_components(const mdl_world *w, size_t j, const hh_view *v,
                             double x[MDL_N_COMPONENTS])
{
    const mdl_persons *ps = &w->persons;
    const mdl_decide_tables *t = &w->decide;
    const mdl_area_state *as = &w->as[ps->area[j]];
    int female = ps->sex[j] == MDL_FEMALE, age = ps->age_months[j] / 12, role = ps->role[j];
    int provider = female && (role == MDL_HEAD || role == MDL_SPOUSE);
    int edu = mdl_education_at(ps->education[j], age);
    uint16_t f = ps->flags[j];
    x[MDL_X_BREADWINNER] = j == v->eldest_daughter ? 1 : provider ? v->care : 0;
    x[MDL_X_ORPHAN] = (f & MDL_F_ORPHAN) != 0;
    x[MDL_X_MARITAL] = ps->marital[j] == MDL_DIVORCED || ps->marital[j] == MDL_WIDOWED;
    x[MDL_X_VIOLENCE] = (f & MDL_F_VIOLENCE) != 0;
    x[MDL_X_NO_WORK] = mdl_working_age(&w->p, age) && !(f & MDL_F_WORKS);
    x[MDL_X_STIGMA] = ps->stigma[j] / 255.0;
    x[MDL_X_WAGE_GAP] = as->wage_gap[ps->sex[j]][edu];
    double e = as->wage_gap_factor[ps->sex[j]][edu] * t->stigma[ps->stigma[j]];
    e *= j == v->eldest_daughter ? t->breadwinner : provider ? v->provider : 1;
    e *= x[MDL_X_ORPHAN] > 0 ? t->orphan : 1;
    e *= x[MDL_X_MARITAL] > 0 ? t->marital : 1;
    e *= x[MDL_X_VIOLENCE] > 0 ? t->violence : 1;
    e *= x[MDL_X_NO_WORK] > 0 ? t->no_work : 1;
    return e;
}

enum { LEAVE_NO, LEAVE_SELF, LEAVE_APPROVED, LEAVE_SECRET, LEAVE_SENT };

/* Who decides: returns how (or whether) person j leaves this month. */
static int who_decides(const mdl_world *w, size_t j, const hh_view *v, double p_wish,
                       const uint32_t u[4])
{
    const mdl_params *p = &w->p;
    const mdl_persons *ps = &w->persons;
    int female = ps->sex[j] == MDL_FEMALE, age = ps->age_months[j] / 12;
    int dependent = age < (female ? p->autonomy_age_female : p->autonomy_age_male);
    if (sim_rng_u01(u[0]) < p_wish) {
        if (!dependent)
            return LEAVE_SELF;
        if (sim_rng_u01(u[1]) < mdl_decide_approval(p, v->debt, v->size, female))
            return LEAVE_APPROVED;
        return female && sim_rng_u01(u[2]) < p->secret_share ? LEAVE_SECRET : LEAVE_NO;
    }
    if (female && dependent && age <= w->p.send_max_age_years) {
        double p_send = chance_of(p->send_hazard * v->debt / 12);
        if (sim_rng_u01(u[3]) < p_send)
            return LEAVE_SENT;
    }
    return LEAVE_NO;
}

/* Person j leaves home for a city at home or, with the origin country's
 * shares of the destinations table, a destination abroad. */
static void leave(mdl_world *w, size_t j, int how, const hh_view *v, const uint32_t u[4],
                  double *acc)
{
    mdl_persons *ps = &w->persons;
    int g = mdl_group_of(ps->sex[j], ps->age_months[j]), female = ps->sex[j] == MDL_FEMALE;
    double internal = female ? w->p.internal_share_female : w->p.internal_share_male;
    ps->state[j] = MDL_SEEKING;
    ps->months_in_state[j] = 0;
    int country = w->areas.v[ps->area[j]].country_index;
    ps->destination[j] =
        sim_rng_u01(u[0]) < internal
            ? MDL_DEST_INTERNAL
            : (uint8_t)(MDL_DEST_ABROAD + mdl_destination_draw(&w->dest, country, u[1]));
    ps->flags[j] =
        (uint16_t)((ps->flags[j] & ~MDL_F_SECRET) | (how == LEAVE_SECRET ? MDL_F_SECRET : 0));
    acc[mdl_metric_at(g, MDL_M_departures)] += 1;
    acc[mdl_metric_at(g, MDL_M_departures_secret)] += how == LEAVE_SECRET;
    acc[mdl_metric_at(g, MDL_M_departures_sent)] += how == LEAVE_SENT;
    acc[mdl_metric_at(g, MDL_M_departures_internal)] += ps->destination[j] == MDL_DEST_INTERNAL;
    acc[mdl_metric_at(g, MDL_M_departures_in_debt)] += v->debt > 0;
    acc[mdl_metric_at(g, MDL_M_departures_returnees)] += ps->return_month[j] != UINT16_MAX;
}

/* A seeker gives up at a constant hazard (the recruiter and channel phases of
 * the next issue will take most of them first). */
static void seek(const mdl_month_ctx *c, size_t j, double *acc)
{
    mdl_persons *ps = &c->w->persons;
    uint32_t u[4];
    sim_rng_draw4(c->m->key, (uint32_t)j, c->m->month, MDL_DRAW_DECIDE, 1, u);
    if (u[0] >= c->w->seeking_end_threshold)
        return;
    ps->state[j] = MDL_HOME;
    ps->months_in_state[j] = 0;
    ps->destination[j] = MDL_DEST_NONE;
    acc[mdl_metric_at(mdl_group_of(ps->sex[j], ps->age_months[j]), MDL_M_gave_up)] += 1;
}

/* Person j's annual hazard (mdl_decide_hazard, as a product of factors) and
 * own components x. */
static double person_hazard(const mdl_world *w, size_t j, hh_view *v, double x[MDL_N_COMPONENTS])
{
    const mdl_persons *ps = &w->persons;
    double e = household_factor(w, v, ps->sex[j] == MDL_FEMALE) * own_components(w, j, v, x);
    double aware = 1 - w->p.awareness_effect * (ps->awareness[j] / 255.0) * (1 - v->poverty);
    return w->p.base_hazard * w->age_profile[ps->age_months[j]] * e * aware;
}

double mdl_decide_person_hazard(const mdl_world *w, size_t j, double x[MDL_N_COMPONENTS])
{
    hh_view v = view_of(w, w->persons.household[j]);
    double h = person_hazard(w, j, &v, x);
    for (size_t k = 0; k < N_SHARED; k++)
        x[shared_components[k]] = v.x[shared_components[k]];
    return h;
}

/* Person j's components that are their own, summed by group; the
 * household's are added once per household (mdl_decide_household). */
static const int own[] = {MDL_X_BREADWINNER, MDL_X_ORPHAN, MDL_X_MARITAL, MDL_X_VIOLENCE,
                          MDL_X_NO_WORK,     MDL_X_STIGMA, MDL_X_WAGE_GAP};

static void decide_person(const mdl_month_ctx *c, size_t j, hh_view *v, double *acc)
{
    const mdl_world *w = c->w;
    const mdl_persons *ps = &w->persons;
    double x[MDL_N_COMPONENTS];
    double p_wish = chance_of(person_hazard(w, j, v, x) / 12);
    int g = mdl_group_of(ps->sex[j], ps->age_months[j]);
    double *a = acc + mdl_metric_at(g, 0);
    v->eligible[g] += 1;
    a[MDL_M_propensity_sum] += p_wish;
    for (size_t k = 0; k < sizeof own / sizeof own[0]; k++)
        a[MDL_M_push_poverty + own[k]] += x[own[k]];
    uint32_t u[4], u2[4];
    mdl_draw(c, MDL_SLOT_DECIDE, j, u);
    int how = who_decides(w, j, v, p_wish, u);
    if (how != LEAVE_NO) {
        sim_rng_draw4(c->m->key, (uint32_t)j, c->m->month, MDL_DRAW_DECIDE, 2, u2);
        leave(c->w, j, how, v, u2, acc);
    }
}

void mdl_decide_household(const mdl_month_ctx *c, size_t hh, double *acc)
{
    const mdl_world *w = c->w;
    const mdl_persons *ps = &w->persons;
    const uint16_t lo = (uint16_t)(w->p.decide_min_age_years * 12);
    const uint16_t hi = (uint16_t)(w->p.decide_max_age_years * 12 + 11);
    hh_view v = view_of(w, hh);
    size_t first = w->households.first[hh];
    for (size_t j = first; j < first + w->households.size[hh]; j++) {
        if (ps->state[j] == MDL_SEEKING)
            seek(c, j, acc);
        else if (ps->state[j] == MDL_HOME && ps->age_months[j] >= lo && ps->age_months[j] <= hi)
            decide_person(c, j, &v, acc);
    }
    for (int g = 0; g < MDL_N_GROUPS; g++) {
        if (v.eligible[g] == 0)
            continue;
        double *a = acc + mdl_metric_at(g, 0);
        a[MDL_M_eligible] += v.eligible[g];
        for (size_t k = 0; k < N_SHARED; k++)
            a[MDL_M_push_poverty + shared_components[k]] +=
                v.eligible[g] * v.x[shared_components[k]];
    }
}

static void decide_block(void *vctx, const sim_block *b, double *acc)
{
    const mdl_month_ctx *c = vctx;
    const uint32_t *hh_of = c->w->persons.household;
    for (size_t hh = hh_of[b->begin]; hh <= hh_of[b->end - 1]; hh++)
        mdl_decide_household(c, hh, acc);
}

void mdl_decide_step(mdl_world *w, sim_month *m)
{
    mdl_month_ctx c = {w, m, NULL, 0, 0};
    sim_par_run(&w->blocks, m->threads, decide_block, &c, w->partials, MDL_PARTIAL_WIDTH);
    sim_par_reduce(&w->blocks, w->partials, MDL_PARTIAL_WIDTH, m->metrics);
}
