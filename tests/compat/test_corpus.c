/* The compatibility corpus: every folder tests/compat/<case>/ that holds a file `expected` is a
 * case, so a new case needs no code. A case has old.payload and new.payload (or folders old/ and
 * new/ of several files), and `expected`:
 *
 *   # comment
 *   args: --level source --ack ack.txt     options added to the command (optional)
 *   baseline: file | dir | git              how --against is given (default: file for
 *                                           old.payload, dir for old/); git makes a temporary
 *                                           repository whose HEAD holds the old side
 *   exit: 1                                 the exit status (default 0)
 *   stderr~ text                            standard error contains text
 *   breaking FIELD_REMOVED output t.Match.venue      one line per finding, exactly the set
 *     via GET /events/{} -> 200 -> Event -> Match.venue   the chains (all of them) when given
 *     hint~ looks like a rename                           the hint contains this
 *     message~ deprecated                                 the message contains this
 *     no-chains                                           no chain at all
 *     unreached                                           no route reaches it (and without
 *                                                         this line, one must)
 *   acked warning ...                       an acknowledged finding
 *
 * The command runs in-process, in the case's folder, with --format json. */
#include "compat_support.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { MAX_CASES = 512, MAX_EXPECTED = 64, MAX_LINES = 32, MAX_ARGS = 32 };

typedef struct case_entry {
    char name[256];
} case_entry;

static case_entry cases[MAX_CASES];
static size_t case_count;

typedef struct expected_finding {
    char head[640]; /* "[acked ]severity RULE direction element" */
    char *vias[MAX_LINES];
    uint32_t via_count;
    char *hint_contains, *message_contains;
    bool no_chains, unreached, matched;
} expected_finding;

typedef struct expectation {
    char *args[MAX_ARGS];
    uint32_t arg_count;
    char baseline[16];
    int exit_status;
    char *stderr_contains[MAX_LINES];
    uint32_t stderr_count;
    expected_finding findings[MAX_EXPECTED];
    uint32_t finding_count;
} expectation;

static bool is_directory(const char *path)
{
    struct stat info;
    return stat(path, &info) == 0 && S_ISDIR(info.st_mode);
}

static int compare_cases(const void *a, const void *b)
{
    return strcmp(((const case_entry *)a)->name, ((const case_entry *)b)->name);
}

static void collect_cases(void)
{
    DIR *dir = opendir(COMPAT_DIR);
    if (!dir)
        return;
    struct dirent *entry;
    while ((entry = readdir(dir)) && case_count < MAX_CASES) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s/expected", COMPAT_DIR, entry->d_name);
        if (entry->d_name[0] != '.' && access(path, R_OK) == 0)
            snprintf(cases[case_count++].name, sizeof cases[0].name, "%s", entry->d_name);
    }
    closedir(dir);
    qsort(cases, case_count, sizeof cases[0], compare_cases);
}

static char *trimmed(char *text)
{
    while (*text == ' ' || *text == '\t')
        text++;
    size_t length = strlen(text);
    while (length &&
           (text[length - 1] == ' ' || text[length - 1] == '\r' || text[length - 1] == '\t'))
        text[--length] = '\0';
    return text;
}

/* Parses `expected`; the strings point into text, which the caller keeps. */
static void parse_expectation(char *text, expectation *expect, const char *case_name)
{
    memset(expect, 0, sizeof *expect);
    expected_finding *current = NULL;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        bool indented = line[0] == ' ' || line[0] == '\t';
        char *content = trimmed(line);
        if (!*content || content[0] == '#')
            continue;
        if (indented) {
            if (!current) {
                print_message("%s: indented line before any finding: %s\n", case_name, content);
                fail();
            }
            if (strncmp(content, "via ", 4) == 0 && current->via_count < MAX_LINES)
                current->vias[current->via_count++] = content + 4;
            else if (strncmp(content, "hint~ ", 6) == 0)
                current->hint_contains = content + 6;
            else if (strncmp(content, "message~ ", 9) == 0)
                current->message_contains = content + 9;
            else if (strcmp(content, "no-chains") == 0)
                current->no_chains = true;
            else if (strcmp(content, "unreached") == 0)
                current->unreached = true;
            else {
                print_message("%s: unknown detail line: %s\n", case_name, content);
                fail();
            }
            continue;
        }
        current = NULL;
        if (strncmp(content, "args:", 5) == 0) {
            for (char *arg = strtok_r(content + 5, " ", &content);
                 arg && expect->arg_count < MAX_ARGS; arg = strtok_r(NULL, " ", &content))
                expect->args[expect->arg_count++] = arg;
            /* strtok_r consumed the rest of this line only. */
        } else if (strncmp(content, "baseline:", 9) == 0) {
            snprintf(expect->baseline, sizeof expect->baseline, "%s", trimmed(content + 9));
        } else if (strncmp(content, "exit:", 5) == 0) {
            expect->exit_status = atoi(trimmed(content + 5));
        } else if (strncmp(content, "stderr~ ", 8) == 0 && expect->stderr_count < MAX_LINES) {
            expect->stderr_contains[expect->stderr_count++] = content + 8;
        } else if (expect->finding_count < MAX_EXPECTED) {
            current = &expect->findings[expect->finding_count++];
            snprintf(current->head, sizeof current->head, "%s", content);
        }
    }
}

static void finding_head(const parsed_finding *finding, char *out, size_t size)
{
    snprintf(out, size, "%s%s %s %s %s", finding->acknowledged ? "acked " : "", finding->severity,
             finding->rule, finding->direction, finding->element);
}

static void print_actual(const char *case_name, const parsed_finding *findings, uint32_t count)
{
    print_message("--- %s: actual findings\n", case_name);
    for (uint32_t i = 0; i < count; i++) {
        char head[1024];
        finding_head(&findings[i], head, sizeof head);
        print_message("%s\n", head);
        for (uint32_t c = 0; c < findings[i].chain_count; c++)
            print_message("  via %s\n", findings[i].chains[c]);
        print_message("  # %s\n", findings[i].message);
        if (findings[i].hint)
            print_message("  # fix: %s\n", findings[i].hint);
    }
}

static bool check_finding(const char *case_name, const expected_finding *expected,
                          const parsed_finding *actual)
{
    bool ok = true;
    if (expected->via_count) {
        bool same = expected->via_count == actual->chain_count;
        for (uint32_t i = 0; i < expected->via_count && same; i++) {
            bool found = false;
            for (uint32_t c = 0; c < actual->chain_count && !found; c++)
                found = strcmp(expected->vias[i], actual->chains[c]) == 0;
            same = found;
        }
        if (!same) {
            print_message("%s: %s: chains differ\n", case_name, expected->head);
            ok = false;
        }
    }
    if (expected->no_chains && actual->chain_count) {
        print_message("%s: %s: expected no chains\n", case_name, expected->head);
        ok = false;
    }
    if (expected->unreached != actual->unreached) {
        print_message("%s: %s: expected %s\n", case_name, expected->head,
                      expected->unreached ? "no route to reach it (unreached)"
                                          : "a route to reach it (or no 'unreached' line)");
        ok = false;
    }
    if (expected->hint_contains &&
        (!actual->hint || !strstr(actual->hint, expected->hint_contains))) {
        print_message("%s: %s: hint '%s' does not contain '%s'\n", case_name, expected->head,
                      actual->hint ? actual->hint : "(none)", expected->hint_contains);
        ok = false;
    }
    if (expected->message_contains && !strstr(actual->message, expected->message_contains)) {
        print_message("%s: %s: message '%s' does not contain '%s'\n", case_name, expected->head,
                      actual->message, expected->message_contains);
        ok = false;
    }
    return ok;
}

/* Copies the side of the case into the repository and commits it. */
static void git_commit_side(const char *case_dir, const char *repo, const char *side,
                            const char *message)
{
    char single[1024], folder[1024];
    snprintf(single, sizeof single, "%s/%s.payload", case_dir, side);
    snprintf(folder, sizeof folder, "%s/%s", case_dir, side);
    compat_shell("rm -rf '%s/api.payload' '%s/schemas'", repo, repo);
    if (access(single, R_OK) == 0)
        compat_shell("cp '%s' '%s/api.payload'", single, repo);
    else if (is_directory(folder))
        compat_shell("mkdir -p '%s/schemas' && cp '%s'/*.payload '%s/schemas/'", repo, folder,
                     repo);
    if (message)
        compat_shell("cd '%s' && git add -A && git -c user.name=t -c user.email=t@example.com "
                     "commit -q --allow-empty -m '%s'",
                     repo, message);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(a, b);
}

static uint32_t list_payload_files(const char *folder, char names[][256], uint32_t capacity)
{
    uint32_t count = 0;
    DIR *dir = opendir(folder);
    if (!dir)
        return 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) && count < capacity) {
        size_t length = strlen(entry->d_name);
        if (length > 8 && strcmp(entry->d_name + length - 8, ".payload") == 0)
            snprintf(names[count++], 256, "%s", entry->d_name);
    }
    closedir(dir);
    qsort(names, count, 256, compare_names);
    return count;
}

static void run_case(void **state)
{
    const case_entry *entry = *state;
    char case_dir[1024], expected_path[1100];
    snprintf(case_dir, sizeof case_dir, "%s/%s", COMPAT_DIR, entry->name);
    snprintf(expected_path, sizeof expected_path, "%s/expected", case_dir);
    char *expected_text = read_whole_file(expected_path, NULL);
    assert_non_null(expected_text);
    expectation *expect = calloc(1, sizeof *expect);
    assert_non_null(expect);
    parse_expectation(expected_text, expect, entry->name);

    char new_single[1100], new_folder[1100];
    snprintf(new_single, sizeof new_single, "%s/new.payload", case_dir);
    snprintf(new_folder, sizeof new_folder, "%s/new", case_dir);
    bool single = access(new_single, R_OK) == 0;
    if (!expect->baseline[0])
        snprintf(expect->baseline, sizeof expect->baseline, "%s", single ? "file" : "dir");
    bool git = strcmp(expect->baseline, "git") == 0;

    static char names[64][256];
    uint32_t name_count = single ? 1 : list_payload_files(new_folder, names, 64);
    if (single)
        snprintf(names[0], sizeof names[0], "new.payload");

    char *argv[MAX_ARGS + 80];
    char paths[64][300];
    uint32_t argc = 0;
    argv[argc++] = "payloadc";
    argv[argc++] = "compat";
    argv[argc++] = "--format";
    argv[argc++] = "json";
    for (uint32_t i = 0; i < expect->arg_count; i++)
        argv[argc++] = expect->args[i];
    for (uint32_t i = 0; i < name_count; i++) {
        if (git)
            snprintf(paths[i], sizeof paths[i], "%s%.255s", single ? "api.payload" : "schemas/",
                     single ? "" : names[i]);
        else
            snprintf(paths[i], sizeof paths[i], "%s%.255s", single ? "" : "new/", names[i]);
        argv[argc++] = paths[i];
    }
    argv[argc++] = "--against";
    argv[argc++] = git ? "git:HEAD" : single ? "old.payload" : "old";
    argv[argc] = NULL;

    char repo[] = "/tmp/payloadc_compat_case_XXXXXX";
    const char *run_dir = case_dir;
    if (git) {
        assert_non_null(mkdtemp(repo));
        compat_shell("cd '%s' && git init -q . && cp '%s'/*.txt . 2>/dev/null; git -c "
                     "user.name=t -c user.email=t@example.com commit -q --allow-empty -m start",
                     repo, case_dir);
        git_commit_side(case_dir, repo, "old", "old");
        git_commit_side(case_dir, repo, "new", NULL);
        run_dir = repo;
    }

    char *out = NULL, *err = NULL;
    int status = compat_run(run_dir, argv, &out, &err);
    if (git)
        compat_shell("rm -rf '%s'", repo);

    bool ok = true;
    if (status != expect->exit_status) {
        print_message("%s: exit status %d, expected %d\n%s", entry->name, status,
                      expect->exit_status, err);
        ok = false;
    }
    for (uint32_t i = 0; i < expect->stderr_count; i++) {
        if (!strstr(err, expect->stderr_contains[i])) {
            print_message("%s: standard error does not contain '%s':\n%s", entry->name,
                          expect->stderr_contains[i], err);
            ok = false;
        }
    }
    parsed_finding *findings = NULL;
    uint32_t finding_count = 0;
    if (status != 2) {
        if (!compat_parse_findings(out, &findings, &finding_count)) {
            print_message("%s: output is not the JSON findings:\n%s", entry->name, out);
            ok = false;
        }
    }
    for (uint32_t i = 0; i < finding_count; i++) {
        char head[1024];
        finding_head(&findings[i], head, sizeof head);
        expected_finding *match = NULL;
        for (uint32_t e = 0; e < expect->finding_count && !match; e++) {
            if (!expect->findings[e].matched && strcmp(expect->findings[e].head, head) == 0)
                match = &expect->findings[e];
        }
        if (!match) {
            print_message("%s: unexpected finding: %s\n", entry->name, head);
            ok = false;
            continue;
        }
        match->matched = true;
        ok = check_finding(entry->name, match, &findings[i]) && ok;
    }
    for (uint32_t e = 0; e < expect->finding_count; e++) {
        if (!expect->findings[e].matched) {
            print_message("%s: missing finding: %s\n", entry->name, expect->findings[e].head);
            ok = false;
        }
    }
    if (!ok)
        print_actual(entry->name, findings, finding_count);
    compat_free_findings(findings, finding_count);
    free(out);
    free(err);
    free(expect);
    free(expected_text);
    if (!ok)
        fail();
}

int main(void)
{
    collect_cases();
    if (case_count == 0) {
        fprintf(stderr, "no cases in %s\n", COMPAT_DIR);
        return 1;
    }
    struct CMUnitTest *tests = calloc(case_count, sizeof *tests);
    if (!tests)
        return 1;
    for (size_t i = 0; i < case_count; i++) {
        tests[i].name = cases[i].name;
        tests[i].test_func = run_case;
        tests[i].initial_state = &cases[i];
    }
    int failed = _cmocka_run_group_tests("compat_corpus", tests, case_count, NULL, NULL);
    free(tests);
    return failed;
}
