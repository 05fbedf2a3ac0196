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
    "  -q, --quiet            no summary on stdout\n"
    "  -h, --help             show this help\n"
    "\n"
    "Under mpirun the replicates are shared among the ranks and rank 0 writes the\n"
    "file; the numbers are the same as without MPI.\n";

static const char usage_validate[] =
    "usage: crossings validate FILE...\n"
    "\n"
    "Check scenario files (keys, types, ranges, bases) and the data tables they\n"
    "name, without running. Prints 'FILE: ok' for each good file; every error\n"
    "as FILE:LINE:COL: key: what is wrong (expected ...). Exit 2 on any error.\n";

static const char usage_params[] =
    "usage: crossings params [--text | --markdown | --yaml] [SCENARIO.yaml]\n"
    "\n"
    "List every parameter with its value, allowed range, unit, meaning and\n"
    "source (a citation key of the evidence, or 'assumption'). Without a\n"
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

int cli_unknown_option(const char *cmd, const char *bad, const char *usage)
{
    char what[256];
    snprintf(what, sizeof what, "unknown option or missing value: '%s'", bad);
    return cli_usage_error(cmd, what, usage);
}

/* Has argv a -h/--help before any "--"? */
int cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
            return 1;
    return 0;
}

typedef struct run_args {
    const char *output;
    int threads;
    int timing, quiet, no_fork;
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
    OPT_NO_FORK
};

static int run_option(run_args *a, int c, const char *arg, const char *bad)
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
    default:
        return cli_unknown_option("run", bad, usage_run);
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
        {NULL, 0, NULL, 0},
    };
    opterr = 0;
    optind = 1;
    int c, rc = 0;
    while (!rc && (c = getopt_long(argc, argv, "o:q", opts, NULL)) != -1)
        rc = run_option(a, c, optarg, argv[optind - 1]);
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

/* results/NAME.h5, making results/ when needed. */
static int default_output(const sim_loaded *l, char *buf, size_t cap)
{
    if (mkdir("results", 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "crossings: error: results: cannot make the folder: %s\n", strerror(errno));
        return 1;
    }
    snprintf(buf, cap, "results/%s.h5", l->sc.name);
    return 0;
}

/* Load and check every scenario; all errors of all files in one pass. */
static int load_all(const sim_model_ops *m, char **paths, size_t n, const run_args *a,
                    sim_loaded *l, sim_errs *errs)
{
    int rc = SIM_OK;
    for (size_t i = 0; i < n; i++) {
        int rc1 = sim_run_load(m, paths[i], a ? a->ov : NULL, a ? a->n_ov : 0, &l[i], errs);
        size_t first = errs->n;
        if (rc1 == SIM_OK)
            rc1 = m->validate(l[i].params, errs);
        /* the model's checks name a key: say where the scenario set it */
        for (size_t k = first; k < errs->n; k++)
            if (!errs->v[k].file[0] && errs->v[k].key[0])
                sim_scenario_locate(&l[i].sc, errs->v[k].key, &errs->v[k]);
        rc = rc ? rc : rc1;
    }
    return rc;
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
                      const char *cmdline)
{
    char out[SIM_ERR_PATH];
    if (a->output)
        snprintf(out, sizeof out, "%s", a->output);
    else if (default_output(&l[0], out, sizeof out))
        return 1;
    sim_run_options opt = {out, a->threads, cmdline, stderr, a->no_fork};
    sim_run_stats stats;
    sim_errs errs;
    sim_errs_init(&errs);
    int rc = sim_run_all(m, l, n, &opt, &stats, &errs);
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
    size_t n = rc ? 0 : (size_t)(argc - optind);
    sim_loaded *l = rc ? NULL : calloc(n, sizeof *l);
    if (!rc && l) {
        sim_errs errs;
        sim_errs_init(&errs);
        int lrc = load_all(m, argv + optind, n, a, l, &errs);
        cli_join_args(argc, argv, cmdline, 8192);
        rc = lrc ? cli_print_errs(&errs, lrc)
                 : (sim_errs_release(&errs), run_loaded(m, l, n, a, cmdline));
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

static int cmd_validate(int argc, char **argv, const sim_model_ops *m)
{
    if (cli_wants_help(argc, argv))
        return fputs(usage_validate, stdout), 0;
    if (argc < 2)
        return cli_usage_error("validate", "no file given", usage_validate);
    int worst = 0;
    for (int i = 1; i < argc; i++) {
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

static int cmd_params(int argc, char **argv, const sim_model_ops *m)
{
    if (cli_wants_help(argc, argv))
        return fputs(usage_params, stdout), 0;
    sim_param_listing how = SIM_PARAM_TEXT;
    const char *scenario = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--markdown") == 0)
            how = SIM_PARAM_MARKDOWN;
        else if (strcmp(argv[i], "--yaml") == 0)
            how = SIM_PARAM_YAML;
        else if (strcmp(argv[i], "--text") == 0)
            how = SIM_PARAM_TEXT;
        else if (argv[i][0] != '-' && !scenario)
            scenario = argv[i];
        else
            return cli_usage_error("params", "expected --text, --markdown, --yaml or one scenario",
                                   usage_params);
    }
    sim_loaded l;
    sim_errs errs;
    sim_errs_init(&errs);
    int rc = scenario ? sim_run_load(m, scenario, NULL, 0, &l, &errs) : SIM_OK;
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
    int markdown = argc == 2 && strcmp(argv[1], "--markdown") == 0;
    if (argc > 2 || (argc == 2 && !markdown && strcmp(argv[1], "--text") != 0))
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
            rc = cli_unknown_option("compare", argv[optind - 1], usage_compare);
    }
    if (!rc && optind >= argc)
        rc = cli_usage_error("compare", "no results file given", usage_compare);
    else if (!rc && optind + 1 < argc)
        rc = cli_usage_error("compare", "expected one results file", usage_compare);
    a->file = rc ? NULL : argv[optind];
    return rc;
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
