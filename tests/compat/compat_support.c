#include "compat_support.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "payload.h"

int compat_run(const char *dir, char *const *argv, char **out_text, char **err_text)
{
    char previous[PATH_MAX];
    assert_non_null(getcwd(previous, sizeof previous));
    if (dir)
        assert_int_equal(chdir(dir), 0);
    int status = run_cli(argv, out_text, err_text);
    assert_int_equal(chdir(previous), 0);
    return status;
}

void compat_write_file(const char *path, const char *text)
{
    FILE *file = fopen(path, "wb");
    assert_non_null(file);
    fputs(text, file);
    fclose(file);
}

void compat_shell(const char *format, ...)
{
    char command[8192];
    va_list args;
    va_start(args, format);
    vsnprintf(command, sizeof command, format, args);
    va_end(args);
    int status = system(command);
    if (status != 0) {
        print_message("command failed (%d): %s\n", status, command);
        fail();
    }
}

/* ---- the JSON output ---- */

static char *copy_text(const char *text, size_t length)
{
    char *copy = malloc(length + 1);
    if (copy) {
        memcpy(copy, text, length);
        copy[length] = '\0';
    }
    return copy;
}

static bool key_is(const char *key, size_t length, const char *name)
{
    return strlen(name) == length && memcmp(key, name, length) == 0;
}

static bool read_text(pl_json_reader *reader, char **out)
{
    if (pl_json_read_if_null(reader)) {
        *out = NULL;
        return true;
    }
    const char *text;
    size_t length;
    if (!pl_json_read_string(reader, &text, &length))
        return false;
    *out = copy_text(text, length);
    return *out != NULL;
}

static bool read_finding(pl_json_reader *reader, parsed_finding *finding)
{
    memset(finding, 0, sizeof *finding);
    if (!pl_json_object_begin(reader))
        return false;
    const char *key;
    size_t key_length;
    int more;
    while ((more = pl_json_object_next(reader, &key, &key_length)) > 0) {
        bool ok;
        if (key_is(key, key_length, "rule"))
            ok = read_text(reader, &finding->rule);
        else if (key_is(key, key_length, "severity"))
            ok = read_text(reader, &finding->severity);
        else if (key_is(key, key_length, "direction"))
            ok = read_text(reader, &finding->direction);
        else if (key_is(key, key_length, "element"))
            ok = read_text(reader, &finding->element);
        else if (key_is(key, key_length, "message"))
            ok = read_text(reader, &finding->message);
        else if (key_is(key, key_length, "hint"))
            ok = read_text(reader, &finding->hint);
        else if (key_is(key, key_length, "fingerprint"))
            ok = read_text(reader, &finding->fingerprint);
        else if (key_is(key, key_length, "level"))
            ok = read_text(reader, &finding->level);
        else if (key_is(key, key_length, "acknowledged"))
            ok = pl_json_read_bool(reader, &finding->acknowledged);
        else if (key_is(key, key_length, "unreached"))
            ok = pl_json_read_bool(reader, &finding->unreached);
        else if (key_is(key, key_length, "chains")) {
            ok = pl_json_array_begin(reader);
            int element;
            while (ok && (element = pl_json_array_next(reader)) > 0) {
                char *chain = NULL;
                ok = read_text(reader, &chain);
                char **grown = realloc(finding->chains, (finding->chain_count + 1) * sizeof *grown);
                if (!grown) {
                    free(chain);
                    return false;
                }
                finding->chains = grown;
                finding->chains[finding->chain_count++] = chain;
            }
            ok = ok && element == 0;
        } else
            ok = pl_json_skip(reader);
        if (!ok)
            return false;
    }
    return more == 0 && finding->rule && finding->severity && finding->direction &&
           finding->element && finding->message && finding->fingerprint;
}

bool compat_parse_findings(const char *json, parsed_finding **findings, uint32_t *count)
{
    *findings = NULL;
    *count = 0;
    pl_arena *arena = pl_arena_new();
    pl_error err;
    pl_json_reader reader;
    pl_json_reader_init(&reader, json, strlen(json), arena, &err);
    bool ok = pl_json_array_begin(&reader);
    int more = 0;
    while (ok && (more = pl_json_array_next(&reader)) > 0) {
        parsed_finding *grown = realloc(*findings, (*count + 1) * sizeof *grown);
        if (!grown) {
            ok = false;
            break;
        }
        *findings = grown;
        ok = read_finding(&reader, &(*findings)[(*count)++]);
    }
    ok = ok && more == 0 && pl_json_reader_finish(&reader);
    if (!ok)
        print_message("bad JSON output: %s at %s\n", err.message, err.path);
    pl_arena_free(arena);
    return ok;
}

void compat_free_findings(parsed_finding *findings, uint32_t count)
{
    for (uint32_t i = 0; i < count; i++) {
        parsed_finding *f = &findings[i];
        free(f->rule);
        free(f->severity);
        free(f->direction);
        free(f->element);
        free(f->message);
        free(f->hint);
        free(f->fingerprint);
        free(f->level);
        for (uint32_t c = 0; c < f->chain_count; c++)
            free(f->chains[c]);
        free(f->chains);
    }
    free(findings);
}
