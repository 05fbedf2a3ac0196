/* Parameter tables: the engine's view of "every parameter declared once".
 *
 * A model declares its parameters in one table of sim_param_desc rows (see
 * models/mdl_params.def) and the engine declares its run settings the same way
 * (sim_run.h). From a table come: defaults, range validation, the YAML binding
 * (sim_config.h), the listings of `crossings params`, and the parameter record
 * in each results file. Values live in a plain C struct; each row knows the
 * offset of its field. */
#ifndef SIM_PARAM_H
#define SIM_PARAM_H

#include "sim_error.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef enum sim_param_type {
    SIM_PT_DOUBLE, /* double field */
    SIM_PT_INT,    /* int64_t field */
    SIM_PT_BOOL,   /* int field, 0 or 1; YAML true/false */
    SIM_PT_ENUM,   /* int field holding the index into `choices` */
    SIM_PT_STRING, /* char[SIM_PARAM_STR_MAX] field */
    SIM_PT_PATH    /* like STRING; a relative path is resolved against the
                      directory of the scenario file that sets it */
} sim_param_type;

#define SIM_PARAM_STR_MAX 256

typedef struct sim_param_desc {
    const char *path; /* dotted YAML key path, e.g. "ageing.mortality_scale" */
    sim_param_type type;
    size_t offset;       /* offset of the field in the values struct */
    double def;          /* default for numbers, bool, enum index */
    double min, max;     /* inclusive range for numbers */
    const char *def_str; /* default for strings; NULL otherwise */
    const char *choices; /* enum: comma-separated names, e.g. "low,high" */
    const char *unit;    /* "1/year", "months", "share", "-" */
    const char *meaning; /* one line */
    const char *source;  /* citation key from EVIDENCE.md, or "assumption" */
} sim_param_desc;

typedef struct sim_param_table {
    const char *name; /* "run" or the model's name */
    const sim_param_desc *rows;
    size_t n_rows;
    size_t struct_size;
} sim_param_table;

/* Fill every field of vals (a struct of t->struct_size bytes) with its default. */
void sim_param_set_defaults(const sim_param_table *t, void *vals);

/* The plausible range (the prior) a row's source carries, as in
 * "assumption [0.2, 0.6]" or "calibrated [3, 24]": 1 and the bounds when it
 * has one, else 0. */
int sim_param_prior(const sim_param_desc *d, double *lo, double *hi);

/* Row whose path equals path, or NULL. */
const sim_param_desc *sim_param_find(const sim_param_table *t, const char *path);

/* Does any row's path start with prefix followed by '.'? (a group of keys) */
int sim_param_is_group(const sim_param_table *t, const char *prefix);

/* Index of name in an enum row's choices, or -1. */
int sim_param_enum_index(const sim_param_desc *d, const char *name);
/* Name of choice i of an enum row, copied into buf. */
const char *sim_param_enum_name(const sim_param_desc *d, int i, char *buf, size_t cap);

/* Format the value of row d in vals as text (YAML scalar syntax). */
void sim_param_format(const sim_param_desc *d, const void *vals, char *buf, size_t cap);

/* Describe what row d allows, e.g. "a number from 0 to 1", "one of: a, b". */
void sim_param_allowed(const sim_param_desc *d, char *buf, size_t cap);

/* Check every value of vals against its range; append one error per violation
 * to errs. Returns SIM_OK or SIM_EINPUT. */
int sim_param_check(const sim_param_table *t, const void *vals, sim_errs *errs);

typedef enum sim_param_listing {
    SIM_PARAM_TEXT,
    SIM_PARAM_MARKDOWN,
    SIM_PARAM_YAML
} sim_param_listing;

/* Print the table with the values in vals (defaults when vals is NULL). YAML
 * output is nested and loadable as a scenario. */
void sim_param_print(const sim_param_table *t, const void *vals, sim_param_listing how, FILE *f);

static inline double *sim_param_double(const sim_param_desc *d, void *vals)
{
    return (double *)(void *)((char *)vals + d->offset);
}
static inline int64_t *sim_param_int(const sim_param_desc *d, void *vals)
{
    return (int64_t *)(void *)((char *)vals + d->offset);
}
static inline int *sim_param_flag(const sim_param_desc *d, void *vals)
{
    return (int *)(void *)((char *)vals + d->offset);
}
static inline char *sim_param_str(const sim_param_desc *d, void *vals)
{
    return (char *)vals + d->offset;
}

#endif
