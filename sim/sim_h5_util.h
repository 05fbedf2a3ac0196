/* HDF5 building blocks shared by the writers of results files (sim_h5.c) and
 * sweep files (sim_sweep_h5.c). Each returns 0 (or an open id) on success and
 * -1 on failure. */
#ifndef SIM_H5_UTIL_H
#define SIM_H5_UTIL_H

#include "sim_h5.h"

#include <hdf5.h>

/* gzip level 4: most of the gain of 9 at a fraction of the time. */
#define SIM_H5_DEFLATE_LEVEL 4
/* Rows in a chunk of a table whose chunks are not given. */
#define SIM_H5_CHUNK_ROWS 1024

/* The creation properties of every dataset the writers make: chunked (chunk
 * NULL: whole rows, up to SIM_H5_CHUNK_ROWS of them), shuffled and deflated
 * when compress, and checksummed by HDF5's Fletcher-32 filter, so that h5py,
 * R and h5dump refuse a damaged chunk instead of reading it. A dataset with an
 * empty dimension, or of a type with strings (HDF5 cannot filter
 * variable-length data), gets the default: the seal alone covers it. The
 * caller closes it. */
hid_t sim_h5_dcpl(hid_t type, int rank, const hsize_t *dim, const hsize_t *chunk, int compress);

/* Create the temporary file tmp of a results or sweep file: a user block for
 * the seal (sim_seal.h), HDF5's 1.10 format (every piece of metadata
 * checksummed), tracked for removal on a signal (sim_tmp.h). -1 on failure. */
hid_t sim_h5_create_file(const char *tmp);
/* Close file, seal tmp, rename it to path and sync the folder; on any failure
 * tmp is removed and err says why (SIM_ERUN). */
int sim_h5_finish_file(hid_t file, const char *tmp, const char *path, sim_err *err);
/* fsync the folder of path, so that a rename into it survives a crash. */
void sim_h5_sync_dir(const char *path);

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

/* Open a file crossings wrote, read-only, for a reader: its seal is checked
 * first (sim_seal.h), so that HDF5 never parses a damaged or altered file.
 * Returns the open file, or -1 with err set (SIM_EINPUT: not a file of
 * crossings, or corrupt; the message says which). */
hid_t sim_h5_open_input(const char *path, sim_err *err);

/* The open file of h, and its dimension scales. */
hid_t sim_h5_hid(const sim_h5 *h);
void sim_h5_dims(const sim_h5 *h, hid_t *month, hid_t *area, hid_t *group);

#endif
