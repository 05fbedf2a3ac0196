#include "mdl_model.h"

#include "mdl_attrs.h"
#include "mdl_decide.h"
#include "mdl_demography.h"
#include "mdl_documents.h"
#include "mdl_economy.h"
#include "mdl_events.h"
#include "mdl_interventions.h"
#include "mdl_shocks.h"
#include "mdl_journey.h"
#include "mdl_recruit.h"
#include "mdl_life.h"
#include "mdl_social.h"
#include "mdl_metrics.h"
#include "mdl_synth.h"

#include <omp.h>
#include <stdlib.h>
#include <string.h>

/* Doubles a block accumulates: the month's metrics, then the areas' social
 * aggregates for next month. */
#define MONTH_WIDTH (MDL_PARTIAL_WIDTH + MDL_AGG_WIDTH)

/* One household's month, phases 2 to 13 in order (MODEL.md "Monthly step").
 * Phases run household by household: every phase reads only its own
 * household and per-area values fixed before the pass (the environment, and
 * the social signals counted at the end of last month), so the order of
 * households does not matter and one pass over memory serves every phase. */
static void household_month(const mdl_month_ctx *c, size_t hh, double *acc)
{
    mdl_world *w = c->w;
    size_t first = w->households.first[hh], end = first + w->households.size[hh];
    mdl_economy_household(c, hh);        /* 2 household economy */
    for (size_t i = first; i < end; i++) /* 3 ageing, deaths, births, marriage, divorce */
        if (!w->spinning)
            mdl_demography_person(c, i, acc);
        else if (w->persons.months_in_state[i] < UINT16_MAX)
            w->persons.months_in_state[i]++; /* in the spin-up time passes, ages are held */
    for (size_t i = first; i < end; i++)
        mdl_social_diffuse_person(w, i); /* 4 social information */
    mdl_decide_household(c, hh, acc);    /* 5 the decision to migrate */
    mdl_documents_household(c, hh, acc); /* 5b documents: applications, permits, losses */
    for (size_t i = first; i < end; i++)
        mdl_journey_person(c, i, acc); /* 6 channel .. 11 reintegration */
    for (size_t i = first; w->iv.persons_on && i < end; i++)
        mdl_interventions_person(c, i, acc); /* 12 policy (none reaches persons: no call) */
    mdl_metrics_household(w, hh, acc);       /* 13 metrics */
    for (size_t i = first; i < end; i++)
        mdl_social_count_person(w, i, acc + MDL_PARTIAL_WIDTH);
}

/* The draws every person (household) of a block makes this month, made at
 * once: sim_rng_fill evaluates many Philox blocks in parallel lanes, which
 * costs a fraction of drawing them one by one between the phases. */
static void draws_fill(const sim_month *m, const sim_block *b, size_t h0, size_t h1,
                       uint32_t *draws)
{
    for (int s = 0; s < MDL_N_SLOTS; s++) {
        size_t a0 = s == MDL_SLOT_SHOCK ? h0 : b->begin, a1 = s == MDL_SLOT_SHOCK ? h1 : b->end;
        sim_rng_fill(m->key, (uint32_t)a0, a1 - a0, m->month, mdl_slot_purpose(s), 0,
                     draws + (size_t)s * 4 * SIM_BLOCK_MAX, SIM_BLOCK_MAX);
    }
}

/* Hot loop: the households of one block. */
static void month_block(void *vctx, const sim_block *b, double *acc)
{
    mdl_month_ctx c = *(const mdl_month_ctx *)vctx;
    const uint32_t *hh_of = c.w->persons.household;
    size_t h0 = hh_of[b->begin], h1 = (size_t)hh_of[b->end - 1] + 1;
    size_t t = (size_t)omp_get_thread_num();
    if (t < c.w->n_draws && b->end - b->begin <= SIM_BLOCK_MAX) {
        uint32_t *draws = c.w->draws + t * MDL_DRAWS_WORDS;
        draws_fill(c.m, b, h0, h1, draws);
        c.draws = draws;
        c.person0 = b->begin;
        c.household0 = h0;
    }
    for (size_t hh = h0; hh < h1; hh++)
        household_month(&c, hh, acc);
}

/* The month without the scenario's policies and shocks: the environment
 * (phase 1, per area), then one parallel pass over the households, then the
 * areas' sums into the month's metrics and next month's social signals. */
static void month_pass(mdl_world *w, sim_month *m)
{
    mdl_environment_step(w, m);
    mdl_recruit_month(w, m);
    mdl_month_ctx c = {w, m, NULL, 0, 0};
    sim_par_run(&w->blocks, m->threads, month_block, &c, w->partials, MONTH_WIDTH);
    memset(w->month_scratch, 0, w->areas.n * MONTH_WIDTH * sizeof(double));
    sim_par_reduce(&w->blocks, w->partials, MONTH_WIDTH, w->month_scratch);
    for (size_t a = 0; a < w->areas.n; a++) {
        const double *sums = w->month_scratch + a * MONTH_WIDTH;
        memcpy(m->metrics + a * MDL_PARTIAL_WIDTH, sums, MDL_PARTIAL_WIDTH * sizeof(double));
        mdl_social_update(w, a, sums + MDL_PARTIAL_WIDTH);
    }
    mdl_recruit_metrics(w, m->metrics);
}

static int step(void *world, sim_month *m, sim_err *err)
{
    mdl_world *w = world;
    (void)err;
    mdl_interventions_month(w, m->month); /* 12 policy: this month's parameters */
    mdl_shocks_month(w, m->month);        /* 1 environment: the scenario's shocks */
    month_pass(w, m);
    return SIM_OK;
}

/* The spin-up key: the run's key with both words changed, so the spin-up's
 * numbers are a stream of their own (a run has fewer than 2^31 replicates, so
 * no other run's key equals it). */
static sim_rng_key spinup_key(sim_rng_key key)
{
    sim_rng_key k = {{key.k[0] ^ 0x9E3779B9u, key.k[1] ^ 0xB7E15163u}};
    return k;
}

/* Run start.spinup_years before month 0 with no policy or scenario shock and
 * ages held (the synthesised population is the one of the start year), then
 * forget its metrics and finished episodes: month 0 begins with the stocks
 * abroad, the returnees and the past victims that the migration of the years
 * before leaves (docs/ODD.md "Initialisation"). */
static int spin_up(mdl_world *w, sim_rng_key key, sim_err *err)
{
    uint32_t months = (uint32_t)(12 * w->p0.spinup_years);
    if (months == 0)
        return SIM_OK;
    double *metrics = malloc(w->areas.n * MDL_PARTIAL_WIDTH * sizeof *metrics);
    if (!metrics)
        return SIM_RAISE(err, SIM_ENOMEM, "out of memory for the spin-up");
    w->spinning = 1;
    for (uint32_t j = 0; j < months; j++) {
        sim_month m = {spinup_key(key), j, w->threads, metrics};
        month_pass(w, &m);
    }
    w->spinning = 0;
    w->clock0 = months;
    for (size_t t = 0; t < w->n_ev; t++)
        w->ev[t].n = w->ev[t].lost = 0;
    free(metrics);
    return SIM_OK;
}

static int load_areas(mdl_areas *a, mdl_destinations *d, const mdl_params *p, sim_errs *errs)
{
    int rc = mdl_areas_load(a, p->data_dir, errs);
    if (!rc)
        rc = mdl_destinations_load(d, p->destinations_file, a, errs);
    if (!rc && a->n > MDL_MAX_AREAS) {
        rc = SIM_ERRS_RAISE(errs, SIM_EINPUT, NULL, 0, 0, "population.data_dir",
                            "%zu areas in %s/areas.csv (expected at most %d)", a->n, p->data_dir,
                            MDL_MAX_AREAS);
    }
    return rc;
}

static int validate(const void *params, sim_errs *errs)
{
    mdl_areas a;
    mdl_destinations d;
    int rc = load_areas(&a, &d, params, errs);
    if (!rc)
        rc = mdl_interventions_check(params, &a, &d, errs) | mdl_shocks_check(params, &a, errs);
    mdl_areas_release(&a);
    return rc;
}

/* Memory of a world per person: the agent columns of persons and households
 * (--timing: column_bytes / persons, 51.6 at scale 0.002; 53 at scale 1
 * before the documents' three bytes, two per person and one per household,
 * so about 55.3 now). */
#define BYTES_PER_PERSON 55.5
/* Episodes per person and month: 1.0e-4 in the baseline (scale 0.002, 120
 * months); twice that, for scenarios with more trafficking. */
#define EPISODES_PER_PERSON_MONTH 2e-4

/* The world's size from the area tables: persons at the scale, as
 * mdl_synth_population makes them, without making them. */
static int world_size(const void *params, const sim_settings *run, int threads, sim_world_size *out,
                      sim_errs *errs)
{
    mdl_areas a;
    mdl_destinations d;
    int rc = load_areas(&a, &d, params, errs);
    if (!rc) {
        size_t n = 0;
        for (size_t i = 0; i < a.n; i++)
            n += mdl_synth_area_persons(&a.v[i], run->scale);
        int t = threads > 0 ? threads : omp_get_max_threads();
        double per_thread = (double)MDL_DRAWS_WORDS * sizeof(uint32_t);
        *out = (sim_world_size){a.n, n, (double)n * BYTES_PER_PERSON + t * per_thread,
                                EPISODES_PER_PERSON_MONTH};
    }
    mdl_areas_release(&a);
    return rc;
}

static int build(mdl_world *w, sim_rng_key key, double scale, int spin, sim_errs *errs)
{
    sim_err e;
    sim_err_clear(&e);
    int rc = load_areas(&w->areas, &w->dest, &w->p, errs);
    w->key = key;
    if (rc)
        return rc;
    if ((rc = mdl_synth_population(w, key, scale, &e)) || (rc = mdl_demography_init(w, &e)) ||
        (rc = mdl_world_make_blocks(w, MONTH_WIDTH, &e))) {
        sim_errs_add(errs, &e);
        return rc;
    }
    if ((rc = mdl_interventions_init(w, errs)) || (rc = mdl_attrs_init(w, key, errs)) ||
        (rc = mdl_economy_init(w, errs)) || (rc = mdl_shocks_init(w, errs)))
        return rc;
    if ((rc = mdl_recruit_init(w, key, scale, &e)) || (rc = mdl_events_init(w, &e)))
        return sim_errs_add(errs, &e);
    mdl_life_init(w);
    mdl_decide_init(w);
    mdl_social_init(w, w->threads);
    if (spin && (rc = spin_up(w, key, &e)))
        return sim_errs_add(errs, &e);
    return SIM_OK;
}

/* A world for params; spin: run the spin-up (not for a fork, which copies
 * its trunk's state). */
static int world_make(void **out, const void *params, const sim_settings *run, sim_rng_key key,
                      int threads, int spin, sim_errs *errs)
{
    *out = NULL;
    mdl_world *w = calloc(1, sizeof *w);
    if (!w) {
        sim_err e;
        sim_err_clear(&e);
        SIM_RAISE(&e, SIM_ENOMEM, "out of memory");
        return sim_errs_add(errs, &e);
    }
    memcpy((void *)&w->p, params, sizeof w->p); /* the one write: read-only from here */
    w->threads = threads;
    w->start_year = (int)run->start_year;
    int rc = build(w, key, run->scale, spin, errs);
    if (rc) {
        mdl_world_free(w);
        return rc;
    }
    *out = w;
    return SIM_OK;
}

static int world_alloc(void **out, const void *params, const sim_settings *run, sim_rng_key key,
                       int threads, sim_errs *errs)
{
    return world_make(out, params, run, key, threads, 1, errs);
}

static void world_info(const void *world, sim_world_info *info)
{
    const mdl_world *w = world;
    info->n_areas = w->areas.n;
    info->area_code = w->areas.codes;
    info->area_name = w->areas.names;
    info->area_country = w->areas.countries;
    info->n_agents = w->persons.n;
    info->n_households = w->households.n;
    info->bytes = w->persons.cols.bytes + w->households.cols.bytes;
}

static void world_free(void *world)
{
    mdl_world_free(world);
}

/* Do two parameter values of row d differ? */
static int row_differs(const sim_param_desc *d, const void *a, const void *b)
{
    void *va = (void *)(uintptr_t)a, *vb = (void *)(uintptr_t)b;
    switch (d->type) {
    case SIM_PT_DOUBLE:
        return memcmp(sim_param_double(d, va), sim_param_double(d, vb), sizeof(double)) != 0;
    case SIM_PT_INT:
        return *sim_param_int(d, va) != *sim_param_int(d, vb);
    case SIM_PT_BOOL:
    case SIM_PT_ENUM:
        return *sim_param_flag(d, va) != *sim_param_flag(d, vb);
    default:
        return strcmp(sim_param_str(d, va), sim_param_str(d, vb)) != 0;
    }
}

/* Scenarios agree until the first month a policy or shock of either acts,
 * when every other parameter is the same; else from the start. */
static int64_t branch_month(const void *pa, const void *pb, int64_t months)
{
    for (size_t r = 0; r < mdl_params_table.n_rows; r++) {
        const sim_param_desc *d = &mdl_params_table.rows[r];
        int policy =
            strncmp(d->path, "interventions.", 14) == 0 || strncmp(d->path, "shocks.", 7) == 0;
        if (!policy && row_differs(d, pa, pb))
            return 0;
    }
    int64_t a = mdl_interventions_first_month(pa, months);
    int64_t b = mdl_interventions_first_month(pb, months);
    return a < b ? a : b;
}

/* Copy the events recorded so far (one buffer per thread). */
static int copy_events(mdl_world *to, const mdl_world *from, sim_err *err)
{
    for (size_t t = 0; t < to->n_ev && t < from->n_ev; t++) {
        const mdl_events_buf *s = &from->ev[t];
        mdl_events_buf *d = &to->ev[t];
        if (s->n > d->cap) {
            int32_t *v = realloc(d->rows, s->n * mdl_episode_table.n_cols * sizeof *v);
            if (!v)
                return SIM_RAISE(err, SIM_ENOMEM, "out of memory for the episode table");
            d->rows = v;
            d->cap = s->n;
        }
        memcpy(d->rows, s->rows, s->n * mdl_episode_table.n_cols * sizeof *s->rows);
        d->n = s->n;
        d->lost = s->lost;
    }
    return SIM_OK;
}

/* A world for params that goes on from the trunk's month: built as usual
 * (the same synthesis: same data, non-policy parameters and key), then
 * everything that changed since month 0 copied from the trunk. */
static int world_fork(const void *trunk, void **out, const void *params, const sim_settings *run,
                      sim_rng_key key, int threads, sim_errs *errs)
{
    const mdl_world *t = trunk;
    int rc = world_make(out, params, run, key, threads, 0, errs);
    if (rc)
        return rc;
    mdl_world *w = *out;
    sim_err e;
    sim_err_clear(&e);
    if (w->persons.cols.bytes != t->persons.cols.bytes ||
        w->households.cols.bytes != t->households.cols.bytes ||
        w->recruiters.cols.bytes != t->recruiters.cols.bytes || w->n_ev != t->n_ev) {
        mdl_world_free(w);
        *out = NULL;
        SIM_RAISE(&e, SIM_ERUN, "a forked world differs in size from its trunk");
        return sim_errs_add(errs, &e);
    }
    memcpy(w->persons.cols.base, t->persons.cols.base, t->persons.cols.bytes);
    memcpy(w->households.cols.base, t->households.cols.base, t->households.cols.bytes);
    memcpy(w->recruiters.cols.base, t->recruiters.cols.base, t->recruiters.cols.bytes);
    memcpy(w->as, t->as, w->areas.n * sizeof *w->as);
    w->clock0 = t->clock0;
    if ((rc = copy_events(w, t, &e))) {
        mdl_world_free(w);
        *out = NULL;
        return sim_errs_add(errs, &e);
    }
    return SIM_OK;
}

const sim_model_ops mdl_crossings = {
    .name = "crossings",
    .params = &mdl_params_table,
    .metrics = mdl_metrics,
    .n_metrics = MDL_N_METRICS,
    .groups = mdl_group_names,
    .n_groups = MDL_N_GROUPS,
    .headline = "population,departures,migrations,migrations_regular,placed_decent,"
                "placed_exploited,trafficked_new,retrafficked,identified,deported_victims,"
                "persons_trafficked,persons_shelter",
    .world_alloc = world_alloc,
    .validate = validate,
    .world_info = world_info,
    .world_size = world_size,
    .step = step,
    .world_free = world_free,
    .events = &mdl_episode_table,
    .events_take = mdl_events_take,
    .branch_month = branch_month,
    .world_fork = world_fork,
};
