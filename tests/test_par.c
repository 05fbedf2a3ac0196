/* Tests of blocks and deterministic parallel reductions. */
#include "sim_par.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_util.h"

#include <string.h>

static void test_par__blocks_cover_segments_without_spanning(void **state)
{
    (void)state;
    size_t bounds[] = {0, 10, 10, 35};
    sim_blocks b;
    assert_int_equal(sim_blocks_init(&b, bounds, 3, 8), 0);
    /* segment 0: [0,8) [8,10); segment 1 empty; segment 2: [10,18) .. [34,35) */
    assert_int_equal(b.n, 2 + 0 + 4);
    size_t expect_begin[] = {0, 8, 10, 18, 26, 34}, expect_seg[] = {0, 0, 2, 2, 2, 2};
    for (size_t i = 0; i < b.n; i++) {
        assert_int_equal(b.v[i].begin, expect_begin[i]);
        assert_int_equal(b.v[i].segment, expect_seg[i]);
        assert_true(b.v[i].end - b.v[i].begin <= 8);
    }
    assert_int_equal(b.v[b.n - 1].end, 35);
    sim_blocks_release(&b);
    assert_null(b.v);
}

/* A block sums 1/(i+1) over its agents: a sum whose rounding depends on order. */
static void harmonic_block(void *ctx, const sim_block *blk, double *partial)
{
    (void)ctx;
    for (size_t i = blk->begin; i < blk->end; i++) {
        partial[0] += 1.0 / (double)(i + 1);
        partial[1] += 1;
    }
}

static void run_harmonic(int threads, double out[2][2])
{
    size_t bounds[] = {0, 300001, 1000003};
    sim_blocks b;
    assert_int_equal(sim_blocks_init(&b, bounds, 2, 1000), 0);
    double *partials = malloc(b.n * 2 * sizeof *partials);
    memset(out, 0, 4 * sizeof(double));
    sim_par_run(&b, threads, harmonic_block, NULL, partials, 2);
    sim_par_reduce(&b, partials, 2, &out[0][0]);
    free(partials);
    sim_blocks_release(&b);
}

static void test_par__reduction_is_bitwise_identical_for_any_thread_count(void **state)
{
    (void)state;
    double ref[2][2], got[2][2];
    run_harmonic(1, ref);
    assert_close(ref[0][1], 300001, 0, 0);
    assert_close(ref[1][1], 700002, 0, 0);
    assert_close(ref[0][0] + ref[1][0], log(1000003.0) + 0.5772156649, 1e-6, 0);
    for (int t = 2; t <= 4; t++) {
        run_harmonic(t, got);
        assert_memory_equal(ref, got, sizeof ref);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_par__blocks_cover_segments_without_spanning),
        cmocka_unit_test(test_par__reduction_is_bitwise_identical_for_any_thread_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
