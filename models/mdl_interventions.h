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
 * Every month the rules of the month (w->rules, mdl_rules) are computed from
 * the scenario's parameters (w->p, never edited) and the interventions in
 * their window. Interventions that reach persons do so in the household pass
 * with the monthly chance that reaches `coverage` of the target over the
 * window (over a year when the window is open-ended). Rule-type interventions
 * (channel reform, inspection, identification, shelters, recruiter
 * regulation, local wages, debt relief's interest) act on an agent only if it
 * is in the target and covered: a draw fixed for the run per intervention and
 * agent (person, household or recruiter) falls below `coverage`; the
 * accessors below say so. Target keys a rule cannot honour are refused by
 * mdl_interventions_check. Persons reached and their cost are metrics
 * (intervention_reached, intervention_cost_usd). */
#ifndef MDL_INTERVENTIONS_H
#define MDL_INTERVENTIONS_H

#include "mdl_world.h"

/* Check the interventions of params against the areas and destinations
 * (target areas and destinations known, windows and ages in order, no
 * target key an intervention cannot honour). Errors name the scenario key. */
int mdl_interventions_check(const mdl_params *p, const mdl_areas *areas,
                            const mdl_destinations *dest, sim_errs *errs);

/* Set up w->iv and the rules of a month without interventions from w->p
 * (needs w->key, the areas and the destinations). */
int mdl_interventions_init(mdl_world *w, sim_errs *errs);

/* Phase 12 at the start of month: which interventions act, and this
 * month's rules (w->rules). */
void mdl_interventions_month(mdl_world *w, uint32_t month);

/* Phase 12 for person i: reached by the interventions acting this month? */
void mdl_interventions_person(const mdl_month_ctx *c, size_t i, double *acc);

/* The first month any intervention or shock of params acts (months: none). */
int64_t mdl_interventions_first_month(const mdl_params *p, int64_t months);

/* Is person i in the target of intervention k (MDL_IV_*)? */
int mdl_interventions_targets(const mdl_world *w, int k, size_t i);

/* Count person i as reached by intervention k (metrics and cost). */
void mdl_interventions_reached(const mdl_world *w, int k, size_t i, double *acc);

/* Is person i in the target of intervention k, covered by it (the fixed
 * draw), with k acting this month? */
int mdl_interventions_covers(const mdl_world *w, int k, size_t i);

/* Is trafficked person i's workplace under the inspection regime this month:
 * inspection acts, her or his destination is named (internal migrants: any)
 * and she or he is targeted and covered? (The inspection hazard rises only
 * in the named sectors, w->iv.inspected; the union hazard in any.) */
int mdl_interventions_inspected(const mdl_world *w, size_t i);

/* The regular channel's fee and waiting time person i faces this month: the
 * reformed ones if channel reform covers her or him, else the scenario's. */
void mdl_interventions_regular_terms(const mdl_world *w, size_t i, double *fee_usd,
                                     double *wait_months);

/* The hotline hazard (a year) and the fear factor of the undocumented for
 * victim i: identification and shelter reform, where they cover her or him. */
void mdl_interventions_hotline(const mdl_world *w, size_t i, double *hazard, double *fear);

/* The mean shelter stay of victim i, identified this month. */
double mdl_interventions_shelter_months(const mdl_world *w, size_t i, int female_or_child);

/* The monthly interest rate of household hh: debt relief's for households
 * whose head is targeted and covered (a fixed draw per household). */
double mdl_interventions_interest(const mdl_world *w, size_t hh);

/* Does decent local work set the wages of area a this month? */
int mdl_interventions_wages_apply(const mdl_world *w, size_t area);

#endif
