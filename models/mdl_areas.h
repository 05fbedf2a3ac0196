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
#include <stdint.h>

#define MDL_AREA_CODE_MAX  16
#define MDL_AREA_NAME_MAX  64
#define MDL_MAX_AGE_GROUPS 32
#define MDL_MAX_COUNTRIES  4

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
    double minority_share;      /* ethnic minority share; -1 when the table has none */
    int borders_thailand, conflict_affected, flood_exposure; /* 0/1 */
    int country_index;                                       /* into mdl_areas.countries_age */
} mdl_area;

/* One row of national.csv. */
typedef struct mdl_fact {
    char country[4];
    char indicator[64];
    char sex[8]; /* "male", "female", "total" */
    double value;
} mdl_fact;

/* Final schooling shares of one country, sex and birth cohort (education.csv). */
typedef struct mdl_edu_row {
    char country[4];
    int sex; /* enum mdl_sex values: 0 female, 1 male */
    int birth_from, birth_to;
    double share[4]; /* none, primary, lower secondary, upper secondary */
} mdl_edu_row;

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
    mdl_age_sex countries_age[MDL_MAX_COUNTRIES];
    mdl_fact *facts; /* national.csv */
    size_t n_facts;
    mdl_edu_row *edu; /* education.csv */
    size_t n_edu;
    char dir[SIM_ERR_PATH]; /* where the tables were read */
} mdl_areas;

/* Read areas.csv, age_sex.csv, national.csv and education.csv from dir. Every row error is appended
 * to errs; returns SIM_OK or SIM_EINPUT (SIM_ENOMEM when out of memory). */
int mdl_areas_load(mdl_areas *a, const char *dir, sim_errs *errs);
void mdl_areas_release(mdl_areas *a);

/* A national fact, e.g. ("KH", "labour_force_participation", "female"). On a
 * missing row returns SIM_EINPUT with an error naming national.csv. */
int mdl_areas_fact(const mdl_areas *a, const char *country, const char *indicator, const char *sex,
                   double *out, sim_errs *errs);

/* Schooling shares for a country, sex and birth year (the nearest cohort when
 * the year is outside the table). NULL when the country has no rows. */
const mdl_edu_row *mdl_areas_education(const mdl_areas *a, const char *country, int sex,
                                       int birth_year);

/* Mark in on[area] the areas of a comma-separated list of codes (every area
 * when the list is empty; on holds at least a->n bytes). An unknown code is
 * an error naming key, with the codes allowed. */
int mdl_areas_parse_list(const mdl_areas *a, const char *list, const char *key, uint8_t *on,
                         sim_errs *errs);

/* The age-sex structure of an area's country (never NULL after a good load). */
const mdl_age_sex *mdl_areas_age_sex(const mdl_areas *a, size_t area);

#endif
