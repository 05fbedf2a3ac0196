/* crossings verify and crossings seal: check a results file's seal, or seal
 * again a file changed on purpose (docs/FORMAT.md, "Seal"). */
#include "cli_seal.h"

#include "../sim/sim_h5_util.h"
#include "../sim/sim_seal.h"
#include "cli_util.h"

#include <hdf5.h>
#include <stdio.h>
#include <string.h>

static const char usage_verify[] =
    "usage: crossings verify FILE...\n"
    "\n"
    "Check that each results, sweep or shard file is whole: the CRC-32 that\n"
    "crossings wrote into it (its seal) matches its contents. Every command that\n"
    "reads a file checks this first; verify only says so. Prints 'FILE: intact'\n"
    "for each good file.\n"
    "\n"
    "exit status: 0 every file intact, 2 a file damaged, changed or foreign.\n";

static const char usage_seal[] =
    "usage: crossings seal FILE...\n"
    "\n"
    "Accept a change made on purpose to a file crossings wrote (for example a\n"
    "cost_usd dataset added with h5py, docs/FORMAT.md): the file is opened with\n"
    "HDF5 to check that it is still a readable HDF5 file, then its seal is\n"
    "written again. Readers refuse a file whose seal does not match, since that\n"
    "is what a damaged copy looks like; seal only files you changed yourself.\n"
    "\n"
    "exit status: 0 sealed, 1 failure while writing, 2 a file crossings did not\n"
    "write or HDF5 cannot open.\n";

/* The files after the command's name; -1 (an error printed) when none. */
static int files_of(const char *cmd, int argc, char **argv, const char *usage, int *first)
{
    *first = 1;
    if (*first < argc && strcmp(argv[*first], "--") == 0)
        (*first)++;
    else if (*first < argc && argv[*first][0] == '-') {
        char what[1100];
        snprintf(what, sizeof what, "unknown option '%.500s' (a file of that name: ./%.500s)",
                 argv[*first], argv[*first]);
        return cli_usage_error(cmd, what, usage);
    }
    return *first >= argc ? cli_usage_error(cmd, "no file given", usage) : 0;
}

/* Apply fn to every file of argv; "FILE: done" for each that passes, the
 * error for each that fails; the worst exit code. */
static int each_file(const char *cmd, int argc, char **argv, const char *usage,
                     int (*fn)(const char *path, sim_err *e), const char *done)
{
    if (cli_wants_help(argc, argv))
        return fputs(usage, stdout), 0;
    int first, rc = files_of(cmd, argc, argv, usage, &first), worst = 0;
    for (int i = first; !rc && i < argc; i++) {
        sim_err e;
        sim_err_clear(&e);
        int c = fn(argv[i], &e);
        if (c) {
            sim_err_print(&e, stderr);
            worst = worst > sim_err_exit_code(c) ? worst : sim_err_exit_code(c);
        } else {
            printf("%s: %s\n", argv[i], done);
        }
    }
    return rc ? rc : worst;
}

int cli_cmd_verify(int argc, char **argv)
{
    return each_file("verify", argc, argv, usage_verify, sim_seal_check, "intact");
}

/* Seal one file after checking that HDF5 opens it. */
static int seal_one(const char *path, sim_err *e)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0)
        return SIM_RAISE(e, SIM_EINPUT, "%s: HDF5 cannot open it: not sealed", path);
    H5Fclose(f);
    return sim_seal_write(path, e);
}

int cli_cmd_seal(int argc, char **argv)
{
    return each_file("seal", argc, argv, usage_seal, seal_one, "sealed");
}
