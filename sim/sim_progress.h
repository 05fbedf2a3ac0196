/* A progress bar on stderr, drawn only when stderr is a terminal. */
#ifndef SIM_PROGRESS_H
#define SIM_PROGRESS_H

#include <stddef.h>
#include <stdio.h>

typedef struct sim_progress {
    FILE *f;      /* NULL when quiet */
    size_t total; /* units of work (months over all runs) */
    size_t done;
    double last_s; /* time of the last redraw */
    double start_s;
} sim_progress;

/* Start a bar for total units; quiet unless f is a terminal. */
void sim_progress_init(sim_progress *p, FILE *f, size_t total);
/* Count n more units done; redraws at most ten times a second. */
void sim_progress_add(sim_progress *p, size_t n, const char *label);
/* Clear the bar's line. */
void sim_progress_finish(sim_progress *p);

/* Monotonic clock in seconds. */
double sim_clock_s(void);

#endif
