/* Reading the data tables (CSV) with precise errors.
 *
 * Plain comma-separated values: a header row naming the columns, then one
 * record per line. Lines starting with '#' before the header are comments.
 * Fields are not quoted. Errors name the file, line, column number and column
 * name, the bad text and what is allowed, like scenario errors. */
#ifndef SIM_CSV_H
#define SIM_CSV_H

#include "sim_error.h"

#include <stddef.h>

#define SIM_CSV_MAX_FIELDS 64

typedef struct sim_csv {
    char path[SIM_ERR_PATH];
    char *text; /* whole file, split in place */
    char *next; /* start of the next line */
    int line;   /* line number of the current record */
    size_t n_cols;
    char *cols[SIM_CSV_MAX_FIELDS];  /* header names */
    char *field[SIM_CSV_MAX_FIELDS]; /* current record */
    int field_col[SIM_CSV_MAX_FIELDS];
} sim_csv;

/* Open path and read its header. Errors are SIM_EINPUT naming the file. */
int sim_csv_open(sim_csv *c, const char *path, sim_err *err);
void sim_csv_release(sim_csv *c);

/* Advance to the next record: 1 when there is one, 0 at the end, or
 * -SIM_EINPUT with err set when the record has the wrong number of fields. */
int sim_csv_next(sim_csv *c, sim_err *err);

/* Index of a column, or -1 (with err set: missing column, listing the header). */
int sim_csv_column(const sim_csv *c, const char *name, sim_err *err);

/* The current record's field in column col (as text). */
const char *sim_csv_text(const sim_csv *c, int col);

/* Parse field col of the current record as a number in [min, max]. On error
 * append one to errs and return SIM_EINPUT. */
int sim_csv_double(const sim_csv *c, int col, double min, double max, double *out, sim_errs *errs);

#endif
