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
