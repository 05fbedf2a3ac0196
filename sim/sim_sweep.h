/* Parameter sweeps (docs/GUIDE-CLUSTER.md, docs/FORMAT.md "Sweep files").
 *
 * A sweep design file (YAML) names a base scenario, the parameters to vary
 * (any row of the parameter tables, intervention settings included) and a
 * design that places points in their ranges:
 *
 *   scenario: ../baseline.yaml     base scenario, relative to this file
 *   name, description              optional
 *   seed: 7                        run.seed of every task (default: the
 *                                  scenario's); also keys latin and morris
 *   replicates: 6                  per point (default: the scenario's)
 *   summaries_from_month: 12       per-task summaries over months M.. (default 0)
 *   set: {run.months: 36}          fixed settings on top of the scenario
 *   design: {type: latin, points: 16}   grid | list | latin | sobol |
 *                                  saltelli | morris; points (saltelli: the
 *                                  base sample n; morris: trajectories);
 *                                  levels (morris, even, default 4)
 *   parameters:
 *     decide.base_hazard: {min: 0.002, max: 0.02}        latin .. morris
 *     decide.norm_female: {min: 0.5, max: 2, scale: log}
 *     interventions.awareness_campaign.venue: {values: [community, school]}
 *                                                        grid (crossed), list (zipped)
 *
 * Tasks: point p, replicate r is task t = r * P + p (P points). Its random
 * numbers are keyed (seed, r), whatever runs it: common random numbers across
 * points, and the same numbers serially, under mpirun or as shards. */
#ifndef SIM_SWEEP_H
#define SIM_SWEEP_H

#include "sim_error.h"
#include "sim_model.h"
#include "sim_run.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef enum sim_design_kind {
    SIM_DESIGN_GRID,
    SIM_DESIGN_LIST,
    SIM_DESIGN_LATIN,
    SIM_DESIGN_SOBOL,
    SIM_DESIGN_SALTELLI,
    SIM_DESIGN_MORRIS
} sim_design_kind;

extern const char *const sim_design_names[]; /* "grid", "list", ... by kind */

/* One varied parameter. */
typedef struct sim_sweep_param {
    char path[SIM_ERR_KEY];
    const sim_param_desc *desc;
    double min, max; /* continuous designs */
    int log;         /* scale: log */
    size_t n_values; /* grid and list: values as written */
    char (*values)[SIM_PARAM_STR_MAX];
    int line, col; /* where the design names it */
} sim_sweep_param;

/* A fixed setting (set:). */
typedef struct sim_sweep_set {
    char path[SIM_ERR_KEY];
    char text[SIM_PARAM_STR_MAX];
    int line, col;
} sim_sweep_set;

typedef struct sim_sweep {
    char path[SIM_ERR_PATH]; /* the design file */
    char name[SIM_SCENARIO_NAME_MAX];
    char description[SIM_SCENARIO_DESC_MAX];
    char *text;                       /* the design file's text (owned) */
    char scenario_path[SIM_ERR_PATH]; /* resolved against the design's folder */
    sim_design_kind kind;
    size_t n_req;    /* design.points (saltelli: n; morris: trajectories) */
    unsigned levels; /* morris */
    int64_t seed, replicates, summaries_from;
    int has_seed, has_replicates;
    sim_sweep_param *par;
    size_t k;
    sim_sweep_set *set;
    size_t n_set;
    /* the points: n_points rows of k values, as text (what is applied) and as
     * numbers (NAN for text and choices); unit: the design in [0,1]^k
     * (continuous designs; NULL otherwise) */
    size_t n_points;
    char (*point_text)[SIM_PARAM_STR_MAX]; /* [n_points * k] */
    double *point_value;                   /* [n_points * k] */
    double *unit;                          /* [n_points * k] or NULL */
    sim_loaded base;                       /* the base scenario, with set: applied */
    int has_base;
} sim_sweep;

/* Read and check a design file: the base scenario, every parameter name,
 * range and value, and every point (each applied to the base and checked by
 * the model's validate), before any task runs. Errors name the design file,
 * line, column and key, with what is allowed. */
int sim_sweep_load(const sim_model_ops *m, const char *path, sim_sweep *sw, sim_errs *errs);
void sim_sweep_release(sim_sweep *sw);

/* The parameters of point p: the base scenario's with the point applied.
 * params and run must have room (model's struct_size, sim_settings). */
int sim_sweep_point_params(const sim_model_ops *m, const sim_sweep *sw, size_t p, void *params,
                           sim_settings *run, sim_errs *errs);

/* What a sweep reports per task: the caller's derived figures of the run's
 * series [month][area][group][metric] (months from..months-1). */
typedef struct sim_sweep_summary {
    size_t n;
    const char *const *names;
    int (*compute)(const double *series, size_t months, size_t n_areas, const sim_model_ops *m,
                   const sim_settings *run, size_t from, double *out, sim_err *err);
} sim_sweep_summary;

typedef struct sim_sweep_options {
    const char *output;       /* results file */
    int threads;              /* OpenMP threads per task (0: default) */
    const char *command_line; /* recorded */
    FILE *progress;           /* the bar (drawn only on a terminal); NULL: none */
    FILE *plan;               /* the plan and disk estimate; NULL: quiet */
    int shard_k, shard_n;     /* run slice k of n (1-based); 0, 0: everything */
    int full;                 /* --output-level full: every task's monthly series */
    const char *until;        /* summary name, or NULL */
    double until_halfwidth;   /* 95% interval half-width wanted */
    int64_t max_replicates;   /* cap of --until */
    int force;                /* overwrite a file from another design */
    int dry_run;              /* print the plan and the disk estimate, run nothing */
} sim_sweep_options;

typedef struct sim_sweep_stats {
    size_t tasks_total; /* of this shard */
    size_t tasks_run;   /* this time (the rest were resumed) */
    size_t tasks_resumed;
    double seconds;
    double estimate_bytes;
    int already_complete; /* the file was there, finished, from this design */
} sim_sweep_stats;

/* Run the sweep (or its shard), resuming from OUTPUT.journal when a run of the
 * same design was interrupted, and write OUTPUT. */
int sim_sweep_run(const sim_model_ops *m, const sim_sweep *sw, const sim_sweep_summary *sum,
                  const sim_sweep_options *opt, sim_sweep_stats *stats, sim_errs *errs);

/* Join shard files of one design into out. */
int sim_sweep_merge(const char *const *parts, size_t n_parts, const char *out,
                    const char *command_line, sim_errs *errs);

#endif
