/* Tests of parameter tables: defaults, range checks, listings. */
#include "sim_param.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_util.h"

#include <string.h>

typedef struct vals {
    double rate;
    int64_t count;
    int flag;
    int level;
    char dir[SIM_PARAM_STR_MAX];
} vals;

static const sim_param_desc rows[] = {
    {"econ.rate", SIM_PT_DOUBLE, offsetof(vals, rate), 0.25, 0, 1, NULL, NULL, "1/year", "a rate",
     "assumption"},
    {"econ.count", SIM_PT_INT, offsetof(vals, count), 3, 1, 10, NULL, NULL, "persons", "a count",
     "WB2019"},
    {"flag", SIM_PT_BOOL, offsetof(vals, flag), 1, 0, 1, NULL, NULL, "-", "a flag", "FIELD"},
    {"policy.level", SIM_PT_ENUM, offsetof(vals, level), 1, 0, 0, NULL, "low,mid,high", "-",
     "a level", "assumption"},
    {"data.dir", SIM_PT_PATH, offsetof(vals, dir), 0, 0, 0, "data", NULL, "path", "a folder",
     "assumption"},
};
static const sim_param_table table = {"test", rows, 5, sizeof(vals)};

static void test_param__defaults_fill_every_field(void **state)
{
    (void)state;
    vals v;
    memset(&v, 0xAB, sizeof v);
    sim_param_set_defaults(&table, &v);
    assert_close(v.rate, 0.25, 0, 0);
    assert_int_equal(v.count, 3);
    assert_int_equal(v.flag, 1);
    assert_int_equal(v.level, 1);
    assert_string_equal(v.dir, "data");
}

static void test_param__find_groups_and_enums(void **state)
{
    (void)state;
    assert_ptr_equal(sim_param_find(&table, "econ.count"), &rows[1]);
    assert_null(sim_param_find(&table, "econ"));
    assert_true(sim_param_is_group(&table, "econ"));
    assert_true(sim_param_is_group(&table, "policy"));
    assert_false(sim_param_is_group(&table, "econ.rate"));
    assert_false(sim_param_is_group(&table, "eco"));
    assert_int_equal(sim_param_enum_index(&rows[3], "high"), 2);
    assert_int_equal(sim_param_enum_index(&rows[3], "hig"), -1);
    char buf[64];
    assert_string_equal(sim_param_enum_name(&rows[3], 0, buf, sizeof buf), "low");
}

static void test_param__check_reports_every_violation(void **state)
{
    (void)state;
    vals v;
    sim_param_set_defaults(&table, &v);
    v.rate = 1.5;
    v.count = 0;
    v.level = 7;
    sim_errs errs;
    sim_errs_init(&errs);
    assert_int_equal(sim_param_check(&table, &v, &errs), SIM_EINPUT);
    assert_int_equal(errs.n, 3);
    assert_string_equal(errs.v[0].key, "econ.rate");
    assert_string_equal(errs.v[0].msg, "1.5 is out of range (expected a number from 0 to 1)");
    assert_string_equal(errs.v[1].msg, "0 is out of range (expected a whole number from 1 to 10)");
    assert_string_equal(errs.v[2].key, "policy.level");
    sim_errs_release(&errs);
    v.rate = NAN;
    sim_errs_init(&errs);
    assert_int_equal(sim_param_check(&table, &v, &errs), SIM_EINPUT);
    sim_errs_release(&errs);
}

static void test_param__allowed_texts(void **state)
{
    (void)state;
    char buf[256];
    sim_param_allowed(&rows[2], buf, sizeof buf);
    assert_string_equal(buf, "true or false");
    sim_param_allowed(&rows[3], buf, sizeof buf);
    assert_string_equal(buf, "one of: low, mid, high");
}

/* The YAML listing nests groups and can be read back as a scenario. */
static void test_param__yaml_listing_nests_groups(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    sim_param_print(&table, NULL, SIM_PARAM_YAML, f);
    fclose(f);
    assert_non_null(strstr(buf, "econ:\n  rate: 0.25  # a rate [1/year]; assumption\n"
                                "  count: 3  # a count [persons]; WB2019\n"
                                "flag: true"));
    assert_non_null(strstr(buf, "policy:\n  level: mid"));
    assert_non_null(strstr(buf, "data:\n  dir: \"data\""));
    free(buf);
}

static void test_param__markdown_has_a_row_per_parameter(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    sim_param_print(&table, NULL, SIM_PARAM_MARKDOWN, f);
    fclose(f);
    int rows_seen = 0;
    for (char *s = buf; (s = strstr(s, "\n| `")); s++)
        rows_seen++;
    assert_int_equal(rows_seen, 5);
    assert_non_null(strstr(buf, "| `econ.count` | 3 | a whole number from 1 to 10 | persons | "
                                "a count | WB2019 |"));
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_param__defaults_fill_every_field),
        cmocka_unit_test(test_param__find_groups_and_enums),
        cmocka_unit_test(test_param__check_reports_every_violation),
        cmocka_unit_test(test_param__allowed_texts),
        cmocka_unit_test(test_param__yaml_listing_nests_groups),
        cmocka_unit_test(test_param__markdown_has_a_row_per_parameter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
