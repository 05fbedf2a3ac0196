/* Paths the program reads and writes, checked before any work starts, and
 * the estimates that decide whether a run fits the machine.
 *
 * Inputs must be readable regular files: a FIFO is refused before it is
 * opened (opening one blocks until a writer comes). An output must not be an
 * input (after links are resolved), nor a directory, and its folder must be
 * writable. A run or sweep whose estimated disk or memory exceeds what is
 * free is refused unless forced.
 *
 * Test-only: CROSSINGS_TEST_FREE_BYTES and CROSSINGS_TEST_AVAIL_BYTES, when
 * set to a number, replace the free disk space and the available memory
 * measured, so the refusals can be tested on any machine. */
#ifndef SIM_PATHS_H
#define SIM_PATHS_H

#include "sim_error.h"

#include <stddef.h>
#include <stdio.h>

/* Memory of the program itself (code, libraries, HDF5 caches), on top of
 * the worlds: the peak RSS of a run at scale 0.001 is 45 MB. */
#define SIM_PATHS_BASE_BYTES 64e6

/* path exists, is a regular file (links followed) and is readable; else
 * SIM_EINPUT naming path and the reason ("does not exist", "is a directory",
 * "is a FIFO, not a regular file", "cannot read: Permission denied"). */
int sim_paths_check_input(const char *path, sim_err *err);

typedef enum sim_paths_kind {
    SIM_PATHS_FILE, /* a file replaced at the end (written beside it, renamed) */
    SIM_PATHS_DIR   /* a folder that files are written in, made when missing */
} sim_paths_kind;

/* Is out fit to be written, before any work: not one of the n inputs (the
 * same file after links: st_dev and st_ino when it exists, else the real path
 * of its folder and its name), not a directory (SIM_PATHS_FILE) or not a
 * file (SIM_PATHS_DIR), and its folder exists and is writable. SIM_EINPUT
 * naming out and the reason. */
int sim_paths_check_output(const char *out, sim_paths_kind kind, const char *const *inputs,
                           size_t n_inputs, sim_err *err);

/* 1 when a and b name the same file (links resolved; b may not exist yet),
 * else 0. */
int sim_paths_same(const char *a, const char *b);

/* A scenario name fit to name a results group and a file (results/NAME.h5):
 * not empty, no '/', not "." or ".."; else SIM_EINPUT. */
int sim_paths_check_name(const char *name, sim_err *err);

/* Free bytes for an unprivileged user on the filesystem that holds path (or
 * its nearest existing folder); negative when unknown. */
double sim_paths_free_bytes(const char *path);
/* MemAvailable of /proc/meminfo in bytes; negative when unknown. */
double sim_paths_avail_memory(void);
/* MemAvailable of the text of /proc/meminfo, bytes; negative if absent. */
double sim_paths_parse_meminfo(const char *text);

/* The shape of a run's results: what the file holds per replicate. */
typedef struct sim_paths_layout {
    size_t months, n_areas, n_groups, n_metrics;
    double n_agents;               /* persons of one world */
    double events_per_agent_month; /* event rows, estimated */
    size_t event_cols;             /* 32-bit columns of an event row */
} sim_paths_layout;

/* Bytes of one replicate's series: months x areas x groups x metrics x 8. */
double sim_paths_series_bytes(const sim_paths_layout *l);
/* Bytes of one replicate's event rows, estimated per person and month. */
double sim_paths_event_bytes(const sim_paths_layout *l);
/* A results file of n_runs replicates (scenarios x replicates),
 * uncompressed: series plus event tables. */
double sim_paths_run_bytes(const sim_paths_layout *l, double n_runs);
/* Peak memory of a process holding n_worlds worlds of world_bytes each at
 * once, two series buffers and the program. */
double sim_paths_memory_bytes(const sim_paths_layout *l, double world_bytes, double n_worlds);

/* "1.5 GB": decimal units, one decimal above bytes. */
void sim_paths_human(double bytes, char *buf, size_t cap);

/* Does the work fit: disk_bytes against the free space under output,
 * memory_bytes against the available memory (an unknown figure fits)? When
 * not, SIM_EINPUT with the estimate and what is free, unless force: then a
 * warning with the estimate on warn (may be NULL) and SIM_OK. what names the
 * work ("the run", "the sweep"). */
int sim_paths_check_fits(const char *what, const char *output, double disk_bytes,
                         double memory_bytes, int force, FILE *warn, sim_err *err);

#endif
