/* The simulated world: origin areas, households and persons.
 *
 * Persons and households are columns of compact types (sim_cols). Households
 * are contiguous by area, and the persons of a household are adjacent, so
 * area a's persons are [person_begin[a], person_begin[a+1]) and a phase walks
 * each area's persons in fixed-size blocks (sim_par). */
#ifndef MDL_WORLD_H
#define MDL_WORLD_H

#include "../sim/sim_cols.h"
#include "../sim/sim_par.h"
#include "../sim/sim_rng.h"
#include "mdl_areas.h"
#include "mdl_params.h"

#include <stddef.h>
#include <stdint.h>

/* Reporting groups, the second dimension of every metric. */
enum mdl_group { MDL_WOMEN, MDL_MEN, MDL_GIRLS, MDL_BOYS, MDL_N_GROUPS };

/* Age of majority: the Palermo Protocol counts anyone under 18 as a child
 * (no means of trafficking need be shown). A legal definition, not a
 * parameter to calibrate. */
#define MDL_ADULT_AGE_MONTHS (18 * 12)

enum mdl_sex { MDL_FEMALE = 0, MDL_MALE = 1 };

/* Life-course states (MODEL.md). This slice uses HOME only; the next issues
 * add the transitions. */
enum mdl_state {
    MDL_HOME,
    MDL_SEEKING,
    MDL_IN_TRANSIT,
    MDL_ABROAD_DECENT,
    MDL_ABROAD_EXPLOITED,
    MDL_TRAFFICKED,
    MDL_SHELTER,
    MDL_RETURNING,
    MDL_REINTEGRATING,
    MDL_DEAD, /* an empty slot: died and not replaced */
    MDL_N_STATES
};

/* Purposes of random draws: the third word of the generator's counter. Each
 * decision has its own, so adding a draw never shifts another's numbers. */
enum mdl_purpose {
    MDL_DRAW_SYNTH_AREA = 1, /* population synthesis, one stream per area */
    MDL_DRAW_DEATH = 2,      /* death and the sex of the replacing newborn */
};

typedef struct mdl_persons {
    size_t n;
    uint8_t *sex;         /* enum mdl_sex */
    uint16_t *age_months; /* 0 .. 12 * max_age_years */
    uint8_t *area;        /* index into the areas table */
    uint8_t *state;       /* enum mdl_state */
    uint16_t *months_in_state;
    uint32_t *household; /* index of the household */
    sim_cols cols;
} mdl_persons;

typedef struct mdl_households {
    size_t n;
    uint32_t *first; /* index of the first member; members are adjacent */
    uint8_t *size;   /* members */
    uint8_t *area;
    uint8_t *female_head; /* 0/1 */
    sim_cols cols;
} mdl_households;

typedef struct mdl_world {
    mdl_params p;
    mdl_areas areas;
    mdl_persons persons;
    mdl_households households;
    size_t *person_begin; /* n_areas + 1 bounds */
    sim_blocks blocks;    /* blocks of persons, never spanning two areas */
    double *partials;     /* blocks.n rows of MDL_PARTIAL_WIDTH, made at set-up */
    /* Monthly death probability as a 32-bit threshold, by sex and age in years. */
    uint32_t *death_threshold[2];
    uint32_t male_birth_threshold;
    int threads;
} mdl_world;

/* Reporting group of a person. */
static inline int mdl_group_of(uint8_t sex, uint16_t age_months)
{
    int child = age_months < MDL_ADULT_AGE_MONTHS;
    return sex == MDL_FEMALE ? (child ? MDL_GIRLS : MDL_WOMEN) : (child ? MDL_BOYS : MDL_MEN);
}

/* Allocate the person and household columns (zeroed), the area bounds, the
 * blocks and the scratch partials. */
int mdl_world_alloc_columns(mdl_world *w, size_t n_persons, size_t n_households, sim_err *err);
/* Cut the persons into blocks once person_begin is known. */
int mdl_world_make_blocks(mdl_world *w, size_t partial_width, sim_err *err);
/* Free everything the world holds, and the world. NULL is a no-op. */
void mdl_world_free(mdl_world *w);

#endif
