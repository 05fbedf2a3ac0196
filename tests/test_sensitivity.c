/* Tests of the sweep designs and the sensitivity indices on functions whose
 * indices are known, before they are trusted on the model: the Ishigami
 * function (Sobol indices known analytically) and linear functions (Morris
 * effects known exactly). */
#include "../analysis/ana_sensitivity.h"
#include "../sim/sim_design.h"
#include "../sim/sim_error.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_util.h"

#include <math.h>

#define PI 3.14159265358979323846
#include <stdlib.h>
#include <string.h>

/* Ishigami, a = 7, b = 0.1, on [-pi, pi]^3 (from the unit cube). */
static double ishigami(const double *u)
{
    double x1 = (2 * u[0] - 1) * PI, x2 = (2 * u[1] - 1) * PI, x3 = (2 * u[2] - 1) * PI;
    return sin(x1) + 7 * sin(x2) * sin(x2) + 0.1 * pow(x3, 4) * sin(x1);
}

static void test_sensitivity__sobol_indices_of_ishigami(void **state)
{
    (void)state;
    enum { N = 1 << 14, K = 3 };
    double *x = malloc((size_t)N * (K + 2) * K * sizeof *x);
    double *y = malloc((size_t)N * (K + 2) * sizeof *y);
    assert_int_equal(sim_design_saltelli(N, K, x), SIM_OK);
    for (size_t i = 0; i < (size_t)N * (K + 2); i++)
        y[i] = ishigami(x + i * K);
    double s1[K], st[K], lo1[K], hi1[K], lot[K], hit[K];
    assert_int_equal(ana_sobol(N, K, y, s1, st), SIM_OK);
    /* analytic values (Ishigami and Homma 1990; Sobol' and Levitan 1999) */
    const double want1[K] = {0.3139, 0.4424, 0.0}, wantt[K] = {0.5576, 0.4424, 0.2437};
    for (int j = 0; j < K; j++) {
        assert_close(s1[j], want1[j], 0, 0.02);
        assert_close(st[j], wantt[j], 0, 0.02);
    }
    assert_int_equal(ana_sobol_intervals(N, K, y, 200, 0.95, 11, lo1, hi1, lot, hit), SIM_OK);
    for (int j = 0; j < K; j++) {
        assert_true(lo1[j] <= s1[j] + 1e-12 && s1[j] <= hi1[j] + 1e-12);
        assert_true(lot[j] <= st[j] + 1e-12 && st[j] <= hit[j] + 1e-12);
        assert_true(hit[j] - lot[j] < 0.1);
    }
    free(x), free(y);
}

/* A Saltelli design is A, B and, for each i, A with column i from B. */
static void test_sensitivity__saltelli_layout(void **state)
{
    (void)state;
    enum { N = 64, K = 4 };
    double x[N * (K + 2) * K];
    assert_int_equal(sim_design_saltelli(N, K, x), SIM_OK);
    size_t differ = 0;
    for (size_t i = 0; i < N; i++)
        for (size_t c = 0; c < K; c++)
            for (size_t j = 0; j < K; j++) {
                double a = x[i * K + j], b = x[(N + i) * K + j];
                differ += c == 0 && a != b;
                assert_close(x[((2 + c) * N + i) * K + j], c == j ? b : a, 0, 0);
            }
    assert_true(differ > N * K / 2); /* A and B are independent samples */
    assert_int_equal(sim_design_saltelli(N, 21, x), SIM_EINPUT); /* 42 > GSL's 40 */
}

/* Morris on f = 4 x1 + 2 x2 + 0 x3 + x4^2: mu* of a linear term is its
 * coefficient exactly, with sigma 0; the square has sigma > 0. */
static void test_sensitivity__morris_effects(void **state)
{
    (void)state;
    enum { R = 20, K = 4 };
    double x[R * (K + 1) * K], y[R * (K + 1)];
    assert_int_equal(sim_design_morris(R, K, 4, 9, x), SIM_OK);
    for (size_t i = 0; i < R * (K + 1); i++) {
        const double *u = x + i * K;
        for (size_t j = 0; j < K; j++)
            assert_true(u[j] >= 0 && u[j] <= 1 + 1e-12);
        y[i] = 4 * u[0] + 2 * u[1] + u[3] * u[3];
    }
    double mu_star[K], mu[K], sigma[K];
    assert_int_equal(ana_morris(R, K, x, y, mu_star, mu, sigma), SIM_OK);
    assert_close(mu_star[0], 4, 1e-9, 0);
    assert_close(mu_star[1], 2, 1e-9, 0);
    assert_close(mu_star[2], 0, 0, 1e-12);
    assert_close(sigma[0], 0, 0, 1e-9);
    assert_true(sigma[3] > 0.01 && mu_star[3] > 0.5);
    assert_int_equal(sim_design_morris(R, K, 5, 9, x), SIM_EINPUT); /* odd levels */
}

/* A Latin hypercube has one point in each of the n strata of every
 * dimension; the same seed gives the same design, another seed another. */
static void test_sensitivity__latin_hypercube_strata(void **state)
{
    (void)state;
    enum { N = 50, K = 3 };
    double x[N * K], again[N * K], other[N * K];
    assert_int_equal(sim_design_latin(N, K, 5, x), SIM_OK);
    for (size_t j = 0; j < K; j++) {
        int seen[N] = {0};
        for (size_t i = 0; i < N; i++) {
            int s = (int)(x[i * K + j] * N);
            assert_true(s >= 0 && s < N);
            seen[s]++;
        }
        for (int s = 0; s < N; s++)
            assert_int_equal(seen[s], 1);
    }
    sim_design_latin(N, K, 5, again);
    sim_design_latin(N, K, 6, other);
    assert_memory_equal(x, again, sizeof x);
    assert_true(memcmp(x, other, sizeof x) != 0);
    /* a Sobol sequence fills the cube evenly: the mean of 1024 points */
    double s[1024 * K], mean[K] = {0};
    assert_int_equal(sim_design_sobol(1024, K, s), SIM_OK);
    for (size_t i = 0; i < 1024; i++)
        for (size_t j = 0; j < K; j++)
            mean[j] += s[i * K + j] / 1024;
    for (size_t j = 0; j < K; j++)
        assert_close(mean[j], 0.5, 0, 0.002);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sensitivity__sobol_indices_of_ishigami),
        cmocka_unit_test(test_sensitivity__saltelli_layout),
        cmocka_unit_test(test_sensitivity__morris_effects),
        cmocka_unit_test(test_sensitivity__latin_hypercube_strata),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
