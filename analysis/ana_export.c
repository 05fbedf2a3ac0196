#include "ana_export.h"

#include "ana_compare.h"
#include "ana_figures.h"
#include "ana_summary.h"

#include "../sim/sim_h5_util.h"
#include "../sim/sim_tmp.h"

#include <errno.h>
#include <hdf5.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NAME_LEN       256  /* scenario, metric and column names */
#define DIM_LEN        64   /* area codes and group names */
#define BLOCK_ROWS     4096 /* table rows read at a time */
#define MAX_FILES      4    /* CSV files of one export */
#define MAX_SHOWN      8    /* distinct values of a parameter a summary lists */
#define EXPECTED       "expected a results file of crossings run or a sweep file of crossings sweep"
#define EXPECTED_RUN   "expected a complete results file written by crossings run"
#define EXPECTED_SWEEP "expected a complete sweep file written by crossings sweep or merge"

typedef enum file_kind { KIND_RESULTS, KIND_SWEEP } file_kind;

typedef char dim_name[DIM_LEN];

typedef struct metric {
    char name[NAME_LEN];
    int is_float; /* float64 sums; else int64 counts */
    int bad_type; /* neither integer nor floating point */
    int chosen;
} metric;

typedef struct scen {
    char name[NAME_LEN];
    size_t reps, months;
} scen;

typedef struct out_file {
    char final[SIM_ERR_PATH], tmp[SIM_ERR_PATH + 32];
    FILE *fp;
    size_t rows; /* data rows; SIZE_MAX when not counted */
} out_file;

/* An export or summary in progress: the open file and what was learnt of it. */
typedef struct xp {
    const char *path, *dir;
    const ana_export_options *o;
    hid_t file, sweep, series;
    file_kind kind;
    dim_name *areas, *groups;
    size_t n_areas, n_groups;
    scen *sc; /* results: scenarios in file order */
    size_t n_sc, cap_sc;
    metric *met; /* the metrics of the first scenario or of the series; then the chosen */
    size_t n_met, cap_met;
    size_t n_tasks, months; /* sweep: tasks, and months of the series */
    out_file out[MAX_FILES];
    size_t n_out;
    int made_dir;
} xp;

/* ---- HDF5 helpers ---------------------------------------------------------------- */

/* Rows start .. start + n - 1 of a 1-D or 2-D dataset (every column) into buf. */
static int read_rows(hid_t d, hid_t type, size_t start, size_t n, void *buf)
{
    hid_t fs = H5Dget_space(d);
    int rank = H5Sget_simple_extent_ndims(fs);
    hsize_t dim[2] = {0, 1};
    int rc = rank < 1 || rank > 2 || H5Sget_simple_extent_dims(fs, dim, NULL) < 0;
    hsize_t st[2] = {start, 0}, cnt[2] = {n, rank == 2 ? dim[1] : 1}, all = cnt[0] * cnt[1];
    hid_t ms = H5Screate_simple(1, &all, NULL);
    rc = rc || H5Sselect_hyperslab(fs, H5S_SELECT_SET, st, NULL, cnt, NULL) < 0;
    rc = rc || H5Dread(d, type, ms, fs, H5P_DEFAULT, buf) < 0;
    H5Sclose(ms);
    H5Sclose(fs);
    return rc ? -1 : 0;
}

/* Row r (a replicate or a task) of a [R][M][A][G] dataset, months from .. M-1. */
static int read_slab(hid_t d, hid_t type, size_t r, size_t from, void *buf)
{
    hid_t fs = H5Dget_space(d);
    hsize_t dim[4] = {0};
    int rc = H5Sget_simple_extent_ndims(fs) != 4 || H5Sget_simple_extent_dims(fs, dim, NULL) != 4;
    hsize_t st[4] = {r, from, 0, 0}, cnt[4] = {1, dim[1] - from, dim[2], dim[3]};
    hsize_t all = cnt[1] * cnt[2] * cnt[3];
    hid_t ms = H5Screate_simple(1, &all, NULL);
    rc = rc || H5Sselect_hyperslab(fs, H5S_SELECT_SET, st, NULL, cnt, NULL) < 0;
    rc = rc || H5Dread(d, type, ms, fs, H5P_DEFAULT, buf) < 0;
    H5Sclose(ms);
    H5Sclose(fs);
    return rc ? -1 : 0;
}

/* Extent of axis 0 or 1 of a dataset of the given rank (1 or 2); -1 when
 * absent, of another rank, or larger than the file can hold. */
static long long extent(hid_t loc, const char *name, int rank, int axis)
{
    hsize_t dim[2] = {0, 0};
    sim_err e;
    return sim_h5_extent(loc, name, rank, H5T_NO_CLASS, dim, &e) ? -1 : (long long)dim[axis];
}

/* Rows of a 1-D dataset (first dimension of a 2-D one); -1 when absent. */
static long long n_rows(hid_t loc, const char *name, int rank)
{
    return extent(loc, name, rank, 0);
}

/* Has the dataset's compound type every member named in names (NULL-ended)? */
static int has_members(hid_t loc, const char *name, const char *const *names)
{
    hid_t d = H5Dopen2(loc, name, H5P_DEFAULT), t = d < 0 ? -1 : H5Dget_type(d);
    int ok = t >= 0 && H5Tget_class(t) == H5T_COMPOUND;
    for (size_t i = 0; ok && names[i]; i++)
        ok = H5Tget_member_index(t, names[i]) >= 0;
    H5Tclose(t);
    H5Dclose(d);
    return ok;
}

typedef herr_t (*link_fn)(hid_t, const char *, const H5L_info_t *, void *);

/* Visit the links of g in creation order when the file records it, else by name. */
static int each_link(hid_t g, link_fn fn, void *ctx, size_t *count)
{
    size_t before = *count;
    if (H5Literate(g, H5_INDEX_CRT_ORDER, H5_ITER_INC, NULL, fn, ctx) >= 0)
        return 0;
    *count = before;
    return H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, NULL, fn, ctx) < 0 ? -1 : 0;
}

/* ---- CSV --------------------------------------------------------------------------- */

/* A text field, quoted as RFC 4180 asks when it holds a comma, quote or line break. */
static void csv_str(const char *s, FILE *fp)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, fp);
        return;
    }
    fputc('"', fp);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', fp);
        fputc(*s, fp);
    }
    fputc('"', fp);
}

/* s as a CSV field into buf (cut at cap); returns its length. */
static size_t csv_quote(const char *s, char *buf, size_t cap)
{
    size_t n = 0;
    int quote = strpbrk(s, ",\"\r\n") != NULL;
    if (quote && n + 1 < cap)
        buf[n++] = '"';
    for (; *s && n + 2 < cap; s++) {
        if (*s == '"')
            buf[n++] = '"';
        buf[n++] = *s;
    }
    if (quote && n + 1 < cap)
        buf[n++] = '"';
    buf[n] = '\0';
    return n;
}

/* The shortest of %.15g, %.16g and %.17g that reads back exactly; NaN and
 * infinities as an empty field. */
static void csv_double(double v, FILE *fp)
{
    char buf[40];
    if (!isfinite(v))
        return;
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    fputs(buf, fp);
}

/* ---- the file ----------------------------------------------------------------------- */

static int open_file(xp *x, sim_err *err)
{
    struct stat st;
    if (stat(x->path, &st) != 0)
        return SIM_RAISE(err, SIM_EINPUT, "%s: cannot open: %s (%s)", x->path, strerror(errno),
                         EXPECTED);
    if (S_ISDIR(st.st_mode))
        return SIM_RAISE(err, SIM_EINPUT, "%s: is a folder (%s)", x->path, EXPECTED);
    x->file = sim_h5_open_input(x->path, err);
    if (x->file < 0)
        return err->code;
    char fmt[64];
    sim_h5_get_attr_str(x->file, "format", fmt, sizeof fmt);
    if (strcmp(fmt, "crossings-results") == 0)
        x->kind = KIND_RESULTS;
    else if (strcmp(fmt, "crossings-sweep") == 0)
        x->kind = KIND_SWEEP;
    else if (fmt[0])
        return SIM_RAISE(err, SIM_EINPUT, "%s: an HDF5 file of format '%s' (%s)", x->path, fmt,
                         EXPECTED);
    else
        return SIM_RAISE(err, SIM_EINPUT,
                         "%s: an HDF5 file without a format attribute, not written by crossings "
                         "(%s)",
                         x->path, EXPECTED);
    return SIM_OK;
}

/* What a file of its kind should have been, for messages. */
static const char *expected(const xp *x)
{
    return x->kind == KIND_SWEEP ? EXPECTED_SWEEP : EXPECTED_RUN;
}

/* A 1-D string dataset of /dims, copied into *v. */
static int read_dim(xp *x, const char *name, dim_name **v, size_t *n, sim_err *err)
{
    hid_t d = H5Dopen2(x->file, name, H5P_DEFAULT), t = sim_h5_utf8_type();
    hid_t s = d < 0 ? -1 : H5Dget_space(d);
    hssize_t len =
        s < 0 || H5Sget_simple_extent_ndims(s) != 1 ? -1 : H5Sget_simple_extent_npoints(s);
    char **raw = len > 0 ? calloc((size_t)len, sizeof *raw) : NULL;
    *v = len > 0 ? calloc((size_t)len, sizeof **v) : NULL;
    int bad = !raw || !*v || H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw) < 0;
    for (hssize_t i = 0; raw && i < len; i++) {
        if (!bad)
            snprintf((*v)[i], DIM_LEN, "%s", raw[i] ? raw[i] : "");
        H5free_memory(raw[i]);
    }
    free(raw);
    H5Sclose(s);
    H5Tclose(t);
    H5Dclose(d);
    *n = bad ? 0 : (size_t)len;
    if (bad)
        return SIM_RAISE(err, SIM_EINPUT, "%s: no readable dataset /%s (%s)", x->path, name,
                         expected(x));
    return SIM_OK;
}

static int read_dims(xp *x, sim_err *err)
{
    int rc = read_dim(x, "dims/area", &x->areas, &x->n_areas, err);
    return rc ? rc : read_dim(x, "dims/group", &x->groups, &x->n_groups, err);
}

/* ---- metrics: which, and their shape ------------------------------------------------- */

static herr_t add_metric(hid_t g, const char *name, const H5L_info_t *info, void *vx)
{
    xp *x = vx;
    (void)info;
    if (strlen(name) >= NAME_LEN)
        return -1;
    if (x->n_met == x->cap_met) {
        size_t cap = x->cap_met ? 2 * x->cap_met : 128;
        metric *m = realloc(x->met, cap * sizeof *m);
        if (!m)
            return -1;
        x->met = m;
        x->cap_met = cap;
    }
    metric *m = &x->met[x->n_met++];
    memset(m, 0, sizeof *m);
    snprintf(m->name, sizeof m->name, "%s", name);
    hid_t d = H5Dopen2(g, name, H5P_DEFAULT), t = d < 0 ? -1 : H5Dget_type(d);
    H5T_class_t c = t < 0 ? H5T_NO_CLASS : H5Tget_class(t);
    m->is_float = c == H5T_FLOAT;
    m->bad_type = c != H5T_FLOAT && c != H5T_INTEGER;
    H5Tclose(t);
    H5Dclose(d);
    return 0;
}

/* The metrics of group g (where: its path, for messages), in table order. */
static int list_metrics(xp *x, hid_t g, const char *where, sim_err *err)
{
    if (g < 0 || each_link(g, add_metric, x, &x->n_met) || x->n_met == 0)
        return SIM_RAISE(err, SIM_EINPUT, "%s: no metrics in /%s (%s)", x->path, where,
                         expected(x));
    return SIM_OK;
}

static metric *find_metric(xp *x, const char *name, size_t len)
{
    for (size_t k = 0; k < x->n_met; k++)
        if (strlen(x->met[k].name) == len && strncmp(x->met[k].name, name, len) == 0)
            return &x->met[k];
    return NULL;
}

/* Mark the metrics --metrics names (all without it), then keep only those,
 * in the file's order. An unknown name is an error keyed "--metrics". */
static int choose_metrics(xp *x, sim_err *err)
{
    const char *s = x->o ? x->o->metrics : NULL;
    for (size_t k = 0; k < x->n_met; k++)
        x->met[k].chosen = s == NULL;
    for (; s && *s;) {
        size_t len = strcspn(s, ",");
        metric *m = find_metric(x, s, len);
        if (!m) {
            SIM_RAISE(err, SIM_EINPUT,
                      "'%.*s' is not a metric of this file (expected names of its %zu metrics, "
                      "comma-separated: see the list below)",
                      (int)len, s, x->n_met);
            sim_err_locate(err, x->path, 0, 0, "--metrics");
            return SIM_EINPUT;
        }
        m->chosen = 1;
        s += len + (s[len] == ',');
    }
    size_t n = 0;
    for (size_t k = 0; k < x->n_met; k++)
        if (x->met[k].chosen)
            x->met[n++] = x->met[k];
    x->n_met = n;
    return SIM_OK;
}

/* Each chosen metric of g is [R][M][A][G] with the file's areas and groups,
 * the same R and M throughout, and a number type. */
static int check_metrics(xp *x, hid_t g, const char *where, size_t *reps, size_t *months,
                         sim_err *err)
{
    for (size_t k = 0; k < x->n_met; k++) {
        const metric *m = &x->met[k];
        hsize_t room[4];
        if (H5Lexists(g, m->name, H5P_DEFAULT) > 0 &&
            sim_h5_extent(g, m->name, 4, H5T_NO_CLASS, room, err))
            return SIM_EINPUT;
        hid_t d = H5Dopen2(g, m->name, H5P_DEFAULT), s = d < 0 ? -1 : H5Dget_space(d);
        hid_t t = d < 0 ? -1 : H5Dget_type(d);
        hsize_t dim[4] = {0};
        int found = d >= 0;
        int ok = found && H5Sget_simple_extent_ndims(s) == 4 &&
                 H5Sget_simple_extent_dims(s, dim, NULL) == 4 && dim[0] > 0 && dim[1] > 0 &&
                 dim[2] == x->n_areas && dim[3] == x->n_groups && !m->bad_type &&
                 (H5Tget_class(t) == H5T_FLOAT) == m->is_float;
        H5Tclose(t);
        H5Sclose(s);
        H5Dclose(d);
        if (!found)
            return SIM_RAISE(err, SIM_EINPUT, "%s: no dataset /%s/%s (%s)", x->path, where, m->name,
                             expected(x));
        if (*reps == 0)
            *reps = (size_t)dim[0], *months = (size_t)dim[1];
        if (!ok || dim[0] != *reps || dim[1] != *months)
            return SIM_RAISE(err, SIM_EINPUT,
                             "%s: /%s/%s is not a number dataset shaped [%zu][%zu][%zu][%zu] "
                             "(%s)",
                             x->path, where, m->name, *reps, *months, x->n_areas, x->n_groups,
                             expected(x));
    }
    return SIM_OK;
}

static int check_from(const xp *x, const char *what, size_t months, sim_err *err)
{
    size_t from = x->o ? x->o->from_month : 0;
    if (from < months)
        return SIM_OK;
    return SIM_RAISE(err, SIM_EINPUT, "--from: month %zu is not in %s (expected 0 to %zu)", from,
                     what, months - 1);
}

/* ---- results files: checks -------------------------------------------------------------- */

static herr_t add_scenario(hid_t g, const char *name, const H5L_info_t *info, void *vx)
{
    xp *x = vx;
    (void)g;
    (void)info;
    if (strlen(name) >= NAME_LEN)
        return -1;
    if (x->n_sc == x->cap_sc) {
        size_t cap = x->cap_sc ? 2 * x->cap_sc : 8;
        scen *s = realloc(x->sc, cap * sizeof *s);
        if (!s)
            return -1;
        x->sc = s;
        x->cap_sc = cap;
    }
    scen *s = &x->sc[x->n_sc++];
    memset(s, 0, sizeof *s);
    snprintf(s->name, sizeof s->name, "%s", name);
    return 0;
}

static int list_scenarios(xp *x, sim_err *err)
{
    hid_t top = H5Gopen2(x->file, "scenarios", H5P_DEFAULT);
    int rc = top < 0 || each_link(top, add_scenario, x, &x->n_sc) || x->n_sc == 0;
    H5Gclose(top);
    if (rc)
        return SIM_RAISE(err, SIM_EINPUT, "%s: no scenarios in /scenarios (%s)", x->path,
                         expected(x));
    return SIM_OK;
}

/* Every slot of the replicates table was written (finished is set). */
static int check_replicates(const xp *x, hid_t g, const scen *s, sim_err *err)
{
    typedef struct {
        char *finished;
    } row;
    long long n = n_rows(g, "replicates", 1);
    hid_t d = H5Dopen2(g, "replicates", H5P_DEFAULT), str = sim_h5_utf8_type();
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(row));
    H5Tinsert(t, "finished", 0, str);
    row *rows = n > 0 ? calloc((size_t)n, sizeof *rows) : NULL;
    static const char *const need[] = {"finished", NULL};
    int rc = n != (long long)s->reps || !rows || !has_members(g, "replicates", need) ||
             read_rows(d, t, 0, (size_t)n, rows);
    long long unfinished = -1;
    for (long long i = 0; rows && i < n; i++) {
        if (!rc && unfinished < 0 && (!rows[i].finished || !rows[i].finished[0]))
            unfinished = i;
        H5free_memory(rows[i].finished);
    }
    free(rows);
    H5Tclose(t);
    H5Tclose(str);
    H5Dclose(d);
    if (rc)
        return SIM_RAISE(err, SIM_EINPUT,
                         "%s: /scenarios/%s/replicates is missing or does not have %zu rows (%s)",
                         x->path, s->name, s->reps, expected(x));
    if (unfinished >= 0)
        return SIM_RAISE(err, SIM_EINPUT,
                         "%s: replicate %lld of scenario %s was never written (an interrupted "
                         "run? expected a complete results file of crossings run)",
                         x->path, unfinished, s->name);
    return SIM_OK;
}

/* The episode table: a compound of number columns. */
static int check_episodes(const xp *x, hid_t g, const scen *s, sim_err *err)
{
    hid_t d = H5Dopen2(g, "episodes", H5P_DEFAULT), t = d < 0 ? -1 : H5Dget_type(d);
    int ok = t >= 0 && H5Tget_class(t) == H5T_COMPOUND && n_rows(g, "episodes", 1) >= 0;
    int n = ok ? H5Tget_nmembers(t) : 0;
    for (int i = 0; ok && i < n; i++) {
        H5T_class_t c = H5Tget_member_class(t, (unsigned)i);
        ok = c == H5T_INTEGER || c == H5T_FLOAT;
    }
    H5Tclose(t);
    H5Dclose(d);
    if (!ok || n < 1)
        return SIM_RAISE(err, SIM_EINPUT, "%s: no episode table /scenarios/%s/episodes (%s)",
                         x->path, s->name, expected(x));
    return SIM_OK;
}

static int check_scenario(xp *x, scen *s, sim_err *err)
{
    static const char *const par_cols[] = {"name", "value", "unit", "source", NULL};
    char where[NAME_LEN + 32];
    snprintf(where, sizeof where, "scenarios/%s/metrics", s->name);
    hid_t g = H5Gopen2(x->file, where, H5P_DEFAULT);
    hid_t sg = H5Gopen2(x->file, "scenarios", H5P_DEFAULT);
    hid_t top = sg < 0 ? -1 : H5Gopen2(sg, s->name, H5P_DEFAULT);
    int rc = g < 0
                 ? SIM_RAISE(err, SIM_EINPUT, "%s: no group /%s (%s)", x->path, where, expected(x))
                 : check_metrics(x, g, where, &s->reps, &s->months, err);
    if (!rc && !has_members(top, "parameters", par_cols))
        rc = SIM_RAISE(err, SIM_EINPUT,
                       "%s: no parameter table /scenarios/%s/parameters with columns name, value, "
                       "unit and source (%s)",
                       x->path, s->name, expected(x));
    rc = rc ? rc : check_episodes(x, top, s, err);
    rc = rc ? rc : check_replicates(x, top, s, err);
    if (!rc) {
        char what[NAME_LEN + 32];
        snprintf(what, sizeof what, "the run of scenario %s", s->name);
        rc = check_from(x, what, s->months, err);
    }
    H5Gclose(top);
    H5Gclose(sg);
    H5Gclose(g);
    return rc;
}

/* A results file as the export and the summary need it: dims, scenarios,
 * metrics (of the first scenario; each in every scenario), tables. */
static int check_results(xp *x, sim_err *err)
{
    int rc = read_dims(x, err);
    rc = rc ? rc : list_scenarios(x, err);
    if (!rc) {
        char where[NAME_LEN + 32];
        snprintf(where, sizeof where, "scenarios/%s/metrics", x->sc[0].name);
        hid_t g = H5Gopen2(x->file, where, H5P_DEFAULT);
        rc = list_metrics(x, g, where, err);
        H5Gclose(g);
    }
    rc = rc ? rc : choose_metrics(x, err);
    for (size_t i = 0; !rc && i < x->n_sc; i++)
        rc = check_scenario(x, &x->sc[i], err);
    return rc;
}

/* ---- sweep files: checks ------------------------------------------------------------------ */

static int sweep_missing(const xp *x, const char *what, sim_err *err)
{
    return SIM_RAISE(err, SIM_EINPUT,
                     "%s: no dataset /sweep/%s, or not of the shape docs/FORMAT.md gives (%s)",
                     x->path, what, expected(x));
}

/* The series of a sweep at output level full: [T][M][A][G] per metric. */
static int check_series(xp *x, sim_err *err)
{
    char level[32];
    sim_h5_get_attr_str(x->sweep, "output_level", level, sizeof level);
    int has = H5Lexists(x->sweep, "series", H5P_DEFAULT) > 0;
    if (!has && strcmp(level, "full") == 0)
        return SIM_RAISE(err, SIM_EINPUT,
                         "%s: no group /sweep/series, though the output level is full (%s)",
                         x->path, expected(x));
    if (!has)
        return SIM_OK;
    x->series = H5Gopen2(x->sweep, "series", H5P_DEFAULT);
    int rc = list_metrics(x, x->series, "sweep/series", err);
    rc = rc ? rc : choose_metrics(x, err);
    size_t tasks = 0;
    rc = rc ? rc : check_metrics(x, x->series, "sweep/series", &tasks, &x->months, err);
    if (!rc && tasks != x->n_tasks)
        rc = SIM_RAISE(err, SIM_EINPUT, "%s: /sweep/series has %zu tasks, /sweep/tasks %zu (%s)",
                       x->path, tasks, x->n_tasks, expected(x));
    return rc ? rc : check_from(x, "the sweep's series", x->months, err);
}

static int check_sweep(xp *x, sim_err *err)
{
    static const char *const task_cols[] = {"task", "point", "replicate", "seed", NULL};
    static const char *const par_cols[] = {"name", NULL};
    int rc = read_dims(x, err);
    if (rc)
        return rc;
    x->sweep = H5Gopen2(x->file, "sweep", H5P_DEFAULT);
    if (x->sweep < 0)
        return SIM_RAISE(err, SIM_EINPUT, "%s: no group /sweep (%s)", x->path, expected(x));
    long long T = n_rows(x->sweep, "tasks", 1), F = n_rows(x->sweep, "summary_names", 1);
    long long k = n_rows(x->sweep, "parameters", 1), P = n_rows(x->sweep, "points", 2);
    if (T < 0 || !has_members(x->sweep, "tasks", task_cols))
        return sweep_missing(x, "tasks", err);
    if (F < 1)
        return sweep_missing(x, "summary_names", err);
    if (n_rows(x->sweep, "summaries", 2) != T || extent(x->sweep, "summaries", 2, 1) != F)
        return sweep_missing(x, "summaries", err);
    if (k < 1 || !has_members(x->sweep, "parameters", par_cols))
        return sweep_missing(x, "parameters", err);
    if (P < 1 || extent(x->sweep, "points", 2, 1) != k)
        return sweep_missing(x, "points", err);
    if (n_rows(x->sweep, "points_text", 2) != P || extent(x->sweep, "points_text", 2, 1) != k)
        return sweep_missing(x, "points_text", err);
    x->n_tasks = (size_t)T;
    return check_series(x, err);
}

/* ---- output files: NAME.tmp-PID, renamed when every file is complete ------------------------ */

static int make_dir(xp *x, sim_err *err)
{
    struct stat st;
    if (stat(x->dir, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return SIM_OK;
        return SIM_RAISE(err, SIM_EINPUT,
                         "--csv: %s exists and is not a folder (expected a folder)", x->dir);
    }
    if (mkdir(x->dir, 0777) != 0)
        return SIM_RAISE(err, SIM_EINPUT,
                         "--csv: cannot make the folder %s: %s (expected a folder in an existing "
                         "one)",
                         x->dir, strerror(errno));
    x->made_dir = 1;
    return SIM_OK;
}

static FILE *out_open(xp *x, const char *name, sim_err *err)
{
    out_file *f = &x->out[x->n_out];
    snprintf(f->final, sizeof f->final, "%s/%s", x->dir, name);
    sim_tmp_name(f->tmp, sizeof f->tmp, f->final);
    sim_tmp_clean_stale(f->final, x->o->log ? x->o->log : stderr);
    f->rows = SIZE_MAX;
    f->fp = fopen(f->tmp, "w");
    if (!f->fp) {
        SIM_RAISE(err, SIM_ERUN, "%s: cannot write: %s", f->tmp, strerror(errno));
        return NULL;
    }
    sim_tmp_track(f->tmp);
    x->n_out++;
    return f->fp;
}

/* Close every file; when all went well rename them into place, else remove them. */
static int out_finish(xp *x, int rc, sim_err *err)
{
    for (size_t i = 0; i < x->n_out; i++) {
        out_file *f = &x->out[i];
        int bad = ferror(f->fp) != 0;
        bad = fclose(f->fp) != 0 || bad;
        if (!rc && bad)
            rc = SIM_RAISE(err, SIM_ERUN, "%s: cannot write: %s", f->tmp, strerror(errno));
    }
    for (size_t i = 0; !rc && i < x->n_out; i++)
        if (rename(x->out[i].tmp, x->out[i].final) != 0)
            rc = SIM_RAISE(err, SIM_ERUN, "%s: cannot rename it to %s: %s", x->out[i].tmp,
                           x->out[i].final, strerror(errno));
    for (size_t i = 0; rc && i < x->n_out; i++)
        unlink(x->out[i].tmp);
    for (size_t i = 0; i < x->n_out; i++)
        sim_tmp_forget(x->out[i].tmp);
    if (rc && x->made_dir)
        rmdir(x->dir);
    return rc;
}

static void out_log(const xp *x)
{
    FILE *log = x->o->log;
    for (size_t i = 0; log && i < x->n_out; i++) {
        if (x->out[i].rows == SIZE_MAX)
            fprintf(log, "wrote %s\n", x->out[i].final);
        else
            fprintf(log, "wrote %s: %zu rows\n", x->out[i].final, x->out[i].rows);
    }
}

/* ---- metric rows (results and sweeps alike) ---------------------------------------------- */

/* One replicate's or task's chosen metrics: [metric][month][area][group],
 * 8 bytes a value, int64 or double as the metric is. */
typedef struct slabs {
    unsigned char *data;
    size_t per; /* values of one metric */
    hid_t *d;   /* the metrics' open datasets */
} slabs;

static int slabs_open(const xp *x, slabs *b, hid_t g, size_t months, size_t from)
{
    b->per = (months - from) * x->n_areas * x->n_groups;
    b->data = malloc(x->n_met * (b->per ? b->per : 1) * 8);
    b->d = malloc(x->n_met * sizeof *b->d);
    for (size_t k = 0; b->d && k < x->n_met; k++)
        b->d[k] = H5Dopen2(g, x->met[k].name, H5P_DEFAULT);
    return b->data && b->d ? 0 : -1;
}

static void slabs_close(const xp *x, slabs *b)
{
    for (size_t k = 0; b->d && k < x->n_met; k++)
        H5Dclose(b->d[k]);
    free(b->d);
    free(b->data);
}

static int slabs_read(const xp *x, slabs *b, size_t row, size_t from)
{
    for (size_t k = 0; k < x->n_met; k++) {
        hid_t t = x->met[k].is_float ? H5T_NATIVE_DOUBLE : H5T_NATIVE_INT64;
        if (read_slab(b->d[k], t, row, from, b->data + k * b->per * 8))
            return -1;
    }
    return 0;
}

/* The value of metric k at (month m, area a, group g), or its sum over areas
 * when a is n_areas. */
static void put_value(const xp *x, const slabs *b, size_t k, size_t m, size_t a, size_t g, FILE *fp)
{
    size_t A = x->n_areas, G = x->n_groups, lo = a == A ? 0 : a, hi = a == A ? A : a + 1;
    const unsigned char *base = b->data + k * b->per * 8;
    if (x->met[k].is_float) {
        const double *v = (const double *)(const void *)base;
        double s = 0;
        for (size_t i = lo; i < hi; i++)
            s += v[(m * A + i) * G + g];
        csv_double(s, fp);
    } else {
        const int64_t *v = (const int64_t *)(const void *)base;
        int64_t s = 0;
        for (size_t i = lo; i < hi; i++)
            s += v[(m * A + i) * G + g];
        fprintf(fp, "%lld", (long long)s);
    }
}

/* Rows of one replicate or task: prefix (its leading fields and a comma),
 * then month, group, area, metric, value; months from .. from + n - 1. */
static size_t put_rows(const xp *x, const slabs *b, const char *prefix, size_t from, FILE *fp)
{
    size_t A = x->n_areas, months = b->per / (A * x->n_groups), rows = 0;
    size_t a_end = x->o->no_areas ? 1 : A;
    for (size_t m = 0; m < months; m++)
        for (size_t g = 0; g < x->n_groups; g++)
            for (size_t a = 0; a < a_end; a++)
                for (size_t k = 0; k < x->n_met; k++) {
                    fprintf(fp, "%s%zu,", prefix, from + m);
                    csv_str(x->groups[g], fp);
                    fputc(',', fp);
                    csv_str(x->o->no_areas ? "all" : x->areas[a], fp);
                    fputc(',', fp);
                    csv_str(x->met[k].name, fp);
                    fputc(',', fp);
                    put_value(x, b, k, m, x->o->no_areas ? A : a, g, fp);
                    fputc('\n', fp);
                    rows++;
                }
    return rows;
}

static void warn_excel(const xp *x, const out_file *f)
{
    if (!x->o->warn || f->rows + 1 <= ANA_EXCEL_MAX_ROWS)
        return;
    fprintf(x->o->warn,
            "crossings: warning: %s has %zu rows, more than Excel opens (%d with the header): "
            "pandas and R read it whole; for Excel, export fewer rows with --no-areas (sum over "
            "areas) or --metrics a,b,c\n",
            f->final, f->rows + 1, ANA_EXCEL_MAX_ROWS);
}

/* A file of an earlier export that this one does not replace. */
static void warn_stale(const xp *x, const char *name)
{
    char path[SIM_ERR_PATH];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", x->dir, name);
    if (x->o->warn && stat(path, &st) == 0)
        fprintf(x->o->warn,
                "crossings: warning: %s is left from an earlier export: %s has no series to "
                "replace it with\n",
                path, x->path);
}

/* ---- results files: the CSV files ----------------------------------------------------------- */

static int write_run_metrics(xp *x, sim_err *err)
{
    FILE *fp = out_open(x, "metrics.csv", err);
    if (!fp)
        return SIM_ERUN;
    out_file *f = &x->out[x->n_out - 1];
    size_t from = x->o->from_month, rows = 0;
    fputs("scenario,replicate,month,group,area,metric,value\n", fp);
    int rc = SIM_OK;
    for (size_t i = 0; !rc && i < x->n_sc; i++) {
        const scen *s = &x->sc[i];
        char where[NAME_LEN + 32], prefix[2 * NAME_LEN + 32];
        snprintf(where, sizeof where, "scenarios/%s/metrics", s->name);
        hid_t g = H5Gopen2(x->file, where, H5P_DEFAULT);
        slabs b = {NULL, 0, NULL};
        rc = slabs_open(x, &b, g, s->months, from) ? SIM_ENOMEM : SIM_OK;
        for (size_t r = 0; !rc && r < s->reps; r++) {
            if (slabs_read(x, &b, r, from)) {
                rc = SIM_RAISE(err, SIM_EINPUT, "%s: cannot read replicate %zu of /%s", x->path, r,
                               where);
                break;
            }
            size_t used = csv_quote(s->name, prefix, sizeof prefix);
            snprintf(prefix + used, sizeof prefix - used, ",%zu,", r);
            rows += put_rows(x, &b, prefix, from, fp);
        }
        if (rc == SIM_ENOMEM)
            SIM_RAISE(err, SIM_ENOMEM, "not enough memory for one replicate of every metric");
        slabs_close(x, &b);
        H5Gclose(g);
    }
    f->rows = rows;
    return rc;
}

typedef struct par_row {
    char *name, *value, *unit, *source;
} par_row;

static hid_t par_row_type(hid_t str)
{
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(par_row));
    H5Tinsert(t, "name", HOFFSET(par_row, name), str);
    H5Tinsert(t, "value", HOFFSET(par_row, value), str);
    H5Tinsert(t, "unit", HOFFSET(par_row, unit), str);
    H5Tinsert(t, "source", HOFFSET(par_row, source), str);
    return t;
}

static void put_par_rows(const char *sc, const par_row *p, size_t n, FILE *fp)
{
    for (size_t i = 0; i < n; i++) {
        const char *f[4] = {p[i].name, p[i].value, p[i].unit, p[i].source};
        csv_str(sc, fp);
        for (size_t j = 0; j < 4; j++)
            fputc(',', fp), csv_str(f[j] ? f[j] : "", fp);
        fputc('\n', fp);
    }
}

/* The parameter table of one scenario, BLOCK_ROWS rows at a time. */
static int scenario_params(const xp *x, const scen *s, hid_t t, par_row *buf, FILE *fp,
                           size_t *rows)
{
    hid_t sg = H5Gopen2(x->file, "scenarios", H5P_DEFAULT);
    hid_t g = H5Gopen2(sg, s->name, H5P_DEFAULT);
    long long n = n_rows(g, "parameters", 1);
    hid_t d = H5Dopen2(g, "parameters", H5P_DEFAULT);
    int rc = n < 0;
    for (size_t at = 0; !rc && at < (size_t)n; at += BLOCK_ROWS) {
        size_t k = (size_t)n - at < BLOCK_ROWS ? (size_t)n - at : BLOCK_ROWS;
        memset(buf, 0, k * sizeof *buf);
        rc = read_rows(d, t, at, k, buf);
        if (!rc)
            put_par_rows(s->name, buf, k, fp);
        for (size_t i = 0; i < k; i++) {
            H5free_memory(buf[i].name);
            H5free_memory(buf[i].value);
            H5free_memory(buf[i].unit);
            H5free_memory(buf[i].source);
        }
        *rows += rc ? 0 : k;
    }
    H5Dclose(d);
    H5Gclose(g);
    H5Gclose(sg);
    return rc;
}

static int write_parameters(xp *x, sim_err *err)
{
    FILE *fp = out_open(x, "parameters.csv", err);
    if (!fp)
        return SIM_ERUN;
    out_file *f = &x->out[x->n_out - 1];
    hid_t str = sim_h5_utf8_type(), t = par_row_type(str);
    par_row *buf = malloc(BLOCK_ROWS * sizeof *buf);
    int rc = buf ? SIM_OK : SIM_RAISE(err, SIM_ENOMEM, "not enough memory for the parameters");
    f->rows = 0;
    fputs("scenario,name,value,unit,source\n", fp);
    for (size_t i = 0; !rc && i < x->n_sc; i++)
        if (scenario_params(x, &x->sc[i], t, buf, fp, &f->rows))
            rc = SIM_RAISE(err, SIM_EINPUT, "%s: cannot read /scenarios/%s/parameters", x->path,
                           x->sc[i].name);
    free(buf);
    H5Tclose(t);
    H5Tclose(str);
    return rc;
}

/* The episode table's columns, as a memory type of 8-byte members. */
typedef struct ep_cols {
    size_t n;
    char **name; /* H5free_memory */
    int *is_float;
    hid_t t;
} ep_cols;

static int ep_cols_read(hid_t d, ep_cols *c)
{
    hid_t ft = H5Dget_type(d);
    int n = H5Tget_nmembers(ft);
    c->n = n > 0 ? (size_t)n : 0;
    c->name = calloc(c->n ? c->n : 1, sizeof *c->name);
    c->is_float = calloc(c->n ? c->n : 1, sizeof *c->is_float);
    c->t = c->n ? H5Tcreate(H5T_COMPOUND, c->n * 8) : -1;
    int rc = !c->name || !c->is_float || c->t < 0;
    for (size_t i = 0; !rc && i < c->n; i++) {
        c->name[i] = H5Tget_member_name(ft, (unsigned)i);
        c->is_float[i] = H5Tget_member_class(ft, (unsigned)i) == H5T_FLOAT;
        rc = !c->name[i] || H5Tinsert(c->t, c->name[i], i * 8,
                                      c->is_float[i] ? H5T_NATIVE_DOUBLE : H5T_NATIVE_INT64) < 0;
    }
    H5Tclose(ft);
    return rc ? -1 : 0;
}

static void ep_cols_release(ep_cols *c)
{
    for (size_t i = 0; c->name && i < c->n; i++)
        H5free_memory(c->name[i]);
    free(c->name);
    free(c->is_float);
    if (c->t >= 0)
        H5Tclose(c->t);
}

/* Do two scenarios' episode tables have the same columns? */
static int same_cols(const ep_cols *a, const ep_cols *b)
{
    int same = a->n == b->n;
    for (size_t i = 0; same && i < a->n; i++)
        same = strcmp(a->name[i], b->name[i]) == 0 && a->is_float[i] == b->is_float[i];
    return same;
}

static void put_episode_rows(const char *sc, const ep_cols *c, const unsigned char *buf, size_t n,
                             FILE *fp)
{
    for (size_t r = 0; r < n; r++) {
        csv_str(sc, fp);
        for (size_t i = 0; i < c->n; i++) {
            const void *v = buf + (r * c->n + i) * 8;
            fputc(',', fp);
            if (c->is_float[i])
                csv_double(*(const double *)v, fp);
            else
                fprintf(fp, "%lld", (long long)*(const int64_t *)v);
        }
        fputc('\n', fp);
    }
}

static int scenario_episodes(const xp *x, const scen *s, const ep_cols *head, FILE *fp,
                             size_t *rows)
{
    char where[NAME_LEN + 32];
    snprintf(where, sizeof where, "scenarios/%s", s->name);
    hid_t g = H5Gopen2(x->file, where, H5P_DEFAULT), d = H5Dopen2(g, "episodes", H5P_DEFAULT);
    ep_cols c = {0, NULL, NULL, -1};
    long long n = n_rows(g, "episodes", 1);
    int rc = d < 0 || n < 0 || ep_cols_read(d, &c) || !same_cols(&c, head) ? -1 : 0;
    unsigned char *buf = rc ? NULL : malloc(BLOCK_ROWS * c.n * 8);
    rc = rc || !buf;
    for (size_t at = 0; !rc && at < (size_t)n; at += BLOCK_ROWS) {
        size_t k = (size_t)n - at < BLOCK_ROWS ? (size_t)n - at : BLOCK_ROWS;
        rc = read_rows(d, c.t, at, k, buf);
        if (!rc)
            put_episode_rows(s->name, &c, buf, k, fp), *rows += k;
    }
    free(buf);
    ep_cols_release(&c);
    H5Dclose(d);
    H5Gclose(g);
    return rc;
}

static int write_episodes(xp *x, sim_err *err)
{
    FILE *fp = out_open(x, "episodes.csv", err);
    if (!fp)
        return SIM_ERUN;
    out_file *f = &x->out[x->n_out - 1];
    char where[NAME_LEN + 32];
    snprintf(where, sizeof where, "scenarios/%s", x->sc[0].name);
    hid_t g = H5Gopen2(x->file, where, H5P_DEFAULT), d = H5Dopen2(g, "episodes", H5P_DEFAULT);
    ep_cols head = {0, NULL, NULL, -1};
    int rc = ep_cols_read(d, &head)
                 ? SIM_RAISE(err, SIM_EINPUT, "%s: cannot read /%s/episodes", x->path, where)
                 : SIM_OK;
    H5Dclose(d);
    H5Gclose(g);
    fputs("scenario", fp);
    for (size_t i = 0; !rc && i < head.n; i++)
        fputc(',', fp), csv_str(head.name[i], fp);
    fputc('\n', fp);
    f->rows = 0;
    for (size_t i = 0; !rc && i < x->n_sc; i++)
        if (scenario_episodes(x, &x->sc[i], &head, fp, &f->rows))
            rc = SIM_RAISE(err, SIM_EINPUT,
                           "%s: cannot read /scenarios/%s/episodes, or its columns differ from "
                           "scenario %s's",
                           x->path, x->sc[i].name, x->sc[0].name);
    ep_cols_release(&head);
    return rc;
}

static int write_comparison(xp *x, sim_err *err)
{
    FILE *fp = out_open(x, "comparison.csv", err);
    if (!fp)
        return SIM_ERUN;
    return ana_compare_print(x->path, NULL, x->o->from_month, ANA_FORMAT_CSV, fp, err);
}

static int export_results(xp *x, sim_err *err)
{
    int rc = check_results(x, err);
    rc = rc ? rc : make_dir(x, err);
    rc = rc ? rc : write_comparison(x, err);
    rc = rc ? rc : write_parameters(x, err);
    rc = rc ? rc : write_episodes(x, err);
    rc = rc ? rc : write_run_metrics(x, err);
    rc = out_finish(x, rc, err);
    if (!rc)
        warn_excel(x, &x->out[x->n_out - 1]);
    return rc;
}

/* ---- sweep files: the CSV files -------------------------------------------------------------- */

typedef struct task_row {
    int64_t task, point, replicate, seed;
} task_row;

static hid_t task_row_type(void)
{
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(task_row));
    H5Tinsert(t, "task", HOFFSET(task_row, task), H5T_NATIVE_INT64);
    H5Tinsert(t, "point", HOFFSET(task_row, point), H5T_NATIVE_INT64);
    H5Tinsert(t, "replicate", HOFFSET(task_row, replicate), H5T_NATIVE_INT64);
    H5Tinsert(t, "seed", HOFFSET(task_row, seed), H5T_NATIVE_INT64);
    return t;
}

/* A string dataset of /sweep, n rows of width strings (1 for a 1-D one), as
 * H5-allocated strings. */
static char **read_names(hid_t g, const char *name, size_t n, size_t width)
{
    hid_t d = H5Dopen2(g, name, H5P_DEFAULT), t = sim_h5_utf8_type();
    char **v = calloc(n * width > 0 ? n * width : 1, sizeof *v);
    if (v && read_rows(d, t, 0, n, v)) {
        free(v);
        v = NULL;
    }
    H5Tclose(t);
    H5Dclose(d);
    return v;
}

static void free_names(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        H5free_memory(v[i]);
    free(v);
}

/* The parameter names of /sweep/parameters. */
static char **read_par_names(hid_t g, size_t k)
{
    typedef struct {
        char *name;
    } row;
    hid_t d = H5Dopen2(g, "parameters", H5P_DEFAULT), str = sim_h5_utf8_type();
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(row));
    H5Tinsert(t, "name", 0, str);
    row *rows = calloc(k, sizeof *rows);
    char **v = calloc(k, sizeof *v);
    int rc = !rows || !v || read_rows(d, t, 0, k, rows);
    for (size_t j = 0; v && rows && j < k; j++)
        v[j] = rows[j].name;
    free(rows);
    H5Tclose(t);
    H5Tclose(str);
    H5Dclose(d);
    if (rc)
        free_names(v, k), v = NULL;
    return v;
}

static void put_summary_rows(const task_row *t, const double *y, size_t n, char **names, size_t F,
                             FILE *fp)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < F; j++) {
            fprintf(fp, "%lld,%lld,%lld,%lld,", (long long)t[i].task, (long long)t[i].point,
                    (long long)t[i].replicate, (long long)t[i].seed);
            csv_str(names[j] ? names[j] : "", fp);
            fputc(',', fp);
            csv_double(y[i * F + j], fp);
            fputc('\n', fp);
        }
}

static int write_summaries(xp *x, sim_err *err)
{
    FILE *fp = out_open(x, "summaries.csv", err);
    if (!fp)
        return SIM_ERUN;
    out_file *f = &x->out[x->n_out - 1];
    size_t F = (size_t)n_rows(x->sweep, "summary_names", 1), T = x->n_tasks;
    char **names = read_names(x->sweep, "summary_names", F, 1);
    task_row *tr = malloc(BLOCK_ROWS * sizeof *tr);
    double *y = malloc(BLOCK_ROWS * F * sizeof *y);
    hid_t dt = H5Dopen2(x->sweep, "tasks", H5P_DEFAULT), tt = task_row_type();
    hid_t ds = H5Dopen2(x->sweep, "summaries", H5P_DEFAULT);
    int rc = !names || !tr || !y;
    fputs("task,point,replicate,seed,summary,value\n", fp);
    f->rows = 0;
    for (size_t at = 0; !rc && at < T; at += BLOCK_ROWS) {
        size_t k = T - at < BLOCK_ROWS ? T - at : BLOCK_ROWS;
        rc = read_rows(dt, tt, at, k, tr) || read_rows(ds, H5T_NATIVE_DOUBLE, at, k, y);
        if (!rc)
            put_summary_rows(tr, y, k, names, F, fp), f->rows += k * F;
    }
    H5Dclose(ds);
    H5Tclose(tt);
    H5Dclose(dt);
    free(y);
    free(tr);
    free_names(names, F);
    if (rc)
        return SIM_RAISE(err, SIM_EINPUT,
                         "%s: cannot read /sweep/tasks, /sweep/summary_names or "
                         "/sweep/summaries",
                         x->path);
    return SIM_OK;
}

static void put_point_rows(size_t at, size_t n, size_t k, char **par, const double *v, char **txt,
                           FILE *fp)
{
    for (size_t p = 0; p < n; p++)
        for (size_t j = 0; j < k; j++) {
            fprintf(fp, "%zu,", at + p);
            csv_str(par[j] ? par[j] : "", fp);
            fputc(',', fp);
            csv_double(v[p * k + j], fp);
            fputc(',', fp);
            csv_str(txt[p * k + j] ? txt[p * k + j] : "", fp);
            fputc('\n', fp);
        }
}

static int write_points(xp *x, sim_err *err)
{
    FILE *fp = out_open(x, "points.csv", err);
    if (!fp)
        return SIM_ERUN;
    out_file *f = &x->out[x->n_out - 1];
    size_t k = (size_t)n_rows(x->sweep, "parameters", 1);
    size_t P = (size_t)n_rows(x->sweep, "points", 2);
    char **par = read_par_names(x->sweep, k);
    double *v = malloc(BLOCK_ROWS * k * sizeof *v);
    char **txt = calloc(BLOCK_ROWS * k, sizeof *txt);
    hid_t dv = H5Dopen2(x->sweep, "points", H5P_DEFAULT), str = sim_h5_utf8_type();
    hid_t dx = H5Dopen2(x->sweep, "points_text", H5P_DEFAULT);
    int rc = !par || !v || !txt;
    fputs("point,parameter,value,text\n", fp);
    f->rows = 0;
    for (size_t at = 0; !rc && at < P; at += BLOCK_ROWS) {
        size_t n = P - at < BLOCK_ROWS ? P - at : BLOCK_ROWS;
        memset(txt, 0, n * k * sizeof *txt);
        rc = read_rows(dv, H5T_NATIVE_DOUBLE, at, n, v) || read_rows(dx, str, at, n, txt);
        if (!rc)
            put_point_rows(at, n, k, par, v, txt, fp), f->rows += n * k;
        for (size_t i = 0; i < n * k; i++)
            H5free_memory(txt[i]);
    }
    H5Dclose(dx);
    H5Tclose(str);
    H5Dclose(dv);
    free(txt);
    free(v);
    free_names(par, k);
    if (rc)
        return SIM_RAISE(err, SIM_EINPUT,
                         "%s: cannot read /sweep/parameters, /sweep/points or "
                         "/sweep/points_text as [points][parameters]",
                         x->path);
    return SIM_OK;
}

static int write_sweep_metrics(xp *x, sim_err *err)
{
    FILE *fp = out_open(x, "metrics.csv", err);
    if (!fp)
        return SIM_ERUN;
    out_file *f = &x->out[x->n_out - 1];
    size_t from = x->o->from_month, T = x->n_tasks;
    slabs b = {NULL, 0, NULL};
    task_row *tr = malloc(BLOCK_ROWS * sizeof *tr);
    hid_t dt = H5Dopen2(x->sweep, "tasks", H5P_DEFAULT), tt = task_row_type();
    int rc = slabs_open(x, &b, x->series, x->months, from) || !tr ? SIM_ENOMEM : SIM_OK;
    if (rc)
        SIM_RAISE(err, SIM_ENOMEM, "not enough memory for one task of every metric");
    fputs("task,point,replicate,month,group,area,metric,value\n", fp);
    f->rows = 0;
    for (size_t at = 0; !rc && at < T; at += BLOCK_ROWS) {
        size_t n = T - at < BLOCK_ROWS ? T - at : BLOCK_ROWS;
        rc = read_rows(dt, tt, at, n, tr) ? SIM_EINPUT : SIM_OK;
        for (size_t i = 0; !rc && i < n; i++) {
            char prefix[96];
            rc = slabs_read(x, &b, at + i, from) ? SIM_EINPUT : SIM_OK;
            snprintf(prefix, sizeof prefix, "%lld,%lld,%lld,", (long long)tr[i].task,
                     (long long)tr[i].point, (long long)tr[i].replicate);
            f->rows += rc ? 0 : put_rows(x, &b, prefix, from, fp);
        }
        if (rc)
            SIM_RAISE(err, SIM_EINPUT, "%s: cannot read /sweep/tasks or /sweep/series", x->path);
    }
    H5Tclose(tt);
    H5Dclose(dt);
    free(tr);
    slabs_close(x, &b);
    return rc;
}

static int export_sweep(xp *x, sim_err *err)
{
    int rc = check_sweep(x, err);
    if (!rc && x->series < 0 && x->o->warn && (x->o->metrics || x->o->no_areas || x->o->from_month))
        fprintf(x->o->warn,
                "crossings: warning: %s: a sweep without series (output level summary): no "
                "metrics.csv, and --metrics, --no-areas and --from have nothing to apply to\n",
                x->path);
    rc = rc ? rc : make_dir(x, err);
    rc = rc ? rc : write_summaries(x, err);
    rc = rc ? rc : write_points(x, err);
    if (!rc && x->series >= 0)
        rc = write_sweep_metrics(x, err);
    rc = out_finish(x, rc, err);
    if (!rc && x->series >= 0)
        warn_excel(x, &x->out[x->n_out - 1]);
    else if (!rc)
        warn_stale(x, "metrics.csv");
    return rc;
}

/* ---- the export ---------------------------------------------------------------------------- */

static void xp_init(xp *x, const char *path, const char *dir, const ana_export_options *o)
{
    memset(x, 0, sizeof *x);
    x->path = path;
    x->dir = dir;
    x->o = o;
    x->file = x->sweep = x->series = -1;
}

static void xp_release(xp *x)
{
    free(x->areas);
    free(x->groups);
    free(x->sc);
    free(x->met);
    if (x->series >= 0)
        H5Gclose(x->series);
    if (x->sweep >= 0)
        H5Gclose(x->sweep);
    if (x->file >= 0)
        H5Fclose(x->file);
}

int ana_export_csv(const char *path, const char *dir, const ana_export_options *o, sim_err *err)
{
    xp x;
    xp_init(&x, path, dir, o);
    int rc = open_file(&x, err);
    if (!rc)
        rc = x.kind == KIND_RESULTS ? export_results(&x, err) : export_sweep(&x, err);
    if (!rc)
        out_log(&x);
    xp_release(&x);
    return rc;
}

int ana_export_metric_names(const char *path, char *buf, size_t cap, sim_err *err)
{
    xp x;
    ana_export_options none = {NULL, 0, 0, NULL, NULL};
    xp_init(&x, path, NULL, &none);
    buf[0] = '\0';
    int rc = open_file(&x, err);
    rc = rc || x.kind != KIND_RESULTS ? rc : list_scenarios(&x, err);
    if (!rc) {
        char where[NAME_LEN + 32];
        snprintf(where, sizeof where, "%s%s%s",
                 x.kind == KIND_SWEEP ? "sweep/series" : "scenarios/",
                 x.kind == KIND_SWEEP ? "" : x.sc[0].name, x.kind == KIND_SWEEP ? "" : "/metrics");
        hid_t g = H5Gopen2(x.file, where, H5P_DEFAULT);
        rc = list_metrics(&x, g, where, err);
        H5Gclose(g);
    }
    for (size_t k = 0, used = 0; !rc && k < x.n_met && used < cap; k++)
        used += (size_t)snprintf(buf + used, cap - used, "%s%s", k ? ", " : "", x.met[k].name);
    xp_release(&x);
    return rc;
}

/* ---- the summary of a sweep ------------------------------------------------------------------ */

typedef struct fig_acc {
    double sum; /* over tasks with a defined value */
    size_t n;
    double *p_sum; /* [points] */
    size_t *p_n;
} fig_acc;

/* Distinct values of one parameter over the points, as applied. */
static size_t distinct(char **txt, size_t P, size_t k, size_t j, char *buf, size_t cap)
{
    size_t n = 0, used = 0;
    buf[0] = '\0';
    for (size_t p = 0; p < P; p++) {
        const char *s = txt[p * k + j] ? txt[p * k + j] : "";
        size_t q = 0;
        while (q < p && strcmp(txt[q * k + j] ? txt[q * k + j] : "", s) != 0)
            q++;
        if (q < p)
            continue;
        if (n < MAX_SHOWN && used < cap)
            used += (size_t)snprintf(buf + used, cap - used, "%s%s", n ? ", " : "", s);
        else if (n == MAX_SHOWN && used < cap)
            used += (size_t)snprintf(buf + used, cap - used, ", ...");
        n++;
    }
    return n;
}

typedef struct spar {
    char *name, *scale, *unit;
    double min, max;
} spar;

static void print_parameters(const xp *x, size_t k, size_t P, FILE *out)
{
    hid_t d = H5Dopen2(x->sweep, "parameters", H5P_DEFAULT), str = sim_h5_utf8_type();
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(spar));
    H5Tinsert(t, "name", HOFFSET(spar, name), str);
    H5Tinsert(t, "scale", HOFFSET(spar, scale), str);
    H5Tinsert(t, "unit", HOFFSET(spar, unit), str);
    H5Tinsert(t, "min", HOFFSET(spar, min), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "max", HOFFSET(spar, max), H5T_NATIVE_DOUBLE);
    spar *p = calloc(k, sizeof *p);
    char **txt = read_names(x->sweep, "points_text", P, k);
    for (size_t j = 0; p && j < k; j++)
        p[j].min = p[j].max = NAN;
    int ok = p && txt && read_rows(d, t, 0, k, p) == 0;
    for (size_t j = 0; ok && j < k; j++) {
        char vals[512];
        const char *unit = p[j].unit && strcmp(p[j].unit, "-") != 0 ? p[j].unit : "";
        fprintf(out, "    %-44s ", p[j].name ? p[j].name : "");
        if (isfinite(p[j].min) && isfinite(p[j].max)) {
            fprintf(out, "%g to %g (%s%s%s scale)\n", p[j].min, p[j].max, unit, unit[0] ? ", " : "",
                    p[j].scale ? p[j].scale : "linear");
            continue;
        }
        size_t n = distinct(txt, P, k, j, vals, sizeof vals);
        fprintf(out, "%zu value%s: %s", n, n == 1 ? "" : "s", vals);
        fprintf(out, unit[0] ? " (%s)\n" : "%s\n", unit);
    }
    for (size_t j = 0; p && j < k; j++)
        H5free_memory(p[j].name), H5free_memory(p[j].scale), H5free_memory(p[j].unit);
    free(p);
    free_names(txt, P * k);
    H5Tclose(t);
    H5Tclose(str);
    H5Dclose(d);
}

/* Columns of the five figures of all persons in the summaries; SIZE_MAX when absent. */
static void figure_columns(const xp *x, size_t F, size_t *col)
{
    char **names = read_names(x->sweep, "summary_names", F, 1);
    for (size_t f = 0; f < ANA_N_FIG; f++) {
        char want[ANA_FIG_NAME_MAX + 8];
        snprintf(want, sizeof want, "%s.all", ana_fig_name[f]);
        col[f] = SIZE_MAX;
        for (size_t j = 0; names && j < F; j++)
            if (names[j] && strcmp(names[j], want) == 0)
                col[f] = j;
    }
    free_names(names, F);
}

static void add_task(fig_acc *acc, const size_t *col, const task_row *t, const double *y, size_t P,
                     size_t *reps)
{
    if (t->point < 0 || (size_t)t->point >= P)
        return;
    size_t p = (size_t)t->point;
    reps[p]++;
    for (size_t f = 0; f < ANA_N_FIG; f++) {
        double v = col[f] == SIZE_MAX ? NAN : y[col[f]];
        if (!isfinite(v))
            continue;
        acc[f].sum += v, acc[f].n++;
        acc[f].p_sum[p] += v, acc[f].p_n[p]++;
    }
}

/* Stream the tasks and their summaries into the accumulators. */
static int accumulate(const xp *x, size_t F, size_t P, fig_acc *acc, size_t *reps)
{
    size_t col[ANA_N_FIG], T = x->n_tasks;
    figure_columns(x, F, col);
    task_row *tr = malloc(BLOCK_ROWS * sizeof *tr);
    double *y = malloc(BLOCK_ROWS * F * sizeof *y);
    hid_t dt = H5Dopen2(x->sweep, "tasks", H5P_DEFAULT), tt = task_row_type();
    hid_t ds = H5Dopen2(x->sweep, "summaries", H5P_DEFAULT);
    int rc = !tr || !y;
    for (size_t at = 0; !rc && at < T; at += BLOCK_ROWS) {
        size_t n = T - at < BLOCK_ROWS ? T - at : BLOCK_ROWS;
        rc = read_rows(dt, tt, at, n, tr) || read_rows(ds, H5T_NATIVE_DOUBLE, at, n, y);
        for (size_t i = 0; !rc && i < n; i++)
            add_task(acc, col, &tr[i], y + i * F, P, reps);
    }
    H5Dclose(ds);
    H5Tclose(tt);
    H5Dclose(dt);
    free(y);
    free(tr);
    return rc ? -1 : 0;
}

static void print_figures(const fig_acc *acc, size_t P, FILE *out)
{
    fprintf(out, "  %-26s %16s   %s\n", "figure, all persons", "mean over tasks",
            "range over points (each point's mean over its replicates)");
    for (size_t f = 0; f < ANA_N_FIG; f++) {
        double lo = INFINITY, hi = -INFINITY;
        for (size_t p = 0; p < P; p++) {
            if (!acc[f].p_n[p])
                continue;
            double m = acc[f].p_sum[p] / (double)acc[f].p_n[p];
            lo = m < lo ? m : lo;
            hi = m > hi ? m : hi;
        }
        fprintf(out, "  %-26s ", ana_fig_name[f]);
        if (acc[f].n)
            fprintf(out, "%16.6g   %.6g to %.6g\n", acc[f].sum / (double)acc[f].n, lo, hi);
        else
            fprintf(out, "%16s   n/a (no task has a defined value)\n", "n/a");
    }
}

static void reps_range(const size_t *reps, size_t P, size_t *lo, size_t *hi)
{
    *lo = SIZE_MAX, *hi = 0;
    for (size_t p = 0; p < P; p++) {
        *lo = reps[p] < *lo ? reps[p] : *lo;
        *hi = reps[p] > *hi ? reps[p] : *hi;
    }
}

static void print_sweep_head(const xp *x, size_t P, size_t k, FILE *out)
{
    char name[NAME_LEN], desc[1024], design[32], dfile[SIM_ERR_PATH], sfile[SIM_ERR_PATH];
    sim_h5_get_attr_str(x->sweep, "name", name, sizeof name);
    sim_h5_get_attr_str(x->sweep, "description", desc, sizeof desc);
    sim_h5_get_attr_str(x->sweep, "design", design, sizeof design);
    sim_h5_get_attr_str(x->sweep, "design_file", dfile, sizeof dfile);
    sim_h5_get_attr_str(x->sweep, "scenario_file", sfile, sizeof sfile);
    fprintf(out, "sweep %s: %s\n", name, x->path);
    if (desc[0])
        fprintf(out, "  %s%s", desc, desc[strlen(desc) - 1] == '\n' ? "" : "\n");
    fprintf(out, "  design: %s, %zu points, %zu parameter%s (design file %s, base scenario %s)\n",
            design, P, k, k == 1 ? "" : "s", dfile, sfile);
    int64_t shard_k = sim_h5_get_attr_i64(x->sweep, "shard_k", -1),
            shard_n = sim_h5_get_attr_i64(x->sweep, "shard_n", -1);
    if (shard_n > 0)
        fprintf(out, "  shard %lld of %lld: only its tasks (crossings merge joins the shards)\n",
                (long long)shard_k, (long long)shard_n);
}

static void print_sweep_tasks(const xp *x, const size_t *reps, size_t P, FILE *out)
{
    char level[32];
    size_t lo, hi;
    sim_h5_get_attr_str(x->sweep, "output_level", level, sizeof level);
    reps_range(reps, P, &lo, &hi);
    int64_t months = sim_h5_get_attr_i64(x->file, "months", -1),
            from = sim_h5_get_attr_i64(x->sweep, "summaries_from_month", -1);
    fprintf(out, "  tasks: %zu, ", x->n_tasks);
    if (lo == hi)
        fprintf(out, "%zu replicate%s per point", lo, lo == 1 ? "" : "s");
    else
        fprintf(out, "%zu to %zu replicates per point", lo, hi);
    fprintf(out, ", seed %lld\n", (long long)sim_h5_get_attr_i64(x->sweep, "seed", -1));
    fprintf(out, "  output level: %s (%s)\n", level,
            x->series >= 0 ? "per-task summaries and every task's series"
                           : "per-task summaries only");
    fprintf(out, "  summaries over months %lld to %lld of the run\n", (long long)from,
            (long long)months - 1);
}

static int summarize_sweep(xp *x, FILE *out, sim_err *err)
{
    int rc = check_sweep(x, err);
    if (rc)
        return rc;
    size_t P = (size_t)n_rows(x->sweep, "points", 2), k = (size_t)n_rows(x->sweep, "parameters", 1);
    size_t F = (size_t)n_rows(x->sweep, "summary_names", 1);
    fig_acc acc[ANA_N_FIG];
    size_t *reps = calloc(P, sizeof *reps);
    int mem = reps != NULL;
    for (size_t f = 0; f < ANA_N_FIG; f++) {
        acc[f] = (fig_acc){0, 0, calloc(P, sizeof(double)), calloc(P, sizeof(size_t))};
        mem = mem && acc[f].p_sum && acc[f].p_n;
    }
    if (!mem)
        rc = SIM_RAISE(err, SIM_ENOMEM, "not enough memory for the summary");
    else if (accumulate(x, F, P, acc, reps))
        rc =
            SIM_RAISE(err, SIM_EINPUT, "%s: cannot read /sweep/tasks or /sweep/summaries", x->path);
    if (!rc) {
        print_sweep_head(x, P, k, out);
        fprintf(out, "  parameters:\n");
        print_parameters(x, k, P, out);
        print_sweep_tasks(x, reps, P, out);
        print_figures(acc, P, out);
    }
    for (size_t f = 0; f < ANA_N_FIG; f++)
        free(acc[f].p_sum), free(acc[f].p_n);
    free(reps);
    return rc;
}

int ana_summarize_print(const char *path, FILE *out, sim_err *err)
{
    xp x;
    ana_export_options none = {NULL, 0, 0, NULL, NULL};
    xp_init(&x, path, NULL, &none);
    int rc = open_file(&x, err);
    if (!rc && x.kind == KIND_SWEEP)
        rc = summarize_sweep(&x, out, err);
    else if (!rc)
        rc = check_results(&x, err);
    xp_release(&x);
    if (!rc && x.kind == KIND_RESULTS)
        rc = ana_summary_print(path, out, err);
    if (!rc && (fflush(out) != 0 || ferror(out)))
        rc = SIM_RAISE(err, SIM_ERUN, "cannot write the summary: %s", strerror(errno));
    return rc;
}
