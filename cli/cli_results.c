/* Subcommands for results users: export (tidy CSV files for spreadsheets, R
 * and pandas) and summarize (a results or sweep file on the terminal). */
#include "cli_results.h"

#include "../analysis/ana_export.h"
#include "../sim/sim_mpi.h"
#include "cli_util.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAMES_CAP  8192 /* the metric names listed after an unknown --metrics name */
#define LIST_WIDTH 78   /* columns of that list */

static const char usage_export[] =
    "usage: crossings export FILE.h5 --csv DIR [--metrics a,b,c] [--no-areas] [--from M]\n"
    "\n"
    "Write a results file (crossings run) or a sweep file (crossings sweep) as tidy\n"
    "CSV files, one value a row, for Excel, R and pandas. DIR is made when missing\n"
    "(one level). Each file is written to NAME.tmp-PID and renamed when every file\n"
    "is complete, so an interrupted export never leaves a half file; on an error\n"
    "nothing is written.\n"
    "\n"
    "from a results file:\n"
    "  metrics.csv     scenario,replicate,month,group,area,metric,value: every metric\n"
    "                  (counts as whole numbers, sums in full precision)\n"
    "  comparison.csv  what crossings compare FILE --format csv prints\n"
    "  episodes.csv    scenario, then the columns of each scenario's episode table\n"
    "  parameters.csv  scenario,name,value,unit,source: every parameter of the run\n"
    "from a sweep file:\n"
    "  summaries.csv   task,point,replicate,seed,summary,value: per-task summaries\n"
    "  points.csv      point,parameter,value,text: the design points\n"
    "  metrics.csv     task,point,replicate,month,group,area,metric,value: every\n"
    "                  task's series (sweeps run with --output-level full only)\n"
    "\n"
    "options:\n"
    "  --csv DIR              the folder to write the files in (required; not the\n"
    "                         results file)\n"
    "  --metrics a,b,c        only these metrics in metrics.csv (crossings metrics\n"
    "                         lists them), e.g. --metrics population,trafficked_new\n"
    "  --no-areas             sum over the origin areas: area 'all', 40 times fewer rows\n"
    "  --from M               months M to the end only, in metrics.csv and\n"
    "                         comparison.csv (default 0)\n"
    "  -q, --quiet            do not list the files written\n"
    "  -h, --help             show this help\n"
    "\n"
    "Excel opens at most 1,048,576 rows: a warning says when metrics.csv has more\n"
    "(--no-areas and --metrics make it smaller). Text is UTF-8, quoted as RFC 4180\n"
    "asks; lines end in LF. docs/FORMAT.md explains every column; pandas reads a\n"
    "file with pandas.read_csv (docs/examples/read_results.py).\n";

static const char usage_summarize[] =
    "usage: crossings summarize FILE.h5\n"
    "\n"
    "Print a short summary of a results file or a sweep file. A results file\n"
    "(crossings run): for each scenario the headline metrics by group, the mean\n"
    "over replicates, as crossings run prints them. A sweep file (crossings\n"
    "sweep): its name, design and points, the varied parameters with their\n"
    "ranges or values, tasks and replicates, output level, and for each derived\n"
    "figure of all persons (docs/FORMAT.md, \"Derived figures\") the mean over\n"
    "tasks and the range of the points' means over their replicates.\n"
    "\n"
    "options:\n"
    "  -h, --help             show this help\n";

enum { OPT_CSV = 900, OPT_METRICS, OPT_NO_AREAS, OPT_FROM };

typedef struct export_args {
    const char *file, *dir;
    int quiet;
    ana_export_options o;
} export_args;

static int bad_value(const char *opt, const char *v, const char *allowed)
{
    fprintf(stderr, "crossings: error: %s: '%s' is not allowed (expected %s)\n", opt, v, allowed);
    return EXIT_INPUT;
}

static int parse_from(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-' || v > 100000)
        return bad_value("--from", s, "a month: a whole number from 0");
    *out = (size_t)v;
    return 0;
}

/* Names separated by single commas, without spaces. */
static int parse_metrics(const char *s, const char **out)
{
    size_t n = strlen(s);
    if (n == 0 || s[0] == ',' || s[n - 1] == ',' || strstr(s, ",,") || strpbrk(s, " \t"))
        return bad_value("--metrics", s,
                         "metric names separated by commas, without spaces, e.g. "
                         "population,trafficked_new");
    *out = s;
    return 0;
}

static int export_option(export_args *a, int c, const char *arg)
{
    switch (c) {
    case 'q':
        a->quiet = 1;
        return 0;
    case OPT_CSV:
        a->dir = arg;
        return arg[0] ? 0 : bad_value("--csv", arg, "a folder");
    case OPT_METRICS:
        return parse_metrics(arg, &a->o.metrics);
    case OPT_NO_AREAS:
        a->o.no_areas = 1;
        return 0;
    case OPT_FROM:
        return parse_from(arg, &a->o.from_month);
    default:
        return cli_usage_error("export", "unknown option", usage_export);
    }
}

static int parse_export(int argc, char **argv, export_args *a)
{
    static const struct option opts[] = {
        {"csv", required_argument, NULL, OPT_CSV},
        {"metrics", required_argument, NULL, OPT_METRICS},
        {"no-areas", no_argument, NULL, OPT_NO_AREAS},
        {"from", required_argument, NULL, OPT_FROM},
        {"quiet", no_argument, NULL, 'q'},
        {NULL, 0, NULL, 0},
    };
    opterr = 0;
    optind = 1;
    int c, rc = 0;
    while (!rc && (c = getopt_long(argc, argv, "q", opts, NULL)) != -1)
        rc = c == '?' ? cli_bad_option("export", argc, argv, "q", opts, usage_export)
                      : export_option(a, c, optarg);
    if (!rc && optind >= argc)
        rc = cli_usage_error("export", "no results file given", usage_export);
    else if (!rc && optind + 1 < argc)
        rc = cli_usage_error("export", "expected one results file", usage_export);
    else if (!rc && !a->dir)
        rc = cli_usage_error("export", "no --csv DIR given (expected the folder for the CSV files)",
                             usage_export);
    a->file = rc ? NULL : argv[optind];
    return rc;
}

/* After an unknown --metrics name: the names the file has, wrapped. */
static void list_metrics(const char *path)
{
    char *names = malloc(NAMES_CAP);
    sim_err e;
    sim_err_clear(&e);
    if (!names || ana_export_metric_names(path, names, NAMES_CAP, &e)) {
        free(names);
        return;
    }
    fprintf(stderr, "the metrics of %s:\n ", path);
    size_t col = 1;
    for (char *tok = strtok(names, " "); tok; tok = strtok(NULL, " ")) {
        size_t len = strlen(tok);
        if (col + 1 + len > LIST_WIDTH)
            fputs("\n ", stderr), col = 1;
        fprintf(stderr, " %s", tok);
        col += 1 + len;
    }
    fputc('\n', stderr);
    free(names);
}

int cli_cmd_export(int argc, char **argv)
{
    if (cli_wants_help(argc, argv))
        return fputs(usage_export, stdout), 0;
    export_args a;
    memset(&a, 0, sizeof a);
    int rc = parse_export(argc, argv, &a);
    if (rc || sim_mpi_rank() != 0)
        return rc;
    rc = cli_check_inputs((char *const *)&a.file, 1);
    if (rc || (rc = cli_check_output(a.dir, 1, &a.file, 1)))
        return rc;
    a.o.log = a.quiet ? NULL : stdout;
    a.o.warn = stderr;
    sim_err e;
    sim_err_clear(&e);
    if ((rc = ana_export_csv(a.file, a.dir, &a.o, &e))) {
        sim_err_print(&e, stderr);
        if (strcmp(e.key, "--metrics") == 0)
            list_metrics(a.file);
        return sim_err_exit_code(rc);
    }
    return 0;
}

int cli_cmd_summarize(int argc, char **argv)
{
    if (cli_wants_help(argc, argv))
        return fputs(usage_summarize, stdout), 0;
    static const struct option opts[] = {{NULL, 0, NULL, 0}};
    opterr = 0;
    optind = 1;
    if (getopt_long(argc, argv, "", opts, NULL) != -1)
        return cli_bad_option("summarize", argc, argv, "", opts, usage_summarize);
    if (optind >= argc)
        return cli_usage_error("summarize", "no results file given", usage_summarize);
    if (optind + 1 < argc)
        return cli_usage_error("summarize", "expected one results file", usage_summarize);
    if (sim_mpi_rank() != 0)
        return 0;
    int rc = cli_check_inputs(&argv[optind], 1);
    if (rc)
        return rc;
    sim_err e;
    sim_err_clear(&e);
    rc = ana_summarize_print(argv[optind], stdout, &e);
    if (rc) {
        sim_err_print(&e, stderr);
        return sim_err_exit_code(rc);
    }
    return 0;
}
