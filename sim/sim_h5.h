/* Results files (HDF5). The layout is documented in docs/FORMAT.md.
 *
 * A file is written to "PATH.tmp-PID" and renamed to PATH only by
 * sim_h5_commit, so an interrupted or failed run never leaves a file that looks
 * finished, and never harms a file already at PATH. */
#ifndef SIM_H5_H
#define SIM_H5_H

#include "sim_config.h"
#include "sim_error.h"
#include "sim_model.h"
#include "sim_param.h"

#include <stddef.h>
#include <stdint.h>

typedef struct sim_h5 sim_h5;

/* What the whole file shares. */
typedef struct sim_h5_header {
    const char *model;
    const char *command_line;
    const sim_world_info *world; /* areas */
    const char *const *groups;
    size_t n_groups;
    int64_t months;
    int64_t start_year;
    size_t n_replicates;
    const sim_metric_desc *metrics;
    size_t n_metrics;
    const sim_event_table *events; /* NULL: no event table */
    const char *headline;          /* metrics of a short summary, comma-separated, or NULL */
} sim_h5_header;

/* One parameter table with its values, for the record of a scenario. */
typedef struct sim_h5_params {
    const sim_param_table *table;
    const void *vals;
} sim_h5_params;

typedef struct sim_h5_replicate {
    int64_t replicate;
    int64_t seed;
    int64_t threads;
    int64_t persons, households;
    char started[32], finished[32]; /* ISO 8601 UTC */
} sim_h5_replicate;

/* Create the temporary file for path and write the header and dimensions. */
int sim_h5_create(sim_h5 **out, const char *path, const sim_h5_header *hdr, sim_err *err);

/* Add a scenario group: its text, resolved parameters, and empty metric
 * datasets [replicate][month][area][group]. */
int sim_h5_add_scenario(sim_h5 *h, const sim_scenario *sc, const sim_h5_params *params,
                        size_t n_params, sim_err *err);

/* Write replicate slot `slot` of scenario `name`: data is [month][area][group][metric]. */
int sim_h5_write_replicate(sim_h5 *h, const char *name, size_t slot, const sim_h5_replicate *info,
                           const double *data, sim_err *err);

/* Append a replicate's events (n_rows rows of events->n_cols int32) to the
 * scenario's event table, with the replicate number as first column. */
int sim_h5_write_events(sim_h5 *h, const char *name, int64_t replicate, const int32_t *rows,
                        size_t n_rows, sim_err *err);

/* Stamp the end time, close, and rename the temporary file into place. */
int sim_h5_commit(sim_h5 *h, sim_err *err);

/* Close without committing: the temporary file is removed. NULL is a no-op.
 * After sim_h5_commit it only frees memory. */
void sim_h5_free(sim_h5 *h);

/* Current UTC time as "YYYY-MM-DDTHH:MM:SSZ". */
void sim_h5_now(char buf[32]);

/* Program identity baked in at build time. */
const char *sim_version(void);
const char *sim_revision(void);
const char *sim_build_flags(void);

#endif
