#include "mdl_shocks.h"

#include "mdl_decide.h"

#include <stdio.h>
#include <string.h>

/* Is policy record r acting in month? */
static int in_window(const mdl_policy *r, uint32_t month)
{
    return r->active && month >= r->start && (r->end < 0 || month <= r->end);
}

static int check_window(const mdl_params *p, int k, sim_errs *errs)
{
    const mdl_policy *r = &p->pol[k];
    if (!r->active || r->end < 0 || r->end >= r->start)
        return SIM_OK;
    char key[SIM_ERR_KEY];
    snprintf(key, sizeof key, "%s.end_month", mdl_policy_key(k));
    return SIM_ERRS_RAISE(errs, SIM_EINPUT, NULL, 0, 0, key,
                          "ends in month %lld, before it starts in month %lld (expected -1 or a "
                          "month from start_month on)",
                          (long long)r->end, (long long)r->start);
}

int mdl_shocks_check(const mdl_params *p, const mdl_areas *areas, sim_errs *errs)
{
    uint8_t on[MDL_MAX_AREAS];
    int rc = SIM_OK;
    for (int k = MDL_N_IV; k < MDL_N_POLICIES; k++)
        rc |= check_window(p, k, errs);
    if (p->pol[MDL_SHOCK_FLOOD].active)
        rc |= mdl_areas_parse_list(areas, p->pol[MDL_SHOCK_FLOOD].areas, "shocks.flood.areas", on,
                                   errs);
    if (p->pol[MDL_SHOCK_CONFLICT].active)
        rc |= mdl_areas_parse_list(areas, p->pol[MDL_SHOCK_CONFLICT].areas, "shocks.conflict.areas",
                                   on, errs);
    return rc ? SIM_EINPUT : SIM_OK;
}

int mdl_shocks_init(mdl_world *w, sim_errs *errs)
{
    const mdl_params *p = &w->p;
    for (size_t a = 0; a < w->areas.n; a++)
        w->as[a].conflict_now = (uint8_t)w->areas.v[a].conflict_affected;
    w->iv.flood_areas[0] = w->iv.conflict_areas[0] = 0;
    if ((p->pol[MDL_SHOCK_FLOOD].active &&
         mdl_areas_parse_list(&w->areas, p->pol[MDL_SHOCK_FLOOD].areas, "shocks.flood.areas",
                              w->iv.flood_areas, errs)) ||
        (p->pol[MDL_SHOCK_CONFLICT].active &&
         mdl_areas_parse_list(&w->areas, p->pol[MDL_SHOCK_CONFLICT].areas, "shocks.conflict.areas",
                              w->iv.conflict_areas, errs)))
        return SIM_EINPUT;
    for (int k = MDL_N_IV; k < MDL_N_POLICIES; k++)
        w->iv.any_listed |= p->pol[k].active;
    w->iv.border_open = 1;
    w->iv.offer_factor = 1;
    w->rules.dest_wage_usd[MDL_FEMALE] = p->dest_wage_female_usd;
    w->rules.dest_wage_usd[MDL_MALE] = p->dest_wage_male_usd;
    return SIM_OK;
}

void mdl_shocks_month(mdl_world *w, uint32_t month)
{
    const mdl_params *p0 = &w->p;
    if (!w->iv.any_listed)
        return;
    int flood = in_window(&p0->pol[MDL_SHOCK_FLOOD], month);
    int conflict = in_window(&p0->pol[MDL_SHOCK_CONFLICT], month);
    for (size_t a = 0; a < w->areas.n; a++) {
        mdl_area_state *as = &w->as[a];
        int fa = flood && w->iv.flood_areas[a], ca = conflict && w->iv.conflict_areas[a];
        as->disaster_now = (uint8_t)fa;
        as->conflict_now = (uint8_t)(w->areas.v[a].conflict_affected || ca);
        as->conflict_shock = (uint8_t)ca;
        as->shock_loss =
            (float)(1 - (1 - (fa ? p0->fl_income_loss : 0)) * (1 - (ca ? p0->cf_income_loss : 0)));
    }
    int closed = in_window(&p0->pol[MDL_SHOCK_BORDER], month);
    int demand = in_window(&p0->pol[MDL_SHOCK_DEMAND], month);
    w->iv.border_open = closed ? 1 - p0->bc_strength : 1;
    w->iv.offer_factor = demand ? p0->dm_offer_factor : 1;
    double wage = demand ? p0->dm_wage_factor : 1; /* the month's rules */
    w->rules.dest_wage_usd[MDL_FEMALE] = p0->dest_wage_female_usd * wage;
    w->rules.dest_wage_usd[MDL_MALE] = p0->dest_wage_male_usd * wage;
    if (demand != w->iv.demand_on) { /* the pull of wages abroad */
        w->iv.demand_on = demand;
        mdl_decide_wage_gaps(w);
    }
}
