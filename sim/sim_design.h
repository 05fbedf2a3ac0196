/* Sampling designs for parameter sweeps (issue "Sweeps on clusters"): points
 * in the unit cube [0,1)^k, mapped to parameter ranges by the sweep.
 *
 *   latin hypercube  n points, each dimension cut into n strata, one point per
 *                    stratum, strata paired by a permutation drawn from the
 *                    project's counter-based generator (sim_rng, keyed by seed)
 *   sobol            the first n points of GSL's Sobol sequence (k <= 40)
 *   saltelli         for Sobol indices: matrices A and B (n x k each, from a
 *                    Sobol sequence of dimension 2k) and, for each i, A with
 *                    column i from B: n (k + 2) points, in the order A, B,
 *                    AB_1 .. AB_k
 *   morris           r trajectories of k + 1 points on a p-level grid, each
 *                    moving one dimension by delta = p / (2 (p - 1))
 *
 * Every design is a pure function of its arguments: the same points whatever
 * runs them. Points are written row by row into x (n_points x k doubles). */
#ifndef SIM_DESIGN_H
#define SIM_DESIGN_H

#include <stddef.h>
#include <stdint.h>

/* Largest dimension the Sobol-based designs take (GSL's sobol: 40; saltelli
 * uses 2k of them). */
#define SIM_DESIGN_SOBOL_MAX 40
/* Largest dimension of a Morris design. */
#define SIM_DESIGN_MORRIS_MAX 256

int sim_design_latin(size_t n, size_t k, uint32_t seed, double *x);
int sim_design_sobol(size_t n, size_t k, double *x);
int sim_design_saltelli(size_t n, size_t k, double *x);
/* Morris: r trajectories, p levels (even, >= 4); (k + 1) r points. */
int sim_design_morris(size_t r, size_t k, unsigned p, uint32_t seed, double *x);

#endif
