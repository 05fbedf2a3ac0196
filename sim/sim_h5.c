#include "sim_h5.h"
#include "sim_h5_util.h"

#include "sim_seal.h"
#include "sim_tmp.h"

#include "crossings_revision.h"

#include <hdf5.h>
#include <hdf5_hl.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define FORMAT_NAME "crossings-results"
/* 2: the seal in the user block (sim_seal.h), the 1.10 format, Fletcher-32 */
#define FORMAT_VERSION 2

struct sim_h5 {
    hid_t file;
    char path[SIM_ERR_PATH];
    char tmp[SIM_ERR_PATH + 32];
    sim_h5_header hdr;
    size_t n_areas;
    hid_t dims_month, dims_area, dims_group; /* dimension scales */
    int committed;
};

const char *sim_version(void)
{
    return CROSSINGS_VERSION;
}
const char *sim_revision(void)
{
    return CROSSINGS_REVISION;
}
const char *sim_build_flags(void)
{
    return CROSSINGS_BUILD_FLAGS;
}

void sim_h5_now(char buf[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int fail(sim_err *err, const sim_h5 *h, const char *what)
{
    return SIM_RAISE(err, SIM_ERUN, "%s: HDF5 failed to %s", h ? h->path : "results file", what);
}

/* A variable-length UTF-8 string type; the caller closes it. */
hid_t sim_h5_utf8_type(void)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    H5Tset_cset(t, H5T_CSET_UTF8);
    return t;
}

int sim_h5_attr_str(hid_t obj, const char *name, const char *value)
{
    hid_t t = sim_h5_utf8_type(), s = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(obj, name, t, s, H5P_DEFAULT, H5P_DEFAULT);
    herr_t rc = a < 0 ? -1 : H5Awrite(a, t, &value);
    H5Aclose(a);
    H5Sclose(s);
    H5Tclose(t);
    return rc < 0 ? -1 : 0;
}

/* A scalar attribute of file type ftype from a value of memory type mtype. */
static int attr_scalar(hid_t obj, const char *name, hid_t ftype, hid_t mtype, const void *value)
{
    hid_t s = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(obj, name, ftype, s, H5P_DEFAULT, H5P_DEFAULT);
    herr_t rc = a < 0 ? -1 : H5Awrite(a, mtype, value);
    H5Aclose(a);
    H5Sclose(s);
    return rc < 0 ? -1 : 0;
}

int sim_h5_attr_i64(hid_t obj, const char *name, int64_t value)
{
    return attr_scalar(obj, name, H5T_STD_I64LE, H5T_NATIVE_INT64, &value);
}

int sim_h5_attr_f64(hid_t obj, const char *name, double value)
{
    return attr_scalar(obj, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value);
}

hid_t sim_h5_dcpl(hid_t type, int rank, const hsize_t *dim, const hsize_t *chunk, int compress)
{
    hid_t p = H5Pcreate(H5P_DATASET_CREATE);
    hsize_t c[H5S_MAX_RANK];
    if (rank < 1 || H5Tdetect_class(type, H5T_STRING) > 0 || H5Tdetect_class(type, H5T_VLEN) > 0)
        return p; /* HDF5 filters no variable-length data; the seal covers it */
    for (int i = 0; i < rank; i++) {
        if (dim[i] == 0)
            return p; /* an empty dataset has no chunk to sum */
        c[i] = chunk ? chunk[i] : dim[i];
    }
    if (!chunk && c[0] > SIM_H5_CHUNK_ROWS)
        c[0] = SIM_H5_CHUNK_ROWS;
    H5Pset_chunk(p, rank, c);
    if (compress) {
        H5Pset_shuffle(p);
        H5Pset_deflate(p, SIM_H5_DEFLATE_LEVEL);
    }
    H5Pset_fletcher32(p);
    return p;
}

/* A 1-D dataset of type t and n rows, checksummed; returns it open, or -1. */
static hid_t create_table(hid_t loc, const char *name, hid_t t, size_t n)
{
    hsize_t dim = n;
    hid_t s = H5Screate_simple(1, &dim, NULL), p = sim_h5_dcpl(t, 1, &dim, NULL, 0);
    hid_t d = H5Dcreate2(loc, name, t, s, H5P_DEFAULT, p, H5P_DEFAULT);
    H5Pclose(p);
    H5Sclose(s);
    return d;
}

/* A 1-D dataset of n UTF-8 strings. Returns the open dataset or -1. */
hid_t sim_h5_strings(hid_t loc, const char *name, const char *const *v, size_t n)
{
    hid_t t = sim_h5_utf8_type();
    hid_t d = create_table(loc, name, t, n);
    if (d >= 0 && n > 0 && H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) < 0) {
        H5Dclose(d);
        d = -1;
    }
    H5Tclose(t);
    return d;
}

static int write_root_attrs(sim_h5 *h)
{
    char now[32];
    hid_t f = h->file;
    sim_h5_now(now);
    int rc = sim_h5_attr_str(f, "format", FORMAT_NAME);
    rc |= sim_h5_attr_i64(f, "format_version", FORMAT_VERSION);
    rc |= sim_h5_attr_str(f, "program", "crossings");
    rc |= sim_h5_attr_str(f, "program_version", sim_version());
    rc |= sim_h5_attr_str(f, "source_revision", sim_revision());
    rc |= sim_h5_attr_str(f, "build_flags", sim_build_flags());
    rc |= sim_h5_attr_str(f, "model", h->hdr.model);
    rc |= sim_h5_attr_str(f, "command_line", h->hdr.command_line ? h->hdr.command_line : "");
    rc |= sim_h5_attr_str(f, "started", now);
    rc |= sim_h5_attr_i64(f, "months", h->hdr.months);
    rc |= sim_h5_attr_i64(f, "start_year", h->hdr.start_year);
    if (h->hdr.headline)
        rc |= sim_h5_attr_str(f, "headline_metrics", h->hdr.headline);
    return rc;
}

static int write_month_scale(sim_h5 *h, hid_t dims)
{
    hsize_t n = (hsize_t)h->hdr.months;
    int32_t *m = malloc((size_t)n * sizeof *m);
    if (!m)
        return -1;
    for (hsize_t i = 0; i < n; i++)
        m[i] = (int32_t)i;
    hid_t d = create_table(dims, "month", H5T_STD_I32LE, (size_t)n);
    int rc = d < 0 || H5Dwrite(d, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, m) < 0;
    rc |= sim_h5_attr_str(d, "units", "months since the start of the run") != 0;
    rc |= H5DSset_scale(d, "month") < 0;
    free(m);
    h->dims_month = d;
    return rc ? -1 : 0;
}

static int write_dims(sim_h5 *h)
{
    const sim_world_info *w = h->hdr.world;
    hid_t dims = H5Gcreate2(h->file, "dims", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (dims < 0)
        return -1;
    int rc = write_month_scale(h, dims);
    h->dims_area = sim_h5_strings(dims, "area", w->area_code, w->n_areas);
    h->dims_group = sim_h5_strings(dims, "group", h->hdr.groups, h->hdr.n_groups);
    hid_t names = sim_h5_strings(dims, "area_name", w->area_name, w->n_areas);
    hid_t ctry = sim_h5_strings(dims, "area_country", w->area_country, w->n_areas);
    rc |= h->dims_area < 0 || h->dims_group < 0 || names < 0 || ctry < 0;
    if (!rc) {
        rc |= H5DSset_scale(h->dims_area, "area") < 0;
        rc |= H5DSset_scale(h->dims_group, "group") < 0;
        rc |= sim_h5_attr_str(h->dims_area, "meaning", "origin area code (ISO 3166-2)");
        rc |= sim_h5_attr_str(h->dims_group, "meaning",
                              "reporting group: women (female 18+), men, girls (female <18), boys");
    }
    H5Dclose(names);
    H5Dclose(ctry);
    H5Gclose(dims);
    return rc ? -1 : 0;
}

hid_t sim_h5_create_file(const char *tmp)
{
    hid_t fcpl = H5Pcreate(H5P_FILE_CREATE), fapl = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_userblock(fcpl, SIM_SEAL_BLOCK);
    /* the 1.10 format: checksums on every piece of metadata */
    H5Pset_libver_bounds(fapl, H5F_LIBVER_V110, H5F_LIBVER_V110);
    hid_t f = H5Fcreate(tmp, H5F_ACC_TRUNC, fcpl, fapl);
    H5Pclose(fcpl);
    H5Pclose(fapl);
    if (f >= 0)
        sim_tmp_track(tmp);
    return f;
}

int sim_h5_finish_file(hid_t file, const char *tmp, const char *path, sim_err *err)
{
    int rc = H5Fclose(file) < 0
                 ? SIM_RAISE(err, SIM_ERUN, "%s: HDF5 failed to close the file (is the disk full?)",
                             path)
                 : sim_seal_write(tmp, err);
    if (!rc && rename(tmp, path) != 0)
        rc = SIM_RAISE(err, SIM_ERUN, "%s: cannot rename %s into place: %s", path, tmp,
                       strerror(errno));
    if (!rc)
        sim_h5_sync_dir(path);
    else
        remove(tmp);
    sim_tmp_forget(tmp);
    return rc;
}

void sim_h5_sync_dir(const char *path)
{
    char d[SIM_ERR_PATH + 64];
    snprintf(d, sizeof d, "%s", path);
    int fd = open(dirname(d), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd); /* the rename outlives a crash; a folder that cannot sync is no error */
        close(fd);
    }
}

int sim_h5_create(sim_h5 **out, const char *path, const sim_h5_header *hdr, sim_err *err)
{
    *out = NULL;
    sim_h5 *h = calloc(1, sizeof *h);
    if (!h)
        return SIM_RAISE(err, SIM_ENOMEM, "out of memory");
    h->file = h->dims_month = h->dims_area = h->dims_group = -1;
    snprintf(h->path, sizeof h->path, "%s", path);
    if (strlen(path) >= sizeof h->path || sim_tmp_name(h->tmp, sizeof h->tmp, path)) {
        free(h);
        return SIM_RAISE(err, SIM_EINPUT, "%s: path too long (at most %d bytes)", path,
                         SIM_ERR_PATH - 1);
    }
    h->hdr = *hdr;
    h->n_areas = hdr->world->n_areas;
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    sim_tmp_clean_stale(path, stderr);
    h->file = sim_h5_create_file(h->tmp);
    if (h->file < 0) {
        sim_h5_free(h);
        return SIM_RAISE(err, SIM_ERUN,
                         "%s: cannot create the results file (is the folder there "
                         "and writable?)",
                         path);
    }
    if (write_root_attrs(h) || write_dims(h)) {
        sim_h5_free(h);
        return SIM_RAISE(err, SIM_ERUN, "%s: HDF5 failed to write the file header", path);
    }
    *out = h;
    return SIM_OK;
}

/* In-memory row of the "parameters" table. */
typedef struct param_row {
    const char *path, *value, *unit, *source, *meaning;
} param_row;

static hid_t param_row_type(hid_t str)
{
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(param_row));
    H5Tinsert(t, "name", HOFFSET(param_row, path), str);
    H5Tinsert(t, "value", HOFFSET(param_row, value), str);
    H5Tinsert(t, "unit", HOFFSET(param_row, unit), str);
    H5Tinsert(t, "source", HOFFSET(param_row, source), str);
    H5Tinsert(t, "meaning", HOFFSET(param_row, meaning), str);
    return t;
}

int sim_h5_write_params(hid_t g, const sim_h5_params *params, size_t n_params)
{
    size_t n = 0;
    for (size_t i = 0; i < n_params; i++)
        n += params[i].table->n_rows;
    param_row *rows = calloc(n ? n : 1, sizeof *rows);
    char(*vals)[SIM_PARAM_STR_MAX] = calloc(n ? n : 1, sizeof *vals);
    int rc = -1;
    if (rows && vals) {
        size_t k = 0;
        for (size_t i = 0; i < n_params; i++)
            for (size_t j = 0; j < params[i].table->n_rows; j++, k++) {
                const sim_param_desc *d = &params[i].table->rows[j];
                sim_param_format(d, params[i].vals, vals[k], sizeof vals[k]);
                rows[k] = (param_row){d->path, vals[k], d->unit, d->source, d->meaning};
            }
        hid_t str = sim_h5_utf8_type(), t = param_row_type(str);
        hid_t d = create_table(g, "parameters", t, n);
        rc = d < 0 || H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows) < 0 ? -1 : 0;
        H5Dclose(d);
        H5Tclose(t);
        H5Tclose(str);
    }
    free(rows);
    free(vals);
    return rc;
}

typedef struct rep_row {
    int64_t replicate, seed, threads, persons, households;
    const char *started, *finished;
} rep_row;

static hid_t rep_row_type(hid_t str)
{
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(rep_row));
    H5Tinsert(t, "replicate", HOFFSET(rep_row, replicate), H5T_NATIVE_INT64);
    H5Tinsert(t, "seed", HOFFSET(rep_row, seed), H5T_NATIVE_INT64);
    H5Tinsert(t, "threads", HOFFSET(rep_row, threads), H5T_NATIVE_INT64);
    H5Tinsert(t, "persons", HOFFSET(rep_row, persons), H5T_NATIVE_INT64);
    H5Tinsert(t, "households", HOFFSET(rep_row, households), H5T_NATIVE_INT64);
    H5Tinsert(t, "started", HOFFSET(rep_row, started), str);
    H5Tinsert(t, "finished", HOFFSET(rep_row, finished), str);
    return t;
}

static int create_replicates_table(sim_h5 *h, hid_t g)
{
    hid_t str = sim_h5_utf8_type(), t = rep_row_type(str);
    hid_t d = create_table(g, "replicates", t, h->hdr.n_replicates);
    int rc = d < 0 ? -1
                   : sim_h5_attr_str(d, "meaning",
                                     "one row per replicate; finished is empty "
                                     "until the replicate's series are written");
    H5Dclose(d);
    H5Tclose(t);
    H5Tclose(str);
    return rc;
}

static const char *kind_name(sim_metric_kind k)
{
    static const char *const names[] = {"stock", "flow", "sum"};
    return names[k];
}

static hid_t metric_file_type(sim_metric_kind k)
{
    return k == SIM_METRIC_SUM ? H5T_IEEE_F64LE : H5T_STD_I64LE;
}

static int create_metric(sim_h5 *h, hid_t g, const sim_metric_desc *m)
{
    hsize_t dims[4] = {h->hdr.n_replicates, (hsize_t)h->hdr.months, h->n_areas, h->hdr.n_groups};
    hsize_t chunk[4] = {1, dims[1], dims[2], dims[3]};
    hid_t s = H5Screate_simple(4, dims, NULL),
          p = sim_h5_dcpl(metric_file_type(m->kind), 4, dims, chunk, 1);
    hid_t d = H5Dcreate2(g, m->name, metric_file_type(m->kind), s, H5P_DEFAULT, p, H5P_DEFAULT);
    int rc = d < 0;
    if (!rc) {
        rc |= sim_h5_attr_str(d, "units", m->unit) | sim_h5_attr_str(d, "meaning", m->meaning);
        rc |= sim_h5_attr_str(d, "kind", kind_name(m->kind));
        rc |= H5DSset_label(d, 0, "replicate") < 0 || H5DSset_label(d, 1, "month") < 0;
        rc |= H5DSset_label(d, 2, "area") < 0 || H5DSset_label(d, 3, "group") < 0;
        rc |= H5DSattach_scale(d, h->dims_month, 1) < 0;
        rc |= H5DSattach_scale(d, h->dims_area, 2) < 0;
        rc |= H5DSattach_scale(d, h->dims_group, 3) < 0;
    }
    H5Dclose(d);
    H5Pclose(p);
    H5Sclose(s);
    return rc ? -1 : 0;
}

/* Rows of an event table are read in chunks of this many. */
#define EVENT_CHUNK_ROWS 4096

/* The file type of an event row: int32 "replicate" then the table's columns. */
static hid_t event_type(const sim_event_table *ev)
{
    hid_t t = H5Tcreate(H5T_COMPOUND, (ev->n_cols + 1) * sizeof(int32_t));
    H5Tinsert(t, "replicate", 0, H5T_NATIVE_INT32);
    for (size_t k = 0; k < ev->n_cols; k++)
        H5Tinsert(t, ev->cols[k].name, (k + 1) * sizeof(int32_t), H5T_NATIVE_INT32);
    return t;
}

static int create_events(const sim_event_table *ev, hid_t g)
{
    hsize_t dim = 0, maxdim = H5S_UNLIMITED, chunk = EVENT_CHUNK_ROWS;
    hid_t t = event_type(ev), s = H5Screate_simple(1, &dim, &maxdim);
    hid_t p = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_chunk(p, 1, &chunk);
    H5Pset_shuffle(p);
    H5Pset_deflate(p, SIM_H5_DEFLATE_LEVEL);
    H5Pset_fletcher32(p);
    hid_t d = H5Dcreate2(g, ev->name, t, s, H5P_DEFAULT, p, H5P_DEFAULT);
    int rc = d < 0 || sim_h5_attr_str(d, "meaning", ev->meaning);
    for (size_t k = 0; !rc && k < ev->n_cols; k++) {
        char key[128];
        snprintf(key, sizeof key, "meaning_%s", ev->cols[k].name);
        rc = sim_h5_attr_str(d, key, ev->cols[k].meaning);
    }
    H5Dclose(d);
    H5Pclose(p);
    H5Sclose(s);
    H5Tclose(t);
    return rc ? -1 : 0;
}

int sim_h5_write_events(sim_h5 *h, const char *name, int64_t replicate, const int32_t *rows,
                        size_t n_rows, sim_err *err)
{
    const sim_event_table *ev = h->hdr.events;
    if (!ev || n_rows == 0)
        return SIM_OK;
    size_t w = ev->n_cols + 1;
    int32_t *buf = malloc(n_rows * w * sizeof *buf);
    if (!buf)
        return SIM_RAISE(err, SIM_ENOMEM, "out of memory writing the event table");
    for (size_t r = 0; r < n_rows; r++) {
        buf[r * w] = (int32_t)replicate;
        memcpy(buf + r * w + 1, rows + r * ev->n_cols, ev->n_cols * sizeof *buf);
    }
    char path[SIM_SCENARIO_NAME_MAX + 64];
    snprintf(path, sizeof path, "scenarios/%s/%s", name, ev->name);
    hid_t d = H5Dopen2(h->file, path, H5P_DEFAULT), t = event_type(ev);
    hid_t fs = H5Dget_space(d);
    hsize_t old = 0, add = n_rows;
    H5Sget_simple_extent_dims(fs, &old, NULL);
    H5Sclose(fs);
    hsize_t total = old + add;
    int rc = d < 0 || H5Dset_extent(d, &total) < 0;
    fs = rc ? -1 : H5Dget_space(d);
    hid_t ms = H5Screate_simple(1, &add, NULL);
    rc = rc || H5Sselect_hyperslab(fs, H5S_SELECT_SET, &old, NULL, &add, NULL) < 0;
    rc = rc || H5Dwrite(d, t, ms, fs, H5P_DEFAULT, buf) < 0;
    H5Sclose(ms);
    H5Sclose(fs);
    H5Tclose(t);
    H5Dclose(d);
    free(buf);
    return rc ? fail(err, h, "write the event table") : SIM_OK;
}

int sim_h5_write_text(hid_t g, const char *name, const char *text)
{
    hid_t t = sim_h5_utf8_type(), s = H5Screate(H5S_SCALAR);
    hid_t d = H5Dcreate2(g, name, t, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    text = text ? text : "";
    int rc = d < 0 || H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, &text) < 0;
    H5Dclose(d);
    H5Sclose(s);
    H5Tclose(t);
    return rc ? -1 : 0;
}

int sim_h5_add_scenario(sim_h5 *h, const sim_scenario *sc, const sim_h5_params *params,
                        size_t n_params, sim_err *err)
{
    if (!sc->name[0] || strchr(sc->name, '/') || strcmp(sc->name, ".") == 0)
        return SIM_RAISE(err, SIM_EINPUT,
                         "scenario name '%s' cannot name a results group "
                         "(expected a name without '/')",
                         sc->name);
    hid_t top = H5Gopen2(h->file, "scenarios", H5P_DEFAULT);
    if (top < 0) { /* scenarios in command-line order for readers that list them */
        hid_t order = H5Pcreate(H5P_GROUP_CREATE);
        H5Pset_link_creation_order(order, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
        top = H5Gcreate2(h->file, "scenarios", H5P_DEFAULT, order, H5P_DEFAULT);
        H5Pclose(order);
    }
    if (H5Lexists(top, sc->name, H5P_DEFAULT) > 0) {
        H5Gclose(top);
        return SIM_RAISE(err, SIM_EINPUT, "two scenarios are named '%s' (expected unique names)",
                         sc->name);
    }
    hid_t g = H5Gcreate2(top, sc->name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    int rc = g < 0 || sim_h5_attr_str(g, "name", sc->name) ||
             sim_h5_attr_str(g, "description", sc->description);
    rc = rc || sim_h5_attr_str(g, "file", sc->path) ||
         sim_h5_write_text(g, "scenario_text", sc->text);
    rc = rc || sim_h5_write_params(g, params, n_params) || create_replicates_table(h, g);
    /* keep the metrics in table order for readers that list them */
    hid_t gcpl = H5Pcreate(H5P_GROUP_CREATE);
    H5Pset_link_creation_order(gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
    hid_t mg = rc ? -1 : H5Gcreate2(g, "metrics", H5P_DEFAULT, gcpl, H5P_DEFAULT);
    H5Pclose(gcpl);
    rc = rc || mg < 0;
    for (size_t k = 0; !rc && k < h->hdr.n_metrics; k++)
        rc = create_metric(h, mg, &h->hdr.metrics[k]);
    if (!rc && h->hdr.events)
        rc = create_events(h->hdr.events, g);
    H5Gclose(mg);
    H5Gclose(g);
    H5Gclose(top);
    return rc ? fail(err, h, "create the scenario group") : SIM_OK;
}

static int write_rep_row(hid_t g, size_t slot, const sim_h5_replicate *info)
{
    rep_row row = {info->replicate,  info->seed,    info->threads, info->persons,
                   info->households, info->started, info->finished};
    hid_t d = H5Dopen2(g, "replicates", H5P_DEFAULT);
    hid_t fs = H5Dget_space(d), str = sim_h5_utf8_type(), t = rep_row_type(str);
    hsize_t start = slot, count = 1;
    hid_t ms = H5Screate_simple(1, &count, NULL);
    int rc = d < 0 || H5Sselect_hyperslab(fs, H5S_SELECT_SET, &start, NULL, &count, NULL) < 0;
    rc = rc || H5Dwrite(d, t, ms, fs, H5P_DEFAULT, &row) < 0;
    H5Sclose(ms);
    H5Tclose(t);
    H5Tclose(str);
    H5Sclose(fs);
    H5Dclose(d);
    return rc ? -1 : 0;
}

/* Write metric k of one replicate: pick it out of data [month][area][group][metric]. */
static int write_metric_slot(sim_h5 *h, hid_t mg, size_t k, size_t slot, const double *data,
                             void *buf)
{
    const sim_metric_desc *m = &h->hdr.metrics[k];
    size_t cells = (size_t)h->hdr.months * h->n_areas * h->hdr.n_groups;
    size_t nm = h->hdr.n_metrics;
    int is_sum = m->kind == SIM_METRIC_SUM;
    for (size_t c = 0; c < cells; c++) {
        double x = data[c * nm + k];
        if (is_sum)
            ((double *)buf)[c] = x;
        else
            ((int64_t *)buf)[c] = (int64_t)(x + (x >= 0 ? 0.5 : -0.5));
    }
    hsize_t start[4] = {slot, 0, 0, 0};
    hsize_t count[4] = {1, (hsize_t)h->hdr.months, h->n_areas, h->hdr.n_groups};
    hid_t d = H5Dopen2(mg, m->name, H5P_DEFAULT), fs = H5Dget_space(d);
    hid_t ms = H5Screate_simple(4, count, NULL);
    int rc = d < 0 || H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL) < 0;
    rc = rc ||
         H5Dwrite(d, is_sum ? H5T_NATIVE_DOUBLE : H5T_NATIVE_INT64, ms, fs, H5P_DEFAULT, buf) < 0;
    H5Sclose(ms);
    H5Sclose(fs);
    H5Dclose(d);
    return rc ? -1 : 0;
}

int sim_h5_write_replicate(sim_h5 *h, const char *name, size_t slot, const sim_h5_replicate *info,
                           const double *data, sim_err *err)
{
    char gpath[SIM_SCENARIO_NAME_MAX + 16];
    snprintf(gpath, sizeof gpath, "scenarios/%s", name);
    size_t cells = (size_t)h->hdr.months * h->n_areas * h->hdr.n_groups;
    void *buf = malloc(cells * sizeof(double));
    hid_t g = H5Gopen2(h->file, gpath, H5P_DEFAULT);
    hid_t mg = g < 0 ? -1 : H5Gopen2(g, "metrics", H5P_DEFAULT);
    int rc = !buf || mg < 0;
    for (size_t k = 0; !rc && k < h->hdr.n_metrics; k++)
        rc = write_metric_slot(h, mg, k, slot, data, buf);
    rc = rc || write_rep_row(g, slot, info);
    H5Gclose(mg);
    H5Gclose(g);
    free(buf);
    return rc ? fail(err, h, "write a replicate's series") : SIM_OK;
}

static void close_all(sim_h5 *h)
{
    if (h->dims_month >= 0)
        H5Dclose(h->dims_month);
    if (h->dims_area >= 0)
        H5Dclose(h->dims_area);
    if (h->dims_group >= 0)
        H5Dclose(h->dims_group);
    h->dims_month = h->dims_area = h->dims_group = -1;
}

int sim_h5_commit(sim_h5 *h, sim_err *err)
{
    char now[32];
    sim_h5_now(now);
    if (sim_h5_attr_str(h->file, "finished", now))
        return fail(err, h, "stamp the end time");
    close_all(h);
    hid_t file = h->file;
    h->file = -1;
    h->committed = 1; /* finish_file removes the temporary file if it fails */
    return sim_h5_finish_file(file, h->tmp, h->path, err);
}

void sim_h5_free(sim_h5 *h)
{
    if (!h)
        return;
    close_all(h);
    if (h->file >= 0)
        H5Fclose(h->file);
    if (!h->committed) {
        remove(h->tmp);
        sim_tmp_forget(h->tmp);
    }
    free(h);
}

hid_t sim_h5_hid(const sim_h5 *h)
{
    return h->file;
}

void sim_h5_dims(const sim_h5 *h, hid_t *month, hid_t *area, hid_t *group)
{
    *month = h->dims_month;
    *area = h->dims_area;
    *group = h->dims_group;
}
