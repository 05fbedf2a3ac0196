#include "mdl_synth.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

/* Household sizes of each area, drawn before the columns are allocated. */
typedef struct area_households {
    uint8_t *size;
    size_t n;
} area_households;

size_t mdl_synth_area_persons(const mdl_area *a, double scale)
{
    double n = floor(a->population * scale + 0.5);
    return n < 1 ? 1 : (size_t)n;
}

static gsl_rng *area_rng(sim_rng_key key, size_t area, uint32_t step)
{
    gsl_rng *r = gsl_rng_alloc(sim_rng_philox);
    if (!r)
        return NULL;
    sim_rng_set_key(r, key);
    /* the draw index's top bits separate the steps of synthesis */
    sim_rng_seek(r, (uint32_t)area, SIM_RNG_MONTH_SETUP, MDL_DRAW_SYNTH_AREA + (step << 8));
    return r;
}

/* Sizes 1 + Poisson(mean - 1), clamped, the last one cut so they sum to n. */
static int draw_household_sizes(gsl_rng *r, const mdl_params *p, const mdl_area *a, size_t n,
                                area_households *out)
{
    out->size = malloc(n * sizeof *out->size);
    out->n = 0;
    if (!out->size)
        return -1;
    size_t placed = 0;
    double extra = a->mean_household_size > 1 ? a->mean_household_size - 1 : 0;
    while (placed < n) {
        double s = 1 + (double)gsl_ran_poisson(r, extra);
        s = s < (double)p->household_size_min ? (double)p->household_size_min : s;
        s = s > (double)p->household_size_max ? (double)p->household_size_max : s;
        size_t k = (size_t)s < n - placed ? (size_t)s : n - placed;
        out->size[out->n++] = (uint8_t)k;
        placed += k;
    }
    return 0;
}

/* Discrete distribution over (sex, age group) cells for an area: the country's
 * structure with men re-weighted to the area's sex ratio. Cell 2g is female,
 * 2g+1 male. */
static gsl_ran_discrete_t *age_sex_table(const mdl_age_sex *s, const mdl_area *a)
{
    double w[2 * MDL_MAX_AGE_GROUPS], male = 0, female = 0;
    for (size_t g = 0; g < s->n_groups; g++)
        male += s->male[g], female += s->female[g];
    double k = male > 0 ? (a->sex_ratio / 100.0) / (male / female) : 1;
    for (size_t g = 0; g < s->n_groups; g++) {
        w[2 * g] = s->female[g];
        w[2 * g + 1] = s->male[g] * k;
    }
    return gsl_ran_discrete_preproc(2 * s->n_groups, w);
}

/* Scratch for one area: persons drawn in random order, then placed. */
typedef struct area_pool {
    uint8_t *sex;
    uint16_t *age;
    uint8_t *used;
    size_t n;
    size_t next_any, next_adult[2]; /* scan cursors */
} area_pool;

static int draw_persons(gsl_rng *r, const mdl_world *w, size_t ai, area_pool *pool)
{
    const mdl_age_sex *s = mdl_areas_age_sex(&w->areas, ai);
    gsl_ran_discrete_t *t = age_sex_table(s, &w->areas.v[ai]);
    if (!t)
        return -1;
    unsigned long max_months = (unsigned long)w->p.max_age_years * 12u - 1u;
    for (size_t i = 0; i < pool->n; i++) {
        size_t cell = gsl_ran_discrete(r, t), g = cell / 2;
        unsigned long span = (unsigned long)(s->age_to[g] - s->age_from[g]) * 12u;
        unsigned long age = (unsigned long)s->age_from[g] * 12u + gsl_rng_uniform_int(r, span);
        pool->sex[i] = (uint8_t)(cell % 2 ? MDL_MALE : MDL_FEMALE);
        pool->age[i] = (uint16_t)(age > max_months ? max_months : age);
    }
    gsl_ran_discrete_free(t);
    return 0;
}

/* Next unused person of the pool; with want_sex >= 0 only adults of that sex. */
static size_t take(area_pool *pool, int want_sex, uint16_t adult_months)
{
    size_t *cur = want_sex < 0 ? &pool->next_any : &pool->next_adult[want_sex];
    for (; *cur < pool->n; (*cur)++) {
        size_t i = *cur;
        if (pool->used[i])
            continue;
        if (want_sex >= 0 && (pool->sex[i] != want_sex || pool->age[i] < adult_months))
            continue;
        pool->used[i] = 1;
        return i;
    }
    return SIZE_MAX;
}

/* A head of the wanted sex, else of the other sex, else anyone left. */
static size_t take_head(area_pool *pool, int sex, uint16_t adult_months)
{
    size_t i = take(pool, sex, adult_months);
    if (i == SIZE_MAX)
        i = take(pool, 1 - sex, adult_months);
    return i == SIZE_MAX ? take(pool, -1, adult_months) : i;
}

static void place(mdl_world *w, const area_pool *pool, size_t src, size_t dst, size_t ai, size_t hh)
{
    mdl_persons *ps = &w->persons;
    ps->sex[dst] = pool->sex[src];
    ps->age_months[dst] = pool->age[src];
    ps->area[dst] = (uint8_t)ai;
    ps->state[dst] = MDL_HOME;
    ps->household[dst] = (uint32_t)hh;
}

/* Fill the area's households: first a head for every household (female with
 * the area's share of female-headed households), so heads never run short,
 * then members in the random order drawn. */
static int fill_households(mdl_world *w, gsl_rng *r, size_t ai, const area_households *ah,
                           size_t hh0, area_pool *pool)
{
    uint16_t adult = (uint16_t)(w->p.head_min_age_years * 12);
    double fh = w->areas.v[ai].female_head_share;
    size_t *head = malloc((ah->n ? ah->n : 1) * sizeof *head);
    if (!head)
        return -1;
    for (size_t h = 0; h < ah->n; h++)
        head[h] = take_head(pool, gsl_rng_uniform(r) < fh ? MDL_FEMALE : MDL_MALE, adult);
    size_t dst = w->person_begin[ai];
    for (size_t h = 0; h < ah->n; h++) {
        size_t hh = hh0 + h;
        w->households.first[hh] = (uint32_t)dst;
        w->households.size[hh] = ah->size[h];
        w->households.area[hh] = (uint8_t)ai;
        w->households.female_head[hh] = pool->sex[head[h]] == MDL_FEMALE;
        place(w, pool, head[h], dst++, ai, hh);
        for (size_t k = 1; k < ah->size[h]; k++)
            place(w, pool, take(pool, -1, adult), dst++, ai, hh);
    }
    free(head);
    return 0;
}

static int build_area(mdl_world *w, sim_rng_key key, size_t ai, const area_households *ah,
                      size_t hh0)
{
    area_pool pool = {0};
    pool.n = w->person_begin[ai + 1] - w->person_begin[ai];
    pool.sex = malloc(pool.n);
    pool.age = malloc(pool.n * sizeof *pool.age);
    pool.used = calloc(pool.n, 1);
    gsl_rng *r = area_rng(key, ai, 1);
    int rc = !pool.sex || !pool.age || !pool.used || !r;
    if (!rc)
        rc = draw_persons(r, w, ai, &pool);
    if (!rc)
        rc = fill_households(w, r, ai, ah, hh0, &pool);
    gsl_rng_free(r);
    free(pool.sex);
    free(pool.age);
    free(pool.used);
    return rc;
}

/* Pass 1: persons per area (bounds) and household sizes. */
static int plan_areas(mdl_world *w, sim_rng_key key, double scale, area_households *ah,
                      size_t *n_households)
{
    size_t na = w->areas.n;
    w->person_begin = malloc((na + 1) * sizeof *w->person_begin);
    if (!w->person_begin)
        return -1;
    w->person_begin[0] = 0;
    for (size_t a = 0; a < na; a++)
        w->person_begin[a + 1] = w->person_begin[a] + mdl_synth_area_persons(&w->areas.v[a], scale);
    int failed = 0;
#pragma omp parallel for schedule(dynamic, 1) default(none) shared(w, key, ah, na)                 \
    reduction(|                                                                                    \
              : failed) num_threads(w->threads > 0 ? w->threads : omp_get_max_threads())
    for (size_t a = 0; a < na; a++) {
        gsl_rng *r = area_rng(key, a, 0);
        size_t n = w->person_begin[a + 1] - w->person_begin[a];
        failed |= !r || draw_household_sizes(r, &w->p, &w->areas.v[a], n, &ah[a]);
        gsl_rng_free(r);
    }
    *n_households = 0;
    for (size_t a = 0; a < na; a++)
        *n_households += ah[a].n;
    return failed ? -1 : 0;
}

static int build_areas(mdl_world *w, sim_rng_key key, const area_households *ah)
{
    size_t na = w->areas.n;
    size_t *hh0 = malloc((na + 1) * sizeof *hh0);
    if (!hh0)
        return -1;
    hh0[0] = 0;
    for (size_t a = 0; a < na; a++)
        hh0[a + 1] = hh0[a] + ah[a].n;
    int failed = 0;
#pragma omp parallel for schedule(dynamic, 1) default(none) shared(w, key, ah, na, hh0)            \
    reduction(|                                                                                    \
              : failed) num_threads(w->threads > 0 ? w->threads : omp_get_max_threads())
    for (size_t a = 0; a < na; a++)
        failed |= build_area(w, key, a, &ah[a], hh0[a]);
    free(hh0);
    return failed ? -1 : 0;
}

int mdl_synth_population(mdl_world *w, sim_rng_key key, double scale, sim_err *err)
{
    area_households *ah = calloc(w->areas.n, sizeof *ah);
    size_t n_hh = 0;
    int rc = !ah || plan_areas(w, key, scale, ah, &n_hh)
                 ? SIM_RAISE(err, SIM_ENOMEM, "out of memory while planning households")
                 : SIM_OK;
    if (!rc)
        rc = mdl_world_alloc_columns(w, w->person_begin[w->areas.n], n_hh, err);
    if (!rc && build_areas(w, key, ah))
        rc = SIM_RAISE(err, SIM_ENOMEM, "out of memory while synthesising persons");
    for (size_t a = 0; ah && a < w->areas.n; a++)
        free(ah[a].size);
    free(ah);
    return rc;
}
