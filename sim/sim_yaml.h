/* Rules shared by every YAML input file (scenarios and sweep designs).
 *
 * Both loaders read a file whole, check it with sim_yaml_check_flow before
 * libyaml sees it, check its nesting from parser events with
 * sim_yaml_check_nesting, load the document, and then reject duplicate keys
 * with sim_yaml_check_keys. The limits are far above any real file and far
 * below what makes libyaml slow: a 300 KB file of nested '[' takes libyaml
 * about 100 s (its cost grows about as n^2.6), and the loaders walk nested
 * mappings recursively. */
#ifndef SIM_YAML_H
#define SIM_YAML_H

#include "sim_error.h"

#include <stddef.h>
#include <stdio.h>
#include <yaml.h>

/* Real scenarios and designs are a few KB; 1 MiB is a mistake, not a file. */
#define SIM_YAML_MAX_BYTES (1L << 20)
/* Real files nest fewer than 10 levels (top level, group, parameter, list). */
#define SIM_YAML_MAX_DEPTH 64

/* Read all of fp (at most SIM_YAML_MAX_BYTES) into *bytes, NUL-terminated and
 * owned by the caller (freed even on error). what names the kind of file in
 * messages ("scenario file"). Returns SIM_OK; SIM_EINPUT for a file too large
 * (the message gives the limit and the size found); SIM_ERUN for a read error;
 * SIM_ENOMEM. The error goes to e, without a file name. */
int sim_yaml_read(FILE *fp, const char *what, char **bytes, size_t *len, sim_err *e);

/* Check text before any parsing: flow collections ('[' and '{' outside
 * quotes and comments) nested at most SIM_YAML_MAX_DEPTH deep. A cheap scan,
 * not a parser: it may miss a bracket hidden in an odd scalar, which
 * sim_yaml_check_nesting then catches. Returns SIM_OK or SIM_EINPUT with e at
 * the line and column of the first bracket too deep. */
int sim_yaml_check_flow(const char *bytes, size_t len, sim_err *e);

/* Run the parser over text for its events and check that collections (block
 * and flow) nest at most SIM_YAML_MAX_DEPTH deep. A syntax error is not this
 * check's business: it returns SIM_OK and the load reports it. Returns SIM_OK,
 * SIM_EINPUT (e at the collection too deep) or SIM_ENOMEM. */
int sim_yaml_check_nesting(const char *bytes, size_t len, sim_err *e);

/* Append one error to errs for every key given twice in a mapping of doc (any
 * mapping, any depth), at the second occurrence in file path, naming the
 * first: "key 'x' given twice: first at F:L:C". Keys are compared as text.
 * When is_dup is not NULL, *is_dup gets one byte per node of doc (owned by
 * the caller; NULL when there are no duplicates), set for the key node of
 * every second occurrence: a loader skips those pairs (the first wins) and
 * goes on, so one pass still reports every error. Returns the number of
 * duplicates found (errs may be short of memory). */
size_t sim_yaml_check_keys(yaml_document_t *doc, const char *path, sim_errs *errs,
                           unsigned char **is_dup);

/* Is node id a key given twice (is_dup from sim_yaml_check_keys)? */
int sim_yaml_is_dup(const unsigned char *is_dup, int id);

#endif
