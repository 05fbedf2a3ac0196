/* Sensitivity indices from the outputs of a sweep's design (sim_design.h).
 *
 * Sobol (variance-based): from outputs on a Saltelli design (order A, B,
 * AB_1 .. AB_k, n each), the first-order index of Saltelli et al. (2010) and
 * the total index of Jansen (1999), with percentile bootstrap intervals
 * (resampling the n rows, keyed by seed). Morris (elementary effects): from
 * outputs on a Morris design, mu* (mean absolute effect), mu and sigma. */
#ifndef ANA_SENSITIVITY_H
#define ANA_SENSITIVITY_H

#include <stddef.h>
#include <stdint.h>

/* Sobol indices: s1[k], st[k]; y holds n (k + 2) outputs. */
int ana_sobol(size_t n, size_t k, const double *y, double *s1, double *st);

/* Bootstrap percentile intervals (level, e.g. 0.95) of the same indices from
 * n_boot resamples: lo1[k], hi1[k], lot[k], hit[k]. */
int ana_sobol_intervals(size_t n, size_t k, const double *y, size_t n_boot, double level,
                        uint32_t seed, double *lo1, double *hi1, double *lot, double *hit);

/* Morris measures from r trajectories of k + 1 points (x, as the design
 * wrote them) and their outputs y: mu_star[k], mu[k], sigma[k]. */
int ana_morris(size_t r, size_t k, const double *x, const double *y, double *mu_star, double *mu,
               double *sigma);

#endif
