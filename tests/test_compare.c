/* Tests of the paired comparison behind crossings compare: the mean paired
 * difference, its Student t interval, the share better and the pairs left
 * out, against values worked by hand. */
#include "../analysis/ana_compare.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_util.h"

#include <gsl/gsl_cdf.h>
#include <string.h>

/* Differences {1, 2, 3, 4}: mean 2.5, sd 1.29099, t(0.975, 3) = 3.18245,
 * interval 2.5 +- 3.18245 x 1.29099 / 2 = 2.5 +- 2.05427. */
static void test_compare__interval_by_hand(void **state)
{
    (void)state;
    const double b[4] = {10, 10, 10, 10}, x[4] = {11, 12, 13, 14};
    ana_paired p = ana_paired_diff(x, b, 4, ANA_BETTER_LOWER);
    assert_int_equal(p.n, 4);
    assert_close(gsl_cdf_tdist_Pinv(0.975, 3), 3.18245, 0, 1e-5);
    assert_close(p.mean, 12.5, 0, 1e-12);
    assert_close(p.base_mean, 10, 0, 1e-12);
    assert_close(p.diff, 2.5, 0, 1e-12);
    assert_close(p.sd, 1.29099, 0, 1e-5);
    assert_close(p.ci_low, 2.5 - 2.0543, 0, 1e-4);
    assert_close(p.ci_high, 2.5 + 2.0543, 0, 1e-4);
    assert_close(p.pct, 25, 0, 1e-12);
    assert_close(p.share_better, 0, 0, 0); /* higher is worse here */
    assert_false(p.ci_crosses_zero);
    p = ana_paired_diff(x, b, 4, ANA_BETTER_HIGHER);
    assert_close(p.share_better, 1, 0, 0);
}

static void test_compare__interval_across_zero_is_flagged(void **state)
{
    (void)state;
    const double b[4] = {5, 5, 5, 5}, x[4] = {4, 6, 3, 8};
    ana_paired p = ana_paired_diff(x, b, 4, ANA_BETTER_LOWER);
    assert_close(p.diff, 0.25, 0, 1e-12);
    assert_true(p.ci_low < 0 && p.ci_high > 0);
    assert_true(p.ci_crosses_zero);
    assert_close(p.share_better, 0.5, 0, 0); /* 4 and 3 are lower than 5 */
}

/* Identical values (common random numbers, no change): exactly zero. */
static void test_compare__same_values_give_zero(void **state)
{
    (void)state;
    const double x[3] = {0.25, 0.5, 0.75};
    ana_paired p = ana_paired_diff(x, x, 3, ANA_BETTER_HIGHER);
    assert_true(p.diff == 0 && p.ci_low == 0 && p.ci_high == 0 && p.pct == 0);
    assert_true(p.ci_crosses_zero);
    assert_close(p.share_better, 0, 0, 0); /* a tie is not better */
    assert_close(ana_paired_diff(x, x, 3, ANA_BETTER_LOWER).share_better, 0, 0, 0);
}

static void test_compare__one_pair_has_no_interval(void **state)
{
    (void)state;
    const double b[1] = {2}, x[1] = {5};
    ana_paired p = ana_paired_diff(x, b, 1, ANA_BETTER_LOWER);
    assert_int_equal(p.n, 1);
    assert_close(p.diff, 3, 0, 0);
    assert_true(isnan(p.sd) && isnan(p.ci_low) && isnan(p.ci_high));
    assert_true(p.ci_crosses_zero);
}

/* A ratio with a zero denominator is undefined: its pair is left out. */
static void test_compare__zero_denominator_drops_the_pair(void **state)
{
    (void)state;
    const double num[4] = {1, 2, 3, 4}, den[4] = {2, 0, 2, 2};
    const double bnum[4] = {1, 1, 1, 1}, bden[4] = {4, 4, 4, 4};
    double x[4], b[4];
    for (int r = 0; r < 4; r++) {
        x[r] = ana_ratio(num[r], den[r], 100);
        b[r] = ana_ratio(bnum[r], bden[r], 100);
    }
    assert_true(isnan(x[1]));
    ana_paired p = ana_paired_diff(x, b, 4, ANA_BETTER_LOWER);
    assert_int_equal(p.n, 3);
    assert_close(p.mean, (50 + 150 + 200) / 3.0, 0, 1e-12); /* pair 1 left out */
    assert_close(p.base_mean, 25, 0, 1e-12);
    assert_close(p.diff, (25 + 125 + 175) / 3.0, 0, 1e-12);
    /* undefined on the baseline's side too */
    b[2] = ana_ratio(1, 0, 1);
    assert_int_equal(ana_paired_diff(x, b, 4, ANA_BETTER_LOWER).n, 2);
}

static void test_compare__nothing_defined(void **state)
{
    (void)state;
    const double x[2] = {NAN, 1}, b[2] = {1, NAN};
    ana_paired p = ana_paired_diff(x, b, 2, ANA_BETTER_HIGHER);
    assert_int_equal(p.n, 0);
    assert_true(isnan(p.mean) && isnan(p.diff) && isnan(p.pct) && isnan(p.share_better));
    assert_true(p.ci_crosses_zero);
}

/* No direction: no share better; a zero baseline: no percent change. */
static void test_compare__undefined_share_and_percent(void **state)
{
    (void)state;
    const double b[2] = {0, 0}, x[2] = {1, 2};
    ana_paired p = ana_paired_diff(x, b, 2, ANA_BETTER_NONE);
    assert_true(isnan(p.share_better));
    assert_true(isnan(p.pct));
    assert_close(p.diff, 1.5, 0, 0);
}

static void test_compare__missing_file_is_bad_input(void **state)
{
    (void)state;
    sim_err e;
    sim_err_clear(&e);
    FILE *out = tmpfile();
    assert_non_null(out);
    int rc = ana_compare_print("/nonexistent/results.h5", NULL, 0, ANA_FORMAT_TEXT, out, &e);
    assert_int_equal(rc, SIM_EINPUT);
    assert_non_null(strstr(e.msg, "/nonexistent/results.h5"));
    fclose(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compare__interval_by_hand),
        cmocka_unit_test(test_compare__interval_across_zero_is_flagged),
        cmocka_unit_test(test_compare__same_values_give_zero),
        cmocka_unit_test(test_compare__one_pair_has_no_interval),
        cmocka_unit_test(test_compare__zero_denominator_drops_the_pair),
        cmocka_unit_test(test_compare__nothing_defined),
        cmocka_unit_test(test_compare__undefined_share_and_percent),
        cmocka_unit_test(test_compare__missing_file_is_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
