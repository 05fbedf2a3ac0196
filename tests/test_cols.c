/* Tests of column storage. */
#include "sim_cols.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_util.h"

#include <string.h>

typedef struct holder {
    uint8_t *a;
    uint32_t *b;
    double *c;
} holder;

static const sim_col_spec specs[] = {
    {"a", 1, offsetof(holder, a)},
    {"b", 4, offsetof(holder, b)},
    {"c", 8, offsetof(holder, c)},
};

static void test_cols__columns_are_aligned_zeroed_and_disjoint(void **state)
{
    (void)state;
    holder h;
    sim_cols c;
    sim_err e;
    sim_err_clear(&e);
    assert_int_equal(sim_cols_alloc(&c, &h, specs, 3, 1000, "test", &e), SIM_OK);
    assert_int_equal((uintptr_t)h.a % 64, 0);
    assert_int_equal((uintptr_t)h.b % 64, 0);
    assert_int_equal((uintptr_t)h.c % 64, 0);
    assert_true((char *)h.b >= (char *)h.a + 1000);
    assert_true((char *)h.c >= (char *)(h.b + 1000));
    for (int i = 0; i < 1000; i++)
        assert_true(h.a[i] == 0 && h.b[i] == 0 && h.c[i] == 0.0);
    assert_int_equal(c.bytes, sim_cols_bytes(specs, 3, 1000));
    assert_int_equal(c.bytes, 1024 + 4032 + 8000);
    sim_cols_release(&c);
    sim_cols_release(&c); /* twice is harmless */
}

/* A request beyond the memory available fails cleanly with SIM_ENOMEM. */
static void test_cols__too_large_is_refused_before_allocation(void **state)
{
    (void)state;
    holder h;
    sim_cols c;
    sim_err e;
    sim_err_clear(&e);
    size_t rows = sim_mem_available() / 4 + 1;
    assert_int_equal(sim_cols_alloc(&c, &h, specs, 3, rows, "persons", &e), SIM_ENOMEM);
    assert_non_null(strstr(e.msg, "persons"));
    assert_non_null(strstr(e.msg, "lower --scale"));
    assert_null(c.base);
}

static void test_cols__memory_probes_answer(void **state)
{
    (void)state;
    assert_true(sim_mem_available() > 0);
    assert_true(sim_mem_peak_rss() > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cols__columns_are_aligned_zeroed_and_disjoint),
        cmocka_unit_test(test_cols__too_large_is_refused_before_allocation),
        cmocka_unit_test(test_cols__memory_probes_answer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
