#include "ana_summary.h"

#include "../sim/sim_h5_util.h"

#include <hdf5.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_GROUPS 16

typedef struct summary_ctx {
    FILE *out;
    hid_t file;
    size_t n_groups;
    char groups[MAX_GROUPS][32];
    int64_t months, start_year, replicates;
    char headline[1024]; /* the file's headline_metrics, or "" */
    int failed;
} summary_ctx;

static int read_str_attr(hid_t obj, const char *name, char *buf, size_t cap)
{
    buf[0] = '\0';
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    if (a < 0)
        return -1;
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    H5Tset_cset(t, H5T_CSET_UTF8);
    char *s = NULL;
    int rc = H5Aread(a, t, &s) < 0 ? -1 : 0;
    if (!rc && s)
        snprintf(buf, cap, "%s", s);
    H5free_memory(s);
    H5Tclose(t);
    H5Aclose(a);
    return rc;
}

static int64_t read_i64_attr(hid_t obj, const char *name)
{
    int64_t v = 0;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    if (a >= 0)
        H5Aread(a, H5T_NATIVE_INT64, &v);
    H5Aclose(a);
    return v;
}

/* Replicates of a scenario: rows of its replicates table. */
static int64_t count_replicates(hid_t top, const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/replicates", name);
    hid_t d = H5Dopen2(top, path, H5P_DEFAULT);
    hid_t s = H5Dget_space(d);
    hssize_t n = d < 0 ? 0 : H5Sget_simple_extent_npoints(s);
    H5Sclose(s);
    H5Dclose(d);
    return n > 0 ? (int64_t)n : 0;
}

static int read_groups(summary_ctx *c)
{
    hid_t d = H5Dopen2(c->file, "dims/group", H5P_DEFAULT);
    if (d < 0)
        return -1;
    hid_t s = H5Dget_space(d);
    hssize_t n = H5Sget_simple_extent_npoints(s);
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    H5Tset_cset(t, H5T_CSET_UTF8);
    char *v[MAX_GROUPS] = {0};
    int rc = n < 1 || n > MAX_GROUPS || H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) < 0;
    for (hssize_t i = 0; !rc && i < n; i++)
        snprintf(c->groups[i], sizeof c->groups[i], "%s", v[i]);
    if (!rc)
        H5Dvlen_reclaim(t, s, H5P_DEFAULT, v);
    c->n_groups = rc ? 0 : (size_t)n;
    H5Tclose(t);
    H5Sclose(s);
    H5Dclose(d);
    return rc ? -1 : 0;
}

/* Per group: a stock at the last month, or a flow summed over the months;
 * averaged over replicates and summed over areas. */
static void reduce(const double *x, const hsize_t *dim, int is_flow, double *per_group)
{
    size_t R = dim[0], M = dim[1], A = dim[2], G = dim[3];
    for (size_t r = 0; r < R; r++)
        for (size_t m = is_flow ? 0 : M - 1; m < M; m++)
            for (size_t a = 0; a < A; a++)
                for (size_t g = 0; g < G; g++)
                    per_group[g] += x[((r * M + m) * A + a) * G + g] / (double)R;
}

static herr_t print_metric(hid_t g, const char *name, const H5L_info_t *info, void *vctx)
{
    summary_ctx *c = vctx;
    (void)info;
    hid_t d = H5Dopen2(g, name, H5P_DEFAULT);
    hid_t s = H5Dget_space(d);
    hsize_t dim[4] = {0};
    char kind[16], units[64];
    sim_err e; /* a dataset too large for its file is shown as unreadable */
    int ok = d >= 0 && !sim_h5_extent(g, name, 4, H5T_INTEGER, dim, &e) && dim[3] == c->n_groups;
    ok = ok && read_str_attr(d, "kind", kind, sizeof kind) == 0;
    ok = ok && read_str_attr(d, "units", units, sizeof units) == 0 && dim[0] * dim[1] > 0;
    /* sums need their denominators to mean anything: left to readers of the file */
    int shown = ok && strcmp(kind, "sum") != 0;
    double *x = shown ? malloc(dim[0] * dim[1] * dim[2] * dim[3] * sizeof *x) : NULL;
    if (x && H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, x) >= 0) {
        double per[MAX_GROUPS] = {0}, total = 0;
        int is_flow = strcmp(kind, "flow") == 0;
        reduce(x, dim, is_flow, per);
        fprintf(c->out, "  %-20s %-9s", name, is_flow ? "all months" : "last month");
        for (size_t k = 0; k < c->n_groups; k++)
            fprintf(c->out, " %12.0f", per[k]), total += per[k];
        fprintf(c->out, " %12.0f  %s\n", total, units);
    } else if (!ok) {
        c->failed = 1;
    }
    free(x);
    H5Sclose(s);
    H5Dclose(d);
    return 0;
}

/* The metrics the file names for a short summary, in its order. */
static void print_listed(hid_t g, summary_ctx *c)
{
    char name[64];
    for (const char *s = c->headline; *s;) {
        const char *comma = strchr(s, ',');
        size_t len = comma ? (size_t)(comma - s) : strlen(s);
        snprintf(name, sizeof name, "%.*s", (int)len, s);
        if (H5Lexists(g, name, H5P_DEFAULT) > 0)
            print_metric(g, name, NULL, c);
        s += len + (comma != NULL);
    }
}

static herr_t print_scenario(hid_t top, const char *name, const H5L_info_t *info, void *vctx)
{
    summary_ctx *c = vctx;
    (void)info;
    char path[256];
    snprintf(path, sizeof path, "%s/metrics", name);
    hid_t g = H5Gopen2(top, path, H5P_DEFAULT);
    if (g < 0) {
        c->failed = 1;
        return 0;
    }
    c->replicates = count_replicates(top, name);
    fprintf(c->out,
            "scenario %s: %lld months from %lld, mean of %lld replicate(s), all origin areas\n"
            "  (counts of simulated persons: multiply by 1/run.scale for the real population)\n",
            name, (long long)c->months, (long long)c->start_year, (long long)c->replicates);
    fprintf(c->out, "  %-20s %-9s", "metric", "");
    for (size_t k = 0; k < c->n_groups; k++)
        fprintf(c->out, " %12s", c->groups[k]);
    fprintf(c->out, " %12s\n", "total");
    if (c->headline[0])
        print_listed(g, c);
    else
        H5Literate(g, H5_INDEX_CRT_ORDER, H5_ITER_INC, NULL, print_metric, c);
    fprintf(c->out, "  (every metric, true and detected, and the episode table are in the file: "
                    "crossings metrics, docs/FORMAT.md)\n");
    H5Gclose(g);
    return 0;
}

int ana_summary_print(const char *path, FILE *out, sim_err *err)
{
    summary_ctx c = {out, -1, 0, {{0}}, 0, 0, 0, "", 0};
    c.file = sim_h5_open_input(path, err);
    if (c.file < 0)
        return err->code;
    hid_t top = H5Gopen2(c.file, "scenarios", H5P_DEFAULT);
    int rc = top < 0 || read_groups(&c);
    c.months = read_i64_attr(c.file, "months");
    c.start_year = read_i64_attr(c.file, "start_year");
    if (H5Aexists(c.file, "headline_metrics") > 0)
        read_str_attr(c.file, "headline_metrics", c.headline, sizeof c.headline);
    if (!rc)
        H5Literate(top, H5_INDEX_NAME, H5_ITER_INC, NULL, print_scenario, &c);
    if (top >= 0)
        H5Gclose(top);
    H5Fclose(c.file);
    if (rc || c.failed)
        return SIM_RAISE(err, SIM_ERUN, "%s: not a readable crossings results file", path);
    return SIM_OK;
}
