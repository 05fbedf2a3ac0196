#include "sim_run.h"

#include "sim_cols.h"
#include "sim_h5.h"
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
    sim_h5 *h5;
    double *series; /* [month][area][group][metric] */
    size_t cell;    /* doubles per month: areas x groups x metrics */
    sim_progress bar;
    sim_run_stats *stats;
} run_state;

static int open_output(run_state *rs, const sim_loaded *l, size_t n, void *world, sim_err *err)
{
    sim_world_info wi;
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
                         rs->m->n_metrics};
    rs->cell = wi.n_areas * rs->m->n_groups * rs->m->n_metrics;
    rs->series = malloc((size_t)l[0].run.months * rs->cell * sizeof(double));
    if (!rs->series)
        return SIM_RAISE(err, SIM_ENOMEM, "out of memory for the monthly series");
    int rc = sim_h5_create(&rs->h5, rs->opt->output, &hdr, err);
    for (size_t i = 0; rc == SIM_OK && i < n; i++) {
        sim_h5_params p[2] = {{&sim_settings_table, &l[i].run}, {rs->m->params, l[i].params}};
        rc = sim_h5_add_scenario(rs->h5, &l[i].sc, p, 2, err);
    }
    return rc;
}

/* The step loop: months of one world, metrics into rs->series. */
static int run_months(run_state *rs, const sim_loaded *l, void *world, sim_rng_key key,
                      sim_err *err)
{
    char label[SIM_SCENARIO_NAME_MAX + 32];
    snprintf(label, sizeof label, "%s rep %u", l->sc.name, key.k[1]);
    double t0 = sim_clock_s();
    for (int64_t mo = 0; mo < l->run.months; mo++) {
        sim_month month = {key, (uint32_t)mo, rs->opt->threads, rs->series + (size_t)mo * rs->cell};
        memset(month.metrics, 0, rs->cell * sizeof(double));
        int rc = rs->m->step(world, &month, err);
        if (rc)
            return rc;
        sim_progress_add(&rs->bar, 1, label);
    }
    rs->stats->step_s += sim_clock_s() - t0;
    return SIM_OK;
}

static int run_replicate(run_state *rs, const sim_loaded *l, size_t n, size_t s, int64_t rep,
                         sim_errs *errs)
{
    sim_err e;
    sim_err *err = &e;
    sim_err_clear(err);
    const sim_loaded *sl = &l[s];
    sim_rng_key key = sim_rng_key_make((uint32_t)sl->run.seed, (uint32_t)rep);
    sim_h5_replicate info = {rep, sl->run.seed, rs->opt->threads, 0, 0, "", ""};
    sim_h5_now(info.started);
    void *world = NULL;
    double t0 = sim_clock_s();
    int rc = rs->m->world_alloc(&world, sl->params, &sl->run, key, rs->opt->threads, errs);
    rs->stats->synth_s += sim_clock_s() - t0;
    if (rc)
        return rc;
    sim_world_info wi;
    rs->m->world_info(world, &wi);
    if (!rs->h5)
        rc = open_output(rs, l, n, world, err);
    if (!rc)
        rc = run_months(rs, sl, world, key, err);
    info.persons = (int64_t)wi.n_agents;
    info.households = (int64_t)wi.n_households;
    rs->stats->persons = wi.n_agents;
    rs->stats->households = wi.n_households;
    rs->stats->column_bytes = wi.bytes;
    rs->stats->agent_months += (double)wi.n_agents * (double)sl->run.months;
    rs->stats->peak_rss = sim_mem_peak_rss();
    rs->m->world_free(world);
    sim_h5_now(info.finished);
    t0 = sim_clock_s();
    if (!rc)
        rc = sim_h5_write_replicate(rs->h5, sl->sc.name, (size_t)rep, &info, rs->series, err);
    rs->stats->write_s += sim_clock_s() - t0;
    if (rc)
        sim_errs_add(errs, err);
    return rc;
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
    run_state rs = {m, opt, NULL, NULL, 0, {0}, stats};
    sim_progress_init(&rs.bar, opt->progress,
                      n * (size_t)l[0].run.replicates * (size_t)l[0].run.months);
    for (size_t s = 0; !rc && s < n; s++)
        for (int64_t rep = 0; !rc && rep < l[s].run.replicates; rep++)
            rc = run_replicate(&rs, l, n, s, rep, errs);
    sim_progress_finish(&rs.bar);
    if (!rc && (rc = sim_h5_commit(rs.h5, &e)))
        sim_errs_add(errs, &e);
    sim_h5_free(rs.h5);
    free(rs.series);
    return rc;
}
