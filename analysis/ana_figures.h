/* The derived figures of docs/FORMAT.md ("Derived figures") that compare
 * and sweeps report, per reporting group and for all persons: one formula,
 * whether the metrics come from a results file (compare) or from a task's
 * series in memory (sweep summaries). */
#ifndef ANA_FIGURES_H
#define ANA_FIGURES_H

#include "../sim/sim_model.h"

#include <stddef.h>

/* The metrics the figures need, summed over months and areas. */
enum {
    ANA_MET_POP,
    ANA_MET_TNEW,
    ANA_MET_RETR,
    ANA_MET_MIGR,
    ANA_MET_DECENT,
    ANA_MET_EXPL,
    ANA_MET_COERCED,
    ANA_MET_IDENT,
    ANA_MET_COST, /* optional: files written before interventions lack it */
    ANA_N_MET
};
extern const char *const ana_met_name[ANA_N_MET];

enum {
    ANA_FIG_INCIDENCE,     /* trafficking incidence per 100,000 a year */
    ANA_FIG_RETRAFFICKING, /* retrafficked / trafficked_new */
    ANA_FIG_MIGRATIONS,    /* migrations a year, real population */
    ANA_FIG_DECENT,        /* decent-work share of migration */
    ANA_FIG_DETECTION,     /* identified / trafficked_new */
    ANA_N_FIG
};
extern const char *const ana_fig_name[ANA_N_FIG];

/* Figure k from sums[ANA_N_MET] over `months` months of a run at `scale`;
 * NAN when its denominator is zero. */
double ana_figure(size_t k, const double *sums, double months, double scale);

/* num / den x mult, or NAN when den is 0. */
double ana_ratio(double num, double den, double mult);

/* The names of a sweep's per-task summaries: "FIGURE.GROUP" for every figure
 * and every group, then "FIGURE.all": ANA_N_FIG x (n_groups + 1) names, figure
 * by figure, written into names (each at most ANA_FIG_NAME_MAX bytes). */
#define ANA_FIG_NAME_MAX 64
size_t ana_figure_names(const char *const *groups, size_t n_groups,
                        char (*names)[ANA_FIG_NAME_MAX]);

/* The same figures of one run's series in memory, [month][area][group][metric]
 * with the model's metrics, over months from..months-1: out in the order of
 * ana_figure_names. SIM_EINPUT when a metric the figures need is missing. */
int ana_figures_of_series(const double *series, size_t months, size_t n_areas, size_t n_groups,
                          const sim_metric_desc *metrics, size_t n_metrics, double scale,
                          size_t from, double *out, sim_err *err);

#endif
