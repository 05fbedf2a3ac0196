/* Counter-based random numbers: Philox4x32-10 (Salmon et al. 2011, Random123).
 *
 * A draw is a pure function of a key and a counter, so the same decision gets
 * the same number whatever thread, rank or order computes it:
 *   key     = (seed, replicate)
 *   counter = (agent id, month, purpose, draw index)
 * Each evaluation yields four 32-bit words. The scenario is not part of the
 * key: the same seed and replicate give the same draws in every scenario
 * (common random numbers).
 *
 * sim_rng_philox is the same generator as a gsl_rng_type, so GSL's
 * distributions can draw from it: position it with sim_rng_seek, then call
 * gsl_ran_* as usual; successive calls walk the draw index. */
#ifndef SIM_RNG_H
#define SIM_RNG_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

typedef struct sim_rng_key {
    uint32_t k[2];
} sim_rng_key;

/* Month value used for draws made before the first month (population synthesis). */
#define SIM_RNG_MONTH_SETUP 0xFFFFFFFFu

static inline sim_rng_key sim_rng_key_make(uint32_t seed, uint32_t replicate)
{
    sim_rng_key key = {{seed, replicate}};
    return key;
}

/* One Philox4x32-10 block: out = philox(ctr, key). */
static inline void sim_philox4x32_10(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4])
{
    uint32_t c0 = ctr[0], c1 = ctr[1], c2 = ctr[2], c3 = ctr[3];
    uint32_t k0 = key[0], k1 = key[1];
    for (int round = 0; round < 10; round++) {
        uint64_t p0 = (uint64_t)0xD2511F53u * c0;
        uint64_t p1 = (uint64_t)0xCD9E8D57u * c2;
        uint32_t n0 = (uint32_t)(p1 >> 32) ^ c1 ^ k0;
        uint32_t n2 = (uint32_t)(p0 >> 32) ^ c3 ^ k1;
        c0 = n0;
        c1 = (uint32_t)p1;
        c2 = n2;
        c3 = (uint32_t)p0;
        k0 += 0x9E3779B9u;
        k1 += 0xBB67AE85u;
    }
    out[0] = c0;
    out[1] = c1;
    out[2] = c2;
    out[3] = c3;
}

/* Four words for (agent, month, purpose, draw). */
static inline void sim_rng_draw4(sim_rng_key key, uint32_t agent, uint32_t month, uint32_t purpose,
                                 uint32_t draw, uint32_t out[4])
{
    const uint32_t ctr[4] = {agent, month, purpose, draw};
    sim_philox4x32_10(ctr, key.k, out);
}

/* The blocks of agents agent0 .. agent0 + n - 1 at once (same words as
 * sim_rng_draw4): word j of agent agent0 + k goes to out[j * stride + k], so
 * out holds 4 rows of at least n words, stride apart. Vectorised where the
 * processor allows (chosen at run time); the numbers never depend on it. */
void sim_rng_fill(sim_rng_key key, uint32_t agent0, size_t n, uint32_t month, uint32_t purpose,
                  uint32_t draw, uint32_t *out, size_t stride);

/* The implementations sim_rng_fill chooses from (for tests and benchmarks). */
enum { SIM_RNG_FILL_SCALAR, SIM_RNG_FILL_AVX2, SIM_RNG_FILL_AVX512 };
int sim_rng_fill_best(void); /* the best this processor runs */
void sim_rng_fill_with(int kind, sim_rng_key key, uint32_t agent0, size_t n, uint32_t month,
                       uint32_t purpose, uint32_t draw, uint32_t *out, size_t stride);

/* A uniform double in [0, 1) from one 32-bit word (exact: w * 2^-32). */
static inline double sim_rng_u01(uint32_t w)
{
    return (double)w * 0x1p-32;
}

/* A 32-bit threshold t such that P(w < t) = p for a uniform word w, for
 * probabilities known ahead of the hot loop. p <= 0 gives 0, p >= 1 gives
 * UINT32_MAX (probability 1 - 2^-32). */
uint32_t sim_rng_threshold(double p);

/* The generator as a GSL type. gsl_rng_alloc(sim_rng_philox) works; a fresh
 * one is keyed (seed, 0) by gsl_rng_set. */
extern const gsl_rng_type *sim_rng_philox;

/* Key a GSL generator of type sim_rng_philox with (seed, replicate). */
void sim_rng_set_key(gsl_rng *r, sim_rng_key key);

/* Position a GSL generator of type sim_rng_philox at (agent, month, purpose),
 * draw index 0. */
void sim_rng_seek(gsl_rng *r, uint32_t agent, uint32_t month, uint32_t purpose);

#endif
