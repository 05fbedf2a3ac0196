/* Subcommands for results users: export (CSV files) and summarize
 * (cli -> analysis). */
#ifndef CLI_RESULTS_H
#define CLI_RESULTS_H

/* crossings export FILE.h5 --csv DIR ...; returns the exit code: 0 success,
 * 1 failure while writing, 2 bad input. */
int cli_cmd_export(int argc, char **argv);

/* crossings summarize FILE.h5; exit codes as cli_cmd_export. */
int cli_cmd_summarize(int argc, char **argv);

#endif
