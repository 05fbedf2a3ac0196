/* Tests of the destinations table: the shipped tables, every kind of bad
 * table with its position and allowed values, and the draw of a destination
 * against the table's shares. */
#define _POSIX_C_SOURCE 200809L
#include "../models/mdl_destinations.h"
#include "../sim/sim_rng.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static mdl_areas areas;

static int setup(void **state)
{
    (void)state;
    sim_errs errs;
    sim_errs_init(&errs);
    int rc = mdl_areas_load(&areas, TEST_DATA_DIR, &errs);
    sim_errs_release(&errs);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    mdl_areas_release(&areas);
    return 0;
}

static int country(const char *code)
{
    for (size_t i = 0; i < areas.n_countries; i++)
        if (strcmp(areas.countries_age[i].country, code) == 0)
            return (int)i;
    fail_msg("no country %s", code);
    return -1;
}

static void test_destinations__baseline_is_thailand_and_china_for_marriage(void **state)
{
    (void)state;
    mdl_destinations d;
    sim_errs errs;
    sim_errs_init(&errs);
    assert_int_equal(mdl_destinations_load(&d, TEST_DATA_DIR "/destinations.csv", &areas, &errs),
                     SIM_OK);
    assert_int_equal(d.n, 2);
    assert_string_equal(d.v[0].code, "TH");
    assert_int_equal(d.v[0].iso_numeric, 764);
    assert_int_equal(d.marriage, 1);
    assert_string_equal(d.v[d.marriage].code, "CN");
    for (size_t c = 0; c < areas.n_countries; c++) {
        /* every labour migrant goes to Thailand, whatever the word */
        assert_int_equal(mdl_destination_draw(&d, (int)c, 0), 0);
        assert_int_equal(mdl_destination_draw(&d, (int)c, UINT32_MAX), 0);
        assert_close(d.wage_ratio_mean[c], 1, 0, 0);
    }
    sim_errs_release(&errs);
}

/* Drawn destinations follow the weights of each origin country (within 5
 * standard errors over 200,000 Philox words). */
static void test_destinations__draws_follow_the_shares(void **state)
{
    (void)state;
    mdl_destinations d;
    sim_errs errs;
    sim_errs_init(&errs);
    assert_int_equal(
        mdl_destinations_load(&d, TEST_DATA_DIR "/destinations_region.csv", &areas, &errs), SIM_OK);
    assert_int_equal(d.n, 3);
    const int n = 200000;
    sim_rng_key key = sim_rng_key_make(5, 0);
    for (size_t c = 0; c < areas.n_countries; c++) {
        double count[MDL_MAX_DESTINATIONS] = {0}, sum = 0;
        for (int k = 0; k < n; k++) {
            uint32_t u[4];
            sim_rng_draw4(key, (uint32_t)k, 0, 1, 0, u);
            count[mdl_destination_draw(&d, (int)c, u[0])] += 1;
        }
        for (size_t r = 0; r < d.n; r++)
            sum += d.v[r].weight[c];
        for (size_t r = 0; r < d.n; r++) {
            double share = d.v[r].weight[c] / sum, se = sqrt(share * (1 - share) / n);
            assert_close(count[r] / n, share, 0, 5 * se + 1e-12);
        }
    }
    /* Myanmar sends some to China, Cambodia none */
    assert_true(d.v[2].weight[country("MM")] > 0);
    assert_close(d.v[2].weight[country("KH")], 0, 0, 0);
    sim_errs_release(&errs);
}

/* Load a table written from text; returns the errors as one string. */
static char *load_text(const char *text, int *rc)
{
    static char path[] = "/tmp/crossings_dest_XXXXXX";
    strcpy(path, "/tmp/crossings_dest_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    mdl_destinations d;
    sim_errs errs;
    sim_errs_init(&errs);
    *rc = mdl_destinations_load(&d, path, &areas, &errs);
    char *out = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&out, &len);
    sim_errs_print(&errs, m);
    fclose(m);
    sim_errs_release(&errs);
    unlink(path);
    return out;
}

#define HEAD                                                                                       \
    "code,name,iso_numeric,weight_KH,weight_MM,wage_ratio,identification_ratio,"                   \
    "deportation_ratio,regular_channel,forced_marriage\n"

static void expect_error(const char *text, const char *const *needles)
{
    int rc;
    char *msg = load_text(text, &rc);
    assert_int_equal(rc, SIM_EINPUT);
    for (; *needles; needles++)
        if (!strstr(msg, *needles))
            fail_msg("expected '%s' in:\n%s", *needles, msg);
    free(msg);
}

static void test_destinations__bad_tables(void **state)
{
    (void)state;
    /* a column missing: named, with the header it has */
    expect_error("code,name,iso_numeric,weight_KH,wage_ratio,identification_ratio,"
                 "deportation_ratio,regular_channel,forced_marriage\nTH,Thailand,764,1,1,1,1,1,0\n",
                 (const char *const[]){"weight_MM", NULL});
    /* nobody from Myanmar has anywhere to go */
    expect_error(
        HEAD "TH,Thailand,764,1,0,1,1,1,1,0\n",
        (const char *const[]){"weight_MM is zero in every row", "expected a positive", NULL});
    /* duplicate codes, duplicate forced-marriage rows, bad flags and numbers: line and column */
    expect_error(HEAD "TH,Thailand,764,1,1,1,1,1,1,0\nTH,Thai,765,1,1,1,1,1,1,0\n",
                 (const char *const[]){":3:1: code", "listed twice", NULL});
    expect_error(HEAD "TH,Thailand,764,1,1,1,1,1,1,1\nCN,China,156,0,0,1,1,1,0,1\n",
                 (const char *const[]){":3:26: forced_marriage", "at most one", NULL});
    expect_error(HEAD "TH,Thailand,764,1,1,1,1,1,2,0\n",
                 (const char *const[]){":2:27: regular_channel", NULL});
    expect_error(HEAD "TH,Thailand,764,1,1,1,1,1,0.5,0\n",
                 (const char *const[]){":2:27: regular_channel", "expected 0 or 1", NULL});
    expect_error(HEAD "TH,Thailand,76.4,1,1,1,1,1,1,0\n",
                 (const char *const[]){":2:13: iso_numeric", "whole number", NULL});
    expect_error(HEAD "TH,Thailand,764,1,-1,1,1,1,1,0\n",
                 (const char *const[]){":2:19: weight_MM", NULL});
    expect_error(HEAD, (const char *const[]){"no destinations", NULL});
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_destinations__baseline_is_thailand_and_china_for_marriage),
        cmocka_unit_test(test_destinations__draws_follow_the_shares),
        cmocka_unit_test(test_destinations__bad_tables),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
