#include "internal.h"

#include <stdio.h>
#include <string.h>

void pl_error_clear(pl_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

const char *pl_error_kind_name(pl_error_kind kind)
{
    switch (kind) {
    case PL_ERROR_NONE:
        return "none";
    case PL_ERROR_SYNTAX:
        return "syntax";
    case PL_ERROR_TYPE:
        return "type";
    case PL_ERROR_MISSING:
        return "missing";
    case PL_ERROR_NULL:
        return "null";
    case PL_ERROR_RANGE:
        return "range";
    case PL_ERROR_FORMAT:
        return "format";
    case PL_ERROR_ENUM:
        return "enum";
    case PL_ERROR_TAG:
        return "tag";
    case PL_ERROR_CONSTRAINT:
        return "constraint";
    case PL_ERROR_DEPTH:
        return "depth";
    case PL_ERROR_ENCODE:
        return "encode";
    case PL_ERROR_MEMORY:
        return "memory";
    case PL_ERROR_REGEX:
        return "regex";
    }
    return "unknown";
}

void pl_error_setv(pl_error *err, pl_error_kind kind, const char *text, size_t len, size_t offset,
                   const char *fmt, va_list args)
{
    if (!err)
        return;
    err->kind = kind;
    vsnprintf(err->message, sizeof err->message, fmt, args);
    if (offset > len)
        offset = len;
    err->offset = offset;
    /* Columns count code points, as editors do (UTF-8 continuation bytes add nothing). */
    uint32_t line = 1, column = 1;
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = 0; i < offset; i++) {
        if (s[i] == '\n') {
            line++;
            column = 1;
        } else if ((s[i] & 0xC0) != 0x80) {
            column++;
        }
    }
    err->line = line;
    err->column = column;
}

void pl_error_set(pl_error *err, pl_error_kind kind, const char *text, size_t len, size_t offset,
                  const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    pl_error_setv(err, kind, text, len, offset, fmt, args);
    va_end(args);
}

void pl_error_format(pl_error *err, pl_error_kind kind, const char *fmt, ...)
{
    if (!err)
        return;
    err->kind = kind;
    va_list args;
    va_start(args, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, args);
    va_end(args);
    err->path[0] = '\0';
    err->offset = 0;
    err->line = 0;
    err->column = 0;
}

/* Puts step (already a "/..." segment of seg_len bytes) in front of the path. */
static void prefix_step(pl_error *err, const char *step, size_t step_len)
{
    static const char ellipsis[] = "...";
    err->path[sizeof err->path - 1] = '\0';
    const char *nul = memchr(err->path, '\0', sizeof err->path);
    size_t have = nul ? (size_t)(nul - err->path) : sizeof err->path - 1;
    if (have >= 3 && memcmp(err->path, ellipsis, 3) == 0)
        return; /* already cut: outer steps cannot be shown without the inner ones */
    size_t room = sizeof err->path - 1;
    if (step_len + have <= room) {
        memmove(err->path + step_len, err->path, have + 1);
        memcpy(err->path, step, step_len);
        return;
    }
    /* Keep the innermost steps that fit after "...", cut at a '/'. */
    char joined[2 * PL_ERROR_PATH_MAX];
    size_t total = step_len + have;
    memcpy(joined, step, step_len);
    memcpy(joined + step_len, err->path, total - step_len);
    size_t keep_from = total - (room - 3);
    while (keep_from < total && joined[keep_from] != '/')
        keep_from++;
    memcpy(err->path, ellipsis, 3);
    memcpy(err->path + 3, joined + keep_from, total - keep_from);
    err->path[3 + total - keep_from] = '\0';
}

void pl_error_prefix_key(pl_error *err, const char *key, size_t len)
{
    if (!err)
        return;
    char step[PL_ERROR_PATH_MAX];
    size_t o = 0;
    step[o++] = '/';
    for (size_t i = 0; i < len && o + 2 < sizeof step; i++) {
        if (key[i] == '~') {
            step[o++] = '~';
            step[o++] = '0';
        } else if (key[i] == '/') {
            step[o++] = '~';
            step[o++] = '1';
        } else {
            step[o++] = key[i];
        }
    }
    prefix_step(err, step, o);
}

void pl_error_prefix_index(pl_error *err, size_t index)
{
    if (!err)
        return;
    char step[32];
    int n = snprintf(step, sizeof step, "/%zu", index);
    prefix_step(err, step, (size_t)n);
}

bool pl_error_at_key(pl_error *err, const char *key, size_t len)
{
    pl_error_prefix_key(err, key, len);
    return false;
}

bool pl_error_at_index(pl_error *err, size_t index)
{
    pl_error_prefix_index(err, index);
    return false;
}

bool pl_violation(pl_error *err, const char *key, size_t key_len, const char *fmt, ...)
{
    if (!err)
        return false;
    va_list args;
    va_start(args, fmt);
    err->kind = PL_ERROR_CONSTRAINT;
    vsnprintf(err->message, sizeof err->message, fmt, args);
    va_end(args);
    err->path[0] = '\0';
    err->offset = 0;
    err->line = err->column = 0;
    if (key)
        pl_error_prefix_key(err, key, key_len);
    return false;
}
