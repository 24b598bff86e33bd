/* Helpers shared by the runtime's sources; nothing here is exported. */
#ifndef PL_INTERNAL_H
#define PL_INTERNAL_H

#include "payload.h"

#include <stdalign.h>
#include <stdarg.h>
#include <stddef.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#if defined(__GNUC__)
#define PL_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define PL_LIKELY(x) __builtin_expect(!!(x), 1)
#define PL_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define PL_ALWAYS_INLINE inline __attribute__((always_inline))
#define PL_NOINLINE __attribute__((noinline))
#else
#define PL_ALWAYS_INLINE inline
#define PL_NOINLINE
#define PL_PRINTF(fmt, args)
#define PL_LIKELY(x) (x)
#define PL_UNLIKELY(x) (x)
#endif

/* Unicode general categories, in the order of the generated table. */
enum pl_unicode_category {
    PL_GC_LU,
    PL_GC_LL,
    PL_GC_LT,
    PL_GC_LM,
    PL_GC_LO,
    PL_GC_MN,
    PL_GC_MC,
    PL_GC_ME,
    PL_GC_ND,
    PL_GC_NL,
    PL_GC_NO,
    PL_GC_PC,
    PL_GC_PD,
    PL_GC_PS,
    PL_GC_PE,
    PL_GC_PI,
    PL_GC_PF,
    PL_GC_PO,
    PL_GC_SM,
    PL_GC_SC,
    PL_GC_SK,
    PL_GC_SO,
    PL_GC_ZS,
    PL_GC_ZL,
    PL_GC_ZP,
    PL_GC_CC,
    PL_GC_CF,
    PL_GC_CS,
    PL_GC_CO,
    PL_GC_CN,
    PL_GC_COUNT
};

extern const uint32_t pl_unicode_category_runs[];
extern const size_t pl_unicode_category_run_count;
extern const char pl_unicode_version[];

/* Decodes one UTF-8 sequence from s (avail > 0 bytes). Returns its length (1-4) and stores the
 * code point, or returns 0 for anything RFC 3629 forbids (overlongs, surrogates, > U+10FFFF,
 * truncation). */
static inline size_t pl_utf8_decode(const unsigned char *s, size_t avail, uint32_t *cp)
{
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c < 0xC2)
        return 0;
    if (c < 0xE0) {
        if (avail < 2 || (s[1] & 0xC0) != 0x80)
            return 0;
        *cp = ((uint32_t)(c & 0x1F) << 6) | (s[1] & 0x3Fu);
        return 2;
    }
    if (c < 0xF0) {
        if (avail < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        uint32_t v = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3Fu);
        if (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))
            return 0;
        *cp = v;
        return 3;
    }
    if (c < 0xF5) {
        if (avail < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        uint32_t v = ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
                     ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3Fu);
        if (v < 0x10000 || v > 0x10FFFF)
            return 0;
        *cp = v;
        return 4;
    }
    return 0;
}

/* Writes cp as UTF-8 into out (room for 4) and returns the length. cp must be a scalar value. */
static inline size_t pl_utf8_encode(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Index of the first byte at or after pos that a JSON string scan must look at ('"', '\\',
 * below 0x20, above 0x7F), or len. Sixteen bytes at a time with SSE2, eight without. */
static inline size_t pl_find_string_special(const unsigned char *s, size_t pos, size_t len)
{
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(0x20);
    while (pos + 16 <= len) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + pos));
        /* Signed compare: below 0x20 catches both the controls and bytes 0x80..0xFF. */
        __m128i hit =
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                         _mm_cmplt_epi8(v, space));
        unsigned mask = (unsigned)_mm_movemask_epi8(hit);
        if (mask)
            return pos + (size_t)__builtin_ctz(mask);
        pos += 16;
    }
#endif
    while (pos < len) {
        unsigned char c = s[pos];
        if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80)
            return pos;
        pos++;
    }
    return pos;
}

/* Bump allocation from a chain of blocks; each block is at least twice the previous one so
 * that the number of system allocations grows with the logarithm of the total size. */
typedef struct pl_block {
    struct pl_block *next;
    size_t size, used;
    alignas(max_align_t) unsigned char data[];
} pl_block;

/* A block allocated on its own (a large list), freed with the arena; see pl_list_push. */
typedef struct pl_owned {
    struct pl_owned *next;
    void *block;
    size_t size;
} pl_owned;

struct pl_arena {
    pl_block *head;
    size_t reserved;
    pl_owned *owned;
    /* The largest block a list had of its own before the last reset, kept for the next large
     * list (a worker decoding one request after another then stops growing and copying it). */
    void *spare;
    size_t spare_size;
};

/* The value of a hex digit (either case), or -1: percent-decoding, \u escapes, uuids. */
static inline int pl_hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (unsigned char)(c | 0x20);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Memory for a large block (an arena block, a pl_buf) of at least *size bytes, which becomes what
 * was allocated. From PL_LARGE_ALLOCATION up, on Linux, it is 2 MiB-aligned and marked for
 * transparent huge pages: a decode of megabytes, or a generator's output, then takes a page fault
 * per 2 MiB instead of per 4 KiB (faults were a large share of their time). Smaller blocks stay
 * in malloc's 4 KiB pages, so a small decode keeps no 2 MiB page resident. Free it with free();
 * NULL without memory. */
enum { PL_LARGE_ALLOCATION = 2 << 20 };
void *pl_large_alloc(size_t *size);

/* Like pl_arena_alloc for bytes: no alignment, not zeroed. */
void *pl_arena_alloc_bytes(pl_arena *arena, size_t size);
/* pl_arena_alloc_bytes where it is hot (the reader's string copies): the bump inline, a new block
 * out of line. */
static inline void *pl_arena_bytes(pl_arena *arena, size_t size)
{
    pl_block *block = arena->head;
    if (PL_LIKELY(block && block->size - block->used >= size)) {
        void *p = block->data + block->used;
        block->used += size;
        return p;
    }
    return pl_arena_alloc_bytes(arena, size);
}
/* Like pl_arena_alloc without zeroing, and with no rounding of size (so that the allocation can
 * be extended in place later). */
void *pl_arena_alloc_aligned(pl_arena *arena, size_t size);
/* Grows the allocation p of old_size bytes in place when it is the last one of the current block
 * and the block has room; false otherwise (nothing changes). */
bool pl_arena_extend(pl_arena *arena, void *p, size_t old_size, size_t new_size);
/* Gives back the end of p (old_size -> new_size bytes) when it is the last allocation. */
void pl_arena_trim(pl_arena *arena, void *p, size_t old_size, size_t new_size);
/* A block of its own for a large list (past PL_LARGE_ALLOCATION, mapped pages on Linux: resizing
 * remaps instead of copying), freed with the arena once given to pl_arena_own. pl_owned_resize
 * returns NULL (and leaves the block as it was) when it cannot. */
void *pl_owned_alloc(size_t size);
void *pl_owned_resize(void *block, size_t old_size, size_t new_size);
void pl_owned_free(void *block, size_t size);
/* Makes the arena free a block from pl_owned_alloc with itself; returns the slot that holds the
 * block's address (update it after pl_owned_resize, with pl_arena_owned_resized), NULL without
 * memory. */
void **pl_arena_own(pl_arena *arena, void *block, size_t size);
void pl_arena_owned_resized(pl_arena *arena, void **slot, size_t old_size, size_t new_size);
/* The size of the block a slot from pl_arena_own holds. */
size_t pl_arena_owned_size(void **slot);
/* The block kept from before the last pl_arena_reset when it has at least min_size bytes (its
 * size in *size; the caller then owns it, as from pl_owned_alloc), else NULL. */
void *pl_arena_take_spare(pl_arena *arena, size_t min_size, size_t *size);

/* Fills err (if not NULL) with kind, a formatted message, the offset and the line and column
 * that offset has in text. The path is left as it is. */
void pl_error_set(pl_error *err, pl_error_kind kind, const char *text, size_t len, size_t offset,
                  const char *fmt, ...) PL_PRINTF(6, 7);
void pl_error_setv(pl_error *err, pl_error_kind kind, const char *text, size_t len, size_t offset,
                   const char *fmt, va_list args) PL_PRINTF(6, 0);

#endif
