/* Sensitivity of one per-task summary of a sweep file (crossings sweep),
 * read back with HDF5: Sobol indices from a saltelli design, Morris measures
 * from a morris design (ana_sensitivity.h), on the mean over each point's
 * replicates. */
#ifndef ANA_SWEEP_H
#define ANA_SWEEP_H

#include "../sim/sim_error.h"
#include "ana_compare.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct ana_sens_options {
    const char *output; /* a summary name; "FIGURE" alone means "FIGURE.all" */
    ana_format format;  /* text or csv */
    size_t n_boot;      /* bootstrap resamples of the Sobol intervals */
    uint32_t seed;      /* of the bootstrap */
} ana_sens_options;

/* A sweep file's per-point means of one output, and its indices when the
 * design gives them (saltelli: Sobol; morris: Morris). Owned arrays. */
typedef struct ana_sweep_result {
    char name[256], design[32], output[256];
    size_t points, k;
    char **param;   /* k names */
    double *x;      /* [points][k] parameter values (NaN for text and choices) */
    char **x_text;  /* [points][k] values as applied */
    double *y;      /* [points] mean of the output over the point's replicates */
    size_t *reps;   /* [points] replicates behind y */
    int has_sobol;  /* s1, st and their intervals */
    int has_morris; /* mu_star, mu, sigma */
    double *s1, *st, *s1_lo, *s1_hi, *st_lo, *st_hi;
    double *mu_star, *mu, *sigma;
} ana_sweep_result;

/* Read the sweep file at path and compute. Any whole sweep is read; indices
 * only from saltelli and morris designs (need_indices: else an error). */
int ana_sweep_load(const char *path, const ana_sens_options *o, int need_indices,
                   ana_sweep_result *r, sim_err *err);
void ana_sweep_result_free(ana_sweep_result *r);

/* Mean and standard deviation of y over the points. */
void ana_sweep_spread(const ana_sweep_result *r, double *mean, double *sd);
/* idx: the k parameters in decreasing order of key. */
void ana_sweep_rank(const double *key, size_t k, size_t *idx);

/* Print the indices of the sweep file at path. SIM_EINPUT when the file is
 * not a whole sweep, its design gives no indices, or the output is unknown. */
int ana_sensitivity_print(const char *path, const ana_sens_options *o, FILE *out, sim_err *err);

#endif
