/* A short human summary of a results file, read back from the file itself
 * with HDF5 (the same way any user's reader sees it). */
#ifndef ANA_SUMMARY_H
#define ANA_SUMMARY_H

#include "../sim/sim_error.h"

#include <stdio.h>

/* Print, for each scenario in the results file at path: population by group at
 * the start and end of the run (mean over replicates), and deaths, births and
 * mean age over the run. */
int ana_summary_print(const char *path, FILE *out, sim_err *err);

#endif
