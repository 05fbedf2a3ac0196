/* Results for spreadsheet users: tidy long-format CSV files from a results
 * file (crossings run) or a sweep file (crossings sweep), and a terminal
 * summary of either, read back with HDF5 one replicate or task at a time
 * (docs/FORMAT.md). */
#ifndef ANA_EXPORT_H
#define ANA_EXPORT_H

#include "../sim/sim_error.h"

#include <stddef.h>
#include <stdio.h>

/* Rows of a sheet in Excel, the header row included. */
#define ANA_EXCEL_MAX_ROWS 1048576

typedef struct ana_export_options {
    const char *metrics; /* comma-separated metric names for metrics.csv; NULL: all */
    int no_areas;        /* sum over areas: area column "all" */
    size_t from_month;   /* first month of metrics.csv (and of comparison.csv) */
    FILE *log;           /* one "wrote FILE: N rows" line per file; NULL: silent */
    FILE *warn;          /* warnings (Excel's row limit); NULL: none */
} ana_export_options;

/* Write the CSV files of the results or sweep file at path into the folder
 * dir, made when missing (one level). A results file gives metrics.csv,
 * comparison.csv, episodes.csv and parameters.csv; a sweep file gives
 * summaries.csv, points.csv and, when it holds series (output level full),
 * metrics.csv. Each file is written to NAME.tmp-PID and renamed into place
 * once every file is complete. SIM_EINPUT, with nothing written in dir, when
 * the file is missing, not a crossings results or sweep file, lacks a
 * dataset, or an option does not fit it (an unknown --metrics name: err's
 * key is "--metrics"); SIM_ERUN when writing fails. */
int ana_export_csv(const char *path, const char *dir, const ana_export_options *o, sim_err *err);

/* The names of the metrics the file at path holds (its first scenario's, or
 * its sweep's series), comma-separated, into buf (cut at cap): what
 * --metrics may name. Errors as ana_export_csv. */
int ana_export_metric_names(const char *path, char *buf, size_t cap, sim_err *err);

/* Print a summary of the file at path: for a results file what
 * ana_summary_print prints; for a sweep file its design, parameters and
 * their ranges, tasks, output level, and for each derived figure of all
 * persons the mean over tasks and the range of the points' means. Errors as
 * ana_export_csv. */
int ana_summarize_print(const char *path, FILE *out, sim_err *err);

#endif
