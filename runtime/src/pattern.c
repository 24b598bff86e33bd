/* @pattern for generated validators: compiled on first use, shared by every thread. */
#include "internal.h"

#include <stdlib.h>

typedef struct compiled_pattern {
    const pl_regex *re;
    pl_arena *arena; /* owns re and this record */
} compiled_pattern;

#if defined(__GNUC__) || defined(__clang__)
static compiled_pattern *load(pl_pattern *pattern)
{
    return __atomic_load_n(&pattern->compiled, __ATOMIC_ACQUIRE);
}

static bool publish(pl_pattern *pattern, compiled_pattern **expected, compiled_pattern *mine)
{
    void *seen = NULL;
    if (__atomic_compare_exchange_n(&pattern->compiled, &seen, mine, false, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE))
        return true;
    *expected = seen;
    return false;
}
#else
#include <stdatomic.h>
/* C11 atomics on the plain pointer: every compiler we know lays out _Atomic(void *) like void *. */
static compiled_pattern *load(pl_pattern *pattern)
{
    return atomic_load_explicit((_Atomic(void *) *)&pattern->compiled, memory_order_acquire);
}

static bool publish(pl_pattern *pattern, compiled_pattern **expected, compiled_pattern *mine)
{
    void *seen = NULL;
    if (atomic_compare_exchange_strong_explicit((_Atomic(void *) *)&pattern->compiled, &seen,
                                                (void *)mine, memory_order_acq_rel,
                                                memory_order_acquire))
        return true;
    *expected = seen;
    return false;
}
#endif

static compiled_pattern *compile(pl_pattern *pattern)
{
    pl_arena *arena = pl_arena_new();
    if (!arena)
        return NULL;
    pl_error err;
    compiled_pattern *mine = pl_arena_alloc(arena, sizeof *mine);
    const pl_regex *re = mine ? pl_regex_compile(pattern->source, pattern->len, arena, &err) : NULL;
    if (!re) {
        pl_arena_free(arena);
        return NULL;
    }
    mine->re = re;
    mine->arena = arena;
    compiled_pattern *theirs = NULL;
    if (publish(pattern, &theirs, mine))
        return mine;
    pl_arena_free(arena); /* another thread was first */
    return theirs;
}

int pl_pattern_match(pl_pattern *pattern, const char *text, size_t len)
{
    compiled_pattern *compiled = load(pattern);
    if (!compiled && !(compiled = compile(pattern)))
        return -1;
    return pl_regex_match(compiled->re, text, len) ? 1 : 0;
}

bool pl_check_pattern(pl_pattern *pattern, const char *text, size_t len, pl_error *err,
                      const char *key, size_t key_len)
{
    int matched = pl_pattern_match(pattern, text, len);
    if (matched > 0)
        return true;
    if (matched < 0) {
        pl_error_format(err, PL_ERROR_MEMORY, "out of memory compiling a pattern");
        if (key)
            pl_error_prefix_key(err, key, key_len);
        return false;
    }
    return pl_violation(err, key, key_len, "does not match the pattern %.*s",
                        (int)(pattern->len < 200 ? pattern->len : 200), pattern->source);
}

bool pl_check_length(const char *text, size_t len, size_t min, size_t max, pl_error *err,
                     const char *key, size_t key_len)
{
    /* A code point takes 1 to 4 bytes: count only when the byte length does not decide. */
    if (len <= max && len / 4 + (len % 4 != 0) >= min)
        return true;
    size_t length = pl_utf8_length(text, len);
    if (length < min)
        return pl_violation(err, key, key_len, "must be at least %zu characters long, found %zu",
                            min, length);
    if (length > max)
        return pl_violation(err, key, key_len, "must be at most %zu characters long, found %zu",
                            max, length);
    return true;
}
