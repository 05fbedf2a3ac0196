/* Philox4x32-10 for a run of consecutive agents at once (sim_rng_fill).
 *
 * The blocks are the same as sim_rng_draw4's, bit for bit: only integer
 * arithmetic, evaluated 16 (AVX-512) or 8 (AVX2) agents at a time where the
 * processor has the instructions, else one at a time. The choice is made at
 * run time, so one binary runs everywhere and gives the same numbers. */
#include "sim_rng.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define SIM_RNG_X86 1
#endif

#define M0 0xD2511F53u
#define M1 0xCD9E8D57u
#define W0 0x9E3779B9u
#define W1 0xBB67AE85u

static void fill_scalar(sim_rng_key key, uint32_t agent0, size_t n, const uint32_t ctr[3],
                        uint32_t *out, size_t stride)
{
    for (size_t k = 0; k < n; k++) {
        uint32_t u[4];
        sim_rng_draw4(key, agent0 + (uint32_t)k, ctr[0], ctr[1], ctr[2], u);
        for (int j = 0; j < 4; j++)
            out[(size_t)j * stride + k] = u[j];
    }
}

#ifdef SIM_RNG_X86
/* hi and lo 32 bits of m * c for each 32-bit lane of c */
__attribute__((target("avx512f"))) static inline void mul512(__m512i c, __m512i m, __m512i *hi,
                                                             __m512i *lo)
{
    __m512i even = _mm512_mul_epu32(c, m);
    __m512i odd = _mm512_mul_epu32(_mm512_srli_epi64(c, 32), m);
    *hi = _mm512_mask_blend_epi32(0xAAAA, _mm512_srli_epi64(even, 32), odd);
    *lo = _mm512_mask_blend_epi32(0xAAAA, even, _mm512_slli_epi64(odd, 32));
}

__attribute__((target("avx512f"))) static size_t fill_avx512(sim_rng_key key, uint32_t agent0,
                                                             size_t n, const uint32_t ctr[3],
                                                             uint32_t *out, size_t stride)
{
    const __m512i m0 = _mm512_set1_epi32((int)M0), m1 = _mm512_set1_epi32((int)M1);
    const __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    size_t k = 0;
    for (; k + 16 <= n; k += 16) {
        __m512i c0 = _mm512_add_epi32(_mm512_set1_epi32((int)(agent0 + (uint32_t)k)), lane);
        __m512i c1 = _mm512_set1_epi32((int)ctr[0]), c2 = _mm512_set1_epi32((int)ctr[1]);
        __m512i c3 = _mm512_set1_epi32((int)ctr[2]);
        uint32_t k0 = key.k[0], k1 = key.k[1];
        for (int round = 0; round < 10; round++) {
            __m512i hi0, lo0, hi1, lo1;
            mul512(c0, m0, &hi0, &lo0);
            mul512(c2, m1, &hi1, &lo1);
            c0 = _mm512_xor_si512(_mm512_xor_si512(hi1, c1), _mm512_set1_epi32((int)k0));
            c2 = _mm512_xor_si512(_mm512_xor_si512(hi0, c3), _mm512_set1_epi32((int)k1));
            c1 = lo1;
            c3 = lo0;
            k0 += W0;
            k1 += W1;
        }
        _mm512_storeu_si512((void *)(out + k), c0);
        _mm512_storeu_si512((void *)(out + stride + k), c1);
        _mm512_storeu_si512((void *)(out + 2 * stride + k), c2);
        _mm512_storeu_si512((void *)(out + 3 * stride + k), c3);
    }
    return k;
}

__attribute__((target("avx2"))) static inline void mul256(__m256i c, __m256i m, __m256i *hi,
                                                          __m256i *lo)
{
    __m256i even = _mm256_mul_epu32(c, m);
    __m256i odd = _mm256_mul_epu32(_mm256_srli_epi64(c, 32), m);
    *hi = _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0xAA);
    *lo = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
}

__attribute__((target("avx2"))) static size_t fill_avx2(sim_rng_key key, uint32_t agent0, size_t n,
                                                        const uint32_t ctr[3], uint32_t *out,
                                                        size_t stride)
{
    const __m256i m0 = _mm256_set1_epi32((int)M0), m1 = _mm256_set1_epi32((int)M1);
    const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    size_t k = 0;
    for (; k + 8 <= n; k += 8) {
        __m256i c0 = _mm256_add_epi32(_mm256_set1_epi32((int)(agent0 + (uint32_t)k)), lane);
        __m256i c1 = _mm256_set1_epi32((int)ctr[0]), c2 = _mm256_set1_epi32((int)ctr[1]);
        __m256i c3 = _mm256_set1_epi32((int)ctr[2]);
        uint32_t k0 = key.k[0], k1 = key.k[1];
        for (int round = 0; round < 10; round++) {
            __m256i hi0, lo0, hi1, lo1;
            mul256(c0, m0, &hi0, &lo0);
            mul256(c2, m1, &hi1, &lo1);
            c0 = _mm256_xor_si256(_mm256_xor_si256(hi1, c1), _mm256_set1_epi32((int)k0));
            c2 = _mm256_xor_si256(_mm256_xor_si256(hi0, c3), _mm256_set1_epi32((int)k1));
            c1 = lo1;
            c3 = lo0;
            k0 += W0;
            k1 += W1;
        }
        _mm256_storeu_si256((__m256i *)(void *)(out + k), c0);
        _mm256_storeu_si256((__m256i *)(void *)(out + stride + k), c1);
        _mm256_storeu_si256((__m256i *)(void *)(out + 2 * stride + k), c2);
        _mm256_storeu_si256((__m256i *)(void *)(out + 3 * stride + k), c3);
    }
    return k;
}
#endif

int sim_rng_fill_best(void)
{
#ifdef SIM_RNG_X86
    if (__builtin_cpu_supports("avx512f"))
        return SIM_RNG_FILL_AVX512;
    if (__builtin_cpu_supports("avx2"))
        return SIM_RNG_FILL_AVX2;
#endif
    return SIM_RNG_FILL_SCALAR;
}

void sim_rng_fill_with(int kind, sim_rng_key key, uint32_t agent0, size_t n, uint32_t month,
                       uint32_t purpose, uint32_t draw, uint32_t *out, size_t stride)
{
    const uint32_t ctr[3] = {month, purpose, draw};
    size_t done = 0;
#ifdef SIM_RNG_X86
    if (kind == SIM_RNG_FILL_AVX512)
        done = fill_avx512(key, agent0, n, ctr, out, stride);
    else if (kind == SIM_RNG_FILL_AVX2)
        done = fill_avx2(key, agent0, n, ctr, out, stride);
#else
    (void)kind;
#endif
    fill_scalar(key, agent0 + (uint32_t)done, n - done, ctr, out + done, stride);
}

void sim_rng_fill(sim_rng_key key, uint32_t agent0, size_t n, uint32_t month, uint32_t purpose,
                  uint32_t draw, uint32_t *out, size_t stride)
{
    sim_rng_fill_with(sim_rng_fill_best(), key, agent0, n, month, purpose, draw, out, stride);
}
