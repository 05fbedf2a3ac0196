#include "ana_report.h"

#include "ana_compare.h"
#include "ana_figures.h"
#include "ana_svg.h"
#include "ana_sweep.h"

#include "../sim/sim_h5_util.h"
#include "../sim/sim_tmp.h"

#include <errno.h>
#include <gsl/gsl_cdf.h>
#include <hdf5.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_GROUPS 8
#define NAME_LEN   256

/* ---- reading ---------------------------------------------------------------------- */

typedef struct param_row {
    char *name, *value, *unit, *source;
} param_row;

typedef struct scen {
    char name[NAME_LEN], description[2048];
    char *text;
    double scale;
    size_t reps;
    param_row *par;
    size_t n_par;
    hid_t g;
} scen;

typedef struct report {
    FILE *out;
    const char *path;
    const ana_report_options *o;
    hid_t file;
    size_t months, n_areas, n_groups;
    int64_t start_year;
    char groups[MAX_GROUPS + 1][32];
    char **area, **area_name;
    size_t n_area_name;
    scen *s;
    size_t n, base;
    char version[64], revision[64], started[64], finished[64], model[64];
    ana_comparison *cmp;
} report;

static herr_t add_scen(hid_t g, const char *name, const H5L_info_t *info, void *vr)
{
    (void)g, (void)info;
    report *r = vr;
    scen *v = realloc(r->s, (r->n + 1) * sizeof *v);
    if (!v || strlen(name) >= NAME_LEN)
        return -1;
    r->s = v;
    memset(&v[r->n], 0, sizeof v[r->n]);
    snprintf(v[r->n].name, NAME_LEN, "%s", name);
    v[r->n].g = -1;
    r->n++;
    return 0;
}

static int read_params(scen *s)
{
    hid_t d = H5Dopen2(s->g, "parameters", H5P_DEFAULT), sp = H5Dget_space(d),
          str = sim_h5_utf8_type();
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(param_row));
    H5Tinsert(t, "name", HOFFSET(param_row, name), str);
    H5Tinsert(t, "value", HOFFSET(param_row, value), str);
    H5Tinsert(t, "unit", HOFFSET(param_row, unit), str);
    H5Tinsert(t, "source", HOFFSET(param_row, source), str);
    hssize_t n = d < 0 ? 0 : H5Sget_simple_extent_npoints(sp);
    s->par = n > 0 ? calloc((size_t)n, sizeof *s->par) : NULL;
    int rc = !s->par || H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, s->par) < 0;
    s->n_par = rc ? 0 : (size_t)n;
    for (size_t i = 0; i < s->n_par; i++)
        if (s->par[i].name && strcmp(s->par[i].name, "run.scale") == 0)
            s->scale = strtod(s->par[i].value, NULL);
    H5Tclose(t);
    H5Tclose(str);
    H5Sclose(sp);
    H5Dclose(d);
    return rc || !(s->scale > 0) ? -1 : 0;
}

/* Scenario s of the file: its group, description, text, replicates (rows of
 * the replicates table) and parameters. */
static int open_scen(report *r, scen *s, sim_err *err)
{
    char path[NAME_LEN + 16];
    snprintf(path, sizeof path, "scenarios/%s", s->name);
    s->g = H5Gopen2(r->file, path, H5P_DEFAULT);
    sim_h5_get_attr_str(s->g, "description", s->description, sizeof s->description);
    s->text = sim_h5_get_text(s->g, "scenario_text");
    hsize_t n = 0, n_par = 0;
    if (s->g >= 0 && (sim_h5_extent(s->g, "replicates", 1, H5T_COMPOUND, &n, err) ||
                      sim_h5_extent(s->g, "parameters", 1, H5T_COMPOUND, &n_par, err)))
        return SIM_EINPUT;
    s->reps = (size_t)n;
    if (s->g < 0 || read_params(s) || !s->reps)
        return SIM_RAISE(err, SIM_EINPUT,
                         "%s: scenario %s is incomplete (expected its parameters, run.scale "
                         "and replicates)",
                         r->path, s->name);
    return SIM_OK;
}

static int open_run(report *r, sim_err *err)
{
    sim_h5_get_attr_str(r->file, "program_version", r->version, sizeof r->version);
    sim_h5_get_attr_str(r->file, "source_revision", r->revision, sizeof r->revision);
    sim_h5_get_attr_str(r->file, "started", r->started, sizeof r->started);
    sim_h5_get_attr_str(r->file, "finished", r->finished, sizeof r->finished);
    sim_h5_get_attr_str(r->file, "model", r->model, sizeof r->model);
    int64_t months = sim_h5_get_attr_i64(r->file, "months", -1);
    r->start_year = sim_h5_get_attr_i64(r->file, "start_year", -1);
    size_t ng = 0;
    char **g = sim_h5_get_strings(r->file, "dims/group", &ng);
    r->area = sim_h5_get_strings(r->file, "dims/area", &r->n_areas);
    r->area_name = sim_h5_get_strings(r->file, "dims/area_name", &r->n_area_name);
    for (size_t i = 0; i < ng && i < MAX_GROUPS; i++)
        snprintf(r->groups[i], sizeof r->groups[i], "%s", g[i]);
    r->n_groups = ng <= MAX_GROUPS ? ng : 0;
    snprintf(r->groups[r->n_groups], sizeof r->groups[0], "all");
    sim_h5_free_strings(g, ng);
    if (months < 1 || !r->n_groups || !r->n_areas || r->n_area_name != r->n_areas ||
        !r->finished[0])
        return SIM_RAISE(err, SIM_EINPUT,
                         "%s: not a complete results file (expected the root attributes months "
                         "and finished, and /dims, as crossings run writes them)",
                         r->path);
    r->months = (size_t)months;
    hsize_t dim_month[1] = {r->months};
    if (sim_h5_check_shape(r->file, "dims/month", H5T_INTEGER, 1, dim_month, err))
        return SIM_EINPUT;
    hid_t top = H5Gopen2(r->file, "scenarios", H5P_DEFAULT);
    herr_t rc = top < 0 ? -1 : H5Literate(top, H5_INDEX_CRT_ORDER, H5_ITER_INC, NULL, add_scen, r);
    if (top >= 0 && rc < 0) {
        r->n = 0;
        rc = H5Literate(top, H5_INDEX_NAME, H5_ITER_INC, NULL, add_scen, r);
    }
    H5Gclose(top);
    if (rc < 0 || !r->n)
        return SIM_RAISE(err, SIM_EINPUT, "%s: no scenarios (expected /scenarios/NAME groups)",
                         r->path);
    int bad = SIM_OK;
    for (size_t i = 0; !bad && i < r->n; i++)
        bad = open_scen(r, &r->s[i], err);
    return bad;
}

/* Metric name of scenario i as doubles [R][M][A][G], or NULL (err set). */
static double *metric(report *r, size_t i, const char *name, sim_err *err)
{
    scen *s = &r->s[i];
    char path[NAME_LEN + 16];
    snprintf(path, sizeof path, "metrics/%s", name);
    hsize_t dim[4] = {s->reps, r->months, r->n_areas, r->n_groups};
    if (H5Lexists(s->g, "metrics", H5P_DEFAULT) <= 0 || H5Lexists(s->g, path, H5P_DEFAULT) <= 0) {
        SIM_RAISE(err, SIM_EINPUT,
                  "%s: scenarios/%s/metrics/%s is missing (expected [%zu][%zu][%zu][%zu])", r->path,
                  s->name, name, s->reps, r->months, r->n_areas, r->n_groups);
        return NULL;
    }
    if (sim_h5_check_shape(s->g, path, H5T_FLOAT, 4, dim, err))
        return NULL;
    double *v = malloc(s->reps * r->months * r->n_areas * r->n_groups * sizeof *v);
    if (!v)
        SIM_RAISE(err, SIM_ENOMEM, "not enough memory for scenarios/%s/%s", s->name, path);
    else if (sim_h5_read_checked(s->g, path, H5T_NATIVE_DOUBLE, 4, dim, v, err)) {
        free(v);
        v = NULL;
    }
    return v;
}

/* ---- HTML pieces ---------------------------------------------------------------------- */

#define P(...) fprintf(r->out, __VA_ARGS__)

static void esc(report *r, const char *s)
{
    ana_html_text(r->out, s);
}

static void td_num(report *r, double v, int dec)
{
    if (!isfinite(v)) {
        P("<td data-value=\"NaN\">n/a</td>");
        return;
    }
    char buf[64];
    double shown = fabs(v) < 0.5 * pow(10, -dec) ? 0 : v;
    if (fabs(shown) >= 1e4 && dec == 0) { /* thousands separated */
        char raw[64];
        snprintf(raw, sizeof raw, "%.0f", fabs(shown));
        size_t n = strlen(raw), k = 0;
        if (shown < 0)
            buf[k++] = '-';
        for (size_t i = 0; i < n; i++) {
            buf[k++] = raw[i];
            if ((n - i - 1) % 3 == 0 && i + 1 < n)
                buf[k++] = ',';
        }
        buf[k] = '\0';
    } else
        snprintf(buf, sizeof buf, "%.*f", dec, shown);
    P("<td data-value=\"%.17g\">%s</td>", v, buf);
}

static void td_text(report *r, const char *s)
{
    P("<td>");
    esc(r, s);
    P("</td>");
}

static void table_begin(report *r, const char *id, const char *caption, const char *const *heads,
                        size_t n)
{
    P("<table class=\"numbers\" id=\"table-%s\">\n<caption>", id);
    esc(r, caption);
    P("</caption>\n<thead><tr>");
    for (size_t i = 0; i < n; i++) {
        P("<th scope=\"col\">");
        esc(r, heads[i]);
        P("</th>");
    }
    P("</tr></thead>\n<tbody>\n");
}

static void table_end(report *r)
{
    P("</tbody></table>\n");
}

static const char css[] =
    "body{font-family:'DejaVu Sans',Arial,sans-serif;color:#222;max-width:980px;margin:0 "
    "auto;padding:1em 1.5em;line-height:1.45}\n"
    "h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:2px solid #0072B2;padding-bottom:"
    ".2em;margin-top:2em}h3{font-size:1.05em;margin:.2em 0}\n"
    "figure.chart{margin:1.2em 0;page-break-inside:avoid;break-inside:avoid}\n"
    "figure.chart svg{max-width:100%;height:auto}\n"
    "figcaption{font-size:.9em;color:#444;margin-top:.3em}\n"
    "table.numbers{border-collapse:collapse;font-size:.85em;margin:.6em 0 1.6em}\n"
    "table.numbers caption{text-align:left;font-weight:bold;padding:.3em 0}\n"
    "table.numbers th,table.numbers td{border:1px solid #ccc;padding:.15em .5em}\n"
    "table.numbers td[data-value]{text-align:right;font-variant-numeric:tabular-nums}\n"
    "table.numbers thead th{background:#eef4f9}\n"
    ".note{background:#f6f6f0;border-left:4px solid #E69F00;padding:.6em 1em}\n"
    ".meta td,.meta th{text-align:left;padding:.1em .8em .1em 0;vertical-align:top}\n"
    "pre{background:#f7f7f7;border:1px solid #ddd;padding:.6em;font-size:.8em;white-space:"
    "pre-wrap;word-break:break-word}\n"
    ".wide{overflow-x:auto;max-width:100%}\n"
    "@media print{body{max-width:none;font-size:10pt}h2{page-break-before:auto;"
    "page-break-after:avoid}table.numbers{page-break-inside:auto}tr{page-break-inside:avoid}"
    "a{color:inherit;text-decoration:none}.wide{overflow:visible}}\n";

static void head(report *r, const char *title)
{
    P("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    esc(r, title);
    P("</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
}

static void meta_row(report *r, const char *k, const char *v)
{
    P("<tr><th scope=\"row\">");
    esc(r, k);
    P("</th><td>");
    esc(r, v);
    P("</td></tr>\n");
}

/* ---- statistics across replicates ----------------------------------------------------- */

/* Mean of x[0..n-1] and its 95% Student t interval. */
static void mean_ci(const double *x, size_t n, double *mean, double *lo, double *hi)
{
    double m = 0, q = 0;
    for (size_t i = 0; i < n; i++)
        m += x[i];
    m /= (double)n;
    for (size_t i = 0; i < n; i++)
        q += (x[i] - m) * (x[i] - m);
    *mean = m;
    if (n < 2) {
        *lo = *hi = NAN;
        return;
    }
    double half =
        gsl_cdf_tdist_Pinv(0.975, (double)(n - 1)) * sqrt(q / (double)(n - 1)) / sqrt((double)n);
    *lo = m - half;
    *hi = m + half;
}

/* Years of the run: bins of 12 months (a run shorter than a year is one bin,
 * annualised). */
static size_t n_years(const report *r)
{
    return r->months >= 12 ? r->months / 12 : 1;
}

static double year_factor(const report *r)
{
    return r->months >= 12 ? 1.0 : 12.0 / (double)r->months;
}

/* Per replicate, year and group (then all): the metric's yearly sum over
 * areas in the real population. out: [R][Y][G+1]. */
static void yearly(const report *r, const scen *s, const double *m, double *out)
{
    size_t Y = n_years(r), G = r->n_groups;
    memset(out, 0, s->reps * Y * (G + 1) * sizeof *out);
    for (size_t rep = 0; rep < s->reps; rep++)
        for (size_t mo = 0; mo < Y * (r->months >= 12 ? 12 : r->months); mo++)
            for (size_t a = 0; a < r->n_areas; a++)
                for (size_t g = 0; g < G; g++) {
                    double x = m[((rep * r->months + mo) * r->n_areas + a) * G + g] / s->scale *
                               year_factor(r);
                    size_t y = r->months >= 12 ? mo / 12 : 0;
                    out[(rep * Y + y) * (G + 1) + g] += x;
                    out[(rep * Y + y) * (G + 1) + G] += x;
                }
}

/* ---- run report: sections ------------------------------------------------------------------ */

static const char *glabel(const report *r, size_t g)
{
    return g == r->n_groups ? "all persons" : r->groups[g];
}

/* Scenario i's metric a year, by group then all persons: for each the mean
 * over replicates and its 95% interval, cut at zero (a count).
 * stat: [G + 1][years][3] (mean, low, high). */
static int yearly_stats(report *r, size_t i, const char *name, double *stat, sim_err *err)
{
    scen *s = &r->s[i];
    size_t Y = n_years(r), G = r->n_groups, R = s->reps;
    double *m = metric(r, i, name, err);
    double *yr = m ? malloc(R * Y * (G + 1) * sizeof *yr) : NULL;
    double *col = yr ? malloc(R * sizeof *col) : NULL;
    if (!col) {
        free(m), free(yr);
        return err->code ? err->code : SIM_RAISE(err, SIM_ENOMEM, "out of memory");
    }
    yearly(r, s, m, yr);
    for (size_t g = 0; g <= G; g++)
        for (size_t y = 0; y < Y; y++) {
            for (size_t rep = 0; rep < R; rep++)
                col[rep] = yr[(rep * Y + y) * (G + 1) + g];
            double *st = stat + (g * Y + y) * 3;
            mean_ci(col, R, &st[0], &st[1], &st[2]);
            st[1] = st[1] < 0 ? 0 : st[1];
        }
    free(m), free(yr), free(col);
    return SIM_OK;
}

/* One chart of true or detected trafficking by group (stat as yearly_stats). */
static void time_chart(report *r, int detected, const double *stat, const double *x)
{
    size_t Y = n_years(r), G = r->n_groups;
    ana_line lines[MAX_GROUPS];
    double *y = malloc(3 * G * Y * sizeof *y); /* mean, low, high of each group */
    if (!y)
        return;
    for (size_t g = 0; g < G; g++) {
        for (size_t i = 0; i < Y; i++)
            for (size_t c = 0; c < 3; c++)
                y[(c * G + g) * Y + i] = stat[(g * Y + i) * 3 + c];
        lines[g] = (ana_line){glabel(r, g),        Y,      x,     y + g * Y, y + (G + g) * Y,
                              y + (2 * G + g) * Y, (int)g, (int)g};
    }
    char desc[512];
    snprintf(desc, sizeof desc,
             "Line chart of %s trafficking episodes a year from %lld to %lld for each reporting "
             "group, with 95%% intervals across replicates; the table below has every value.",
             detected ? "detected (identified)" : "true", (long long)r->start_year,
             (long long)(r->start_year + (int64_t)Y - 1));
    ana_chart c = {detected ? "detected" : "true",
                   detected ? "Detected trafficking a year (identified victims)"
                            : "True trafficking a year (every episode)",
                   desc,
                   detected ? "Identified victims by the year of identification."
                            : "New episodes by the year they begin; re-trafficking included.",
                   "year",
                   "episodes a year"};
    ana_svg_lines(r->out, &c, lines, G, 0);
    free(y);
}

static void time_tables(report *r, const double *tr, const double *id)
{
    size_t Y = n_years(r), G = r->n_groups;
    const char *heads[] = {
        "year",          "group",           "true (mean)",      "true 95% low",
        "true 95% high", "detected (mean)", "detected 95% low", "detected 95% high"};
    table_begin(r, "true", "Trafficking a year by group: true and detected (mean of replicates)",
                heads, 8);
    for (size_t y = 0; y < Y; y++)
        for (size_t g = 0; g <= G; g++) {
            P("<tr><td>%lld</td>", (long long)(r->start_year + (int64_t)y));
            td_text(r, glabel(r, g));
            for (size_t c = 0; c < 6; c++)
                td_num(r, (c < 3 ? tr : id)[(g * Y + y) * 3 + c % 3], 0);
            P("</tr>\n");
        }
    table_end(r);
    P("<table class=\"numbers\" id=\"table-detected\"><caption>Detected share of true "
      "trafficking, all years (the yearly values are in the table above)</caption><thead><tr>"
      "<th>group</th><th>detected / true</th></tr></thead><tbody>\n");
    for (size_t g = 0; g <= G; g++) {
        double t = 0, d = 0;
        for (size_t y = 0; y < Y; y++)
            t += tr[(g * Y + y) * 3], d += id[(g * Y + y) * 3];
        P("<tr>");
        td_text(r, glabel(r, g));
        td_num(r, ana_ratio(d, t, 1), 3);
        P("</tr>\n");
    }
    table_end(r);
}

static int section_time(report *r, sim_err *err)
{
    size_t Y = n_years(r), G = r->n_groups;
    double *tr = malloc(2 * (G + 1) * Y * 3 * sizeof *tr), *x = malloc(Y * sizeof *x);
    if (!tr || !x) {
        free(tr), free(x);
        return SIM_RAISE(err, SIM_ENOMEM, "out of memory for the report");
    }
    double *id = tr + (G + 1) * Y * 3;
    int rc = yearly_stats(r, r->base, "trafficked_new", tr, err);
    rc = rc ? rc : yearly_stats(r, r->base, "identified", id, err);
    for (size_t y = 0; y < Y; y++)
        x[y] = (double)(r->start_year + (int64_t)y);
    if (!rc) {
        P("<h2 id=\"over-time\">Trafficking over time</h2>\n<p>Scenario <strong>");
        esc(r, r->s[r->base].name);
        P("</strong>: new trafficking episodes a year in the real population, by reporting "
          "group. Lines are the mean of %zu replicates; the shaded band is the 95%% interval of "
          "that mean (Student t), cut at zero. <em>True</em> counts every episode the model "
          "simulates; <em>detected</em> counts the victims identified as such, a small share of "
          "the true number.</p>\n",
          r->s[r->base].reps);
        time_chart(r, 0, tr, x);
        time_chart(r, 1, id, x);
        time_tables(r, tr, id);
    }
    free(tr), free(x);
    return rc;
}

/* True trafficking a year, all persons, for every scenario. */
static int section_scenarios_time(report *r, sim_err *err)
{
    if (r->n < 2)
        return SIM_OK;
    size_t Y = n_years(r), G = r->n_groups;
    ana_line *lines = calloc(r->n, sizeof *lines);
    double *x = malloc(Y * sizeof *x), *st = malloc(r->n * 3 * Y * sizeof *st);
    double *one = malloc((G + 1) * Y * 3 * sizeof *one);
    int rc = lines && x && st && one ? SIM_OK : SIM_RAISE(err, SIM_ENOMEM, "out of memory");
    for (size_t y = 0; y < Y && !rc; y++)
        x[y] = (double)(r->start_year + (int64_t)y);
    for (size_t i = 0; !rc && i < r->n; i++) {
        if ((rc = yearly_stats(r, i, "trafficked_new", one, err)))
            break;
        for (size_t y = 0; y < Y; y++) /* all persons: row G */
            for (size_t c = 0; c < 3; c++)
                st[(i * 3 + c) * Y + y] = one[(G * Y + y) * 3 + c];
        lines[i] =
            (ana_line){r->s[i].name,         Y,      x,     st + i * 3 * Y, st + (i * 3 + 1) * Y,
                       st + (i * 3 + 2) * Y, (int)i, (int)i};
    }
    if (!rc) {
        ana_chart c = {"scenarios-time",
                       "True trafficking a year, all persons, by scenario",
                       "Line chart of true trafficking episodes a year, all persons, for each "
                       "scenario, with 95% intervals across replicates; the table below has "
                       "every value.",
                       "Scenarios share their random numbers, so their lines differ by the "
                       "policies' effects; they run the same history until a policy starts.",
                       "year",
                       "episodes a year"};
        ana_svg_lines(r->out, &c, lines, r->n, 0);
        const char *heads[] = {"scenario", "year", "mean", "95% low", "95% high"};
        table_begin(r, "scenarios-time", "True trafficking a year, all persons", heads, 5);
        for (size_t i = 0; i < r->n; i++)
            for (size_t y = 0; y < Y; y++) {
                P("<tr>");
                td_text(r, r->s[i].name);
                P("<td>%lld</td>", (long long)(r->start_year + (int64_t)y));
                for (size_t q = 0; q < 3; q++)
                    td_num(r, st[(i * 3 + q) * Y + y], 0);
                P("</tr>\n");
            }
        table_end(r);
    }
    free(lines), free(x), free(st), free(one);
    return rc;
}

static const size_t effect_fig[] = {ANA_FIG_INCIDENCE, ANA_FIG_RETRAFFICKING, ANA_FIG_MIGRATIONS};
static const char *const effect_what[] = {"trafficking incidence", "re-trafficking rate",
                                          "migrations a year"};
static const char *const effect_id[] = {"effect-incidence", "effect-retrafficking",
                                        "effect-migrations"};

/* The table of effect f: compare's numbers for every scenario and group. */
static void effect_table(report *r, size_t f)
{
    ana_comparison *c = r->cmp;
    size_t n = ana_comparison_scenarios(c), b = ana_comparison_baseline(c),
           G = ana_comparison_groups(c);
    const char *heads[] = {"scenario", "group",    "baseline", "value", "difference",
                           "95% low",  "95% high", "% change", "n"};
    char cap[160];
    snprintf(cap, sizeof cap, "Effect on %s, paired by replicate", effect_what[f]);
    table_begin(r, effect_id[f], cap, heads, 9);
    int dec = effect_fig[f] == ANA_FIG_INCIDENCE ? 2 : effect_fig[f] == ANA_FIG_MIGRATIONS ? 0 : 4;
    for (size_t i = 0; i < n; i++)
        for (size_t g = 0; i != b && g < G; g++) {
            const ana_paired *p = ana_comparison_result(c, i, g, effect_fig[f]);
            P("<tr>");
            td_text(r, ana_comparison_name(c, i));
            td_text(r, ana_comparison_group(c, g));
            double v[] = {p->base_mean, p->mean, p->diff, p->ci_low, p->ci_high};
            for (size_t q = 0; q < 5; q++)
                td_num(r, v[q], dec);
            td_num(r, p->pct, 1);
            P("<td data-value=\"%zu\">%zu</td></tr>\n", p->n, p->n);
        }
    table_end(r);
}

/* The forest plot of effect f (rows and labels: room for every scenario
 * but the baseline, times the groups). */
static void effect_chart(report *r, size_t f, ana_forest_row *rows, char (*labels)[160])
{
    ana_comparison *c = r->cmp;
    size_t n = ana_comparison_scenarios(c), b = ana_comparison_baseline(c),
           G = ana_comparison_groups(c), k = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t g = 0; i != b && g < G; g++, k++) {
            const ana_paired *p = ana_comparison_result(c, i, g, effect_fig[f]);
            double base = p->base_mean;
            snprintf(labels[k], sizeof labels[k], "%s: %s", ana_comparison_name(c, i),
                     ana_comparison_group(c, g));
            rows[k] = (ana_forest_row){labels[k], ana_ratio(p->diff, base, 100),
                                       ana_ratio(p->ci_low, base, 100),
                                       ana_ratio(p->ci_high, base, 100), (int)(i % 7)};
        }
    char title[128], desc[512];
    snprintf(title, sizeof title, "Effect on %s (%% change against the baseline)", effect_what[f]);
    snprintf(desc, sizeof desc,
             "Forest plot: for each scenario and group, the percent change in %s against the "
             "baseline with its 95%% interval; the table below has every value.",
             effect_what[f]);
    ana_chart ch = {effect_id[f],
                    title,
                    desc,
                    "Squares: mean paired difference as % of the baseline; lines: 95% "
                    "intervals; n/a where the baseline's value is zero.",
                    "% change against the baseline",
                    NULL};
    ana_svg_forest(r->out, &ch, rows, k);
}

/* Effects against the baseline: the numbers of crossings compare. */
static int section_effects(report *r, sim_err *err)
{
    int rc = ana_compare_load(r->path, r->o->baseline, 0, &r->cmp, err);
    if (rc)
        return rc;
    ana_comparison *c = r->cmp;
    size_t n = ana_comparison_scenarios(c), b = ana_comparison_baseline(c),
           G = ana_comparison_groups(c);
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->s[i].name, ana_comparison_name(c, b)) == 0)
            r->base = i;
    P("<h2 id=\"effects\">Effects of each scenario against the baseline</h2>\n");
    if (n < 2) {
        P("<p>This file holds one scenario, <strong>");
        esc(r, ana_comparison_name(c, b));
        P("</strong>: there is nothing to compare it with. Run several scenarios together "
          "(<code>crossings run baseline.yaml policy.yaml</code>) to see their effects.</p>\n");
        return SIM_OK;
    }
    P("<p>Baseline: <strong>");
    esc(r, ana_comparison_name(c, b));
    P("</strong>. Each scenario is compared with it replicate by replicate (%zu pairs sharing "
      "their random numbers), over the whole run. A square is the mean paired difference as a "
      "percentage of the baseline; the line is its 95%% interval (Student t). An interval that "
      "crosses the dashed zero line is no clear difference. These are the numbers of "
      "<code>crossings compare</code>.</p>\n",
      ana_comparison_replicates(c));
    ana_forest_row *rows = calloc((n - 1) * G, sizeof *rows);
    char(*labels)[160] = calloc((n - 1) * G, sizeof *labels);
    if (!rows || !labels) {
        free(rows), free(labels);
        return SIM_RAISE(err, SIM_ENOMEM, "out of memory");
    }
    for (size_t f = 0; f < 3; f++) {
        effect_chart(r, f, rows, labels);
        effect_table(r, f);
    }
    free(rows), free(labels);
    return SIM_OK;
}

/* Sums over replicates' mean, months and areas, by group (then all), a year
 * in the real population: out[G+1] for each metric name. */
static int per_year(report *r, size_t i, const char *name, double *out, sim_err *err)
{
    scen *s = &r->s[i];
    double *m = metric(r, i, name, err);
    if (!m)
        return SIM_EINPUT;
    size_t G = r->n_groups, cells = s->reps * r->months * r->n_areas;
    for (size_t g = 0; g <= G; g++)
        out[g] = 0;
    for (size_t c = 0; c < cells; c++)
        for (size_t g = 0; g < G; g++) {
            double x = m[c * G + g] / s->scale / (double)s->reps / ((double)r->months / 12);
            out[g] += x;
            out[G] += x;
        }
    free(m);
    return SIM_OK;
}

static int section_funnel(report *r, sim_err *err)
{
    static const char *const stage[] = {"migrated", "deceived or exploited at placement",
                                        "trafficked", "identified and sheltered",
                                        "trafficked again"};
    size_t G = r->n_groups, S = 5;
    double v[5][MAX_GROUPS + 1], tmp[4][MAX_GROUPS + 1];
    int rc = per_year(r, r->base, "migrations", v[0], err);
    rc = rc ? rc : per_year(r, r->base, "placed_exploited", tmp[0], err);
    rc = rc ? rc : per_year(r, r->base, "trafficked_new", v[2], err);
    rc = rc ? rc : per_year(r, r->base, "coerced", tmp[1], err);
    rc = rc ? rc : per_year(r, r->base, "identified", v[3], err);
    rc = rc ? rc : per_year(r, r->base, "retrafficked", v[4], err);
    if (rc)
        return rc;
    for (size_t g = 0; g <= G; g++)
        v[1][g] = tmp[0][g] + v[2][g] - tmp[1][g];
    double *bars = malloc(S * G * sizeof *bars);
    if (!bars)
        return SIM_RAISE(err, SIM_ENOMEM, "out of memory");
    for (size_t st = 0; st < S; st++)
        for (size_t g = 0; g < G; g++)
            bars[st * G + g] = v[st][g];
    const char *series[MAX_GROUPS];
    for (size_t g = 0; g < G; g++)
        series[g] = r->groups[g];
    P("<h2 id=\"pathway\">The pathway, by group</h2>\n<p>Scenario <strong>");
    esc(r, r->s[r->base].name);
    P("</strong>, a year on average over the run, in the real population. Each stage is a "
      "subset of the one before in the sense of the model: of those who migrate, some are "
      "deceived or exploited at placement (or trafficked outright), some are trafficked, a few "
      "are identified (every identified victim is offered a shelter in the model), and some "
      "victims are trafficked again after they come home.</p>\n");
    ana_bars b = {S, G, stage, series, bars, 0};
    ana_chart c = {"funnel",
                   "From migration to re-trafficking, a year",
                   "Grouped bar chart: for each stage of the pathway (migrated, deceived or "
                   "exploited, trafficked, identified, trafficked again), persons a year for "
                   "women, men, girls and boys; the table below has every value.",
                   "Persons a year (mean of replicates). Trafficked includes forced labour that "
                   "began after a decent or exploitative placement.",
                   "persons a year",
                   NULL};
    ana_svg_bars(r->out, &c, &b);
    const char *heads[MAX_GROUPS + 2];
    heads[0] = "stage";
    for (size_t g = 0; g <= G; g++)
        heads[g + 1] = glabel(r, g);
    table_begin(r, "funnel", "The pathway: persons a year by group", heads, G + 2);
    for (size_t st = 0; st < S; st++) {
        P("<tr>");
        td_text(r, stage[st]);
        for (size_t g = 0; g <= G; g++)
            td_num(r, v[st][g], 0);
        P("</tr>\n");
    }
    table_end(r);
    free(bars);
    return SIM_OK;
}

static int composition(report *r, const char *id, const char *title, const char *what,
                       const char *const *metrics, const char *const *labels, size_t n,
                       sim_err *err)
{
    size_t G = r->n_groups;
    double *v = malloc(n * (G + 1) * sizeof *v), *bars = malloc(G * n * sizeof *bars);
    int rc = v && bars ? SIM_OK : SIM_RAISE(err, SIM_ENOMEM, "out of memory");
    for (size_t k = 0; !rc && k < n; k++)
        rc = per_year(r, r->base, metrics[k], v + k * (G + 1), err);
    if (!rc) {
        for (size_t g = 0; g < G; g++)
            for (size_t k = 0; k < n; k++)
                bars[g * n + k] = v[k * (G + 1) + g];
        const char *rows[MAX_GROUPS];
        for (size_t g = 0; g < G; g++)
            rows[g] = r->groups[g];
        char desc[512];
        snprintf(desc, sizeof desc,
                 "Stacked bar chart: trafficking episodes a year for each group, split by %s; "
                 "the table below has every value.",
                 what);
        ana_bars b = {G, n, rows, labels, bars, 1};
        ana_chart c = {id,  title, desc, "Episodes a year, mean of replicates.", "episodes a year",
                       NULL};
        ana_svg_bars(r->out, &c, &b);
        const char *heads[MAX_GROUPS + 2];
        heads[0] = what;
        for (size_t g = 0; g <= G; g++)
            heads[g + 1] = glabel(r, g);
        table_begin(r, id, title, heads, G + 2);
        for (size_t k = 0; k < n; k++) {
            P("<tr>");
            td_text(r, labels[k]);
            for (size_t g = 0; g <= G; g++)
                td_num(r, v[k * (G + 1) + g], 0);
            P("</tr>\n");
        }
        table_end(r);
    }
    free(v), free(bars);
    return rc;
}

static int section_composition(report *r, sim_err *err)
{
    static const char *const sector_m[] = {
        "trafficked_fishing",     "trafficked_construction", "trafficked_manufacturing",
        "trafficked_agriculture", "trafficked_domestic",     "trafficked_sex",
        "trafficked_hospitality", "trafficked_begging",      "trafficked_marriage"};
    static const char *const sector_l[] = {"fishing",     "construction",  "manufacturing",
                                           "agriculture", "domestic work", "sex industry",
                                           "hospitality", "begging",       "forced marriage"};
    static const char *const channel_m[] = {"trafficked_regular", "trafficked_broker",
                                            "trafficked_kin", "trafficked_online",
                                            "trafficked_alone"};
    static const char *const channel_l[] = {"regular (MoU) channel", "informal broker",
                                            "acquaintance or relative", "online recruiter",
                                            "alone"};
    P("<h2 id=\"composition\">Who is trafficked into what, and through whom</h2>\n<p>Scenario "
      "<strong>");
    esc(r, r->s[r->base].name);
    P("</strong>: true trafficking episodes a year by the sector of exploitation and by the "
      "channel of migration.</p>\n");
    int rc =
        composition(r, "sector", "Trafficking by sector", "sector", sector_m, sector_l, 9, err);
    return rc ? rc
              : composition(r, "channel", "Trafficking by channel of migration", "channel",
                            channel_m, channel_l, 5, err);
}

typedef struct area_row {
    size_t a;
    double dep, traf;
} area_row;

static int by_traf(const void *x, const void *y)
{
    double a = ((const area_row *)x)->traf, b = ((const area_row *)y)->traf;
    return (a < b) - (a > b);
}

/* Each area's departures per 1,000 and trafficking per 100,000 a year,
 * all persons, highest trafficking first. */
static int area_rates(report *r, area_row *rows, sim_err *err)
{
    scen *s = &r->s[r->base];
    size_t A = r->n_areas, G = r->n_groups;
    double *pop = metric(r, r->base, "population", err);
    double *dep = pop ? metric(r, r->base, "departures", err) : NULL;
    double *tr = dep ? metric(r, r->base, "trafficked_new", err) : NULL;
    if (!tr) {
        free(pop), free(dep);
        return err->code;
    }
    for (size_t a = 0; a < A; a++) {
        double p = 0, d = 0, t = 0;
        for (size_t rep = 0; rep < s->reps; rep++)
            for (size_t mo = 0; mo < r->months; mo++)
                for (size_t g = 0; g < G; g++) {
                    size_t at = ((rep * r->months + mo) * A + a) * G + g;
                    p += pop[at], d += dep[at], t += tr[at];
                }
        double years = (double)r->months / 12, mean_pop = p / (double)r->months;
        rows[a] = (area_row){a, ana_ratio(d, mean_pop, 1000 / years),
                             ana_ratio(t, mean_pop, 1e5 / years)};
    }
    qsort(rows, A, sizeof *rows, by_traf);
    free(pop), free(dep), free(tr);
    return SIM_OK;
}

static void areas_print(report *r, const area_row *rows, const char **labels, char (*lab)[160],
                        double *v1, double *v2)
{
    size_t A = r->n_areas;
    for (size_t i = 0; i < A; i++) {
        snprintf(lab[i], sizeof lab[i], "%s %s", r->area[rows[i].a], r->area_name[rows[i].a]);
        labels[i] = lab[i];
        v1[i] = rows[i].traf;
        v2[i] = rows[i].dep;
    }
    P("<h2 id=\"areas\">Origin areas</h2>\n<p>Scenario <strong>");
    esc(r, r->s[r->base].name);
    P("</strong>, all persons, mean over replicates and years: trafficking per 100,000 "
      "residents a year and decisions to leave per 1,000 residents a year, by origin area, "
      "highest trafficking first.</p>\n");
    const char *one[] = {"trafficking per 100,000 a year"};
    const char *two[] = {"departures per 1,000 a year"};
    ana_bars b1 = {A, 1, labels, one, v1, 0}, b2 = {A, 1, labels, two, v2, 0};
    ana_chart c1 = {"areas-trafficking",
                    "Trafficking by origin area",
                    "Bar chart: trafficking episodes per 100,000 residents a year in each origin "
                    "area, highest first; the table below has every value.",
                    "Per 100,000 residents a year.",
                    "per 100,000 a year",
                    NULL};
    ana_chart c2 = {"areas-departures",
                    "Departures by origin area",
                    "Bar chart: decisions to leave per 1,000 residents a year in each origin "
                    "area, in the order of the trafficking chart; the table below has every "
                    "value.",
                    "Per 1,000 residents a year (decisions to leave, before any recruiter).",
                    "per 1,000 a year",
                    NULL};
    ana_svg_bars(r->out, &c1, &b1);
    ana_svg_bars(r->out, &c2, &b2);
    const char *heads[] = {"area", "name", "trafficking per 100,000 a year",
                           "departures per 1,000 a year"};
    table_begin(r, "areas", "Origin areas: the numbers of both charts", heads, 4);
    for (size_t i = 0; i < A; i++) {
        P("<tr>");
        td_text(r, r->area[rows[i].a]);
        td_text(r, r->area_name[rows[i].a]);
        td_num(r, rows[i].traf, 1);
        td_num(r, rows[i].dep, 2);
        P("</tr>\n");
    }
    table_end(r);
}

static int section_areas(report *r, sim_err *err)
{
    size_t A = r->n_areas;
    area_row *rows = calloc(A, sizeof *rows);
    const char **labels = malloc(A * sizeof *labels);
    char(*lab)[160] = calloc(A, sizeof *lab);
    double *v1 = malloc(A * sizeof *v1), *v2 = malloc(A * sizeof *v2);
    int rc = rows && labels && lab && v1 && v2 ? area_rates(r, rows, err)
                                               : SIM_RAISE(err, SIM_ENOMEM, "out of memory");
    if (!rc)
        areas_print(r, rows, labels, lab, v1, v2);
    free(labels), free(lab), free(v1), free(v2), free(rows);
    return rc;
}

/* ---- time to re-trafficking (Kaplan-Meier) ------------------------------------------------ */

typedef struct ep {
    int32_t replicate, person, group, start, end, exit;
} ep;

/* The episode table of scenario s: n rows (sorted by replicate, person, start). */
static int read_episodes(report *r, const scen *s, ep **out, size_t *n_out, sim_err *err)
{
    *out = NULL;
    *n_out = 0;
    if (H5Lexists(s->g, "episodes", H5P_DEFAULT) <= 0)
        return SIM_RAISE(err, SIM_EINPUT, "%s: scenarios/%s/episodes is missing", r->path, s->name);
    hsize_t rows = 0;
    int rc = sim_h5_extent(s->g, "episodes", 1, H5T_COMPOUND, &rows, err);
    if (rc)
        return rc;
    hid_t d = H5Dopen2(s->g, "episodes", H5P_DEFAULT), sp = H5Dget_space(d);
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(ep));
    H5Tinsert(t, "replicate", HOFFSET(ep, replicate), H5T_NATIVE_INT32);
    H5Tinsert(t, "person", HOFFSET(ep, person), H5T_NATIVE_INT32);
    H5Tinsert(t, "group", HOFFSET(ep, group), H5T_NATIVE_INT32);
    H5Tinsert(t, "start_month", HOFFSET(ep, start), H5T_NATIVE_INT32);
    H5Tinsert(t, "end_month", HOFFSET(ep, end), H5T_NATIVE_INT32);
    H5Tinsert(t, "exit", HOFFSET(ep, exit), H5T_NATIVE_INT32);
    hssize_t n = H5Sget_simple_extent_npoints(sp);
    ep *e = n > 0 ? malloc((size_t)n * sizeof *e) : NULL;
    int bad = n < 0 || (n > 0 && (!e || H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, e) < 0));
    H5Tclose(t);
    H5Sclose(sp);
    H5Dclose(d);
    if (bad) {
        free(e);
        return SIM_RAISE(err, SIM_EINPUT, "%s: scenarios/%s/episodes is not readable", r->path,
                         s->name);
    }
    *out = e;
    *n_out = n > 0 ? (size_t)n : 0;
    return SIM_OK;
}

/* Kaplan-Meier: for each group then all persons, at[t] those at risk and
 * ev[t] those re-trafficked t months after their episode ended; then S[t]. */
typedef struct km {
    double *at, *ev, *S, *x;
    size_t subjects, events;
} km;

static void km_count(const report *r, const ep *e, size_t n, km *k)
{
    size_t G = r->n_groups, T = r->months;
    for (size_t i = 0; i < n; i++) {
        if (e[i].end < 0 || e[i].exit == 8 || e[i].group < 0 || (size_t)e[i].group >= G)
            continue; /* still open, or died */
        int next =
            i + 1 < n && e[i + 1].replicate == e[i].replicate && e[i + 1].person == e[i].person;
        int64_t dt = next ? (int64_t)e[i + 1].start - e[i].end : (int64_t)T - 1 - e[i].end;
        dt = dt < 0 ? 0 : dt > (int64_t)T ? (int64_t)T : dt;
        k->subjects++;
        k->events += (size_t)next;
        size_t both[2] = {(size_t)e[i].group, G}; /* its group, and all persons */
        for (size_t q = 0; q < 2; q++) {
            for (int64_t t = 0; t <= dt; t++)
                k->at[both[q] * (T + 1) + (size_t)t] += 1;
            if (next)
                k->ev[both[q] * (T + 1) + (size_t)dt] += 1;
        }
    }
    for (size_t t = 0; t <= T; t++)
        k->x[t] = (double)t;
    for (size_t g = 0; g <= G; g++) {
        double surv = 1;
        for (size_t t = 0; t <= T; t++) {
            double risk = k->at[g * (T + 1) + t];
            if (risk > 0)
                surv *= 1 - k->ev[g * (T + 1) + t] / risk;
            k->S[g * (T + 1) + t] = risk > 0 ? surv : NAN;
        }
    }
}

static void survival_print(report *r, const km *k)
{
    size_t G = r->n_groups, T = r->months;
    const scen *s = &r->s[r->base];
    P("<h2 id=\"retrafficking\">Time to re-trafficking</h2>\n<p>Scenario <strong>");
    esc(r, s->name);
    P("</strong>: of the trafficking episodes that ended (by escape, release, identification "
      "or deportation) in %zu replicates, the share whose victim has not been trafficked again, "
      "by months since the episode ended (Kaplan-Meier; a victim still free at the end of the "
      "run is censored there). %zu episode%s ended; %zu %s followed by another.</p>\n",
      s->reps, k->subjects, k->subjects == 1 ? "" : "s", k->events,
      k->events == 1 ? "was" : "were");
    ana_line lines[MAX_GROUPS + 1];
    for (size_t g = 0; g <= G; g++)
        lines[g] = (ana_line){glabel(r, g), T + 1, k->x,   k->S + g * (T + 1),
                              NULL,         NULL,  (int)g, (int)(g % 4)};
    ana_chart c = {"survival",
                   "Not yet trafficked again, by months since the episode ended",
                   "Step chart (Kaplan-Meier) of the share of victims not yet re-trafficked "
                   "against months since their episode ended, for each group and all persons; "
                   "the table below has values every 6 months.",
                   "Share not yet trafficked again; the curve stops where no one is left at "
                   "risk.",
                   "months since the episode ended",
                   "share not re-trafficked"};
    ana_svg_lines(r->out, &c, lines, G + 1, 1);
    const char *heads[MAX_GROUPS + 3];
    heads[0] = "months since the end";
    for (size_t g = 0; g <= G; g++)
        heads[g + 1] = glabel(r, g);
    heads[G + 2] = "at risk (all)";
    table_begin(r, "survival", "Share not yet trafficked again", heads, G + 3);
    for (size_t t = 0; t <= T; t += 6) {
        P("<tr><td>%zu</td>", t);
        for (size_t g = 0; g <= G; g++)
            td_num(r, k->S[g * (T + 1) + t], 3);
        td_num(r, k->at[G * (T + 1) + t], 0);
        P("</tr>\n");
    }
    table_end(r);
}

static int section_survival(report *r, sim_err *err)
{
    ep *e = NULL;
    size_t n = 0, cells = (r->n_groups + 1) * (r->months + 1);
    int rc = read_episodes(r, &r->s[r->base], &e, &n, err);
    if (rc)
        return rc;
    km k = {calloc(cells, sizeof(double)),
            calloc(cells, sizeof(double)),
            malloc(cells * sizeof(double)),
            malloc((r->months + 1) * sizeof(double)),
            0,
            0};
    if (k.at && k.ev && k.S && k.x) {
        km_count(r, e, n, &k);
        survival_print(r, &k);
    } else
        rc = SIM_RAISE(err, SIM_ENOMEM, "out of memory");
    free(e), free(k.at), free(k.ev), free(k.S), free(k.x);
    return rc;
}

/* ---- appendix -------------------------------------------------------------------------------- */

static const char *param_value(const scen *s, const char *name)
{
    for (size_t i = 0; i < s->n_par; i++)
        if (s->par[i].name && strcmp(s->par[i].name, name) == 0)
            return s->par[i].value ? s->par[i].value : "";
    return NULL;
}

static void appendix_scenarios(report *r)
{
    P("<h2 id=\"appendix\">Appendix: scenarios, replicates and parameters</h2>\n");
    const char *heads[] = {"scenario", "replicates", "scale (share of the real population)",
                           "description"};
    table_begin(r, "replicates", "Scenarios and replicates", heads, 4);
    for (size_t i = 0; i < r->n; i++) {
        P("<tr>");
        td_text(r, r->s[i].name);
        td_num(r, (double)r->s[i].reps, 0);
        td_num(r, r->s[i].scale, 4);
        td_text(r, r->s[i].description);
        P("</tr>\n");
    }
    table_end(r);
    for (size_t i = 0; i < r->n; i++) {
        P("<h3>Scenario file: ");
        esc(r, r->s[i].name);
        P("</h3>\n<pre>");
        esc(r, r->s[i].text ? r->s[i].text : "(not recorded)");
        P("</pre>\n");
    }
}

/* For each scenario but the baseline, the parameters it changes. */
static void appendix_changes(report *r)
{
    const scen *b = &r->s[r->base];
    for (size_t i = 0; i < r->n; i++) {
        if (i == r->base)
            continue;
        P("<h3>Parameters of ");
        esc(r, r->s[i].name);
        P(" that differ from ");
        esc(r, b->name);
        P("</h3>\n<ul>\n");
        size_t shown = 0;
        for (size_t k = 0; k < r->s[i].n_par; k++) {
            const param_row *p = &r->s[i].par[k];
            const char *bv = p->name ? param_value(b, p->name) : NULL;
            if (!p->name || (bv && p->value && strcmp(bv, p->value) == 0))
                continue;
            P("<li><code>");
            esc(r, p->name);
            P("</code>: ");
            esc(r, p->value ? p->value : "");
            P(" (baseline: ");
            esc(r, bv ? bv : "none");
            P(")</li>\n");
            shown++;
        }
        if (!shown)
            P("<li>none</li>\n");
        P("</ul>\n");
    }
}

/* Every parameter of the baseline, with its source. */
static void appendix_parameters(report *r)
{
    const scen *b = &r->s[r->base];
    P("<h3>Every parameter of ");
    esc(r, b->name);
    P(", with its source</h3>\n<p>Sources are citation keys of the project's evidence "
      "(EVIDENCE.md), FIELD:section for a finding of the field report, <em>assumption</em> where "
      "no evidence gives the size, and <em>scenario</em> for what the scenario chooses.</p>\n");
    P("<table class=\"numbers params\" id=\"table-parameters\"><caption>Resolved "
      "parameters</caption><thead><tr><th>parameter</th><th>value</th><th>unit</th>"
      "<th>source</th></tr></thead><tbody>\n");
    for (size_t k = 0; k < b->n_par; k++) {
        const param_row *p = &b->par[k];
        char *end = NULL;
        double v = p->value ? strtod(p->value, &end) : NAN;
        P("<tr>");
        td_text(r, p->name ? p->name : "");
        if (p->value && end && !*end && end != p->value)
            P("<td data-value=\"%.17g\">", v), esc(r, p->value), P("</td>");
        else
            td_text(r, p->value ? p->value : "");
        td_text(r, p->unit ? p->unit : "");
        td_text(r, p->source ? p->source : "");
        P("</tr>\n");
    }
    table_end(r);
}

static void appendix(report *r)
{
    appendix_scenarios(r);
    appendix_changes(r);
    appendix_parameters(r);
}

static const char note_true_detected[] =
    "<div class=\"note\"><p><strong>True and detected.</strong> The model knows every person "
    "it simulates, so it counts every trafficking episode: these are the <em>true</em> "
    "numbers. Only a small share of victims are ever identified by labour inspectors, police, "
    "hotlines or unions: those are the <em>detected</em> numbers, the only ones official "
    "statistics can see. A policy that improves identification raises detected trafficking "
    "even when true trafficking falls, so read the two together.</p>\n<p><strong>Scale and "
    "uncertainty.</strong> A run simulates a fraction of the real population (its scale); "
    "counts here are divided by it, to the real population. Every number is a mean over "
    "replicates, runs that differ only in their random numbers; intervals are 95% Student t "
    "intervals of that mean. They show the simulation's noise, not the uncertainty of the "
    "model's assumptions: for that, vary the parameters (crossings sweep).</p></div>\n";

static int run_report(report *r, sim_err *err)
{
    int rc = open_run(r, err);
    if (rc)
        return rc;
    /* the baseline, as compare chooses it (section_effects sets r->base) */
    char title[NAME_LEN + 64];
    snprintf(title, sizeof title, "crossings report: %s", r->s[0].name);
    head(r, title);
    P("<h1>Migration and trafficking: ");
    esc(r, r->n > 1 ? "comparing scenarios" : r->s[0].name);
    P("</h1>\n<table class=\"meta\">\n");
    meta_row(r, "results file", r->path);
    char buf[1024];
    size_t used = 0;
    for (size_t i = 0; i < r->n && used < sizeof buf; i++)
        used +=
            (size_t)snprintf(buf + used, sizeof buf - used, "%s%s", i ? ", " : "", r->s[i].name);
    meta_row(r, "scenarios", buf);
    snprintf(buf, sizeof buf, "%zu months from %lld; %zu replicates; scale %g (1 in %.0f persons)",
             r->months, (long long)r->start_year, r->s[0].reps, r->s[0].scale, 1 / r->s[0].scale);
    meta_row(r, "run", buf);
    snprintf(buf, sizeof buf, "crossings %s (revision %s), model %s; run %s to %s", r->version,
             r->revision, r->model, r->started, r->finished);
    meta_row(r, "made by", buf);
    P("</table>\n<p>Contents: <a href=\"#over-time\">over time</a> · <a "
      "href=\"#effects\">effects</a> · <a href=\"#pathway\">pathway</a> · <a "
      "href=\"#composition\">sector and channel</a> · <a href=\"#areas\">origin areas</a> · <a "
      "href=\"#retrafficking\">re-trafficking</a> · <a href=\"#appendix\">appendix</a></p>\n");
    P("%s", note_true_detected);
    /* effects first in the computation (it picks the baseline), printed in order below */
    FILE *keep = r->out;
    char *effects = NULL;
    size_t effects_len = 0;
    r->out = open_memstream(&effects, &effects_len);
    rc = r->out ? section_effects(r, err) : SIM_RAISE(err, SIM_ENOMEM, "out of memory");
    if (r->out)
        fclose(r->out);
    r->out = keep;
    rc = rc ? rc : section_time(r, err);
    rc = rc ? rc : section_scenarios_time(r, err);
    if (!rc)
        fwrite(effects, 1, effects_len, r->out);
    free(effects);
    rc = rc ? rc : section_funnel(r, err);
    rc = rc ? rc : section_composition(r, err);
    rc = rc ? rc : section_areas(r, err);
    rc = rc ? rc : section_survival(r, err);
    if (!rc)
        appendix(r);
    P("<footer><p>Made by <code>");
    esc(r, r->o->command_line ? r->o->command_line : "crossings report");
    P("</code>. The numbers in every table are those of the results file; <code>crossings "
      "compare</code> and <code>crossings export</code> give the same.</p></footer>\n"
      "</body>\n</html>\n");
    return rc;
}

/* ---- sweep report
 * -------------------------------------------------------------------------------- */

/* The ranking: a forest plot of total Sobol indices, or Morris mu*, and its table. */
static void sweep_sensitivity(report *r, const ana_sweep_result *sr, size_t *idx)
{
    P("<h2 id=\"sensitivity\">Which parameters matter</h2>\n");
    if (!sr->has_sobol && !sr->has_morris) {
        P("<p>A %s design gives no sensitivity indices (a saltelli design gives Sobol "
          "indices, a morris design elementary effects); the response curves below show each "
          "parameter's effect.</p>\n",
          sr->design);
        return;
    }
    int sobol = sr->has_sobol;
    ana_sweep_rank(sobol ? sr->st : sr->mu_star, sr->k, idx);
    ana_forest_row *rows = calloc(sr->k, sizeof *rows);
    for (size_t i = 0; rows && i < sr->k; i++) {
        size_t j = idx[i];
        rows[i] = sobol ? (ana_forest_row){sr->param[j], sr->st[j], sr->st_lo[j], sr->st_hi[j], 0}
                        : (ana_forest_row){sr->param[j], sr->mu_star[j], NAN, NAN, 0};
    }
    char desc[512];
    snprintf(desc, sizeof desc,
             "Ranking of the %zu parameters by their %s for %s, most influential first; the "
             "table below has every value.",
             sr->k, sobol ? "total Sobol index" : "Morris mu*", sr->output);
    ana_chart c = {"sensitivity",
                   sobol ? "Total Sobol index, with 95% interval"
                         : "Morris mu* (mean absolute effect)",
                   desc,
                   sobol ? "Share of the output's variance due to the parameter, interactions "
                           "included (Jansen 1999); intervals by bootstrap."
                         : "Mean absolute change of the output when the parameter moves across "
                           "its whole range.",
                   sobol ? "total index" : "mu* (output units)",
                   NULL};
    if (rows)
        ana_svg_forest(r->out, &c, rows, sr->k);
    free(rows);
    const char *sh[] = {"parameter", "first-order", "95% low", "95% high",
                        "total",     "95% low",     "95% high"};
    const char *mh[] = {"parameter", "mu*", "mu", "sigma"};
    table_begin(r, "sensitivity", sobol ? "Sobol indices" : "Morris measures", sobol ? sh : mh,
                sobol ? 7 : 4);
    for (size_t i = 0; i < sr->k; i++) {
        size_t j = idx[i];
        double v[] = {sr->s1 ? sr->s1[j] : 0, sr->s1 ? sr->s1_lo[j] : 0, sr->s1 ? sr->s1_hi[j] : 0,
                      sr->st ? sr->st[j] : 0, sr->st ? sr->st_lo[j] : 0, sr->st ? sr->st_hi[j] : 0};
        double m[] = {sr->mu_star ? sr->mu_star[j] : 0, sr->mu ? sr->mu[j] : 0,
                      sr->sigma ? sr->sigma[j] : 0};
        P("<tr>");
        td_text(r, sr->param[j]);
        for (size_t q = 0; q < (sobol ? 6u : 3u); q++)
            td_num(r, sobol ? v[q] : m[q], 3);
        P("</tr>\n");
    }
    table_end(r);
}

/* Means of the output in ten equal bins of x's range: lx, ly (returns how many). */
static size_t binned_means(const double *x, const double *y, size_t n, double lo, double hi,
                           double *lx, double *ly)
{
    size_t ln = 0;
    for (size_t bin = 0; isfinite(lo) && hi > lo && bin < 10; bin++) {
        double a = lo + (hi - lo) * (double)bin / 10, b = lo + (hi - lo) * (double)(bin + 1) / 10;
        double sum = 0;
        size_t cnt = 0;
        for (size_t p = 0; p < n; p++)
            if (x[p] >= a && (x[p] < b || (bin == 9 && x[p] <= b)))
                sum += y[p], cnt++;
        if (cnt)
            lx[ln] = (a + b) / 2, ly[ln] = sum / (double)cnt, ln++;
    }
    return ln;
}

/* The response to parameter j: the points and their binned means. */
static void sweep_response(report *r, const ana_sweep_result *sr, size_t j, double *x)
{
    double lo = INFINITY, hi = -INFINITY, lx[10], ly[10];
    for (size_t p = 0; p < sr->points; p++) {
        x[p] = sr->x[p * sr->k + j];
        lo = isfinite(x[p]) ? fmin(lo, x[p]) : lo;
        hi = isfinite(x[p]) ? fmax(hi, x[p]) : hi;
    }
    if (!isfinite(lo)) {
        P("<p>");
        esc(r, sr->param[j]);
        P(" takes text values: see the table of points.</p>\n");
        return;
    }
    size_t ln = binned_means(x, sr->y, sr->points, lo, hi, lx, ly);
    char id[64], ttl[400], desc[600];
    snprintf(id, sizeof id, "response-%zu", j);
    snprintf(ttl, sizeof ttl, "%s against %s", sr->output, sr->param[j]);
    snprintf(desc, sizeof desc,
             "Scatter plot of %s (mean over replicates) against %s for every point of the "
             "design, with binned means; the table of points below has every value.",
             sr->output, sr->param[j]);
    ana_chart c = {id,           ttl,       desc, "Dots: design points; line: binned means.",
                   sr->param[j], sr->output};
    ana_svg_scatter(r->out, &c, x, sr->y, sr->points, lx, ly, ln);
    P("<table class=\"numbers\" id=\"table-%s\"><caption>Binned means</caption><thead><tr>"
      "<th>bin centre</th><th>mean</th></tr></thead><tbody>\n",
      id);
    for (size_t q = 0; q < ln; q++) {
        P("<tr>");
        td_num(r, lx[q], 4);
        td_num(r, ly[q], 3);
        P("</tr>\n");
    }
    table_end(r);
}

static void sweep_points(report *r, const ana_sweep_result *sr)
{
    P("<h2 id=\"points\">Every point</h2>\n<div class=\"wide\">\n");
    P("<table class=\"numbers\" id=\"table-points\"><caption>Design points: parameter values, "
      "replicates and the mean output</caption><thead><tr><th>point</th>");
    for (size_t j = 0; j < sr->k; j++) {
        P("<th>");
        esc(r, sr->param[j]);
        P("</th>");
    }
    P("<th>replicates</th><th>");
    esc(r, sr->output);
    P("</th></tr></thead><tbody>\n");
    for (size_t p = 0; p < sr->points; p++) {
        P("<tr><td>%zu</td>", p);
        for (size_t j = 0; j < sr->k; j++) {
            double v = sr->x[p * sr->k + j];
            if (isfinite(v))
                P("<td data-value=\"%.17g\">%.6g</td>", v, v);
            else
                td_text(r, sr->x_text[p * sr->k + j]);
        }
        td_num(r, (double)sr->reps[p], 0);
        td_num(r, sr->y[p], 3);
        P("</tr>\n");
    }
    table_end(r);
    P("</div>\n");
}

static void sweep_header(report *r, const ana_sweep_result *sr)
{
    char title[600], buf[512];
    snprintf(title, sizeof title, "crossings report: sweep %s", sr->name);
    head(r, title);
    P("<h1>Parameter sweep: ");
    esc(r, sr->name);
    P("</h1>\n<table class=\"meta\">\n");
    meta_row(r, "sweep file", r->path);
    meta_row(r, "design", sr->design);
    snprintf(buf, sizeof buf, "%zu points, %zu parameters", sr->points, sr->k);
    meta_row(r, "size", buf);
    meta_row(r, "output shown", sr->output);
    P("</table>\n%s", note_true_detected);
}

static int sweep_report(report *r, sim_err *err)
{
    ana_sens_options so = {r->o->output ? r->o->output : "incidence_per_100k_year.all",
                           ANA_FORMAT_TEXT, 1000, 1};
    ana_sweep_result sr;
    int rc = ana_sweep_load(r->path, &so, 0, &sr, err);
    if (rc)
        return rc;
    size_t *idx = malloc((sr.k ? sr.k : 1) * sizeof *idx);
    double *x = malloc((sr.points ? sr.points : 1) * sizeof *x), mean, sd;
    if (!idx || !x) {
        free(idx), free(x);
        ana_sweep_result_free(&sr);
        return SIM_RAISE(err, SIM_ENOMEM, "out of memory");
    }
    sweep_header(r, &sr);
    sweep_sensitivity(r, &sr, idx);
    ana_sweep_spread(&sr, &mean, &sd);
    P("<h2 id=\"responses\">Response to each parameter</h2>\n<p>Each dot is a point of the "
      "design: its value of the parameter and the mean of %s over its replicates (over all "
      "points: mean %.4g, standard deviation %.4g). The line joins the means of the points in "
      "ten equal bins of the parameter's range: the other parameters vary too, so it shows "
      "the average response.</p>\n",
      sr.output, mean, sd);
    for (size_t j = 0; j < sr.k; j++)
        sweep_response(r, &sr, j, x);
    sweep_points(r, &sr);
    P("<footer><p>Made by <code>");
    esc(r, r->o->command_line ? r->o->command_line : "crossings report");
    P("</code>.</p></footer>\n</body>\n</html>\n");
    free(idx), free(x);
    ana_sweep_result_free(&sr);
    return SIM_OK;
}

/* ---- the command -------------------------------------------------------------------------------
 */

static void release(report *r)
{
    for (size_t i = 0; i < r->n; i++) {
        scen *s = &r->s[i];
        for (size_t k = 0; k < s->n_par; k++) {
            H5free_memory(s->par[k].name), H5free_memory(s->par[k].value);
            H5free_memory(s->par[k].unit), H5free_memory(s->par[k].source);
        }
        free(s->par);
        free(s->text);
        if (s->g >= 0)
            H5Gclose(s->g);
    }
    free(r->s);
    sim_h5_free_strings(r->area, r->n_areas);
    sim_h5_free_strings(r->area_name, r->n_area_name);
    ana_comparison_free(r->cmp);
    if (r->file >= 0)
        H5Fclose(r->file);
}

int ana_report_write(const char *path, const char *html, const ana_report_options *o, sim_err *err)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return SIM_RAISE(err, SIM_EINPUT, "%s: cannot open the results file: %s", path,
                         strerror(errno));
    report r;
    memset(&r, 0, sizeof r);
    r.path = path;
    r.o = o;
    r.file = sim_h5_open_input(path, err);
    if (r.file < 0)
        return err->code;
    char fmt[64];
    sim_h5_get_attr_str(r.file, "format", fmt, sizeof fmt);
    int is_run = strcmp(fmt, "crossings-results") == 0,
        is_sweep = strcmp(fmt, "crossings-sweep") == 0;
    if (!is_run && !is_sweep) {
        H5Fclose(r.file);
        return SIM_RAISE(err, SIM_EINPUT,
                         "%s: not a crossings results file (its format attribute is '%s'; "
                         "expected crossings-results or crossings-sweep)",
                         path, fmt);
    }
    char tmp[4200];
    sim_tmp_name(tmp, sizeof tmp, html);
    sim_tmp_clean_stale(html, stderr);
    r.out = fopen(tmp, "w");
    if (!r.out) {
        H5Fclose(r.file);
        return SIM_RAISE(err, SIM_ERUN, "%s: cannot write the report: %s", html, strerror(errno));
    }
    sim_tmp_track(tmp);
    int rc = is_run ? run_report(&r, err) : sweep_report(&r, err);
    int wr = ferror(r.out) != 0; /* a write that failed part way, e.g. on a full disk */
    wr = fclose(r.out) != 0 || wr;
    release(&r);
    if (!rc && wr != 0)
        rc = SIM_RAISE(err, SIM_ERUN, "%s: cannot write the report: %s", html, strerror(errno));
    if (!rc && rename(tmp, html) != 0)
        rc = SIM_RAISE(err, SIM_ERUN, "%s: cannot rename the report into place: %s", html,
                       strerror(errno));
    if (rc)
        remove(tmp);
    sim_tmp_forget(tmp);
    return rc;
}
