/* Tests of the rules every YAML input shares: size, nesting, duplicate keys. */
#include "sim_yaml.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* text of n copies of ch between head and tail (owned by the caller) */
static char *repeat(const char *head, char ch, size_t n, const char *tail)
{
    size_t nh = strlen(head), nt = strlen(tail);
    char *s = malloc(nh + n + nt + 1);
    assert_non_null(s);
    memcpy(s, head, nh);
    memset(s + nh, ch, n);
    memcpy(s + nh + n, tail, nt + 1);
    return s;
}

static int flow(const char *s, sim_err *e)
{
    sim_err_clear(e);
    return sim_yaml_check_flow(s, strlen(s), e);
}

static void test_yaml__flow_limit_is_64_levels(void **state)
{
    (void)state;
    sim_err e;
    char *ok = repeat("a: ", '[', 64, "");
    char *deep = repeat("# [[[\nb: \"[[\"\na: ", '[', 65, "");
    assert_int_equal(flow(ok, &e), SIM_OK);
    assert_int_equal(flow(deep, &e), SIM_EINPUT);
    assert_int_equal(e.line, 3); /* the comment and the quoted brackets do not count */
    assert_int_equal(e.col, 4 + 64);
    assert_non_null(strstr(e.msg, "nested more than 64 deep"));
    free(ok);
    free(deep);
}

static void test_yaml__flow_scan_reads_quotes(void **state)
{
    (void)state;
    sim_err e;
    char *quoted = repeat("a: '", '[', 100, "''x'\nb: \"\\\"[\"\nc: it's [1]");
    assert_int_equal(flow(quoted, &e), SIM_OK);
    char *closed = repeat("a: '''' ", '{', 65, "");
    assert_int_equal(flow(closed, &e), SIM_EINPUT);
    free(quoted);
    free(closed);
}

static void test_yaml__block_nesting_from_events(void **state)
{
    (void)state;
    sim_err e;
    size_t cap = 65 * 2 + 8;
    char *s = calloc(1, cap);
    assert_non_null(s);
    for (int i = 0; i < 65; i++)
        strcat(s, "- ");
    strcat(s, "x\n");
    sim_err_clear(&e);
    assert_int_equal(sim_yaml_check_nesting(s, strlen(s), &e), SIM_EINPUT);
    assert_int_equal(e.line, 1);
    assert_int_equal(e.col, 2 * 64 + 1);
    s[2 * 2] = '\0'; /* "- - " */
    assert_int_equal(sim_yaml_check_nesting(s, strlen(s), &e), SIM_OK);
    const char *bad = "a: [\n";
    assert_int_equal(sim_yaml_check_nesting(bad, strlen(bad), &e), SIM_OK); /* the load says */
    free(s);
}

static size_t dups(const char *text, sim_errs *errs, unsigned char **is_dup)
{
    yaml_parser_t p;
    yaml_document_t doc;
    assert_true(yaml_parser_initialize(&p));
    yaml_parser_set_input_string(&p, (const unsigned char *)text, strlen(text));
    assert_true(yaml_parser_load(&p, &doc));
    size_t n = sim_yaml_check_keys(&doc, "f.yaml", errs, is_dup);
    yaml_document_delete(&doc);
    yaml_parser_delete(&p);
    return n;
}

static void test_yaml__duplicates_at_any_depth_in_file_order(void **state)
{
    (void)state;
    sim_errs errs;
    sim_errs_init(&errs);
    unsigned char *is_dup = NULL;
    const char *text = "a:\n  b: 1\n  c: {d: 1, d: 2}\n  b: 3\nl:\n  - {x: 1, x: 2}\na: 4\n";
    assert_int_equal(dups(text, &errs, &is_dup), 4);
    assert_non_null(is_dup);
    assert_int_equal(errs.n, 4);
    assert_string_equal(errs.v[0].key, "a.c.d");
    assert_string_equal(errs.v[0].msg, "key 'd' given twice: first at f.yaml:3:7");
    assert_int_equal(errs.v[0].line, 3);
    assert_int_equal(errs.v[0].col, 13);
    assert_string_equal(errs.v[1].key, "a.b");
    assert_string_equal(errs.v[1].msg, "key 'b' given twice: first at f.yaml:2:3");
    assert_string_equal(errs.v[2].key, "l.x");
    assert_string_equal(errs.v[3].key, "a");
    assert_string_equal(errs.v[3].msg, "key 'a' given twice: first at f.yaml:1:1");
    free(is_dup);
    sim_errs_release(&errs);
}

static void test_yaml__no_duplicates_no_mask(void **state)
{
    (void)state;
    sim_errs errs;
    sim_errs_init(&errs);
    unsigned char *is_dup = (unsigned char *)&errs; /* overwritten */
    /* aliases share a node: walked once, not reported as repeats */
    const char *text = "a: &m {k: 1, \"k2\": 2}\nb: *m\nc: [*m, *m]\nk: 1\nK: 2\n";
    assert_int_equal(dups(text, &errs, &is_dup), 0);
    assert_null(is_dup);
    assert_int_equal(errs.n, 0);
    assert_false(sim_yaml_is_dup(NULL, 1));
    sim_errs_release(&errs);
}

static void test_yaml__read_refuses_over_one_mib(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    assert_non_null(f);
    char *big = repeat("", '#', (size_t)SIM_YAML_MAX_BYTES + 1, "");
    fputs(big, f);
    rewind(f);
    char *bytes = NULL;
    size_t len = 0;
    sim_err e;
    sim_err_clear(&e);
    assert_int_equal(sim_yaml_read(f, "test file", &bytes, &len, &e), SIM_EINPUT);
    assert_null(bytes);
    assert_string_equal(e.msg, "the file is 1048577 bytes (expected a test file of at most 1 "
                               "MiB, 1048576 bytes)");
    assert_int_equal(ftruncate(fileno(f), SIM_YAML_MAX_BYTES), 0);
    rewind(f);
    sim_err_clear(&e);
    assert_int_equal(sim_yaml_read(f, "test file", &bytes, &len, &e), SIM_OK);
    assert_int_equal(len, SIM_YAML_MAX_BYTES);
    assert_int_equal(bytes[len], '\0');
    free(bytes);
    free(big);
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_yaml__flow_limit_is_64_levels),
        cmocka_unit_test(test_yaml__flow_scan_reads_quotes),
        cmocka_unit_test(test_yaml__block_nesting_from_events),
        cmocka_unit_test(test_yaml__duplicates_at_any_depth_in_file_order),
        cmocka_unit_test(test_yaml__no_duplicates_no_mask),
        cmocka_unit_test(test_yaml__read_refuses_over_one_mib),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
