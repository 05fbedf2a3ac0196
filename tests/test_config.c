/* Tests of sim_config: scenario files -> parameter tables, with precise errors.
 *
 * Each case works in its own temporary folder (the current directory while it
 * runs, so messages carry short paths) and binds two small tables of its own:
 * "run" (run.months) and a model table with every parameter type. Errors are
 * compared as printed by sim_errs_print, the way users see them. */
#define _XOPEN_SOURCE 700 /* mkdtemp, nftw, fmemopen, chdir; before any system header */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_util.h" /* assert_close */

#include "sim_config.h"

#include <ftw.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct test_run {
    int64_t months;
} test_run;

typedef struct test_model {
    double rate;
    int64_t count;
    int flag;
    int mode;
    char label[SIM_PARAM_STR_MAX];
    double depth;
    char data[SIM_PARAM_STR_MAX];
} test_model;

static const sim_param_desc run_rows[] = {
    {"run.months", SIM_PT_INT, offsetof(test_run, months), 120, 1, 1200, NULL, NULL, "months",
     "months simulated", "test"},
};

#define M(f) offsetof(test_model, f)
static const sim_param_desc model_rows[] = {
    {"model.rate", SIM_PT_DOUBLE, M(rate), 0.5, 0, 1, NULL, NULL, "share", "a rate", "test"},
    {"model.count", SIM_PT_INT, M(count), 10, 1, 100, NULL, NULL, "-", "a count", "test"},
    {"model.flag", SIM_PT_BOOL, M(flag), 0, 0, 1, NULL, NULL, "-", "a flag", "test"},
    {"model.mode", SIM_PT_ENUM, M(mode), 1, 0, 0, NULL, "low,mid,high", "-", "a mode", "test"},
    {"model.label", SIM_PT_STRING, M(label), 0, 0, 0, "none", NULL, "-", "a label", "test"},
    {"model.sub.depth", SIM_PT_DOUBLE, M(depth), 2, 0, 10, NULL, NULL, "m", "nested", "test"},
    {"paths.data", SIM_PT_PATH, M(data), 0, 0, 0, "data", NULL, "path", "a folder", "test"},
};

static const sim_param_table run_table = {"run", run_rows, 1, sizeof(test_run)};
static const sim_param_table model_table = {
    "test", model_rows, sizeof model_rows / sizeof model_rows[0], sizeof(test_model)};

typedef struct fixture {
    char old_cwd[PATH_MAX];
    char dir[64];
    test_run run;
    test_model model;
    sim_config_binding b[2];
    sim_scenario sc;
    sim_errs errs;
    char printed[16384];
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    assert_non_null(fx);
    assert_non_null(getcwd(fx->old_cwd, sizeof fx->old_cwd));
    snprintf(fx->dir, sizeof fx->dir, "/tmp/test_config.XXXXXX");
    assert_non_null(mkdtemp(fx->dir));
    assert_int_equal(chdir(fx->dir), 0);
    sim_param_set_defaults(&run_table, &fx->run);
    sim_param_set_defaults(&model_table, &fx->model);
    fx->b[0] = (sim_config_binding){&run_table, &fx->run};
    fx->b[1] = (sim_config_binding){&model_table, &fx->model};
    sim_scenario_init(&fx->sc);
    sim_errs_init(&fx->errs);
    *state = fx;
    return 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static int teardown(void **state)
{
    fixture *fx = *state;
    assert_int_equal(chdir(fx->old_cwd), 0);
    nftw(fx->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    sim_scenario_release(&fx->sc);
    sim_errs_release(&fx->errs);
    free(fx);
    return 0;
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

static void write_bytes(const char *path, const char *bytes, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

static void write_file(const char *path, const char *text)
{
    write_bytes(path, text, strlen(text));
}

static int load(fixture *fx, const char *path)
{
    return sim_config_load(path, fx->b, 2, &fx->sc, &fx->errs);
}

/* The errors as sim_errs_print prints them. */
static const char *printed(fixture *fx)
{
    memset(fx->printed, 0, sizeof fx->printed);
    FILE *f = fmemopen(fx->printed, sizeof fx->printed - 1, "w");
    assert_non_null(f);
    sim_errs_print(&fx->errs, f);
    fclose(f);
    return fx->printed;
}

/* Load path, expect SIM_EINPUT and exactly the text expected on stderr. */
static void expect_errors(fixture *fx, const char *path, const char *expected)
{
    assert_int_equal(load(fx, path), SIM_EINPUT);
    assert_string_equal(printed(fx), expected);
}

static void expect_ok(fixture *fx, const char *path)
{
    int status = load(fx, path);
    if (status != SIM_OK)
        fail_msg("%s", printed(fx));
}

/* ---- values ------------------------------------------------------------------ */

static void test_config__loads_every_type(void **state)
{
    fixture *fx = *state;
    write_file("s.yaml", "# every type\n"
                         "run:\n  months: 24\n"
                         "model:\n  rate: 0.25\n  count: 1e1\n  flag: true\n  mode: high\n"
                         "  label: \"a b\"\n  sub:\n    depth: 7.5\n"
                         "paths:\n  data: /abs/data\n");
    expect_ok(fx, "s.yaml");
    assert_int_equal(fx->run.months, 24);
    assert_close(fx->model.rate, 0.25, 0, 0);
    assert_int_equal(fx->model.count, 10);
    assert_int_equal(fx->model.flag, 1);
    assert_int_equal(fx->model.mode, 2);
    assert_string_equal(fx->model.label, "a b");
    assert_close(fx->model.depth, 7.5, 0, 0);
    assert_string_equal(fx->model.data, "/abs/data");
    assert_string_equal(fx->sc.name, "s");
    assert_string_equal(fx->sc.path, "s.yaml");
}

static void test_config__range_ends_are_inclusive(void **state)
{
    fixture *fx = *state;
    write_file("lo.yaml", "run: {months: 1}\nmodel: {rate: 0, count: 100.0, flag: false}\n");
    expect_ok(fx, "lo.yaml");
    assert_int_equal(fx->run.months, 1);
    assert_close(fx->model.rate, 0, 0, 0);
    assert_int_equal(fx->model.count, 100);
    assert_int_equal(fx->model.flag, 0);
    write_file("hi.yaml", "run: {months: 1200}\nmodel: {rate: 1, count: 1}\n");
    expect_ok(fx, "hi.yaml");
    assert_int_equal(fx->run.months, 1200);
    assert_close(fx->model.rate, 1, 0, 0);
}

static void test_config__empty_file_is_an_empty_mapping(void **state)
{
    fixture *fx = *state;
    const char *files[] = {"", "# only a comment\n", "---\n", "~\n"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        write_file("empty.yml", files[i]);
        expect_ok(fx, "empty.yml");
        assert_int_equal(fx->run.months, 120);
        assert_string_equal(fx->model.label, "none");
        assert_string_equal(fx->sc.name, "empty");
    }
}

static void test_config__name_defaults_to_file_name(void **state)
{
    fixture *fx = *state;
    assert_int_equal(mkdir("sub", 0700), 0);
    write_file("sub/policy.a.yaml", "run: {months: 2}\n");
    expect_ok(fx, "sub/policy.a.yaml");
    assert_string_equal(fx->sc.name, "policy.a");
    assert_string_equal(fx->sc.description, "");
    write_file("noext", "name: Given\ndescription: Some words\n");
    expect_ok(fx, "noext");
    assert_string_equal(fx->sc.name, "Given");
    assert_string_equal(fx->sc.description, "Some words");
}

static void test_config__name_and_description_not_inherited(void **state)
{
    fixture *fx = *state;
    write_file("base.yaml", "name: Base\ndescription: The base\nmodel: {count: 5}\n");
    write_file("derived.yaml", "base: base.yaml\n");
    expect_ok(fx, "derived.yaml");
    assert_string_equal(fx->sc.name, "derived");
    assert_string_equal(fx->sc.description, "");
    assert_int_equal(fx->model.count, 5);
}

static void test_config__derived_file_overrides_base(void **state)
{
    fixture *fx = *state;
    write_file("root.yaml", "model:\n  rate: 0.2\n  count: 5");
    write_file("mid.yaml", "base: root.yaml\nmodel:\n  count: 6\n  flag: true\n");
    write_file("top.yaml", "model:\n  count: 7\nbase: mid.yaml\n");
    expect_ok(fx, "top.yaml");
    assert_close(fx->model.rate, 0.2, 0, 0);
    assert_int_equal(fx->model.count, 7);
    assert_int_equal(fx->model.flag, 1);
    assert_string_equal(fx->sc.text, "# ==> root.yaml <==\nmodel:\n  rate: 0.2\n  count: 5\n"
                                     "# ==> mid.yaml <==\nbase: root.yaml\nmodel:\n  count: 6\n"
                                     "  flag: true\n"
                                     "# ==> top.yaml <==\nmodel:\n  count: 7\nbase: mid.yaml\n");
}

static void test_config__base_is_relative_to_including_file(void **state)
{
    fixture *fx = *state;
    assert_int_equal(mkdir("a", 0700), 0);
    assert_int_equal(mkdir("b", 0700), 0);
    write_file("b/root.yaml", "model: {label: root}\n");
    write_file("a/mid.yaml", "base: ../b/root.yaml\nmodel: {count: 3}\n");
    write_file("top.yaml", "base: a/mid.yaml\n");
    expect_ok(fx, "top.yaml");
    assert_string_equal(fx->model.label, "root");
    assert_int_equal(fx->model.count, 3);
    assert_non_null(strstr(fx->sc.text, "# ==> a/../b/root.yaml <==\n"));
}

static void test_config__path_resolves_against_setting_file(void **state)
{
    fixture *fx = *state;
    assert_int_equal(mkdir("sub", 0700), 0);
    write_file("sub/base.yaml", "paths: {data: tables}\n");
    write_file("top.yaml", "base: sub/base.yaml\n");
    expect_ok(fx, "top.yaml");
    assert_string_equal(fx->model.data, "sub/tables");
    write_file("here.yaml", "base: sub/base.yaml\npaths: {data: mine}\n");
    expect_ok(fx, "here.yaml");
    assert_string_equal(fx->model.data, "mine");
}

static void test_config__path_default_resolves_against_root_base(void **state)
{
    fixture *fx = *state;
    assert_int_equal(mkdir("sub", 0700), 0);
    write_file("sub/root.yaml", "run: {months: 3}\n");
    write_file("top.yaml", "base: sub/root.yaml\n");
    expect_ok(fx, "top.yaml");
    assert_string_equal(fx->model.data, "sub/data");
    assert_string_equal(fx->model.label, "none"); /* strings are not paths */
}

static void test_config__values_untouched_on_error(void **state)
{
    fixture *fx = *state;
    write_file("s.yaml", "model: {rate: 2, count: 3.5, flag: 1, mode: top, label: [x, [y]]}\n");
    assert_int_equal(load(fx, "s.yaml"), SIM_EINPUT);
    assert_int_equal(fx->errs.n, 5);
    assert_close(fx->model.rate, 0.5, 0, 0);
    assert_int_equal(fx->model.count, 10);
    assert_int_equal(fx->model.flag, 0);
    assert_int_equal(fx->model.mode, 1);
    assert_string_equal(fx->model.label, "none");
    assert_int_equal(fx->errs.v[0].code, SIM_EINPUT);
    assert_string_equal(fx->errs.v[0].src_file + strlen(fx->errs.v[0].src_file) - 12,
                        "sim_config.c");
}

/* ---- bad values ---------------------------------------------------------------- */

static void test_config__every_bad_value_in_one_pass(void **state)
{
    fixture *fx = *state;
    write_file("n.yaml", "model:\n"
                         "  rate: abc\n"
                         "  count: 2.5\n"
                         "  flag: yes\n"
                         "  mode: top\n"
                         "  sub:\n"
                         "    depth: 11\n"
                         "run:\n"
                         "  months: .inf\n");
    expect_errors(
        fx, "n.yaml",
        "crossings: error: n.yaml:2:9: model.rate: 'abc' is not a number (expected a number "
        "from 0 to 1)\n"
        "crossings: error: n.yaml:3:10: model.count: 2.5 is not a whole number (expected a whole "
        "number from 1 to 100)\n"
        "crossings: error: n.yaml:4:9: model.flag: 'yes' is not a boolean (expected true or "
        "false)\n"
        "crossings: error: n.yaml:5:9: model.mode: 'top' is not a valid choice (expected one of: "
        "low, mid, high)\n"
        "crossings: error: n.yaml:7:12: model.sub.depth: 11 is out of range (expected a number "
        "from 0 to 10)\n"
        "crossings: error: n.yaml:9:11: run.months: '.inf' is not a finite number (expected a "
        "whole number from 1 to 1200)\n");
}

/* One value per file through sim_config_set, which parses exactly like a
 * file, plus one file to check positions. */
static void expect_set_error(fixture *fx, const char *path, const char *text, const char *msg)
{
    sim_errs_release(&fx->errs);
    assert_int_equal(sim_config_set(fx->b, 2, path, text, "--set", &fx->errs), SIM_EINPUT);
    assert_int_equal(fx->errs.n, 1);
    assert_string_equal(fx->errs.v[0].file, "--set");
    assert_int_equal(fx->errs.v[0].line, 0);
    assert_string_equal(fx->errs.v[0].key, path);
    assert_string_equal(fx->errs.v[0].msg, msg);
}

static void test_config__number_syntax(void **state)
{
    fixture *fx = *state;
    const char *rate = "(expected a number from 0 to 1)";
    char msg[256];
    const struct {
        const char *text, *what;
    } bad[] = {{"abc", "'abc' is not a number"},
               {"0x10", "'0x10' is not a number"},
               {"1_0", "'1_0' is not a number"},
               {"1e", "'1e' is not a number"},
               {".5.5", "'.5.5' is not a number"},
               {" 0.5", "' 0.5' is not a number"},
               {".nan", "'.nan' is not a finite number"},
               {"NaN", "'NaN' is not a finite number"},
               {"-.inf", "'-.inf' is not a finite number"},
               {"inf", "'inf' is not a finite number"},
               {"1e999", "1e999 is out of range"},
               {"-1e-9", "-1e-9 is out of range"},
               {"1.0000001", "1.0000001 is out of range"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(msg, sizeof msg, "%s %s", bad[i].what, rate);
        expect_set_error(fx, "model.rate", bad[i].text, msg);
    }
    assert_int_equal(sim_config_set(fx->b, 2, "model.rate", ".5", "--set", &fx->errs), SIM_OK);
    assert_close(fx->model.rate, 0.5, 0, 0);
    assert_int_equal(sim_config_set(fx->b, 2, "model.rate", "1e-300", "--set", &fx->errs), SIM_OK);
    assert_close(fx->model.rate, 1e-300, 1e-15, 0);
}

static void test_config__whole_numbers(void **state)
{
    fixture *fx = *state;
    const char *count = "(expected a whole number from 1 to 100)";
    char msg[256];
    snprintf(msg, sizeof msg, "2.5 is not a whole number %s", count);
    expect_set_error(fx, "model.count", "2.5", msg);
    snprintf(msg, sizeof msg, "'ten' is not a whole number %s", count);
    expect_set_error(fx, "model.count", "ten", msg);
    snprintf(msg, sizeof msg, "99999999999999999999 is out of range %s", count);
    expect_set_error(fx, "model.count", "99999999999999999999", msg);
    snprintf(msg, sizeof msg, "-3 is out of range %s", count);
    expect_set_error(fx, "model.count", "-3", msg);
    assert_int_equal(sim_config_set(fx->b, 2, "model.count", "4.0", "cli", &fx->errs), SIM_OK);
    assert_int_equal(fx->model.count, 4);
    assert_int_equal(sim_config_set(fx->b, 2, "model.count", "+1e2", "cli", &fx->errs), SIM_OK);
    assert_int_equal(fx->model.count, 100);
}

static void test_config__quoted_numbers_and_bools_are_text(void **state)
{
    fixture *fx = *state;
    write_file("q.yaml", "run:\n  months: \"24\"\nmodel:\n  flag: 'true'\n  label: \"5\"\n"
                         "  mode: 'low'\n");
    expect_errors(fx, "q.yaml",
                  "crossings: error: q.yaml:2:11: run.months: \"24\" is text in quotes (expected "
                  "a whole number from 1 to 1200, without quotes)\n"
                  "crossings: error: q.yaml:4:9: model.flag: \"true\" is text in quotes (expected "
                  "true or false, without quotes)\n");
    assert_string_equal(fx->model.label, "5");
    assert_int_equal(fx->model.mode, 0);
}

static void test_config__booleans_are_true_or_false(void **state)
{
    fixture *fx = *state;
    const char *bad[] = {"yes", "True", "1", "on"};
    char msg[128];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(msg, sizeof msg, "%s%s%s is not a boolean (expected true or false)",
                 i == 2 ? "" : "'", bad[i], i == 2 ? "" : "'");
        expect_set_error(fx, "model.flag", bad[i], msg);
    }
    assert_int_equal(sim_config_set(fx->b, 2, "model.flag", "true", "cli", &fx->errs), SIM_OK);
    assert_int_equal(fx->model.flag, 1);
}

static void test_config__enum_lists_choices(void **state)
{
    fixture *fx = *state;
    expect_set_error(fx, "model.mode", "medium",
                     "'medium' is not a valid choice (expected one of: low, mid, high)");
    assert_int_equal(sim_config_set(fx->b, 2, "model.mode", "high", "cli", &fx->errs), SIM_OK);
    assert_int_equal(fx->model.mode, 2);
}

static void test_config__text_too_long(void **state)
{
    fixture *fx = *state;
    char label[400], file[1200];
    memset(label, 'x', 300);
    label[300] = '\0';
    expect_set_error(fx, "model.label", label,
                     "text of 300 characters is too long (expected text of at most 255 "
                     "characters)");
    expect_set_error(fx, "paths.data", label,
                     "a path of 300 characters is too long (expected a file or folder path of at "
                     "most 255 characters)");
    label[128] = '\0';
    sim_errs_release(&fx->errs);
    snprintf(file, sizeof file, "name: %s\ndescription: \"\"\n", label);
    write_file("long.yaml", file);
    expect_errors(fx, "long.yaml",
                  "crossings: error: long.yaml:1:7: name: text of 128 characters (expected text "
                  "of 1 to 127 characters)\n");
    write_file("empty.yaml", "name: ''\nmodel: {label: \"a\\0b\"}\npaths: {data: ''}\n");
    sim_errs_release(&fx->errs);
    expect_errors(
        fx, "empty.yaml",
        "crossings: error: empty.yaml:1:7: name: text of 0 characters (expected text of 1 to "
        "127 characters)\n"
        "crossings: error: empty.yaml:2:16: model.label: text contains a NUL character (expected "
        "text of at most 255 characters)\n"
        "crossings: error: empty.yaml:3:15: paths.data: '' is an empty path (expected a file or "
        "folder path of at most 255 characters)\n");
}

static void test_config__description_too_long(void **state)
{
    fixture *fx = *state;
    static char file[4096];
    memcpy(file, "description: ", 13);
    memset(file + 13, 'd', 2048);
    memcpy(file + 13 + 2048, "\n", 2);
    write_file("d.yaml", file);
    expect_errors(fx, "d.yaml",
                  "crossings: error: d.yaml:1:14: description: text of 2048 characters (expected "
                  "text of at most 2047 characters)\n");
}

/* ---- structure and keys --------------------------------------------------------- */

static void test_config__unknown_keys_suggest_or_list(void **state)
{
    fixture *fx = *state;
    write_file("k.yaml", "modle:\n  rate: 0.1\n"
                         "model:\n  cuont: 3\n  colour: red\n  depht: 1\n  sub: {deep: 1}\n"
                         "count: 4\n"
                         "nmae: x\n"
                         "zzz: 1\n");
    expect_errors(
        fx, "k.yaml",
        "crossings: error: k.yaml:1:1: modle: unknown key (did you mean model?)\n"
        "crossings: error: k.yaml:4:3: model.cuont: unknown key (did you mean model.count?)\n"
        "crossings: error: k.yaml:5:3: model.colour: unknown key (expected one of: rate, count, "
        "flag, mode, label, sub)\n"
        "crossings: error: k.yaml:6:3: model.depht: unknown key (did you mean "
        "model.sub.depth?)\n"
        "crossings: error: k.yaml:7:9: model.sub.deep: unknown key (expected one of: depth)\n"
        "crossings: error: k.yaml:8:1: count: unknown key (did you mean model.count?)\n"
        "crossings: error: k.yaml:9:1: nmae: unknown key (did you mean name?)\n"
        "crossings: error: k.yaml:10:1: zzz: unknown key (expected one of: base, name, "
        "description, run, model, paths)\n");
}

static void test_config__bad_keys(void **state)
{
    fixture *fx = *state;
    write_file("k.yaml", "run.months: 5\n"
                         "model:\n  rate: 0.1\n  ? [a]\n  : 1\n  \"\": 2\n  rate: 0.2\n"
                         "run:\n  base: x.yaml\n");
    expect_errors(
        fx, "k.yaml",
        "crossings: error: k.yaml:1:1: run.months: a key with a dot (expected one key per "
        "level, each group's keys indented under it)\n"
        "crossings: error: k.yaml:4:5: model: a list or mapping as a key (expected one of: rate, "
        "count, flag, mode, label, sub)\n"
        "crossings: error: k.yaml:6:3: model: an empty key (expected one of: rate, count, flag, "
        "mode, label, sub)\n"
        "crossings: error: k.yaml:7:3: model.rate: key 'rate' given twice: first at k.yaml:3:3\n"
        "crossings: error: k.yaml:9:3: run.base: unknown key (expected one of: months)\n");
    assert_close(fx->model.rate, 0.1, 0, 0);
}

static void test_config__wrong_shapes(void **state)
{
    fixture *fx = *state;
    write_file("w.yaml", "run: 12\n"
                         "model:\n  rate: {a: 1}\n  count: [1]\n  flag:\n  sub: [1]\n"
                         "paths:\n"
                         "name: ~\n"
                         "description: [x]\n");
    expect_errors(
        fx, "w.yaml",
        "crossings: error: w.yaml:1:6: run: got 12, not a mapping of keys (expected a mapping "
        "with keys from: months)\n"
        "crossings: error: w.yaml:3:9: model.rate: got a mapping, not a single value (expected a "
        "number from 0 to 1)\n"
        "crossings: error: w.yaml:4:10: model.count: got a list, not a single value (expected a "
        "whole number from 1 to 100)\n"
        "crossings: error: w.yaml:5:3: model.flag: no value (expected true or false)\n"
        "crossings: error: w.yaml:6:8: model.sub: got a list, not a mapping of keys (expected a "
        "mapping with keys from: depth)\n"
        "crossings: error: w.yaml:7:1: paths: no value (expected a mapping with keys from: "
        "data)\n"
        "crossings: error: w.yaml:8:1: name: no value (expected text of 1 to 127 characters)\n"
        "crossings: error: w.yaml:9:14: description: got a list, not a single value (expected "
        "text of at most 2047 characters)\n");
}

static void test_config__top_level_must_be_a_mapping(void **state)
{
    fixture *fx = *state;
    write_file("list.yaml", "# c\n- a\n");
    expect_errors(fx, "list.yaml",
                  "crossings: error: list.yaml:2:1: got a list, not a mapping of keys (expected a "
                  "mapping with keys from: base, name, description, run, model, paths)\n");
    sim_errs_release(&fx->errs);
    write_file("text.yaml", "hello there\n");
    expect_errors(fx, "text.yaml",
                  "crossings: error: text.yaml:1:1: got 'hello there', not a mapping of keys "
                  "(expected a mapping with keys from: base, name, description, run, model, "
                  "paths)\n");
}

static void test_config__anchors_and_aliases(void **state)
{
    fixture *fx = *state;
    write_file("a.yaml", "model: &m {count: 7}\nrun: {months: &n 9}\n");
    expect_ok(fx, "a.yaml");
    assert_int_equal(fx->run.months, 9);
    assert_int_equal(fx->model.count, 7);
    write_file("b.yaml", "model: &m {count: 7, sub: *m}\n"); /* refers to itself */
    expect_errors(fx, "b.yaml",
                  "crossings: error: b.yaml:1:12: model.sub.count: unknown key (did you mean "
                  "model.count?)\n"
                  "crossings: error: b.yaml:1:22: model.sub.sub: unknown key (expected one of: "
                  "depth)\n");
    sim_errs_release(&fx->errs);
    write_file("c.yaml", "run: {months: *nope}\n");
    expect_errors(fx, "c.yaml",
                  "crossings: error: c.yaml:1:15: invalid YAML: found undefined alias\n");
}

/* ---- files ------------------------------------------------------------------------ */

static void test_config__syntax_error_and_tabs(void **state)
{
    fixture *fx = *state;
    write_file("s.yaml", "run:\n  months: [1\nmodel: {}\n");
    expect_errors(fx, "s.yaml",
                  "crossings: error: s.yaml:3:6: invalid YAML: did not find expected ',' or ']' "
                  "(while parsing a flow sequence at line 2, column 11)\n");
    sim_errs_release(&fx->errs);
    write_file("t.yaml", "run:\n  months: 2\n\tx: 1\n");
    expect_errors(fx, "t.yaml",
                  "crossings: error: t.yaml:3:1: invalid YAML: found a tab character that "
                  "violates indentation (expected spaces, not tabs, for indentation)\n");
    sim_errs_release(&fx->errs);
    write_file("u.yaml", "a: b: c\n");
    expect_errors(fx, "u.yaml",
                  "crossings: error: u.yaml:1:5: invalid YAML: mapping values are not allowed in "
                  "this context\n");
}

static void test_config__second_document(void **state)
{
    fixture *fx = *state;
    write_file("d.yaml", "run: {months: 0}\n---\nrun: {months: 5}\n");
    expect_errors(fx, "d.yaml",
                  "crossings: error: d.yaml:1:15: run.months: 0 is out of range (expected a whole "
                  "number from 1 to 1200)\n"
                  "crossings: error: d.yaml:2:1: a second YAML document (expected one document "
                  "per file)\n");
    sim_errs_release(&fx->errs);
    write_file("e.yaml", "run: {months: 5}\n---\n[\n");
    expect_errors(
        fx, "e.yaml",
        "crossings: error: e.yaml:4:1: invalid YAML: did not find expected node content\n");
}

static void test_config__not_text(void **state)
{
    fixture *fx = *state;
    write_bytes("nul.yaml", "run:\n  mo\0ths: 2\n", 17);
    expect_errors(fx, "nul.yaml",
                  "crossings: error: nul.yaml:2:5: not a text file: contains a NUL byte "
                  "(expected UTF-8 text)\n");
    sim_errs_release(&fx->errs);
    write_file("latin1.yaml", "name: caf\xe9\n");
    expect_errors(fx, "latin1.yaml",
                  "crossings: error: latin1.yaml:1:10: not UTF-8 text: incomplete UTF-8 octet "
                  "sequence (expected a file saved as UTF-8)\n");
    sim_errs_release(&fx->errs);
    write_file("ctl.yaml", "name: a\x07");
    expect_errors(fx, "ctl.yaml",
                  "crossings: error: ctl.yaml:1:8: not UTF-8 text: control characters are not "
                  "allowed (expected a file saved as UTF-8)\n");
}

static void test_config__file_over_one_mib(void **state)
{
    fixture *fx = *state;
    size_t n = (1u << 20) + 1;
    char *big = malloc(n);
    assert_non_null(big);
    memset(big, '#', n);
    write_bytes("big.yaml", big, n);
    write_bytes("edge.yaml", big, n - 1);
    free(big);
    expect_errors(fx, "big.yaml",
                  "crossings: error: big.yaml: the file is 1048577 bytes (expected a scenario "
                  "file of at most 1 MiB, 1048576 bytes)\n");
    sim_errs_release(&fx->errs);
    expect_ok(fx, "edge.yaml");
}

static void test_config__root_file_unreadable(void **state)
{
    fixture *fx = *state;
    expect_errors(fx, "nope.yaml",
                  "crossings: error: cannot open 'nope.yaml': No such file or directory\n");
    sim_errs_release(&fx->errs);
    assert_int_equal(mkdir("dir.yaml", 0700), 0);
    expect_errors(fx, "dir.yaml", "crossings: error: dir.yaml: is a directory (expected a file)\n");
    sim_errs_release(&fx->errs);
    char path[SIM_ERR_PATH + 10];
    memset(path, 'p', sizeof path - 1);
    path[sizeof path - 1] = '\0';
    expect_errors(fx, path,
                  "crossings: error: a path of 521 characters is too long (expected at most "
                  "511)\n");
}

/* ---- bases ------------------------------------------------------------------------ */

static void test_config__base_errors_come_first(void **state)
{
    fixture *fx = *state;
    write_file("root.yaml", "model: {count: 0}\n");
    write_file("top.yaml", "run: {months: 0}\nbase: root.yaml\nmodel: {count: 500}\n");
    expect_errors(fx, "top.yaml",
                  "crossings: error: root.yaml:1:16: model.count: 0 is out of range (expected a "
                  "whole number from 1 to 100)\n"
                  "crossings: error: top.yaml:1:15: run.months: 0 is out of range (expected a "
                  "whole number from 1 to 1200)\n"
                  "crossings: error: top.yaml:3:16: model.count: 500 is out of range (expected a "
                  "whole number from 1 to 100)\n");
}

static void test_config__base_errors_in_file_order(void **state)
{
    fixture *fx = *state;
    write_file("top.yaml", "run: {monhts: 5}\nbase: gone.yaml\nbase: other.yaml\nzzz: 1\n");
    expect_errors(fx, "top.yaml",
                  "crossings: error: top.yaml:1:7: run.monhts: unknown key (did you mean "
                  "run.months?)\n"
                  "crossings: error: top.yaml:2:7: base: cannot open 'gone.yaml': No such file or "
                  "directory\n"
                  "crossings: error: top.yaml:3:1: base: key 'base' given twice: first at "
                  "top.yaml:2:1\n"
                  "crossings: error: top.yaml:4:1: zzz: unknown key (expected one of: base, name, "
                  "description, run, model, paths)\n");
}

static void test_config__syntax_error_stops_the_load(void **state)
{
    fixture *fx = *state;
    write_file("root.yaml", "model: {count: [}\n");
    write_file("mid.yaml", "base: root.yaml\nmodel: {count: 0}\n");
    write_file("top.yaml", "zzz: 1\nbase: mid.yaml\n");
    expect_errors(fx, "top.yaml",
                  "crossings: error: root.yaml:1:17: invalid YAML: did not find expected node "
                  "content\n");
    assert_int_equal(fx->errs.n, 1);
}

static void test_config__bad_base_values(void **state)
{
    fixture *fx = *state;
    assert_int_equal(mkdir("dir", 0700), 0);
    write_file("a.yaml", "base:\n");
    write_file("b.yaml", "base: ''\n");
    write_file("c.yaml", "base: [x.yaml]\n");
    write_file("d.yaml", "base: dir\n");
    const char *expected[] = {
        "crossings: error: a.yaml:1:1: base: no value (expected a path to a scenario file)\n",
        "crossings: error: b.yaml:1:7: base: '' is an empty path (expected a path to a scenario "
        "file)\n",
        "crossings: error: c.yaml:1:7: base: got a list, not a single value (expected a path to "
        "a scenario file)\n",
        "crossings: error: d.yaml:1:7: base: is a directory (expected a file)\n"};
    const char *files[] = {"a.yaml", "b.yaml", "c.yaml", "d.yaml"};
    for (size_t i = 0; i < 4; i++) {
        sim_errs_release(&fx->errs);
        expect_errors(fx, files[i], expected[i]);
    }
}

static void test_config__base_cycles(void **state)
{
    fixture *fx = *state;
    assert_int_equal(mkdir("sub", 0700), 0);
    write_file("a.yaml", "base: sub/b.yaml\n");
    write_file("sub/b.yaml", "base: ../a.yaml\nrun: {months: 0}\n");
    expect_errors(fx, "a.yaml",
                  "crossings: error: sub/b.yaml:1:7: base: cycle of bases: a.yaml -> sub/b.yaml -> "
                  "sub/../a.yaml (expected a chain that ends in a file without base)\n"
                  "crossings: error: sub/b.yaml:2:15: run.months: 0 is out of range (expected a "
                  "whole number from 1 to 1200)\n");
    sim_errs_release(&fx->errs);
    write_file("self.yaml", "base: ./self.yaml\n");
    expect_errors(fx, "self.yaml",
                  "crossings: error: self.yaml:1:7: base: cycle of bases: self.yaml -> ./self.yaml "
                  "(expected a chain that ends in a file without base)\n");
}

static void test_config__base_depth_limit(void **state)
{
    fixture *fx = *state;
    char name[32], text[64];
    for (int i = 0; i < 17; i++) {
        snprintf(name, sizeof name, "f%d.yaml", i);
        snprintf(text, sizeof text, i < 16 ? "base: f%d.yaml\n" : "run: {months: %d}\n", i + 1);
        write_file(name, text);
    }
    write_file("ok.yaml", "base: f2.yaml\n");
    expect_ok(fx, "ok.yaml");
    assert_int_equal(fx->run.months, 17);
    expect_errors(fx, "f0.yaml",
                  "crossings: error: f15.yaml:1:7: base: bases nested more than 16 deep "
                  "(expected a chain of at most 16 files)\n");
}

static void test_config__overlong_paths(void **state)
{
    fixture *fx = *state;
    char dir[512], base[700], msg[1400];
    memset(dir, 'd', 200);
    dir[200] = '\0';
    assert_int_equal(mkdir(dir, 0700), 0);
    dir[200] = '/';
    memset(dir + 201, 'd', 200);
    dir[401] = '\0';
    assert_int_equal(mkdir(dir, 0700), 0);
    snprintf(base, sizeof base, "%s/root.yaml", dir);
    write_file(base, "run: {months: 2}\n");
    snprintf(base, sizeof base, "base: %s/root.yaml\n", dir);
    write_file("top.yaml", base);
    snprintf(msg, sizeof msg,
             "crossings: error: paths.data: default 'data' in folder '%s' is too long (expected "
             "a path of at most 255 characters)\n",
             dir);
    expect_errors(fx, "top.yaml", msg);
    assert_int_equal(fx->run.months, 2);
    sim_errs_release(&fx->errs);
    memset(base, 'b', sizeof base);
    memcpy(base, "base: ", 6);
    memcpy(base + 600, "\n", 2);
    write_file("long.yaml", base);
    expect_errors(fx, "long.yaml",
                  "crossings: error: long.yaml:1:7: base: a path of 594 characters is too long "
                  "(expected a path to a scenario file)\n");
}

static void test_config__long_names_are_cut(void **state)
{
    fixture *fx = *state;
    char file[220], text[260];
    memset(file, 'n', 200);
    memcpy(file + 200, ".yaml", 6);
    memset(text, 'k', 200);
    memcpy(text + 200, ": 1\n", 5);
    write_file(file, text);
    assert_int_equal(load(fx, file), SIM_EINPUT);
    assert_int_equal(strlen(fx->sc.name), SIM_SCENARIO_NAME_MAX - 1);
    assert_int_equal(fx->errs.n, 1);
    assert_int_equal(strlen(fx->errs.v[0].key), SIM_ERR_KEY - 1);
    assert_string_equal(fx->errs.v[0].msg, "unknown key (expected one of: base, name, "
                                           "description, run, model, paths)");
}

static void test_config__row_of_unknown_type(void **state)
{
    fixture *fx = *state;
    test_model v;
    sim_param_desc row = model_rows[0];
    row.type = (sim_param_type)42;
    sim_param_table t = {"odd", &row, 1, sizeof v};
    sim_config_binding b = {&t, &v};
    assert_int_equal(sim_config_set(&b, 1, "model.rate", "1", "cli", &fx->errs), SIM_EINPUT);
    assert_string_equal(fx->errs.v[0].msg, "parameter of unknown type 42");
}

/* ---- sim_config_set ------------------------------------------------------------------ */

static void test_config__set_parses_like_a_file(void **state)
{
    fixture *fx = *state;
    assert_int_equal(sim_config_set(fx->b, 2, "run.months", "24", "--set", &fx->errs), SIM_OK);
    assert_int_equal(fx->run.months, 24);
    assert_int_equal(sim_config_set(fx->b, 2, "paths.data", "rel/x", "--set", &fx->errs), SIM_OK);
    assert_string_equal(fx->model.data, "rel/x");
    assert_int_equal(fx->errs.n, 0);
    expect_set_error(fx, "run.months", "", "no value (expected a whole number from 1 to 1200)");
    expect_set_error(fx, "run.months", "null", "no value (expected a whole number from 1 to 1200)");
    expect_set_error(fx, "run.months", "0",
                     "0 is out of range (expected a whole number from 1 to 1200)");
    assert_int_equal(fx->run.months, 24);
}

static void test_config__set_unknown_paths(void **state)
{
    fixture *fx = *state;
    expect_set_error(fx, "run.montsh", "24", "unknown key (did you mean run.months?)");
    expect_set_error(fx, "months", "24", "unknown key (did you mean run.months?)");
    expect_set_error(fx, "model.sub.dpth", "1", "unknown key (did you mean model.sub.depth?)");
    expect_set_error(fx, "model.qqq", "1",
                     "unknown key (expected one of: rate, count, flag, mode, label, sub)");
    expect_set_error(fx, "zzz.qqq", "1", "unknown key (expected one of: run, model, paths)");
    expect_set_error(fx, "model.sub", "1", "a group, not a parameter (expected one of: depth)");
}

static void test_config__reload_reuses_scenario(void **state)
{
    fixture *fx = *state;
    write_file("one.yaml", "name: One\nrun: {months: 5}\n");
    write_file("two.yaml", "run: {months: 6}\n");
    expect_ok(fx, "one.yaml");
    expect_ok(fx, "two.yaml");
    assert_string_equal(fx->sc.name, "two");
    assert_string_equal(fx->sc.text, "# ==> two.yaml <==\nrun: {months: 6}\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_config__loads_every_type),
        TEST(test_config__range_ends_are_inclusive),
        TEST(test_config__empty_file_is_an_empty_mapping),
        TEST(test_config__name_defaults_to_file_name),
        TEST(test_config__name_and_description_not_inherited),
        TEST(test_config__derived_file_overrides_base),
        TEST(test_config__base_is_relative_to_including_file),
        TEST(test_config__path_resolves_against_setting_file),
        TEST(test_config__path_default_resolves_against_root_base),
        TEST(test_config__values_untouched_on_error),
        TEST(test_config__every_bad_value_in_one_pass),
        TEST(test_config__number_syntax),
        TEST(test_config__whole_numbers),
        TEST(test_config__quoted_numbers_and_bools_are_text),
        TEST(test_config__booleans_are_true_or_false),
        TEST(test_config__enum_lists_choices),
        TEST(test_config__text_too_long),
        TEST(test_config__description_too_long),
        TEST(test_config__unknown_keys_suggest_or_list),
        TEST(test_config__bad_keys),
        TEST(test_config__wrong_shapes),
        TEST(test_config__top_level_must_be_a_mapping),
        TEST(test_config__anchors_and_aliases),
        TEST(test_config__syntax_error_and_tabs),
        TEST(test_config__second_document),
        TEST(test_config__not_text),
        TEST(test_config__file_over_one_mib),
        TEST(test_config__root_file_unreadable),
        TEST(test_config__base_errors_come_first),
        TEST(test_config__base_errors_in_file_order),
        TEST(test_config__syntax_error_stops_the_load),
        TEST(test_config__bad_base_values),
        TEST(test_config__base_cycles),
        TEST(test_config__base_depth_limit),
        TEST(test_config__overlong_paths),
        TEST(test_config__long_names_are_cut),
        TEST(test_config__row_of_unknown_type),
        TEST(test_config__set_parses_like_a_file),
        TEST(test_config__set_unknown_paths),
        TEST(test_config__reload_reuses_scenario),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
