/* Phases 6 to 11 for one person: the journey from seeking work to home again.
 *
 *   SEEKING --channel, recruiter, offer--> IN_TRANSIT --placement--> ABROAD_DECENT
 *                                                                  | ABROAD_EXPLOITED
 *                                                                  | TRAFFICKED
 *   abroad --exits (mdl_abroad)--> SHELTER (identified) or RETURNING
 *   SHELTER --> RETURNING --> REINTEGRATING --> HOME (mdl_return)
 *
 * Channel choice (phase 6): the regular channel needs an ID card, a passport
 * and the fee; informal channels are a broker, an acquaintance or relative
 * (preferred by women), an online offer (with mobile internet) or crossing
 * alone (preferred by men). A seeker meets a recruiter of the chosen type in
 * her or his area with chance channel.offer_chance a month. A deceptive offer
 * is turned down with chance awareness x channel.decline_skill, less the share
 * a broker's one-day deadline removes. Fees are paid partly upfront by the
 * household; the rest is owed to the recruiter.
 *
 * Placement (phase 7): the sector is drawn from demand open to the person's sex
 * (and age: children also begging); a deceived woman or girl is taken into the
 * sex industry with chance placement.deceived_sex_share, or from conflict areas
 * of Myanmar into forced marriage. A deceived person is trafficked (act,
 * means, purpose); otherwise the work is exploitative with chance
 * placement.exploit_share, else decent; a child in exploitation is trafficked
 * whatever the means. */
#ifndef MDL_JOURNEY_H
#define MDL_JOURNEY_H

#include "mdl_world.h"

/* Whatever phase 6 to 11 applies to person i this month; flows into acc. */
void mdl_journey_person(const mdl_month_ctx *c, size_t i, double *acc);

/* Start a trafficking episode for person i this month in its sector and
 * channel (placement or coercion abroad); counts the flows. */
void mdl_journey_trafficked(const mdl_month_ctx *c, size_t i, double *acc);

/* Is person i away (not at home) in state s? */
static inline int mdl_is_away(uint8_t s)
{
    return s == MDL_IN_TRANSIT || s == MDL_ABROAD_DECENT || s == MDL_ABROAD_EXPLOITED ||
           s == MDL_TRAFFICKED || s == MDL_SHELTER || s == MDL_RETURNING;
}

#endif
