/* Building small real worlds for the model's tests. */
#ifndef TEST_WORLD_H
#define TEST_WORLD_H

#include "../models/mdl_metrics.h"
#include "../models/mdl_model.h"
#include "../models/mdl_world.h"

#include <string.h>

/* Default parameters with the shipped data tables. */
static inline void test_default_params(mdl_params *p)
{
    sim_param_set_defaults(&mdl_params_table, p);
    snprintf(p->data_dir, sizeof p->data_dir, "%s", TEST_DATA_DIR);
    snprintf(p->destinations_file, sizeof p->destinations_file, "%s/destinations.csv",
             TEST_DATA_DIR);
    /* mechanisms are tested from the synthesised population, without the
     * years before the start (integration/stability.sh tests the spin-up) */
    p->spinup_years = 0;
}

/* A world of the shipped areas at scale, or NULL (errors printed). */
static inline mdl_world *test_world(const mdl_params *p, double scale, uint32_t seed, int threads)
{
    sim_settings run;
    sim_param_set_defaults(&sim_settings_table, &run);
    run.scale = scale;
    sim_errs errs;
    sim_errs_init(&errs);
    void *w = NULL;
    if (mdl_crossings.world_alloc(&w, p, &run, sim_rng_key_make(seed, 0), threads, &errs))
        sim_errs_print(&errs, stderr);
    sim_errs_release(&errs);
    return w;
}

/* Step w one month; metrics into m (areas x MDL_PARTIAL_WIDTH doubles). */
static inline void test_step(mdl_world *w, uint32_t month, double *m, int threads)
{
    memset(m, 0, w->areas.n * MDL_PARTIAL_WIDTH * sizeof *m);
    sim_month mo = {sim_rng_key_make(1, 0), month, threads, m};
    sim_err e;
    mdl_crossings.step(w, &mo, &e);
}

/* Sum of metric k over areas and groups. */
static inline double test_total(const mdl_world *w, const double *m, int k)
{
    double s = 0;
    for (size_t a = 0; a < w->areas.n; a++)
        for (int g = 0; g < MDL_N_GROUPS; g++)
            s += m[a * MDL_PARTIAL_WIDTH + mdl_metric_at(g, k)];
    return s;
}

/* Persons counted in every life-course state: equals the population when
 * every person is in exactly one state. */
static inline double test_in_states(const mdl_world *w, const double *m)
{
    static const int stocks[] = {
        MDL_M_persons_home,          MDL_M_persons_seeking,          MDL_M_persons_in_transit,
        MDL_M_persons_abroad_decent, MDL_M_persons_abroad_exploited, MDL_M_persons_trafficked,
        MDL_M_persons_shelter,       MDL_M_persons_returning,        MDL_M_persons_reintegrating};
    double s = 0;
    for (size_t k = 0; k < sizeof stocks / sizeof stocks[0]; k++)
        s += test_total(w, m, stocks[k]);
    return s;
}

#endif
