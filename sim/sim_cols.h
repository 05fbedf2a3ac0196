/* Column storage for agents (struct of arrays).
 *
 * A model describes its agent columns in a table of sim_col_spec rows (name,
 * element size, where the column pointer lives in the model's struct) and
 * sim_cols_alloc makes all of them in one allocation, each column 64-byte
 * aligned, after checking the total against the memory available. Columns are
 * zeroed. The engine can then account for (bench) and, later, checkpoint the
 * columns without knowing what they mean. */
#ifndef SIM_COLS_H
#define SIM_COLS_H

#include "sim_error.h"

#include <stddef.h>

typedef struct sim_col_spec {
    const char *name;  /* column name, e.g. "age_months" */
    size_t elem_size;  /* bytes per row */
    size_t ptr_offset; /* offset of the column pointer in the holder struct */
} sim_col_spec;

typedef struct sim_cols {
    void *base;   /* the one allocation; NULL when released */
    size_t bytes; /* size of the allocation */
    size_t n_rows;
    const sim_col_spec *specs;
    size_t n_specs;
} sim_cols;

/* Bytes needed for n_rows rows of these columns (with alignment padding). */
size_t sim_cols_bytes(const sim_col_spec *specs, size_t n_specs, size_t n_rows);

/* Allocate the columns for n_rows rows and store each column pointer into
 * holder at its spec's ptr_offset. Fails with SIM_ENOMEM, naming what, when the
 * total exceeds the memory available (sim_mem_available) or malloc fails. */
int sim_cols_alloc(sim_cols *c, void *holder, const sim_col_spec *specs, size_t n_specs,
                   size_t n_rows, const char *what, sim_err *err);

/* Free the columns; the holder's pointers become dangling. Safe on a zeroed c. */
void sim_cols_release(sim_cols *c);

/* Bytes of memory this process could still allocate without swapping
 * (MemAvailable from /proc/meminfo); SIZE_MAX when unknown. */
size_t sim_mem_available(void);

/* Peak resident set size of this process in bytes (0 when unknown). */
size_t sim_mem_peak_rss(void);

#endif
