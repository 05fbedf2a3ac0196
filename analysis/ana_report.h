/* The HTML report of a results file (crossings report): one self-contained
 * page (no scripts, no network) with inline SVG charts, the tables of numbers
 * behind every chart, and an appendix with the scenarios and parameters.
 *
 * For a run file: trafficking over time by group, true and detected, with the
 * 95% interval across replicates; each scenario's effect against the baseline
 * (the numbers of crossings compare); the pathway funnel; composition by
 * sector and channel; origin areas; time from the end of an episode to
 * re-trafficking (Kaplan-Meier, from the episode table). For a sweep file:
 * the sensitivity ranking (saltelli, morris) and one-parameter response
 * curves. */
#ifndef ANA_REPORT_H
#define ANA_REPORT_H

#include "../sim/sim_error.h"

#include <stddef.h>

typedef struct ana_report_options {
    const char *baseline; /* run files: the scenario compared against (NULL: default) */
    const char *output;   /* sweep files: the summary shown (NULL: incidence, all) */
    const char *command_line;
} ana_report_options;

/* Write the report of the results or sweep file at path to html (through
 * html.tmp-PID, renamed when complete). SIM_EINPUT for a file that is not a
 * complete crossings results or sweep file. */
int ana_report_write(const char *path, const char *html, const ana_report_options *o, sim_err *err);

#endif
