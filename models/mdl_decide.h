/* Phase 5: the decision to migrate, and who takes it.
 *
 * Each eligible person at home has a monthly departure hazard
 *     base_hazard x age profile x exp(sum of weight x component) x awareness factor
 * whose components are the push and pull factors below, each scaled to 0..1
 * (MODEL.md phase 5; weights are parameters decide.push.* and decide.pull.*).
 * Awareness lowers the hazard only as far as need is not acute. Men from
 * decide.autonomy_age_male and women from decide.autonomy_age_female decide
 * alone; younger persons need their household's approval (more likely with debt
 * and a large family, less for daughters), and a refused girl or young woman
 * may leave in secret. An indebted household may also send a daughter without
 * a wish of her own. Those who leave enter SEEKING. */
#ifndef MDL_DECIDE_H
#define MDL_DECIDE_H

#include "../sim/sim_model.h"
#include "mdl_world.h"

/* Push and pull components, in the order of their metrics (push_poverty ..
 * pull_family in mdl_metrics.def). */
enum mdl_component {
    MDL_X_POVERTY,
    MDL_X_DEBT,
    MDL_X_CARE,
    MDL_X_BREADWINNER,
    MDL_X_FEMALE_HEAD,
    MDL_X_ORPHAN,
    MDL_X_MARITAL,
    MDL_X_VIOLENCE,
    MDL_X_CONFLICT,
    MDL_X_DISASTER,
    MDL_X_NO_WORK,
    MDL_X_STIGMA,
    MDL_X_WAGE_GAP,
    MDL_X_SUCCESS,
    MDL_X_FAMILY,
    MDL_N_COMPONENTS
};

/* First pull component: the ones before are push factors. */
#define MDL_FIRST_PULL MDL_X_WAGE_GAP

/* The weight (log-hazard) of each component, from the parameters. */
void mdl_decide_weights(const mdl_params *p, double weight[MDL_N_COMPONENTS]);

/* Annual departure hazard of a person aged age_years with components x,
 * awareness a (0..1) and acute need (the poverty component). Women and girls
 * (female) carry the restraint decide.norm_female, lifted as debt rises. */
double mdl_decide_hazard(const mdl_params *p, const double x[MDL_N_COMPONENTS], double age_years,
                         double awareness, int female);

/* The annual hazard of person j (at home, of deciding age) as the monthly
 * pass computes it: mdl_decide_hazard evaluated as a product of precomputed
 * factors. Fills the person's components x. */
double mdl_decide_person_hazard(const mdl_world *w, size_t j, double x[MDL_N_COMPONENTS]);

/* Chance (0..1) that a household approves a dependent member's departure. */
double mdl_decide_approval(const mdl_params *p, double debt_service, int household_size,
                           int female);

/* The wage-gap pull (0..1) of a person whose local wage is local_wage. */
double mdl_decide_wage_gap(const mdl_params *p, int female, double local_wage);

/* The same for a wage abroad dest (this month's rules: w->rules.dest_wage_usd). */
double mdl_decide_wage_gap_to(const mdl_params *p, double dest, double local_wage);

/* Each area's wage-gap pulls from its wages (again when a policy changes them). */
void mdl_decide_wage_gaps(mdl_world *w);

/* Precompute the seekers' give-up threshold and each area's wage-gap pulls. */
void mdl_decide_init(mdl_world *w);

/* Phase 5 for one household: each eligible member decides; seekers may give
 * up. Flows into acc (a block's [group][metric] row). */
void mdl_decide_household(const mdl_month_ctx *c, size_t hh, double *acc);

/* Phase 5 for every household, as a pass of its own. */
void mdl_decide_step(mdl_world *w, sim_month *m);

#endif
