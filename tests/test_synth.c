/* Tests of population synthesis on the shipped area tables. */
#include "../models/mdl_synth.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_util.h"
#include "test_world.h"

#define SCALE 0.002

static void test_synth__persons_match_the_tables_at_scale(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    mdl_world *w = test_world(&p, SCALE, 1, 0);
    assert_non_null(w);
    assert_int_equal(w->areas.n, 40);
    size_t n = 0;
    double census = 0;
    for (size_t a = 0; a < w->areas.n; a++) {
        size_t na = mdl_synth_area_persons(&w->areas.v[a], SCALE);
        assert_int_equal(w->person_begin[a + 1] - w->person_begin[a], na);
        for (size_t i = w->person_begin[a]; i < w->person_begin[a + 1]; i++)
            assert_int_equal(w->persons.area[i], a);
        n += na;
        census += w->areas.v[a].population;
    }
    assert_int_equal(w->persons.n, n);
    assert_close((double)n, census * SCALE, 0, 40);
    mdl_world_free(w);
}

/* Households tile the persons: adjacent members, one area, an adult head. */
static void test_synth__households_tile_persons_with_adult_heads(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    mdl_world *w = test_world(&p, SCALE, 2, 0);
    const mdl_households *h = &w->households;
    size_t next = 0, adult_heads = 0;
    for (size_t k = 0; k < h->n; k++) {
        assert_int_equal(h->first[k], next);
        assert_true(h->size[k] >= 1 && h->size[k] <= p.household_size_max);
        for (size_t i = next; i < next + h->size[k]; i++) {
            assert_int_equal(w->persons.household[i], k);
            assert_int_equal(w->persons.area[i], h->area[k]);
        }
        adult_heads += w->persons.age_months[next] >= p.head_min_age_years * 12;
        assert_int_equal(h->female_head[k], w->persons.sex[next] == MDL_FEMALE);
        next += h->size[k];
    }
    assert_int_equal(next, w->persons.n);
    assert_int_equal(adult_heads, h->n);
    mdl_world_free(w);
}

/* Mean household size and female-headed share within 5 standard errors of the
 * area tables (household sizes are clamped to [min, max], which moves the mean
 * by far less than that here). */
static void test_synth__household_statistics_follow_the_tables(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    mdl_world *w = test_world(&p, SCALE, 3, 0);
    double exp_female = 0, exp_size = 0, got_female = 0, var_f = 0;
    for (size_t k = 0; k < w->households.n; k++) {
        const mdl_area *a = &w->areas.v[w->households.area[k]];
        exp_female += a->female_head_share;
        var_f += a->female_head_share * (1 - a->female_head_share);
        exp_size += a->mean_household_size;
        got_female += w->households.female_head[k];
    }
    double nh = (double)w->households.n;
    assert_close(got_female, exp_female, 0, 5 * sqrt(var_f));
    /* size ~ 1 + Poisson(mean - 1): variance about mean - 1 < 4 */
    assert_close((double)w->persons.n / nh, exp_size / nh, 0, 5 * sqrt(4.0 / nh) + 0.02);
    mdl_world_free(w);
}

/* Share of men and of children under 15 against the age-sex tables. */
static void test_synth__age_and_sex_follow_the_tables(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    mdl_world *w = test_world(&p, SCALE, 4, 0);
    double exp_child = 0, got_child = 0, got_male = 0, exp_male = 0;
    for (size_t a = 0; a < w->areas.n; a++) {
        const mdl_age_sex *s = mdl_areas_age_sex(&w->areas, a);
        double male = 0, female = 0, child = 0;
        for (size_t g = 0; g < s->n_groups; g++) {
            male += s->male[g], female += s->female[g];
            child += s->age_to[g] <= 15 ? s->male[g] + s->female[g] : 0;
        }
        double k = (w->areas.v[a].sex_ratio / 100) / (male / female);
        double n = (double)(w->person_begin[a + 1] - w->person_begin[a]);
        exp_male += n * male * k / (male * k + female);
        /* re-weighting men moves the child share a little: use the weighted one */
        double child_w = 0;
        for (size_t g = 0; g < s->n_groups; g++)
            child_w += s->age_to[g] <= 15 ? s->male[g] * k + s->female[g] : 0;
        exp_child += n * child_w / (male * k + female);
        (void)child;
    }
    for (size_t i = 0; i < w->persons.n; i++) {
        got_male += w->persons.sex[i] == MDL_MALE;
        got_child += w->persons.age_months[i] < 15 * 12;
    }
    double n = (double)w->persons.n;
    assert_close(got_male, exp_male, 0, 5 * sqrt(n * 0.25));
    assert_close(got_child, exp_child, 0, 5 * sqrt(n * 0.25));
    mdl_world_free(w);
}

static void test_synth__same_seed_same_population_any_threads(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    mdl_world *a = test_world(&p, SCALE, 9, 1), *b = test_world(&p, SCALE, 9, 3);
    mdl_world *c = test_world(&p, SCALE, 10, 2);
    assert_int_equal(a->persons.n, b->persons.n);
    assert_memory_equal(a->persons.cols.base, b->persons.cols.base, a->persons.cols.bytes);
    assert_memory_equal(a->households.cols.base, b->households.cols.base, a->households.cols.bytes);
    assert_memory_not_equal(a->persons.age_months, c->persons.age_months,
                            a->persons.n * sizeof(uint16_t));
    mdl_world_free(a);
    mdl_world_free(b);
    mdl_world_free(c);
}

/* A missing data folder is an input error naming the file. */
static void test_synth__missing_data_is_an_input_error(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    snprintf(p.data_dir, sizeof p.data_dir, "/nonexistent/data");
    sim_settings run;
    sim_param_set_defaults(&sim_settings_table, &run);
    sim_errs errs;
    sim_errs_init(&errs);
    void *w = NULL;
    assert_int_equal(mdl_crossings.world_alloc(&w, &p, &run, sim_rng_key_make(1, 0), 0, &errs),
                     SIM_EINPUT);
    assert_null(w);
    assert_true(errs.n >= 1);
    assert_string_equal(errs.v[0].file, "/nonexistent/data/areas.csv");
    sim_errs_release(&errs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_synth__persons_match_the_tables_at_scale),
        cmocka_unit_test(test_synth__households_tile_persons_with_adult_heads),
        cmocka_unit_test(test_synth__household_statistics_follow_the_tables),
        cmocka_unit_test(test_synth__age_and_sex_follow_the_tables),
        cmocka_unit_test(test_synth__same_seed_same_population_any_threads),
        cmocka_unit_test(test_synth__missing_data_is_an_input_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
