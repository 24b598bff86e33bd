/* JSONTestSuite (test_parsing): every y_ file is accepted, every n_ file rejected, and every
 * file, i_ ones included, is read without a crash, a hang or a read past its end. The i_ files
 * must give the answers docs/c-runtime-notes.md documents. */
#include "test_util.h"

#include <dirent.h>
#include <stdio.h>
#include <time.h>

#ifndef PAYLOADC_JSONTESTSUITE_DIR
#error "PAYLOADC_JSONTESTSUITE_DIR must name the test_parsing folder"
#endif

static const char *suite_dir(void)
{
    const char *dir = getenv("PAYLOADC_JSONTESTSUITE_DIR");
    return dir && *dir ? dir : PAYLOADC_JSONTESTSUITE_DIR;
}

/* Reads a whole file into an exact-size buffer (raw bytes: the length is the file's size). */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *data = NULL;
    size_t size = 0, cap = 0;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (size + n > cap) {
            cap = (size + n) * 2;
            data = realloc(data, cap);
            assert_non_null(data);
        }
        memcpy(data + size, chunk, n);
        size += n;
    }
    fclose(f);
    char *exact = exact_copy(data ? data : "", size);
    free(data);
    *len = size;
    return exact;
}

/* The documented answers for the implementation-defined files. */
static bool expected_for_i(const char *name)
{
    static const char *const accepted[] = {
        "i_number_double_huge_neg_exp.json",  "i_number_huge_exp.json",
        "i_number_neg_int_huge_exp.json",     "i_number_pos_double_huge_exp.json",
        "i_number_real_neg_overflow.json",    "i_number_real_pos_overflow.json",
        "i_number_real_underflow.json",       "i_number_too_big_neg_int.json",
        "i_number_too_big_pos_int.json",      "i_number_very_big_negative_int.json",
        "i_structure_500_nested_arrays.json",
    };
    for (size_t i = 0; i < sizeof accepted / sizeof accepted[0]; i++)
        if (strcmp(name, accepted[i]) == 0)
            return true;
    return false; /* every i_string_* and the BOM file: invalid UTF-8, lone surrogates */
}

static void test_suite(void **state)
{
    (void)state;
    const char *dir = suite_dir();
    DIR *d = opendir(dir);
    if (!d)
        fail_msg("JSONTestSuite folder missing: %s (it comes from shared/testdata beside the "
                 "repository; set PAYLOADC_JSONTESTSUITE_DIR to override)",
                 dir);
    int counts[3] = {0, 0, 0}, failures = 0;
    struct dirent *entry;
    while ((entry = readdir(d)) != NULL) {
        const char *name = entry->d_name;
        size_t name_len = strlen(name);
        if (name_len < 6 || strcmp(name + name_len - 5, ".json") != 0)
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, name);
        size_t len;
        char *text = read_file(path, &len);
        pl_error err;
        pl_error_clear(&err);
        clock_t start = clock();
        bool ok = pl_json_validate(text, len, &err);
        double took = (double)(clock() - start) / CLOCKS_PER_SEC;
        if (took > 1.0) {
            printf("SLOW %s: %.2fs\n", name, took);
            failures++;
        }
        if (!ok && (err.kind != PL_ERROR_SYNTAX && err.kind != PL_ERROR_DEPTH)) {
            printf("BAD KIND %s: %s\n", name, pl_error_kind_name(err.kind));
            failures++;
        }
        if (!ok && (err.offset > len || err.line == 0 || err.column == 0)) {
            printf("BAD POSITION %s\n", name);
            failures++;
        }
        bool expected;
        int which;
        if (name[0] == 'y') {
            expected = true;
            which = 0;
        } else if (name[0] == 'n') {
            expected = false;
            which = 1;
        } else {
            expected = expected_for_i(name);
            which = 2;
        }
        counts[which]++;
        if (ok != expected) {
            printf("WRONG %s: %s%s\n", name, ok ? "accepted" : "rejected: ", ok ? "" : err.message);
            failures++;
        }
        /* The pull reader's skip agrees with validate. */
        pl_json_reader r;
        pl_json_reader_init(&r, text, len, NULL, NULL);
        bool skipped = pl_json_skip(&r) && pl_json_reader_finish(&r);
        if (skipped != ok) {
            printf("SKIP DISAGREES %s\n", name);
            failures++;
        }
        free(text);
    }
    closedir(d);
    printf("JSONTestSuite: %d y_, %d n_, %d i_ files\n", counts[0], counts[1], counts[2]);
    if (counts[0] + counts[1] + counts[2] < 300)
        fail_msg("only %d files found in %s", counts[0] + counts[1] + counts[2], dir);
    assert_int_equal(failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_suite),
    };
    return cmocka_run_group_tests_name("jsontestsuite", tests, NULL, NULL);
}
