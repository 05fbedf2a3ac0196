/* HDF5 building blocks shared by the writers of results files (sim_h5.c) and
 * sweep files (sim_sweep_h5.c). Each returns 0 (or an open id) on success and
 * -1 on failure. */
#ifndef SIM_H5_UTIL_H
#define SIM_H5_UTIL_H

#include "sim_h5.h"

#include <hdf5.h>

/* A variable-length UTF-8 string type; the caller closes it. */
hid_t sim_h5_utf8_type(void);
int sim_h5_attr_str(hid_t obj, const char *name, const char *value);
int sim_h5_attr_i64(hid_t obj, const char *name, int64_t value);
int sim_h5_attr_f64(hid_t obj, const char *name, double value);
/* A 1-D dataset of n UTF-8 strings; returns the open dataset or -1. */
hid_t sim_h5_strings(hid_t loc, const char *name, const char *const *v, size_t n);
/* A scalar UTF-8 string dataset. */
int sim_h5_write_text(hid_t g, const char *name, const char *text);
/* The "parameters" table (name, value, unit, source, meaning) of g. */
int sim_h5_write_params(hid_t g, const sim_h5_params *params, size_t n_params);

/* Reading (sim_h5_read.c). An attribute string into out ("" and -1 when
 * absent); an int64 attribute (dflt when absent); a 1-D string dataset (n
 * strings, freed with sim_h5_free_strings; NULL when absent); a scalar string
 * dataset as a malloc'd copy (NULL when absent). */
int sim_h5_get_attr_str(hid_t obj, const char *name, char *out, size_t cap);
int64_t sim_h5_get_attr_i64(hid_t obj, const char *name, int64_t dflt);
char **sim_h5_get_strings(hid_t loc, const char *name, size_t *n);
void sim_h5_free_strings(char **v, size_t n);
char *sim_h5_get_text(hid_t loc, const char *name);

/* The open file of h, and its dimension scales. */
hid_t sim_h5_hid(const sim_h5 *h);
void sim_h5_dims(const sim_h5 *h, hid_t *month, hid_t *area, hid_t *group);

#endif
