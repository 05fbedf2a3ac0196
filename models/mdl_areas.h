/* Origin areas and their population tables (scenarios/data/).
 *
 * areas.csv: one row per origin area (province, state or region) with its
 * population and household figures; age_sex.csv: each country's age-sex
 * structure in 5-year groups. SOURCES.md beside them says where each number
 * comes from. */
#ifndef MDL_AREAS_H
#define MDL_AREAS_H

#include "../sim/sim_error.h"

#include <stddef.h>

#define MDL_AREA_CODE_MAX  16
#define MDL_AREA_NAME_MAX  64
#define MDL_MAX_AGE_GROUPS 32

typedef struct mdl_area {
    char code[MDL_AREA_CODE_MAX]; /* ISO 3166-2, e.g. "KH-1" */
    char country[4];              /* "KH" or "MM" */
    char name[MDL_AREA_NAME_MAX];
    double population;          /* persons, census */
    double sex_ratio;           /* males per 100 females */
    double urban_share;         /* 0..1 */
    double mean_household_size; /* persons */
    double female_head_share;   /* share of households headed by a woman */
    double poverty_rate;        /* 0..1 */
    int borders_thailand, conflict_affected, flood_exposure; /* 0/1 */
} mdl_area;

/* One country's age-sex structure: shares of its total population. */
typedef struct mdl_age_sex {
    char country[4];
    size_t n_groups;
    int age_from[MDL_MAX_AGE_GROUPS], age_to[MDL_MAX_AGE_GROUPS]; /* years, to exclusive */
    double male[MDL_MAX_AGE_GROUPS], female[MDL_MAX_AGE_GROUPS];
} mdl_age_sex;

typedef struct mdl_areas {
    size_t n;
    mdl_area *v;
    const char **codes, **names, **countries; /* n pointers into v, for the results file */
    size_t n_countries;
    mdl_age_sex countries_age[4];
} mdl_areas;

/* Read areas.csv and age_sex.csv from dir. Every row error is appended to
 * errs; returns SIM_OK or SIM_EINPUT (SIM_ENOMEM when out of memory). */
int mdl_areas_load(mdl_areas *a, const char *dir, sim_errs *errs);
void mdl_areas_release(mdl_areas *a);

/* The age-sex structure of an area's country (never NULL after a good load). */
const mdl_age_sex *mdl_areas_age_sex(const mdl_areas *a, size_t area);

#endif
