/* The one interface through which a model plugs into the engine.
 *
 * The engine (sim/) knows nothing about migration or trafficking: it loads
 * scenarios into the model's parameter table, keys the random numbers, runs
 * the months, and writes the model's declared metrics. A model provides a
 * const sim_model_ops table, as a GSL generator provides a gsl_rng_type. */
#ifndef SIM_MODEL_H
#define SIM_MODEL_H

#include "sim_error.h"
#include "sim_param.h"
#include "sim_rng.h"
#include "sim_settings.h"

#include <stddef.h>
#include <stdint.h>

/* How a metric aggregates over a month. */
typedef enum sim_metric_kind {
    SIM_METRIC_STOCK, /* a count at the end of the month */
    SIM_METRIC_FLOW,  /* events during the month */
    SIM_METRIC_SUM    /* a sum of a quantity (e.g. USD) over agents */
} sim_metric_kind;

typedef struct sim_metric_desc {
    const char *name; /* dataset name, snake_case */
    sim_metric_kind kind;
    const char *unit;    /* "persons", "events", "USD" */
    const char *meaning; /* one line */
} sim_metric_desc;

/* A table of events a model records (one row per event, e.g. a trafficking
 * episode), written beside the metrics. Every column is a 32-bit integer. */
typedef struct sim_event_col {
    const char *name;
    const char *meaning;
} sim_event_col;

typedef struct sim_event_table {
    const char *name;    /* dataset name, e.g. "episodes" */
    const char *meaning; /* one line */
    const sim_event_col *cols;
    size_t n_cols;
} sim_event_table;

/* What a built world tells the engine about itself. Strings are owned by the
 * world and live as long as it. */
typedef struct sim_world_info {
    size_t n_areas;
    const char *const *area_code;    /* n_areas codes, e.g. "KH-1" */
    const char *const *area_name;    /* n_areas names */
    const char *const *area_country; /* n_areas country codes */
    size_t n_agents;                 /* persons */
    size_t n_households;
    size_t bytes; /* memory held by agent columns */
} sim_world_info;

/* What world_alloc would build, told from the data tables alone (without
 * synthesis), for the estimates made before a run (sim_paths.h). */
typedef struct sim_world_size {
    size_t n_areas;
    size_t n_agents;               /* persons at the run's scale */
    double bytes;                  /* memory of one world, estimated */
    double events_per_agent_month; /* rows of the event table, estimated */
} sim_world_size;

/* Everything a month needs from the engine. */
typedef struct sim_month {
    sim_rng_key key; /* (seed, replicate) */
    uint32_t month;  /* 0-based */
    int threads;     /* OpenMP threads (0 = default) */
    /* Metrics of this month, [area][group][metric], zeroed by the engine; the
     * model adds into it. */
    double *metrics;
} sim_month;

typedef struct sim_model_ops {
    const char *name;
    const sim_param_table *params;
    const sim_metric_desc *metrics;
    size_t n_metrics;
    const char *const *groups; /* reporting groups, e.g. women, men, girls, boys */
    size_t n_groups;
    /* Metrics a short summary shows, comma-separated (NULL: all of them). */
    const char *headline;

    /* Build a world (synthesise the population) from validated parameters.
     * Draws use key and month SIM_RNG_MONTH_SETUP. On failure frees what it
     * made, sets err and returns its status. */
    int (*world_alloc)(void **world, const void *params, const sim_settings *run, sim_rng_key key,
                       int threads, sim_errs *errs);
    /* Check what world_alloc would read (data tables) without building. */
    int (*validate)(const void *params, sim_errs *errs);
    void (*world_info)(const void *world, sim_world_info *info);
    /* Optional (NULL: no estimates): the size of the world world_alloc would
     * build from params, run and threads, read from the data tables alone;
     * errors as validate's. */
    int (*world_size)(const void *params, const sim_settings *run, int threads, sim_world_size *out,
                      sim_errs *errs);
    /* Advance one month: the model's phases, in order, then its metrics. */
    int (*step)(void *world, sim_month *m, sim_err *err);
    void (*world_free)(void *world);

    /* Optional event table (NULL for none) and, after the last month, the
     * events of the run: n_rows rows of events->n_cols int32, in an order that
     * does not depend on threads or ranks. The world owns the rows. */
    const sim_event_table *events;
    int (*events_take)(void *world, uint32_t last_month, const int32_t **rows, size_t *n_rows,
                       sim_err *err);

    /* Optional fork from a shared history. branch_month: the first month in
     * which runs of parameters a and b can differ (0: from the start; months:
     * never), with the same run settings and key. world_fork: a world for
     * params whose state is that of world (built like world_alloc, then the
     * state copied), to go on from the month world has reached. Scenarios that
     * agree up to month B run months 0..B-1 once and fork there; the numbers
     * are those of separate runs, bit for bit. */
    int64_t (*branch_month)(const void *params_a, const void *params_b, int64_t months);
    int (*world_fork)(const void *world, void **out, const void *params, const sim_settings *run,
                      sim_rng_key key, int threads, sim_errs *errs);
} sim_model_ops;

#endif
