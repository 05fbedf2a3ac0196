/* crossings report: a results or sweep file as one self-contained HTML page. */
#include "cli_report.h"

#include "../analysis/ana_report.h"
#include "../sim/sim_mpi.h"
#include "cli_util.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char usage_report[] =
    "usage: crossings report FILE.h5 -o REPORT.html [--baseline NAME] [--output METRIC]\n"
    "\n"
    "Write one self-contained HTML page (no scripts, no network: open it in any browser,\n"
    "mail it, print it) with charts and the tables of numbers behind them.\n"
    "\n"
    "For a results file of crossings run: trafficking over time by group, true and\n"
    "detected, with 95% intervals across replicates; each scenario's effect on\n"
    "trafficking, re-trafficking and migration against the baseline (the numbers of\n"
    "crossings compare); the pathway from migration to re-trafficking; trafficking by\n"
    "sector and channel; origin areas; time to re-trafficking; and an appendix with the\n"
    "scenario files, replicates and every parameter with its source.\n"
    "For a sweep file of crossings sweep: the sensitivity ranking (saltelli or morris\n"
    "designs), the response to each parameter, and every point.\n"
    "\n"
    "options:\n"
    "  -o, --output-file FILE the report (required; not the results file, not a\n"
    "                         folder); written to FILE.tmp-PID, renamed when complete\n"
    "  --baseline NAME        the scenario compared against (default: the one named\n"
    "                         baseline, else the first)\n"
    "  --output METRIC        sweeps: the summary shown (default\n"
    "                         incidence_per_100k_year.all)\n"
    "  -h, --help             show this help\n";

enum { OPT_BASELINE = 900, OPT_OUTPUT };

int cli_cmd_report(int argc, char **argv)
{
    if (cli_wants_help(argc, argv))
        return fputs(usage_report, stdout), 0;
    static const struct option opts[] = {
        {"output-file", required_argument, NULL, 'o'},
        {"baseline", required_argument, NULL, OPT_BASELINE},
        {"output", required_argument, NULL, OPT_OUTPUT},
        {NULL, 0, NULL, 0},
    };
    const char *html = NULL;
    ana_report_options o = {NULL, NULL, NULL};
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
        if (c == 'o')
            html = optarg;
        else if (c == OPT_BASELINE)
            o.baseline = optarg;
        else if (c == OPT_OUTPUT)
            o.output = optarg;
        else
            return cli_bad_option("report", argc, argv, "o:", opts, usage_report);
    }
    if (optind >= argc)
        return cli_usage_error("report", "no results file given", usage_report);
    if (optind + 1 < argc)
        return cli_usage_error("report", "expected one results file", usage_report);
    if (!html)
        return cli_usage_error("report", "no report file given (expected -o REPORT.html)",
                               usage_report);
    if (sim_mpi_rank() != 0)
        return 0;
    int bad = cli_check_inputs(&argv[optind], 1);
    bad = bad ? bad : cli_check_output(html, 0, (const char *const *)&argv[optind], 1);
    if (bad)
        return bad;
    char cmdline[8192];
    cli_join_args(argc, argv, cmdline, sizeof cmdline);
    o.command_line = cmdline;
    sim_err e;
    sim_err_clear(&e);
    int rc = ana_report_write(argv[optind], html, &o, &e);
    if (rc) {
        sim_err_print(&e, stderr);
        return sim_err_exit_code(rc);
    }
    printf("wrote %s\n", html);
    return 0;
}
