/* The checker as a library and as a command: fingerprints, the output formats (golden files
 * that docs/compat.md quotes), the rule list, usage errors, git baselines in temporary
 * repositories, and shapes of schemas that stress the walk (long chains, many paths). */
#include "compat_support.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat/compat.h"
#include "schema.h"

#define FORMATS_DIR COMPAT_DIR "/formats"

/* ---- in-memory schemas ---- */

static pc_schema *compile(const char *const *files)
{
    pc_schema *schema = compile_files(files);
    if (schema->diags.error_count) {
        for (uint32_t i = 0; i < schema->diags.count; i++)
            pc_diag_render_one(&schema->diags.items[i], false, stderr);
        fail();
    }
    return schema;
}

/* A report points into both schemas (names, locations): they are freed with it. */
typedef struct comparison {
    pc_schema *old_schema, *new_schema;
    pc_compat_report *report;
} comparison;

static comparison comparisons[8];
static size_t comparison_count;

static pc_compat_report *compare_texts(const char *old_text, const char *new_text,
                                       pc_compat_level level)
{
    const char *old_files[] = {"api.payload", old_text, NULL};
    const char *new_files[] = {"api.payload", new_text, NULL};
    assert_true(comparison_count < sizeof comparisons / sizeof comparisons[0]);
    comparison *c = &comparisons[comparison_count++];
    c->old_schema = compile(old_files);
    c->new_schema = compile(new_files);
    pc_compat_options options = {level};
    c->report = pc_compat_compare(c->old_schema, c->new_schema, &options);
    assert_non_null(c->report);
    return c->report;
}

static void free_comparisons(void)
{
    for (size_t i = 0; i < comparison_count; i++) {
        pc_compat_report_free(comparisons[i].report);
        pc_schema_free(comparisons[i].old_schema);
        pc_schema_free(comparisons[i].new_schema);
    }
    comparison_count = 0;
}

static const pc_compat_finding *find(const pc_compat_report *report, pc_compat_rule rule,
                                     const char *element)
{
    for (uint32_t i = 0; i < report->finding_count; i++) {
        if (report->findings[i].rule == rule && strcmp(report->findings[i].element, element) == 0)
            return &report->findings[i];
    }
    return NULL;
}

static const char optional_old[] = "package t;\n"
                                   "struct X { a: int64; b: string; }\n"
                                   "service S { get_x GET \"/x\" () -> X; }\n";
static const char optional_new[] = "package t;\n"
                                   "struct X { a: int64; b?: string; }\n"
                                   "service S { get_x GET \"/x\" () -> X; }\n";

/* The fingerprint is a hash of rule, element and direction: the same on every run and
 * machine, so acknowledgement files keep working. */
static void fingerprints_are_stable(void **state)
{
    (void)state;
    pc_compat_report *report = compare_texts(optional_old, optional_new, PC_COMPAT_LEVEL_WIRE);
    assert_int_equal(report->finding_count, 1);
    const pc_compat_finding *finding = find(report, PC_COMPAT_FIELD_BECAME_OPTIONAL, "t.X.b");
    assert_non_null(finding);
    assert_string_equal(finding->fingerprint, "c50e7c0276d6c383");
    assert_int_equal(finding->severity, PC_COMPAT_BREAKING);
    assert_int_equal(finding->direction, PC_DIR_OUT);
    assert_int_equal(pc_compat_count_at_least(report, PC_COMPAT_BREAKING), 1);
    /* --level source changes the severity of source rules only, never the fingerprint. */
    pc_compat_report *source = compare_texts(optional_old, optional_new, PC_COMPAT_LEVEL_SOURCE);
    assert_string_equal(source->findings[0].fingerprint, "c50e7c0276d6c383");
    free_comparisons();
}

static void identical_schemas_have_no_findings(void **state)
{
    (void)state;
    pc_compat_report *report = compare_texts(optional_old, optional_old, PC_COMPAT_LEVEL_SOURCE);
    assert_int_equal(report->finding_count, 0);
    free_comparisons();
}

static void acknowledgements(void **state)
{
    (void)state;
    pc_compat_report *report = compare_texts(optional_old, optional_new, PC_COMPAT_LEVEL_WIRE);
    const char text[] = "# why each break is fine\n"
                        "\n"
                        "FIELD_BECAME_OPTIONAL   t.X.b   c50e7c0276d6c383   # nobody reads b\n"
                        "ROUTE_REMOVED GET /gone/{} 0000000000000000\r\n";
    pc_compat_acks acks;
    char error[256];
    assert_true(pc_compat_parse_acks(report, "acks.txt", text, sizeof text - 1, &acks, error,
                                     sizeof error));
    assert_int_equal(acks.count, 2);
    assert_string_equal(acks.items[0].element, "t.X.b");
    assert_string_equal(acks.items[0].reason, "nobody reads b");
    assert_string_equal(acks.items[1].element, "GET /gone/{}");
    assert_null(acks.items[1].reason);
    assert_int_equal(acks.items[1].loc.line, 4);
    assert_true(pc_compat_apply_acks(report, &acks));
    assert_int_equal(report->finding_count, 2);
    assert_int_equal(pc_compat_count_at_least(report, PC_COMPAT_BREAKING), 0);
    assert_int_equal(pc_compat_count_at_least(report, PC_COMPAT_WARNING), 1);
    const pc_compat_finding *stale =
        find(report, PC_COMPAT_ACK_STALE, "ROUTE_REMOVED GET /gone/{}");
    assert_non_null(stale);
    assert_string_equal(stale->new_loc.source->path, "acks.txt");

    static const char *const bad[] = {
        "FIELD_BECAME_OPTIONAL t.X.b\n",                  /* no fingerprint */
        "FIELD_BECAME_OPTIONAL c50e7c0276d6c383\n",       /* no element */
        "NOT_A_RULE t.X.b c50e7c0276d6c383\n",            /* unknown rule */
        "FIELD_BECAME_OPTIONAL t.X.b C50E7C0276D6C383\n", /* not lowercase hex */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_false(pc_compat_parse_acks(report, "acks.txt", bad[i], strlen(bad[i]), &acks, error,
                                          sizeof error));
        assert_non_null(strstr(error, "acks.txt:1:"));
    }
    free_comparisons();
}

/* ---- output formats: golden files, quoted by docs/compat.md ---- */

typedef struct format_case {
    const char *format;
    const char *golden;
} format_case;

static const format_case format_cases[] = {
    {"text", "expected.txt"},
    {"json", "expected.json"},
    {"github", "expected.github"},
    {"markdown", "expected.md"},
};

static void formats_match_golden_files(void **state)
{
    (void)state;
    const char *update = getenv("PAYLOADC_UPDATE_GOLDEN");
    char *docs = read_whole_file(PAYLOADC_SOURCE_DIR "/docs/compat.md", NULL);
    bool docs_ok = true;
    for (size_t i = 0; i < sizeof format_cases / sizeof format_cases[0]; i++) {
        char *argv[] = {"payloadc",
                        "compat",
                        "new.payload",
                        "--against",
                        "old.payload",
                        "--format",
                        (char *)format_cases[i].format,
                        NULL};
        char *out = NULL, *err = NULL;
        assert_int_equal(compat_run(FORMATS_DIR, argv, &out, &err), 1);
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", FORMATS_DIR, format_cases[i].golden);
        if (update && strcmp(update, "1") == 0) {
            compat_write_file(path, out);
        } else {
            char *expected = read_whole_file(path, NULL);
            if (!expected || strcmp(expected, out) != 0) {
                print_message("%s differs (PAYLOADC_UPDATE_GOLDEN=1 rewrites it):\n%s", path, out);
                fail();
            }
            free(expected);
        }
        /* The docs show every format from a real run: this one. */
        if (!docs || !strstr(docs, out)) {
            print_message("docs/compat.md does not quote the %s output of tests/compat/formats\n",
                          format_cases[i].format);
            docs_ok = false;
        }
        free(out);
        free(err);
    }
    free(docs);
    assert_true(docs_ok);
}

static void list_rules(void **state)
{
    (void)state;
    char *argv[] = {"payloadc", "compat", "--list-rules", NULL};
    char *out = NULL, *err = NULL;
    assert_int_equal(compat_run(NULL, argv, &out, &err), 0);
    for (int i = 0; i < PC_COMPAT_RULE_COUNT; i++)
        assert_non_null(strstr(out, pc_compat_rule_info_of((pc_compat_rule)i)->id));
    free(out);
    free(err);

    char *json_argv[] = {"payloadc", "compat", "--list-rules", "--format", "json", NULL};
    assert_int_equal(compat_run(NULL, json_argv, &out, &err), 0);
    pl_arena *arena = pl_arena_new();
    pl_error error;
    pl_json_reader reader;
    pl_json_reader_init(&reader, out, strlen(out), arena, &error);
    assert_true(pl_json_array_begin(&reader));
    int count = 0, more;
    while ((more = pl_json_array_next(&reader)) > 0) {
        assert_true(pl_json_skip(&reader));
        count++;
    }
    assert_int_equal(more, 0);
    assert_true(pl_json_reader_finish(&reader));
    assert_int_equal(count, PC_COMPAT_RULE_COUNT);
    pl_arena_free(arena);
    free(out);
    free(err);

    /* Every rule is documented. */
    char *docs = read_whole_file(PAYLOADC_SOURCE_DIR "/docs/compat.md", NULL);
    assert_non_null(docs);
    for (int i = 0; i < PC_COMPAT_RULE_COUNT; i++) {
        char heading[128];
        snprintf(heading, sizeof heading, "### %s", pc_compat_rule_info_of((pc_compat_rule)i)->id);
        if (!strstr(docs, heading)) {
            print_message("docs/compat.md has no '%s'\n", heading);
            fail();
        }
    }
    free(docs);
}

static void usage_errors(void **state)
{
    (void)state;
    static const char *const cases[][8] = {
        {"compat", NULL},
        {"compat", "new.payload", NULL},
        {"compat", "--against", "old.payload", NULL},
        {"compat", "new.payload", "--against", NULL},
        {"compat", "new.payload", "--against", "old.payload", "--format", "xml", NULL},
        {"compat", "new.payload", "--against", "old.payload", "--fail-on", "info", NULL},
        {"compat", "new.payload", "--against", "old.payload", "--level", "api", NULL},
        {"compat", "new.payload", "--against", "old.payload", "--frobnicate", NULL},
        {"compat", "--list-rules", "new.payload", NULL},
        {"compat", "new.payload", "--against", "no-such-folder/", NULL},
        {"compat", "missing.payload", "--against", "old.payload", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *argv[10] = {"payloadc"};
        for (size_t a = 0; cases[i][a]; a++)
            argv[a + 1] = (char *)cases[i][a];
        char *out = NULL, *err = NULL;
        int status = compat_run(FORMATS_DIR, argv, &out, &err);
        if (status != 2 || !strstr(err, "payloadc: error:")) {
            print_message("case %zu: exit %d, stderr: %s\n", i, status, err);
            fail();
        }
        free(out);
        free(err);
    }
    char *help[] = {"payloadc", "compat", "--help", NULL};
    char *out = NULL;
    assert_int_equal(compat_run(NULL, help, &out, NULL), 0);
    assert_non_null(strstr(out, "--against OLD"));
    free(out);
    char *main_help[] = {"payloadc", "--help", NULL};
    assert_int_equal(compat_run(NULL, main_help, &out, NULL), 0);
    assert_non_null(strstr(out, "compat"));
    free(out);
}

/* --against=VALUE spellings and a folder baseline for folders of new files. */
static void option_spellings(void **state)
{
    (void)state;
    char *argv[] = {"payloadc",
                    "compat",
                    "--against=old.payload",
                    "--format=json",
                    "--fail-on=warning",
                    "--level=wire",
                    "-v",
                    "new.payload",
                    NULL};
    char *out = NULL;
    assert_int_equal(compat_run(FORMATS_DIR, argv, &out, NULL), 1);
    parsed_finding *findings;
    uint32_t count;
    assert_true(compat_parse_findings(out, &findings, &count));
    assert_int_equal(count, 6);
    compat_free_findings(findings, count);
    free(out);
}

/* ---- git baselines ---- */

static char repo[64];

static void make_repo(void)
{
    snprintf(repo, sizeof repo, "/tmp/payloadc_compat_git_XXXXXX");
    assert_non_null(mkdtemp(repo));
    compat_shell("cd '%s' && git init -q . && mkdir -p api shared", repo);
}

static void commit(const char *message)
{
    compat_shell("cd '%s' && git add -A && git -c user.name=t -c user.email=t@example.com "
                 "commit -q -m '%s'",
                 repo, message);
}

static void write_in_repo(const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", repo, name);
    compat_write_file(path, text);
}

static const char shared_v1[] = "package shared;\nstruct Money { amount: decimal; }\n";
static const char shared_v2[] =
    "package shared;\nstruct Money { amount: decimal; currency: string; }\n";
static const char api_text[] =
    "package api;\nimport \"../shared/money.payload\";\n"
    "struct Order { total: shared.Money; }\n"
    "service Orders { create POST \"/orders\" (body: Order) -> Order; }\n";

static void git_baseline_reads_imports_at_the_revision(void **state)
{
    (void)state;
    make_repo();
    write_in_repo("shared/money.payload", shared_v1);
    write_in_repo("api/orders.payload", api_text);
    commit("v1");
    write_in_repo("shared/money.payload", shared_v2);
    commit("v2");

    /* "../shared/money.payload" from api/: a path with "..", read at HEAD~1. */
    char *argv[] = {"payloadc",  "compat",     "api/orders.payload",
                    "--against", "git:HEAD~1", "--format",
                    "json",      NULL};
    char *out = NULL, *err = NULL;
    assert_int_equal(compat_run(repo, argv, &out, &err), 1);
    assert_non_null(strstr(out, "\"element\": \"shared.Money.currency\""));
    free(out);
    free(err);

    /* Against HEAD nothing changed; from a subfolder, paths are relative to it. */
    char *same[] = {"payloadc", "compat", "orders.payload", "--against", "git:HEAD", NULL};
    char subfolder[128];
    snprintf(subfolder, sizeof subfolder, "%s/api", repo);
    assert_int_equal(compat_run(subfolder, same, &out, &err), 0);
    assert_non_null(strstr(out, "0 breaking, 0 warnings, 0 info"));
    free(out);
    free(err);

    /* Absolute paths are placed in the work tree. */
    char absolute[256];
    snprintf(absolute, sizeof absolute, "%s/api/orders.payload", repo);
    char *by_path[] = {"payloadc", "compat", absolute, "--against", "git:HEAD~1", NULL};
    assert_int_equal(compat_run("/", by_path, &out, &err), 2); /* "/" is not in the repo */
    free(out);
    free(err);
    assert_int_equal(compat_run(repo, by_path, &out, &err), 1);
    assert_non_null(strstr(out, "FIELD_ADDED_REQUIRED"));
    free(out);
    free(err);

    /* -I folders are read at the revision too. */
    write_in_repo("api/orders.payload",
                  "package api;\nimport \"money.payload\";\n"
                  "struct Order { total: shared.Money; }\n"
                  "service Orders { create POST \"/orders\" (body: Order) -> Order; }\n");
    commit("v3: import through -I");
    write_in_repo("shared/money.payload", shared_v1);
    char *with_include[] = {"payloadc",  "compat",   "-I",       "shared", "api/orders.payload",
                            "--against", "git:HEAD", "--format", "json",   NULL};
    assert_int_equal(compat_run(repo, with_include, &out, &err), 1);
    assert_non_null(strstr(out, "\"rule\": \"FIELD_REMOVED\""));
    /* Old locations name the revision, as git show does. */
    assert_non_null(strstr(out, "\"file\": \"HEAD:shared/money.payload\""));
    free(out);
    free(err);
    compat_shell("rm -rf '%s'", repo);
}

static void git_baseline_errors(void **state)
{
    (void)state;
    make_repo();
    write_in_repo("api/orders.payload", shared_v1);
    commit("v1");
    char *unknown[] = {"payloadc",  "compat",          "api/orders.payload",
                       "--against", "git:no-such-ref", NULL};
    char *out = NULL, *err = NULL;
    assert_int_equal(compat_run(repo, unknown, &out, &err), 2);
    assert_non_null(strstr(err, "does not know the revision 'no-such-ref'"));
    free(out);
    free(err);
    char *empty[] = {"payloadc", "compat", "api/orders.payload", "--against", "git:", NULL};
    assert_int_equal(compat_run(repo, empty, &out, &err), 2);
    free(out);
    free(err);
    compat_shell("rm -rf '%s'", repo);

    /* Outside any work tree. */
    char outside[] = "/tmp/payloadc_compat_nogit_XXXXXX";
    assert_non_null(mkdtemp(outside));
    char path[128];
    snprintf(path, sizeof path, "%s/a.payload", outside);
    compat_write_file(path, shared_v1);
    char *no_repo[] = {"payloadc", "compat", "a.payload", "--against", "git:HEAD", NULL};
    setenv("GIT_CEILING_DIRECTORIES", "/tmp", 1);
    assert_int_equal(compat_run(outside, no_repo, &out, &err), 2);
    unsetenv("GIT_CEILING_DIRECTORIES");
    assert_non_null(strstr(err, "cannot run git here"));
    free(out);
    free(err);
    compat_shell("rm -rf '%s'", outside);
}

/* ---- shapes that stress the walk ---- */

static char *generated(size_t capacity)
{
    char *text = malloc(capacity);
    assert_non_null(text);
    text[0] = '\0';
    return text;
}

/* S0 -> S1 -> ... -> S(n-1): the walk is a queue, not recursion, and the chain is long. */
static void long_chain_of_types(void **state)
{
    (void)state;
    enum { COUNT = 3000 };
    size_t capacity = COUNT * 64 + 256;
    char *old_text = generated(capacity), *new_text = generated(capacity);
    size_t used = (size_t)snprintf(old_text, capacity, "package t;\n");
    for (int i = 0; i < COUNT - 1; i++)
        used += (size_t)snprintf(old_text + used, capacity - used, "struct S%d { next?: S%d; }\n",
                                 i, i + 1);
    used += (size_t)snprintf(old_text + used, capacity - used,
                             "struct S%d { v: int32; }\nservice A { get GET \"/s\" () -> S0; }\n",
                             COUNT - 1);
    memcpy(new_text, old_text, used + 1);
    char *last = strstr(new_text, "{ v: int32; }");
    assert_non_null(last);
    memcpy(last, "{ v: int64; }", 13);
    pc_compat_report *report = compare_texts(old_text, new_text, PC_COMPAT_LEVEL_WIRE);
    char element[64];
    snprintf(element, sizeof element, "t.S%d.v", COUNT - 1);
    const pc_compat_finding *finding = find(report, PC_COMPAT_TYPE_WIDENED, element);
    assert_non_null(finding);
    assert_int_equal(finding->chain_count, 1);
    assert_true(strncmp(finding->chains[0], "GET /s -> 200 -> S0 -> S0.next -> S1.next", 41) == 0);
    free_comparisons();
    free(old_text);
    free(new_text);
}

/* A lattice where every layer doubles the paths: chains are capped, marked truncated, and the
 * comparison stays fast. */
static void many_paths_are_capped(void **state)
{
    (void)state;
    enum { LAYERS = 24 };
    size_t capacity = LAYERS * 160 + 512;
    char *old_text = generated(capacity), *new_text = generated(capacity);
    size_t used = (size_t)snprintf(old_text, capacity, "package t;\n");
    for (int i = 0; i < LAYERS; i++)
        used += (size_t)snprintf(old_text + used, capacity - used,
                                 "struct L%d { a: L%d; b: L%d; }\n", i, i + 1, i + 1);
    used += (size_t)snprintf(old_text + used, capacity - used,
                             "struct L%d { v: string; }\nservice A { get GET \"/l\" () -> L0; }\n",
                             LAYERS);
    memcpy(new_text, old_text, used + 1);
    char *last = strstr(new_text, "{ v: string; }");
    memcpy(last, "{ v: int32;  }", 14);
    pc_compat_report *report = compare_texts(old_text, new_text, PC_COMPAT_LEVEL_WIRE);
    char element[64];
    snprintf(element, sizeof element, "t.L%d.v", LAYERS);
    const pc_compat_finding *finding = find(report, PC_COMPAT_TYPE_CHANGED, element);
    assert_non_null(finding);
    assert_true(finding->chains_truncated);
    assert_true(finding->chain_count > 0 && finding->chain_count <= 64);
    free_comparisons();
    free(old_text);
    free(new_text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fingerprints_are_stable),
        cmocka_unit_test(identical_schemas_have_no_findings),
        cmocka_unit_test(acknowledgements),
        cmocka_unit_test(formats_match_golden_files),
        cmocka_unit_test(list_rules),
        cmocka_unit_test(usage_errors),
        cmocka_unit_test(option_spellings),
        cmocka_unit_test(git_baseline_reads_imports_at_the_revision),
        cmocka_unit_test(git_baseline_errors),
        cmocka_unit_test(long_chain_of_types),
        cmocka_unit_test(many_paths_are_capped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
