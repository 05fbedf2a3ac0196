/* Interventions (MODEL.md "Interventions"; phase 12 "Policy").
 *
 * A scenario lists its interventions under `interventions:`; each has a
 * window (start_month, end_month), a target (sex, ages, areas, group), a
 * coverage and a cost per person reached, and settings of its own
 * (mdl_params.def, "interventions.*"). They act only through parameters and
 * agent attributes:
 *   awareness_campaign      raises the awareness of persons reached; the venue
 *                           decides who can be reached
 *   documentation_access    persons reached apply for an ID card (and a
 *                           passport) at a lower fee and wait (mdl_documents.h);
 *                           gender-blind, it meets the usual barriers for women
 *   regular_channel_reform  cuts the licensed agency's fee and waiting time
 *   and labour inspection, victim-friendly identification, shelter reform,
 *   stigma reduction, debt relief, migration bans, recruiter regulation, a
 *   reintegration programme, social protection, girls' education and decent
 *   local work (docs/ODD.md, "Policy", says what each does)
 * Every month the scenario's parameters are copied and the interventions in
 * their window edit the copy (the model reads w->p); persons are reached in
 * the household pass with the monthly chance that reaches `coverage` of the
 * target over the window (over a year when the window is open-ended). Persons
 * reached and their cost are metrics (intervention_reached,
 * intervention_cost_usd). */
#ifndef MDL_INTERVENTIONS_H
#define MDL_INTERVENTIONS_H

#include "mdl_world.h"

/* Check the interventions of params against the areas (target areas known,
 * windows and ages in order). Errors name the scenario key. */
int mdl_interventions_check(const mdl_params *p, const mdl_areas *areas, sim_errs *errs);

/* Set up w->iv from w->p (keeping the scenario's parameters in w->p0). */
int mdl_interventions_init(mdl_world *w, sim_errs *errs);

/* Phase 12 at the start of month: this month's parameters and which
 * interventions act. */
void mdl_interventions_month(mdl_world *w, uint32_t month);

/* Phase 12 for person i: reached by the interventions acting this month? */
void mdl_interventions_person(const mdl_month_ctx *c, size_t i, double *acc);

/* The first month any intervention or shock of params acts (months: none). */
int64_t mdl_interventions_first_month(const mdl_params *p, int64_t months);

/* Is person i in the target of intervention k (MDL_IV_*)? */
int mdl_interventions_targets(const mdl_world *w, int k, size_t i);

/* Count person i as reached by intervention k (metrics and cost). */
void mdl_interventions_reached(const mdl_world *w, int k, size_t i, double *acc);

#endif
