/* libFuzzer target: the I-Regexp compiler and matcher.
 *
 * Input: one byte n, then n bytes of pattern (fewer if the input ends), then the text. Every
 * pattern either compiles or fails with PL_ERROR_REGEX at an offset inside it; a compiled
 * pattern matches any text without crashing, in time linear in the text, and the matcher's
 * engines agree (the pattern grouped, and pushed past the fast engines' limits). */
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
        /* The same pattern past 64 NFA states, with an alternative no text here matches (U+E000
         * seventy times): only the plain NFA simulation runs, against the table and
         * bit-parallel engines above. */
        static const char pad[] = "|\xEE\x80\x80{70}";
        size_t slen = plen + 2 + sizeof pad - 1;
        char *slow = malloc(slen);
        bool has_pad_char = false;
        for (size_t i = 0; i + 3 <= tlen && !has_pad_char; i++)
            has_pad_char = memcmp(text + i, "\xEE\x80\x80", 3) == 0;
        if (slow && !has_pad_char) {
            slow[0] = '(';
            memcpy(slow + 1, pattern, plen);
            slow[plen + 1] = ')';
            memcpy(slow + plen + 2, pad, sizeof pad - 1);
            pl_regex *re3 = pl_regex_compile(slow, slen, arena, &err);
            if (re3)
                CHECK(pl_regex_match(re3, text, tlen) == whole);
        }
        free(slow);
        if (!pl_utf8_valid(text, tlen))
            CHECK(!whole);
    }
    pl_arena_free(arena);
    free(pattern);
    free(text);
    return 0;
}
