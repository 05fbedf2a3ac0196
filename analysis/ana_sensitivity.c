#include "ana_sensitivity.h"

#include "../sim/sim_error.h"
#include "../sim/sim_rng.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>

/* The indices over the rows rows[0..n-1] (a resample, or 0..n-1). */
static void sobol_rows(size_t n, size_t k, const double *y, const size_t *rows, double *s1,
                       double *st)
{
    const double *ya = y, *yb = y + n;
    double mean = 0, var = 0;
    for (size_t i = 0; i < n; i++)
        mean += ya[rows[i]] + yb[rows[i]];
    mean /= (double)(2 * n);
    for (size_t i = 0; i < n; i++)
        var += (ya[rows[i]] - mean) * (ya[rows[i]] - mean) +
               (yb[rows[i]] - mean) * (yb[rows[i]] - mean);
    var /= (double)(2 * n - 1);
    for (size_t j = 0; j < k; j++) {
        const double *yab = y + (2 + j) * n;
        double first = 0, total = 0;
        for (size_t i = 0; i < n; i++) {
            size_t r = rows[i];
            first += yb[r] * (yab[r] - ya[r]);
            total += (ya[r] - yab[r]) * (ya[r] - yab[r]);
        }
        s1[j] = var > 0 ? first / (double)n / var : NAN;
        st[j] = var > 0 ? total / (2.0 * (double)n) / var : NAN;
    }
}

int ana_sobol(size_t n, size_t k, const double *y, double *s1, double *st)
{
    size_t *rows = malloc(n * sizeof *rows);
    if (!rows)
        return SIM_ENOMEM;
    for (size_t i = 0; i < n; i++)
        rows[i] = i;
    sobol_rows(n, k, y, rows, s1, st);
    free(rows);
    return SIM_OK;
}

/* lo and hi: the percentile interval of v[0..m-1] (sorted here). */
static void percentiles(double *v, size_t m, double level, double *lo, double *hi)
{
    gsl_sort(v, 1, m);
    *lo = gsl_stats_quantile_from_sorted_data(v, 1, m, (1 - level) / 2);
    *hi = gsl_stats_quantile_from_sorted_data(v, 1, m, (1 + level) / 2);
}

int ana_sobol_intervals(size_t n, size_t k, const double *y, size_t n_boot, double level,
                        uint32_t seed, double *lo1, double *hi1, double *lot, double *hit)
{
    size_t *rows = malloc(n * sizeof *rows);
    double *b1 = malloc(n_boot * k * sizeof *b1), *bt = malloc(n_boot * k * sizeof *bt);
    double *col = malloc(n_boot * sizeof *col), *s1 = malloc(k * sizeof *s1),
           *st = malloc(k * sizeof *st);
    int rc = rows && b1 && bt && col && s1 && st ? SIM_OK : SIM_ENOMEM;
    sim_rng_key key = sim_rng_key_make(seed, 0);
    for (size_t b = 0; !rc && b < n_boot; b++) {
        for (size_t i = 0; i < n; i++) {
            uint32_t u[4];
            sim_rng_draw4(key, (uint32_t)i, (uint32_t)b, 0, 0, u);
            rows[i] = (size_t)(sim_rng_u01(u[0]) * (double)n);
        }
        sobol_rows(n, k, y, rows, s1, st);
        for (size_t j = 0; j < k; j++)
            b1[b * k + j] = s1[j], bt[b * k + j] = st[j];
    }
    for (size_t j = 0; !rc && j < k; j++) {
        for (size_t b = 0; b < n_boot; b++)
            col[b] = b1[b * k + j];
        percentiles(col, n_boot, level, &lo1[j], &hi1[j]);
        for (size_t b = 0; b < n_boot; b++)
            col[b] = bt[b * k + j];
        percentiles(col, n_boot, level, &lot[j], &hit[j]);
    }
    free(rows), free(b1), free(bt), free(col), free(s1), free(st);
    return rc;
}

int ana_morris(size_t r, size_t k, const double *x, const double *y, double *mu_star, double *mu,
               double *sigma)
{
    double *ee = malloc(r * k * sizeof *ee);
    if (!ee)
        return SIM_ENOMEM;
    for (size_t t = 0; t < r; t++)
        for (size_t s = 0; s < k; s++) {
            const double *a = x + (t * (k + 1) + s) * k, *b = a + k;
            size_t j = 0;
            while (j < k && a[j] == b[j])
                j++;
            if (j == k) {
                free(ee);
                return SIM_EINPUT; /* not a Morris trajectory */
            }
            ee[t * k + j] = (y[t * (k + 1) + s + 1] - y[t * (k + 1) + s]) / (b[j] - a[j]);
        }
    for (size_t j = 0; j < k; j++) {
        double sum = 0, abs_sum = 0, ss = 0;
        for (size_t t = 0; t < r; t++)
            sum += ee[t * k + j], abs_sum += fabs(ee[t * k + j]);
        mu[j] = sum / (double)r;
        mu_star[j] = abs_sum / (double)r;
        for (size_t t = 0; t < r; t++)
            ss += (ee[t * k + j] - mu[j]) * (ee[t * k + j] - mu[j]);
        sigma[j] = r > 1 ? sqrt(ss / (double)(r - 1)) : NAN;
    }
    free(ee);
    return SIM_OK;
}
