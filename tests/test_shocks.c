/* Tests of the shocks: each hits where and when it should, in the direction
 * it should, and leaves everything else exactly as it was (same world, same
 * random numbers, with and without the shock). */
#include "../models/mdl_metrics.h"
#include "../models/mdl_shocks.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_util.h"
#include "test_world.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCALE  0.004
#define SEED   23
#define MONTHS 18

/* Metric k by month and area: out[month][area]. */
static double *run(const mdl_params *p, int k)
{
    mdl_world *w = test_world(p, SCALE, SEED, 0);
    assert_non_null(w);
    double *m = malloc(w->areas.n * MDL_PARTIAL_WIDTH * sizeof *m);
    double *out = calloc((size_t)MONTHS * w->areas.n, sizeof *out);
    for (uint32_t mo = 0; mo < MONTHS; mo++) {
        test_step(w, mo, m, 0);
        for (size_t a = 0; a < w->areas.n; a++)
            for (int g = 0; g < MDL_N_GROUPS; g++)
                out[mo * w->areas.n + a] += m[a * MDL_PARTIAL_WIDTH + mdl_metric_at(g, k)];
    }
    free(m);
    mdl_world_free(w);
    return out;
}

static size_t n_areas(void)
{
    mdl_params p;
    test_default_params(&p);
    mdl_areas a;
    sim_errs errs;
    sim_errs_init(&errs);
    assert_int_equal(mdl_areas_load(&a, p.data_dir, &errs), SIM_OK);
    size_t n = a.n;
    mdl_areas_release(&a);
    sim_errs_release(&errs);
    return n;
}

/* Sum of a run's metric over months [from, to] in area a (all areas: -1). */
static double sum(const double *x, size_t na, uint32_t from, uint32_t to, int a)
{
    double s = 0;
    for (uint32_t mo = from; mo <= to; mo++)
        for (size_t i = 0; i < na; i++)
            s += a < 0 || (size_t)a == i ? x[mo * na + i] : 0;
    return s;
}

/* A flood in one area (KH-1, index 0) and an escalation of conflict in
 * another (KH-2, index 1) raise departures there; every other area is
 * exactly as without the shocks. */
static void test_shocks__flood_and_conflict_hit_their_areas(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    size_t na = n_areas();
    double *base = run(&p, MDL_M_departures);
    p.pol[MDL_SHOCK_FLOOD].active = p.pol[MDL_SHOCK_CONFLICT].active = 1;
    p.pol[MDL_SHOCK_FLOOD].start = p.pol[MDL_SHOCK_CONFLICT].start = 6;
    p.pol[MDL_SHOCK_FLOOD].end = p.pol[MDL_SHOCK_CONFLICT].end = 11;
    snprintf(p.pol[MDL_SHOCK_FLOOD].areas, sizeof p.pol[MDL_SHOCK_FLOOD].areas, "KH-1");
    snprintf(p.pol[MDL_SHOCK_CONFLICT].areas, sizeof p.pol[MDL_SHOCK_CONFLICT].areas, "KH-2");
    double *hit = run(&p, MDL_M_departures);
    for (size_t a = 2; a < na; a++)
        assert_close(sum(hit, na, 0, MONTHS - 1, (int)a), sum(base, na, 0, MONTHS - 1, (int)a), 0,
                     0);
    for (int a = 0; a < 2; a++) {
        assert_close(sum(hit, na, 0, 5, a), sum(base, na, 0, 5, a), 0, 0); /* before */
        assert_true(sum(hit, na, 6, 11, a) > sum(base, na, 6, 11, a));
    }
    free(base), free(hit);
}

/* A closed border stops every cross-border migration while it lasts; none
 * before. A drop in destination demand lowers migration. */
static void test_shocks__border_closure_and_demand(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    size_t na = n_areas();
    double *mig = run(&p, MDL_M_migrations), *internal = run(&p, MDL_M_migrations_internal);
    p.pol[MDL_SHOCK_BORDER].active = 1;
    p.pol[MDL_SHOCK_BORDER].start = 6;
    p.pol[MDL_SHOCK_BORDER].end = 11;
    p.bc_strength = 1;
    double *mig_c = run(&p, MDL_M_migrations), *int_c = run(&p, MDL_M_migrations_internal);
    assert_close(sum(mig_c, na, 6, 11, -1) - sum(int_c, na, 6, 11, -1), 0, 0, 0);
    assert_true(sum(mig, na, 6, 11, -1) - sum(internal, na, 6, 11, -1) > 0);
    assert_close(sum(mig_c, na, 0, 5, -1), sum(mig, na, 0, 5, -1), 0, 0);
    test_default_params(&p);
    p.pol[MDL_SHOCK_DEMAND].active = 1;
    p.pol[MDL_SHOCK_DEMAND].start = 6;
    double *mig_d = run(&p, MDL_M_migrations);
    assert_true(sum(mig_d, na, 6, MONTHS - 1, -1) < sum(mig, na, 6, MONTHS - 1, -1));
    free(mig), free(internal), free(mig_c), free(int_c), free(mig_d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shocks__flood_and_conflict_hit_their_areas),
        cmocka_unit_test(test_shocks__border_closure_and_demand),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
