#include "sim_progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#define BAR_WIDTH 30
#define REDRAW_S  0.1

double sim_clock_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void sim_progress_init(sim_progress *p, FILE *f, size_t total)
{
    p->f = f && isatty(fileno(f)) ? f : NULL;
    p->total = total ? total : 1;
    p->done = 0;
    p->start_s = p->last_s = sim_clock_s();
}

void sim_progress_add(sim_progress *p, size_t n, const char *label)
{
    p->done += n;
    if (!p->f)
        return;
    double now = sim_clock_s();
    if (now - p->last_s < REDRAW_S && p->done < p->total)
        return;
    p->last_s = now;
    int filled = (int)(BAR_WIDTH * p->done / p->total);
    char eta[32] = "";
    double left = p->done ? (now - p->start_s) * (double)(p->total - p->done) / (double)p->done : 0;
    if (p->done && p->done < p->total)
        snprintf(eta, sizeof eta, " %dm%02ds left", (int)(left / 60), (int)left % 60);
    fprintf(p->f, "\r[%-*.*s] %3d%%%-14s %-32.32s", BAR_WIDTH, filled,
            "##############################", (int)(100 * p->done / p->total), eta, label);
    fflush(p->f);
}

void sim_progress_finish(sim_progress *p)
{
    if (p->f)
        fprintf(p->f, "\r%*s\r", BAR_WIDTH + 48, "");
}
