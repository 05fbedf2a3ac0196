/* Tests of the counter-based generator: known answers, keying, the GSL
 * interface, and the statistics of its output. */
#include "sim_rng.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_util.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <string.h>

/* Random123's published known-answer vectors for Philox4x32-10 (kat_vectors). */
static void test_rng__philox_known_answers(void **state)
{
    (void)state;
    static const uint32_t kat[3][10] = {
        {0, 0, 0, 0, 0, 0, 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8},
        {0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0x408f276d,
         0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
        {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, 0xd16cfe09,
         0x94fdcceb, 0x5001e420, 0x24126ea1},
    };
    for (int i = 0; i < 3; i++) {
        uint32_t out[4];
        sim_philox4x32_10(kat[i], kat[i] + 4, out);
        for (int k = 0; k < 4; k++)
            assert_int_equal(out[k], kat[i][6 + k]);
    }
}

static void test_rng__draw4_is_keyed_by_all_fields(void **state)
{
    (void)state;
    sim_rng_key key = sim_rng_key_make(42, 0);
    uint32_t base[4], other[4];
    sim_rng_draw4(key, 1, 2, 3, 4, base);
    sim_rng_draw4(key, 1, 2, 3, 4, other);
    assert_memory_equal(base, other, sizeof base);
    uint32_t fields[4][4] = {{9, 2, 3, 4}, {1, 9, 3, 4}, {1, 2, 9, 4}, {1, 2, 3, 9}};
    for (int f = 0; f < 4; f++) {
        sim_rng_draw4(key, fields[f][0], fields[f][1], fields[f][2], fields[f][3], other);
        assert_memory_not_equal(base, other, sizeof base);
    }
    sim_rng_draw4(sim_rng_key_make(42, 1), 1, 2, 3, 4, other);
    assert_memory_not_equal(base, other, sizeof base);
    sim_rng_draw4(sim_rng_key_make(43, 0), 1, 2, 3, 4, other);
    assert_memory_not_equal(base, other, sizeof base);
}

/* The GSL generator returns the words of successive draw indices in order. */
static void test_rng__gsl_type_walks_the_counter(void **state)
{
    (void)state;
    gsl_rng *r = gsl_rng_alloc(sim_rng_philox);
    assert_non_null(r);
    assert_string_equal(gsl_rng_name(r), "philox4x32-10");
    sim_rng_key key = sim_rng_key_make(7, 3);
    sim_rng_set_key(r, key);
    sim_rng_seek(r, 11, 5, 2);
    for (uint32_t draw = 0; draw < 3; draw++) {
        uint32_t w[4];
        sim_rng_draw4(key, 11, 5, 2, draw, w);
        for (int k = 0; k < 4; k++)
            assert_int_equal(gsl_rng_get(r), w[k]);
    }
    sim_rng_seek(r, 11, 5, 2);
    uint32_t w[4];
    sim_rng_draw4(key, 11, 5, 2, 0, w);
    assert_close(gsl_rng_uniform(r), sim_rng_u01(w[0]), 0, 0);
    assert_int_equal(gsl_rng_max(r), 0xFFFFFFFFul);
    gsl_rng_free(r);
}

static void test_rng__threshold_edges(void **state)
{
    (void)state;
    assert_int_equal(sim_rng_threshold(0), 0);
    assert_int_equal(sim_rng_threshold(-1), 0);
    assert_int_equal(sim_rng_threshold(1), UINT32_MAX);
    assert_int_equal(sim_rng_threshold(0.5), 0x80000000u);
    assert_int_equal(sim_rng_threshold(0x1p-32), 1);
}

/* Mean and variance of 10^6 uniforms within 5 standard errors of 1/2, 1/12. */
static void test_rng__uniform_moments(void **state)
{
    (void)state;
    const size_t n = 1000000;
    sim_rng_key key = sim_rng_key_make(2026, 0);
    double sum = 0, sumsq = 0;
    for (size_t i = 0; i < n / 4; i++) {
        uint32_t w[4];
        sim_rng_draw4(key, (uint32_t)i, 0, 1, 0, w);
        for (int k = 0; k < 4; k++) {
            double u = sim_rng_u01(w[k]);
            sum += u, sumsq += u * u;
        }
    }
    double mean = sum / (double)n, var = sumsq / (double)n - mean * mean;
    assert_close(mean, 0.5, 0, 5 * sqrt(1.0 / 12 / (double)n));
    /* var of U^2 is 4/45; the estimate's standard error is about sqrt(1/180/n) */
    assert_close(var, 1.0 / 12, 0, 5 * sqrt(1.0 / 180 / (double)n));
}

/* Chi-square on 100 equal bins of 10^6 draws from consecutive agents (the way
 * the model uses it): p-value above 1e-4. */
static void test_rng__chi_square_on_bins(void **state)
{
    (void)state;
    enum { BINS = 100 };
    const size_t n = 1000000;
    size_t count[BINS] = {0};
    sim_rng_key key = sim_rng_key_make(1, 0);
    for (size_t i = 0; i < n; i++) {
        uint32_t w[4];
        sim_rng_draw4(key, (uint32_t)i, 7, 2, 0, w);
        count[(size_t)(sim_rng_u01(w[0]) * BINS)]++;
    }
    double chi2 = 0, expect = (double)n / BINS;
    for (int b = 0; b < BINS; b++)
        chi2 += ((double)count[b] - expect) * ((double)count[b] - expect) / expect;
    assert_true(gsl_cdf_chisq_Q(chi2, BINS - 1) > 1e-4);
}

/* GSL distributions drawing from it: a Poisson mean within 5 standard errors. */
static void test_rng__gsl_poisson_mean(void **state)
{
    (void)state;
    gsl_rng *r = gsl_rng_alloc(sim_rng_philox);
    sim_rng_set_key(r, sim_rng_key_make(5, 0));
    sim_rng_seek(r, 0, 0, 9);
    const int n = 200000;
    const double mu = 3.3;
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += gsl_ran_poisson(r, mu);
    assert_close(sum / n, mu, 0, 5 * sqrt(mu / n));
    gsl_rng_free(r);
}

/* sim_rng_fill gives sim_rng_draw4's words, with every implementation this
 * processor runs, for runs of any length (tails included), any offset, and
 * agent numbers that wrap around 2^32. */
static void test_rng__fill_equals_draw4(void **state)
{
    (void)state;
    enum { N = 77, STRIDE = 80 };
    static const uint32_t starts[] = {0, 5, 4093, 0xFFFFFFF0u};
    static const size_t lens[] = {0, 1, 7, 8, 15, 16, 17, 33, N};
    sim_rng_key key = sim_rng_key_make(20261128u, 7u);
    uint32_t out[4 * STRIDE];
    for (int kind = SIM_RNG_FILL_SCALAR; kind <= sim_rng_fill_best(); kind++)
        for (size_t s = 0; s < sizeof starts / sizeof starts[0]; s++)
            for (size_t l = 0; l < sizeof lens / sizeof lens[0]; l++) {
                sim_rng_fill_with(kind, key, starts[s], lens[l], 31u, 8u, 2u, out, STRIDE);
                for (size_t k = 0; k < lens[l]; k++) {
                    uint32_t u[4];
                    sim_rng_draw4(key, starts[s] + (uint32_t)k, 31u, 8u, 2u, u);
                    for (int j = 0; j < 4; j++)
                        assert_int_equal(out[(size_t)j * STRIDE + k], u[j]);
                }
            }
    /* the dispatching entry point too */
    sim_rng_fill(key, 100u, N, 3u, 2u, 0u, out, STRIDE);
    uint32_t u[4];
    sim_rng_draw4(key, 100u + N - 1, 3u, 2u, 0u, u);
    assert_int_equal(out[3 * STRIDE + N - 1], u[3]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rng__philox_known_answers),
        cmocka_unit_test(test_rng__draw4_is_keyed_by_all_fields),
        cmocka_unit_test(test_rng__gsl_type_walks_the_counter),
        cmocka_unit_test(test_rng__fill_equals_draw4),
        cmocka_unit_test(test_rng__threshold_edges),
        cmocka_unit_test(test_rng__uniform_moments),
        cmocka_unit_test(test_rng__chi_square_on_bins),
        cmocka_unit_test(test_rng__gsl_poisson_mean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
