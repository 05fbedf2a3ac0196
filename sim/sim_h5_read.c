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
