/* Running scenarios: load, validate, simulate every replicate, write results.
 *
 * The step loop lives here. It knows the model only through its ops table. */
#ifndef SIM_RUN_H
#define SIM_RUN_H

#include "sim_config.h"
#include "sim_error.h"
#include "sim_model.h"
#include "sim_settings.h"

#include <stdio.h>

/* A setting given on the command line, applied after the scenario file. */
typedef struct sim_override {
    const char *path;   /* "run.months" or any parameter path */
    const char *text;   /* value as typed */
    const char *origin; /* "--months", "--set" */
} sim_override;

/* A scenario loaded and validated, ready to run. */
typedef struct sim_loaded {
    sim_scenario sc;
    sim_settings run;
    void *params; /* the model's values struct (model->params->struct_size bytes) */
} sim_loaded;

/* Load path with the model's table and the run settings, apply overrides, and
 * validate. Every error goes into errs. Returns SIM_OK or the first status. */
int sim_run_load(const sim_model_ops *m, const char *path, const sim_override *ov, size_t n_ov,
                 sim_loaded *out, sim_errs *errs);
void sim_loaded_release(sim_loaded *l);

typedef struct sim_run_options {
    const char *output;       /* results file path */
    int threads;              /* 0 = OpenMP default */
    const char *command_line; /* recorded in the file */
    FILE *progress;           /* stderr; a bar is drawn only on a terminal */
    int no_fork;              /* run every scenario from month 0 (no shared history) */
} sim_run_options;

/* What a run measured, for --timing and the benchmarks. */
typedef struct sim_run_stats {
    double synth_s, step_s, write_s; /* seconds */
    double agent_months;             /* persons x months simulated */
    size_t persons, households;      /* of the last world */
    size_t column_bytes;             /* agent columns of the last world */
    size_t peak_rss;                 /* bytes */
    int64_t fork_month;              /* the scenarios shared months 0..fork_month-1 (0: no fork) */
} sim_run_stats;

/* Run every loaded scenario for its replicates and write one results file.
 * Scenarios in one file must agree on months, replicates, seed and scale. */
int sim_run_all(const sim_model_ops *m, sim_loaded *l, size_t n, const sim_run_options *opt,
                sim_run_stats *stats, sim_errs *errs);

#endif
