/* Golden diagnostics: for every tests/diagnostics/<CODE>*.payload, `payloadc check` must print
 * exactly <same name>.expected. The file's name starts with the code it demonstrates, and the
 * output must contain that code. PAYLOADC_UPDATE_GOLDEN=1 rewrites the expected files (review
 * the diff). Every code in the table must have at least one golden file. */
#include "support.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define GOLDEN_DIR PAYLOADC_SOURCE_DIR "/tests/diagnostics"

typedef struct golden_case {
    char name[256]; /* "E0301_unknown_type.payload" */
} golden_case;

static golden_case cases[512];
static size_t case_count;

static int compare_names(const void *a, const void *b)
{
    return strcmp(((const golden_case *)a)->name, ((const golden_case *)b)->name);
}

static void collect_cases(void)
{
    DIR *dir = opendir(GOLDEN_DIR);
    if (!dir)
        return;
    struct dirent *entry;
    while ((entry = readdir(dir)) && case_count < sizeof cases / sizeof cases[0]) {
        size_t length = strlen(entry->d_name);
        if (length > 8 && strcmp(entry->d_name + length - 8, ".payload") == 0 &&
            (entry->d_name[0] == 'E' || entry->d_name[0] == 'W'))
            snprintf(cases[case_count++].name, sizeof cases[0].name, "%s", entry->d_name);
    }
    closedir(dir);
    qsort(cases, case_count, sizeof cases[0], compare_names);
}

static void run_case(void **state)
{
    const golden_case *golden = *state;
    char *argv[] = {"payloadc", "check", "--color", "never", "--max-errors", "0",
                    (char *)golden->name, NULL};
    char *out = NULL, *err = NULL;
    int status = run_cli(argv, &out, &err);

    char code[6];
    memcpy(code, golden->name, 5);
    code[5] = '\0';
    char bracketed[16];
    snprintf(bracketed, sizeof bracketed, "[%s]", code);
    if (!strstr(err, bracketed)) {
        print_message("%s: output does not contain %s:\n%s", golden->name, bracketed, err);
        fail();
    }
    assert_int_equal(status, code[0] == 'E' ? 1 : 0);

    char expected_path[600];
    snprintf(expected_path, sizeof expected_path, "%.*s.expected",
             (int)(strlen(golden->name) - 8), golden->name);
    const char *update = getenv("PAYLOADC_UPDATE_GOLDEN");
    if (update && strcmp(update, "1") == 0) {
        FILE *file = fopen(expected_path, "wb");
        assert_non_null(file);
        fputs(err, file);
        fclose(file);
    } else {
        char *expected = read_whole_file(expected_path, NULL);
        if (!expected) {
            print_message("%s is missing; run with PAYLOADC_UPDATE_GOLDEN=1\n", expected_path);
            fail();
        }
        if (strcmp(expected, err) != 0) {
            print_message("%s differs.\n--- expected\n%s--- actual\n%s", expected_path, expected,
                          err);
            free(expected);
            fail();
        }
        free(expected);
    }
    free(out);
    free(err);
}

static void every_code_has_a_golden_file(void **state)
{
    (void)state;
    int missing = 0;
    for (int i = 0; i < PC_DIAG_COUNT; i++) {
        const char *code = pc_diag_info_of((pc_diag_code)i)->code;
        bool found = false;
        for (size_t c = 0; c < case_count && !found; c++)
            found = strncmp(cases[c].name, code, 5) == 0;
        if (!found) {
            print_message("no golden file for %s (%s)\n", code,
                          pc_diag_info_of((pc_diag_code)i)->title);
            missing++;
        }
    }
    assert_int_equal(missing, 0);
}

static void every_code_is_documented(void **state)
{
    (void)state;
    char *docs = read_whole_file(PAYLOADC_SOURCE_DIR "/docs/language.md", NULL);
    assert_non_null(docs);
    int missing = 0;
    for (int i = 0; i < PC_DIAG_COUNT; i++) {
        const char *code = pc_diag_info_of((pc_diag_code)i)->code;
        if (!strstr(docs, code)) {
            print_message("docs/language.md does not mention %s\n", code);
            missing++;
        }
    }
    free(docs);
    assert_int_equal(missing, 0);
}

int main(void)
{
    /* Paths in the output are relative to the golden folder, so run from there. */
    if (chdir(GOLDEN_DIR) != 0) {
        perror(GOLDEN_DIR);
        return 1;
    }
    collect_cases();
    struct CMUnitTest *tests = calloc(case_count + 2, sizeof *tests);
    if (!tests)
        return 1;
    for (size_t i = 0; i < case_count; i++) {
        tests[i].name = cases[i].name;
        tests[i].test_func = run_case;
        tests[i].initial_state = &cases[i];
    }
    tests[case_count].name = "every_code_has_a_golden_file";
    tests[case_count].test_func = every_code_has_a_golden_file;
    tests[case_count + 1].name = "every_code_is_documented";
    tests[case_count + 1].test_func = every_code_is_documented;
    int failed = _cmocka_run_group_tests("diagnostics_golden", tests, case_count + 2, NULL, NULL);
    free(tests);
    return failed;
}
