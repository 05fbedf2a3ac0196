/* Helpers the subcommands share (cli_commands.c, cli_sweep.c). */
#ifndef CLI_UTIL_H
#define CLI_UTIL_H

#include "../sim/sim_error.h"

#include <getopt.h>
#include <stddef.h>

#define EXIT_INPUT  2
#define MAX_THREADS 1024

/* Print every error (rank 0 only under mpirun), free the list, return the
 * exit code of code. */
int cli_print_errs(sim_errs *errs, int code);
/* "crossings: error: CMD: WHAT" and the usage; returns EXIT_INPUT. */
int cli_usage_error(const char *cmd, const char *what, const char *usage);
/* After getopt_long returned '?': names the argument at fault, "unknown
 * option '-x'" (with a hint for a file whose name starts with '-') or
 * "option '--x' needs a value", then the usage; returns EXIT_INPUT. */
int cli_bad_option(const char *cmd, int argc, char **argv, const char *shortopts,
                   const struct option *opts, const char *usage);
/* Has argv a -h or --help before any "--"? */
int cli_wants_help(int argc, char **argv);
int cli_parse_threads(const char *s, int *out);
/* The command line as one string, for the record in a results file. */
void cli_join_args(int argc, char **argv, char *buf, size_t cap);

/* Every input file a readable regular file (sim_paths_check_input), checked
 * before any is opened; prints every error; returns the exit code (0 ok). */
int cli_check_inputs(char *const *paths, size_t n);
/* out (a file, or with is_dir a folder made when missing) fit to be written
 * and none of the n inputs (sim_paths_check_output); prints the error;
 * returns the exit code (0 ok). */
int cli_check_output(const char *out, int is_dir, const char *const *inputs, size_t n);
/* The default output results/NAME SUFFIX.h5 in out, checked like -o when
 * results/ exists; returns the exit code (0 ok). Nothing is made. */
int cli_default_output(const char *name, const char *suffix, char *out, size_t cap,
                       const char *const *inputs, size_t n);
/* Make results/ when missing (after every check passed); 0 or 1. */
int cli_make_results(void);
/* Under mpirun: rank 0's exit code, sent to every rank (a check made on
 * rank 0 only stops them all); returns it. Without MPI: rc. */
int cli_share_verdict(int rc);

#endif
