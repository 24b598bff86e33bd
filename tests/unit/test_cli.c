/* The command line: exit codes, the diagnostic format, options, the JSON dump. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char directory[] = "/tmp/payloadc_cli_XXXXXX";

static const char *write_file(const char *name, const char *text)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", directory, name);
    FILE *file = fopen(path, "wb");
    assert_non_null(file);
    fputs(text, file);
    fclose(file);
    return path;
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(directory) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char command[600];
    snprintf(command, sizeof command, "rm -rf '%s'", directory);
    return system(command) == 0 ? 0 : -1;
}

static void version_and_help(void **state)
{
    (void)state;
    char *out, *err;
    char *version[] = {"payloadc", "--version", NULL};
    assert_int_equal(run_cli(version, &out, &err), 0);
    assert_true(strncmp(out, "payloadc ", 9) == 0);
    free(out);
    free(err);
    char *help[] = {"payloadc", "--help", NULL};
    assert_int_equal(run_cli(help, &out, &err), 0);
    assert_non_null(strstr(out, "check"));
    free(out);
    free(err);
    char *check_help[] = {"payloadc", "check", "--help", NULL};
    assert_int_equal(run_cli(check_help, &out, &err), 0);
    assert_non_null(strstr(out, "--max-errors"));
    free(out);
    free(err);
}

static void usage_errors_exit_2(void **state)
{
    (void)state;
    char *none[] = {"payloadc", NULL};
    char *unknown[] = {"payloadc", "frobnicate", NULL};
    char *no_files[] = {"payloadc", "check", NULL};
    char *bad_option[] = {"payloadc", "check", "--nope", "x.payload", NULL};
    char *bad_count[] = {"payloadc", "check", "--max-errors", "many", "x.payload", NULL};
    char *missing[] = {"payloadc", "check", "/nonexistent/file.payload", NULL};
    char **cases[] = {none, unknown, no_files, bad_option, bad_count, missing};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *err;
        assert_int_equal(run_cli(cases[i], NULL, &err), 2);
        assert_non_null(strstr(err, "payloadc: error: "));
        free(err);
    }
}

static void clean_file_exits_0_silently(void **state)
{
    (void)state;
    const char *path = write_file("ok.payload", "package p;\nstruct A { x: int32; }\n");
    char *argv[] = {"payloadc", "check", (char *)path, NULL};
    char *out, *err;
    assert_int_equal(run_cli(argv, &out, &err), 0);
    assert_string_equal(out, "");
    assert_string_equal(err, "");
    free(out);
    free(err);
}

static void errors_are_gcc_style_with_a_code_frame(void **state)
{
    (void)state;
    const char *path = write_file("bad.payload", "package p;\nstruct Location { n: string; }\n"
                                                 "struct M {\n  location: Locaton?;\n}\n");
    char *argv[] = {"payloadc", "check", "--color", "never", (char *)path, NULL};
    char *err;
    assert_int_equal(run_cli(argv, NULL, &err), 1);
    char expected[1024];
    snprintf(expected, sizeof expected,
             "%s:4:13: error: unknown type 'Locaton'; did you mean 'Location'? [E0301]\n"
             "    4 |   location: Locaton?;\n"
             "      |             ^~~~~~~\n",
             path);
    assert_string_equal(err, expected);
    free(err);
}

static void colour_only_when_asked_or_on_a_terminal(void **state)
{
    (void)state;
    const char *path = write_file("c.payload", "package p;\nstruct A { x: Nope; }\n");
    char *always[] = {"payloadc", "check", "--color=always", (char *)path, NULL};
    char *err;
    assert_int_equal(run_cli(always, NULL, &err), 1);
    assert_non_null(strstr(err, "\033[1;31merror:"));
    free(err);
    /* auto: the test's stream is a file, not a terminal */
    char *automatic[] = {"payloadc", "check", (char *)path, NULL};
    assert_int_equal(run_cli(automatic, NULL, &err), 1);
    assert_null(strstr(err, "\033["));
    free(err);
}

static void max_errors_limits_the_output(void **state)
{
    (void)state;
    const char *path =
        write_file("many.payload", "package p;\nstruct A { a: X1; b: X2; c: X3; d: X4; }\n");
    char *argv[] = {"payloadc", "check", "--max-errors", "2", (char *)path, NULL};
    char *err;
    assert_int_equal(run_cli(argv, NULL, &err), 1);
    assert_non_null(strstr(err, "'X1'"));
    assert_non_null(strstr(err, "'X2'"));
    assert_null(strstr(err, "'X3'"));
    assert_non_null(strstr(err, "stopped after 2 errors"));
    free(err);
}

static void errors_come_in_file_order_across_phases(void **state)
{
    (void)state;
    /* E0805 (routes phase) on line 3 must print after E0301 (types phase) on line 2 and before
     * the E0301 on line 4. */
    const char *path = write_file(
        "order.payload", "package p;\nstruct A { x: Nope; }\n"
                         "service S { r GET \"/x\" (body: A); }\nstruct B { y: Nope2; }\n");
    char *argv[] = {"payloadc", "check", (char *)path, NULL};
    char *err;
    assert_int_equal(run_cli(argv, NULL, &err), 1);
    const char *first = strstr(err, "'Nope'");
    const char *second = strstr(err, "[E0805]");
    const char *third = strstr(err, "'Nope2'");
    assert_non_null(first);
    assert_non_null(second);
    assert_non_null(third);
    assert_true(first < second && second < third);
    free(err);
}

static void warnings_fail_only_with_werror(void **state)
{
    (void)state;
    const char *path =
        write_file("warn.payload", "package p;\n@status(404) struct E { m: string; }\n");
    char *argv[] = {"payloadc", "check", (char *)path, NULL};
    char *err;
    assert_int_equal(run_cli(argv, NULL, &err), 0);
    assert_non_null(strstr(err, "warning:"));
    free(err);
    char *werror[] = {"payloadc", "check", "--werror", (char *)path, NULL};
    assert_int_equal(run_cli(werror, NULL, &err), 1);
    free(err);
}

static void include_option_finds_imports(void **state)
{
    (void)state;
    char lib_dir[600];
    snprintf(lib_dir, sizeof lib_dir, "%s/lib", directory);
    char command[700];
    snprintf(command, sizeof command, "mkdir -p '%s'", lib_dir);
    assert_int_equal(system(command), 0);
    write_file("lib/shared.payload", "package shared;\nstruct S { x: int32; }\n");
    const char *path = write_file(
        "uses.payload", "package app;\nimport \"shared.payload\";\nstruct A { s: shared.S; }\n");
    char *without[] = {"payloadc", "check", (char *)path, NULL};
    char *err;
    assert_int_equal(run_cli(without, NULL, &err), 1);
    assert_non_null(strstr(err, "[E0304]"));
    free(err);
    char *with[] = {"payloadc", "check", "-I", lib_dir, (char *)path, NULL};
    assert_int_equal(run_cli(with, NULL, &err), 0);
    free(err);
    char joined[610];
    snprintf(joined, sizeof joined, "-I%s", lib_dir);
    char *attached[] = {"payloadc", "check", joined, (char *)path, NULL};
    assert_int_equal(run_cli(attached, NULL, &err), 0);
    free(err);
}

/* check and compat read FILEs, "--" and -I alike (pc_cli_take_input). */
static void inputs_are_read_alike_by_check_and_compat(void **state)
{
    (void)state;
    char *check_no_folder[] = {"payloadc", "check", "x.payload", "-I", NULL};
    char *compat_no_folder[] = {"payloadc",  "compat", "x.payload", "--against",
                                "y.payload", "-I",     NULL};
    char **no_folder[] = {check_no_folder, compat_no_folder};
    for (size_t i = 0; i < 2; i++) {
        char *err;
        assert_int_equal(run_cli(no_folder[i], NULL, &err), 2);
        assert_non_null(strstr(err, "-I needs a folder"));
        free(err);
    }
    /* After "--" an argument starting with '-' is a file, also "--help". */
    char dash_name[600];
    snprintf(dash_name, sizeof dash_name, "%s/-dash.payload", directory);
    write_file("-dash.payload", "package p;\nstruct A { x: int32; }\n");
    char *after_dashes[] = {"payloadc", "check", "--", dash_name, NULL};
    char *err;
    assert_int_equal(run_cli(after_dashes, NULL, &err), 0);
    free(err);
    char *help_as_file[] = {"payloadc", "check", "--", "--help", NULL};
    assert_int_equal(run_cli(help_as_file, NULL, &err), 2);
    assert_non_null(strstr(err, "cannot read '--help'"));
    free(err);
    char *compat_help_as_file[] = {"payloadc", "compat", "--against", dash_name,
                                   "--",       "--help", NULL};
    assert_int_equal(run_cli(compat_help_as_file, NULL, &err), 2);
    assert_null(strstr(err, "usage:"));
    free(err);
}

static void dump_json_describes_the_resolved_schema(void **state)
{
    (void)state;
    const char *path =
        write_file("dump.payload",
                   "package p;\n/// A \"quoted\" doc.\nstruct A { @wire(\"x_x\") x?: int32; }\n"
                   "service S { get GET \"/a/{id}\" (id: int64) -> list<A>?; }\n");
    char *argv[] = {"payloadc", "check", "--dump", "json", (char *)path, NULL};
    char *out, *err;
    assert_int_equal(run_cli(argv, &out, &err), 0);
    assert_non_null(strstr(out, "\"name\":\"p.A\",\"kind\":\"struct\",\"direction\":\"output\""));
    assert_non_null(strstr(out, "\"doc\":\"A \\\"quoted\\\" doc.\""));
    assert_non_null(strstr(out, "\"wire\":\"x_x\",\"type\":\"int32\",\"optional\":true"));
    assert_non_null(strstr(out, "\"shape\":\"/a/{}\""));
    assert_non_null(strstr(out, "\"in\":\"path\""));
    assert_non_null(strstr(out, "\"response\":\"list<p.A>?\""));
    /* It is JSON. */
    pl_error error;
    assert_true(pl_json_validate(out, strlen(out), &error));
    free(out);
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(version_and_help),
        cmocka_unit_test(usage_errors_exit_2),
        cmocka_unit_test(inputs_are_read_alike_by_check_and_compat),
        cmocka_unit_test(clean_file_exits_0_silently),
        cmocka_unit_test(errors_are_gcc_style_with_a_code_frame),
        cmocka_unit_test(colour_only_when_asked_or_on_a_terminal),
        cmocka_unit_test(max_errors_limits_the_output),
        cmocka_unit_test(errors_come_in_file_order_across_phases),
        cmocka_unit_test(warnings_fail_only_with_werror),
        cmocka_unit_test(include_option_finds_imports),
        cmocka_unit_test(dump_json_describes_the_resolved_schema),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
