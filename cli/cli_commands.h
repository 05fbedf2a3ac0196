/* The command line: subcommands run, validate, params (cli -> models, analysis). */
#ifndef CLI_COMMANDS_H
#define CLI_COMMANDS_H

#include "../sim/sim_model.h"

/* Parse argv and run the subcommand; returns the exit code: 0 success,
 * 1 failure while running, 2 bad input. */
int cli_main(int argc, char **argv, const sim_model_ops *model);

#endif
