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

/* Checked reads (sim_h5_read.c), for readers that trust nothing in a file.
 * Each refuses, before anything is allocated or read, a dataset that is
 * absent, or whose rank, type class or extent is not what the reader fills:
 * SIM_EINPUT with "FILE: corrupt or foreign file: ..." in err. Numbers of
 * either class (integer, float) are accepted where numbers are read. No
 * dataset may claim more bytes, uncompressed, than SIM_H5_MAX_EXPANSION
 * times its file's size: gzip on the writer's data compresses far less than
 * that, while a crafted extent (a chunked dataset, mostly unwritten) would
 * otherwise make a reader allocate gigabytes. */
#define SIM_H5_MAX_EXPANSION 64

/* The extent of dataset NAME of loc into dims[0..rank-1], after checking its
 * rank, its type class (H5T_NO_CLASS: any) and that it is not absurd. */
int sim_h5_extent(hid_t loc, const char *name, int rank, H5T_class_t cls, hsize_t *dims,
                  sim_err *err);
/* As sim_h5_extent, and the extent must equal expect[0..rank-1]. */
int sim_h5_check_shape(hid_t loc, const char *name, H5T_class_t cls, int rank,
                       const hsize_t *expect, sim_err *err);
/* Read NAME whole into buf (room for the expected extent) as mem_type, after
 * sim_h5_check_shape with mem_type's class. */
int sim_h5_read_checked(hid_t loc, const char *name, hid_t mem_type, int rank,
                        const hsize_t *expect, void *buf, sim_err *err);
/* An integer attribute that counts something: from 0 to max, else -1 and
 * the error in err. */
int64_t sim_h5_get_count(hid_t obj, const char *name, int64_t max, sim_err *err);

/* The open file of h, and its dimension scales. */
hid_t sim_h5_hid(const sim_h5 *h);
void sim_h5_dims(const sim_h5 *h, hid_t *month, hid_t *area, hid_t *group);

#endif
