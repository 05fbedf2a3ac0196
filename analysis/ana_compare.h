/* Scenarios of one results file compared with a baseline scenario, replicate
 * by replicate (the scenarios share seeds: common random numbers), on the
 * derived figures of docs/FORMAT.md, read back from the file with HDF5. */
#ifndef ANA_COMPARE_H
#define ANA_COMPARE_H

#include "../sim/sim_error.h"
#include "ana_figures.h"

#include <stddef.h>
#include <stdio.h>

#define ANA_CONFIDENCE 0.95 /* level of the paired-difference intervals */

typedef enum ana_format { ANA_FORMAT_TEXT, ANA_FORMAT_CSV, ANA_FORMAT_JSON } ana_format;

/* Which way an indicator improves (NONE: neither, e.g. migration volume). */
typedef enum ana_better { ANA_BETTER_NONE, ANA_BETTER_LOWER, ANA_BETTER_HIGHER } ana_better;

/* A paired comparison of a scenario with its baseline. NAN marks what is
 * undefined. */
typedef struct ana_paired {
    size_t n;            /* pairs used: both values defined */
    double base_mean;    /* baseline mean over those pairs */
    double mean;         /* scenario mean over those pairs */
    double diff;         /* mean of the differences, scenario - baseline */
    double sd;           /* sample standard deviation of the differences (n >= 2) */
    double ci_low;       /* ANA_CONFIDENCE Student t interval of diff, n - 1 degrees */
    double ci_high;      /* of freedom (n >= 2) */
    double pct;          /* diff / base_mean x 100 (base_mean != 0) */
    double share_better; /* share of the pairs where the scenario is better (not NONE) */
    int ci_crosses_zero; /* the interval includes 0, or is undefined */
} ana_paired;

/* Compare x[r] (scenario) with b[r] (baseline), r < n, pair by pair; a pair
 * with a NAN on either side is left out. */
ana_paired ana_paired_diff(const double *x, const double *b, size_t n, ana_better better);

/* Compare every scenario of the results file at path with the scenario named
 * baseline (NULL: the one named "baseline", else the first in the file), over
 * months from_month to the end, and print the comparison in the format asked.
 * SIM_EINPUT when the file, the baseline, the month or a dataset the
 * comparison needs is missing. */
int ana_compare_print(const char *path, const char *baseline, size_t from_month, ana_format fmt,
                      FILE *out, sim_err *err);

/* The same comparison as data, for other reports (crossings report). */
typedef struct ana_comparison ana_comparison;
int ana_compare_load(const char *path, const char *baseline, size_t from_month,
                     ana_comparison **out, sim_err *err);
int ana_comparison_print(const ana_comparison *c, ana_format fmt, FILE *out, sim_err *err);
void ana_comparison_free(ana_comparison *c);
size_t ana_comparison_scenarios(const ana_comparison *c); /* in file order */
const char *ana_comparison_name(const ana_comparison *c, size_t i);
size_t ana_comparison_baseline(const ana_comparison *c);
size_t ana_comparison_groups(const ana_comparison *c); /* reporting groups, then "all" */
const char *ana_comparison_group(const ana_comparison *c, size_t g);
size_t ana_comparison_replicates(const ana_comparison *c);
/* Scenario i against the baseline, group g, indicator k (ANA_FIG_*); for the
 * baseline itself, mean is its own value. */
const ana_paired *ana_comparison_result(const ana_comparison *c, size_t i, size_t g, size_t k);
/* USD per trafficking case averted (NAN when undefined). */
double ana_comparison_cost(const ana_comparison *c, size_t i);

#endif
