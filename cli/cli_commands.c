#include "cli_commands.h"
#include "cli_report.h"
#include "cli_results.h"
#include "cli_seal.h"
#include "cli_sweep.h"
#include "cli_util.h"

#include "../analysis/ana_compare.h"
#include "../analysis/ana_summary.h"
#include "../sim/sim_h5.h"
#include "../sim/sim_mpi.h"
#include "../sim/sim_paths.h"
#include "../sim/sim_run.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_OVERRIDES 256

static const char usage_main[] =
    "usage: crossings <command> [options]\n"
    "\n"
    "Gendered migration and trafficking risk from Cambodia and Myanmar: an\n"
    "agent-based simulation.\n"
    "\n"
    "commands:\n"
    "  run SCENARIO.yaml...   simulate scenarios and write a results file (HDF5)\n"
    "  compare FILE           compare the scenarios of a results file with a baseline\n"
    "  sweep DESIGN.yaml      run a parameter sweep (threads, mpirun, or --shard K/N)\n"
    "  merge PART.h5... -o F  join the shards of a sweep into one file\n"
    "  sensitivity FILE       Sobol or Morris sensitivity indices of a sweep\n"
    "  report FILE -o F.html  an HTML report with charts, for a run or a sweep\n"
    "  export FILE --csv DIR  tidy CSV files for spreadsheets, R and pandas\n"
    "  summarize FILE         a short summary of a results or sweep file\n"
    "  validate FILE...       check scenario files and their data tables, run nothing\n"
    "  verify FILE...         check that results files are whole (their seal matches)\n"
    "  seal FILE...           accept a change made on purpose to a results file\n"
    "  params [SCENARIO]      list every parameter: value, range, unit, meaning, source\n"
    "  metrics                list every output metric: kind, units, meaning\n"
    "\n"
    "options:\n"
    "  -h, --help             show this help (crossings COMMAND --help for a command)\n"
    "  -V, --version          show the version and source revision\n"
    "\n"
    "exit status: 0 success, 1 failure while running, 2 bad input.\n";

static const char usage_run[] =
    "usage: crossings run SCENARIO.yaml... [options]\n"
    "\n"
    "Simulate each scenario for its replicates, month by month, and write one\n"
    "results file. Several scenarios share seeds (common random numbers), so\n"
    "their differences are the policies' effects, not noise.\n"
    "\n"
    "options:\n"
    "  -o, --output FILE      results file (default results/NAME.h5, NAME the first\n"
    "                         scenario's name); written to FILE.tmp-PID, renamed when done\n"
    "  --replicates N         replicates per scenario (run.replicates)\n"
    "  --seed S               random seed, 0 to 4294967295 (run.seed)\n"
    "  --scale X              fraction of the real population simulated: 0.01 is 1:100,\n"
    "                         1 is everyone, 0.001 the smallest (run.scale)\n"
    "  --months M             months simulated (run.months)\n"
    "  --threads T            OpenMP threads (default: all cores); results do not depend\n"
    "                         on it\n"
    "  --set KEY=VALUE        set any parameter, e.g. --set demography.infant_mortality=0.02\n"
    "  --timing               print timing and memory figures on stderr\n"
    "  --no-fork              run every scenario from month 0; by default scenarios that\n"
    "                         agree until their first intervention or shock share those\n"
    "                         months (run once, then forked: the same numbers, cheaper)\n"
    "  --force                start even when the estimated file or memory exceeds the\n"
    "                         free disk or the available memory (the estimate is printed)\n"
    "  -q, --quiet            no summary on stdout\n"
    "  -h, --help             show this help\n"
    "\n"
    "Before anything runs, the run is refused (exit 2) when the output is a folder,\n"
    "one of the scenario files, or in a folder that does not exist, and when the file\n"
    "(up to replicates x months x areas x groups x metrics x 8 bytes, and the\n"
    "episodes) or the memory (about 53 bytes a person) would not fit. A file whose\n"
    "name starts with '-' is written ./-NAME, or after --.\n"
    "\n"
    "Under mpirun the replicates are shared among the ranks and rank 0 writes the\n"
    "file; the numbers are the same as without MPI.\n";

static const char usage_validate[] =
    "usage: crossings validate [--] FILE...\n"
    "\n"
    "Check scenario files (keys, types, ranges, bases, the scenario's name) and the\n"
    "data tables they name, without running: the checks crossings run makes of each\n"
    "file before it starts. Prints 'FILE: ok' for each good file; every error\n"
    "as FILE:LINE:COL: key: what is wrong (expected ...). Exit 2 on any error.\n"
    "-- ends the options: validate -- -dash.yaml checks the file -dash.yaml.\n";

static const char usage_params[] =
    "usage: crossings params [--text | --markdown | --yaml] [SCENARIO.yaml]\n"
    "\n"
    "List every parameter with its value, allowed range, unit, meaning and\n"
    "source: a citation key of the evidence where the source holds the value;\n"
    "'assumption [lo, hi]' for a guess and 'calibrated [lo, hi]' for a value\n"
    "fitted to the targets, each with its plausible range (the prior of\n"
    "a fitted calibration); 'scenario' for what a scenario chooses. Without a\n"
    "scenario the values are the defaults; with one, the values it resolves to.\n"
    "--yaml prints a complete scenario file.\n";

static const char usage_metrics[] =
    "usage: crossings metrics [--text | --markdown]\n"
    "\n"
    "List every metric a results file holds, one dataset each shaped\n"
    "[replicate][month][area][group]: its kind (stock at the end of the month,\n"
    "flow during the month, or sum over persons), units and meaning.\n";

static const char usage_compare[] =
    "usage: crossings compare FILE [--baseline NAME] [--format text|csv|json] [--from M]\n"
    "\n"
    "Compare every scenario of a results file (crossings run a.yaml b.yaml ... -o FILE)\n"
    "with a baseline scenario, replicate by replicate: the scenarios share seeds\n"
    "(common random numbers), so replicate r of a scenario is paired with replicate r\n"
    "of the baseline. For women, men, girls, boys and all persons, over the run (from\n"
    "month M on with --from, e.g. the month the policy starts):\n"
    "trafficking incidence per 100,000 a year, re-trafficking rate (share of new\n"
    "episodes), migrations a year (real population), decent-work share of migration\n"
    "and detection ratio (docs/FORMAT.md, \"Derived figures\"). For each: the\n"
    "baseline's and the scenario's means, the mean paired difference with its 95%\n"
    "interval (Student t, n-1 degrees of freedom; flagged when it includes zero or n\n"
    "is 1), the percent change, the share of pairs in which the scenario is better,\n"
    "and the replicates n behind it (a replicate whose ratio has a zero denominator\n"
    "is left out). Also the cost per trafficking case averted, from the\n"
    "interventions' cost per person reached (metric intervention_cost_usd).\n"
    "\n"
    "options:\n"
    "  --baseline NAME        the scenario compared against (default: the one named\n"
    "                         baseline, else the first in the file)\n"
    "  --format FORMAT        text: a table per scenario (default); csv: one row per\n"
    "                         scenario, group and indicator; json: one object\n"
    "  --from M               compare months M to the end only (default 0)\n"
    "  -h, --help             show this help\n";

/* Under mpirun every rank finds the same errors; rank 0 reports them. */
int cli_print_errs(sim_errs *errs, int code)
{
    if (sim_mpi_rank() == 0)
        sim_errs_print(errs, stderr);
    sim_errs_release(errs);
    return sim_err_exit_code(code);
}

int cli_usage_error(const char *cmd, const char *what, const char *usage)
{
    fprintf(stderr, "crossings: error: %s%s%s\n\n%s", cmd, cmd[0] ? ": " : "", what, usage);
    return EXIT_INPUT;
}

/* Has argv a -h/--help before any "--"? */
int cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
            return 1;
    return 0;
}

typedef struct run_args {
    const char *output;
    int threads;
    int timing, quiet, no_fork, force;
    sim_override ov[MAX_OVERRIDES];
    size_t n_ov;
    char *set_keys[MAX_OVERRIDES]; /* owned copies of --set keys */
    size_t n_keys;
} run_args;

static int add_override(run_args *a, const char *path, const char *text, const char *origin)
{
    if (a->n_ov == MAX_OVERRIDES)
        return cli_usage_error("run", "too many settings (expected at most 256)", usage_run);
    a->ov[a->n_ov++] = (sim_override){path, text, origin};
    return 0;
}

static int add_set(run_args *a, const char *kv)
{
    const char *eq = strchr(kv, '=');
    if (!eq || eq == kv)
        return cli_usage_error("run", "--set needs KEY=VALUE (expected e.g. --set run.months=24)",
                               usage_run);
    char *key = strndup(kv, (size_t)(eq - kv));
    if (!key)
        return 1;
    a->set_keys[a->n_keys++] = key;
    return add_override(a, key, eq + 1, "--set");
}

int cli_parse_threads(const char *s, int *out)
{
    char *end;
    errno = 0;
    long t = strtol(s, &end, 10);
    if (!*s || *end || errno || t < 1 || t > MAX_THREADS) {
        fprintf(stderr,
                "crossings: error: --threads: '%s' is not allowed (expected a whole number "
                "from 1 to %d)\n",
                s, MAX_THREADS);
        return EXIT_INPUT;
    }
    *out = (int)t;
    return 0;
}

enum {
    OPT_REPLICATES = 256,
    OPT_SEED,
    OPT_SCALE,
    OPT_MONTHS,
    OPT_THREADS,
    OPT_SET,
    OPT_TIMING,
    OPT_NO_FORK,
    OPT_FORCE
};

static int run_option(run_args *a, int c, const char *arg)
{
    switch (c) {
    case 'o':
        a->output = arg;
        return 0;
    case 'q':
        a->quiet = 1;
        return 0;
    case OPT_REPLICATES:
        return add_override(a, "run.replicates", arg, "--replicates");
    case OPT_SEED:
        return add_override(a, "run.seed", arg, "--seed");
    case OPT_SCALE:
        return add_override(a, "run.scale", arg, "--scale");
    case OPT_MONTHS:
        return add_override(a, "run.months", arg, "--months");
    case OPT_THREADS:
        return cli_parse_threads(arg, &a->threads);
    case OPT_SET:
        return add_set(a, arg);
    case OPT_TIMING:
        a->timing = 1;
        return 0;
    case OPT_NO_FORK:
        a->no_fork = 1;
        return 0;
    case OPT_FORCE:
        a->force = 1;
        return 0;
    default:
        return cli_usage_error("run", "unknown option", usage_run);
    }
}

static int parse_run(int argc, char **argv, run_args *a)
{
    static const struct option opts[] = {
        {"output", required_argument, NULL, 'o'},
        {"quiet", no_argument, NULL, 'q'},
        {"replicates", required_argument, NULL, OPT_REPLICATES},
        {"seed", required_argument, NULL, OPT_SEED},
        {"scale", required_argument, NULL, OPT_SCALE},
        {"months", required_argument, NULL, OPT_MONTHS},
        {"threads", required_argument, NULL, OPT_THREADS},
        {"set", required_argument, NULL, OPT_SET},
        {"timing", no_argument, NULL, OPT_TIMING},
        {"no-fork", no_argument, NULL, OPT_NO_FORK},
        {"force", no_argument, NULL, OPT_FORCE},
        {NULL, 0, NULL, 0},
    };
    opterr = 0;
    optind = 1;
    int c, rc = 0;
    while (!rc && (c = getopt_long(argc, argv, "o:q", opts, NULL)) != -1)
        rc = c == '?' ? cli_bad_option("run", argc, argv, "o:q", opts, usage_run)
                      : run_option(a, c, optarg);
    if (!rc && optind >= argc)
        rc = cli_usage_error("run", "no scenario file given", usage_run);
    return rc;
}

void cli_join_args(int argc, char **argv, char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < argc && used < cap; i++)
        used += (size_t)snprintf(buf + used, cap - used, "%s%s", i ? " " : "", argv[i]);
}

/* A scenario name must name a results group and a file (results/NAME.h5):
 * the check run makes before running, and validate too. */
static int check_name(const sim_loaded *l, sim_errs *errs)
{
    sim_err e;
    sim_err_clear(&e);
    if (!sim_paths_check_name(l->sc.name, &e))
        return SIM_OK;
    sim_scenario_locate(&l->sc, "name", &e);
    if (!e.file[0])
        sim_err_locate(&e, l->sc.path, 0, 0, "name");
    return sim_errs_add(errs, &e);
}

/* Load and check every scenario; all errors of all files in one pass. */
static int load_all(const sim_model_ops *m, char **paths, size_t n, const run_args *a,
                    sim_loaded *l, sim_errs *errs)
{
    int rc = SIM_OK;
    for (size_t i = 0; i < n; i++) {
        int rc1 = sim_run_load(m, paths[i], a ? a->ov : NULL, a ? a->n_ov : 0, &l[i], errs);
        size_t first = errs->n;
        if (rc1 == SIM_OK) {
            int rc2 = check_name(&l[i], errs);
            rc1 = m->validate(l[i].params, errs);
            rc1 = rc1 ? rc1 : rc2;
        }
        /* the model's checks name a key: say where the scenario set it */
        for (size_t k = first; k < errs->n; k++)
            if (!errs->v[k].file[0] && errs->v[k].key[0])
                sim_scenario_locate(&l[i].sc, errs->v[k].key, &errs->v[k]);
        rc = rc ? rc : rc1;
    }
    return rc;
}

/* Scenarios of one file need names of their own. */
static int check_unique(const sim_loaded *l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(l[i].sc.name, l[j].sc.name) == 0) {
                fprintf(stderr,
                        "crossings: error: %s: two scenarios are named '%s' (%s too; expected "
                        "unique names)\n",
                        l[i].sc.path, l[i].sc.name, l[j].sc.path);
                return EXIT_INPUT;
            }
    return 0;
}

/* Will the run's file and worlds fit the disk and memory (estimates from the
 * area tables, nothing synthesised)? Refused unless --force. */
static int run_fits(const sim_model_ops *m, const sim_loaded *l, size_t n, const run_args *a,
                    const char *out)
{
    if (!m->world_size)
        return 0;
    sim_world_size ws;
    sim_errs errs;
    sim_errs_init(&errs);
    int rc = m->world_size(l[0].params, &l[0].run, a->threads, &ws, &errs);
    if (rc)
        return cli_print_errs(&errs, rc);
    sim_errs_release(&errs);
    sim_paths_layout lay = {(size_t)l[0].run.months,
                            ws.n_areas,
                            m->n_groups,
                            m->n_metrics,
                            (double)ws.n_agents,
                            ws.events_per_agent_month,
                            m->events ? m->events->n_cols : 0};
    double runs = (double)n * (double)l[0].run.replicates;
    double worlds = n > 1 && !a->no_fork && m->world_fork ? 2 : 1; /* a trunk and a branch */
    sim_err e;
    sim_err_clear(&e);
    rc = sim_paths_check_fits("the run", out, sim_paths_run_bytes(&lay, runs),
                              sim_paths_memory_bytes(&lay, ws.bytes, worlds), a->force, stderr, &e);
    if (rc)
        sim_err_print(&e, stderr);
    return sim_err_exit_code(rc);
}

/* Everything refused before running (rank 0): names, the output (-o FILE or
 * results/NAME.h5, results/ made only when all is well), disk and memory. */
static int run_checks(const sim_model_ops *m, const sim_loaded *l, size_t n, const run_args *a,
                      char **paths, char *out, size_t cap)
{
    const char *const *inputs = (const char *const *)paths;
    int rc = check_unique(l, n);
    if (!rc && a->output) {
        snprintf(out, cap, "%s", a->output);
        rc = cli_check_output(out, 0, inputs, n);
    } else if (!rc)
        rc = cli_default_output(l[0].sc.name, "", out, cap, inputs, n);
    rc = rc ? rc : run_fits(m, l, n, a, out);
    return rc || a->output ? rc : cli_make_results();
}

static void print_timing(const sim_run_stats *s, int threads)
{
    fprintf(stderr,
            "timing: persons=%zu households=%zu threads=%d synth_s=%.3f step_s=%.3f "
            "write_s=%.3f agent_months=%.0f agent_months_per_s=%.0f column_bytes=%zu "
            "peak_rss_bytes=%zu bytes_per_person=%.1f fork_month=%lld\n",
            s->persons, s->households, threads, s->synth_s, s->step_s, s->write_s, s->agent_months,
            s->step_s > 0 ? s->agent_months / s->step_s : 0.0, s->column_bytes, s->peak_rss,
            s->persons ? (double)s->peak_rss / (double)s->persons : 0.0, (long long)s->fork_month);
}

static int run_loaded(const sim_model_ops *m, sim_loaded *l, size_t n, const run_args *a,
                      char **paths, const char *cmdline)
{
    char out[SIM_ERR_PATH] = "unused"; /* ranks other than 0 write nothing */
    int rc = sim_mpi_rank() == 0 ? run_checks(m, l, n, a, paths, out, sizeof out) : 0;
    if ((rc = cli_share_verdict(rc)))
        return rc;
    sim_run_options opt = {out, a->threads, cmdline, stderr, a->no_fork};
    sim_run_stats stats;
    sim_errs errs;
    sim_errs_init(&errs);
    rc = sim_run_all(m, l, n, &opt, &stats, &errs);
    if (rc)
        return cli_print_errs(&errs, rc);
    sim_errs_release(&errs);
    if (sim_mpi_rank() != 0)
        return 0;
    if (a->timing)
        print_timing(&stats, a->threads);
    if (!a->quiet) {
        sim_err e;
        sim_err_clear(&e);
        if ((rc = ana_summary_print(out, stdout, &e))) {
            sim_err_print(&e, stderr);
            return sim_err_exit_code(rc);
        }
        printf("wrote %s\n", out);
    }
    return 0;
}

static int cmd_run(int argc, char **argv, const sim_model_ops *m)
{
    if (cli_wants_help(argc, argv))
        return fputs(usage_run, stdout), 0;
    run_args *a = calloc(1, sizeof *a);
    char *cmdline = malloc(8192);
    if (!a || !cmdline)
        return free(a), free(cmdline), 1;
    int rc = parse_run(argc, argv, a);
    rc = rc ? rc : cli_check_inputs(argv + optind, (size_t)(argc - optind));
    size_t n = rc ? 0 : (size_t)(argc - optind);
    sim_loaded *l = rc ? NULL : calloc(n, sizeof *l);
    if (!rc && l) {
        sim_errs errs;
        sim_errs_init(&errs);
        int lrc = load_all(m, argv + optind, n, a, l, &errs);
        cli_join_args(argc, argv, cmdline, 8192);
        rc = lrc ? cli_print_errs(&errs, lrc)
                 : (sim_errs_release(&errs), run_loaded(m, l, n, a, argv + optind, cmdline));
    }
    for (size_t i = 0; i < n && l; i++)
        sim_loaded_release(&l[i]);
    for (size_t i = 0; i < a->n_keys; i++)
        free(a->set_keys[i]);
    free(l);
    free(a);
    free(cmdline);
    return rc;
}

/* Options of commands that have none but -h: "--" ends them; anything
 * else starting with '-' is refused. Sets optind to the first operand. */
static int no_options(const char *cmd, int argc, char **argv, const char *usage)
{
    static const struct option none[] = {{NULL, 0, NULL, 0}};
    opterr = 0;
    optind = 1;
    if (getopt_long(argc, argv, "", none, NULL) != -1)
        return cli_bad_option(cmd, argc, argv, "", none, usage);
    return 0;
}

/* The checks run makes before running, of each file on its own. */
static int cmd_validate(int argc, char **argv, const sim_model_ops *m)
{
    if (cli_wants_help(argc, argv))
        return fputs(usage_validate, stdout), 0;
    int worst = no_options("validate", argc, argv, usage_validate);
    if (worst)
        return worst;
    if (optind >= argc)
        return cli_usage_error("validate", "no file given", usage_validate);
    for (int i = optind; i < argc; i++) {
        if (cli_check_inputs(&argv[i], 1)) {
            worst = EXIT_INPUT;
            continue;
        }
        sim_loaded l;
        sim_errs errs;
        sim_errs_init(&errs);
        int rc = load_all(m, &argv[i], 1, NULL, &l, &errs);
        if (rc)
            worst = worst > sim_err_exit_code(rc) ? worst : cli_print_errs(&errs, rc);
        else
            printf("%s: ok (scenario %s)\n", argv[i], l.sc.name), sim_errs_release(&errs);
        sim_loaded_release(&l);
    }
    return worst;
}

static sim_param_listing params_listing(int c)
{
    return c == 'm' ? SIM_PARAM_MARKDOWN : c == 'y' ? SIM_PARAM_YAML : SIM_PARAM_TEXT;
}

static int parse_params(int argc, char **argv, sim_param_listing *how, const char **scenario)
{
    static const struct option opts[] = {
        {"markdown", no_argument, NULL, 'm'},
        {"yaml", no_argument, NULL, 'y'},
        {"text", no_argument, NULL, 't'},
        {NULL, 0, NULL, 0},
    };
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1)
        if (c == '?')
            return cli_bad_option("params", argc, argv, "", opts, usage_params);
        else
            *how = params_listing(c);
    if (optind + 1 < argc)
        return cli_usage_error("params", "expected --text, --markdown, --yaml and one scenario",
                               usage_params);
    *scenario = optind < argc ? argv[optind] : NULL;
    return *scenario ? cli_check_inputs(&argv[optind], 1) : 0;
}

static int cmd_params(int argc, char **argv, const sim_model_ops *m)
{
    if (cli_wants_help(argc, argv))
        return fputs(usage_params, stdout), 0;
    sim_param_listing how = SIM_PARAM_TEXT;
    const char *scenario = NULL;
    int rc = parse_params(argc, argv, &how, &scenario);
    if (rc)
        return rc;
    sim_loaded l;
    sim_errs errs;
    sim_errs_init(&errs);
    rc = scenario ? sim_run_load(m, scenario, NULL, 0, &l, &errs) : SIM_OK;
    if (rc) {
        sim_loaded_release(&l);
        return cli_print_errs(&errs, rc);
    }
    if (how == SIM_PARAM_YAML)
        printf("# crossings %s parameters (%s)\n", m->name, scenario ? scenario : "defaults");
    sim_param_print(&sim_settings_table, scenario ? &l.run : NULL, how, stdout);
    if (how == SIM_PARAM_MARKDOWN)
        printf("\n");
    sim_param_print(m->params, scenario ? l.params : NULL, how, stdout);
    if (scenario)
        sim_loaded_release(&l);
    return 0;
}

static const char *kind_word(sim_metric_kind k)
{
    return k == SIM_METRIC_STOCK ? "stock" : k == SIM_METRIC_FLOW ? "flow" : "sum";
}

static int cmd_metrics(int argc, char **argv, const sim_model_ops *m)
{
    if (cli_wants_help(argc, argv))
        return fputs(usage_metrics, stdout), 0;
    static const struct option opts[] = {
        {"markdown", no_argument, NULL, 'm'},
        {"text", no_argument, NULL, 't'},
        {NULL, 0, NULL, 0},
    };
    int markdown = 0, c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1)
        if (c == '?')
            return cli_bad_option("metrics", argc, argv, "", opts, usage_metrics);
        else
            markdown = c == 'm';
    if (optind < argc)
        return cli_usage_error("metrics", "expected --text or --markdown", usage_metrics);
    if (markdown)
        printf("| metric | kind | units | meaning |\n|---|---|---|---|\n");
    for (size_t k = 0; k < m->n_metrics; k++) {
        const sim_metric_desc *d = &m->metrics[k];
        if (markdown)
            printf("| `%s` | %s | %s | %s |\n", d->name, kind_word(d->kind), d->unit, d->meaning);
        else
            printf("%-22s %-5s %-22s %s\n", d->name, kind_word(d->kind), d->unit, d->meaning);
    }
    return 0;
}

typedef struct compare_args {
    const char *file, *baseline;
    ana_format format;
    size_t from;
} compare_args;

static int parse_from(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-' || v > 100000) {
        fprintf(stderr,
                "crossings: error: --from: '%s' is not allowed (expected a month: a whole "
                "number from 0)\n",
                s);
        return EXIT_INPUT;
    }
    *out = (size_t)v;
    return 0;
}

static int parse_format(const char *s, ana_format *out)
{
    static const char *const names[] = {"text", "csv", "json"};
    static const ana_format formats[] = {ANA_FORMAT_TEXT, ANA_FORMAT_CSV, ANA_FORMAT_JSON};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = formats[i];
            return 0;
        }
    fprintf(stderr,
            "crossings: error: --format: '%s' is not allowed (expected text, csv or json)\n", s);
    return EXIT_INPUT;
}

enum { OPT_BASELINE = 512, OPT_FORMAT, OPT_FROM };

static int parse_compare(int argc, char **argv, compare_args *a)
{
    static const struct option opts[] = {
        {"baseline", required_argument, NULL, OPT_BASELINE},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"from", required_argument, NULL, OPT_FROM},
        {NULL, 0, NULL, 0},
    };
    opterr = 0;
    optind = 1;
    int c, rc = 0;
    while (!rc && (c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == OPT_BASELINE)
            a->baseline = optarg;
        else if (c == OPT_FORMAT)
            rc = parse_format(optarg, &a->format);
        else if (c == OPT_FROM)
            rc = parse_from(optarg, &a->from);
        else
            rc = cli_bad_option("compare", argc, argv, "", opts, usage_compare);
    }
    if (!rc && optind >= argc)
        rc = cli_usage_error("compare", "no results file given", usage_compare);
    else if (!rc && optind + 1 < argc)
        rc = cli_usage_error("compare", "expected one results file", usage_compare);
    a->file = rc ? NULL : argv[optind];
    return rc ? rc : cli_check_inputs(&argv[optind], 1);
}

static int cmd_compare(int argc, char **argv)
{
    if (cli_wants_help(argc, argv))
        return fputs(usage_compare, stdout), 0;
    compare_args a = {NULL, NULL, ANA_FORMAT_TEXT, 0};
    int rc = parse_compare(argc, argv, &a);
    if (rc || sim_mpi_rank() != 0)
        return rc;
    sim_err e;
    sim_err_clear(&e);
    if ((rc = ana_compare_print(a.file, a.baseline, a.from, a.format, stdout, &e))) {
        sim_err_print(&e, stderr);
        return sim_err_exit_code(rc);
    }
    return 0;
}

static int dispatch(int argc, char **argv, const sim_model_ops *model)
{
    if (argc < 2)
        return cli_usage_error("", "no command given", usage_main);
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0)
        return fputs(usage_main, stdout), 0;
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        printf("crossings %s (revision %s)\n", sim_version(), sim_revision());
        return 0;
    }
    if (strcmp(cmd, "run") == 0)
        return cmd_run(argc - 1, argv + 1, model);
    if (strcmp(cmd, "compare") == 0)
        return cmd_compare(argc - 1, argv + 1);
    if (strcmp(cmd, "sweep") == 0)
        return cli_cmd_sweep(argc - 1, argv + 1, model);
    if (strcmp(cmd, "merge") == 0)
        return cli_cmd_merge(argc - 1, argv + 1);
    if (strcmp(cmd, "sensitivity") == 0)
        return cli_cmd_sensitivity(argc - 1, argv + 1);
    if (strcmp(cmd, "report") == 0)
        return cli_cmd_report(argc - 1, argv + 1);
    if (strcmp(cmd, "export") == 0)
        return cli_cmd_export(argc - 1, argv + 1);
    if (strcmp(cmd, "summarize") == 0)
        return cli_cmd_summarize(argc - 1, argv + 1);
    if (strcmp(cmd, "validate") == 0)
        return cmd_validate(argc - 1, argv + 1, model);
    if (strcmp(cmd, "verify") == 0)
        return cli_cmd_verify(argc - 1, argv + 1);
    if (strcmp(cmd, "seal") == 0)
        return cli_cmd_seal(argc - 1, argv + 1);
    if (strcmp(cmd, "params") == 0)
        return cmd_params(argc - 1, argv + 1, model);
    if (strcmp(cmd, "metrics") == 0)
        return cmd_metrics(argc - 1, argv + 1, model);
    char what[256];
    snprintf(what, sizeof what,
             "unknown command '%s' (expected run, compare, sweep, merge, sensitivity, report, "
             "export, summarize, validate, verify, seal, params or metrics)",
             cmd);
    return cli_usage_error("", what, usage_main);
}

int cli_main(int argc, char **argv, const sim_model_ops *model)
{
    if (sim_mpi_init(&argc, &argv)) {
        fprintf(stderr, "crossings: error: MPI failed to start\n");
        return 1;
    }
    int rc = dispatch(argc, argv, model);
    sim_mpi_finalize();
    return rc;
}
