/* What every subcommand checks before it starts: its options (with the
 * argument at fault named), its input files and its output. */
#define _XOPEN_SOURCE 700 /* strdup */
#include "cli_util.h"

#include "../sim/sim_mpi.h"
#include "../sim/sim_paths.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define TAG_VERDICT 911 /* rank 0's verdict to the other ranks */

/* Does option val (a short option char or a long option's val) take a value? */
static int takes_value(int val, const char *shortopts, const struct option *opts)
{
    const char *s = val > 0 && val < 128 ? strchr(shortopts, val) : NULL;
    if (s && val != ':' && s[1] == ':')
        return 1;
    for (size_t i = 0; opts && opts[i].name; i++)
        if (opts[i].val == val && !opts[i].flag && opts[i].has_arg == required_argument)
            return 1;
    return 0;
}

/* The argument getopt_long stopped at: after an unknown short option the
 * cluster is argv[optind] while characters of it remain, else argv[optind-1]. */
static const char *offending(int argc, char **argv)
{
    if (optopt > 0 && optopt < 128 && optind < argc) {
        const char *prev = argv[optind - 1];
        size_t n = strlen(prev);
        int ended_here = prev[0] == '-' && prev[1] != '-' && n > 1 && prev[n - 1] == optopt;
        if (!ended_here)
            return argv[optind];
    }
    return argv[optind - 1];
}

int cli_bad_option(const char *cmd, int argc, char **argv, const char *shortopts,
                   const struct option *opts, const char *usage)
{
    const char *bad = offending(argc, argv);
    char what[600];
    struct stat st;
    if (optopt && takes_value(optopt, shortopts, opts))
        snprintf(what, sizeof what, "option '%s' needs a value", bad);
    else if (bad[0] == '-' && bad[1] != '-' && (strchr(bad, '.') || stat(bad, &st) == 0))
        snprintf(what, sizeof what,
                 "unknown option '%s' (for a file of that name, write ./%s, or put it after --)",
                 bad, bad);
    else
        snprintf(what, sizeof what, "unknown option '%s'", bad);
    return cli_usage_error(cmd, what, usage);
}

int cli_check_inputs(char *const *paths, size_t n)
{
    sim_errs errs;
    sim_errs_init(&errs);
    int rc = SIM_OK;
    for (size_t i = 0; i < n; i++) {
        sim_err e;
        sim_err_clear(&e);
        if (sim_paths_check_input(paths[i], &e))
            rc = sim_errs_add(&errs, &e);
    }
    if (rc)
        return cli_print_errs(&errs, rc);
    sim_errs_release(&errs);
    return 0;
}

int cli_check_output(const char *out, int is_dir, const char *const *inputs, size_t n)
{
    sim_err e;
    sim_err_clear(&e);
    int rc = sim_paths_check_output(out, is_dir ? SIM_PATHS_DIR : SIM_PATHS_FILE, inputs, n, &e);
    if (rc && sim_mpi_rank() == 0)
        sim_err_print(&e, stderr);
    return rc ? sim_err_exit_code(rc) : 0;
}

int cli_share_verdict(int rc)
{
    int n = sim_mpi_size();
    if (n == 1)
        return rc;
    if (sim_mpi_rank() == 0) {
        for (int r = 1; r < n; r++)
            sim_mpi_send(&rc, sizeof rc, r, TAG_VERDICT);
        return rc;
    }
    return sim_mpi_recv(&rc, sizeof rc, 0, TAG_VERDICT) ? 1 : rc;
}

int cli_default_output(const char *name, const char *suffix, char *out, size_t cap,
                       const char *const *inputs, size_t n)
{
    snprintf(out, cap, "results/%s%s.h5", name, suffix);
    struct stat st;
    if (stat("results", &st) != 0)
        return 0; /* made by cli_make_results once every check passed */
    return cli_check_output(out, 0, inputs, n);
}

int cli_make_results(void)
{
    if (mkdir("results", 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "crossings: error: results: cannot make the folder: %s\n", strerror(errno));
        return 1;
    }
    return 0;
}
