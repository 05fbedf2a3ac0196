/* Subcommands for the seal of a results file (sim/sim_seal.h): verify and
 * seal (cli -> sim). */
#ifndef CLI_SEAL_H
#define CLI_SEAL_H

/* crossings verify FILE...: 0 when every file's seal matches, 2 otherwise. */
int cli_cmd_verify(int argc, char **argv);

/* crossings seal FILE...: seal files changed on purpose; 0 success, 1 failure
 * while writing, 2 a file crossings did not write. */
int cli_cmd_seal(int argc, char **argv);

#endif
