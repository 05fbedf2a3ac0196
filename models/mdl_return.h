/* Phases 10 and 11: shelter, return and reintegration.
 *
 * An identified victim goes to a shelter for a stay whose mean is
 * shelter.months_women for women and children (the detention regime holds
 * them longer) and shelter.months_men for men, uniform within half that mean
 * either side, except shelter.long_share of stays that last one to two years
 * (SHELTER); there she or he is trained (shelter.training: stereotyped or
 * higher-return), then repatriated formally. Others return on their own, are
 * deported, or escape. Home again, savings and debts come home with the
 * returnee; women back from the sex industry carry reintegration.stigma_sex,
 * anyone back without savings reintegration.stigma_failed, fading at
 * reintegration.stigma_decay a month; services reach identified returnees with
 * reintegration.services_identified and others with services_other, for
 * reintegration.services_months. Experience raises awareness, and some
 * trafficked returnees will only take the legal route next time. */
#ifndef MDL_RETURN_H
#define MDL_RETURN_H

#include "mdl_world.h"

/* Did person i, back home, fail: bring home savings below
 * reintegration.failed_savings_months of the household's need? (The one
 * definition of a failed migration: stigma, and the neighbours' signal.) */
static inline int mdl_return_failed(const mdl_world *w, size_t i)
{
    const mdl_persons *ps = &w->persons;
    return ps->saved_usd[i] < w->p.failed_savings_months * w->households.need_usd[ps->household[i]];
}

/* Months of a shelter stay for person i from two uniforms. */
int mdl_return_shelter_months(const mdl_params *p, int female_or_child, double u1, double u2);

/* The same for a stay of mean months (this month's rules for the victim). */
int mdl_return_shelter_stay(const mdl_params *p, double mean, double u1, double u2);

/* Person i is identified: to a shelter, detected. */
void mdl_return_identified(const mdl_month_ctx *c, size_t i, double u1, double u2, double *acc);

/* Person i leaves work abroad without being identified: on the way home. */
void mdl_return_leave(const mdl_month_ctx *c, size_t i, int deported);

/* Shelter, the way home, reintegration, and stigma fading at home. */
void mdl_return_person(const mdl_month_ctx *c, size_t i, double *acc);

#endif
