/* The simulated world: origin areas, households and persons.
 *
 * Persons and households are columns of compact types (sim_cols). Households
 * are contiguous by area, and the persons of a household are adjacent, so
 * area a's persons are [person_begin[a], person_begin[a+1]) and a phase walks
 * each area's persons in fixed-size blocks (sim_par). */
#ifndef MDL_WORLD_H
#define MDL_WORLD_H

#include "../sim/sim_cols.h"
#include "../sim/sim_model.h"
#include "../sim/sim_par.h"
#include "../sim/sim_rng.h"
#include "mdl_areas.h"
#include "mdl_choices.h" /* generated: the choices of enum rows */
#include "mdl_destinations.h"
#include "mdl_params.h"

#include <stddef.h>
#include <stdint.h>

/* Reporting groups, the second dimension of every metric. */
enum mdl_group { MDL_WOMEN, MDL_MEN, MDL_GIRLS, MDL_BOYS, MDL_N_GROUPS };

/* Age of majority: the Palermo Protocol counts anyone under 18 as a child
 * (no means of trafficking need be shown). A legal definition, not a
 * parameter to calibrate. */
#define MDL_ADULT_AGE_MONTHS (18 * 12)

enum mdl_sex { MDL_FEMALE = 0, MDL_MALE = 1 };

/* Life-course states (MODEL.md). This slice uses HOME only; the next issues
 * add the transitions. */
enum mdl_state {
    MDL_HOME,
    MDL_SEEKING,
    MDL_IN_TRANSIT,
    MDL_ABROAD_DECENT,
    MDL_ABROAD_EXPLOITED,
    MDL_TRAFFICKED,
    MDL_SHELTER,
    MDL_RETURNING,
    MDL_REINTEGRATING,
    MDL_DEAD, /* an empty slot: died and not replaced */
    MDL_N_STATES
};

/* Purposes of random draws: the third word of the generator's counter. Each
 * decision has its own, so adding a draw never shifts another's numbers. */
enum mdl_purpose {
    MDL_DRAW_SYNTH_AREA = 1, /* population synthesis, one stream per area */
    MDL_DRAW_DEATH = 2,      /* death, newborn's sex, newcomer's age or marriage, divorce */
    MDL_DRAW_NEWBORN = 3,    /* a newborn's attributes */
    /* 4 was marriage and divorce, now words of MDL_DRAW_DEATH */
    MDL_DRAW_WORK = 5,       /* local work this month */
    MDL_DRAW_SHOCK = 6,      /* household shocks: illness */
    MDL_DRAW_AREA_SHOCK = 7, /* area shocks: floods, conflict (agent = area) */
    MDL_DRAW_DECIDE = 8,     /* the decision to migrate */
    MDL_DRAW_HOUSEHOLD = 9,  /* household decisions (agent = household) */
    MDL_DRAW_RECRUITER = 10, /* recruiters' deception and sanctions (agent = recruiter) */
    MDL_DRAW_JOURNEY = 11,   /* channel, offer, placement, abroad, exits, return */
    MDL_DRAW_POLICY = 12,    /* interventions reaching persons */
    MDL_DRAW_DOCUMENTS = 13, /* applications, losses and permits of documents */
};

/* Role of a person in the household. */
enum mdl_role { MDL_HEAD, MDL_SPOUSE, MDL_CHILD, MDL_PARENT, MDL_OTHER };

/* Marital status. */
enum mdl_marital { MDL_SINGLE, MDL_MARRIED, MDL_DIVORCED, MDL_WIDOWED };

/* Final educational attainment (a child's is the projected one). */
enum mdl_education { MDL_EDU_NONE, MDL_EDU_PRIMARY, MDL_EDU_LOWER_SEC, MDL_EDU_UPPER_SEC };

/* Person flags (bits of mdl_persons.flags). */
enum mdl_flag {
    MDL_F_MINORITY = 1u << 0, /* ethnic minority */
    MDL_F_ID = 1u << 1,       /* citizenship ID card */
    MDL_F_PASSPORT = 1u << 2,
    MDL_F_ORPHAN = 1u << 3,            /* both parents dead or absent (children) */
    MDL_F_VIOLENCE = 1u << 4,          /* has experienced violence at home */
    MDL_F_DIGITAL = 1u << 5,           /* mobile internet */
    MDL_F_WORKS = 1u << 6,             /* in local work this month */
    MDL_F_SECRET = 1u << 7,            /* left in secret, without family support */
    MDL_F_INFORMAL = 1u << 8,          /* the local work this month is informal */
    MDL_F_PERMIT = 1u << 9,            /* a valid work permit abroad (mdl_documents.h) */
    MDL_F_APPLIED_PASSPORT = 1u << 10, /* the pending application includes a passport */
};

/* Migration channels (MODEL.md phase 6). */
enum mdl_channel {
    MDL_CH_NONE,
    MDL_CH_REGULAR, /* licensed agency under the bilateral agreement */
    MDL_CH_BROKER,  /* informal broker */
    MDL_CH_KIN,     /* acquaintance or relative */
    MDL_CH_ONLINE,  /* online advertiser */
    MDL_CH_ALONE,   /* crossing alone */
    MDL_N_CHANNELS
};

/* Recruiter types: the channels that have recruiters. */
enum { MDL_N_RECRUITER_TYPES = 4 }; /* regular (agency), broker, kin, online */

/* Destination sectors (MODEL.md phase 7). */
enum mdl_sector {
    MDL_SEC_NONE,
    MDL_SEC_FISHING,
    MDL_SEC_CONSTRUCTION,
    MDL_SEC_MANUFACTURING,
    MDL_SEC_AGRICULTURE,
    MDL_SEC_DOMESTIC,
    MDL_SEC_SEX,
    MDL_SEC_HOSPITALITY,
    MDL_SEC_BEGGING,
    MDL_SEC_MARRIAGE, /* forced marriage across the China border */
    MDL_N_SECTORS
};

/* Migration flags (bits of mdl_persons.mflags). */
enum mdl_mflag {
    MDL_MF_DECEIVED = 1u << 0,     /* the accepted offer is a deception */
    MDL_MF_DETECTED = 1u << 1,     /* the current or last trafficking was identified */
    MDL_MF_BONDED = 1u << 2,       /* in debt bondage */
    MDL_MF_CONFISCATED = 1u << 3,  /* documents confiscated */
    MDL_MF_INSIST_LEGAL = 1u << 4, /* will only take the regular channel */
    MDL_MF_SERVICES = 1u << 5,     /* reached by reintegration services */
    MDL_MF_TRAINED = 1u << 6,      /* trained in a shelter: earns more at home */
    MDL_MF_TRUE = 1u << 7,         /* the current or last episode is trafficking */
};

/* Where a person who seeks to migrate means to go. */
/* Where a person goes: nowhere yet, a city at home, or a destination country
 * (MDL_DEST_ABROAD + its row of the destinations table). */
enum { MDL_DEST_NONE, MDL_DEST_INTERNAL, MDL_DEST_ABROAD };

static inline int mdl_cross_border(uint8_t destination)
{
    return destination >= MDL_DEST_ABROAD;
}

typedef struct mdl_persons {
    size_t n;
    uint8_t *sex;         /* enum mdl_sex */
    uint16_t *age_months; /* 0 .. 12 * max_age_years */
    uint8_t *area;        /* index into the areas table */
    uint8_t *state;       /* enum mdl_state */
    uint16_t *months_in_state;
    uint32_t *household;  /* index of the household */
    uint8_t *role;        /* enum mdl_role */
    uint8_t *marital;     /* enum mdl_marital */
    uint8_t *education;   /* enum mdl_education, final attainment */
    uint16_t *flags;      /* enum mdl_flag bits */
    uint8_t *awareness;   /* risk awareness, 0..255 for 0..1 */
    uint8_t *destination; /* MDL_DEST_*, from the decision until back home */
    uint8_t *channel;     /* enum mdl_channel of the current or last journey */
    uint8_t *sector;      /* enum mdl_sector of the current or last placement */
    uint32_t *recruiter;  /* index of the recruiter, or UINT32_MAX */
    float *owed_usd;      /* owed to a recruiter or employer */
    float *saved_usd;     /* savings made abroad, carried home */
    uint8_t *times_trafficked, *times_identified;
    uint16_t *episode_month; /* month the current or last migration began (mdl_clock) */
    uint16_t *return_month;  /* month of the last return home (mdl_clock); UINT16_MAX: never */
    uint8_t *stigma;         /* 0..255 for 0..1 */
    uint8_t *timer;          /* months left in transit, shelter or services */
    uint8_t *mflags;         /* enum mdl_mflag bits */
    uint8_t *doc_months;     /* months until the documents applied for come; 0: none pending */
    uint8_t *permit_months;  /* months left on the work permit (MDL_F_PERMIT) */
    sim_cols cols;
} mdl_persons;

/* Recruiters (MODEL.md "Recruiters"): laid out area by area and, within an
 * area, type by type. A sanctioned recruiter's place stays empty for
 * recruiters.entry_delay_months, then an entrant takes it. Counters the
 * parallel pass adds to (contacts, named) are integers added atomically, so
 * their sums do not depend on the order of households or the threads. */
typedef struct mdl_recruiters {
    size_t n;
    uint8_t *type; /* 0 agency, 1 broker, 2 kin, 3 online */
    uint8_t *area;
    uint8_t *former_migrant; /* the occupant migrated before (more trusted) */
    uint8_t *former_victim;  /* ... and was trafficked */
    uint8_t *licensed;       /* may recruit for the regular channel (agencies) */
    uint8_t *vacant;         /* months the place stays empty; 0: a recruiter works it */
    uint16_t *entered;       /* month the occupant began (0: from the start) */
    float *deception;        /* chance an offer is a deception */
    uint32_t *cover_word;    /* random word: under the regulation if below its coverage */
    float *weight;           /* real recruiters a place stands for at the run's scale */
    float *capacity;         /* recruits a month the place can take: reach x weight */
    float *available;        /* chance this month that a seeker who asks is taken */
    uint32_t *contacts;      /* seekers who asked this month (atomic) */
    uint32_t *named;         /* identified victims who named the occupant (atomic) */
    uint32_t *placed;        /* persons placed by the occupant */
    uint32_t *sanctioned;    /* times this place was emptied */
    uint32_t *upstream;      /* place of the upstream partner (agency or broker), or UINT32_MAX */
    float *exposure;         /* downstream sanctions after namings, fading (policing_memory) */
    float *exposure_new;     /* ... of this month, taken into exposure at its end */
    uint8_t *displaced;      /* the occupant is a sanctioned agency's operator gone informal */
    size_t *begin;           /* begin[a * 4 + t] .. begin[a * 4 + t + 1]: area a, type t */
    double *tally;           /* per area: the month's recruiter metrics (mdl_recruit.c) */
    sim_cols cols;
} mdl_recruiters;

typedef struct mdl_households {
    size_t n;
    uint32_t *first;      /* index of the first member; members are adjacent */
    uint8_t *head_offset; /* the head is member first + head_offset */
    uint8_t *size;        /* members */
    uint8_t *area;
    uint8_t *female_head;       /* 0/1 */
    uint8_t *land;              /* 0/1: farms its own land */
    uint8_t *social_protection; /* receives social protection: 0 no, 1 the country's, 2 the
                                   programme's (MDL_SP_PROGRAMME) */
    uint8_t *maternity_months;  /* months a mother has no income left */
    uint8_t *n_abroad;          /* members away (seeking or migrated) */
    uint8_t *rural;             /* 0/1: lives in the countryside (drawn at synthesis) */
    float *debt_usd;            /* principal owed to informal lenders */
    float *savings_usd;
    float *income_usd;  /* last month: wages + remittances + transfers */
    float *need_usd;    /* last month: consumption need */
    float *remit_usd;   /* last month: remittances received */
    float *care_burden; /* dependants per working-age member, last month */
    sim_cols cols;
} mdl_households;

/* What an area knows this month: its local labour market and needs (set at
 * set-up from the tables), its shocks, and the social signals of phase 4. */
typedef struct mdl_area_state {
    float wage[2][4];             /* local monthly wage by sex and schooling, USD */
    float need_usd;               /* need of a household's first adult, USD/month */
    float wage_gap[2][4];         /* pull: log(destination / local wage), capped, 0..1 */
    double wage_gap_factor[2][4]; /* exp(decide.pull.wage_gap x wage_gap) */
    double lfp[2];                /* labour-force participation by sex (national.csv) */
    uint8_t conflict_now;         /* conflict-affected this month (data or a shock) */
    uint8_t conflict_shock;       /* conflict escalates this month (shocks.conflict) */
    uint8_t disaster_now;         /* a flood or drought shock this month */
    float shock_loss;             /* share of local income a shock takes this month */
    uint32_t work_threshold[2];   /* chance of local work in a month, by sex */
    float expected_wage[2][4];    /* wage times the chance of work, by sex and schooling */
    int flood_left;               /* months of the current flood still to come */
    int flood_new;                /* 1 in the month a flood strikes */
    int months_since_flood;       /* months since the last flood ended (large: never) */
    double success;               /* success-story signal, 0..1 */
    double awareness_mean;        /* mean awareness of persons 13+ last month, 0..1 */
    uint8_t awareness_next[256];  /* a person's awareness after this month's diffusion, by level */
    double policing;              /* recent sanctions a year per informal broker */
    double profit_past[4];        /* remembered fee income a month per recruiter, by type */
} mdl_area_state;

/* Push and pull components of the decision (enum mdl_component, mdl_decide.h). */
#define MDL_DECIDE_COMPONENTS 15

/* The decision's weights and the hazard factors exp(weight x component) of
 * its person-level components, computed once (mdl_decide_init). */
typedef struct mdl_decide_tables {
    double weight[MDL_DECIDE_COMPONENTS]; /* by component (enum mdl_component) */
    double orphan, marital, violence, no_work, breadwinner;
    double stigma[256]; /* by stigma level */
} mdl_decide_tables;

/* One thread's rows of the episode table (mdl_events). */
typedef struct mdl_events_buf {
    int32_t *rows;
    size_t n, cap, lost;
} mdl_events_buf;

/* Oldest age in months a person can reach (demography.max_age_years <= 110). */
#define MDL_MAX_AGE_MONTHS (110 * 12)

/* Areas are stored as uint8_t in the person and household columns. */
#define MDL_MAX_AREAS 255

/* Doubles of per-area scratch space (phase aggregates). */
#define MDL_AREA_SCRATCH 16

/* A household enrolled by the social protection programme (households.social_protection). */
#define MDL_SP_PROGRAMME 2

/* One intervention of the scenario, as the month needs it. */
typedef struct mdl_iv {
    int listed;                /* the scenario lists it */
    int64_t start, end;        /* months; end -1: to the end of the run */
    int sex;                   /* MDL_TARGET_SEX_* */
    uint16_t min_age, max_age; /* months */
    int group;                 /* MDL_TARGET_GROUP_* */
    uint8_t area[MDL_MAX_AREAS];
    uint32_t reach;  /* monthly chance of reaching a targeted person (32-bit threshold) */
    uint32_t cover;  /* a rule's coverage as a 32-bit threshold of a fixed draw per agent */
    int all;         /* coverage 1: every targeted agent is covered (no draw) */
    double cost_usd; /* per person reached */
} mdl_iv;

/* This month's rules (docs/ODD.md "Policy"): computed at the start of each
 * month from the scenario's parameters and the interventions and shocks
 * acting (mdl_interventions_month, mdl_shocks_month); the phases read them
 * here, never an edited copy of the parameters. The first block holds what
 * a rule-type intervention gives the persons (households, recruiters) it
 * covers; mdl_interventions.h has the accessors that decide who that is. */
typedef struct mdl_rules {
    /* for the agents an acting intervention covers */
    double agency_fee_usd;           /* regular channel reform */
    int64_t regular_wait_months;     /* regular channel reform */
    double inspection_factor;        /* labour inspection, on the inspection hazard */
    double union_factor;             /* labour inspection, on the union hazard */
    double vfi_hotline_factor;       /* victim-friendly identification */
    int non_punishment;              /* victim-friendly identification: no fear */
    double shelter_reporting_factor; /* shelter reform without detention */
    double shelter_months[2];        /* shelter reform: men [0], women and children [1] */
    double interest_monthly;         /* debt relief's rate */
    double wage_factor[2];           /* decent local work, by sex */
    double female_wage_ratio;        /* decent local work (targeting women or all) */
    /* for everyone this month */
    double services_identified, services_other; /* reintegration: the scenario's */
    double social_protection_usd;               /* the transfer per dependant */
    int64_t training;                           /* MDL_TRAINING_* */
    double dest_wage_usd[2];                    /* wages abroad by sex (demand shock) */
} mdl_rules;

typedef struct mdl_interventions {
    mdl_iv v[MDL_N_IV];
    int any_listed;
    int on[MDL_N_IV];   /* acting this month */
    int persons_on;     /* some intervention reaching persons acts this month */
    uint16_t inspected; /* sectors under labour inspection (bit 1 << sector) */
    uint8_t inspected_dest[MDL_MAX_DESTINATIONS]; /* destination rows inspected */
    uint16_t banned; /* sectors closed to the ban's target (bit 1 << sector) */
    int wages_on;    /* decent local work set this month's wages */
    /* shocks (mdl_shocks.h) */
    uint8_t flood_areas[MDL_MAX_AREAS], conflict_areas[MDL_MAX_AREAS];
    double border_open;  /* share of cross-border offers that can be taken */
    double offer_factor; /* destination demand: chance of an offer, relative */
    int demand_on;
} mdl_interventions;

typedef struct mdl_world {
    /* The scenario's parameters, read-only once set up (world_alloc copies
     * them in); p0 is the same storage under its former name, until
     * mdl_journey.c reads p only. */
    union {
        const mdl_params p;
        const mdl_params p0;
    };
    mdl_rules rules; /* this month's rules, from p and the acting interventions */
    sim_rng_key key; /* the run's key: fixed draws (coverage of rules) */
    mdl_interventions iv;
    mdl_areas areas;
    mdl_destinations dest;
    mdl_persons persons;
    mdl_households households;
    mdl_recruiters recruiters;
    size_t *person_begin; /* n_areas + 1 bounds */
    sim_blocks blocks;    /* blocks of persons, never spanning two areas */
    double *partials;     /* blocks.n rows of MDL_PARTIAL_WIDTH, made at set-up */
    /* Monthly death probability as a 32-bit threshold, by sex and age in years. */
    uint32_t *death_threshold[2];
    uint32_t male_birth_threshold;
    uint32_t marriage_threshold, divorce_threshold; /* monthly, of a 32-bit word */
    int threads;
    int start_year;     /* calendar year of month 0 */
    int spinning;       /* in the spin-up before month 0 (mdl_model.c): ages held */
    uint32_t clock0;    /* months of spin-up: the model's clock is the engine's month + clock0 */
    mdl_area_state *as; /* one per area */
    double age_profile[MDL_MAX_AGE_MONTHS + 1]; /* decision age profile by age in months */
    mdl_decide_tables decide;                   /* the decision's weights and factors */
    double *area_scratch;  /* n_areas x MDL_AREA_SCRATCH doubles for per-area sums */
    double *month_scratch; /* n_areas x the partial width: a month's sums by area */
    uint32_t *draws;       /* n_draws x MDL_DRAWS_WORDS: each thread's pre-drawn block */
    size_t n_draws;
    mdl_events_buf *ev; /* one per thread */
    size_t n_ev;
    int32_t *ev_all; /* the sorted table handed to the engine */
    uint32_t illness_threshold, loan_threshold, seeking_end_threshold;
    uint32_t informal_threshold[2]; /* by sex */
} mdl_world;

/* Draws made for every person (household) of a block at once, vectorised
 * (sim_rng_fill), before the block's households go through the month. */
enum { MDL_SLOT_DEATH, MDL_SLOT_WORK, MDL_SLOT_DECIDE, MDL_SLOT_SHOCK, MDL_N_SLOTS };

/* uint32 words of one thread's pre-drawn block: MDL_N_SLOTS x 4 words x
 * SIM_BLOCK_MAX agents. */
#define MDL_DRAWS_WORDS ((size_t)MDL_N_SLOTS * 4 * SIM_BLOCK_MAX)

/* What a phase needs for one month: the world and the engine's month; inside
 * the monthly pass also the block's pre-drawn words (else draws is NULL and
 * mdl_draw computes them one by one: the same numbers). */
typedef struct mdl_month_ctx {
    mdl_world *w;
    const sim_month *m;
    const uint32_t *draws;
    size_t person0, household0; /* first person and household of the block */
} mdl_month_ctx;

/* The model's clock this month: the engine's month plus the months of the
 * spin-up before month 0, so dates stamped in the spin-up (a migration
 * begun, a return) stay in the past of month 0. */
static inline uint32_t mdl_clock(const mdl_month_ctx *c)
{
    return c->m->month + c->w->clock0;
}

/* The draw purpose of a slot. */
static inline uint32_t mdl_slot_purpose(int slot)
{
    return slot == MDL_SLOT_DEATH    ? MDL_DRAW_DEATH
           : slot == MDL_SLOT_WORK   ? MDL_DRAW_WORK
           : slot == MDL_SLOT_DECIDE ? MDL_DRAW_DECIDE
                                     : MDL_DRAW_SHOCK;
}

/* The four words of draw 0 of a slot's purpose for a person (a household for
 * MDL_SLOT_SHOCK) this month. */
static inline void mdl_draw(const mdl_month_ctx *c, int slot, size_t agent, uint32_t u[4])
{
    if (!c->draws) {
        sim_rng_draw4(c->m->key, (uint32_t)agent, c->m->month, mdl_slot_purpose(slot), 0, u);
        return;
    }
    size_t k = agent - (slot == MDL_SLOT_SHOCK ? c->household0 : c->person0);
    const uint32_t *d = c->draws + (size_t)slot * 4 * SIM_BLOCK_MAX + k;
    for (int j = 0; j < 4; j++)
        u[j] = d[(size_t)j * SIM_BLOCK_MAX];
}

/* The destination row of person i, who is abroad (not an internal migrant). */
static inline const mdl_destination *mdl_destination_of(const mdl_world *w, size_t i)
{
    return &w->dest.v[w->persons.destination[i] - MDL_DEST_ABROAD];
}

/* The smaller and the larger of two numbers: fmin and fmax for numbers that
 * are never NaN, inlined (the libm calls cost in the monthly pass). */
static inline double mdl_min(double a, double b)
{
    return b < a ? b : a;
}

static inline double mdl_max(double a, double b)
{
    return b > a ? b : a;
}

/* Reporting group of a person. */
static inline int mdl_group_of(uint8_t sex, uint16_t age_months)
{
    int child = age_months < MDL_ADULT_AGE_MONTHS;
    return sex == MDL_FEMALE ? (child ? MDL_GIRLS : MDL_WOMEN) : (child ? MDL_BOYS : MDL_MEN);
}

/* Allocate the person and household columns (zeroed). */
int mdl_world_alloc_columns(mdl_world *w, size_t n_persons, size_t n_households, sim_err *err);
/* Cut the persons into blocks of whole households once person_begin is known,
 * and make the scratch space of partial_width doubles per block and per area
 * that the month needs (the step loop does not allocate). */
int mdl_world_make_blocks(mdl_world *w, size_t partial_width, sim_err *err);
/* Free everything the world holds, and the world. NULL is a no-op. */
void mdl_world_free(mdl_world *w);

#endif
