/* Subcommands for parameter sweeps (cli -> models, analysis). */
#ifndef CLI_SWEEP_H
#define CLI_SWEEP_H

#include "../sim/sim_model.h"

int cli_cmd_sweep(int argc, char **argv, const sim_model_ops *m);
int cli_cmd_merge(int argc, char **argv);
int cli_cmd_sensitivity(int argc, char **argv);

#endif
