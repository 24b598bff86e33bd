/* libFuzzer target: the I-Regexp compiler and matcher.
 *
 * Input: one byte n, then n bytes of pattern (fewer if the input ends), then the text. Every
 * pattern either compiles or fails with PL_ERROR_REGEX at an offset inside it; a compiled
 * pattern matches any text without crashing, in time linear in the text. */
#include "payload.h"

#include <stdlib.h>
#include <string.h>

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            abort();                                                                               \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    size_t plen = data[0];
    if (plen > size - 1)
        plen = size - 1;
    size_t tlen = size - 1 - plen;
    /* Exact-size copies so that ASan sees any read past either end. */
    char *pattern = malloc(plen ? plen : 1);
    char *text = malloc(tlen ? tlen : 1);
    if (!pattern || !text) {
        free(pattern);
        free(text);
        return 0;
    }
    if (plen)
        memcpy(pattern, data + 1, plen);
    if (tlen)
        memcpy(text, data + 1 + plen, tlen);
    pl_arena *arena = pl_arena_new();
    pl_error err;
    pl_error_clear(&err);
    pl_regex *re = pl_regex_compile(pattern, plen, arena, &err);
    if (!re) {
        CHECK(err.kind == PL_ERROR_REGEX || err.kind == PL_ERROR_MEMORY);
        CHECK(err.offset <= plen);
        CHECK(err.message[0] != '\0');
    } else {
        bool whole = pl_regex_match(re, text, tlen);
        /* Matching the pattern grouped and repeated once gives the same answer. */
        size_t glen = plen + 2;
        char *grouped = malloc(glen);
        if (grouped) {
            grouped[0] = '(';
            memcpy(grouped + 1, pattern, plen);
            grouped[plen + 1] = ')';
            pl_regex *re2 = pl_regex_compile(grouped, glen, arena, &err);
            if (re2)
                CHECK(pl_regex_match(re2, text, tlen) == whole);
            free(grouped);
        }
        if (!pl_utf8_valid(text, tlen))
            CHECK(!whole);
    }
    pl_arena_free(arena);
    free(pattern);
    free(text);
    return 0;
}
