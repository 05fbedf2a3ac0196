/* The model's metrics table (mdl_metrics.def) and the census of stocks. */
#ifndef MDL_METRICS_H
#define MDL_METRICS_H

#include "../sim/sim_model.h"
#include "mdl_world.h"

enum mdl_metric {
#define M(id, kind, unit, meaning) MDL_M_##id,
#include "mdl_metrics.def"
#undef M
    MDL_N_METRICS
};

/* Doubles per block partial and per area in a month's metrics: [group][metric]. */
#define MDL_PARTIAL_WIDTH ((size_t)MDL_N_GROUPS * MDL_N_METRICS)

/* Index of (group, metric) inside an area's row. */
static inline size_t mdl_metric_at(int group, int metric)
{
    return (size_t)group * MDL_N_METRICS + (size_t)metric;
}

/* The [metric] row of acc (a block's [group][metric] partials) for person i's
 * reporting group. */
static inline double *mdl_row_of(double *acc, const mdl_persons *ps, size_t i)
{
    return acc + mdl_metric_at(mdl_group_of(ps->sex[i], ps->age_months[i]), 0);
}

extern const sim_metric_desc mdl_metrics[MDL_N_METRICS];
extern const char *const mdl_group_names[MDL_N_GROUPS];

/* Count the members of household hh into the stocks of acc (a block's
 * [group][metric] partials) at the end of the month. */
void mdl_metrics_household(const mdl_world *w, size_t hh, double *acc);

#endif
