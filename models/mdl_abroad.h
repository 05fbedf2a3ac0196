/* Phases 8 and 9 for a migrant: a month abroad (pay, remittances, debts) and
 * the exits, as competing monthly hazards.
 *
 * Pay: the destination wage for her or his sex (decide.destination_wage_*),
 * times abroad.exploited_pay_ratio in exploitative work and
 * abroad.trafficked_pay_ratio in trafficking (wages withheld), nothing in debt
 * bondage; internal migrants earn their area's wage. Living costs come first,
 * then what is owed to the recruiter; of the rest abroad.remit_share goes home
 * (nothing after a secret departure) and the remainder is saved.
 *
 * Exits. Decent or exploitative work: return home at 1/abroad.stay_months (or
 * 1/abroad.exploited_stay_months); the employer turns it into forced labour at
 * abroad.coercion_hazard. Trafficking: escape (exits.escape_hazard, times
 * exits.confined_factor in domestic work and fishing: ZIM2014), being let go
 * (exits.release_hazard, less in debt bondage), identification by labour
 * inspection (labour sectors), police (the sex industry), hotline or
 * self-report (less for the undocumented: fear of deportation), trade unions
 * (manufacturing). Undocumented migrants (no valid work permit) are
 * also arrested and deported at exits.deportation_hazard, victims usually
 * without being identified. */
#ifndef MDL_ABROAD_H
#define MDL_ABROAD_H

#include "mdl_world.h"

/* Exit routes, in the order of their hazards; ESCAPE .. DEPORTED are in the
 * order of mdl_episode_end's MDL_END_ESCAPE .. MDL_END_DEPORTED. */
enum mdl_exit {
    MDL_EXIT_RETURN,  /* voluntary return */
    MDL_EXIT_COERCED, /* decent or exploitative work becomes forced labour */
    MDL_EXIT_ESCAPE,
    MDL_EXIT_RELEASE,
    MDL_EXIT_INSPECTION, /* identified ... */
    MDL_EXIT_POLICE,
    MDL_EXIT_HOTLINE,
    MDL_EXIT_UNION,
    MDL_EXIT_DEPORTED,
    MDL_N_EXITS
};

/* Annual hazards of each exit for person i in its state and sector. */
void mdl_abroad_hazards(const mdl_world *w, size_t i, double h[MDL_N_EXITS]);

/* Net monthly pay the job of person i promised: the decent wage of the
 * destination (or the city) for her or his sex, less living costs. */
double mdl_abroad_promised_net_pay(const mdl_world *w, size_t i);

/* What person i owes relative to what the job could repay within
 * placement.bondage_limit_months: above 1, debt bondage. */
double mdl_abroad_debt_ratio(const mdl_world *w, size_t i);

/* Is person i an undocumented migrant abroad: across a border without a valid
 * work permit (an irregular channel, a permit run out or confiscated)? */
int mdl_abroad_undocumented(const mdl_world *w, size_t i);

void mdl_abroad_person(const mdl_month_ctx *c, size_t i, double *acc);

#endif
