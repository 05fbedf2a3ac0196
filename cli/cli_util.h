/* Helpers the subcommands share (cli_commands.c, cli_sweep.c). */
#ifndef CLI_UTIL_H
#define CLI_UTIL_H

#include "../sim/sim_error.h"

#include <stddef.h>

#define EXIT_INPUT  2
#define MAX_THREADS 1024

/* Print every error (rank 0 only under mpirun), free the list, return the
 * exit code of code. */
int cli_print_errs(sim_errs *errs, int code);
/* "crossings: error: CMD: WHAT" and the usage; returns EXIT_INPUT. */
int cli_usage_error(const char *cmd, const char *what, const char *usage);
int cli_unknown_option(const char *cmd, const char *bad, const char *usage);
/* Has argv a -h or --help? */
int cli_wants_help(int argc, char **argv);
int cli_parse_threads(const char *s, int *out);
/* The command line as one string, for the record in a results file. */
void cli_join_args(int argc, char **argv, char *buf, size_t cap);

#endif
