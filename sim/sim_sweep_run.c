/* Running a sweep: tasks, workers, shards, the journal, resume.
 *
 * Rank 0 is the master. It keeps the tasks still to run in a queue (smallest
 * task index first), hands them to the other ranks one at a time as each
 * finishes the last (tasks differ in cost), runs tasks itself, and between
 * the months of its own tasks takes the results the workers send. Every
 * finished task goes to the journal (OUTPUT.journal) at once and is flushed
 * to disk; a run of the same command after a crash or kill reads the journal
 * and runs only what is missing. When every task is done, rank 0 writes the
 * results file from the journal in task order, and removes the journal.
 *
 * A task's numbers depend only on its point and replicate (sim_sweep.h), so
 * the file is the same whoever ran which task, and in whatever order. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "sim_h5.h"
#include "sim_journal.h"
#include "sim_mpi.h"
#include "sim_paths.h"
#include "sim_progress.h"
#include "sim_sweep.h"
#include "sim_sweep_file.h"

#include <errno.h>
#include <gsl/gsl_cdf.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { TAG_TASK = 101, TAG_HEAD = 102, TAG_REC = 103 };

#define UNTIL_MIN_REPLICATES 6

/* Master to worker: a task to run (task < 0: stop). */
typedef struct msg_task {
    int64_t task;
    uint64_t series_len; /* doubles of series in a record (0 unless full) */
} msg_task;

/* Worker to master, before the record (which follows when status is 0). */
typedef struct msg_head {
    int status;
    int64_t task;
    sim_err err;
} msg_head;

/* Copies of the areas of a world (the file's dimensions). */
typedef struct areas {
    size_t n;
    char **code, **name, **country;
} areas;

typedef struct sweeper {
    const sim_model_ops *m;
    const sim_sweep *sw;
    const sim_sweep_summary *sum;
    const sim_sweep_options *opt;
    sim_sweep_stats *stats;
    sim_errs *errs;
    int rank, size;
    size_t P, n_fig, series_len, rec_bytes, cell;
    int64_t min_reps, cap;
    long until_col; /* -1: no --until */
    int64_t *need;  /* per point: replicates scheduled */
    unsigned char *done;
    double *uval; /* [cap * P]: the --until figure of each task done */
    size_t *heap, n_heap, cap_heap;
    size_t n_done, n_scheduled; /* tasks of this shard */
    unsigned char *rec, *rrec;  /* own record; one received */
    double *series;
    void *params;
    sim_settings run;
    sim_journal j;
    int has_journal;
    sim_progress bar;
    int failed;
    int64_t *inflight; /* per rank: its task, or -1 */
    int n_inflight;
    areas ar;
    int probed;        /* a world was built: ar holds its areas */
    double est_memory; /* bytes per rank, estimated */
    char design_id[32];
} sweeper;

/* ---- the queue (a binary min-heap of task indices) ---------------------------- */

static int push(sweeper *s, size_t t)
{
    if (s->n_heap == s->cap_heap) {
        size_t cap = s->cap_heap ? 2 * s->cap_heap : 1024;
        size_t *h = realloc(s->heap, cap * sizeof *h);
        if (!h)
            return -1;
        s->heap = h;
        s->cap_heap = cap;
    }
    size_t i = s->n_heap++;
    while (i > 0 && s->heap[(i - 1) / 2] > t) {
        s->heap[i] = s->heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    s->heap[i] = t;
    return 0;
}

static size_t pop(sweeper *s)
{
    size_t top = s->heap[0], last = s->heap[--s->n_heap], i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= s->n_heap)
            break;
        if (c + 1 < s->n_heap && s->heap[c + 1] < s->heap[c])
            c++;
        if (s->heap[c] >= last)
            break;
        s->heap[i] = s->heap[c];
        i = c;
    }
    if (s->n_heap)
        s->heap[i] = last;
    return top;
}

/* ---- which tasks ------------------------------------------------------------------ */

static int in_shard(const sweeper *s, size_t p)
{
    return s->opt->shard_n < 1 || (int)(p % (size_t)s->opt->shard_n) == s->opt->shard_k - 1;
}

/* Is the 95% interval of point p's --until figure over m replicates narrow
 * enough? Replicates whose figure is undefined (NaN) do not count. */
static int precise(const sweeper *s, size_t p, int64_t m)
{
    double sum = 0, sq = 0;
    size_t n = 0;
    for (int64_t r = 0; r < m; r++) {
        double x = s->uval[(size_t)r * s->P + p];
        if (isfinite(x))
            sum += x, n++;
    }
    if (n < 2)
        return 0;
    double mean = sum / (double)n;
    for (int64_t r = 0; r < m; r++) {
        double x = s->uval[(size_t)r * s->P + p];
        if (isfinite(x))
            sq += (x - mean) * (x - mean);
    }
    double sd = sqrt(sq / (double)(n - 1));
    double half = gsl_cdf_tdist_Pinv(0.975, (double)(n - 1)) * sd / sqrt((double)n);
    return half <= s->opt->until_halfwidth;
}

/* Point p after a task of it finished: once all its scheduled replicates are
 * done, schedule one more while --until asks for it. The decision depends
 * only on the point's results, so every run of the sweep makes it alike. */
static int advance(sweeper *s, size_t p)
{
    for (;;) {
        int64_t m = s->need[p];
        for (int64_t r = 0; r < m; r++)
            if (!s->done[(size_t)r * s->P + p])
                return 0;
        if (s->until_col < 0 || m >= s->cap || precise(s, p, m))
            return 0;
        s->need[p] = m + 1;
        s->n_scheduled++;
        s->bar.total = s->n_scheduled;
        size_t t = (size_t)m * s->P + p;
        if (!s->done[t])
            return push(s, t);
    }
}

/* ---- one task ------------------------------------------------------------------------ */

static int keep_areas(sweeper *s, void *world)
{
    sim_world_info wi;
    s->m->world_info(world, &wi);
    s->ar.n = wi.n_areas;
    s->ar.code = calloc(wi.n_areas, sizeof(char *));
    s->ar.name = calloc(wi.n_areas, sizeof(char *));
    s->ar.country = calloc(wi.n_areas, sizeof(char *));
    if (!s->ar.code || !s->ar.name || !s->ar.country)
        return -1;
    for (size_t a = 0; a < wi.n_areas; a++)
        if (!(s->ar.code[a] = strdup(wi.area_code[a])) ||
            !(s->ar.name[a] = strdup(wi.area_name[a])) ||
            !(s->ar.country[a] = strdup(wi.area_country[a])))
            return -1;
    return 0;
}

static void free_areas(areas *a)
{
    for (size_t i = 0; i < a->n; i++) {
        if (a->code)
            free(a->code[i]);
        if (a->name)
            free(a->name[i]);
        if (a->country)
            free(a->country[i]);
    }
    free(a->code);
    free(a->name);
    free(a->country);
}

static int serve(sweeper *s, int block);

/* Run task t into rec (record, summaries, series). The master (poll) takes
 * the workers' results between months. */
static int run_task(sweeper *s, size_t t, unsigned char *rec, int poll, sim_errs *errs)
{
    const sim_model_ops *m = s->m;
    sim_task_rec *h = (sim_task_rec *)(void *)rec;
    double *figs = (double *)(void *)(rec + sizeof *h), *out_series = figs + s->n_fig;
    size_t p = t % s->P;
    int64_t r = (int64_t)(t / s->P);
    double t0 = sim_clock_s();
    memset(h, 0, sizeof *h);
    *h = (sim_task_rec){(int64_t)t, (int64_t)p, r, 0, 0, 0, 0, s->rank, s->opt->threads, "", ""};
    sim_h5_now(h->started);
    int rc = sim_sweep_point_params(m, s->sw, p, s->params, &s->run, errs);
    if (rc)
        return rc;
    h->seed = s->run.seed;
    sim_rng_key key = sim_rng_key_make((uint32_t)s->run.seed, (uint32_t)r);
    void *world = NULL;
    if ((rc = m->world_alloc(&world, s->params, &s->run, key, s->opt->threads, errs)))
        return rc;
    sim_world_info wi;
    m->world_info(world, &wi);
    size_t months = (size_t)s->run.months, cell = wi.n_areas * m->n_groups * m->n_metrics;
    sim_err e;
    sim_err_clear(&e);
    if (!s->series && (s->cell = cell) && !(s->series = malloc(months * cell * sizeof(double))))
        rc = SIM_RAISE(&e, SIM_ENOMEM, "out of memory for a task's series");
    else if (cell != s->cell || (s->series_len && s->series_len != months * cell))
        rc = SIM_RAISE(&e, SIM_ERUN, "task %zu: its world has another number of areas", t);
    char label[64];
    snprintf(label, sizeof label, "task %zu (point %zu, rep %lld)", t, p, (long long)r);
    for (size_t mo = 0; !rc && mo < months; mo++) {
        sim_month month = {key, (uint32_t)mo, s->opt->threads, s->series + mo * cell};
        memset(month.metrics, 0, cell * sizeof(double));
        rc = m->step(world, &month, &e);
        if (poll && !rc)
            rc = serve(s, 0);
        if (poll)
            sim_progress_add(&s->bar, 0, label);
    }
    if (!rc)
        rc = s->sum->compute(s->series, months, wi.n_areas, m, &s->run,
                             (size_t)s->sw->summaries_from, figs, &e);
    if (!rc && s->series_len)
        memcpy(out_series, s->series, s->series_len * sizeof(double));
    h->persons = (int64_t)wi.n_agents;
    h->households = (int64_t)wi.n_households;
    m->world_free(world);
    sim_h5_now(h->finished);
    h->seconds = sim_clock_s() - t0;
    if (rc && e.code)
        sim_errs_add(errs, &e);
    return rc;
}

/* ---- the master's bookkeeping ------------------------------------------------------------ */

/* A finished task: to the journal, then counted, then its point advanced. */
static int record(sweeper *s, const unsigned char *rec)
{
    const sim_task_rec *h = (const sim_task_rec *)(const void *)rec;
    size_t t = (size_t)h->task, p = t % s->P;
    if (s->done[t])
        return SIM_OK;
    sim_err e;
    sim_err_clear(&e);
    if (sim_journal_append(&s->j, rec, &e))
        return sim_errs_add(s->errs, &e);
    s->done[t] = 1;
    s->n_done++;
    s->stats->tasks_run++;
    if (s->until_col >= 0)
        s->uval[t] = ((const double *)(const void *)(rec + sizeof *h))[s->until_col];
    char label[64];
    snprintf(label, sizeof label, "task %zu done", t);
    sim_progress_add(&s->bar, 1, label);
    if (advance(s, p))
        return SIM_RAISE(&e, SIM_ENOMEM, "out of memory for the task queue"),
               sim_errs_add(s->errs, &e);
    return SIM_OK;
}

/* Give worker w the next task, if there is one. */
static int dispatch(sweeper *s, int w)
{
    if (s->failed || !s->n_heap || s->inflight[w] >= 0)
        return SIM_OK;
    msg_task mt = {(int64_t)pop(s), s->series_len};
    s->inflight[w] = mt.task;
    s->n_inflight++;
    if (sim_mpi_send(&mt, sizeof mt, w, TAG_TASK)) {
        sim_err e;
        sim_err_clear(&e);
        SIM_RAISE(&e, SIM_ERUN, "MPI send to rank %d failed", w);
        return sim_errs_add(s->errs, &e);
    }
    return SIM_OK;
}

static int dispatch_idle(sweeper *s)
{
    int rc = SIM_OK;
    for (int w = 1; !rc && w < s->size; w++)
        rc = dispatch(s, w);
    return rc;
}

/* Take the results workers have sent (block: wait for at least one). */
static int serve(sweeper *s, int block)
{
    while (s->n_inflight > 0) {
        int src = -1;
        int got = sim_mpi_probe(TAG_HEAD, block, &src);
        if (got == 0)
            return SIM_OK;
        sim_err e;
        sim_err_clear(&e);
        msg_head h;
        if (got < 0 || sim_mpi_recv(&h, sizeof h, src, TAG_HEAD)) {
            SIM_RAISE(&e, SIM_ERUN, "MPI receive failed");
            return sim_errs_add(s->errs, &e);
        }
        s->inflight[src] = -1;
        s->n_inflight--;
        if (h.status) {
            h.err.src_file = NULL;
            sim_errs_add(s->errs, &h.err);
            s->failed = 1;
        } else if (sim_mpi_recv(s->rrec, s->rec_bytes, src, TAG_REC)) {
            SIM_RAISE(&e, SIM_ERUN, "MPI receive of a task from rank %d failed", src);
            return sim_errs_add(s->errs, &e);
        } else {
            int rc = record(s, s->rrec);
            if (rc)
                return rc;
        }
        int rc = dispatch_idle(s);
        if (rc)
            return rc;
        block = 0;
    }
    return SIM_OK;
}

/* Rank 0 tells the workers to stop. */
static void stop_workers(const sweeper *s)
{
    for (int w = 1; w < s->size; w++) {
        msg_task stop = {-1, 0};
        sim_mpi_send(&stop, sizeof stop, w, TAG_TASK);
    }
}

static int master_loop(sweeper *s)
{
    int rc = dispatch_idle(s);
    while (!rc && ((!s->failed && s->n_heap) || s->n_inflight > 0)) {
        if (s->failed || !s->n_heap) {
            rc = serve(s, 1);
            continue;
        }
        sim_errs errs;
        sim_errs_init(&errs);
        if (run_task(s, pop(s), s->rec, s->size > 1, &errs))
            s->failed = 1;
        else
            rc = record(s, s->rec);
        for (size_t i = 0; i < errs.n; i++)
            sim_errs_add(s->errs, &errs.v[i]);
        sim_errs_release(&errs);
        rc = rc ? rc : dispatch_idle(s);
    }
    s->failed |= rc != SIM_OK;
    while (s->n_inflight > 0 && serve(s, 1) == SIM_OK) /* the failed: take what is sent */
        ;
    stop_workers(s);
    if (rc || s->failed)
        return s->errs->n ? s->errs->v[0].code : SIM_ERUN;
    return SIM_OK;
}

/* A worker: run what the master sends until it says stop. */
static int worker_loop(sweeper *s)
{
    for (;;) {
        msg_task mt;
        if (sim_mpi_recv(&mt, sizeof mt, 0, TAG_TASK))
            return SIM_ERUN;
        if (mt.task < 0)
            return SIM_OK;
        if (!s->rec || s->series_len != mt.series_len) {
            s->series_len = mt.series_len;
            s->rec_bytes = sizeof(sim_task_rec) + (s->n_fig + s->series_len) * sizeof(double);
            free(s->rec);
            if (!(s->rec = malloc(s->rec_bytes)))
                return SIM_ENOMEM;
        }
        msg_head h;
        memset(&h, 0, sizeof h);
        h.task = mt.task;
        sim_errs errs;
        sim_errs_init(&errs);
        h.status = run_task(s, (size_t)mt.task, s->rec, 0, &errs);
        if (h.status)
            h.err = errs.n ? errs.v[0] : h.err;
        sim_errs_release(&errs);
        if (sim_mpi_send(&h, sizeof h, 0, TAG_HEAD) ||
            (!h.status && sim_mpi_send(s->rec, s->rec_bytes, 0, TAG_REC)))
            return SIM_ERUN;
    }
}

/* ---- identity, journal, estimate ------------------------------------------------------------ */

static uint64_t add_str(uint64_t h, const char *s)
{
    return sim_fnv1a(h, s, strlen(s) + 1);
}

static uint64_t add_table(uint64_t h, const sim_param_table *t, const void *vals)
{
    char buf[SIM_PARAM_STR_MAX], real[PATH_MAX];
    for (size_t i = 0; i < t->n_rows; i++) {
        const sim_param_desc *d = &t->rows[i];
        sim_param_format(d, vals, buf, sizeof buf);
        h = add_str(h, d->path);
        h = add_str(h, d->type == SIM_PT_PATH && realpath(buf, real) ? real : buf);
    }
    return h;
}

/* What makes two runs the same sweep: program, base scenario, design,
 * points, replicates, output. Not: threads, ranks, shards, the output name. */
static void make_id(sweeper *s)
{
    const sim_sweep *sw = s->sw;
    const sim_sweep_options *o = s->opt;
    char buf[512];
    uint64_t h = add_str(SIM_FNV_START, "crossings-sweep/1");
    h = add_str(add_str(add_str(h, s->m->name), sim_version()), sim_revision());
    h = add_table(h, &sim_settings_table, &sw->base.run);
    h = add_table(h, s->m->params, sw->base.params);
    snprintf(buf, sizeof buf, "%d %zu %u %lld %lld %lld %d %s %.17g %lld", (int)sw->kind, sw->n_req,
             sw->levels, (long long)sw->seed, (long long)sw->replicates,
             (long long)sw->summaries_from, o->full, o->until ? o->until : "",
             o->until ? o->until_halfwidth : 0.0, (long long)(o->until ? o->max_replicates : 0));
    h = add_str(h, buf);
    for (size_t j = 0; j < sw->k; j++) {
        snprintf(buf, sizeof buf, "%s %.17g %.17g %d", sw->par[j].path, sw->par[j].min,
                 sw->par[j].max, sw->par[j].log);
        h = add_str(h, buf);
    }
    for (size_t i = 0; i < sw->n_points * sw->k; i++)
        h = add_str(h, sw->point_text[i]);
    for (size_t i = 0; i < s->sum->n; i++)
        h = add_str(h, s->sum->names[i]);
    snprintf(s->design_id, sizeof s->design_id, "%016llx", (unsigned long long)h);
}

static int take_journal_rec(const void *rec, void *ctx)
{
    sweeper *s = ctx;
    const sim_task_rec *h = rec;
    if (h->task < 0 || (size_t)h->task >= (size_t)s->cap * s->P)
        return -1;
    size_t t = (size_t)h->task;
    if (!s->done[t]) {
        s->done[t] = 1;
        s->n_done++;
        s->stats->tasks_resumed++;
        if (s->until_col >= 0)
            s->uval[t] = ((const double *)(const void *)((const unsigned char *)rec +
                                                         sizeof *h))[s->until_col];
    }
    return 0;
}

static void journal_path(const sweeper *s, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s.journal", s->opt->output);
}

/* Before anything runs: refuse to overwrite another design's file, notice a
 * finished one, open (or resume) the journal. */
static int open_journal(sweeper *s)
{
    sim_err e;
    sim_err_clear(&e);
    char jp[SIM_ERR_PATH + 16];
    journal_path(s, jp, sizeof jp);
    struct stat st;
    if (stat(s->opt->output, &st) == 0) {
        sim_sweep_ident id;
        int same = sim_sweep_file_identity(s->opt->output, &id, &e) == SIM_OK && id.is_sweep &&
                   strcmp(id.design_id, s->design_id) == 0 && id.shard_k == s->opt->shard_k &&
                   id.shard_n == s->opt->shard_n;
        if (same) {
            s->stats->already_complete = 1;
            s->stats->tasks_resumed = (size_t)id.n_tasks;
            s->stats->tasks_total = (size_t)id.n_tasks;
            remove(jp); /* left by a kill between the rename and its removal */
            return SIM_OK;
        }
        if (!s->opt->force)
            return SIM_ERRS_RAISE(
                s->errs, SIM_EINPUT, s->opt->output, 0, 0, NULL,
                "exists and holds %s; refusing to overwrite it (expected a new output file, "
                "or --force to replace it)",
                id.is_sweep ? "another sweep (another design, shard or program revision)"
                            : "something other than a sweep");
    }
    /* the journal's identity also names the shard */
    char idbuf[64];
    snprintf(idbuf, sizeof idbuf, "%s %d/%d", s->design_id, s->opt->shard_k, s->opt->shard_n);
    uint64_t jid = add_str(SIM_FNV_START, idbuf);
    int other = 0;
    int rc = sim_journal_open(&s->j, jp, jid, s->rec_bytes, &other, &e);
    if (rc && other && s->opt->force) {
        remove(jp);
        sim_err_clear(&e);
        rc = sim_journal_open(&s->j, jp, jid, s->rec_bytes, &other, &e);
    }
    if (rc && other)
        return SIM_ERRS_RAISE(s->errs, SIM_EINPUT, jp, 0, 0, NULL,
                              "holds the finished tasks of another sweep (another design, "
                              "shard, output level or program revision); refusing to mix them "
                              "(expected to resume the same command, or --force to discard it)");
    if (rc)
        return sim_errs_add(s->errs, &e);
    s->has_journal = 1;
    rc = sim_journal_each(&s->j, take_journal_rec, s, &e);
    return rc ? sim_errs_add(s->errs, &e) : SIM_OK;
}

/* At most the journal's records of this shard's tasks (--until: up to the
 * cap of each point); the file is smaller (compressed). */
static double disk_estimate(const sweeper *s)
{
    size_t n = 0;
    for (size_t p = 0; p < s->P; p++)
        n += in_shard(s, p) ? (size_t)s->min_reps : 0;
    double worst = (double)n * (double)(s->rec_bytes + 16);
    if (s->until_col >= 0)
        worst = worst / (double)s->min_reps * (double)s->cap;
    return worst;
}

static void print_plan(sweeper *s, FILE *f)
{
    double worst = disk_estimate(s), disk = sim_paths_free_bytes(s->opt->output);
    double ram = sim_paths_avail_memory();
    s->stats->estimate_bytes = worst;
    char est[32], avail[32] = "unknown", mem[32], mem_avail[32] = "unknown";
    sim_paths_human(worst, est, sizeof est);
    sim_paths_human(s->est_memory, mem, sizeof mem);
    if (disk >= 0)
        sim_paths_human(disk, avail, sizeof avail);
    if (ram >= 0)
        sim_paths_human(ram, mem_avail, sizeof mem_avail);
    if (!f)
        return;
    fprintf(f, "sweep %s: %s design, %zu points x %lld replicates%s = %zu tasks", s->sw->name,
            sim_design_names[s->sw->kind], s->P, (long long)s->min_reps,
            s->until_col >= 0 ? " (more, up to the cap, where --until asks)" : "",
            s->P * (size_t)s->min_reps);
    if (s->opt->shard_n > 0)
        fprintf(f, "; shard %d of %d: %zu tasks", s->opt->shard_k, s->opt->shard_n, s->n_scheduled);
    if (s->opt->dry_run)
        fprintf(f, "\n  dry run: nothing runs; %d rank%s\n", s->size, s->size > 1 ? "s" : "");
    else
        fprintf(f, "\n  %zu already done (resumed from the journal); %d rank%s\n", s->n_done,
                s->size, s->size > 1 ? "s" : "");
    fprintf(f,
            "  disk: at most %s for the journal, then the file (output level %s, compressed: "
            "less); %s free\n",
            est, s->opt->full ? "full" : "summary", avail);
    fprintf(f, "  memory: about %s a rank; %s available\n", mem, mem_avail);
    fflush(f);
}

/* ---- the results file ------------------------------------------------------------------------ */

typedef struct order {
    int64_t task;
    size_t index; /* in the journal */
} order;

static int by_task(const void *a, const void *b)
{
    int64_t x = ((const order *)a)->task, y = ((const order *)b)->task;
    return (x > y) - (x < y);
}

typedef struct order_ctx {
    order *o;
    size_t n;
} order_ctx;

static int take_order(const void *rec, void *ctx)
{
    order_ctx *c = ctx;
    c->o[c->n].task = ((const sim_task_rec *)rec)->task;
    c->o[c->n].index = c->n;
    c->n++;
    return 0;
}

static int write_results(sweeper *s)
{
    sim_err e;
    sim_err_clear(&e);
    size_t n = s->j.n_records;
    order_ctx oc = {malloc((n ? n : 1) * sizeof(order)), 0};
    unsigned char *buf = malloc(s->rec_bytes);
    if (!oc.o || !buf) {
        free(oc.o);
        free(buf);
        SIM_RAISE(&e, SIM_ENOMEM, "out of memory for writing the results");
        return sim_errs_add(s->errs, &e);
    }
    int rc = sim_journal_each(&s->j, take_order, &oc, &e);
    if (!rc)
        qsort(oc.o, n, sizeof *oc.o, by_task);
    size_t rows = 0; /* one row per task, duplicates dropped */
    for (size_t i = 0; i < n; i++)
        if (i == 0 || oc.o[i].task != oc.o[i - 1].task)
            oc.o[rows++] = oc.o[i];
    sim_world_info wi = {s->ar.n,
                         (const char *const *)s->ar.code,
                         (const char *const *)s->ar.name,
                         (const char *const *)s->ar.country,
                         0,
                         0,
                         0};
    sim_sweep_file *f = NULL;
    if (!rc)
        rc = sim_sweep_file_create(&f, s->opt->output, s->m, s->sw, s->sum, s->opt, &wi,
                                   s->design_id, rows, &e);
    for (size_t i = 0; !rc && i < rows; i++) {
        rc = sim_journal_read(&s->j, oc.o[i].index, buf, &e);
        const double *figs = (const double *)(const void *)(buf + sizeof(sim_task_rec));
        if (!rc)
            rc = sim_sweep_file_put(f, i, (const sim_task_rec *)(const void *)buf, figs,
                                    figs + s->n_fig, &e);
    }
    if (!rc)
        rc = sim_sweep_file_commit(f, &e);
    sim_sweep_file_free(f);
    free(oc.o);
    free(buf);
    s->stats->tasks_total = rows;
    return rc ? sim_errs_add(s->errs, &e) : SIM_OK;
}

/* ---- setting up ------------------------------------------------------------------------------ */

static int check_options(sweeper *s)
{
    const sim_sweep_options *o = s->opt;
    if (o->shard_n < 0 || (o->shard_n > 0 && (o->shard_k < 1 || o->shard_k > o->shard_n)))
        return SIM_ERRS_RAISE(s->errs, SIM_EINPUT, NULL, 0, 0, "--shard",
                              "%d/%d is not a shard (expected K/N with 1 <= K <= N)", o->shard_k,
                              o->shard_n);
    s->until_col = -1;
    if (!o->until)
        return SIM_OK;
    for (size_t i = 0; i < s->sum->n; i++)
        if (strcmp(s->sum->names[i], o->until) == 0)
            s->until_col = (long)i;
    if (s->until_col < 0) {
        char list[2048];
        size_t used = 0;
        for (size_t i = 0; i < s->sum->n && used < sizeof list; i++)
            used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "",
                                     s->sum->names[i]);
        return SIM_ERRS_RAISE(s->errs, SIM_EINPUT, NULL, 0, 0, "--until",
                              "'%s' is not a summary of the sweep (expected one of: %s)", o->until,
                              list);
    }
    if (!(o->until_halfwidth > 0) || !isfinite(o->until_halfwidth))
        return SIM_ERRS_RAISE(s->errs, SIM_EINPUT, NULL, 0, 0, "--until",
                              "half-width %g is not allowed (expected a positive number)",
                              o->until_halfwidth);
    if (o->max_replicates < UNTIL_MIN_REPLICATES || o->max_replicates > 100000)
        return SIM_ERRS_RAISE(s->errs, SIM_EINPUT, NULL, 0, 0, "--max-replicates",
                              "%lld is not allowed (expected a whole number from %d to 100000)",
                              (long long)o->max_replicates, UNTIL_MIN_REPLICATES);
    return SIM_OK;
}

static int setup(sweeper *s)
{
    const sim_sweep *sw = s->sw;
    s->P = sw->n_points;
    s->n_fig = s->sum->n;
    s->min_reps = sw->replicates;
    s->cap = sw->replicates;
    if (s->until_col >= 0) {
        s->min_reps = sw->replicates > UNTIL_MIN_REPLICATES ? sw->replicates : UNTIL_MIN_REPLICATES;
        s->cap = s->opt->max_replicates > s->min_reps ? s->opt->max_replicates : s->min_reps;
    }
    size_t slots = (size_t)s->cap * s->P;
    s->need = calloc(s->P, sizeof *s->need);
    s->done = calloc(slots, 1);
    s->uval = s->until_col >= 0 ? malloc(slots * sizeof *s->uval) : NULL;
    s->params = malloc(s->m->params->struct_size);
    s->inflight = malloc((size_t)s->size * sizeof *s->inflight);
    if (!s->need || !s->done || (s->until_col >= 0 && !s->uval) || !s->params || !s->inflight)
        return SIM_ERRS_RAISE(s->errs, SIM_ENOMEM, NULL, 0, 0, NULL, "out of memory for the sweep");
    for (size_t i = 0; s->uval && i < slots; i++)
        s->uval[i] = NAN;
    for (int w = 0; w < s->size; w++)
        s->inflight[w] = -1;
    return SIM_OK;
}

static int probe(sweeper *s);

/* The layout of a task's series for a world of n_areas areas. */
static sim_paths_layout layout_of(const sweeper *s, size_t n_areas, const sim_world_size *ws)
{
    return (sim_paths_layout){(size_t)s->run.months,
                              n_areas,
                              s->m->n_groups,
                              s->m->n_metrics,
                              ws ? (double)ws->n_agents : 0,
                              ws ? ws->events_per_agent_month : 0,
                              s->m->events ? s->m->events->n_cols : 0};
}

static void size_records(sweeper *s, const sim_paths_layout *l)
{
    s->series_len = s->opt->full ? (size_t)(sim_paths_series_bytes(l) / sizeof(double)) : 0;
    s->rec_bytes = sizeof(sim_task_rec) + (s->n_fig + s->series_len) * sizeof(double);
}

/* The first point's world as the model tells it from its data tables,
 * without synthesis: the record size and the memory of a task. Models
 * without world_size are probed (a world is built). */
static int size_up(sweeper *s)
{
    if (!s->m->world_size)
        return probe(s);
    sim_errs errs;
    sim_errs_init(&errs);
    sim_world_size ws;
    int rc = sim_sweep_point_params(s->m, s->sw, 0, s->params, &s->run, &errs);
    if (!rc)
        rc = s->m->world_size(s->params, &s->run, s->opt->threads, &ws, &errs);
    for (size_t i = 0; i < errs.n; i++)
        sim_errs_add(s->errs, &errs.v[i]);
    sim_errs_release(&errs);
    if (rc)
        return rc;
    sim_paths_layout l = layout_of(s, ws.n_areas, &ws);
    size_records(s, &l);
    s->est_memory = sim_paths_memory_bytes(&l, ws.bytes, 1);
    return SIM_OK;
}

/* Refused before any work when the estimates exceed the free disk or the
 * available memory, unless --force. A finished sweep (its file is there) is
 * not refused; a resumed one needs what its journal does not hold yet. */
static int check_fits(sweeper *s)
{
    struct stat st;
    if (stat(s->opt->output, &st) == 0)
        return SIM_OK;
    char jp[SIM_ERR_PATH + 16];
    journal_path(s, jp, sizeof jp);
    double held = stat(jp, &st) == 0 ? (double)st.st_size : 0;
    sim_err e;
    sim_err_clear(&e);
    int rc = sim_paths_check_fits("the sweep", s->opt->output, disk_estimate(s) - held,
                                  s->est_memory, s->opt->force, stderr, &e);
    return rc ? sim_errs_add(s->errs, &e) : SIM_OK;
}

/* Rank 0 builds the first point's world once: the areas of the file and the
 * size of a series. */
static int probe(sweeper *s)
{
    sim_errs errs;
    sim_errs_init(&errs);
    int rc = sim_sweep_point_params(s->m, s->sw, 0, s->params, &s->run, &errs);
    void *world = NULL;
    sim_rng_key key = sim_rng_key_make((uint32_t)s->run.seed, 0);
    if (!rc)
        rc = s->m->world_alloc(&world, s->params, &s->run, key, s->opt->threads, &errs);
    if (!rc) {
        sim_world_info wi;
        s->m->world_info(world, &wi);
        sim_paths_layout l = layout_of(s, wi.n_areas, NULL);
        size_records(s, &l);
        if (!s->m->world_size)
            s->est_memory = sim_paths_memory_bytes(&l, (double)wi.bytes, 1);
        s->probed = 1;
        if (keep_areas(s, world))
            rc = SIM_ENOMEM;
        s->m->world_free(world);
    }
    for (size_t i = 0; i < errs.n; i++)
        sim_errs_add(s->errs, &errs.v[i]);
    sim_errs_release(&errs);
    if (!rc && !(s->rec = malloc(s->rec_bytes)))
        rc = SIM_ENOMEM;
    if (!rc && s->size > 1 && !(s->rrec = malloc(s->rec_bytes)))
        rc = SIM_ENOMEM;
    return rc;
}

/* The tasks of this shard not yet done, and the --until decisions that the
 * journal's results already allow. */
static int schedule(sweeper *s)
{
    for (size_t p = 0; p < s->P; p++) {
        if (!in_shard(s, p))
            continue;
        s->need[p] = s->min_reps;
        s->n_scheduled += (size_t)s->min_reps;
        for (int64_t r = 0; r < s->min_reps; r++) {
            size_t t = (size_t)r * s->P + p;
            if (!s->done[t] && push(s, t))
                return SIM_ENOMEM;
        }
    }
    for (size_t p = 0; p < s->P; p++)
        if (in_shard(s, p) && advance(s, p))
            return SIM_ENOMEM;
    return SIM_OK;
}

static void release(sweeper *s)
{
    free(s->need);
    free(s->done);
    free(s->uval);
    free(s->heap);
    free(s->rec);
    free(s->rrec);
    free(s->series);
    free(s->params);
    free(s->inflight);
    free_areas(&s->ar);
    if (s->has_journal)
        sim_journal_close(&s->j, 0);
}

static int run_master(sweeper *s)
{
    int rc = setup(s);
    rc = rc ? rc : size_up(s);
    if (!rc)
        make_id(s);
    if (!rc && s->opt->dry_run) { /* the plan only: nothing built, no journal, no task */
        rc = schedule(s) ? SIM_ENOMEM : SIM_OK;
        if (!rc)
            print_plan(s, s->opt->plan);
        rc = rc ? rc : check_fits(s);
        stop_workers(s);
        return rc;
    }
    rc = rc ? rc : check_fits(s);
    rc = rc ? rc : s->probed ? SIM_OK : probe(s);
    rc = rc ? rc : open_journal(s);
    if (!rc && s->stats->already_complete) {
        stop_workers(s);
        return SIM_OK;
    }
    rc = rc ? rc : schedule(s) ? SIM_ENOMEM : SIM_OK;
    if (rc) {
        stop_workers(s);
        return rc;
    }
    print_plan(s, s->opt->plan);
    sim_progress_init(&s->bar, s->opt->progress, s->n_scheduled);
    s->bar.done = s->n_done;
    double t0 = sim_clock_s();
    rc = master_loop(s);
    sim_progress_finish(&s->bar);
    s->stats->seconds = sim_clock_s() - t0;
    if (rc)
        return rc;
    rc = write_results(s);
    if (!rc) {
        sim_journal_close(&s->j, 1); /* the results are safely in the file */
        s->has_journal = 0;
    }
    return rc;
}

int sim_sweep_run(const sim_model_ops *m, const sim_sweep *sw, const sim_sweep_summary *sum,
                  const sim_sweep_options *opt, sim_sweep_stats *stats, sim_errs *errs)
{
    memset(stats, 0, sizeof *stats);
    sweeper s;
    memset(&s, 0, sizeof s);
    s.m = m;
    s.sw = sw;
    s.sum = sum;
    s.opt = opt;
    s.stats = stats;
    s.errs = errs;
    s.rank = sim_mpi_rank();
    s.size = sim_mpi_size();
    s.n_fig = sum->n;
    int rc = check_options(&s);
    if (rc) {
        if (s.rank == 0)
            stop_workers(&s);
        return rc;
    }
    if (s.rank == 0) {
        rc = run_master(&s);
        stats->tasks_total = stats->tasks_total ? stats->tasks_total : s.n_scheduled;
    } else {
        s.P = sw->n_points;
        if (!(s.params = malloc(m->params->struct_size)))
            rc = SIM_ENOMEM;
        else
            rc = worker_loop(&s);
    }
    release(&s);
    return rc;
}
