#include "ana_compare.h"

#include "ana_figures.h"

#include "../sim/sim_h5_util.h"

#include <errno.h>
#include <gsl/gsl_cdf.h>
#include <hdf5.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_GROUPS 16  /* reporting groups in a file; "all" comes after them */
#define MAX_NAME   256 /* scenario name */
#define N_IND      ANA_N_FIG
#define N_FIELD    7 /* numbers of a csv or json row before n */

typedef struct indicator {
    const char *key;   /* csv and json name */
    const char *label; /* text table */
    ana_better better;
    int decimals; /* in the text table */
} indicator;

static const indicator ind[N_IND] = {
    {"incidence_per_100k_year", "incidence /100k/yr", ANA_BETTER_LOWER, 2},
    {"retrafficking_rate", "re-trafficking rate", ANA_BETTER_LOWER, 4},
    {"migrations_per_year", "migrations /yr", ANA_BETTER_NONE, 0},
    {"decent_work_share", "decent-work share", ANA_BETTER_HIGHER, 4},
    {"detection_ratio", "detection ratio", ANA_BETTER_HIGHER, 4},
};

static const char *const field_name[N_FIELD] = {
    "baseline_value", "value", "difference", "ci_low", "ci_high", "percent_change", "share_better",
};

typedef struct cost_result {
    double value; /* USD per trafficking case averted; NAN with a note */
    size_t n;
    const char *note;
} cost_result;

typedef struct scen {
    char name[MAX_NAME];
    double scale;  /* run.scale */
    size_t months; /* M of its metrics */
    size_t from;   /* first month summed */
    double *sums;  /* [replicate][group, then all][ANA_N_MET] over months and areas */
    double *cost;  /* [replicate] cost_usd, NULL when the file has none */
    ana_paired res[MAX_GROUPS + 1][N_IND];
    cost_result cost_res;
} scen;

struct ana_comparison {
    const char *path;
    hid_t file;
    size_t n_groups; /* in the file; row n_groups of the sums is all persons */
    char groups[MAX_GROUPS + 1][32];
    size_t reps, areas;
    scen *s; /* in file order */
    size_t n, cap;
    int by_name; /* the file does not record the order: s is sorted by name */
    size_t base;
    const char *why; /* how the baseline was chosen */
    size_t from;     /* first month compared (--from) */
};
typedef struct ana_comparison cmp;

/* ---- statistics ------------------------------------------------------------ */

static int is_better(double x, double b, ana_better better)
{
    return better == ANA_BETTER_LOWER ? x < b : x > b;
}

/* Means, mean difference, percent change and share better over the pairs
 * with both values defined. */
static void paired_means(const double *x, const double *b, size_t n, ana_better better,
                         ana_paired *p)
{
    double sx = 0, sb = 0, sd = 0, nb = 0;
    for (size_t r = 0; r < n; r++) {
        if (isnan(x[r]) || isnan(b[r]))
            continue;
        p->n++;
        sx += x[r];
        sb += b[r];
        sd += x[r] - b[r];
        nb += is_better(x[r], b[r], better);
    }
    if (p->n == 0)
        return;
    double k = (double)p->n;
    p->mean = sx / k;
    p->base_mean = sb / k;
    p->diff = sd / k;
    p->pct = p->base_mean != 0 ? p->diff / p->base_mean * 100 : NAN;
    p->share_better = better != ANA_BETTER_NONE ? nb / k : NAN;
}

/* Student t interval of the mean difference: needs two pairs or more. */
static void paired_interval(const double *x, const double *b, size_t n, ana_paired *p)
{
    if (p->n < 2)
        return;
    double ss = 0;
    for (size_t r = 0; r < n; r++)
        if (!isnan(x[r]) && !isnan(b[r]))
            ss += (x[r] - b[r] - p->diff) * (x[r] - b[r] - p->diff);
    double dof = (double)(p->n - 1);
    p->sd = sqrt(ss / dof);
    double half = gsl_cdf_tdist_Pinv(0.5 + ANA_CONFIDENCE / 2, dof) * p->sd / sqrt((double)p->n);
    p->ci_low = p->diff - half;
    p->ci_high = p->diff + half;
    p->ci_crosses_zero = p->ci_low <= 0 && p->ci_high >= 0;
}

ana_paired ana_paired_diff(const double *x, const double *b, size_t n, ana_better better)
{
    ana_paired p = {0, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, 1};
    paired_means(x, b, n, better, &p);
    paired_interval(x, b, n, &p);
    return p;
}

/* ---- reading the file ------------------------------------------------------- */

static int open_results(cmp *c, sim_err *err)
{
    struct stat st;
    if (stat(c->path, &st) != 0)
        return SIM_RAISE(err, SIM_EINPUT, "%s: cannot open the results file: %s", c->path,
                         strerror(errno));
    c->file = sim_h5_open_input(c->path, err);
    if (c->file < 0)
        return err->code;
    return SIM_OK;
}

static int read_groups(cmp *c, sim_err *err)
{
    hid_t d = H5Dopen2(c->file, "dims/group", H5P_DEFAULT);
    hid_t s = H5Dget_space(d), t = sim_h5_utf8_type();
    hssize_t n = d < 0 ? 0 : H5Sget_simple_extent_npoints(s);
    char *v[MAX_GROUPS] = {0};
    int bad = n < 1 || n > MAX_GROUPS || H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) < 0;
    for (hssize_t i = 0; !bad && i < n; i++)
        snprintf(c->groups[i], sizeof c->groups[i], "%s", v[i] ? v[i] : "");
    if (!bad)
        H5Dvlen_reclaim(t, s, H5P_DEFAULT, v);
    c->n_groups = bad ? 0 : (size_t)n;
    snprintf(c->groups[c->n_groups], sizeof c->groups[0], "all");
    H5Tclose(t);
    H5Sclose(s);
    H5Dclose(d);
    if (bad)
        return SIM_RAISE(err, SIM_EINPUT,
                         "%s: no /dims/group (expected a results file written by crossings run)",
                         c->path);
    return SIM_OK;
}

static herr_t add_scenario(hid_t g, const char *name, const H5L_info_t *info, void *vc)
{
    cmp *c = vc;
    (void)g;
    (void)info;
    if (strlen(name) >= MAX_NAME)
        return -1;
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 8;
        scen *s = realloc(c->s, cap * sizeof *s);
        if (!s)
            return -1;
        c->s = s;
        c->cap = cap;
    }
    scen *s = &c->s[c->n++];
    memset(s, 0, sizeof *s);
    snprintf(s->name, sizeof s->name, "%s", name);
    return 0;
}

/* The scenarios in the order they were written when the file records it,
 * else by name (the order h5py and h5dump list them in). */
static int list_scenarios(cmp *c, sim_err *err)
{
    hid_t top = H5Gopen2(c->file, "scenarios", H5P_DEFAULT);
    herr_t rc = -1;
    if (top >= 0)
        rc = H5Literate(top, H5_INDEX_CRT_ORDER, H5_ITER_INC, NULL, add_scenario, c);
    if (top >= 0 && rc < 0) {
        c->n = 0;
        c->by_name = 1;
        rc = H5Literate(top, H5_INDEX_NAME, H5_ITER_INC, NULL, add_scenario, c);
    }
    H5Gclose(top);
    if (rc < 0 || c->n == 0)
        return SIM_RAISE(err, SIM_EINPUT,
                         "%s: no scenarios (expected /scenarios/NAME groups written by "
                         "crossings run)",
                         c->path);
    return SIM_OK;
}

static size_t find_scenario(const cmp *c, const char *name)
{
    size_t i = 0;
    while (i < c->n && strcmp(c->s[i].name, name) != 0)
        i++;
    return i;
}

static int pick_baseline(cmp *c, const char *name, sim_err *err)
{
    if (name) {
        c->base = find_scenario(c, name);
        c->why = "chosen with --baseline";
        if (c->base < c->n)
            return SIM_OK;
        char list[400] = "";
        for (size_t i = 0, used = 0; i < c->n && used < sizeof list; i++)
            used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "",
                                     c->s[i].name);
        return SIM_RAISE(err, SIM_EINPUT,
                         "--baseline: no scenario '%s' in %s (expected one of: %s)", name, c->path,
                         list);
    }
    c->base = find_scenario(c, "baseline");
    c->why = "the scenario named baseline";
    if (c->base == c->n) {
        c->base = 0;
        c->why = c->by_name ? "none is named baseline: the first in the file, by name"
                            : "none is named baseline: the first in the file";
    }
    return SIM_OK;
}

typedef struct name_value {
    char *name, *value;
} name_value;

/* run.scale from the scenario's parameter record; 0 when missing. */
static double read_scale(hid_t g)
{
    hid_t d = H5Dopen2(g, "parameters", H5P_DEFAULT);
    hid_t sp = H5Dget_space(d), str = sim_h5_utf8_type();
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(name_value));
    H5Tinsert(t, "name", HOFFSET(name_value, name), str);
    H5Tinsert(t, "value", HOFFSET(name_value, value), str);
    hssize_t n = d < 0 ? 0 : H5Sget_simple_extent_npoints(sp);
    name_value *rows = n > 0 ? calloc((size_t)n, sizeof *rows) : NULL;
    double scale = 0;
    if (rows && H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows) >= 0) {
        for (hssize_t i = 0; i < n; i++)
            if (rows[i].name && rows[i].value && strcmp(rows[i].name, "run.scale") == 0)
                scale = strtod(rows[i].value, NULL);
        H5Dvlen_reclaim(t, sp, H5P_DEFAULT, rows);
    }
    free(rows);
    H5Tclose(t);
    H5Tclose(str);
    H5Sclose(sp);
    H5Dclose(d);
    return isfinite(scale) && scale > 0 ? scale : 0;
}

/* A metric's shape must be [R][M][A][G] with the file's groups, the
 * baseline's replicates and the scenario's months. */
static int check_shape(cmp *c, scen *s, size_t met, const hsize_t *dim, sim_err *err)
{
    if (dim[0] == 0 || dim[1] == 0 || dim[2] == 0 || dim[3] != c->n_groups)
        return SIM_RAISE(err, SIM_EINPUT,
                         "%s: scenarios/%s/metrics/%s: not shaped [replicate][month][area][group] "
                         "with %zu groups",
                         c->path, s->name, ana_met_name[met], c->n_groups);
    hsize_t n_areas = 0;
    sim_err e;
    if (sim_h5_extent(c->file, "dims/area", 1, H5T_STRING, &n_areas, &e) || dim[2] != n_areas)
        return SIM_RAISE(err, SIM_EINPUT,
                         "%s: corrupt or foreign file: scenarios/%s/metrics/%s has %llu areas but "
                         "/dims/area %llu",
                         c->path, s->name, ana_met_name[met], (unsigned long long)dim[2],
                         (unsigned long long)n_areas);
    if (!c->reps) {
        c->reps = dim[0];
        c->areas = dim[2];
    }
    if (!s->months)
        s->months = dim[1];
    if (dim[0] != c->reps)
        return SIM_RAISE(err, SIM_EINPUT,
                         "%s: scenario %s has %llu replicates, baseline %s has %zu (expected the "
                         "same replicates in every scenario, run together)",
                         c->path, s->name, (unsigned long long)dim[0], c->s[c->base].name, c->reps);
    if (dim[1] != s->months)
        return SIM_RAISE(err, SIM_EINPUT, "%s: scenarios/%s/metrics/%s: %llu months, expected %zu",
                         c->path, s->name, ana_met_name[met], (unsigned long long)dim[1],
                         s->months);
    if (c->from >= s->months)
        return SIM_RAISE(err, SIM_EINPUT,
                         "--from: month %zu is not in the run of scenario %s (expected 0 to %zu)",
                         c->from, s->name, s->months - 1);
    return SIM_OK;
}

/* Add one metric, replicate by replicate, into the scenario's sums. */
static int sum_metric(const cmp *c, scen *s, hid_t d, hid_t fs, const hsize_t *dim, size_t met)
{
    size_t per = (dim[1] - c->from) * dim[2] * dim[3], rows = c->n_groups + 1;
    hsize_t count[4] = {1, dim[1] - c->from, dim[2], dim[3]}, mdim = per;
    hid_t ms = H5Screate_simple(1, &mdim, NULL);
    double *x = malloc(per * sizeof *x);
    int rc = x && ms >= 0 ? 0 : -1;
    for (hsize_t r = 0; !rc && r < dim[0]; r++) {
        hsize_t start[4] = {r, c->from, 0, 0};
        if (H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL) < 0 ||
            H5Dread(d, H5T_NATIVE_DOUBLE, ms, fs, H5P_DEFAULT, x) < 0)
            rc = -1;
        double *v = s->sums + r * rows * ANA_N_MET;
        for (size_t i = 0; !rc && i < per; i++) {
            v[(i % dim[3]) * ANA_N_MET + met] += x[i];
            v[c->n_groups * ANA_N_MET + met] += x[i];
        }
    }
    free(x);
    H5Sclose(ms);
    return rc;
}

static int read_metric(cmp *c, scen *s, hid_t mg, size_t met, sim_err *err)
{
    hsize_t dim[4] = {0};
    if (H5Lexists(mg, ana_met_name[met], H5P_DEFAULT) <= 0)
        return SIM_RAISE(err, SIM_EINPUT,
                         "%s: no dataset scenarios/%s/metrics/%s (expected a results file written "
                         "by crossings run)",
                         c->path, s->name, ana_met_name[met]);
    int rc = sim_h5_extent(mg, ana_met_name[met], 4, H5T_INTEGER, dim, err);
    if (rc)
        return rc;
    hid_t d = H5Dopen2(mg, ana_met_name[met], H5P_DEFAULT);
    hid_t fs = H5Dget_space(d);
    rc = check_shape(c, s, met, dim, err);
    if (!rc && !s->sums &&
        !(s->sums = calloc(c->reps * (c->n_groups + 1) * ANA_N_MET, sizeof(double))))
        rc = SIM_RAISE(err, SIM_ENOMEM, "not enough memory for the comparison");
    if (!rc && sum_metric(c, s, d, fs, dim, met))
        rc = SIM_RAISE(err, SIM_ERUN, "%s: cannot read scenarios/%s/metrics/%s", c->path, s->name,
                       ana_met_name[met]);
    H5Sclose(fs);
    H5Dclose(d);
    return rc;
}

/* The optional cost_usd dataset: one number per replicate. */
static int read_cost(const cmp *c, scen *s, hid_t g, sim_err *err)
{
    if (H5Lexists(g, "cost_usd", H5P_DEFAULT) <= 0)
        return SIM_OK;
    hid_t d = H5Dopen2(g, "cost_usd", H5P_DEFAULT), sp = H5Dget_space(d);
    int ok = d >= 0 && H5Sget_simple_extent_ndims(sp) == 1 &&
             H5Sget_simple_extent_npoints(sp) == (hssize_t)c->reps;
    s->cost = ok ? malloc(c->reps * sizeof *s->cost) : NULL;
    ok = s->cost && H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, s->cost) >= 0;
    H5Sclose(sp);
    H5Dclose(d);
    if (!ok)
        return SIM_RAISE(err, SIM_EINPUT,
                         "%s: scenarios/%s/cost_usd: not readable as %zu numbers (expected one "
                         "cost in USD per replicate)",
                         c->path, s->name, c->reps);
    return SIM_OK;
}

/* Without a cost_usd dataset, the cost is the interventions' spending
 * (metric intervention_cost_usd) over the run, in the real population. */
static int cost_from_metric(const cmp *c, scen *s, sim_err *err)
{
    if (!(s->cost = malloc(c->reps * sizeof *s->cost)))
        return SIM_RAISE(err, SIM_ENOMEM, "not enough memory for the comparison");
    for (size_t r = 0; r < c->reps; r++)
        s->cost[r] =
            s->sums[(r * (c->n_groups + 1) + c->n_groups) * ANA_N_MET + ANA_MET_COST] / s->scale;
    return SIM_OK;
}

static int read_scenario(cmp *c, scen *s, sim_err *err)
{
    s->from = c->from;
    char path[MAX_NAME + 16];
    snprintf(path, sizeof path, "scenarios/%s", s->name);
    hid_t g = H5Gopen2(c->file, path, H5P_DEFAULT);
    hid_t mg = g < 0 ? -1 : H5Gopen2(g, "metrics", H5P_DEFAULT);
    int rc = SIM_OK;
    if (mg < 0)
        rc = SIM_RAISE(err, SIM_EINPUT,
                       "%s: no group %s/metrics (expected a results file "
                       "written by crossings run)",
                       c->path, path);
    hsize_t n_par = 0;
    if (!rc)
        rc = sim_h5_extent(g, "parameters", 1, H5T_COMPOUND, &n_par, err);
    if (!rc && (s->scale = read_scale(g)) == 0)
        rc = SIM_RAISE(err, SIM_EINPUT,
                       "%s: %s/parameters has no run.scale (expected a positive number)", c->path,
                       path);
    int has_cost = mg >= 0 && H5Lexists(mg, ana_met_name[ANA_MET_COST], H5P_DEFAULT) > 0;
    for (size_t m = 0; !rc && m < ANA_N_MET; m++)
        rc = m == ANA_MET_COST && !has_cost ? SIM_OK : read_metric(c, s, mg, m, err);
    rc = rc ? rc : read_cost(c, s, g, err);
    if (!rc && !s->cost && has_cost)
        rc = cost_from_metric(c, s, err);
    H5Gclose(mg);
    H5Gclose(g);
    return rc;
}

/* The baseline first: it sets the replicates every scenario must have. */
static int read_all(cmp *c, sim_err *err)
{
    int rc = read_scenario(c, &c->s[c->base], err);
    for (size_t i = 0; !rc && i < c->n; i++)
        rc = i == c->base ? SIM_OK : read_scenario(c, &c->s[i], err);
    return rc;
}

/* ---- the comparison ----------------------------------------------------------- */

/* Indicator k of one replicate and group, from its sums (docs/FORMAT.md,
 * "Derived figures"); NAN when its denominator is zero. */
static double indicator_value(const scen *s, const double *v, size_t k)
{
    return ana_figure(k, v, (double)(s->months - s->from), s->scale);
}

static const double *sums_at(const cmp *c, const scen *s, size_t r, size_t g)
{
    return s->sums + (r * (c->n_groups + 1) + g) * ANA_N_MET;
}

/* Mean extra cost over mean cases averted (real population), all persons. */
static cost_result cost_per_case(const cmp *c, const scen *s)
{
    const scen *b = &c->s[c->base];
    cost_result cr = {NAN, c->reps, "no costs in file"};
    if (!s->cost)
        return cr;
    double dcost = 0, averted = 0;
    for (size_t r = 0; r < c->reps; r++) {
        dcost += s->cost[r] - (b->cost ? b->cost[r] : 0);
        averted += sums_at(c, b, r, c->n_groups)[ANA_MET_TNEW] / b->scale -
                   sums_at(c, s, r, c->n_groups)[ANA_MET_TNEW] / s->scale;
    }
    cr.note = averted > 0 ? NULL : "no cases averted";
    cr.value = averted > 0 ? dcost / averted : NAN;
    return cr;
}

/* x and b: room for one value per replicate. */
static void compare_scenario(const cmp *c, scen *s, double *x, double *b)
{
    const scen *base = &c->s[c->base];
    for (size_t g = 0; g <= c->n_groups; g++)
        for (size_t k = 0; k < N_IND; k++) {
            for (size_t r = 0; r < c->reps; r++) {
                x[r] = indicator_value(s, sums_at(c, s, r, g), k);
                b[r] = indicator_value(base, sums_at(c, base, r, g), k);
            }
            s->res[g][k] = ana_paired_diff(x, b, c->reps, ind[k].better);
        }
    s->cost_res = cost_per_case(c, s);
}

/* ---- text ----------------------------------------------------------------------- */

/* A number with dec decimals, n/a when undefined; what rounds to zero is 0. */
static const char *fmt_num(char *buf, size_t cap, double v, int dec, int sign)
{
    if (isnan(v))
        snprintf(buf, cap, "n/a");
    else
        snprintf(buf, cap, sign ? "%+.*f" : "%.*f", dec, fabs(v) < 0.5 * pow(10, -dec) ? 0 : v);
    return buf;
}

static void text_header(const cmp *c, FILE *out)
{
    const scen *b = &c->s[c->base];
    fprintf(out, "crossings compare: %s\n", c->path);
    fprintf(out, "baseline: %s (%s)\n", b->name, c->why);
    fprintf(out,
            "replicates: %zu per scenario, paired by replicate (common random numbers); months "
            "%zu to %zu of %zu, all %zu origin areas\n",
            c->reps, c->from, b->months - 1, b->months, c->areas);
    fprintf(out,
            "difference: scenario - baseline, the mean of the paired differences, with its 95%% "
            "interval\n"
            "  (Student t, n-1 degrees of freedom)\n"
            "~ : the interval includes zero, or is undefined (n < 2): no clear difference\n"
            "better: share of pairs where the scenario is better (lower incidence and "
            "re-trafficking,\n"
            "  higher decent-work share and detection); migrations have no better\n"
            "n: replicates behind the row (a replicate whose ratio has a zero denominator is "
            "left out)\n"
            "migrations are counted in the real population (divided by run.scale)\n");
}

static void text_baseline(const cmp *c, const scen *s, FILE *out)
{
    char v[32];
    fprintf(out, "\n%s: baseline values (mean over replicates)\n", s->name);
    fprintf(out, "  %-20s %-6s %14s %4s\n", "indicator", "group", "value", "n");
    for (size_t k = 0; k < N_IND; k++)
        for (size_t g = 0; g <= c->n_groups; g++) {
            const ana_paired *p = &s->res[g][k];
            fprintf(out, "  %-20s %-6s %14s %4zu\n", g ? "" : ind[k].label, c->groups[g],
                    fmt_num(v, sizeof v, p->mean, ind[k].decimals, 0), p->n);
        }
}

static void text_row(const char *label, const char *group, const ana_paired *p, int dec, FILE *out)
{
    char bv[32], v[32], d[32], lo[32], hi[32], ci[72], pct[32], bt[32];
    if (p->n >= 2)
        snprintf(ci, sizeof ci, "[%s, %s]", fmt_num(lo, sizeof lo, p->ci_low, dec, 1),
                 fmt_num(hi, sizeof hi, p->ci_high, dec, 1));
    else
        snprintf(ci, sizeof ci, "n/a");
    fmt_num(pct, sizeof pct, p->pct, 1, 1);
    if (!isnan(p->pct))
        strcat(pct, "%");
    fmt_num(bt, sizeof bt, p->share_better * 100, 0, 0);
    if (!isnan(p->share_better))
        strcat(bt, "%");
    fprintf(out, "  %-20s %-6s %12s %12s %12s %-1s %-22s %8s %6s %4zu\n", label, group,
            fmt_num(bv, sizeof bv, p->base_mean, dec, 0), fmt_num(v, sizeof v, p->mean, dec, 0),
            fmt_num(d, sizeof d, p->diff, dec, 1), p->ci_crosses_zero ? "~" : "", ci, pct, bt,
            p->n);
}

static void text_cost(const cost_result *cr, FILE *out)
{
    fprintf(out, "  cost per trafficking case averted (all persons, real population): ");
    if (cr->note)
        fprintf(out, "n/a (%s)\n", cr->note);
    else
        fprintf(out, "%.2f USD (n = %zu)\n", cr->value, cr->n);
}

static void text_scenario(const cmp *c, const scen *s, FILE *out)
{
    fprintf(out, "\n%s, against %s\n", s->name, c->s[c->base].name);
    fprintf(out, "  %-20s %-6s %12s %12s %12s %-1s %-22s %8s %6s %4s\n", "indicator", "group",
            "baseline", "value", "difference", "", "95% interval", "change", "better", "n");
    for (size_t k = 0; k < N_IND; k++)
        for (size_t g = 0; g <= c->n_groups; g++)
            text_row(g ? "" : ind[k].label, c->groups[g], &s->res[g][k], ind[k].decimals, out);
    text_cost(&s->cost_res, out);
}

static void print_text(const cmp *c, FILE *out)
{
    text_header(c, out);
    text_baseline(c, &c->s[c->base], out);
    for (size_t i = 0; i < c->n; i++)
        if (i != c->base)
            text_scenario(c, &c->s[i], out);
    if (c->n == 1)
        fprintf(out, "\n(no other scenario in the file to compare)\n");
}

/* ---- csv and json ------------------------------------------------------------------ */

/* The numbers of a row; the baseline's own rows have no comparison. */
static void row_fields(const ana_paired *p, int is_base, double *f)
{
    const double cmp_f[N_FIELD - 2] = {p->diff, p->ci_low, p->ci_high, p->pct, p->share_better};
    f[0] = p->base_mean;
    f[1] = p->mean;
    for (size_t i = 0; i < N_FIELD - 2; i++)
        f[i + 2] = is_base ? NAN : cmp_f[i];
}

static void csv_str(const char *s, FILE *out)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static void csv_num(double v, FILE *out)
{
    if (isfinite(v))
        fprintf(out, "%.10g", v);
}

static void csv_row(const char *sc, const char *group, const char *key, const double *f, size_t n,
                    const char *crosses, FILE *out)
{
    csv_str(sc, out);
    fprintf(out, ",");
    csv_str(group, out);
    fprintf(out, ",%s", key);
    for (size_t i = 0; i < N_FIELD; i++)
        fputc(',', out), csv_num(f[i], out);
    fprintf(out, ",%zu,%s\n", n, crosses);
}

static void csv_scenario(const cmp *c, const scen *s, int is_base, FILE *out)
{
    double f[N_FIELD];
    for (size_t g = 0; g <= c->n_groups; g++)
        for (size_t k = 0; k < N_IND; k++) {
            const ana_paired *p = &s->res[g][k];
            row_fields(p, is_base, f);
            csv_row(s->name, c->groups[g], ind[k].key, f, p->n,
                    is_base              ? ""
                    : p->ci_crosses_zero ? "true"
                                         : "false",
                    out);
        }
    if (is_base)
        return;
    for (size_t i = 0; i < N_FIELD; i++)
        f[i] = i == 1 ? s->cost_res.value : NAN;
    csv_row(s->name, "all", "cost_per_case_averted", f, s->cost_res.n, "", out);
}

static void print_csv(const cmp *c, FILE *out)
{
    fprintf(out, "scenario,group,indicator");
    for (size_t i = 0; i < N_FIELD; i++)
        fprintf(out, ",%s", field_name[i]);
    fprintf(out, ",n,ci_crosses_zero\n");
    csv_scenario(c, &c->s[c->base], 1, out);
    for (size_t i = 0; i < c->n; i++)
        if (i != c->base)
            csv_scenario(c, &c->s[i], 0, out);
}

static void json_str(const char *s, FILE *out)
{
    fputc('"', out);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            fprintf(out, "\\%c", ch);
        else if (ch < 0x20)
            fprintf(out, "\\u%04x", ch);
        else
            fputc(ch, out);
    }
    fputc('"', out);
}

static void json_num(double v, FILE *out)
{
    if (isfinite(v))
        fprintf(out, "%.10g", v);
    else
        fputs("null", out);
}

static void json_indicator(const ana_paired *p, int is_base, FILE *out)
{
    double f[N_FIELD];
    row_fields(p, is_base, f);
    fputc('{', out);
    for (size_t i = 0; i < N_FIELD; i++) {
        fprintf(out, "\"%s\": ", field_name[i]);
        json_num(f[i], out);
        fputs(", ", out);
    }
    fprintf(out, "\"n\": %zu, \"ci_crosses_zero\": %s}", p->n,
            is_base              ? "null"
            : p->ci_crosses_zero ? "true"
                                 : "false");
}

static void json_groups(const cmp *c, const scen *s, int is_base, FILE *out)
{
    fputs("      \"groups\": {\n", out);
    for (size_t g = 0; g <= c->n_groups; g++) {
        fputs("        ", out);
        json_str(c->groups[g], out);
        fputs(": {\n", out);
        for (size_t k = 0; k < N_IND; k++) {
            fprintf(out, "          \"%s\": ", ind[k].key);
            json_indicator(&s->res[g][k], is_base, out);
            fputs(k + 1 < N_IND ? ",\n" : "\n", out);
        }
        fputs(g < c->n_groups ? "        },\n" : "        }\n", out);
    }
    fputs("      }\n", out);
}

static void json_scenario(const cmp *c, const scen *s, int is_base, FILE *out)
{
    fputs("    {\n      \"name\": ", out);
    json_str(s->name, out);
    fprintf(out, ",\n      \"is_baseline\": %s,\n      \"cost_per_case_averted\": ",
            is_base ? "true" : "false");
    if (is_base) {
        fputs("null", out);
    } else {
        fputs("{\"value\": ", out);
        json_num(s->cost_res.value, out);
        fprintf(out, ", \"n\": %zu, \"note\": ", s->cost_res.n);
        if (s->cost_res.note)
            json_str(s->cost_res.note, out);
        else
            fputs("null", out);
        fputs("}", out);
    }
    fputs(",\n", out);
    json_groups(c, s, is_base, out);
    fputs("    }", out);
}

static void print_json(const cmp *c, FILE *out)
{
    fputs("{\n  \"file\": ", out);
    json_str(c->path, out);
    fputs(",\n  \"baseline\": ", out);
    json_str(c->s[c->base].name, out);
    fputs(",\n  \"baseline_chosen\": ", out);
    json_str(c->why, out);
    fprintf(out,
            ",\n  \"replicates\": %zu,\n  \"months\": %zu,\n  \"from_month\": %zu,\n  "
            "\"confidence\": %g,\n",
            c->reps, c->s[c->base].months, c->from, ANA_CONFIDENCE);
    fputs("  \"scenarios\": [\n", out);
    json_scenario(c, &c->s[c->base], 1, out);
    for (size_t i = 0; i < c->n; i++)
        if (i != c->base)
            fputs(",\n", out), json_scenario(c, &c->s[i], 0, out);
    fputs("\n  ]\n}\n", out);
}

/* ---- the whole command --------------------------------------------------------------- */

static int compare_all(cmp *c)
{
    double *x = malloc(c->reps * sizeof *x), *b = malloc(c->reps * sizeof *b);
    for (size_t i = 0; x && b && i < c->n; i++)
        compare_scenario(c, &c->s[i], x, b);
    int rc = x && b ? SIM_OK : SIM_ENOMEM;
    free(x);
    free(b);
    return rc;
}

static void release(cmp *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->s[i].sums), free(c->s[i].cost);
    free(c->s);
    if (c->file >= 0)
        H5Fclose(c->file);
}

int ana_compare_load(const char *path, const char *baseline, size_t from_month,
                     ana_comparison **out, sim_err *err)
{
    *out = NULL;
    cmp *c = calloc(1, sizeof *c);
    if (!c)
        return SIM_RAISE(err, SIM_ENOMEM, "not enough memory for the comparison");
    c->path = path;
    c->from = from_month;
    c->file = -1;
    int rc = open_results(c, err);
    rc = rc ? rc : read_groups(c, err);
    rc = rc ? rc : list_scenarios(c, err);
    rc = rc ? rc : pick_baseline(c, baseline, err);
    rc = rc ? rc : read_all(c, err);
    if (!rc && compare_all(c))
        rc = SIM_RAISE(err, SIM_ENOMEM, "not enough memory for the comparison");
    if (rc) {
        ana_comparison_free(c);
        return rc;
    }
    H5Fclose(c->file);
    c->file = -1;
    *out = c;
    return SIM_OK;
}

int ana_comparison_print(const ana_comparison *c, ana_format fmt, FILE *out, sim_err *err)
{
    if (fmt == ANA_FORMAT_TEXT)
        print_text(c, out);
    else if (fmt == ANA_FORMAT_CSV)
        print_csv(c, out);
    else
        print_json(c, out);
    if (fflush(out) != 0 || ferror(out))
        return SIM_RAISE(err, SIM_ERUN, "cannot write the comparison: %s", strerror(errno));
    return SIM_OK;
}

void ana_comparison_free(ana_comparison *c)
{
    if (!c)
        return;
    release(c);
    free(c);
}

size_t ana_comparison_scenarios(const ana_comparison *c)
{
    return c->n;
}

const char *ana_comparison_name(const ana_comparison *c, size_t i)
{
    return c->s[i].name;
}

size_t ana_comparison_baseline(const ana_comparison *c)
{
    return c->base;
}

size_t ana_comparison_groups(const ana_comparison *c)
{
    return c->n_groups + 1;
}

const char *ana_comparison_group(const ana_comparison *c, size_t g)
{
    return c->groups[g];
}

size_t ana_comparison_replicates(const ana_comparison *c)
{
    return c->reps;
}

const ana_paired *ana_comparison_result(const ana_comparison *c, size_t i, size_t g, size_t k)
{
    return &c->s[i].res[g][k];
}

double ana_comparison_cost(const ana_comparison *c, size_t i)
{
    return c->s[i].cost_res.value;
}

int ana_compare_print(const char *path, const char *baseline, size_t from_month, ana_format fmt,
                      FILE *out, sim_err *err)
{
    ana_comparison *c = NULL;
    int rc = ana_compare_load(path, baseline, from_month, &c, err);
    rc = rc ? rc : ana_comparison_print(c, fmt, out, err);
    ana_comparison_free(c);
    return rc;
}
