#include "ana_sweep.h"

#include "ana_sensitivity.h"

#include "../sim/sim_h5_util.h"

#include <hdf5.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NAME_MAX_LEN 256

typedef struct sweepf {
    const char *path;
    hid_t file, g;
    char design[32], name[NAME_MAX_LEN], fig[NAME_MAX_LEN];
    int64_t points, k, n_req, shard_n, tasks;
    char **par;   /* k parameter names */
    double *unit; /* [points][k] */
    double *y;    /* [points]: mean over replicates */
    size_t *reps; /* [points] */
} sweepf;

static int open_sweep(sweepf *s, int need_indices, sim_err *err)
{
    s->file = sim_h5_open_input(s->path, err);
    if (s->file < 0)
        return err->code;
    char fmt[64];
    sim_h5_get_attr_str(s->file, "format", fmt, sizeof fmt);
    s->g =
        H5Lexists(s->file, "sweep", H5P_DEFAULT) > 0 ? H5Gopen2(s->file, "sweep", H5P_DEFAULT) : -1;
    if (strcmp(fmt, "crossings-sweep") != 0 || s->g < 0)
        return SIM_RAISE(err, SIM_EINPUT,
                         "%s: not a sweep file (expected a file written by crossings sweep or "
                         "crossings merge)",
                         s->path);
    sim_h5_get_attr_str(s->g, "design", s->design, sizeof s->design);
    sim_h5_get_attr_str(s->g, "name", s->name, sizeof s->name);
    s->points = sim_h5_get_attr_i64(s->g, "points", -1);
    s->k = sim_h5_get_attr_i64(s->g, "parameters", -1);
    s->n_req = sim_h5_get_attr_i64(s->g, "design_points", -1);
    s->shard_n = sim_h5_get_attr_i64(s->g, "shard_n", -1);
    s->tasks = sim_h5_get_attr_i64(s->g, "tasks", -1);
    if (s->shard_n > 0)
        return SIM_RAISE(err, SIM_EINPUT,
                         "%s: one shard of a sweep (expected the whole sweep: join the shards "
                         "with crossings merge first)",
                         s->path);
    if (need_indices && strcmp(s->design, "saltelli") != 0 && strcmp(s->design, "morris") != 0)
        return SIM_RAISE(err, SIM_EINPUT,
                         "%s: a %s design gives no sensitivity indices (expected a sweep with "
                         "design type saltelli, for Sobol indices, or morris)",
                         s->path, s->design);
    if (s->points < 1 || s->k < 1 || s->n_req < 1 || s->tasks < 0)
        return SIM_RAISE(err, SIM_EINPUT, "%s: its /sweep attributes are incomplete", s->path);
    return SIM_OK;
}

/* The design's points in the layout its type implies: n (k + 2) rows for
 * saltelli, r (k + 1) for morris (n, r: design_points). */
static int check_layout(const sweepf *s, sim_err *err)
{
    int64_t per = strcmp(s->design, "saltelli") == 0 ? s->k + 2
                  : strcmp(s->design, "morris") == 0 ? s->k + 1
                                                     : 0;
    if (!per || (s->n_req <= s->points / per && s->points == s->n_req * per))
        return SIM_OK;
    return SIM_RAISE(err, SIM_EINPUT,
                     "%s: corrupt or foreign file: /sweep has %lld points, but a %s design of "
                     "design_points %lld over %lld parameters has design_points x (parameters + "
                     "%d) points",
                     s->path, (long long)s->points, s->design, (long long)s->n_req, (long long)s->k,
                     strcmp(s->design, "saltelli") == 0 ? 2 : 1);
}

/* Every dataset the reader fills, against the /sweep attributes. */
static int check_shapes(const sweepf *s, int is_morris, sim_err *err)
{
    hsize_t par[1] = {(hsize_t)s->k}, pts[2] = {(hsize_t)s->points, (hsize_t)s->k},
            tasks[1] = {(hsize_t)s->tasks}, names[1];
    int rc = check_layout(s, err);
    rc = rc ? rc : sim_h5_check_shape(s->g, "parameters", H5T_COMPOUND, 1, par, err);
    rc = rc ? rc : sim_h5_check_shape(s->g, "points", H5T_FLOAT, 2, pts, err);
    rc = rc ? rc : sim_h5_check_shape(s->g, "points_text", H5T_STRING, 2, pts, err);
    rc = rc ? rc : sim_h5_check_shape(s->g, "tasks", H5T_COMPOUND, 1, tasks, err);
    rc = rc ? rc : sim_h5_extent(s->g, "summary_names", 1, H5T_STRING, names, err);
    hsize_t sums[2] = {(hsize_t)s->tasks, names[0]};
    rc = rc ? rc : sim_h5_check_shape(s->g, "summaries", H5T_FLOAT, 2, sums, err);
    if (!rc && is_morris)
        rc = sim_h5_check_shape(s->g, "unit_points", H5T_FLOAT, 2, pts, err);
    return rc;
}

static int read_names(sweepf *s, sim_err *err)
{
    typedef struct {
        char *name;
    } row;
    hid_t d = H5Dopen2(s->g, "parameters", H5P_DEFAULT), str = sim_h5_utf8_type();
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(row));
    H5Tinsert(t, "name", 0, str);
    row *rows = calloc((size_t)s->k, sizeof *rows);
    s->par = calloc((size_t)s->k, sizeof *s->par);
    int rc = !rows || !s->par || d < 0 || H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows) < 0;
    for (int64_t j = 0; !rc && j < s->k; j++)
        s->par[j] = rows[j].name; /* freed with H5free_memory */
    free(rows);
    H5Tclose(t);
    H5Tclose(str);
    H5Dclose(d);
    return rc ? SIM_RAISE(err, SIM_EINPUT, "%s: /sweep/parameters is not readable", s->path)
              : SIM_OK;
}

/* Which column of the summaries is the output. */
static int find_output(sweepf *s, const char *want, size_t *col, size_t *n_fig, sim_err *err)
{
    hid_t d = H5Dopen2(s->g, "summary_names", H5P_DEFAULT), sp = H5Dget_space(d),
          t = sim_h5_utf8_type();
    hssize_t n = d < 0 ? -1 : H5Sget_simple_extent_npoints(sp);
    char **names = n > 0 ? calloc((size_t)n, sizeof *names) : NULL;
    int rc = !names || H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, names) < 0;
    snprintf(s->fig, sizeof s->fig, strchr(want, '.') ? "%s" : "%s.all", want);
    *col = (size_t)-1;
    char list[2048] = "";
    size_t used = 0;
    for (hssize_t i = 0; !rc && i < n; i++) {
        if (strcmp(names[i], s->fig) == 0)
            *col = (size_t)i;
        if (used < sizeof list)
            used +=
                (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", names[i]);
    }
    for (hssize_t i = 0; names && i < n; i++)
        H5free_memory(names[i]);
    free(names);
    H5Tclose(t);
    H5Sclose(sp);
    H5Dclose(d);
    *n_fig = n > 0 ? (size_t)n : 0;
    if (rc)
        return SIM_RAISE(err, SIM_EINPUT, "%s: /sweep/summary_names is not readable", s->path);
    if (*col == (size_t)-1)
        return SIM_RAISE(err, SIM_EINPUT,
                         "--output: '%s' is not a summary of %s (expected one of: %s)", want,
                         s->path, list);
    return SIM_OK;
}

/* Mean of the output over each point's replicates. */
static int point_means(sweepf *s, size_t col, size_t n_fig, sim_err *err)
{
    size_t T = (size_t)s->tasks, P = (size_t)s->points;
    typedef struct {
        int64_t point;
    } row;
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(row));
    H5Tinsert(t, "point", 0, H5T_NATIVE_INT64);
    row *pt = malloc((T ? T : 1) * sizeof *pt);
    double *sum = malloc((T ? T : 1) * n_fig * sizeof *sum);
    s->y = calloc(P, sizeof *s->y);
    s->reps = calloc(P, sizeof *s->reps);
    hid_t dt = H5Dopen2(s->g, "tasks", H5P_DEFAULT), ds = H5Dopen2(s->g, "summaries", H5P_DEFAULT);
    int rc = !pt || !sum || !s->y || !s->reps || dt < 0 || ds < 0;
    if (!rc && T)
        rc = H5Dread(dt, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, pt) < 0 ||
             H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, sum) < 0;
    H5Dclose(dt);
    H5Dclose(ds);
    H5Tclose(t);
    for (size_t i = 0; !rc && i < T; i++) {
        double x = sum[i * n_fig + col];
        if (pt[i].point < 0 || (size_t)pt[i].point >= P)
            rc = 1;
        else if (isfinite(x))
            s->y[pt[i].point] += x, s->reps[pt[i].point]++;
    }
    free(pt);
    free(sum);
    if (rc)
        return SIM_RAISE(err, SIM_EINPUT, "%s: /sweep/tasks or /sweep/summaries is not readable",
                         s->path);
    for (size_t p = 0; p < P; p++) {
        if (!s->reps[p])
            return SIM_RAISE(err, SIM_EINPUT,
                             "%s: design point %zu has no defined value of %s (every replicate's "
                             "denominator is zero: choose another output, or more persons)",
                             s->path, p, s->fig);
        s->y[p] /= (double)s->reps[p];
    }
    return SIM_OK;
}

static int read_points(sweepf *s, ana_sweep_result *r, sim_err *err)
{
    size_t n = (size_t)(s->points * s->k);
    r->x = malloc(n * sizeof *r->x);
    r->x_text = calloc(n, sizeof *r->x_text);
    hid_t d = H5Dopen2(s->g, "points", H5P_DEFAULT),
          dt = H5Dopen2(s->g, "points_text", H5P_DEFAULT);
    hid_t t = sim_h5_utf8_type();
    int rc = !r->x || !r->x_text || d < 0 || dt < 0 ||
             H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, r->x) < 0 ||
             H5Dread(dt, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, r->x_text) < 0;
    H5Tclose(t);
    H5Dclose(d);
    H5Dclose(dt);
    return rc ? SIM_RAISE(err, SIM_EINPUT, "%s: /sweep/points is not readable", s->path) : SIM_OK;
}

static int read_unit(sweepf *s, sim_err *err)
{
    size_t n = (size_t)(s->points * s->k);
    s->unit = malloc(n * sizeof *s->unit);
    hid_t d = H5Dopen2(s->g, "unit_points", H5P_DEFAULT);
    int rc = !s->unit || d < 0 ||
             H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, s->unit) < 0;
    H5Dclose(d);
    return rc ? SIM_RAISE(err, SIM_EINPUT, "%s: /sweep/unit_points is not readable", s->path)
              : SIM_OK;
}

/* ---- the indices ------------------------------------------------------------- */

static int compute_sobol(const sweepf *s, const ana_sens_options *o, ana_sweep_result *r,
                         sim_err *err)
{
    size_t n = (size_t)s->n_req, k = (size_t)s->k;
    double *v = calloc(6 * k, sizeof *v);
    if (!v)
        return SIM_RAISE(err, SIM_ENOMEM, "out of memory for the indices");
    r->s1 = v, r->st = v + k, r->s1_lo = v + 2 * k, r->s1_hi = v + 3 * k, r->st_lo = v + 4 * k,
    r->st_hi = v + 5 * k;
    int rc = ana_sobol(n, k, s->y, r->s1, r->st);
    rc = rc || isnan(r->st[0]) ? SIM_EINPUT : SIM_OK;
    rc = rc ? rc
            : ana_sobol_intervals(n, k, s->y, o->n_boot, 0.95, o->seed, r->s1_lo, r->s1_hi,
                                  r->st_lo, r->st_hi);
    if (rc)
        return SIM_RAISE(err, SIM_EINPUT,
                         "%s: the Sobol indices of %s are undefined (its variance over the "
                         "design is zero: the varied parameters do not change it in these runs; "
                         "expected another output)",
                         s->path, s->fig);
    r->has_sobol = 1;
    return SIM_OK;
}

static int compute_morris(sweepf *s, ana_sweep_result *r, sim_err *err)
{
    size_t k = (size_t)s->k;
    int rc = read_unit(s, err);
    if (rc)
        return rc;
    double *v = calloc(3 * k, sizeof *v);
    if (!v)
        return SIM_RAISE(err, SIM_ENOMEM, "out of memory for the indices");
    r->mu_star = v, r->mu = v + k, r->sigma = v + 2 * k;
    if (ana_morris((size_t)s->n_req, k, s->unit, s->y, r->mu_star, r->mu, r->sigma))
        return SIM_RAISE(err, SIM_EINPUT, "%s: the Morris measures could not be computed", s->path);
    r->has_morris = 1;
    return SIM_OK;
}

int ana_sweep_load(const char *path, const ana_sens_options *o, int need_indices,
                   ana_sweep_result *r, sim_err *err)
{
    memset(r, 0, sizeof *r);
    sweepf s;
    memset(&s, 0, sizeof s);
    s.path = path;
    s.file = s.g = -1;
    size_t col = 0, n_fig = 0;
    int rc = open_sweep(&s, need_indices, err);
    rc = rc ? rc : check_shapes(&s, strcmp(s.design, "morris") == 0, err);
    rc = rc ? rc : read_names(&s, err);
    rc = rc ? rc : find_output(&s, o->output, &col, &n_fig, err);
    rc = rc ? rc : point_means(&s, col, n_fig, err);
    rc = rc ? rc : read_points(&s, r, err);
    if (!rc && strcmp(s.design, "saltelli") == 0)
        rc = compute_sobol(&s, o, r, err);
    else if (!rc && strcmp(s.design, "morris") == 0)
        rc = compute_morris(&s, r, err);
    snprintf(r->name, sizeof r->name, "%s", s.name);
    snprintf(r->design, sizeof r->design, "%s", s.design);
    snprintf(r->output, sizeof r->output, "%s", s.fig);
    r->points = s.points > 0 ? (size_t)s.points : 0;
    r->k = s.k > 0 ? (size_t)s.k : 0;
    r->param = s.par; /* the result owns them now */
    r->y = s.y;
    r->reps = s.reps;
    free(s.unit);
    if (s.g >= 0)
        H5Gclose(s.g);
    if (s.file >= 0)
        H5Fclose(s.file);
    if (rc)
        ana_sweep_result_free(r);
    return rc;
}

void ana_sweep_result_free(ana_sweep_result *r)
{
    for (size_t j = 0; r->param && j < r->k; j++)
        H5free_memory(r->param[j]);
    for (size_t i = 0; r->x_text && i < r->points * r->k; i++)
        if (r->x_text[i])
            H5free_memory(r->x_text[i]);
    free(r->param);
    free(r->x);
    free(r->x_text);
    free(r->y);
    free(r->reps);
    free(r->s1);
    free(r->mu_star);
    memset(r, 0, sizeof *r);
}

/* ---- printing ------------------------------------------------------------------ */

/* "6 replicates per point" or "6 to 9 replicates per point". */
static void reps_text(const ana_sweep_result *r, char *buf, size_t cap)
{
    size_t lo = (size_t)-1, hi = 0;
    for (size_t p = 0; p < r->points; p++) {
        lo = r->reps[p] < lo ? r->reps[p] : lo;
        hi = r->reps[p] > hi ? r->reps[p] : hi;
    }
    if (lo == hi)
        snprintf(buf, cap, "%zu replicate%s per point", lo, lo == 1 ? "" : "s");
    else
        snprintf(buf, cap, "%zu to %zu replicates per point", lo, hi);
}

void ana_sweep_spread(const ana_sweep_result *r, double *mean, double *sd)
{
    double m = 0, q = 0;
    for (size_t p = 0; p < r->points; p++)
        m += r->y[p];
    m /= (double)r->points;
    for (size_t p = 0; p < r->points; p++)
        q += (r->y[p] - m) * (r->y[p] - m);
    *mean = m;
    *sd = r->points > 1 ? sqrt(q / (double)(r->points - 1)) : 0;
}

void ana_sweep_rank(const double *key, size_t k, size_t *idx)
{
    for (size_t i = 0; i < k; i++)
        idx[i] = i;
    for (size_t i = 1; i < k; i++)
        for (size_t j = i; j > 0 && key[idx[j]] > key[idx[j - 1]]; j--) {
            size_t t = idx[j];
            idx[j] = idx[j - 1];
            idx[j - 1] = t;
        }
}

static void print_sobol(const ana_sweep_result *r, const ana_sens_options *o, size_t n_req,
                        const size_t *idx, FILE *out)
{
    char reps[64];
    double mean, sd;
    reps_text(r, reps, sizeof reps);
    ana_sweep_spread(r, &mean, &sd);
    if (o->format == ANA_FORMAT_CSV) {
        fprintf(out, "parameter,s1,s1_ci_low,s1_ci_high,st,st_ci_low,st_ci_high\n");
        for (size_t i = 0; i < r->k; i++) {
            size_t j = idx[i];
            fprintf(out, "%s,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g\n", r->param[j], r->s1[j], r->s1_lo[j],
                    r->s1_hi[j], r->st[j], r->st_lo[j], r->st_hi[j]);
        }
        return;
    }
    fprintf(out,
            "Sobol indices of %s\nsweep %s: saltelli design, n = %zu base samples, %zu "
            "points, %s (their mean is the output)\nover the points: mean %.4g, standard "
            "deviation %.4g\n\n",
            r->output, r->name, n_req, r->points, reps, mean, sd);
    fprintf(out, "%-44s %8s %19s %8s %19s\n", "parameter (by total index)", "first", "95% interval",
            "total", "95% interval");
    for (size_t i = 0; i < r->k; i++) {
        size_t j = idx[i];
        fprintf(out, "%-44s %8.3f   [%6.3f, %6.3f] %8.3f   [%6.3f, %6.3f]\n", r->param[j], r->s1[j],
                r->s1_lo[j], r->s1_hi[j], r->st[j], r->st_lo[j], r->st_hi[j]);
    }
    fprintf(out,
            "\nfirst: first-order index (Saltelli et al. 2010); total: total index (Jansen "
            "1999);\nintervals: percentile bootstrap over the n base samples (%zu "
            "resamples). Replicate\nnoise left in the means adds to the variance: more "
            "replicates per point shrink it.\n",
            o->n_boot);
}

static void print_morris(const ana_sweep_result *r, const ana_sens_options *o, size_t traj,
                         const size_t *idx, FILE *out)
{
    char reps[64];
    double mean, sd;
    reps_text(r, reps, sizeof reps);
    ana_sweep_spread(r, &mean, &sd);
    if (o->format == ANA_FORMAT_CSV) {
        fprintf(out, "parameter,mu_star,mu,sigma\n");
        for (size_t i = 0; i < r->k; i++)
            fprintf(out, "%s,%.6g,%.6g,%.6g\n", r->param[idx[i]], r->mu_star[idx[i]], r->mu[idx[i]],
                    r->sigma[idx[i]]);
        return;
    }
    fprintf(out,
            "Morris elementary effects of %s\nsweep %s: morris design, %zu trajectories, "
            "%zu points, %s (their mean is the output)\nover the points: mean %.4g, "
            "standard deviation %.4g\n\n",
            r->output, r->name, traj, r->points, reps, mean, sd);
    fprintf(out, "%-44s %12s %12s %12s\n", "parameter (by mu*)", "mu*", "mu", "sigma");
    for (size_t i = 0; i < r->k; i++)
        fprintf(out, "%-44s %12.4g %12.4g %12.4g\n", r->param[idx[i]], r->mu_star[idx[i]],
                r->mu[idx[i]], r->sigma[idx[i]]);
    fprintf(out, "\nmu*: mean absolute effect of moving the parameter across its whole range "
                 "(output units);\nmu: mean signed effect; sigma: spread of the effects "
                 "(interactions or non-linearity).\n");
}

int ana_sensitivity_print(const char *path, const ana_sens_options *o, FILE *out, sim_err *err)
{
    ana_sweep_result r;
    int rc = ana_sweep_load(path, o, 1, &r, err);
    if (rc)
        return rc;
    size_t *idx = malloc(r.k * sizeof *idx);
    if (!idx) {
        ana_sweep_result_free(&r);
        return SIM_RAISE(err, SIM_ENOMEM, "out of memory");
    }
    /* the design's size: n base samples (saltelli), r trajectories (morris) */
    size_t n_req = r.has_sobol ? r.points / (r.k + 2) : r.points / (r.k + 1);
    if (r.has_sobol) {
        ana_sweep_rank(r.st, r.k, idx);
        print_sobol(&r, o, n_req, idx, out);
    } else {
        ana_sweep_rank(r.mu_star, r.k, idx);
        print_morris(&r, o, n_req, idx, out);
    }
    free(idx);
    ana_sweep_result_free(&r);
    return SIM_OK;
}
