#include "sim_rng.h"

#include <string.h>

typedef struct philox_state {
    uint32_t key[2];
    uint32_t ctr[4]; /* ctr[3] is the draw index of the next block */
    uint32_t out[4];
    unsigned used; /* words of out already returned */
} philox_state;

static unsigned long philox_get(void *vstate)
{
    philox_state *s = vstate;
    if (s->used == 4) {
        sim_philox4x32_10(s->ctr, s->key, s->out);
        s->ctr[3]++;
        s->used = 0;
    }
    return s->out[s->used++];
}

static double philox_get_double(void *vstate)
{
    return sim_rng_u01((uint32_t)philox_get(vstate));
}

static void philox_set(void *vstate, unsigned long seed)
{
    philox_state *s = vstate;
    memset(s, 0, sizeof *s);
    s->key[0] = (uint32_t)seed;
    s->used = 4;
}

static const gsl_rng_type philox_type = {
    "philox4x32-10", 0xFFFFFFFFUL,      0, sizeof(philox_state), philox_set,
    philox_get,      philox_get_double,
};

const gsl_rng_type *sim_rng_philox = &philox_type;

void sim_rng_set_key(gsl_rng *r, sim_rng_key key)
{
    philox_state *s = r->state;
    s->key[0] = key.k[0];
    s->key[1] = key.k[1];
    s->used = 4;
}

void sim_rng_seek(gsl_rng *r, uint32_t agent, uint32_t month, uint32_t purpose)
{
    philox_state *s = r->state;
    s->ctr[0] = agent;
    s->ctr[1] = month;
    s->ctr[2] = purpose;
    s->ctr[3] = 0;
    s->used = 4;
}

uint32_t sim_rng_threshold(double p)
{
    if (!(p > 0))
        return 0;
    if (p >= 1)
        return UINT32_MAX;
    double t = p * 0x1p32;
    return t >= (double)UINT32_MAX ? UINT32_MAX : (uint32_t)t;
}
