#include "sim_run.h"

#include "sim_cols.h"
#include "sim_h5.h"
#include "sim_mpi.h"
#include "sim_progress.h"

#include <stdlib.h>
#include <string.h>

int sim_run_load(const sim_model_ops *m, const char *path, const sim_override *ov, size_t n_ov,
                 sim_loaded *out, sim_errs *errs)
{
    memset(out, 0, sizeof *out);
    sim_scenario_init(&out->sc);
    out->params = malloc(m->params->struct_size);
    if (!out->params) {
        sim_err e;
        sim_err_clear(&e);
        SIM_RAISE(&e, SIM_ENOMEM, "out of memory");
        return sim_errs_add(errs, &e);
    }
    sim_param_set_defaults(&sim_settings_table, &out->run);
    sim_param_set_defaults(m->params, out->params);
    sim_config_binding b[2] = {{&sim_settings_table, &out->run}, {m->params, out->params}};
    int rc = sim_config_load(path, b, 2, &out->sc, errs);
    for (size_t i = 0; i < n_ov; i++) {
        int rc2 = sim_config_set(b, 2, ov[i].path, ov[i].text, ov[i].origin, errs);
        rc = rc ? rc : rc2;
    }
    return rc;
}

void sim_loaded_release(sim_loaded *l)
{
    sim_scenario_release(&l->sc);
    free(l->params);
    l->params = NULL;
}

/* Scenarios written to one file share its dimensions and seeds. */
static int check_agree(const sim_loaded *l, size_t n, sim_err *err)
{
    for (size_t i = 1; i < n; i++) {
        const sim_settings *a = &l[0].run, *b = &l[i].run;
        if (a->months != b->months || a->replicates != b->replicates || a->seed != b->seed ||
            a->scale != b->scale)
            return SIM_RAISE(err, SIM_EINPUT,
                             "scenarios %s and %s differ in run.months, run.replicates, run.seed "
                             "or run.scale (expected the same values, for a paired comparison; "
                             "set them with --months, --replicates, --seed, --scale)",
                             l[0].sc.path, l[i].sc.path);
    }
    return SIM_OK;
}

/* State shared by the replicates of a run. */
typedef struct run_state {
    const sim_model_ops *m;
    const sim_run_options *opt;
    const sim_loaded *l;
    size_t n; /* scenarios */
    int rank, size;
    sim_h5 *h5;     /* rank 0 only */
    double *series; /* [month][area][group][metric] of the task at hand */
    size_t cell;    /* doubles per month: areas x groups x metrics */
    sim_progress bar;
    sim_run_stats *stats;
    int32_t *events; /* the events of the task at hand (a copy: the world is freed) */
    size_t n_events, cap_events;
    /* fork: months 0..branch-1 run once per replicate (the trunk), then each
     * scenario goes on from a copy of the trunk's world */
    int64_t branch;
    void *trunk;
    int64_t trunk_rep;
    double *trunk_series;
} run_state;

/* What a rank tells rank 0 about a task before its series. */
typedef struct task_header {
    int status;
    size_t series_bytes;
    size_t n_events;
    sim_h5_replicate info;
    sim_err err;
} task_header;

static int open_output(run_state *rs, void *world, sim_err *err)
{
    sim_world_info wi;
    const sim_loaded *l = rs->l;
    rs->m->world_info(world, &wi);
    sim_h5_header hdr = {rs->m->name,
                         rs->opt->command_line,
                         &wi,
                         rs->m->groups,
                         rs->m->n_groups,
                         l[0].run.months,
                         l[0].run.start_year,
                         (size_t)l[0].run.replicates,
                         rs->m->metrics,
                         rs->m->n_metrics,
                         rs->m->events,
                         rs->m->headline};
    int rc = sim_h5_create(&rs->h5, rs->opt->output, &hdr, err);
    for (size_t i = 0; rc == SIM_OK && i < rs->n; i++) {
        sim_h5_params p[2] = {{&sim_settings_table, &l[i].run}, {rs->m->params, l[i].params}};
        rc = sim_h5_add_scenario(rs->h5, &l[i].sc, p, 2, err);
    }
    return rc;
}

/* The series buffer, sized by the first world (all worlds share areas). */
static int ensure_series(run_state *rs, void *world, sim_err *err)
{
    if (rs->series)
        return SIM_OK;
    sim_world_info wi;
    rs->m->world_info(world, &wi);
    rs->cell = wi.n_areas * rs->m->n_groups * rs->m->n_metrics;
    rs->series = malloc((size_t)rs->l[0].run.months * rs->cell * sizeof(double));
    return rs->series ? SIM_OK : SIM_RAISE(err, SIM_ENOMEM, "out of memory for the series");
}

/* The step loop: months [from, to) of one world, metrics into series. */
static int run_months(run_state *rs, const sim_loaded *l, void *world, sim_rng_key key,
                      int64_t from, int64_t to, double *series, sim_err *err)
{
    char label[SIM_SCENARIO_NAME_MAX + 32];
    snprintf(label, sizeof label, "%s rep %u", to < l->run.months ? "shared" : l->sc.name,
             key.k[1]);
    double t0 = sim_clock_s();
    for (int64_t mo = from; mo < to; mo++) {
        sim_month month = {key, (uint32_t)mo, rs->opt->threads, series + (size_t)mo * rs->cell};
        memset(month.metrics, 0, rs->cell * sizeof(double));
        int rc = rs->m->step(world, &month, err);
        if (rc)
            return rc;
        sim_progress_add(&rs->bar, 1, label);
    }
    rs->stats->step_s += sim_clock_s() - t0;
    return SIM_OK;
}

/* Copy the world's events of the run into rs (the world is freed next). */
static int take_events(run_state *rs, void *world, uint32_t last_month, sim_err *err)
{
    rs->n_events = 0;
    if (!rs->m->events)
        return SIM_OK;
    const int32_t *rows;
    size_t n, w = rs->m->events->n_cols;
    int rc = rs->m->events_take(world, last_month, &rows, &n, err);
    if (rc)
        return rc;
    if (n > rs->cap_events) {
        int32_t *v = realloc(rs->events, n * w * sizeof *v);
        if (!v)
            return SIM_RAISE(err, SIM_ENOMEM, "out of memory for the event table");
        rs->events = v;
        rs->cap_events = n;
    }
    memcpy(rs->events, rows, n * w * sizeof *rows);
    rs->n_events = n;
    return SIM_OK;
}

/* What the world was, for the replicate table and the timing (months: the
 * months this world stepped). */
static void note_world(run_state *rs, void *world, int64_t months, sim_h5_replicate *info)
{
    sim_world_info wi;
    rs->m->world_info(world, &wi);
    info->persons = (int64_t)wi.n_agents;
    info->households = (int64_t)wi.n_households;
    rs->stats->persons = wi.n_agents;
    rs->stats->households = wi.n_households;
    rs->stats->column_bytes = wi.bytes;
    rs->stats->agent_months += (double)wi.n_agents * (double)months;
    rs->stats->peak_rss = sim_mem_peak_rss();
}

static void drop_trunk(run_state *rs)
{
    if (rs->trunk)
        rs->m->world_free(rs->trunk);
    rs->trunk = NULL;
    rs->trunk_rep = -1;
}

/* The shared history of replicate rep: the first scenario's world, run for
 * months 0..branch-1 (every scenario agrees on them), kept to fork from. */
static int make_trunk(run_state *rs, int64_t rep, sim_err *err, sim_errs *errs)
{
    const sim_loaded *sl = &rs->l[0];
    sim_rng_key key = sim_rng_key_make((uint32_t)sl->run.seed, (uint32_t)rep);
    drop_trunk(rs);
    double t0 = sim_clock_s();
    int rc = rs->m->world_alloc(&rs->trunk, sl->params, &sl->run, key, rs->opt->threads, errs);
    rs->stats->synth_s += sim_clock_s() - t0;
    if (rc)
        return rc;
    rc = ensure_series(rs, rs->trunk, err);
    if (!rc && !rs->trunk_series &&
        !(rs->trunk_series = malloc((size_t)sl->run.months * rs->cell * sizeof(double))))
        rc = SIM_RAISE(err, SIM_ENOMEM, "out of memory for the series");
    if (!rc)
        rc = run_months(rs, sl, rs->trunk, key, 0, rs->branch, rs->trunk_series, err);
    if (!rc) {
        sim_h5_replicate unused;
        note_world(rs, rs->trunk, rs->branch, &unused);
        rs->trunk_rep = rep;
    }
    if (rc)
        sim_errs_add(errs, err);
    return rc;
}

/* A world for scenario sl of replicate rep: built from month 0, or forked
 * from the replicate's shared history (and its months copied). Returns the
 * month it goes on from in *from. */
static int start_world(run_state *rs, const sim_loaded *sl, int64_t rep, void **world,
                       int64_t *from, sim_err *err, sim_errs *errs)
{
    sim_rng_key key = sim_rng_key_make((uint32_t)sl->run.seed, (uint32_t)rep);
    *from = 0;
    if (rs->branch > 0 && rs->trunk_rep != rep) {
        int rc = make_trunk(rs, rep, err, errs);
        if (rc)
            return rc;
    }
    double t0 = sim_clock_s();
    int rc =
        rs->branch > 0
            ? rs->m->world_fork(rs->trunk, world, sl->params, &sl->run, key, rs->opt->threads, errs)
            : rs->m->world_alloc(world, sl->params, &sl->run, key, rs->opt->threads, errs);
    rs->stats->synth_s += sim_clock_s() - t0;
    if (!rc && rs->branch > 0) {
        *from = rs->branch;
        memcpy(rs->series, rs->trunk_series, (size_t)rs->branch * rs->cell * sizeof(double));
    }
    return rc;
}

/* Build the world of one replicate and run its months into rs->series. World
 * building errors go to errs directly (there may be several); others to err. */
static int simulate(run_state *rs, const sim_loaded *sl, int64_t rep, sim_h5_replicate *info,
                    sim_err *err, sim_errs *errs)
{
    sim_rng_key key = sim_rng_key_make((uint32_t)sl->run.seed, (uint32_t)rep);
    *info = (sim_h5_replicate){rep, sl->run.seed, rs->opt->threads, 0, 0, "", ""};
    sim_h5_now(info->started);
    void *world = NULL;
    int64_t from = 0;
    int rc = start_world(rs, sl, rep, &world, &from, err, errs);
    if (rc)
        return rc;
    rc = ensure_series(rs, world, err);
    if (!rc && rs->rank == 0 && !rs->h5)
        rc = open_output(rs, world, err);
    if (!rc)
        rc = run_months(rs, sl, world, key, from, sl->run.months, rs->series, err);
    if (!rc)
        rc = take_events(rs, world, (uint32_t)(sl->run.months - 1), err);
    note_world(rs, world, sl->run.months - from, info);
    rs->m->world_free(world);
    sim_h5_now(info->finished);
    if (rc)
        sim_errs_add(errs, err);
    return rc;
}

static int write_series(run_state *rs, const sim_loaded *sl, const sim_h5_replicate *info,
                        sim_errs *errs)
{
    sim_err e;
    sim_err_clear(&e);
    double t0 = sim_clock_s();
    int rc =
        sim_h5_write_replicate(rs->h5, sl->sc.name, (size_t)info->replicate, info, rs->series, &e);
    if (!rc)
        rc =
            sim_h5_write_events(rs->h5, sl->sc.name, info->replicate, rs->events, rs->n_events, &e);
    rs->stats->write_s += sim_clock_s() - t0;
    return rc ? sim_errs_add(errs, &e) : SIM_OK;
}

/* Rank 0 takes the events of a task another rank ran. */
static int recv_events(run_state *rs, const task_header *h, int owner, int tag)
{
    rs->n_events = 0;
    if (!h->n_events)
        return 0;
    size_t w = rs->m->events->n_cols;
    if (h->n_events > rs->cap_events) {
        int32_t *v = realloc(rs->events, h->n_events * w * sizeof *v);
        if (!v)
            return -1;
        rs->events = v;
        rs->cap_events = h->n_events;
    }
    rs->n_events = h->n_events;
    return sim_mpi_recv(rs->events, h->n_events * w * sizeof(int32_t), owner, tag);
}

/* Rank 0 takes a task another rank ran: its header, then its series. After
 * an earlier failure (failed) it still takes the messages, and drops them. */
static int receive_task(run_state *rs, int owner, int tag, int failed, sim_errs *errs)
{
    task_header h;
    sim_err e;
    sim_err_clear(&e);
    if (sim_mpi_recv(&h, sizeof h, owner, tag)) {
        SIM_RAISE(&e, SIM_ERUN, "MPI receive from rank %d failed", owner);
        return sim_errs_add(errs, &e);
    }
    if (h.status) {
        h.err.src_file = NULL;
        return sim_errs_add(errs, &h.err);
    }
    size_t want = (size_t)rs->l[0].run.months * rs->cell * sizeof(double);
    int mine = rs->series && h.series_bytes == want;
    void *buf = mine ? rs->series : malloc(h.series_bytes ? h.series_bytes : 1);
    int rc = !buf || sim_mpi_recv(buf, h.series_bytes, owner, tag);
    if (!mine)
        free(buf);
    rc = rc || recv_events(rs, &h, owner, tag);
    if (rc || (!mine && !failed)) {
        SIM_RAISE(&e, SIM_ERUN, "rank %d sent a series rank 0 could not take", owner);
        return sim_errs_add(errs, &e);
    }
    size_t own = (size_t)(rs->l[0].run.months - rs->branch);
    sim_progress_add(&rs->bar, own + ((size_t)tag % rs->n == 0 ? (size_t)rs->branch : 0), "");
    const sim_loaded *sl = &rs->l[(size_t)tag % rs->n];
    return failed ? SIM_OK : write_series(rs, sl, &h.info, errs);
}

/* Another rank runs a task and sends it to rank 0 (failures included). */
static int send_task(run_state *rs, const sim_loaded *sl, int64_t rep, int tag)
{
    task_header h;
    memset(&h, 0, sizeof h);
    sim_errs errs;
    sim_errs_init(&errs);
    h.status = simulate(rs, sl, rep, &h.info, &h.err, &errs);
    if (h.status && errs.n)
        h.err = errs.v[0];
    sim_errs_release(&errs);
    h.series_bytes = h.status ? 0 : (size_t)sl->run.months * rs->cell * sizeof(double);
    h.n_events = h.status ? 0 : rs->n_events;
    int rc = sim_mpi_send(&h, sizeof h, 0, tag);
    if (!rc && !h.status)
        rc = sim_mpi_send(rs->series, h.series_bytes, 0, tag);
    if (!rc && h.n_events)
        rc = sim_mpi_send(rs->events, h.n_events * rs->m->events->n_cols * sizeof(int32_t), 0, tag);
    return rc || h.status ? SIM_ERUN : SIM_OK;
}

/* Task t is scenario t % N of replicate t / N, run by rank (t / N) % size:
 * the scenarios of a replicate run on one rank, one after the other, so they
 * can share a history (fork). Rank 0 writes every task in task order; the
 * numbers do not depend on which rank ran them. After a failure rank 0 still
 * takes every message sent to it. */
static int run_tasks(run_state *rs, sim_errs *errs)
{
    size_t reps = (size_t)rs->l[0].run.replicates, n_tasks = rs->n * reps;
    int rc = SIM_OK;
    for (size_t t = 0; t < n_tasks; t++) {
        int owner = (int)((t / rs->n) % (size_t)rs->size), rc1 = SIM_OK;
        const sim_loaded *sl = &rs->l[t % rs->n];
        int64_t rep = (int64_t)(t / rs->n);
        sim_h5_replicate info;
        sim_err e;
        sim_err_clear(&e);
        if (owner == rs->rank && rs->rank == 0) {
            if (!rc && !(rc1 = simulate(rs, sl, rep, &info, &e, errs)))
                rc1 = write_series(rs, sl, &info, errs);
        } else if (owner == rs->rank) {
            rc1 = send_task(rs, sl, rep, (int)t);
        } else if (rs->rank == 0) {
            rc1 = receive_task(rs, owner, (int)t, rc != SIM_OK, errs);
        }
        if (t % rs->n == rs->n - 1)
            drop_trunk(rs); /* the replicate is done */
        rc = rc ? rc : rc1;
    }
    return rc;
}

/* The month up to which every scenario agrees with the first (0: no fork). */
static int64_t branch_of(const sim_model_ops *m, const sim_loaded *l, size_t n,
                         const sim_run_options *opt)
{
    if (n < 2 || opt->no_fork || !m->branch_month || !m->world_fork)
        return 0;
    int64_t months = l[0].run.months, b = months;
    for (size_t i = 1; i < n && b > 0; i++) {
        int64_t bi = l[i].run.start_year != l[0].run.start_year
                         ? 0
                         : m->branch_month(l[0].params, l[i].params, months);
        b = bi < b ? bi : b;
    }
    return b;
}

int sim_run_all(const sim_model_ops *m, sim_loaded *l, size_t n, const sim_run_options *opt,
                sim_run_stats *stats, sim_errs *errs)
{
    sim_err e;
    sim_err_clear(&e);
    memset(stats, 0, sizeof *stats);
    int rc = check_agree(l, n, &e);
    if (rc)
        return sim_errs_add(errs, &e);
    run_state rs = {m,     opt,  l, n, sim_mpi_rank(),          sim_mpi_size(), NULL, NULL, 0, {0},
                    stats, NULL, 0, 0, branch_of(m, l, n, opt), NULL,           -1,   NULL};
    stats->fork_month = rs.branch;
    size_t months = (size_t)l[0].run.months, shared = (size_t)rs.branch;
    sim_progress_init(&rs.bar, rs.rank == 0 ? opt->progress : NULL,
                      (size_t)l[0].run.replicates * (shared + n * (months - shared)));
    rc = run_tasks(&rs, errs);
    drop_trunk(&rs);
    free(rs.trunk_series);
    sim_progress_finish(&rs.bar);
    if (!rc && rs.rank == 0 && (rc = sim_h5_commit(rs.h5, &e)))
        sim_errs_add(errs, &e);
    sim_h5_free(rs.h5);
    free(rs.series);
    free(rs.events);
    return rc;
}
