/* Subcommands for parameter sweeps: sweep, merge, sensitivity. */
#include "cli_sweep.h"

#include "../analysis/ana_figures.h"
#include "../analysis/ana_sweep.h"
#include "../sim/sim_mpi.h"
#include "../sim/sim_sweep.h"
#include "cli_util.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_SUMMARIES 256

static const char usage_sweep[] =
    "usage: crossings sweep DESIGN.yaml [options]\n"
    "\n"
    "Run a parameter sweep: every point of the design (a base scenario with some\n"
    "parameters varied), each for its replicates, and write one results file with\n"
    "the design, seeds, per-task summaries (the derived figures of each reporting\n"
    "group) and provenance. Task t is point t % P, replicate t / P; its random\n"
    "numbers depend only on those, so the file is the same run serially, under\n"
    "mpirun or as shards. Finished tasks go to FILE.journal as they finish: run\n"
    "the same command again after a crash or kill and only what is missing runs.\n"
    "Design files: docs/CLUSTER.md; examples in scenarios/sweeps/.\n"
    "\n"
    "options:\n"
    "  -o, --output FILE        results file (default results/NAME.h5; with --shard\n"
    "                           results/NAME.part-K-of-N.h5)\n"
    "  --shard K/N              run only slice K of N (1 <= K <= N; points p with\n"
    "                           p % N = K - 1), e.g. --shard $SLURM_ARRAY_TASK_ID/N;\n"
    "                           join the slices with crossings merge\n"
    "  --output-level LEVEL     summary (default): per-task summaries; full: also\n"
    "                           every task's monthly series of every metric\n"
    "  --until METRIC:HALFWIDTH add replicates to each point (at least 6) until the\n"
    "                           95% interval of METRIC's mean is at most 2 x HALFWIDTH\n"
    "                           wide, e.g. --until incidence_per_100k_year.all:2\n"
    "  --max-replicates N       most replicates --until adds up to (default 100)\n"
    "  --threads T              OpenMP threads per task (default: all cores)\n"
    "  --force                  replace an output file or journal of another design;\n"
    "                           start even when the estimated disk or memory exceeds\n"
    "                           what is free (the estimate is printed)\n"
    "  --dry-run                check the design, print the plan and the disk and memory\n"
    "                           estimates (from the area tables: nothing is built), run\n"
    "                           and write nothing; exit 2 when the sweep would be refused\n"
    "  --timing                 print tasks per second on stderr\n"
    "  -q, --quiet              no plan or summary on stdout\n"
    "  -h, --help               show this help\n"
    "\n"
    "Before any task, the sweep is refused (exit 2) when the output is a folder, the\n"
    "design or its scenario, or in a missing folder, and when the journal's estimate\n"
    "exceeds the free disk or a task's memory the available memory.\n"
    "\n"
    "Under mpirun rank 0 hands tasks to the other ranks as they finish, runs tasks\n"
    "itself, and writes the file.\n";

static const char usage_merge[] =
    "usage: crossings merge PART.h5... -o SWEEP.h5 [--force]\n"
    "\n"
    "Join the shard files of one sweep (crossings sweep --shard K/N) into one\n"
    "sweep file, tasks in task order: the file a run without shards writes. It\n"
    "refuses shards of different designs, a shard given twice, and missing shards.\n"
    "\n"
    "options:\n"
    "  -o, --output FILE      the joined file (required; never a shard; not overwritten\n"
    "                         without --force)\n"
    "  --force                replace FILE if it exists\n"
    "  -h, --help             show this help\n";

static const char usage_sensitivity[] =
    "usage: crossings sensitivity SWEEP.h5 --output METRIC [--format text|csv]\n"
    "                             [--bootstrap N] [--seed S]\n"
    "\n"
    "Sensitivity indices of one per-task summary of a sweep, on the mean over each\n"
    "point's replicates: from a saltelli design, Sobol first-order and total\n"
    "indices with 95% percentile-bootstrap intervals; from a morris design, mu*,\n"
    "mu and sigma of the elementary effects. Parameters are ranked, most\n"
    "influential first.\n"
    "\n"
    "options:\n"
    "  --output METRIC        a summary name, e.g. incidence_per_100k_year.women\n"
    "                         (a figure alone means its .all)\n"
    "  --format FORMAT        text (default) or csv\n"
    "  --bootstrap N          bootstrap resamples (default 1000)\n"
    "  --seed S               seed of the bootstrap (default 1)\n"
    "  -h, --help             show this help\n";

/* ---- the summaries: the derived figures of every group ------------------------- */

static char summary_store[MAX_SUMMARIES][ANA_FIG_NAME_MAX];
static const char *summary_names[MAX_SUMMARIES];

static int summarize(const double *series, size_t months, size_t n_areas, const sim_model_ops *m,
                     const sim_settings *run, size_t from, double *out, sim_err *err)
{
    return ana_figures_of_series(series, months, n_areas, m->n_groups, m->metrics, m->n_metrics,
                                 run->scale, from, out, err);
}

static sim_sweep_summary make_summary(const sim_model_ops *m)
{
    size_t n = 0;
    if ((m->n_groups + 1) * ANA_N_FIG <= MAX_SUMMARIES)
        n = ana_figure_names(m->groups, m->n_groups, summary_store);
    for (size_t i = 0; i < n; i++)
        summary_names[i] = summary_store[i];
    return (sim_sweep_summary){n, summary_names, summarize};
}

/* ---- crossings sweep ------------------------------------------------------------------ */

typedef struct sweep_args {
    const char *design;
    sim_sweep_options o;
    int timing, quiet;
    char until[ANA_FIG_NAME_MAX];
} sweep_args;

enum {
    OPT_SHARD = 700,
    OPT_LEVEL,
    OPT_UNTIL,
    OPT_MAXREP,
    OPT_THREADS,
    OPT_FORCE,
    OPT_TIMING,
    OPT_FORMAT,
    OPT_BOOT,
    OPT_SEED,
    OPT_OUTPUT_METRIC,
    OPT_DRY_RUN
};

static int bad_value(const char *opt, const char *v, const char *allowed)
{
    fprintf(stderr, "crossings: error: %s: '%s' is not allowed (expected %s)\n", opt, v, allowed);
    return EXIT_INPUT;
}

static int parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (!*s || *end || errno || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

static int parse_shard(const char *s, sim_sweep_options *o)
{
    const char *slash = strchr(s, '/');
    char k[32];
    long kk, nn;
    if (!slash || (size_t)(slash - s) >= sizeof k)
        return bad_value("--shard", s, "K/N, whole numbers with 1 <= K <= N, e.g. 2/8");
    snprintf(k, sizeof k, "%.*s", (int)(slash - s), s);
    if (parse_long(k, 1, 1000000, &kk) || parse_long(slash + 1, 1, 1000000, &nn) || kk > nn)
        return bad_value("--shard", s, "K/N, whole numbers with 1 <= K <= N, e.g. 2/8");
    o->shard_k = (int)kk;
    o->shard_n = (int)nn;
    return 0;
}

static int parse_until(const char *s, sweep_args *a)
{
    const char *colon = strrchr(s, ':');
    char *end;
    if (!colon || colon == s || (size_t)(colon - s) >= sizeof a->until)
        return bad_value("--until", s, "METRIC:HALFWIDTH, e.g. incidence_per_100k_year.all:2");
    errno = 0;
    double hw = strtod(colon + 1, &end);
    if (!colon[1] || *end || errno || !(hw > 0) || !isfinite(hw))
        return bad_value("--until", s, "METRIC:HALFWIDTH with a positive half-width");
    snprintf(a->until, sizeof a->until, "%.*s", (int)(colon - s), s);
    if (!strchr(a->until, '.') && strlen(a->until) + 4 < sizeof a->until)
        strcat(a->until, ".all");
    a->o.until = a->until;
    a->o.until_halfwidth = hw;
    return 0;
}

static int sweep_option(sweep_args *a, int c, const char *arg)
{
    long v;
    switch (c) {
    case 'o':
        a->o.output = arg;
        return 0;
    case 'q':
        a->quiet = 1;
        return 0;
    case OPT_SHARD:
        return parse_shard(arg, &a->o);
    case OPT_LEVEL:
        if (strcmp(arg, "summary") != 0 && strcmp(arg, "full") != 0)
            return bad_value("--output-level", arg, "summary or full");
        a->o.full = strcmp(arg, "full") == 0;
        return 0;
    case OPT_UNTIL:
        return parse_until(arg, a);
    case OPT_MAXREP:
        if (parse_long(arg, 6, 100000, &v))
            return bad_value("--max-replicates", arg, "a whole number from 6 to 100000");
        a->o.max_replicates = v;
        return 0;
    case OPT_THREADS:
        return cli_parse_threads(arg, &a->o.threads);
    case OPT_FORCE:
        a->o.force = 1;
        return 0;
    case OPT_TIMING:
        a->timing = 1;
        return 0;
    case OPT_DRY_RUN:
        a->o.dry_run = 1;
        return 0;
    default:
        return cli_usage_error("sweep", "unknown option", usage_sweep);
    }
}

static int parse_sweep(int argc, char **argv, sweep_args *a)
{
    static const struct option opts[] = {
        {"output", required_argument, NULL, 'o'},
        {"quiet", no_argument, NULL, 'q'},
        {"shard", required_argument, NULL, OPT_SHARD},
        {"output-level", required_argument, NULL, OPT_LEVEL},
        {"until", required_argument, NULL, OPT_UNTIL},
        {"max-replicates", required_argument, NULL, OPT_MAXREP},
        {"threads", required_argument, NULL, OPT_THREADS},
        {"force", no_argument, NULL, OPT_FORCE},
        {"timing", no_argument, NULL, OPT_TIMING},
        {"dry-run", no_argument, NULL, OPT_DRY_RUN},
        {NULL, 0, NULL, 0},
    };
    opterr = 0;
    optind = 1;
    int c, rc = 0;
    while (!rc && (c = getopt_long(argc, argv, "o:q", opts, NULL)) != -1)
        rc = c == '?' ? cli_bad_option("sweep", argc, argv, "o:q", opts, usage_sweep)
                      : sweep_option(a, c, optarg);
    if (!rc && optind >= argc)
        rc = cli_usage_error("sweep", "no design file given", usage_sweep);
    else if (!rc && optind + 1 < argc)
        rc = cli_usage_error("sweep", "expected one design file", usage_sweep);
    if (!rc && a->o.max_replicates && !a->o.until)
        rc = cli_usage_error("sweep", "--max-replicates goes with --until", usage_sweep);
    a->design = rc ? NULL : argv[optind];
    return rc ? rc : cli_check_inputs(&argv[optind], 1);
}

/* The output (-o FILE, or results/NAME.h5 or NAME.part-K-of-N.h5), not the
 * design nor its scenario. results/ is made for a real run only (*made: it
 * was missing), and removed again if the sweep refuses to start. */
static int choose_output(const sim_sweep *sw, const sweep_args *a, char *out, size_t cap, int *made)
{
    const char *inputs[] = {sw->path, sw->scenario_path};
    if (a->o.output) {
        snprintf(out, cap, "%s", a->o.output);
        return cli_check_output(out, 0, inputs, 2);
    }
    char suffix[64] = "";
    if (a->o.shard_n)
        snprintf(suffix, sizeof suffix, ".part-%d-of-%d", a->o.shard_k, a->o.shard_n);
    int rc = cli_default_output(sw->name, suffix, out, cap, inputs, 2);
    struct stat st;
    *made = !rc && !a->o.dry_run && stat("results", &st) != 0;
    return rc || a->o.dry_run ? rc : cli_make_results();
}

static int run_sweep(const sim_model_ops *m, const sim_sweep *sw, sweep_args *a,
                     const char *cmdline)
{
    char out[SIM_ERR_PATH] = "unused"; /* ranks other than 0 write nothing */
    int made = 0;
    int rc = sim_mpi_rank() == 0 ? choose_output(sw, a, out, sizeof out, &made) : 0;
    if ((rc = cli_share_verdict(rc)))
        return rc;
    a->o.output = out;
    a->o.command_line = cmdline;
    a->o.progress = a->quiet ? NULL : stderr;
    if (a->o.until && !a->o.max_replicates)
        a->o.max_replicates = 100;
    sim_sweep_summary sum = make_summary(m);
    sim_sweep_stats st;
    sim_errs errs;
    sim_errs_init(&errs);
    sim_sweep_options o = a->o;
    o.plan = a->quiet && !o.dry_run ? NULL : stdout;
    rc = sim_sweep_run(m, sw, &sum, &o, &st, &errs);
    if (rc && made)
        rmdir("results"); /* only when still empty: refused before any work */
    if (rc)
        return cli_print_errs(&errs, rc);
    sim_errs_release(&errs);
    if (sim_mpi_rank() != 0)
        return 0;
    if (a->timing)
        fprintf(stderr,
                "timing: tasks=%zu tasks_run=%zu ranks=%d threads=%d seconds=%.3f "
                "tasks_per_s=%.4f\n",
                st.tasks_total, st.tasks_run, sim_mpi_size(), a->o.threads, st.seconds,
                st.seconds > 0 ? (double)st.tasks_run / st.seconds : 0.0);
    if (a->o.dry_run)
        return 0;
    if (!a->quiet) {
        if (st.already_complete)
            printf("%s is complete (%zu tasks of this design): nothing to run\n", out,
                   st.tasks_total);
        else
            printf("wrote %s: %zu tasks (%zu run now, %zu resumed) in %.1f s\n", out,
                   st.tasks_total, st.tasks_run, st.tasks_resumed, st.seconds);
    }
    return 0;
}

int cli_cmd_sweep(int argc, char **argv, const sim_model_ops *m)
{
    if (cli_wants_help(argc, argv))
        return fputs(usage_sweep, stdout), 0;
    sweep_args *a = calloc(1, sizeof *a);
    char *cmdline = malloc(8192);
    sim_sweep *sw = calloc(1, sizeof *sw);
    if (!a || !cmdline || !sw)
        return free(a), free(cmdline), free(sw), 1;
    int rc = parse_sweep(argc, argv, a);
    if (!rc) {
        cli_join_args(argc, argv, cmdline, 8192);
        sim_errs errs;
        sim_errs_init(&errs);
        int lrc = sim_sweep_load(m, a->design, sw, &errs);
        rc = lrc ? cli_print_errs(&errs, lrc)
                 : (sim_errs_release(&errs), run_sweep(m, sw, a, cmdline));
    }
    sim_sweep_release(sw);
    free(sw);
    free(a);
    free(cmdline);
    return rc;
}

/* ---- crossings merge ------------------------------------------------------------------- */

/* Before merging: readable shards, an output that is none of them, and not
 * an existing file unless --force. Returns the exit code (0: go on). */
static int merge_refusals(const char *out, char **parts, size_t n, int force)
{
    int bad = cli_check_inputs(parts, n);
    if (bad || (bad = cli_check_output(out, 0, (const char *const *)parts, n)))
        return bad;
    struct stat st;
    if (!force && stat(out, &st) == 0) {
        fprintf(stderr,
                "crossings: error: %s: exists; refusing to overwrite it (expected a new file, "
                "or --force)\n",
                out);
        return EXIT_INPUT;
    }
    return 0;
}

int cli_cmd_merge(int argc, char **argv)
{
    if (cli_wants_help(argc, argv))
        return fputs(usage_merge, stdout), 0;
    static const struct option opts[] = {
        {"output", required_argument, NULL, 'o'},
        {"force", no_argument, NULL, OPT_FORCE},
        {NULL, 0, NULL, 0},
    };
    const char *out = NULL;
    int force = 0, c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
        if (c == 'o')
            out = optarg;
        else if (c == OPT_FORCE)
            force = 1;
        else
            return cli_bad_option("merge", argc, argv, "o:", opts, usage_merge);
    }
    if (optind >= argc)
        return cli_usage_error("merge", "no shard files given", usage_merge);
    if (!out)
        return cli_usage_error("merge", "no output file given (expected -o SWEEP.h5)", usage_merge);
    if (sim_mpi_rank() != 0)
        return 0;
    int bad = merge_refusals(out, argv + optind, (size_t)(argc - optind), force);
    if (bad)
        return bad;
    char cmdline[8192];
    cli_join_args(argc, argv, cmdline, sizeof cmdline);
    sim_errs errs;
    sim_errs_init(&errs);
    int rc = sim_sweep_merge((const char *const *)(argv + optind), (size_t)(argc - optind), out,
                             cmdline, &errs);
    if (rc)
        return cli_print_errs(&errs, rc);
    sim_errs_release(&errs);
    printf("wrote %s from %d shards\n", out, argc - optind);
    return 0;
}

/* ---- crossings sensitivity ---------------------------------------------------------------- */

int cli_cmd_sensitivity(int argc, char **argv)
{
    if (cli_wants_help(argc, argv))
        return fputs(usage_sensitivity, stdout), 0;
    static const struct option opts[] = {
        {"output", required_argument, NULL, OPT_OUTPUT_METRIC},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"bootstrap", required_argument, NULL, OPT_BOOT},
        {"seed", required_argument, NULL, OPT_SEED},
        {NULL, 0, NULL, 0},
    };
    ana_sens_options o = {NULL, ANA_FORMAT_TEXT, 1000, 1};
    int c;
    long v;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == OPT_OUTPUT_METRIC)
            o.output = optarg;
        else if (c == OPT_FORMAT) {
            if (strcmp(optarg, "text") != 0 && strcmp(optarg, "csv") != 0)
                return bad_value("--format", optarg, "text or csv");
            o.format = strcmp(optarg, "csv") == 0 ? ANA_FORMAT_CSV : ANA_FORMAT_TEXT;
        } else if (c == OPT_BOOT) {
            if (parse_long(optarg, 100, 1000000, &v))
                return bad_value("--bootstrap", optarg, "a whole number from 100 to 1000000");
            o.n_boot = (size_t)v;
        } else if (c == OPT_SEED) {
            if (parse_long(optarg, 0, 4294967295L, &v))
                return bad_value("--seed", optarg, "a whole number from 0 to 4294967295");
            o.seed = (uint32_t)v;
        } else
            return cli_bad_option("sensitivity", argc, argv, "", opts, usage_sensitivity);
    }
    if (optind >= argc)
        return cli_usage_error("sensitivity", "no sweep file given", usage_sensitivity);
    if (optind + 1 < argc)
        return cli_usage_error("sensitivity", "expected one sweep file", usage_sensitivity);
    if (!o.output)
        return cli_usage_error("sensitivity",
                               "no --output given (expected a summary name, e.g. "
                               "incidence_per_100k_year.all)",
                               usage_sensitivity);
    int rc = sim_mpi_rank() == 0 ? cli_check_inputs(&argv[optind], 1) : 0;
    if (rc || sim_mpi_rank() != 0)
        return rc;
    sim_err e;
    sim_err_clear(&e);
    rc = ana_sensitivity_print(argv[optind], &o, stdout, &e);
    if (rc) {
        sim_err_print(&e, stderr);
        return sim_err_exit_code(rc);
    }
    return 0;
}
