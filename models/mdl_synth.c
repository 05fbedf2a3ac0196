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

/* Scratch for one area: persons drawn in random order, indexed by sex and age
 * in years so a spouse or a child of a fitting age can be found quickly. */
typedef struct area_pool {
    uint8_t *sex;
    uint16_t *age; /* months */
    uint8_t *used;
    size_t n;
    size_t next_any, next_adult[2]; /* scan cursors over the random order */
    uint32_t *by_age[2];            /* person indices of each sex sorted by age in years */
    size_t *start[2];               /* start[s][y] .. start[s][y+1]: age y in by_age[s] */
    size_t *cursor[2];              /* next candidate in each age bucket */
    int max_year;
} area_pool;

static void pool_free(area_pool *p)
{
    free(p->sex);
    free(p->age);
    free(p->used);
    for (int s = 0; s < 2; s++) {
        free(p->by_age[s]);
        free(p->start[s]);
        free(p->cursor[s]);
    }
}

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

/* Counting sort of each sex's persons by age in years (stable: keeps the
 * random order within a year). */
static int pool_index(area_pool *p)
{
    size_t nb = (size_t)p->max_year + 2;
    for (int s = 0; s < 2; s++) {
        p->start[s] = calloc(nb, sizeof(size_t));
        p->cursor[s] = calloc(nb, sizeof(size_t));
        p->by_age[s] = malloc((p->n ? p->n : 1) * sizeof(uint32_t));
        if (!p->start[s] || !p->cursor[s] || !p->by_age[s])
            return -1;
    }
    for (size_t i = 0; i < p->n; i++)
        p->start[p->sex[i]][p->age[i] / 12 + 1]++;
    for (int s = 0; s < 2; s++)
        for (size_t y = 1; y < nb; y++)
            p->start[s][y] += p->start[s][y - 1];
    for (int s = 0; s < 2; s++)
        memcpy(p->cursor[s], p->start[s], nb * sizeof(size_t));
    for (size_t i = 0; i < p->n; i++) {
        int s = p->sex[i];
        p->by_age[s][p->cursor[s][p->age[i] / 12]++] = (uint32_t)i;
    }
    for (int s = 0; s < 2; s++)
        memcpy(p->cursor[s], p->start[s], nb * sizeof(size_t));
    return 0;
}

/* An unused person of sex s aged exactly y years, or SIZE_MAX. */
static size_t take_year(area_pool *p, int s, int y)
{
    if (y < 0 || y > p->max_year)
        return SIZE_MAX;
    size_t *c = &p->cursor[s][y], end = p->start[s][y + 1];
    while (*c < end && p->used[p->by_age[s][*c]])
        (*c)++;
    if (*c == end)
        return SIZE_MAX;
    size_t i = p->by_age[s][(*c)++];
    p->used[i] = 1;
    return i;
}

/* An unused person of sex s (either sex when s < 0) aged within [lo, hi]
 * years, as close to target as possible, or SIZE_MAX. */
static size_t take_near(area_pool *p, int s, int target, int lo, int hi)
{
    for (int d = 0; target - d >= lo || target + d <= hi; d++)
        for (int k = 0; k < 2; k++) {
            int y = k ? target + d : target - d;
            if ((k && d == 0) || y < lo || y > hi)
                continue;
            for (int t = 0; t < 2; t++) {
                int sex = s >= 0 ? s : (target + d + t) % 2;
                size_t i = take_year(p, sex, y);
                if (i != SIZE_MAX)
                    return i;
                if (s >= 0)
                    break;
            }
        }
    return SIZE_MAX;
}

/* Next unused person in random order; with want_sex >= 0 only adults of that sex. */
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

static void place(mdl_world *w, const area_pool *pool, size_t src, size_t dst, size_t ai, size_t hh,
                  int role, int marital)
{
    mdl_persons *ps = &w->persons;
    ps->sex[dst] = pool->sex[src];
    ps->age_months[dst] = pool->age[src];
    ps->area[dst] = (uint8_t)ai;
    ps->state[dst] = MDL_HOME;
    ps->household[dst] = (uint32_t)hh;
    ps->role[dst] = (uint8_t)role;
    ps->marital[dst] = (uint8_t)marital;
}

/* Marital status of a head living without a spouse. */
static int lone_head_status(const mdl_params *p, int female, int age_years, double u)
{
    if (!female)
        return age_years >= 50 ? MDL_WIDOWED : MDL_SINGLE;
    if (u < p->fhh_widowed_share)
        return MDL_WIDOWED;
    if ((u -= p->fhh_widowed_share) < p->fhh_divorced_share)
        return MDL_DIVORCED;
    if ((u -= p->fhh_divorced_share) < p->fhh_spouse_away_share)
        return MDL_MARRIED;
    return MDL_SINGLE;
}

/* One household: the head (chosen earlier), a wife for most male heads, then
 * children of an age the mother could have borne, an orphaned child now and
 * then, and anyone left when no one fits. Returns the next free slot. */
static size_t compose(mdl_world *w, gsl_rng *r, area_pool *pool, size_t ai, size_t hh, size_t head,
                      size_t dst, size_t size)
{
    const mdl_params *p = &w->p;
    int head_age = pool->age[head] / 12, female = pool->sex[head] == MDL_FEMALE;
    size_t mother = female ? head : SIZE_MAX, placed = 1;
    int spouse = !female && size >= 2 && gsl_rng_uniform(r) < p->male_head_married_share;
    int status = spouse ? MDL_MARRIED : lone_head_status(p, female, head_age, gsl_rng_uniform(r));
    place(w, pool, head, dst, ai, hh, MDL_HEAD, status);
    if (spouse) {
        int want = head_age - (int)(p->spouse_age_gap_years + 0.5);
        int lo = (int)p->head_min_age_years - 2;
        mother = take_near(pool, MDL_FEMALE, want, lo > 14 ? lo : 14, head_age + 10);
        if (mother != SIZE_MAX)
            place(w, pool, mother, dst + placed++, ai, hh, MDL_SPOUSE, MDL_MARRIED);
        else
            w->persons.marital[dst] = (uint8_t)lone_head_status(p, 0, head_age, 1.0);
    }
    int mage = mother != SIZE_MAX ? pool->age[mother] / 12 : head_age;
    int lo = mage - (int)p->mother_max_age_years, hi = mage - (int)p->mother_min_age_years;
    for (; placed < size; placed++) {
        int orphan = gsl_rng_uniform(r) < p->orphan_share;
        size_t c = SIZE_MAX;
        if (orphan)
            c = take_near(pool, -1, (int)gsl_rng_uniform_int(r, 18), 0, 17);
        else if (hi >= 0)
            c = take_near(pool, -1, lo + (int)gsl_rng_uniform_int(r, (unsigned long)(hi - lo + 1)),
                          lo < 0 ? 0 : lo, hi);
        int role = c != SIZE_MAX && !orphan ? MDL_CHILD : MDL_OTHER;
        if (c == SIZE_MAX)
            c = take(pool, -1, 0), orphan = 0;
        if (role == MDL_OTHER && pool->age[c] / 12 >= head_age + (int)p->mother_min_age_years)
            role = MDL_PARENT;
        place(w, pool, c, dst + placed, ai, hh, role, MDL_SINGLE);
        if (orphan)
            w->persons.flags[dst + placed] |= MDL_F_ORPHAN;
    }
    return dst + placed;
}

/* Fill the area's households: first a head for every household (female with
 * the area's share of female-headed households), so heads never run short,
 * then each household's other members. */
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
        dst = compose(w, r, pool, ai, hh, head[h], dst, ah->size[h]);
    }
    free(head);
    return 0;
}

static int build_area(mdl_world *w, sim_rng_key key, size_t ai, const area_households *ah,
                      size_t hh0)
{
    area_pool pool = {0};
    pool.n = w->person_begin[ai + 1] - w->person_begin[ai];
    pool.max_year = (int)w->p.max_age_years;
    pool.sex = malloc(pool.n ? pool.n : 1);
    pool.age = malloc((pool.n ? pool.n : 1) * sizeof *pool.age);
    pool.used = calloc(pool.n ? pool.n : 1, 1);
    gsl_rng *r = area_rng(key, ai, 1);
    int rc = !pool.sex || !pool.age || !pool.used || !r;
    if (!rc)
        rc = draw_persons(r, w, ai, &pool) || pool_index(&pool);
    if (!rc)
        rc = fill_households(w, r, ai, ah, hh0, &pool);
    gsl_rng_free(r);
    pool_free(&pool);
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
