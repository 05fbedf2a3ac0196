/* Person and household attributes beyond age, sex and household: schooling,
 * ethnicity, documents, violence at home, digital access, awareness, land,
 * social protection and initial debt. Drawn once at synthesis (one random
 * stream per area), and for each newborn. */
#ifndef MDL_ATTRS_H
#define MDL_ATTRS_H

#include "mdl_world.h"

/* Draw every attribute for the synthesised population. Fails only when the
 * schooling table has no rows for an area's country (SIM_EINPUT, in errs). */
int mdl_attrs_init(mdl_world *w, sim_rng_key key, sim_errs *errs);

/* Put a new person in slot i (of its household) this month: a newborn
 * (age 0, role MDL_CHILD) or a young adult who takes over an empty dwelling.
 * Schooling by birth cohort, ethnicity of the household head (or of the area
 * for a newcomer who is the head), documents and digital access by age. */
void mdl_attrs_newcomer(mdl_world *w, size_t i, sim_rng_key key, uint32_t month, int sex,
                        int age_months, int role);

/* Attributes a child gains on a birthday (age_months already advanced):
 * violence at home and digital access are first drawn at 13, a citizenship
 * ID at documents.id_min_age_years. u_a and u_b are two uniform words of the
 * child's month. */
void mdl_attrs_birthday(mdl_world *w, size_t i, uint32_t u_a, uint32_t u_b);

/* Clear person i's migration history (a new person in the slot). */
void mdl_attrs_no_journey(mdl_world *w, size_t i);

/* Calendar year of a month of the run. */
static inline int mdl_year_of(const mdl_world *w, uint32_t month)
{
    return w->start_year + (int)(month / 12);
}

/* Draw a schooling level from the shares of a cohort row with a uniform u. */
int mdl_attrs_draw_education(const mdl_edu_row *row, double u);

#endif
