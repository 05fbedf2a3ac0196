/* The machine's ceiling for an agent-based step: a streaming update of a
 * plain array of 32-byte agent records with an inline generator (splitmix64
 * of the record index and pass), one pass per "month". Nothing in it is
 * specific to crossings; bench/run.sh reports the engine's rate as a fraction
 * of this one.
 *
 * usage: bench_ceiling RECORDS PASSES THREADS
 * prints: ceiling: threads=T records=N passes=P records_per_s=R */
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef struct record {
    uint64_t id;
    uint32_t household;
    uint16_t age_months;
    uint8_t sex, state;
    float debt, income;
    uint32_t months_in_state, spare;
} record; /* 32 bytes */

static inline uint64_t splitmix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void pass(record *v, long n, uint64_t month, int threads)
{
#pragma omp parallel for schedule(static) num_threads(threads) default(none) shared(v, n, month)
    for (long i = 0; i < n; i++) {
        uint64_t u = splitmix64(((uint64_t)i << 16) ^ month);
        record *r = &v[i];
        r->age_months = (uint16_t)(r->age_months + 1);
        if ((uint32_t)u < 0x00100000u) { /* about 1 in 4096: an event */
            r->state = (uint8_t)(r->state + 1);
            r->months_in_state = 0;
        } else {
            r->months_in_state++;
        }
        r->debt = r->debt * 1.01f + (float)(u >> 40) * 1e-9f;
    }
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: bench_ceiling RECORDS PASSES THREADS\n");
        return 2;
    }
    long n = atol(argv[1]), passes = atol(argv[2]);
    int threads = atoi(argv[3]);
    if (n < 1 || passes < 1 || threads < 1) {
        fprintf(stderr, "bench_ceiling: RECORDS, PASSES and THREADS must be positive\n");
        return 2;
    }
    record *v = calloc((size_t)n, sizeof *v);
    if (!v)
        return 1;
    pass(v, n, 0, threads); /* touch the pages */
    double t0 = now_s();
    for (long m = 1; m <= passes; m++)
        pass(v, n, (uint64_t)m, threads);
    double dt = now_s() - t0;
    printf("ceiling: threads=%d records=%ld passes=%ld records_per_s=%.0f check=%u\n", threads, n,
           passes, (double)n * (double)passes / dt, (unsigned)v[n / 2].age_months);
    free(v);
    return 0;
}
