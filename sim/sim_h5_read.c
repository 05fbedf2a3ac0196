/* Reading back what sim_h5.c and sim_sweep_file.c write: attributes and
 * string datasets, for the readers in sim/ and analysis/. */
#include "sim_h5_util.h"
#include "sim_seal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int sim_h5_get_attr_str(hid_t obj, const char *name, char *out, size_t cap)
{
    out[0] = '\0';
    if (H5Aexists(obj, name) <= 0)
        return -1;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT), t = sim_h5_utf8_type();
    char *s = NULL;
    int rc = a < 0 || H5Aread(a, t, &s) < 0 ? -1 : 0;
    if (!rc && s)
        snprintf(out, cap, "%s", s);
    if (s)
        H5free_memory(s);
    H5Tclose(t);
    H5Aclose(a);
    return rc;
}

int64_t sim_h5_get_attr_i64(hid_t obj, const char *name, int64_t dflt)
{
    int64_t v = dflt;
    if (H5Aexists(obj, name) <= 0)
        return dflt;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    if (a < 0 || H5Aread(a, H5T_NATIVE_INT64, &v) < 0)
        v = dflt;
    H5Aclose(a);
    return v;
}

char **sim_h5_get_strings(hid_t loc, const char *name, size_t *n)
{
    *n = 0;
    if (H5Lexists(loc, name, H5P_DEFAULT) <= 0)
        return NULL;
    hid_t d = H5Dopen2(loc, name, H5P_DEFAULT), s = H5Dget_space(d), t = sim_h5_utf8_type();
    hssize_t k = d < 0 ? -1 : H5Sget_simple_extent_npoints(s);
    char **v = k > 0 ? calloc((size_t)k, sizeof *v) : NULL;
    if (v && H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) < 0) {
        free(v);
        v = NULL;
    }
    *n = v ? (size_t)k : 0;
    H5Tclose(t);
    H5Sclose(s);
    H5Dclose(d);
    return v;
}

void sim_h5_free_strings(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        H5free_memory(v[i]);
    free(v);
}

char *sim_h5_get_text(hid_t loc, const char *name)
{
    if (H5Lexists(loc, name, H5P_DEFAULT) <= 0)
        return NULL;
    hid_t d = H5Dopen2(loc, name, H5P_DEFAULT), t = sim_h5_utf8_type();
    char *s = NULL, *copy = NULL;
    if (d >= 0 && H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, &s) >= 0 && s) {
        copy = strdup(s);
        H5free_memory(s);
    }
    H5Tclose(t);
    H5Dclose(d);
    return copy;
}

hid_t sim_h5_open_input(const char *path, sim_err *err)
{
    if (sim_seal_check(path, err))
        return -1;
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0)
        SIM_RAISE(err, SIM_EINPUT,
                  "%s: corrupt file: HDF5 cannot open it although its seal matches", path);
    return f;
}

/* ---- checked reads ------------------------------------------------------------ */

/* "FILE: corrupt or foreign file: " then the message, SIM_EINPUT. */
static int corrupt(hid_t loc, sim_err *err, const char *what)
{
    char file[SIM_ERR_PATH] = "";
    H5Fget_name(loc, file, sizeof file);
    return SIM_RAISE(err, SIM_EINPUT, "%s: corrupt or foreign file: %s", file, what);
}

/* "/sweep/summaries": NAME under loc, for messages. */
static void full_name(hid_t loc, const char *name, char *out, size_t cap)
{
    char where[SIM_ERR_PATH] = "";
    if (H5Iget_name(loc, where, sizeof where) < 0 || strcmp(where, "/") == 0)
        where[0] = '\0';
    snprintf(out, cap, "%s/%s", where, name);
}

/* "[3, 25]" */
static void shape_text(char *buf, size_t cap, int rank, const hsize_t *dims)
{
    size_t used = (size_t)snprintf(buf, cap, "[");
    for (int i = 0; i < rank && used < cap; i++)
        used += (size_t)snprintf(buf + used, cap - used, "%s%llu", i ? ", " : "",
                                 (unsigned long long)dims[i]);
    if (used < cap)
        snprintf(buf + used, cap - used, "]");
}

static const char *class_text(H5T_class_t c)
{
    switch (c) {
    case H5T_INTEGER:
    case H5T_FLOAT:
        return "numbers";
    case H5T_STRING:
        return "strings";
    case H5T_COMPOUND:
        return "table rows";
    default:
        return "values of another kind";
    }
}

/* Numbers convert between integer and float; other classes must agree. */
static int class_ok(H5T_class_t have, H5T_class_t want)
{
    if (want == H5T_NO_CLASS)
        return 1;
    if (want == H5T_INTEGER || want == H5T_FLOAT)
        return have == H5T_INTEGER || have == H5T_FLOAT;
    return have == want;
}

/* Bytes the extent claims, or 0 on overflow. */
static uint64_t claimed_bytes(int rank, const hsize_t *dims, size_t elem)
{
    uint64_t n = elem ? elem : 1;
    for (int i = 0; i < rank; i++) {
        if (dims[i] && n > UINT64_MAX / dims[i])
            return UINT64_MAX;
        n *= dims[i];
    }
    return n;
}

/* Refuse an extent larger than the file could hold, compressed. */
static int check_room(hid_t loc, const char *name, int rank, const hsize_t *dims, size_t elem,
                      sim_err *err)
{
    hid_t f = H5Iget_file_id(loc);
    hsize_t size = 0;
    if (f < 0 || H5Fget_filesize(f, &size) < 0)
        size = 0;
    H5Fclose(f);
    uint64_t room = (uint64_t)size * SIM_H5_MAX_EXPANSION;
    if (claimed_bytes(rank, dims, elem) <= room)
        return SIM_OK;
    char shape[160], what[SIM_ERR_MSG];
    shape_text(shape, sizeof shape, rank, dims);
    snprintf(what, sizeof what,
             "%s has shape %s, more than a file of %llu bytes can hold (expected at most %d "
             "times the file's size, uncompressed)",
             name, shape, (unsigned long long)size, SIM_H5_MAX_EXPANSION);
    return corrupt(loc, err, what);
}

/* dims of an open dataset d after checking its rank and type class. */
static int check_space(hid_t loc, const char *name, hid_t d, int rank, H5T_class_t cls,
                       hsize_t *dims, sim_err *err)
{
    hid_t sp = H5Dget_space(d), t = H5Dget_type(d);
    int have = sp < 0 ? -1 : H5Sget_simple_extent_ndims(sp);
    H5T_class_t c = t < 0 ? H5T_NO_CLASS : H5Tget_class(t);
    size_t elem = t < 0 ? 0 : H5Tget_size(t);
    hsize_t got[H5S_MAX_RANK];
    int ok = have >= 0 && have <= H5S_MAX_RANK && H5Sget_simple_extent_dims(sp, got, NULL) >= 0;
    H5Sclose(sp);
    H5Tclose(t);
    char shape[160], what[SIM_ERR_MSG];
    shape_text(shape, sizeof shape, ok ? have : 0, got);
    if (ok && (have != rank || !class_ok(c, cls))) {
        snprintf(what, sizeof what, "%s has rank %d (%s %s) but the reader expects rank %d (%s)",
                 name, have, shape, class_text(c), rank, class_text(cls));
        return corrupt(loc, err, what);
    }
    if (!ok) {
        snprintf(what, sizeof what, "%s has no readable shape", name);
        return corrupt(loc, err, what);
    }
    memcpy(dims, got, (size_t)rank * sizeof *dims);
    return check_room(loc, name, rank, dims, elem, err);
}

int sim_h5_extent(hid_t loc, const char *name, int rank, H5T_class_t cls, hsize_t *dims,
                  sim_err *err)
{
    char what[SIM_ERR_MSG], full[256];
    full_name(loc, name, full, sizeof full);
    if (H5Lexists(loc, name, H5P_DEFAULT) <= 0) {
        snprintf(what, sizeof what, "no dataset %s", full);
        return corrupt(loc, err, what);
    }
    hid_t d = H5Dopen2(loc, name, H5P_DEFAULT);
    int rc = d < 0 ? -1 : check_space(loc, full, d, rank, cls, dims, err);
    if (rc < 0) {
        snprintf(what, sizeof what, "%s is not a readable dataset", full);
        rc = corrupt(loc, err, what);
    }
    H5Dclose(d);
    return rc;
}

int sim_h5_check_shape(hid_t loc, const char *name, H5T_class_t cls, int rank,
                       const hsize_t *expect, sim_err *err)
{
    hsize_t dims[H5S_MAX_RANK];
    int rc = sim_h5_extent(loc, name, rank, cls, dims, err);
    if (rc)
        return rc;
    for (int i = 0; i < rank; i++)
        if (dims[i] != expect[i]) {
            char have[160], want[160], what[SIM_ERR_MSG], full[256];
            shape_text(have, sizeof have, rank, dims);
            shape_text(want, sizeof want, rank, expect);
            full_name(loc, name, full, sizeof full);
            snprintf(what, sizeof what,
                     "%s has shape %s but its attributes and other datasets expect %s", full, have,
                     want);
            return corrupt(loc, err, what);
        }
    return SIM_OK;
}

int sim_h5_read_checked(hid_t loc, const char *name, hid_t mem_type, int rank,
                        const hsize_t *expect, void *buf, sim_err *err)
{
    int rc = sim_h5_check_shape(loc, name, H5Tget_class(mem_type), rank, expect, err);
    if (rc || claimed_bytes(rank, expect, 1) == 0)
        return rc;
    hid_t d = H5Dopen2(loc, name, H5P_DEFAULT);
    if (d < 0 || H5Dread(d, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) {
        char what[SIM_ERR_MSG], full[256];
        full_name(loc, name, full, sizeof full);
        snprintf(what, sizeof what,
                 "%s is not readable (its fields or values are not those "
                 "the reader expects)",
                 full);
        rc = corrupt(loc, err, what);
    }
    H5Dclose(d);
    return rc;
}

int64_t sim_h5_get_count(hid_t obj, const char *name, int64_t max, sim_err *err)
{
    int64_t v = -1;
    hid_t a = H5Aexists(obj, name) > 0 ? H5Aopen(obj, name, H5P_DEFAULT) : -1;
    hid_t t = a < 0 ? -1 : H5Aget_type(a), sp = a < 0 ? -1 : H5Aget_space(a);
    int ok = a >= 0 && H5Tget_class(t) == H5T_INTEGER && H5Sget_simple_extent_npoints(sp) == 1 &&
             H5Aread(a, H5T_NATIVE_INT64, &v) >= 0 && v >= 0 && v <= max;
    H5Sclose(sp);
    H5Tclose(t);
    H5Aclose(a);
    if (ok)
        return v;
    char what[SIM_ERR_MSG], full[256];
    full_name(obj, name, full, sizeof full);
    snprintf(what, sizeof what,
             "attribute %s is missing, not a whole number, or not from 0 to %lld", full,
             (long long)max);
    corrupt(obj, err, what);
    return -1;
}
