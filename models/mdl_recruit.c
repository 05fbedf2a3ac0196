#include "mdl_recruit.h"

#include "mdl_metrics.h"
#include "mdl_interventions.h"

#include <math.h>
#include <stdlib.h>

#define RCOL(f)                                                                                    \
    {                                                                                              \
#f, sizeof(*((mdl_recruiters *)0)->f), offsetof(mdl_recruiters, f)                         \
    }

static const sim_col_spec recruiter_cols[] = {
    RCOL(type),       RCOL(area),      RCOL(former_migrant), RCOL(former_victim), RCOL(licensed),
    RCOL(cover_word), RCOL(vacant),    RCOL(entered),        RCOL(deception),     RCOL(weight),
    RCOL(capacity),   RCOL(available), RCOL(contacts),       RCOL(named),         RCOL(placed),
    RCOL(sanctioned), RCOL(upstream),  RCOL(exposure),       RCOL(exposure_new),  RCOL(displaced),
};

/* The month's recruiter metrics of an area (mdl_recruit_metrics). */
enum {
    T_SANCTIONED,
    T_SANCTIONED_NAMED,
    T_SANCTIONED_AGENCY,
    T_SANCTIONED_BROKER,
    T_SANCTIONED_ONLINE,
    T_ACTIVE,
    T_VACANT,
    T_DECEPTION,
    T_ACTIVE_BROKER,
    T_DECEPTION_BROKER,
    T_DISPLACED,
    T_CHAIN_EXPOSED,
    T_CUT_OFF,
    T_N
};

static const int tally_metric[T_N] = {
    MDL_M_recruiters_sanctioned,
    MDL_M_recruiters_sanctioned_named,
    MDL_M_recruiters_sanctioned_agency,
    MDL_M_recruiters_sanctioned_broker,
    MDL_M_recruiters_sanctioned_online,
    MDL_M_recruiters_active,
    MDL_M_recruiters_vacant,
    MDL_M_recruiters_deception_sum,
    MDL_M_brokers_active,
    MDL_M_brokers_deception_sum,
    MDL_M_recruiters_displaced,
    MDL_M_recruiters_chain_exposed,
    MDL_M_recruiters_cut_off,
};

/* Draw words of a recruiter's MDL_DRAW_RECRUITER draw 0 in a month: the
 * sanction, then an entrant's traits; at set-up the traits and coverage. */
enum { U_SANCTION = 0, U_DECEPTION = 1, U_FORMER = 2, U_VICTIM = 3, U_COVERED = 0 };
/* MDL_DRAW_RECRUITER draw 2 (a word index no other draw of the purpose
 * uses, so the network shifts no earlier number): the tie and the partner of
 * a non-agency occupant, at set-up or on entry; whether a sanctioned agency's
 * operator goes informal. */
#define NETWORK_DRAW 2
enum { N_TIE = 0, N_PARTNER = 1, N_INFORMAL = 2 };
#define NO_PARTNER UINT32_MAX
/* MDL_DRAW_JOURNEY word of an identified victim's naming (agent = person). */
#define NAMING_WORD 6

static double rate_of(const mdl_params *p, int t)
{
    const double rate[MDL_N_RECRUITER_TYPES] = {p->agencies_per_100k, p->brokers_per_100k,
                                                p->kin_per_100k, p->online_per_100k};
    return rate[t];
}

static double mean_deception(const mdl_params *p, int t)
{
    const double d[MDL_N_RECRUITER_TYPES] = {p->agency_deception, p->broker_deception,
                                             p->kin_deception, p->online_deception};
    return d[t];
}

static double reach_of(const mdl_params *p, int t)
{
    const double r[MDL_N_RECRUITER_TYPES] = {p->agency_reach, p->broker_reach, p->kin_reach,
                                             p->online_reach};
    return r[t];
}

static double fee_of_type(const mdl_params *p, int t)
{
    const double f[MDL_N_RECRUITER_TYPES] = {p->agency_fee_usd, p->broker_fee_usd, p->kin_fee_usd,
                                             p->online_fee_usd};
    return f[t];
}

/* A recruiter's deception: uniform within +- deception_spread of the type's
 * mean, times factor (the entrant pool, a former victim's experience). */
static float draw_deception(const mdl_params *p, int t, double factor, uint32_t u)
{
    double d = mean_deception(p, t) * (1 + p->deception_spread * (2 * sim_rng_u01(u) - 1));
    return (float)mdl_max(0, mdl_min(1, d * factor));
}

/* Recruiters of area a and type t at the run's scale, unrounded. */
static double exact_count(const mdl_world *w, size_t a, int t, double scale)
{
    return w->areas.v[a].population * scale * rate_of(&w->p, t) / 1e5;
}

static size_t count_of(const mdl_world *w, size_t a, int t, double scale)
{
    double n = floor(exact_count(w, a, t, scale) + 0.5);
    return n < 1 ? 1 : (size_t)n;
}

/* A new occupant of place j from month on (at set-up month 0): its traits
 * from the words u, its deception times the entrant pool's factor. Only
 * informal recruiters are former migrants; only agencies hold a licence. */
static void occupy(mdl_world *w, size_t j, uint32_t month, double pool, const uint32_t u[4])
{
    mdl_recruiters *r = &w->recruiters;
    const mdl_params *p = &w->p;
    int t = r->type[j];
    r->former_migrant[j] =
        t != MDL_REC_AGENCY && sim_rng_u01(u[U_FORMER]) < p->former_migrant_share;
    r->former_victim[j] = r->former_migrant[j] && sim_rng_u01(u[U_VICTIM]) < p->former_victim_share;
    double own = r->former_victim[j] ? p->former_victim_deception : 1;
    r->deception[j] = draw_deception(p, t, pool * own, u[U_DECEPTION]);
    r->licensed[j] = t == MDL_REC_AGENCY;
    r->vacant[j] = 0;
    r->entered[j] = (uint16_t)month;
    r->available[j] = 1; /* no demand seen yet */
    r->named[j] = r->placed[j] = 0;
    r->displaced[j] = 0;
    /* investigations followed the former occupant, not this one */
    r->exposure[j] = r->exposure_new[j] = 0;
}

/* Whether place q may be the upstream partner of place j: an agency or a
 * broker at work in j's origin country, not j itself. */
static int can_lead(const mdl_world *w, size_t j, size_t q)
{
    const mdl_recruiters *r = &w->recruiters;
    int t = r->type[q];
    return q != j && !r->vacant[q] && (t == MDL_REC_AGENCY || t == MDL_REC_BROKER) &&
           w->areas.v[r->area[q]].country_index == w->areas.v[r->area[j]].country_index;
}

/* The partner of place j, drawn by the word u among those who may lead it
 * with chance in proportion to the real operators each place stands for
 * (its weight: an area's one agency place stands for fewer operators than
 * its one broker place), or NO_PARTNER when there is none. */
static uint32_t pick_partner(const mdl_world *w, size_t j, uint32_t u)
{
    const mdl_recruiters *r = &w->recruiters;
    double total = 0;
    for (size_t q = 0; q < r->n; q++)
        total += can_lead(w, j, q) ? r->weight[q] : 0;
    double x = sim_rng_u01(u) * total;
    uint32_t last = NO_PARTNER;
    for (size_t q = 0; q < r->n; q++)
        if (can_lead(w, j, q)) {
            last = (uint32_t)q;
            x -= r->weight[q];
            if (x < 0)
                break;
        }
    return last; /* rounding may leave x at 0 after the last: the last */
}

/* Place j's occupant ties to an upstream partner with chance
 * recruiters.network_share (agencies arrange their own transport and
 * employers: never). month is the draw's month (set-up or the entry). */
static void tie(mdl_world *w, sim_rng_key key, size_t j, uint32_t month)
{
    mdl_recruiters *r = &w->recruiters;
    r->upstream[j] = NO_PARTNER;
    if (r->type[j] == MDL_REC_AGENCY)
        return;
    uint32_t u[4];
    sim_rng_draw4(key, (uint32_t)j, month, MDL_DRAW_RECRUITER, NETWORK_DRAW, u);
    if (sim_rng_u01(u[N_TIE]) < w->p.network_share)
        r->upstream[j] = pick_partner(w, j, u[N_PARTNER]);
}

/* Places of every area and type, and their first occupants (as entrants of
 * the scenario's start: no enforcement, profits as remembered, factor 1). */
static void place_all(mdl_world *w, sim_rng_key key, double scale)
{
    mdl_recruiters *r = &w->recruiters;
    for (size_t k = 0; k < w->areas.n * MDL_N_RECRUITER_TYPES; k++) {
        size_t a = k / MDL_N_RECRUITER_TYPES, n = r->begin[k + 1] - r->begin[k];
        int t = (int)(k % MDL_N_RECRUITER_TYPES);
        double exact = exact_count(w, a, t, scale);
        /* a rate of 0 still leaves one recruiter ("at least one of each") */
        float weight = exact > 0 ? (float)(exact / (double)n) : 1.0f;
        for (size_t j = r->begin[k]; j < r->begin[k + 1]; j++) {
            uint32_t u[4], v[4];
            sim_rng_draw4(key, (uint32_t)j, SIM_RNG_MONTH_SETUP, MDL_DRAW_RECRUITER, 0, u);
            sim_rng_draw4(key, (uint32_t)j, SIM_RNG_MONTH_SETUP, MDL_DRAW_RECRUITER, 1, v);
            r->area[j] = (uint8_t)a;
            r->type[j] = (uint8_t)t;
            r->weight[j] = weight;
            r->capacity[j] = (float)(reach_of(&w->p, t) * weight);
            /* the draw, not the flag: a forked world keeps the trunk's columns */
            r->cover_word[j] = v[U_COVERED];
            uint32_t traits[4] = {0, u[0], u[1], u[2]}; /* deception keeps its word 0 */
            occupy(w, j, 0, 1, traits);
        }
    }
}

int mdl_recruit_init(mdl_world *w, sim_rng_key key, double scale, sim_err *err)
{
    mdl_recruiters *r = &w->recruiters;
    size_t na = w->areas.n, slots = na * MDL_N_RECRUITER_TYPES;
    r->begin = malloc((slots + 1) * sizeof *r->begin);
    r->tally = calloc(na * T_N, sizeof *r->tally);
    if (!r->begin || !r->tally)
        return SIM_RAISE(err, SIM_ENOMEM, "out of memory for recruiters");
    r->begin[0] = 0;
    for (size_t k = 0; k < slots; k++)
        r->begin[k + 1] = r->begin[k] + count_of(w, k / MDL_N_RECRUITER_TYPES,
                                                 (int)(k % MDL_N_RECRUITER_TYPES), scale);
    int rc = sim_cols_alloc(&r->cols, r, recruiter_cols,
                            sizeof recruiter_cols / sizeof recruiter_cols[0], r->begin[slots],
                            "recruiters", err);
    if (rc)
        return rc;
    r->n = r->begin[slots];
    place_all(w, key, scale);
    /* ties once every place has its first occupant */
    for (size_t j = 0; j < r->n; j++)
        tie(w, key, j, SIM_RNG_MONTH_SETUP);
    return SIM_OK;
}

double mdl_recruit_enforcement(const mdl_world *w, size_t j)
{
    const mdl_recruiters *r = &w->recruiters;
    int on = w->iv.on[MDL_IV_RECRUITERS] && w->iv.v[MDL_IV_RECRUITERS].area[r->area[j]] &&
             sim_rng_u01(r->cover_word[j]) < w->p0.pol[MDL_IV_RECRUITERS].coverage;
    return on ? w->p0.rr_sanction_factor : 1;
}

double mdl_recruit_hazard(const mdl_world *w, size_t j)
{
    const mdl_recruiters *r = &w->recruiters;
    const mdl_params *p = &w->p;
    if (r->vacant[j])
        return 0;
    /* a naming stands for 1 / weight namings of a real recruiter's business */
    double h = p->named_hazard * r->named[j] / mdl_max(r->weight[j], 1e-6);
    int policed = !r->licensed[j] && r->type[j] != MDL_REC_KIN;
    h += policed ? p->sanction_hazard : 0;
    /* exposure counts real downstream recruiters per real partner (weights) */
    h += p->network_exposure * r->exposure[j];
    return h * mdl_recruit_enforcement(w, j);
}

double mdl_recruit_pool(const mdl_world *w, size_t j, double profit_ratio)
{
    const mdl_params *p = &w->p;
    double ratio = mdl_max(0.1, mdl_min(10, profit_ratio));
    return pow(mdl_recruit_enforcement(w, j), p->entrant_deception_enforcement) *
           pow(1 / ratio, p->entrant_deception_profit);
}

/* Fee income a month of a real recruiter, by country and type, from the
 * seekers who asked last month (a country's market: one area's few
 * recruiters are too noisy a signal). */
static void country_profits(const mdl_world *w, double profit[][MDL_N_RECRUITER_TYPES])
{
    const mdl_recruiters *r = &w->recruiters;
    double asked[MDL_MAX_COUNTRIES][MDL_N_RECRUITER_TYPES] = {{0}};
    double weight[MDL_MAX_COUNTRIES][MDL_N_RECRUITER_TYPES] = {{0}};
    for (size_t j = 0; j < r->n; j++) {
        int c = w->areas.v[r->area[j]].country_index;
        asked[c][r->type[j]] += r->contacts[j];
        weight[c][r->type[j]] += r->weight[j];
    }
    for (int c = 0; c < MDL_MAX_COUNTRIES; c++)
        for (int t = 0; t < MDL_N_RECRUITER_TYPES; t++) {
            double demand = weight[c][t] > 0 ? asked[c][t] / weight[c][t] : 0;
            profit[c][t] = fee_of_type(&w->p, t) * mdl_min(demand, reach_of(&w->p, t));
        }
}

/* This month's profit against the remembered one in area a, type t; then
 * the memory takes it in. */
static double profit_ratio(mdl_world *w, size_t a, int t, double profit)
{
    double *past = &w->as[a].profit_past[t];
    double ratio = *past > 0 ? profit / *past : 1;
    double keep = w->p.profit_memory;
    *past = *past > 0 ? keep * *past + (1 - keep) * profit : profit;
    return ratio;
}

/* The operator of sanctioned agency j goes on recruiting informally: it takes
 * an empty broker place of its area, else the place of the broker fewest
 * seekers asked last month (who leaves the trade), keeps its deception (what
 * got it sanctioned is its own conduct, not its licence) and its downstream
 * recruiters (the network follows the operator, not the licence). */
static void go_informal(mdl_world *w, size_t j, uint32_t month, double *tally)
{
    mdl_recruiters *r = &w->recruiters;
    size_t k = (size_t)r->area[j] * MDL_N_RECRUITER_TYPES + MDL_REC_BROKER, to = SIZE_MAX;
    for (size_t q = r->begin[k]; q < r->begin[k + 1] && !(to < r->n && r->vacant[to]); q++)
        if (to == SIZE_MAX || r->vacant[q] || r->contacts[q] < r->contacts[to])
            to = q;
    r->former_migrant[to] = r->former_victim[to] = r->licensed[to] = 0;
    r->vacant[to] = 0;
    r->entered[to] = (uint16_t)month;
    r->deception[to] = r->deception[j];
    r->available[to] = 1;
    r->named[to] = r->placed[to] = 0;
    r->exposure[to] = r->exposure_new[to] = 0;
    r->upstream[to] = NO_PARTNER; /* an operator who arranged its own employers */
    r->displaced[to] = 1;
    for (size_t q = 0; q < r->n; q++)
        if (r->upstream[q] == j && q != to)
            r->upstream[q] = (uint32_t)to;
    tally[T_DISPLACED] += 1;
}

/* Place j is emptied: an agency loses its licence, anyone stops. A naming
 * behind the sanction exposes the upstream partner (from next month); a
 * licensed agency's operator may go informal (go_informal). */
static void sanction(mdl_world *w, const sim_month *m, size_t j, double *tally)
{
    mdl_recruiters *r = &w->recruiters;
    int t = r->type[j];
    uint32_t up = r->upstream[j];
    if (r->named[j] > 0 && up != NO_PARTNER && !r->vacant[up]) {
        r->exposure_new[up] += (float)(r->weight[j] / mdl_max(r->weight[up], 1e-6));
        tally[T_CHAIN_EXPOSED] += 1;
    }
    if (t == MDL_REC_AGENCY && r->licensed[j]) {
        uint32_t u[4];
        sim_rng_draw4(m->key, (uint32_t)j, m->month, MDL_DRAW_RECRUITER, NETWORK_DRAW, u);
        if (sim_rng_u01(u[N_INFORMAL]) < w->p.sanctioned_go_informal)
            go_informal(w, j, (uint32_t)m->month, tally);
    }
    tally[T_SANCTIONED] += 1;
    tally[T_SANCTIONED_NAMED] += r->named[j] > 0;
    tally[T_SANCTIONED_AGENCY] += t == MDL_REC_AGENCY;
    tally[T_SANCTIONED_BROKER] += t == MDL_REC_BROKER;
    tally[T_SANCTIONED_ONLINE] += t == MDL_REC_ONLINE;
    r->sanctioned[j]++;
    r->licensed[j] = 0;
    r->available[j] = 0;
    r->named[j] = r->placed[j] = 0;
    r->vacant[j] = (uint8_t)mdl_min(UINT8_MAX, (double)w->p.entry_delay_months);
}

/* An entrant takes place j: its traits (occupy) and its network (tie). */
static void enter(mdl_world *w, const sim_month *m, size_t j, double ratio, const uint32_t u[4])
{
    occupy(w, j, (uint32_t)m->month, mdl_recruit_pool(w, j, ratio), u);
    tie(w, m->key, j, (uint32_t)m->month);
}

/* One place's month: an empty place waits for its entrant; a worked one may
 * be sanctioned (and refilled at once when there is no entry delay);
 * otherwise its availability follows last month's demand against its
 * capacity (a month's lag: the pass that counts demand runs in parallel). */
static void place_month(mdl_world *w, const sim_month *m, size_t j, double ratio, double *tally)
{
    mdl_recruiters *r = &w->recruiters;
    uint32_t u[4];
    sim_rng_draw4(m->key, (uint32_t)j, m->month, MDL_DRAW_RECRUITER, 0, u);
    if (r->vacant[j]) {
        if (--r->vacant[j] == 0)
            enter(w, m, j, ratio, u);
        return;
    }
    if (sim_rng_u01(u[U_SANCTION]) < 1 - exp(-mdl_recruit_hazard(w, j) / 12)) {
        sanction(w, m, j, tally);
        if (r->vacant[j] == 0)
            enter(w, m, j, ratio, u);
        return;
    }
    double asked = r->contacts[j];
    r->available[j] = asked > r->capacity[j] ? (float)(r->capacity[j] / asked) : 1.0f;
}

/* Each area's policing signal: sanctions a year per broker, remembered with
 * recruiters.policing_memory. */
static void update_policing(mdl_world *w)
{
    const mdl_recruiters *r = &w->recruiters;
    double keep = w->p.policing_memory;
    for (size_t a = 0; a < w->areas.n; a++) {
        size_t k = a * MDL_N_RECRUITER_TYPES + MDL_REC_BROKER;
        double brokers = (double)(r->begin[k + 1] - r->begin[k]);
        double sanctioned = r->tally[a * T_N + T_SANCTIONED_BROKER];
        double rate = brokers > 0 ? 12.0 * sanctioned / brokers : 0;
        w->as[a].policing = keep * w->as[a].policing + (1 - keep) * rate;
    }
}

/* After the month's sanctions and entries: a worked place whose partner's
 * place is empty has no outlet (it takes no one until the partner's entrant
 * takes over the business, or it is re-tied at its own next entry), and the
 * month's exposures join the faded memory of the earlier ones. */
static void update_network(mdl_world *w)
{
    mdl_recruiters *r = &w->recruiters;
    double keep = w->p.policing_memory;
    for (size_t j = 0; j < r->n; j++) {
        uint32_t up = r->upstream[j];
        if (!r->vacant[j] && up != NO_PARTNER && r->vacant[up]) {
            r->available[j] = 0;
            r->tally[(size_t)r->area[j] * T_N + T_CUT_OFF] += 1;
        }
        r->exposure[j] = (float)(keep * r->exposure[j] + r->exposure_new[j]);
        r->exposure_new[j] = 0;
    }
}

/* The recruiters at work this month, counted into the area's tally. */
static void count_stocks(mdl_world *w)
{
    const mdl_recruiters *r = &w->recruiters;
    for (size_t j = 0; j < r->n; j++) {
        double *tally = r->tally + (size_t)r->area[j] * T_N;
        int broker = r->type[j] == MDL_REC_BROKER, worked = !r->vacant[j];
        tally[T_VACANT] += !worked;
        tally[T_ACTIVE] += worked;
        tally[T_DECEPTION] += worked ? r->deception[j] : 0;
        tally[T_ACTIVE_BROKER] += worked && broker;
        tally[T_DECEPTION_BROKER] += worked && broker ? r->deception[j] : 0;
    }
}

void mdl_recruit_month(mdl_world *w, const sim_month *m)
{
    mdl_recruiters *r = &w->recruiters;
    for (size_t k = 0; k < w->areas.n * T_N; k++)
        r->tally[k] = 0;
    double profit[MDL_MAX_COUNTRIES][MDL_N_RECRUITER_TYPES];
    country_profits(w, profit);
    for (size_t k = 0; k < w->areas.n * MDL_N_RECRUITER_TYPES; k++) {
        size_t a = k / MDL_N_RECRUITER_TYPES;
        int t = (int)(k % MDL_N_RECRUITER_TYPES);
        double ratio = profit_ratio(w, a, t, profit[w->areas.v[a].country_index][t]);
        double *tally = r->tally + a * T_N;
        for (size_t j = r->begin[k]; j < r->begin[k + 1]; j++)
            place_month(w, m, j, ratio, tally);
    }
    for (size_t j = 0; j < r->n; j++)
        r->contacts[j] = 0;
    update_policing(w);
    update_network(w);
    count_stocks(w);
}

void mdl_recruit_metrics(const mdl_world *w, double *metrics)
{
    for (size_t a = 0; a < w->areas.n; a++)
        for (int k = 0; k < T_N; k++)
            metrics[a * MDL_PARTIAL_WIDTH + mdl_metric_at(MDL_WOMEN, tally_metric[k])] +=
                w->recruiters.tally[a * T_N + (size_t)k];
}

size_t mdl_recruit_pick(const mdl_world *w, size_t area, int type, uint32_t u)
{
    const mdl_recruiters *r = &w->recruiters;
    size_t k = area * MDL_N_RECRUITER_TYPES + (size_t)type;
    size_t n = r->begin[k + 1] - r->begin[k];
    if (n == 0)
        return SIZE_MAX;
    /* the first recruiter asked is uniform; what is left of the word after
     * the choice is again uniform on [0, 1), and stays so, rescaled, after
     * each refusal: no further draw is needed */
    double x = sim_rng_u01(u) * (double)n;
    size_t first = (size_t)x, asks = (size_t)w->p.max_asks < n ? (size_t)w->p.max_asks : n;
    double rest = x - (double)first;
    for (size_t t = 0; t < asks; t++) {
        size_t j = r->begin[k] + (first + t) % n;
#pragma omp atomic
        r->contacts[j]++;
        double a = r->available[j];
        if (rest < a)
            return j;
        rest = a < 1 ? (rest - a) / (1 - a) : 0;
    }
    return SIZE_MAX;
}

void mdl_recruit_named(const mdl_month_ctx *c, size_t i, double *acc)
{
    const mdl_persons *ps = &c->w->persons;
    mdl_recruiters *r = &c->w->recruiters;
    uint32_t j = ps->recruiter[i];
    /* the recruiter who took her or him may have been replaced since */
    if (j == UINT32_MAX || r->vacant[j] || ps->episode_month[i] < r->entered[j])
        return;
    uint32_t u[4];
    sim_rng_draw4(c->m->key, (uint32_t)i, c->m->month, MDL_DRAW_JOURNEY, NAMING_WORD, u);
    if (sim_rng_u01(u[0]) >= c->w->p.naming_share)
        return;
#pragma omp atomic
    r->named[j]++;
    mdl_row_of(acc, ps, i)[MDL_M_recruits_named] += 1;
}

double mdl_recruit_deception(const mdl_world *w, size_t rec)
{
    const mdl_recruiters *r = &w->recruiters;
    if (rec >= r->n)
        return 0;
    double own = r->deception[rec];
    uint32_t up = r->upstream[rec];
    return up == NO_PARTNER || r->vacant[up] ? own : 0.5 * (own + r->deception[up]);
}

double mdl_recruit_trust(const mdl_world *w, size_t rec)
{
    return rec < w->recruiters.n && w->recruiters.former_migrant[rec] ? w->p.former_migrant_trust
                                                                      : 1;
}
