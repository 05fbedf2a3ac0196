/* Recruiters as agents (MODEL.md "Recruiters"; FIELD-EVIDENCE 3.3).
 *
 * Each origin area has licensed agencies, informal brokers, acquaintances or
 * relatives who find work for others, and online advertisers, in numbers per
 * 100,000 persons (recruiters.*_per_100k, at least one of each). Each has a
 * deception propensity drawn around its type's mean. Informal brokers and
 * online advertisers are sanctioned at recruiters.sanction_hazard and replaced
 * at once by a newcomer, who is a former migrant with chance
 * recruiters.former_migrant_share. Where brokers are policed (sanctions a
 * year per broker, remembered with recruiters.policing_memory), recruitment
 * shifts: the broker channel loses weight (recruiters.broker_retreat) and
 * online offers gain it (recruiters.shift_online). */
#ifndef MDL_RECRUIT_H
#define MDL_RECRUIT_H

#include "mdl_world.h"

/* Types, in the order of their channels MDL_CH_REGULAR .. MDL_CH_ONLINE. */
enum mdl_recruiter_type { MDL_REC_AGENCY, MDL_REC_BROKER, MDL_REC_KIN, MDL_REC_ONLINE };

/* Recruiters of each area and type for the simulated population at scale. */
int mdl_recruit_init(mdl_world *w, sim_rng_key key, double scale, sim_err *err);

/* Sanctions and replacements of the month (serial; few recruiters). */
void mdl_recruit_month(mdl_world *w, const sim_month *m);

/* The recruiter of type t in area a that a seeker meets, chosen by the uniform
 * word u; SIZE_MAX when the area has none of that type. */
size_t mdl_recruit_pick(const mdl_world *w, size_t area, int type, uint32_t u);

/* Recruiter type of a channel, or -1 for crossing alone. */
static inline int mdl_recruit_type_of(int channel)
{
    return channel >= MDL_CH_REGULAR && channel <= MDL_CH_ONLINE ? channel - MDL_CH_REGULAR : -1;
}

#endif
