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

/* Print the indices of the sweep file at path. SIM_EINPUT when the file is
 * not a whole sweep, its design gives no indices, or the output is unknown. */
int ana_sensitivity_print(const char *path, const ana_sens_options *o, FILE *out, sim_err *err);

#endif
