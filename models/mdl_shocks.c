#include "mdl_shocks.h"

#include "mdl_decide.h"

#include <string.h>

static int in_window(int active, int64_t start, int64_t end, uint32_t month)
{
    return active && month >= start && (end < 0 || month <= end);
}

static int check_window(int active, int64_t start, int64_t end, const char *key, sim_errs *errs)
{
    if (!active || end < 0 || end >= start)
        return SIM_OK;
    return SIM_ERRS_RAISE(errs, SIM_EINPUT, NULL, 0, 0, key,
                          "ends in month %lld, before it starts in month %lld (expected -1 or a "
                          "month from start_month on)",
                          (long long)end, (long long)start);
}

int mdl_shocks_check(const mdl_params *p, const mdl_areas *areas, sim_errs *errs)
{
    uint8_t on[MDL_MAX_AREAS];
    int rc = check_window(p->fl_active, p->fl_start, p->fl_end, "shocks.flood.end_month", errs);
    rc |= check_window(p->cf_active, p->cf_start, p->cf_end, "shocks.conflict.end_month", errs);
    rc |=
        check_window(p->bc_active, p->bc_start, p->bc_end, "shocks.border_closure.end_month", errs);
    rc |=
        check_window(p->dm_active, p->dm_start, p->dm_end, "shocks.demand_change.end_month", errs);
    if (p->fl_active)
        rc |= mdl_areas_parse_list(areas, p->fl_areas, "shocks.flood.areas", on, errs);
    if (p->cf_active)
        rc |= mdl_areas_parse_list(areas, p->cf_areas, "shocks.conflict.areas", on, errs);
    return rc ? SIM_EINPUT : SIM_OK;
}

int mdl_shocks_init(mdl_world *w, sim_errs *errs)
{
    const mdl_params *p = &w->p;
    for (size_t a = 0; a < w->areas.n; a++)
        w->as[a].conflict_now = (uint8_t)w->areas.v[a].conflict_affected;
    w->iv.flood_areas[0] = w->iv.conflict_areas[0] = 0;
    if ((p->fl_active && mdl_areas_parse_list(&w->areas, p->fl_areas, "shocks.flood.areas",
                                              w->iv.flood_areas, errs)) ||
        (p->cf_active && mdl_areas_parse_list(&w->areas, p->cf_areas, "shocks.conflict.areas",
                                              w->iv.conflict_areas, errs)))
        return SIM_EINPUT;
    w->iv.any_listed |= p->fl_active || p->cf_active || p->bc_active || p->dm_active;
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
    int flood = in_window(p0->fl_active, p0->fl_start, p0->fl_end, month);
    int conflict = in_window(p0->cf_active, p0->cf_start, p0->cf_end, month);
    for (size_t a = 0; a < w->areas.n; a++) {
        mdl_area_state *as = &w->as[a];
        int fa = flood && w->iv.flood_areas[a], ca = conflict && w->iv.conflict_areas[a];
        as->disaster_now = (uint8_t)fa;
        as->conflict_now = (uint8_t)(w->areas.v[a].conflict_affected || ca);
        as->conflict_shock = (uint8_t)ca;
        as->shock_loss =
            (float)(1 - (1 - (fa ? p0->fl_income_loss : 0)) * (1 - (ca ? p0->cf_income_loss : 0)));
    }
    int closed = in_window(p0->bc_active, p0->bc_start, p0->bc_end, month);
    int demand = in_window(p0->dm_active, p0->dm_start, p0->dm_end, month);
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
