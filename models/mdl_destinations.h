/* Destinations of cross-border migration (destinations.csv).
 *
 * One row per destination country: the share of each origin country's
 * cross-border migrants who go there (weight_KH, weight_MM, ...: relative
 * weights, normalised per origin country), the wage there relative to the
 * destination wage of the parameters, how often victims are identified and
 * undocumented migrants deported there relative to the parameters, its ISO
 * 3166-1 numeric code (the episode table records it), whether a
 * regular (licensed agency) channel leads there, and whether forced marriages
 * lead there. The baseline ships Thailand (every labour migrant) and China
 * (forced marriage only); scenarios may point destinations.file at another
 * table (scenarios/data/destinations_region.csv adds Malaysia and Chinese
 * labour demand). */
#ifndef MDL_DESTINATIONS_H
#define MDL_DESTINATIONS_H

#include "../sim/sim_error.h"
#include "mdl_areas.h"

#include <stdint.h>

#define MDL_MAX_DESTINATIONS 8

typedef struct mdl_destination {
    char code[MDL_AREA_CODE_MAX];
    char name[MDL_AREA_NAME_MAX];
    int iso_numeric;                  /* ISO 3166-1 numeric country code, e.g. 764 Thailand */
    double weight[MDL_MAX_COUNTRIES]; /* by origin country (mdl_area.country_index) */
    double wage_ratio, identification_ratio, deportation_ratio;
    int regular_channel, forced_marriage; /* 0/1 */
} mdl_destination;

typedef struct mdl_destinations {
    size_t n;
    mdl_destination v[MDL_MAX_DESTINATIONS];
    /* P(row <= r) for a migrant of each origin country, as 32-bit thresholds */
    uint32_t cumulative[MDL_MAX_COUNTRIES][MDL_MAX_DESTINATIONS];
    double wage_ratio_mean[MDL_MAX_COUNTRIES]; /* the migrants' expected wage ratio */
    int marriage;                              /* row forced marriages lead to, or -1 */
} mdl_destinations;

/* Read and check the table at path for the origin countries of areas. Errors
 * (file, line, column, allowed values) are appended to errs; returns SIM_OK
 * or SIM_EINPUT. */
int mdl_destinations_load(mdl_destinations *d, const char *path, const mdl_areas *areas,
                          sim_errs *errs);

/* The destination row of a cross-border migrant from origin country c, drawn
 * with the 32-bit word u. */
static inline int mdl_destination_draw(const mdl_destinations *d, int c, uint32_t u)
{
    for (size_t r = 0; r + 1 < d->n; r++)
        if (u < d->cumulative[c][r] || d->cumulative[c][r] == UINT32_MAX)
            return (int)r; /* (a full share ends the draw: later rows weigh nothing) */
    return (int)d->n - 1;
}

#endif
