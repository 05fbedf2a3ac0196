#include "mdl_model.h"

#include "mdl_attrs.h"
#include "mdl_decide.h"
#include "mdl_demography.h"
#include "mdl_economy.h"
#include "mdl_life.h"
#include "mdl_social.h"
#include "mdl_metrics.h"
#include "mdl_synth.h"

#include <stdlib.h>
#include <string.h>

/* The month, phase by phase (MODEL.md "Monthly step"). Phases not yet built
 * are listed where they will go. */
static int step(void *world, sim_month *m, sim_err *err)
{
    mdl_world *w = world;
    (void)err;
    mdl_environment_step(w, m); /* 1 environment: floods */
    mdl_economy_step(w, m);     /* 2 household economy */
    mdl_demography_step(w, m);  /* 3 ageing, deaths, births, marriage, divorce */
    mdl_social_step(w, m);      /* 4 social information */
    mdl_decide_step(w, m);      /* 5 the decision to migrate */
    /* 6 channel and recruiter .. 12 policy: next issues */
    mdl_metrics_census(w, m); /* 13 metrics */
    return SIM_OK;
}

/* Areas are stored as uint8_t in the person columns. */
#define MAX_AREAS 255

static int load_areas(mdl_areas *a, const mdl_params *p, sim_errs *errs)
{
    int rc = mdl_areas_load(a, p->data_dir, errs);
    if (!rc && a->n > MAX_AREAS) {
        sim_err e;
        sim_err_clear(&e);
        sim_err_locate(&e, NULL, 0, 0, "population.data_dir");
        SIM_RAISE(&e, SIM_EINPUT, "%zu areas in %s/areas.csv (expected at most %d)", a->n,
                  p->data_dir, MAX_AREAS);
        rc = sim_errs_add(errs, &e);
    }
    return rc;
}

static int validate(const void *params, sim_errs *errs)
{
    mdl_areas a;
    int rc = load_areas(&a, params, errs);
    mdl_areas_release(&a);
    return rc;
}

static int build(mdl_world *w, sim_rng_key key, double scale, sim_errs *errs)
{
    sim_err e;
    sim_err_clear(&e);
    int rc = load_areas(&w->areas, &w->p, errs);
    if (rc)
        return rc;
    if ((rc = mdl_synth_population(w, key, scale, &e)) || (rc = mdl_demography_init(w, &e)) ||
        (rc = mdl_world_make_blocks(w, MDL_PARTIAL_WIDTH, &e))) {
        sim_errs_add(errs, &e);
        return rc;
    }
    if ((rc = mdl_attrs_init(w, key, errs)) || (rc = mdl_economy_init(w, errs)))
        return rc;
    mdl_life_init(w);
    mdl_decide_init(w);
    return SIM_OK;
}

static int world_alloc(void **out, const void *params, const sim_settings *run, sim_rng_key key,
                       int threads, sim_errs *errs)
{
    *out = NULL;
    mdl_world *w = calloc(1, sizeof *w);
    if (!w) {
        sim_err e;
        sim_err_clear(&e);
        SIM_RAISE(&e, SIM_ENOMEM, "out of memory");
        return sim_errs_add(errs, &e);
    }
    memcpy(&w->p, params, sizeof w->p);
    w->threads = threads;
    w->start_year = (int)run->start_year;
    int rc = build(w, key, run->scale, errs);
    if (rc) {
        mdl_world_free(w);
        return rc;
    }
    *out = w;
    return SIM_OK;
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

const sim_model_ops mdl_crossings = {
    .name = "crossings",
    .params = &mdl_params_table,
    .metrics = mdl_metrics,
    .n_metrics = MDL_N_METRICS,
    .groups = mdl_group_names,
    .n_groups = MDL_N_GROUPS,
    .world_alloc = world_alloc,
    .validate = validate,
    .world_info = world_info,
    .step = step,
    .world_free = world_free,
};
