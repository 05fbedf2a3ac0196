/* Tests of ageing, deaths and replacing births. */
#include "../models/mdl_demography.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_util.h"
#include "test_world.h"

#include <stdlib.h>

#define SCALE 0.002

static void test_demography__hazard_follows_its_parameters(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    assert_close(mdl_death_hazard(&p, MDL_FEMALE, 0), p.infant_mortality, 1e-15, 0);
    assert_close(mdl_death_hazard(&p, MDL_FEMALE, 3), p.child_mortality, 1e-15, 0);
    assert_close(mdl_death_hazard(&p, MDL_FEMALE, 30), p.adult_mortality_at_30, 1e-15, 0);
    double doubled = mdl_death_hazard(&p, MDL_FEMALE, 30 + (int)p.mortality_doubling_years);
    assert_close(doubled, 2 * p.adult_mortality_at_30, 1e-12, 0);
    assert_close(mdl_death_hazard(&p, MDL_MALE, 50),
                 p.male_mortality_ratio * mdl_death_hazard(&p, MDL_FEMALE, 50), 1e-15, 0);
}

/* With replacement, every death is a birth: population constant each month. */
static void test_demography__replacement_conserves_population(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    mdl_world *w = test_world(&p, SCALE, 1, 0);
    double *m = malloc(w->areas.n * MDL_PARTIAL_WIDTH * sizeof *m);
    double deaths = 0;
    for (uint32_t mo = 0; mo < 24; mo++) {
        test_step(w, mo, m, 0);
        assert_close(test_total(w, m, MDL_M_population), (double)w->persons.n, 0, 0);
        assert_close(test_total(w, m, MDL_M_births) + test_total(w, m, MDL_M_arrivals),
                     test_total(w, m, MDL_M_deaths), 0, 0);
        assert_close(test_in_states(w, m), (double)w->persons.n, 0, 0);
        deaths += test_total(w, m, MDL_M_deaths);
    }
    assert_true(deaths > 0);
    free(m);
    mdl_world_free(w);
}

/* Without replacement, the population falls by exactly the deaths. */
static void test_demography__without_replacement_deaths_leave(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    p.replace_deaths = 0;
    mdl_world *w = test_world(&p, SCALE, 1, 0);
    double *m = malloc(w->areas.n * MDL_PARTIAL_WIDTH * sizeof *m);
    double alive = (double)w->persons.n;
    for (uint32_t mo = 0; mo < 12; mo++) {
        test_step(w, mo, m, 0);
        alive -= test_total(w, m, MDL_M_deaths);
        assert_close(test_total(w, m, MDL_M_population), alive, 0, 0);
        assert_close(test_total(w, m, MDL_M_births), 0, 0, 0);
    }
    free(m);
    mdl_world_free(w);
}

/* Deaths in a month agree with the sum of the persons' monthly probabilities
 * within 5 standard errors. */
static void test_demography__deaths_match_hazards(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    mdl_world *w = test_world(&p, 0.01, 5, 0);
    double expect = 0, var = 0;
    for (size_t i = 0; i < w->persons.n; i++) {
        int age = (w->persons.age_months[i] + 1) / 12;
        double q = 1 - exp(-mdl_death_hazard(&p, w->persons.sex[i], age) / 12);
        if (w->persons.age_months[i] + 1 >= p.max_age_years * 12)
            q = 1;
        expect += q;
        var += q * (1 - q);
    }
    double *m = malloc(w->areas.n * MDL_PARTIAL_WIDTH * sizeof *m);
    test_step(w, 0, m, 0);
    assert_close(test_total(w, m, MDL_M_deaths), expect, 0, 5 * sqrt(var));
    free(m);
    mdl_world_free(w);
}

/* Degenerate parameters: no hazard and a far age limit mean no deaths. */
static void test_demography__zero_hazard_means_no_deaths(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    p.infant_mortality = p.child_mortality = p.adult_mortality_at_30 = 0;
    p.max_age_years = 110;
    mdl_world *w = test_world(&p, SCALE, 1, 0);
    double *m = malloc(w->areas.n * MDL_PARTIAL_WIDTH * sizeof *m);
    for (uint32_t mo = 0; mo < 12; mo++) {
        test_step(w, mo, m, 0);
        assert_close(test_total(w, m, MDL_M_deaths), 0, 0, 0);
    }
    free(m);
    mdl_world_free(w);
}

/* came_of_age counts exactly the persons who were 17 years 11 months. */
static void test_demography__coming_of_age_is_counted_exactly(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    p.infant_mortality = p.child_mortality = p.adult_mortality_at_30 = 0;
    mdl_world *w = test_world(&p, SCALE, 1, 0);
    double turning = 0;
    for (size_t i = 0; i < w->persons.n; i++)
        turning += w->persons.age_months[i] == MDL_ADULT_AGE_MONTHS - 1;
    double *m = malloc(w->areas.n * MDL_PARTIAL_WIDTH * sizeof *m);
    test_step(w, 0, m, 0);
    assert_close(test_total(w, m, MDL_M_came_of_age), turning, 0, 0);
    assert_true(turning > 0);
    free(m);
    mdl_world_free(w);
}

/* Month metrics are bitwise identical for 1 to 4 threads. */
static void test_demography__metrics_identical_for_any_thread_count(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    double *ref = NULL;
    size_t bytes = 0;
    for (int t = 1; t <= 4; t++) {
        mdl_world *w = test_world(&p, SCALE, 3, t);
        bytes = w->areas.n * MDL_PARTIAL_WIDTH * sizeof(double);
        double *m = malloc(bytes);
        for (uint32_t mo = 0; mo < 6; mo++)
            test_step(w, mo, m, t);
        if (!ref)
            ref = m;
        else {
            assert_memory_equal(ref, m, bytes);
            free(m);
        }
        mdl_world_free(w);
    }
    free(ref);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_demography__hazard_follows_its_parameters),
        cmocka_unit_test(test_demography__replacement_conserves_population),
        cmocka_unit_test(test_demography__without_replacement_deaths_leave),
        cmocka_unit_test(test_demography__deaths_match_hazards),
        cmocka_unit_test(test_demography__zero_hazard_means_no_deaths),
        cmocka_unit_test(test_demography__coming_of_age_is_counted_exactly),
        cmocka_unit_test(test_demography__metrics_identical_for_any_thread_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
