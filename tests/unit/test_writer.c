/* The shared code writer and the output set: indentation, blank lines, docs, and writing only
 * the files whose bytes changed. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emit.h"

static const char *text_of(pc_writer *w)
{
    return w->buf.data ? w->buf.data : "";
}

static void indentation_and_blocks(void **state)
{
    (void)state;
    pc_writer w;
    pc_writer_init(&w, "    ");
    pc_line(&w, "// %s", "header");
    pc_blank(&w);
    pc_open(&w, "struct %s {", "A");
    pc_blank(&w); /* dropped: right after an opening line */
    pc_line(&w, "int x;");
    pc_blank(&w);
    pc_blank(&w); /* collapses */
    pc_line(&w, "int y;");
    pc_blank(&w); /* dropped: before a closing line */
    pc_close(&w, "};");
    pc_write(&w, "a");
    pc_write(&w, "%d", 1);
    pc_newline(&w);
    assert_false(w.failed);
    assert_string_equal(text_of(&w), "// header\n"
                                     "\n"
                                     "struct A {\n"
                                     "    int x;\n"
                                     "\n"
                                     "    int y;\n"
                                     "};\n"
                                     "a1\n");
    pc_writer_free(&w);
}

static void no_blank_line_at_the_start(void **state)
{
    (void)state;
    pc_writer w;
    pc_writer_init(&w, "\t");
    pc_blank(&w);
    pc_line(&w, "x");
    pc_indent(&w);
    pc_line(&w, "y");
    pc_dedent(&w);
    pc_dedent(&w); /* never below zero */
    pc_line(&w, "z");
    assert_string_equal(text_of(&w), "x\n\ty\nz\n");
    pc_writer_free(&w);
}

static void escape_stars(pc_writer *w, const char *line, size_t length)
{
    for (size_t i = 0; i < length; i++) {
        if (line[i] == '*' && i + 1 < length && line[i + 1] == '/')
            pc_write(w, "*\\");
        else
            pc_write(w, "%c", line[i]);
    }
}

static void doc_comments(void **state)
{
    (void)state;
    pc_writer w;
    pc_writer_init(&w, "  ");
    pc_indent(&w);
    pc_write_doc(&w, "First line.\n\nEnds */ here.", "/**", " * ", " */", escape_stars);
    pc_write_doc(&w, NULL, "/**", " * ", " */", NULL);
    pc_write_doc(&w, "Swift style.", NULL, "/// ", NULL, NULL);
    assert_string_equal(text_of(&w), "  /**\n"
                                     "   * First line.\n"
                                     "   *\n"
                                     "   * Ends *\\/ here.\n"
                                     "   */\n"
                                     "  /// Swift style.\n");
    pc_writer_free(&w);
}

static void long_lines_are_not_cut(void **state)
{
    (void)state;
    pc_writer w;
    pc_writer_init(&w, "  ");
    char long_text[1000];
    memset(long_text, 'x', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    pc_line(&w, "%s%s", long_text, long_text);
    assert_int_equal(strlen(text_of(&w)), 2 * 999 + 1);
    pc_writer_free(&w);
}

/* The writer formats the common conversions itself: each must print what snprintf prints. */
#define EXPECT_LIKE_PRINTF(...)                                                                    \
    do {                                                                                           \
        pc_writer w;                                                                               \
        pc_writer_init(&w, "  ");                                                                  \
        char expected[256];                                                                        \
        snprintf(expected, sizeof expected, __VA_ARGS__);                                          \
        pc_write(&w, __VA_ARGS__);                                                                 \
        assert_string_equal(text_of(&w), expected);                                                \
        pc_writer_free(&w);                                                                        \
    } while (0)

static void formats_like_printf(void **state)
{
    (void)state;
    EXPECT_LIKE_PRINTF("plain text, no conversion");
    EXPECT_LIKE_PRINTF("%s and %s", "one", "");
    EXPECT_LIKE_PRINTF("[%.*s]", 3, "abcdef");
    EXPECT_LIKE_PRINTF("[%.*s]", 0, "abcdef");
    EXPECT_LIKE_PRINTF("[%.*s]", 9, "ab");
    EXPECT_LIKE_PRINTF("%d %d %d %i", 0, -1, 2147483647, (-2147483647 - 1));
    EXPECT_LIKE_PRINTF("%u %u", 0u, 4294967295u);
    EXPECT_LIKE_PRINTF("%ld %lu", -9000000000L, 18000000000UL);
    EXPECT_LIKE_PRINTF("%lld %llu", (-9223372036854775807LL - 1), 18446744073709551615ULL);
    EXPECT_LIKE_PRINTF("%zu %zu", (size_t)0, (size_t)123456789);
    EXPECT_LIKE_PRINTF("%02d:%02d %04d %09d %06d", 5, 45, 7, 12345, -42);
    EXPECT_LIKE_PRINTF("%02d %04d", -5, -5);
    EXPECT_LIKE_PRINTF("\\x%02x \\u%04X %x", 10, 0xabc, 255);
    EXPECT_LIKE_PRINTF("%c%c 100%% done", 'o', 'k');
    /* Not handled by the fast path: left to vsnprintf. */
    EXPECT_LIKE_PRINTF("%.16e %03o %*s|% d", 0.1, 8, 5, "r", 3);
    EXPECT_LIKE_PRINTF("%5d|%-3s|%+d", 42, "a", 7);
}

static char *slurp(const char *path)
{
    return read_whole_file(path, NULL);
}

static void commit_writes_only_changed_files(void **state)
{
    (void)state;
    char directory[] = "/tmp/payloadc_emit_XXXXXX";
    assert_non_null(mkdtemp(directory));
    FILE *err = tmpfile();
    pc_emit_context ctx = {NULL, NULL, 0, NULL, 0, err, false, 0, NULL, NULL};
    pc_line(pc_emit_file(&ctx, "a/b/one.txt", "  "), "one");
    pc_line(pc_emit_file(&ctx, "two.txt", "  "), "two");
    uint32_t written = 0;
    assert_true(pc_emit_commit(&ctx, directory, "sub", &written));
    assert_int_equal(written, 2);
    char path[512];
    snprintf(path, sizeof path, "%s/sub/a/b/one.txt", directory);
    char *content = slurp(path);
    assert_string_equal(content, "one\n");
    free(content);
    struct stat before;
    assert_int_equal(stat(path, &before), 0);

    /* Same bytes again: nothing is written. */
    assert_true(pc_emit_commit(&ctx, directory, "sub", &written));
    assert_int_equal(written, 0);
    pc_emit_context_free(&ctx);

    /* One file changes, even by growing past the old length. */
    pc_line(pc_emit_file(&ctx, "a/b/one.txt", "  "), "one");
    pc_line(pc_emit_file(&ctx, "two.txt", "  "), "two, longer");
    assert_true(pc_emit_commit(&ctx, directory, "sub", &written));
    assert_int_equal(written, 1);
    snprintf(path, sizeof path, "%s/sub/two.txt", directory);
    content = slurp(path);
    assert_string_equal(content, "two, longer\n");
    free(content);
    pc_emit_context_free(&ctx);
    fclose(err);
    char command[600];
    snprintf(command, sizeof command, "rm -rf '%s'", directory);
    assert_int_equal(system(command), 0);
}

/* Enough files for several writer threads, spread over folders, each naming itself. */
enum { MANY_FILES = 700 };

static void add_numbered_files(pc_emit_context *ctx, uint32_t from, uint32_t to, bool complete)
{
    for (uint32_t i = from; i < to; i++) {
        char name[64];
        snprintf(name, sizeof name, "d%u/e%u/f%u.txt", i % 7, i % 3, i);
        pc_writer *w = pc_emit_file(ctx, name, "  ");
        assert_non_null(w);
        pc_line(w, "file %u", i);
        if (complete && i % 50 == 49)
            pc_emit_files_complete(ctx);
    }
}

static void expect_numbered_files(const char *directory, uint32_t count)
{
    for (uint32_t i = 0; i < count; i++) {
        char path[600], expected[64];
        snprintf(path, sizeof path, "%s/d%u/e%u/f%u.txt", directory, i % 7, i % 3, i);
        snprintf(expected, sizeof expected, "file %u\n", i);
        char *content = slurp(path);
        assert_non_null(content);
        assert_string_equal(content, expected);
        free(content);
    }
}

static void remove_tree(const char *directory)
{
    char command[600];
    snprintf(command, sizeof command, "rm -rf '%s'", directory);
    assert_int_equal(system(command), 0);
}

static void commit_with_several_threads(void **state)
{
    (void)state;
    char directory[] = "/tmp/payloadc_jobs_XXXXXX";
    assert_non_null(mkdtemp(directory));
    FILE *err = tmpfile();
    for (uint32_t jobs = 1; jobs <= 5; jobs += 2) {
        pc_emit_context ctx = {NULL, NULL, 0, NULL, 0, err, false, jobs, NULL, NULL};
        add_numbered_files(&ctx, 0, MANY_FILES, false);
        uint32_t written = 0;
        assert_true(pc_emit_commit(&ctx, directory, NULL, &written));
        /* The first round writes everything; later ones find the same bytes. */
        assert_int_equal(written, jobs == 1 ? MANY_FILES : 0);
        pc_emit_context_free(&ctx);
        expect_numbered_files(directory, MANY_FILES);
    }
    fclose(err);
    remove_tree(directory);
}

static void files_written_while_generating(void **state)
{
    (void)state;
    char directory[] = "/tmp/payloadc_early_XXXXXX";
    assert_non_null(mkdtemp(directory));
    FILE *err = tmpfile();
    pc_emit_option used = {"x.used", "1", true};
    pc_emit_context ctx = {NULL, NULL, 0, &used, 1, err, false, 3, directory, NULL};
    add_numbered_files(&ctx, 0, 10, false); /* begun before the check: not complete yet */
    assert_true(pc_emit_checked(&ctx));
    add_numbered_files(&ctx, 10, MANY_FILES, true);
    uint32_t written = 0;
    assert_true(pc_emit_commit(&ctx, directory, NULL, &written));
    assert_int_equal(written, MANY_FILES);
    assert_false(ctx.failed);
    pc_emit_context_free(&ctx);
    expect_numbered_files(directory, MANY_FILES);
    fclose(err);
    remove_tree(directory);
}

static void unused_option_stops_early_writing(void **state)
{
    (void)state;
    char directory[] = "/tmp/payloadc_unused_XXXXXX";
    assert_non_null(mkdtemp(directory));
    FILE *err = tmpfile();
    pc_emit_option unused = {"x.unused", "1", false};
    pc_emit_context ctx = {NULL, NULL, 0, &unused, 1, err, false, 2, directory, NULL};
    add_numbered_files(&ctx, 0, 300, false);
    assert_false(pc_emit_checked(&ctx));
    assert_true(ctx.failed);
    pc_emit_context_free(&ctx);
    char path[600];
    snprintf(path, sizeof path, "%s/d0", directory);
    struct stat info;
    assert_int_not_equal(stat(path, &info), 0); /* nothing was written */
    rewind(err);
    char message[200] = "";
    assert_non_null(fgets(message, sizeof message, err));
    assert_string_equal(message, "payloadc: error: no chosen language uses --option x.unused\n");
    fclose(err);
    remove_tree(directory);
}

static void earliest_failure_is_reported(void **state)
{
    (void)state;
    char directory[] = "/tmp/payloadc_fail_XXXXXX";
    assert_non_null(mkdtemp(directory));
    /* A file where two of the folders should be: every file under d2/ and d5/ fails. */
    char blocker[600];
    for (int d = 2; d <= 5; d += 3) {
        snprintf(blocker, sizeof blocker, "%s/d%d", directory, d);
        FILE *file = fopen(blocker, "w");
        assert_non_null(file);
        fclose(file);
    }
    /* One thread; four; four writing while the files are generated. */
    for (uint32_t round = 0; round < 3; round++) {
        FILE *err = tmpfile();
        bool early = round == 2;
        pc_emit_context ctx = {
            NULL, NULL, 0, NULL, 0, err, false, round == 0 ? 1 : 4, early ? directory : NULL, NULL};
        if (early)
            assert_true(pc_emit_checked(&ctx));
        add_numbered_files(&ctx, 0, MANY_FILES, early);
        uint32_t written = 0;
        assert_false(pc_emit_commit(&ctx, directory, NULL, &written));
        pc_emit_context_free(&ctx);
        rewind(err);
        char message[800] = "", expected[800];
        assert_non_null(fgets(message, sizeof message, err));
        snprintf(expected, sizeof expected,
                 "payloadc: error: cannot create the folders of '%s/d2/e2/f2.txt': Not a "
                 "directory\n",
                 directory);
        assert_string_equal(message, expected);
        fclose(err);
    }
    remove_tree(directory);
}

static void gen_creates_missing_parent_folders(void **state)
{
    (void)state;
    char directory[] = "/tmp/payloadc_gen_XXXXXX";
    assert_non_null(mkdtemp(directory));
    char schema[600], out[600];
    snprintf(schema, sizeof schema, "%s/a.payload", directory);
    snprintf(out, sizeof out, "%s/deep/er/out", directory);
    FILE *file = fopen(schema, "w");
    assert_non_null(file);
    fputs("package a;\nstruct A { x: int32; }\n", file);
    fclose(file);
    const pc_emitter *const *first = pc_emitters();
    assert_non_null(*first);
    char *argv[] = {"payloadc", "gen", "--lang", (char *)(*first)->name,
                    "--out",    out,   schema,   NULL};
    char *err;
    assert_int_equal(run_cli(argv, NULL, &err), 0);
    assert_string_equal(err, "");
    free(err);
    char command[1400];
    snprintf(command, sizeof command, "test -d '%s' && rm -rf '%s'", out, directory);
    assert_int_equal(system(command), 0);
}

static void gen_needs_a_language_and_a_folder(void **state)
{
    (void)state;
    char *no_lang[] = {"payloadc", "gen", "--out", "/tmp/x", "a.payload", NULL};
    char *bad_lang[] = {"payloadc", "gen", "--lang", "cobol", "--out", "/tmp/x", "a.payload", NULL};
    char *no_out[] = {"payloadc", "gen", "--lang", "all", "a.payload", NULL};
    char **cases[] = {no_lang, bad_lang, no_out};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *err;
        assert_int_equal(run_cli(cases[i], NULL, &err), 2);
        assert_non_null(strstr(err, "payloadc: error: "));
        free(err);
    }
    char *help[] = {"payloadc", "gen", "--help", NULL};
    char *out;
    assert_int_equal(run_cli(help, &out, NULL), 0);
    assert_non_null(strstr(out, "--lang LANGS"));
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(indentation_and_blocks),
        cmocka_unit_test(no_blank_line_at_the_start),
        cmocka_unit_test(doc_comments),
        cmocka_unit_test(long_lines_are_not_cut),
        cmocka_unit_test(formats_like_printf),
        cmocka_unit_test(commit_writes_only_changed_files),
        cmocka_unit_test(commit_with_several_threads),
        cmocka_unit_test(files_written_while_generating),
        cmocka_unit_test(unused_option_stops_early_writing),
        cmocka_unit_test(earliest_failure_is_reported),
        cmocka_unit_test(gen_creates_missing_parent_folders),
        cmocka_unit_test(gen_needs_a_language_and_a_folder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
