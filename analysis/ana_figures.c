#include "ana_figures.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const ana_met_name[ANA_N_MET] = {
    "population", "trafficked_new", "retrafficked",
    "migrations", "placed_decent",  "placed_exploited",
    "coerced",    "identified",     "intervention_cost_usd",
};

const char *const ana_fig_name[ANA_N_FIG] = {
    "incidence_per_100k_year", "retrafficking_rate", "migrations_per_year",
    "decent_work_share",       "detection_ratio",
};

double ana_ratio(double num, double den, double mult)
{
    return den != 0 ? num / den * mult : NAN;
}

double ana_figure(size_t k, const double *v, double months, double scale)
{
    double years = months / 12;
    switch (k) {
    case ANA_FIG_INCIDENCE:
        return ana_ratio(v[ANA_MET_TNEW], v[ANA_MET_POP] / months, 1e5 / years);
    case ANA_FIG_RETRAFFICKING:
        return ana_ratio(v[ANA_MET_RETR], v[ANA_MET_TNEW], 1);
    case ANA_FIG_MIGRATIONS:
        return ana_ratio(v[ANA_MET_MIGR], scale * years, 1);
    case ANA_FIG_DECENT:
        return ana_ratio(v[ANA_MET_DECENT],
                         v[ANA_MET_DECENT] + v[ANA_MET_EXPL] + v[ANA_MET_TNEW] - v[ANA_MET_COERCED],
                         1);
    default:
        return ana_ratio(v[ANA_MET_IDENT], v[ANA_MET_TNEW], 1);
    }
}

size_t ana_figure_names(const char *const *groups, size_t n_groups, char (*names)[ANA_FIG_NAME_MAX])
{
    size_t n = 0;
    for (size_t k = 0; k < ANA_N_FIG; k++)
        for (size_t g = 0; g <= n_groups; g++)
            snprintf(names[n++], ANA_FIG_NAME_MAX, "%s.%s", ana_fig_name[k],
                     g < n_groups ? groups[g] : "all");
    return n;
}

int ana_figures_of_series(const double *series, size_t months, size_t n_areas, size_t n_groups,
                          const sim_metric_desc *metrics, size_t n_metrics, double scale,
                          size_t from, double *out, sim_err *err)
{
    size_t col[ANA_N_MET];
    for (size_t i = 0; i < ANA_N_MET; i++) {
        col[i] = n_metrics;
        for (size_t k = 0; k < n_metrics; k++)
            if (strcmp(metrics[k].name, ana_met_name[i]) == 0)
                col[i] = k;
        if (col[i] == n_metrics && i != ANA_MET_COST)
            return SIM_RAISE(err, SIM_EINPUT, "the model has no metric %s (the figures need it)",
                             ana_met_name[i]);
    }
    if (from >= months)
        return SIM_RAISE(err, SIM_EINPUT, "summaries from month %zu: the run has %zu months", from,
                         months);
    double *sums = calloc((n_groups + 1) * ANA_N_MET, sizeof *sums);
    if (!sums)
        return SIM_RAISE(err, SIM_ENOMEM, "out of memory for the figures");
    for (size_t mo = from; mo < months; mo++)
        for (size_t a = 0; a < n_areas; a++)
            for (size_t g = 0; g < n_groups; g++) {
                const double *cell = series + ((mo * n_areas + a) * n_groups + g) * n_metrics;
                for (size_t i = 0; i < ANA_N_MET; i++) {
                    double x = col[i] < n_metrics ? cell[col[i]] : 0;
                    sums[g * ANA_N_MET + i] += x;
                    sums[n_groups * ANA_N_MET + i] += x;
                }
            }
    size_t n = 0;
    for (size_t k = 0; k < ANA_N_FIG; k++)
        for (size_t g = 0; g <= n_groups; g++)
            out[n++] = ana_figure(k, sums + g * ANA_N_MET, (double)(months - from), scale);
    free(sums);
    return SIM_OK;
}
