#include "sim_design.h"

#include "sim_error.h"
#include "sim_rng.h"

#include <gsl/gsl_qrng.h>
#include <stdlib.h>

/* Purposes of the designs' random numbers (the agent field is the point). */
enum { DESIGN_LATIN = 1, DESIGN_MORRIS = 2 };

static double u01(uint32_t seed, uint32_t point, uint32_t purpose, uint32_t draw)
{
    uint32_t u[4];
    sim_rng_draw4(sim_rng_key_make(seed, 0), point, draw, purpose, 0, u);
    return sim_rng_u01(u[0]);
}

int sim_design_latin(size_t n, size_t k, uint32_t seed, double *x)
{
    size_t *perm = malloc(n * sizeof *perm);
    if (!perm)
        return SIM_ENOMEM;
    for (size_t j = 0; j < k; j++) {
        for (size_t i = 0; i < n; i++)
            perm[i] = i;
        for (size_t i = n; i > 1; i--) { /* Fisher-Yates, keyed by (seed, dimension) */
            size_t r = (size_t)(u01(seed, (uint32_t)i, DESIGN_LATIN, (uint32_t)j) * (double)i);
            size_t t = perm[i - 1];
            perm[i - 1] = perm[r];
            perm[r] = t;
        }
        for (size_t i = 0; i < n; i++) {
            double jitter = u01(seed, (uint32_t)i, DESIGN_LATIN, (uint32_t)(k + j));
            x[i * k + j] = ((double)perm[i] + jitter) / (double)n;
        }
    }
    free(perm);
    return SIM_OK;
}

static int sobol_points(size_t n, size_t dim, double *x)
{
    if (dim == 0 || dim > SIM_DESIGN_SOBOL_MAX)
        return SIM_EINPUT;
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)dim);
    if (!q)
        return SIM_ENOMEM;
    for (size_t i = 0; i < n; i++)
        gsl_qrng_get(q, x + i * dim);
    gsl_qrng_free(q);
    return SIM_OK;
}

int sim_design_sobol(size_t n, size_t k, double *x)
{
    return sobol_points(n, k, x);
}

int sim_design_saltelli(size_t n, size_t k, double *x)
{
    double *ab = malloc(n * 2 * k * sizeof *ab);
    if (!ab)
        return SIM_ENOMEM;
    int rc = sobol_points(n, 2 * k, ab);
    for (size_t i = 0; !rc && i < n; i++)
        for (size_t j = 0; j < k; j++) {
            double a = ab[i * 2 * k + j], b = ab[i * 2 * k + k + j];
            x[i * k + j] = a;              /* A */
            x[(n + i) * k + j] = b;        /* B */
            for (size_t c = 0; c < k; c++) /* AB_c: A with column c from B */
                x[((2 + c) * n + i) * k + j] = c == j ? b : a;
        }
    free(ab);
    return rc;
}

int sim_design_morris(size_t r, size_t k, unsigned p, uint32_t seed, double *x)
{
    if (p < 4 || p % 2 || k == 0 || k > SIM_DESIGN_MORRIS_MAX)
        return SIM_EINPUT;
    double delta = (double)p / (2.0 * (p - 1));
    for (size_t t = 0; t < r; t++) {
        double *traj = x + t * (k + 1) * k;
        /* a start on the grid from which +delta stays inside: levels 0 .. p/2 - 1 */
        for (size_t j = 0; j < k; j++) {
            unsigned level =
                (unsigned)(u01(seed, (uint32_t)t, DESIGN_MORRIS, (uint32_t)j) * (p / 2));
            traj[j] = level / (double)(p - 1);
        }
        /* the order in which dimensions move, keyed by the trajectory */
        size_t order[SIM_DESIGN_MORRIS_MAX];
        for (size_t j = 0; j < k; j++)
            order[j] = j;
        for (size_t j = k; j > 1; j--) {
            size_t s =
                (size_t)(u01(seed, (uint32_t)t, DESIGN_MORRIS, (uint32_t)(k + j)) * (double)j);
            size_t tmp = order[j - 1];
            order[j - 1] = order[s];
            order[s] = tmp;
        }
        for (size_t step = 0; step < k; step++) {
            double *prev = traj + step * k, *next = traj + (step + 1) * k;
            for (size_t j = 0; j < k; j++)
                next[j] = prev[j];
            next[order[step]] += delta;
        }
    }
    return SIM_OK;
}
