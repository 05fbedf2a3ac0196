/* Recruiters as agents (MODEL.md "Recruiters"; FIELD-EVIDENCE 3.3).
 *
 * Each origin area has places for licensed agencies, informal brokers,
 * acquaintances or relatives who find work for others, and online
 * advertisers, in numbers per 100,000 persons (recruiters.*_per_100k, at
 * least one of each). The occupant of a place has its own deception, a reach
 * (recruits a month it can take: recruiters.*_reach), a licence (agencies:
 * only licensed places recruit for the regular channel), and may be a former
 * migrant (more trusted; one who was trafficked deceives differently).
 *
 * Sanctions (serial, at the start of the month) select: the hazard grows with
 * the identified victims who named the occupant (recruiters.named_hazard
 * each) and, for unlicensed brokers and online advertisers, with policing
 * (recruiters.sanction_hazard); both times the enforcement effort, which
 * recruiter_regulation raises (sanction_factor) for the covered places of
 * its target areas. A sanctioned place stays empty for
 * recruiters.entry_delay_months; its entrant's deception depends on the
 * enforcement (entrant_deception_enforcement) and on how much recruitment of
 * its type pays now against before (entrant_deception_profit). Where brokers
 * are sanctioned (sanctions a year per broker, remembered with
 * recruiters.policing_memory), recruitment shifts: the broker channel loses
 * weight (recruiters.broker_retreat) and online offers gain it
 * (recruiters.shift_online).
 *
 * Networks: a broker, acquaintance or online advertiser is tied, with chance
 * recruiters.network_share (drawn at set-up and again by each entrant), to
 * an upstream partner, a working agency or broker of the same origin
 * country who arranges transport and employers (drawn in proportion to the
 * real operators a place stands for, its weight). An offer through a tied
 * place deceives with the mean of the two deceptions (the recruiter says
 * what the job is, the partner decides what it turns out to be). When a
 * place named by victims is sanctioned, its partner's hazard rises
 * (recruiters.network_exposure per such sanction of a real downstream
 * recruiter, from the next month, fading with policing_memory):
 * investigations follow the chain. While a partner's
 * place is empty its downstream places have no outlet and take no one.
 *
 * Displacement: a sanctioned licensed agency loses its licence and its
 * place; with chance recruiters.sanctioned_go_informal its operator goes on
 * recruiting as a broker of the same area (an empty broker place, else the
 * least-asked broker's), keeping its deception and its downstream network.
 * The regular channel loses an agency, the broker channel gains an operator:
 * how regulation can do harm.
 *
 * Capacity without a race: the journey phase runs in parallel, so a seeker
 * is taken by the recruiter she or he asks with the place's availability,
 * fixed before the pass (capacity / seekers who asked last month, at most 1);
 * a refused seeker asks the next place of the type, up to
 * recruiters.max_asks. Asks and namings are integer counters added
 * atomically: their sums do not depend on the threads. */
#ifndef MDL_RECRUIT_H
#define MDL_RECRUIT_H

#include "mdl_world.h"

/* Types, in the order of their channels MDL_CH_REGULAR .. MDL_CH_ONLINE. */
enum mdl_recruiter_type { MDL_REC_AGENCY, MDL_REC_BROKER, MDL_REC_KIN, MDL_REC_ONLINE };

/* Recruiters of each area and type for the simulated population at scale. */
int mdl_recruit_init(mdl_world *w, sim_rng_key key, double scale, sim_err *err);

/* Sanctions, entries and availability of the month (serial; few recruiters). */
void mdl_recruit_month(mdl_world *w, const sim_month *m);

/* Add the month's recruiter counts (sanctions, places worked and empty,
 * deception) to metrics (areas x MDL_PARTIAL_WIDTH). Recruiters have no
 * reporting group: they are counted under the first (women). */
void mdl_recruit_metrics(const mdl_world *w, double *metrics);

/* The recruiter of type t in area a that takes a seeker, the first asked
 * chosen by the uniform word u; SIZE_MAX when the area has none of that type
 * or every one asked is full or empty this month. Counts the asks. */
size_t mdl_recruit_pick(const mdl_world *w, size_t area, int type, uint32_t u);

/* Person i, a victim just identified, names her or his recruiter with chance
 * recruiters.naming_share, if it still works the place (parallel-safe). */
void mdl_recruit_named(const mdl_month_ctx *c, size_t i, double *acc);

/* Chance that an offer made through recruiter rec is a deception: its own
 * deception, or for a place tied to a working upstream partner the mean of
 * its own and the partner's (0 for crossing alone, rec == SIZE_MAX). */
double mdl_recruit_deception(const mdl_world *w, size_t rec);

/* Factor on the chance that a deceptive offer of recruiter rec is turned
 * down: recruiters.former_migrant_trust for a former migrant, else 1. */
double mdl_recruit_trust(const mdl_world *w, size_t rec);

/* Enforcement effort on place j this month (1 without regulation). */
double mdl_recruit_enforcement(const mdl_world *w, size_t j);

/* Yearly sanction hazard of place j's occupant (0 for an empty place). */
double mdl_recruit_hazard(const mdl_world *w, size_t j);

/* Factor on an entrant's deception at place j when recruitment of its type
 * pays profit_ratio times what it used to. */
double mdl_recruit_pool(const mdl_world *w, size_t j, double profit_ratio);

/* Recruiter type of a channel, or -1 for crossing alone. */
static inline int mdl_recruit_type_of(int channel)
{
    return channel >= MDL_CH_REGULAR && channel <= MDL_CH_ONLINE ? channel - MDL_CH_REGULAR : -1;
}

#endif
