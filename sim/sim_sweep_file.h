/* Sweep results files (HDF5; layout in docs/FORMAT.md, "Sweep files"): the
 * private interface between the sweep runner (sim_sweep_run.c) and the file
 * writer and merger (sim_sweep_file.c). */
#ifndef SIM_SWEEP_FILE_H
#define SIM_SWEEP_FILE_H

#include "sim_sweep.h"

#include <stddef.h>
#include <stdint.h>

#define SIM_SWEEP_FORMAT "crossings-sweep"

/* One finished task as the journal holds it; its summaries (n doubles) and,
 * at output level full, its series follow it in the record. */
typedef struct sim_task_rec {
    int64_t task, point, replicate, seed, persons, households;
    double seconds;
    int32_t rank, threads;
    char started[32], finished[32];
} sim_task_rec;

typedef struct sim_sweep_file sim_sweep_file;

/* What a file says it is (sim_sweep_file_identity). */
typedef struct sim_sweep_ident {
    int is_sweep;       /* the file is a crossings sweep file */
    char design_id[32]; /* hex */
    int64_t shard_k, shard_n;
    int64_t n_tasks;
} sim_sweep_ident;

/* Read the identity of an existing file. SIM_EINPUT when it is not readable
 * as HDF5 (id->is_sweep 0 when it is HDF5 but not a sweep file). */
int sim_sweep_file_identity(const char *path, sim_sweep_ident *id, sim_err *err);

/* Create path (as path.tmp-PID) with the design's record and room for n_tasks
 * tasks; world gives the areas. */
int sim_sweep_file_create(sim_sweep_file **out, const char *path, const sim_model_ops *m,
                          const sim_sweep *sw, const sim_sweep_summary *sum,
                          const sim_sweep_options *opt, const sim_world_info *world,
                          const char *design_id, size_t n_tasks, sim_err *err);

/* Write task row `row`: its record, summaries and (full) series
 * [month][area][group][metric]. */
int sim_sweep_file_put(sim_sweep_file *f, size_t row, const sim_task_rec *rec, const double *figs,
                       const double *series, sim_err *err);

/* Close and rename into place; free closes without committing (the
 * temporary file is removed). */
int sim_sweep_file_commit(sim_sweep_file *f, sim_err *err);
void sim_sweep_file_free(sim_sweep_file *f);

#endif
