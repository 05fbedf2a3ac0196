#include "sim_sweep_file.h"

#include "sim_h5_util.h"

#include <hdf5_hl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct sim_sweep_file {
    sim_h5 *h;
    hid_t sweep, tasks, runs, sums;
    hid_t *series; /* one dataset per metric (full), else NULL */
    int *is_sum;
    size_t n_metrics, n_fig, months, n_areas, n_groups, n_tasks;
    void *buf; /* one metric of one task */
};

/* ---- row types ------------------------------------------------------------------ */

typedef struct task_row {
    int64_t task, point, replicate, seed, persons, households;
} task_row;

typedef struct run_row {
    const char *started, *finished;
    double seconds;
    int64_t rank, threads;
} run_row;

static hid_t task_row_type(void)
{
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(task_row));
    H5Tinsert(t, "task", HOFFSET(task_row, task), H5T_NATIVE_INT64);
    H5Tinsert(t, "point", HOFFSET(task_row, point), H5T_NATIVE_INT64);
    H5Tinsert(t, "replicate", HOFFSET(task_row, replicate), H5T_NATIVE_INT64);
    H5Tinsert(t, "seed", HOFFSET(task_row, seed), H5T_NATIVE_INT64);
    H5Tinsert(t, "persons", HOFFSET(task_row, persons), H5T_NATIVE_INT64);
    H5Tinsert(t, "households", HOFFSET(task_row, households), H5T_NATIVE_INT64);
    return t;
}

static hid_t run_row_type(hid_t str)
{
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(run_row));
    H5Tinsert(t, "started", HOFFSET(run_row, started), str);
    H5Tinsert(t, "finished", HOFFSET(run_row, finished), str);
    H5Tinsert(t, "seconds", HOFFSET(run_row, seconds), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "rank", HOFFSET(run_row, rank), H5T_NATIVE_INT64);
    H5Tinsert(t, "threads", HOFFSET(run_row, threads), H5T_NATIVE_INT64);
    return t;
}

static int fail(sim_err *err, const char *path, const char *what)
{
    return SIM_RAISE(err, SIM_ERUN, "%s: HDF5 failed to %s", path, what);
}

/* ---- identity --------------------------------------------------------------------- */

int sim_sweep_file_identity(const char *path, sim_sweep_ident *id, sim_err *err)
{
    memset(id, 0, sizeof *id);
    hid_t f = sim_h5_open_input(path, err);
    if (f < 0)
        return err->code;
    char fmt[64];
    sim_h5_get_attr_str(f, "format", fmt, sizeof fmt);
    hid_t g = H5Lexists(f, "sweep", H5P_DEFAULT) > 0 ? H5Gopen2(f, "sweep", H5P_DEFAULT) : -1;
    if (strcmp(fmt, SIM_SWEEP_FORMAT) == 0 && g >= 0) {
        id->is_sweep = 1;
        sim_h5_get_attr_str(g, "design_id", id->design_id, sizeof id->design_id);
        id->shard_k = sim_h5_get_attr_i64(g, "shard_k", 0);
        id->shard_n = sim_h5_get_attr_i64(g, "shard_n", 0);
        id->n_tasks = sim_h5_get_attr_i64(g, "tasks", 0);
    }
    if (g >= 0)
        H5Gclose(g);
    H5Fclose(f);
    return SIM_OK;
}

/* ---- the design's record ---------------------------------------------------------- */

typedef struct par_row {
    const char *name, *type, *scale, *unit, *source, *meaning;
    double min, max;
} par_row;

static hid_t make_dataset(hid_t g, const char *name, hid_t type, int rank, const hsize_t *dim,
                          const hsize_t *chunk);

static const char *type_name(const sim_param_desc *d)
{
    static const char *const names[] = {"number", "whole number", "true/false",
                                        "choice", "text",         "path"};
    return names[d->type];
}

static int write_par_table(hid_t g, const sim_sweep *sw)
{
    par_row *rows = calloc(sw->k, sizeof *rows);
    if (!rows)
        return -1;
    for (size_t j = 0; j < sw->k; j++) {
        const sim_sweep_param *p = &sw->par[j];
        rows[j] = (par_row){p->path,
                            type_name(p->desc),
                            p->log ? "log" : "linear",
                            p->desc->unit,
                            p->desc->source,
                            p->desc->meaning,
                            p->n_values ? NAN : p->min,
                            p->n_values ? NAN : p->max};
    }
    hid_t str = sim_h5_utf8_type(), t = H5Tcreate(H5T_COMPOUND, sizeof(par_row));
    H5Tinsert(t, "name", HOFFSET(par_row, name), str);
    H5Tinsert(t, "type", HOFFSET(par_row, type), str);
    H5Tinsert(t, "min", HOFFSET(par_row, min), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "max", HOFFSET(par_row, max), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "scale", HOFFSET(par_row, scale), str);
    H5Tinsert(t, "unit", HOFFSET(par_row, unit), str);
    H5Tinsert(t, "source", HOFFSET(par_row, source), str);
    H5Tinsert(t, "meaning", HOFFSET(par_row, meaning), str);
    hsize_t dim = sw->k;
    hid_t d = make_dataset(g, "parameters", t, 1, &dim, NULL);
    int rc = d < 0 || H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows) < 0 ? -1 : 0;
    H5Dclose(d);
    H5Tclose(t);
    H5Tclose(str);
    free(rows);
    return rc;
}

static int write_matrix(hid_t g, const char *name, const double *x, size_t n, size_t k,
                        const char *meaning)
{
    hsize_t dim[2] = {n, k};
    hid_t d = make_dataset(g, name, H5T_IEEE_F64LE, 2, dim, NULL);
    int rc = d < 0 || H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, x) < 0;
    rc = rc || sim_h5_attr_str(d, "meaning", meaning);
    H5Dclose(d);
    return rc ? -1 : 0;
}

static int write_point_text(hid_t g, const sim_sweep *sw)
{
    size_t n = sw->n_points * sw->k;
    const char **v = malloc(n * sizeof *v);
    if (!v)
        return -1;
    for (size_t i = 0; i < n; i++)
        v[i] = sw->point_text[i];
    hsize_t dim[2] = {sw->n_points, sw->k};
    hid_t t = sim_h5_utf8_type();
    hid_t d = make_dataset(g, "points_text", t, 2, dim, NULL);
    int rc = d < 0 || H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) < 0;
    rc = rc || sim_h5_attr_str(d, "meaning", "each point's values as applied to the scenario");
    H5Dclose(d);
    H5Tclose(t);
    free(v);
    return rc ? -1 : 0;
}

static int write_sweep_attrs(hid_t g, const sim_sweep *sw, const sim_sweep_options *opt,
                             const char *design_id, size_t n_tasks)
{
    int rc = sim_h5_attr_str(g, "name", sw->name);
    rc |= sim_h5_attr_str(g, "description", sw->description);
    rc |= sim_h5_attr_str(g, "design_file", sw->path);
    rc |= sim_h5_attr_str(g, "scenario_file", sw->scenario_path);
    rc |= sim_h5_attr_str(g, "design", sim_design_names[sw->kind]);
    rc |= sim_h5_attr_str(g, "design_id", design_id);
    rc |= sim_h5_attr_str(g, "source_revision", sim_revision());
    rc |= sim_h5_attr_i64(g, "points", (int64_t)sw->n_points);
    rc |= sim_h5_attr_i64(g, "parameters", (int64_t)sw->k);
    rc |= sim_h5_attr_i64(g, "design_points", (int64_t)sw->n_req);
    rc |= sim_h5_attr_i64(g, "levels",
                          sw->kind == SIM_DESIGN_MORRIS ? (sw->levels ? sw->levels : 4) : 0);
    rc |= sim_h5_attr_i64(g, "replicates", sw->replicates);
    rc |= sim_h5_attr_str(g, "until", opt->until ? opt->until : "");
    rc |= sim_h5_attr_f64(g, "until_halfwidth", opt->until ? opt->until_halfwidth : 0);
    rc |= sim_h5_attr_i64(g, "max_replicates", opt->until ? opt->max_replicates : sw->replicates);
    rc |= sim_h5_attr_i64(g, "seed", sw->seed);
    rc |= sim_h5_attr_i64(g, "summaries_from_month", sw->summaries_from);
    rc |= sim_h5_attr_str(g, "output_level", opt->full ? "full" : "summary");
    rc |= sim_h5_attr_i64(g, "shard_k", opt->shard_k);
    rc |= sim_h5_attr_i64(g, "shard_n", opt->shard_n);
    rc |= sim_h5_attr_i64(g, "tasks", (int64_t)n_tasks);
    return rc;
}

/* ---- per-task data ------------------------------------------------------------------ */

/* A dataset of the sweep file, chunked and checksummed (sim_h5_dcpl; chunk
 * NULL: whole rows). */
static hid_t make_dataset(hid_t g, const char *name, hid_t type, int rank, const hsize_t *dim,
                          const hsize_t *chunk)
{
    hid_t s = H5Screate_simple(rank, dim, NULL), dcpl = sim_h5_dcpl(type, rank, dim, chunk, 1);
    hid_t d = H5Dcreate2(g, name, type, s, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    H5Pclose(dcpl);
    H5Sclose(s);
    return d;
}

/* The datasets filled task by task. metrics: NULL unless full. */
static int create_data(sim_sweep_file *f, const sim_metric_desc *metrics, size_t n_metrics,
                       hid_t dm, hid_t da, hid_t dg)
{
    hsize_t T = f->n_tasks, F = f->n_fig;
    hid_t tt = task_row_type(), str = sim_h5_utf8_type(), rt = run_row_type(str);
    hsize_t chunk1 = T < 1024 ? (T ? T : 1) : 1024, chunk2[2] = {chunk1, F ? F : 1};
    hsize_t dim2[2] = {T, F};
    f->tasks = make_dataset(f->sweep, "tasks", tt, 1, &T, &chunk1);
    f->runs = make_dataset(f->sweep, "task_runs", rt, 1, &T, &chunk1);
    f->sums = make_dataset(f->sweep, "summaries", H5T_IEEE_F64LE, 2, dim2, chunk2);
    H5Tclose(tt);
    H5Tclose(rt);
    H5Tclose(str);
    int rc = f->tasks < 0 || f->runs < 0 || f->sums < 0;
    rc = rc || sim_h5_attr_str(f->tasks, "meaning",
                               "task t is point t % points, replicate t / points; random numbers "
                               "keyed (seed, replicate)");
    rc = rc || sim_h5_attr_str(f->runs, "meaning",
                               "when and where each task ran (differs between runs of the same "
                               "sweep; every other dataset does not)");
    rc = rc || sim_h5_attr_str(f->sums, "meaning",
                               "per task (row of tasks), the derived figures named in "
                               "summary_names; NaN where a denominator is zero");
    if (rc || !metrics)
        return rc ? -1 : 0;
    f->n_metrics = n_metrics;
    f->series = malloc(n_metrics * sizeof *f->series);
    f->is_sum = malloc(n_metrics * sizeof *f->is_sum);
    f->buf = malloc(f->months * f->n_areas * f->n_groups * sizeof(double));
    hid_t gcpl = H5Pcreate(H5P_GROUP_CREATE); /* metrics in table order */
    H5Pset_link_creation_order(gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
    hid_t sg = H5Gcreate2(f->sweep, "series", H5P_DEFAULT, gcpl, H5P_DEFAULT);
    H5Pclose(gcpl);
    if (!f->series || !f->is_sum || !f->buf || sg < 0)
        return H5Gclose(sg), -1;
    hsize_t dim[4] = {T, f->months, f->n_areas, f->n_groups};
    hsize_t chunk[4] = {1, f->months, f->n_areas, f->n_groups};
    for (size_t k = 0; k < n_metrics; k++)
        f->series[k] = -1;
    for (size_t k = 0; !rc && k < n_metrics; k++) {
        const sim_metric_desc *m = &metrics[k];
        f->is_sum[k] = m->kind == SIM_METRIC_SUM;
        f->series[k] =
            make_dataset(sg, m->name, f->is_sum[k] ? H5T_IEEE_F64LE : H5T_STD_I64LE, 4, dim, chunk);
        rc = f->series[k] < 0;
        rc = rc || sim_h5_attr_str(f->series[k], "units", m->unit);
        rc = rc || sim_h5_attr_str(f->series[k], "meaning", m->meaning);
        rc = rc || sim_h5_attr_str(f->series[k], "kind",
                                   m->kind == SIM_METRIC_STOCK  ? "stock"
                                   : m->kind == SIM_METRIC_FLOW ? "flow"
                                                                : "sum");
        rc = rc || H5DSattach_scale(f->series[k], dm, 1) < 0 ||
             H5DSattach_scale(f->series[k], da, 2) < 0 || H5DSattach_scale(f->series[k], dg, 3) < 0;
        rc = rc || H5DSset_label(f->series[k], 0, "task") < 0;
    }
    H5Gclose(sg);
    return rc ? -1 : 0;
}

static int write_row(hid_t d, hid_t type, size_t row, const void *data)
{
    hid_t fs = H5Dget_space(d);
    hsize_t start = row, count = 1;
    hid_t ms = H5Screate_simple(1, &count, NULL);
    int rc = H5Sselect_hyperslab(fs, H5S_SELECT_SET, &start, NULL, &count, NULL) < 0 ||
             H5Dwrite(d, type, ms, fs, H5P_DEFAULT, data) < 0;
    H5Sclose(ms);
    H5Sclose(fs);
    return rc ? -1 : 0;
}

int sim_sweep_file_put(sim_sweep_file *f, size_t row, const sim_task_rec *rec, const double *figs,
                       const double *series, sim_err *err)
{
    task_row tr = {rec->task, rec->point, rec->replicate, rec->seed, rec->persons, rec->households};
    run_row rr = {rec->started, rec->finished, rec->seconds, rec->rank, rec->threads};
    hid_t tt = task_row_type(), str = sim_h5_utf8_type(), rt = run_row_type(str);
    int rc = write_row(f->tasks, tt, row, &tr) || write_row(f->runs, rt, row, &rr);
    H5Tclose(tt);
    H5Tclose(rt);
    H5Tclose(str);
    if (!rc && f->n_fig) {
        hid_t fs = H5Dget_space(f->sums);
        hsize_t start[2] = {row, 0}, count[2] = {1, f->n_fig};
        hid_t ms = H5Screate_simple(2, count, NULL);
        rc = H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL) < 0 ||
             H5Dwrite(f->sums, H5T_NATIVE_DOUBLE, ms, fs, H5P_DEFAULT, figs) < 0;
        H5Sclose(ms);
        H5Sclose(fs);
    }
    size_t cells = f->months * f->n_areas * f->n_groups;
    for (size_t k = 0; !rc && f->series && k < f->n_metrics; k++) {
        for (size_t c = 0; c < cells; c++) {
            double x = series[c * f->n_metrics + k];
            if (f->is_sum[k])
                ((double *)f->buf)[c] = x;
            else
                ((int64_t *)f->buf)[c] = (int64_t)(x + (x >= 0 ? 0.5 : -0.5));
        }
        hid_t fs = H5Dget_space(f->series[k]);
        hsize_t start[4] = {row, 0, 0, 0}, count[4] = {1, f->months, f->n_areas, f->n_groups};
        hid_t ms = H5Screate_simple(4, count, NULL);
        rc = H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL) < 0 ||
             H5Dwrite(f->series[k], f->is_sum[k] ? H5T_NATIVE_DOUBLE : H5T_NATIVE_INT64, ms, fs,
                      H5P_DEFAULT, f->buf) < 0;
        H5Sclose(ms);
        H5Sclose(fs);
    }
    return rc ? fail(err, "the sweep file", "write a task") : SIM_OK;
}

static void close_data(sim_sweep_file *f)
{
    hid_t *ids[] = {&f->tasks, &f->runs, &f->sums};
    for (size_t i = 0; i < 3; i++)
        if (*ids[i] >= 0)
            H5Dclose(*ids[i]), *ids[i] = -1;
    for (size_t k = 0; f->series && k < f->n_metrics; k++)
        if (f->series[k] >= 0)
            H5Dclose(f->series[k]);
    free(f->series);
    f->series = NULL;
    if (f->sweep >= 0)
        H5Gclose(f->sweep), f->sweep = -1;
}

int sim_sweep_file_commit(sim_sweep_file *f, sim_err *err)
{
    close_data(f);
    return sim_h5_commit(f->h, err);
}

void sim_sweep_file_free(sim_sweep_file *f)
{
    if (!f)
        return;
    close_data(f);
    sim_h5_free(f->h);
    free(f->is_sum);
    free(f->buf);
    free(f);
}

static sim_sweep_file *file_new(void)
{
    sim_sweep_file *f = calloc(1, sizeof *f);
    if (f)
        f->sweep = f->tasks = f->runs = f->sums = -1;
    return f;
}

/* The root says it is a sweep file. */
static int mark_format(sim_h5 *h)
{
    hid_t file = sim_h5_hid(h);
    return H5Adelete(file, "format") < 0 || sim_h5_attr_str(file, "format", SIM_SWEEP_FORMAT);
}

int sim_sweep_file_create(sim_sweep_file **out, const char *path, const sim_model_ops *m,
                          const sim_sweep *sw, const sim_sweep_summary *sum,
                          const sim_sweep_options *opt, const sim_world_info *world,
                          const char *design_id, size_t n_tasks, sim_err *err)
{
    *out = NULL;
    sim_sweep_file *f = file_new();
    if (!f)
        return SIM_RAISE(err, SIM_ENOMEM, "out of memory");
    sim_h5_header hdr = {m->name,
                         opt->command_line,
                         world,
                         m->groups,
                         m->n_groups,
                         sw->base.run.months,
                         sw->base.run.start_year,
                         (size_t)sw->replicates,
                         m->metrics,
                         m->n_metrics,
                         NULL,
                         m->headline};
    int rc = sim_h5_create(&f->h, path, &hdr, err);
    if (rc) {
        sim_sweep_file_free(f);
        return rc;
    }
    f->n_tasks = n_tasks;
    f->n_fig = sum->n;
    f->months = (size_t)sw->base.run.months;
    f->n_areas = world->n_areas;
    f->n_groups = m->n_groups;
    hid_t file = sim_h5_hid(f->h), dm, da, dg;
    sim_h5_dims(f->h, &dm, &da, &dg);
    f->sweep = H5Gcreate2(file, "sweep", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    hid_t base =
        f->sweep < 0 ? -1 : H5Gcreate2(f->sweep, "base", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    sim_h5_params bp[2] = {{&sim_settings_table, &sw->base.run}, {m->params, sw->base.params}};
    rc = mark_format(f->h) || base < 0 || write_sweep_attrs(f->sweep, sw, opt, design_id, n_tasks);
    rc = rc || sim_h5_attr_str(base, "name", sw->base.sc.name) ||
         sim_h5_write_text(base, "scenario_text", sw->base.sc.text) ||
         sim_h5_write_params(base, bp, 2);
    rc =
        rc || sim_h5_write_text(f->sweep, "design_text", sw->text) || write_par_table(f->sweep, sw);
    rc = rc || write_matrix(f->sweep, "points", sw->point_value, sw->n_points, sw->k,
                            "each point's parameter values (NaN for text and choices)");
    rc = rc || write_point_text(f->sweep, sw);
    if (!rc && sw->unit)
        rc = write_matrix(f->sweep, "unit_points", sw->unit, sw->n_points, sw->k,
                          "the design in the unit cube, before scaling to the ranges");
    hid_t names = rc ? -1 : sim_h5_strings(f->sweep, "summary_names", sum->names, sum->n);
    rc = rc || names < 0;
    H5Dclose(names);
    H5Gclose(base);
    rc = rc || create_data(f, opt->full ? m->metrics : NULL, m->n_metrics, dm, da, dg);
    if (rc) {
        sim_sweep_file_free(f);
        return fail(err, path, "write the sweep's record");
    }
    *out = f;
    return SIM_OK;
}

/* ---- merge ---------------------------------------------------------------------------- */

/* A header like part 0's: model, months, areas, groups, metrics of the series. */
typedef struct like {
    char model[128], headline[1024];
    int64_t months, start_year;
    char **area, **area_name, **area_country, **groups;
    size_t n_area, n_name, n_country, n_groups;
    sim_metric_desc *metrics;
    char (*mtext)[3][512];
    size_t n_metrics;
} like;

typedef struct part {
    const char *path;
    hid_t file, sweep;
    sim_sweep_ident id;
    task_row *tasks;
    run_row *runs;
    double *sums;
    size_t n;
} part;

typedef struct slot {
    int64_t task;
    size_t part, row;
} slot;

static int by_task(const void *a, const void *b)
{
    int64_t x = ((const slot *)a)->task, y = ((const slot *)b)->task;
    return (x > y) - (x < y);
}

/* The task tables of a part: n rows each, summaries [n][n_fig]; its series,
 * if any, [n][months][areas][groups] like part 0's. */
static int check_part(const part *p, hsize_t n, size_t n_fig, const like *l, sim_err *err)
{
    hsize_t rows[1] = {n}, sums[2] = {n, n_fig};
    int rc = sim_h5_check_shape(p->sweep, "tasks", H5T_COMPOUND, 1, rows, err);
    rc = rc ? rc : sim_h5_check_shape(p->sweep, "task_runs", H5T_COMPOUND, 1, rows, err);
    rc = rc ? rc : sim_h5_check_shape(p->sweep, "summaries", H5T_FLOAT, 2, sums, err);
    hid_t sg = rc || !l->n_metrics ? -1 : H5Gopen2(p->sweep, "series", H5P_DEFAULT);
    if (!rc && l->n_metrics && sg < 0)
        rc = SIM_RAISE(err, SIM_EINPUT, "%s: corrupt or foreign file: no /sweep/series", p->path);
    hsize_t cube[4] = {n, (hsize_t)l->months, l->n_area, l->n_groups};
    for (size_t k = 0; !rc && k < l->n_metrics; k++)
        rc = sim_h5_check_shape(sg, l->metrics[k].name, H5T_FLOAT, 4, cube, err);
    if (sg >= 0)
        H5Gclose(sg);
    return rc;
}

static int read_part(part *p, size_t n_fig, const like *l, sim_err *err)
{
    if (p->id.n_tasks < 0)
        return SIM_RAISE(err, SIM_EINPUT,
                         "%s: corrupt or foreign file: /sweep attribute tasks "
                         "is negative",
                         p->path);
    hsize_t n = (hsize_t)p->id.n_tasks;
    int rc = check_part(p, n, n_fig, l, err);
    if (rc)
        return rc;
    p->n = (size_t)n;
    p->tasks = calloc(n ? n : 1, sizeof *p->tasks);
    p->runs = calloc(n ? n : 1, sizeof *p->runs);
    p->sums = calloc(n * n_fig + 1, sizeof *p->sums);
    if (!p->tasks || !p->runs || !p->sums)
        return SIM_RAISE(err, SIM_ENOMEM, "out of memory for the merge");
    hid_t tt = task_row_type(), str = sim_h5_utf8_type(), rt = run_row_type(str);
    hid_t dt = H5Dopen2(p->sweep, "tasks", H5P_DEFAULT),
          dr = H5Dopen2(p->sweep, "task_runs", H5P_DEFAULT);
    hid_t ds = H5Dopen2(p->sweep, "summaries", H5P_DEFAULT);
    int bad = dt < 0 || dr < 0 || ds < 0;
    if (!bad && n > 0)
        bad = H5Dread(dt, tt, H5S_ALL, H5S_ALL, H5P_DEFAULT, p->tasks) < 0 ||
              H5Dread(dr, rt, H5S_ALL, H5S_ALL, H5P_DEFAULT, p->runs) < 0 ||
              (n_fig && H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, p->sums) < 0);
    H5Dclose(dt);
    H5Dclose(dr);
    H5Dclose(ds);
    H5Tclose(tt);
    H5Tclose(rt);
    H5Tclose(str);
    return bad ? SIM_RAISE(err, SIM_EINPUT, "%s: its tasks are not readable", p->path) : SIM_OK;
}

/* Every part a shard of one design, each shard once, none missing. */
static int check_parts(part *p, size_t n, sim_errs *errs)
{
    sim_err e;
    sim_err_clear(&e);
    for (size_t i = 0; i < n; i++) {
        if (sim_sweep_file_identity(p[i].path, &p[i].id, &e))
            return sim_errs_add(errs, &e);
        if (!p[i].id.is_sweep)
            return SIM_ERRS_RAISE(errs, SIM_EINPUT, p[i].path, 0, 0, NULL,
                                  "not a sweep file (expected a file of crossings sweep --shard)");
        if (p[i].id.shard_n < 1)
            return SIM_ERRS_RAISE(errs, SIM_EINPUT, p[i].path, 0, 0, NULL,
                                  "a whole sweep, not a shard (expected files of crossings sweep "
                                  "--shard K/N)");
        if (strcmp(p[i].id.design_id, p[0].id.design_id) != 0 || p[i].id.shard_n != p[0].id.shard_n)
            return SIM_ERRS_RAISE(errs, SIM_EINPUT, p[i].path, 0, 0, NULL,
                                  "a shard of another sweep (design %s, %lld shards) than %s "
                                  "(design %s, %lld shards): refusing to merge them",
                                  p[i].id.design_id, (long long)p[i].id.shard_n, p[0].path,
                                  p[0].id.design_id, (long long)p[0].id.shard_n);
        for (size_t j = 0; j < i; j++)
            if (p[j].id.shard_k == p[i].id.shard_k)
                return SIM_ERRS_RAISE(errs, SIM_EINPUT, p[i].path, 0, 0, NULL,
                                      "shard %lld again (also %s): expected each shard once",
                                      (long long)p[i].id.shard_k, p[j].path);
    }
    int64_t nn = p[0].id.shard_n;
    if ((int64_t)n != nn) {
        char missing[256] = "";
        size_t used = 0;
        for (int64_t k = 1; k <= nn && used < sizeof missing - 16; k++) {
            size_t i = 0;
            while (i < n && p[i].id.shard_k != k)
                i++;
            if (i == n)
                used += (size_t)snprintf(missing + used, sizeof missing - used, "%s%lld",
                                         used ? ", " : "", (long long)k);
        }
        return SIM_ERRS_RAISE(errs, SIM_EINPUT, NULL, 0, 0, NULL,
                              "the sweep has %lld shards and %zu were given: missing %s "
                              "(expected every shard, 1 to %lld)",
                              (long long)nn, n, missing, (long long)nn);
    }
    return SIM_OK;
}

static herr_t copy_attr(hid_t loc, const char *name, const H5A_info_t *info, void *to)
{
    (void)info;
    hid_t dst = *(hid_t *)to;
    hid_t a = H5Aopen(loc, name, H5P_DEFAULT), t = H5Aget_type(a), s = H5Aget_space(a);
    hid_t mt = H5Tget_native_type(t, H5T_DIR_DEFAULT);
    size_t sz = H5Tget_size(mt) * (size_t)H5Sget_simple_extent_npoints(s);
    void *buf = malloc(sz ? sz : 1);
    herr_t rc = -1;
    if (buf && H5Aread(a, mt, buf) >= 0) {
        if (H5Aexists(dst, name) > 0)
            H5Adelete(dst, name);
        hid_t b = H5Acreate2(dst, name, t, s, H5P_DEFAULT, H5P_DEFAULT);
        rc = b < 0 || H5Awrite(b, mt, buf) < 0 ? -1 : 0;
        H5Aclose(b);
        H5Dvlen_reclaim(mt, s, H5P_DEFAULT, buf);
    }
    free(buf);
    H5Tclose(mt);
    H5Tclose(t);
    H5Sclose(s);
    H5Aclose(a);
    return rc;
}

static int copy_object(hid_t src, const char *name, hid_t dst);

static herr_t copy_child(hid_t g, const char *name, const H5L_info_t *info, void *to)
{
    (void)info;
    return copy_object(g, name, *(hid_t *)to) ? -1 : 0;
}

/* Dataset name of src into dst: type, shape, values and attributes. */
static int copy_dataset(hid_t src, const char *name, hid_t dst)
{
    hid_t d = H5Dopen2(src, name, H5P_DEFAULT), t = H5Dget_type(d), s = H5Dget_space(d);
    hid_t mt = H5Tget_native_type(t, H5T_DIR_DEFAULT);
    hsize_t dim[H5S_MAX_RANK];
    int rank = H5Sget_simple_extent_dims(s, dim, NULL);
    hssize_t n = H5Sget_simple_extent_npoints(s);
    void *buf = rank < 0 || n < 0 ? NULL : calloc(n ? (size_t)n : 1, H5Tget_size(mt));
    int rc = !buf || H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0;
    if (!rc) {
        hid_t p = sim_h5_dcpl(t, rank, dim, NULL, 1);
        hid_t c = H5Dcreate2(dst, name, t, s, H5P_DEFAULT, p, H5P_DEFAULT);
        rc = c < 0 || H5Dwrite(c, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0 ||
             H5Aiterate2(d, H5_INDEX_NAME, H5_ITER_INC, NULL, copy_attr, &c) < 0;
        H5Dclose(c);
        H5Pclose(p);
        H5Dvlen_reclaim(mt, s, H5P_DEFAULT, buf);
    }
    free(buf);
    H5Tclose(mt);
    H5Tclose(t);
    H5Sclose(s);
    H5Dclose(d);
    return rc ? -1 : 0;
}

/* Object name of src (a dataset, or a group of them) into dst. The merge
 * copies this way, not by H5Ocopy, which crashes inside HDF5 1.10 when a
 * write fails part way (a full disk). */
static int copy_object(hid_t src, const char *name, hid_t dst)
{
    H5O_info_t info;
    if (H5Oget_info_by_name(src, name, &info, H5P_DEFAULT) < 0)
        return -1;
    if (info.type == H5O_TYPE_DATASET)
        return copy_dataset(src, name, dst);
    if (info.type != H5O_TYPE_GROUP)
        return -1;
    hid_t g = H5Gopen2(src, name, H5P_DEFAULT);
    hid_t c = g < 0 ? -1 : H5Gcreate2(dst, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    int rc = c < 0 || H5Aiterate2(g, H5_INDEX_NAME, H5_ITER_INC, NULL, copy_attr, &c) < 0 ||
             H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, NULL, copy_child, &c) < 0;
    H5Gclose(c);
    H5Gclose(g);
    return rc ? -1 : 0;
}

static int replace_i64(hid_t g, const char *name, int64_t v)
{
    if (H5Aexists(g, name) > 0)
        H5Adelete(g, name);
    return sim_h5_attr_i64(g, name, v);
}

static herr_t add_metric(hid_t g, const char *name, const H5L_info_t *info, void *vl)
{
    (void)info;
    like *l = vl;
    sim_metric_desc *v = realloc(l->metrics, (l->n_metrics + 1) * sizeof *v);
    char(*t)[3][512] = realloc(l->mtext, (l->n_metrics + 1) * sizeof *t);
    if (v)
        l->metrics = v;
    if (t)
        l->mtext = t;
    if (!v || !t)
        return -1;
    hid_t d = H5Dopen2(g, name, H5P_DEFAULT);
    char kind[16];
    snprintf(l->mtext[l->n_metrics][0], 512, "%s", name);
    sim_h5_get_attr_str(d, "units", l->mtext[l->n_metrics][1], 512);
    sim_h5_get_attr_str(d, "meaning", l->mtext[l->n_metrics][2], 512);
    sim_h5_get_attr_str(d, "kind", kind, sizeof kind);
    H5Dclose(d);
    l->metrics[l->n_metrics++] = (sim_metric_desc){NULL,
                                                   strcmp(kind, "sum") == 0     ? SIM_METRIC_SUM
                                                   : strcmp(kind, "stock") == 0 ? SIM_METRIC_STOCK
                                                                                : SIM_METRIC_FLOW,
                                                   NULL, NULL};
    return 0;
}

static int read_like(like *l, const part *p)
{
    memset(l, 0, sizeof *l);
    sim_h5_get_attr_str(p->file, "model", l->model, sizeof l->model);
    sim_h5_get_attr_str(p->file, "headline_metrics", l->headline, sizeof l->headline);
    l->months = sim_h5_get_attr_i64(p->file, "months", 0);
    l->start_year = sim_h5_get_attr_i64(p->file, "start_year", 0);
    hid_t dims = H5Gopen2(p->file, "dims", H5P_DEFAULT);
    l->area = sim_h5_get_strings(dims, "area", &l->n_area);
    l->area_name = sim_h5_get_strings(dims, "area_name", &l->n_name);
    l->area_country = sim_h5_get_strings(dims, "area_country", &l->n_country);
    l->groups = sim_h5_get_strings(dims, "group", &l->n_groups);
    H5Gclose(dims);
    if (H5Lexists(p->sweep, "series", H5P_DEFAULT) > 0) {
        hid_t sg = H5Gopen2(p->sweep, "series", H5P_DEFAULT);
        hsize_t idx = 0;
        if (H5Literate(sg, H5_INDEX_CRT_ORDER, H5_ITER_INC, &idx, add_metric, l) < 0) {
            idx = 0; /* a file without creation order: by name */
            l->n_metrics = 0;
            H5Literate(sg, H5_INDEX_NAME, H5_ITER_INC, &idx, add_metric, l);
        }
        H5Gclose(sg);
        for (size_t k = 0; k < l->n_metrics; k++)
            l->metrics[k].name = l->mtext[k][0], l->metrics[k].unit = l->mtext[k][1],
            l->metrics[k].meaning = l->mtext[k][2];
    }
    hsize_t months[1] = {(hsize_t)l->months};
    sim_err e;
    return l->months > 0 && l->n_area && l->n_area == l->n_name && l->n_area == l->n_country &&
                   l->n_groups &&
                   !sim_h5_check_shape(p->file, "dims/month", H5T_INTEGER, 1, months, &e)
               ? 0
               : -1;
}

static void free_like(like *l)
{
    sim_h5_free_strings(l->area, l->n_area);
    sim_h5_free_strings(l->area_name, l->n_name);
    sim_h5_free_strings(l->area_country, l->n_country);
    sim_h5_free_strings(l->groups, l->n_groups);
    free(l->metrics);
    free(l->mtext);
}

/* The merged file's header and design record, copied from part 0. */
static int create_like(sim_sweep_file **out, const char *path, const part *p0, const like *l,
                       const char *cmdline, size_t n_tasks, size_t n_fig, sim_err *err)
{
    sim_sweep_file *f = file_new();
    if (!f)
        return SIM_RAISE(err, SIM_ENOMEM, "out of memory");
    sim_world_info wi = {l->n_area,
                         (const char *const *)l->area,
                         (const char *const *)l->area_name,
                         (const char *const *)l->area_country,
                         0,
                         0,
                         0};
    sim_h5_header hdr = {
        l->model,    cmdline,   &wi,           (const char *const *)l->groups,
        l->n_groups, l->months, l->start_year, 0,
        NULL,        0,         NULL,          l->headline[0] ? l->headline : NULL};
    int rc = sim_h5_create(&f->h, path, &hdr, err);
    if (rc) {
        sim_sweep_file_free(f);
        return rc;
    }
    f->n_tasks = n_tasks;
    f->n_fig = n_fig;
    f->months = (size_t)l->months;
    f->n_areas = l->n_area;
    f->n_groups = l->n_groups;
    hid_t file = sim_h5_hid(f->h), dm, da, dg;
    sim_h5_dims(f->h, &dm, &da, &dg);
    f->sweep = H5Gcreate2(file, "sweep", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    rc = mark_format(f->h) || f->sweep < 0 ||
         H5Aiterate2(p0->sweep, H5_INDEX_NAME, H5_ITER_INC, NULL, copy_attr, &f->sweep) < 0;
    rc = rc || replace_i64(f->sweep, "shard_k", 0) || replace_i64(f->sweep, "shard_n", 0) ||
         replace_i64(f->sweep, "tasks", (int64_t)n_tasks);
    static const char *const copied[] = {"base",        "design_text", "parameters",   "points",
                                         "points_text", "unit_points", "summary_names"};
    for (size_t i = 0; !rc && i < sizeof copied / sizeof copied[0]; i++)
        if (H5Lexists(p0->sweep, copied[i], H5P_DEFAULT) > 0)
            rc = copy_object(p0->sweep, copied[i], f->sweep);
    rc = rc || create_data(f, l->n_metrics ? l->metrics : NULL, l->n_metrics, dm, da, dg);
    if (rc) {
        sim_sweep_file_free(f);
        return fail(err, path, "write the merged file's record");
    }
    *out = f;
    return SIM_OK;
}

/* Task row of part p into the record buffer (summaries and series after it). */
static int take_task(const part *p, size_t row, const like *l, size_t n_fig, sim_task_rec *rec,
                     double *figs, double *series)
{
    const task_row *t = &p->tasks[row];
    const run_row *r = &p->runs[row];
    *rec = (sim_task_rec){
        t->task,    t->point,         t->replicate,        t->seed, t->persons, t->households,
        r->seconds, (int32_t)r->rank, (int32_t)r->threads, "",      ""};
    snprintf(rec->started, sizeof rec->started, "%s", r->started ? r->started : "");
    snprintf(rec->finished, sizeof rec->finished, "%s", r->finished ? r->finished : "");
    memcpy(figs, p->sums + row * n_fig, n_fig * sizeof *figs);
    if (!l->n_metrics)
        return 0;
    size_t cells = (size_t)l->months * l->n_area * l->n_groups;
    double *one = malloc(cells * sizeof *one);
    hid_t sg = H5Gopen2(p->sweep, "series", H5P_DEFAULT);
    int rc = !one || sg < 0;
    for (size_t k = 0; !rc && k < l->n_metrics; k++) {
        hid_t d = H5Dopen2(sg, l->metrics[k].name, H5P_DEFAULT), fs = H5Dget_space(d);
        hsize_t start[4] = {row, 0, 0, 0},
                count[4] = {1, (hsize_t)l->months, l->n_area, l->n_groups};
        hid_t ms = H5Screate_simple(4, count, NULL);
        rc = d < 0 || H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL) < 0 ||
             H5Dread(d, H5T_NATIVE_DOUBLE, ms, fs, H5P_DEFAULT, one) < 0;
        for (size_t c = 0; !rc && c < cells; c++)
            series[c * l->n_metrics + k] = one[c];
        H5Sclose(ms);
        H5Sclose(fs);
        H5Dclose(d);
    }
    H5Gclose(sg);
    free(one);
    return rc ? -1 : 0;
}

static int merge_tasks(sim_sweep_file *f, part *p, size_t n, const like *l, size_t n_fig,
                       sim_errs *errs)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += p[i].n;
    slot *s = malloc((total ? total : 1) * sizeof *s);
    double *figs = malloc((n_fig + 1) * sizeof *figs);
    size_t cells = l->n_metrics ? (size_t)l->months * l->n_area * l->n_groups * l->n_metrics : 1;
    double *series = malloc(cells * sizeof *series);
    sim_err e;
    sim_err_clear(&e);
    int rc = !s || !figs || !series ? SIM_RAISE(&e, SIM_ENOMEM, "out of memory for the merge") : 0;
    size_t k = 0;
    for (size_t i = 0; !rc && i < n; i++)
        for (size_t r = 0; r < p[i].n; r++)
            s[k++] = (slot){p[i].tasks[r].task, i, r};
    if (!rc)
        qsort(s, total, sizeof *s, by_task);
    for (size_t i = 1; !rc && i < total; i++)
        if (s[i].task == s[i - 1].task)
            rc = SIM_RAISE(&e, SIM_EINPUT,
                           "task %lld is in both %s and %s (expected each task "
                           "in one shard)",
                           (long long)s[i].task, p[s[i - 1].part].path, p[s[i].part].path);
    for (size_t i = 0; !rc && i < total; i++) {
        sim_task_rec rec;
        if (take_task(&p[s[i].part], s[i].row, l, n_fig, &rec, figs, series))
            rc = SIM_RAISE(&e, SIM_EINPUT, "%s: task %lld is not readable", p[s[i].part].path,
                           (long long)s[i].task);
        else
            rc = sim_sweep_file_put(f, i, &rec, figs, series, &e);
    }
    free(s);
    free(figs);
    free(series);
    return rc ? sim_errs_add(errs, &e) : SIM_OK;
}

/* Open every shard (its seal checked first) and its /sweep group. */
static int open_parts(part *p, size_t n_parts, sim_errs *errs)
{
    int rc = SIM_OK;
    for (size_t i = 0; !rc && i < n_parts; i++) {
        sim_err oe;
        sim_err_clear(&oe);
        p[i].file = sim_h5_open_input(p[i].path, &oe);
        p[i].sweep = p[i].file < 0 ? -1 : H5Gopen2(p[i].file, "sweep", H5P_DEFAULT);
        if (p[i].file < 0)
            rc = sim_errs_add(errs, &oe);
        else if (p[i].sweep < 0)
            rc = SIM_ERRS_RAISE(errs, SIM_EINPUT, p[i].path, 0, 0, NULL,
                                "no /sweep group (expected a shard of crossings sweep)");
    }
    return rc;
}

static void free_parts(part *p, size_t n_parts)
{
    for (size_t i = 0; i < n_parts; i++) {
        if (p[i].runs) {
            for (size_t r = 0; r < p[i].n; r++)
                H5free_memory((void *)p[i].runs[r].started),
                    H5free_memory((void *)p[i].runs[r].finished);
        }
        free(p[i].tasks);
        free(p[i].runs);
        free(p[i].sums);
        if (p[i].sweep >= 0)
            H5Gclose(p[i].sweep);
        if (p[i].file >= 0)
            H5Fclose(p[i].file);
    }
    free(p);
}

int sim_sweep_merge(const char *const *parts, size_t n_parts, const char *out,
                    const char *command_line, sim_errs *errs)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    part *p = calloc(n_parts, sizeof *p);
    if (!p)
        return SIM_ERRS_RAISE(errs, SIM_ENOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t i = 0; i < n_parts; i++)
        p[i] = (part){parts[i], -1, -1, {0, "", 0, 0, 0}, NULL, NULL, NULL, 0};
    int rc = check_parts(p, n_parts, errs);
    rc = rc ? rc : open_parts(p, n_parts, errs);
    like l;
    memset(&l, 0, sizeof l);
    size_t n_fig = 0, total = 0;
    if (!rc) {
        char **names = sim_h5_get_strings(p[0].sweep, "summary_names", &n_fig);
        sim_h5_free_strings(names, n_fig);
        if (read_like(&l, &p[0]))
            rc = SIM_ERRS_RAISE(errs, SIM_EINPUT, p[0].path, 0, 0, NULL,
                                "its header is not readable (dims, months)");
    }
    sim_err e;
    sim_err_clear(&e);
    for (size_t i = 0; !rc && i < n_parts; i++) {
        if ((rc = read_part(&p[i], n_fig, &l, &e)))
            sim_errs_add(errs, &e);
        total += p[i].n;
    }
    sim_sweep_file *f = NULL;
    if (!rc && (rc = create_like(&f, out, &p[0], &l, command_line, total, n_fig, &e)))
        sim_errs_add(errs, &e);
    if (!rc)
        rc = merge_tasks(f, p, n_parts, &l, n_fig, errs);
    if (!rc && (rc = sim_sweep_file_commit(f, &e)))
        sim_errs_add(errs, &e);
    sim_sweep_file_free(f);
    free_like(&l);
    free_parts(p, n_parts);
    return rc;
}
