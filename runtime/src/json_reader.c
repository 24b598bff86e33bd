/* The strict pull reader (RFC 8259) and pl_json_validate. */
#include "json_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_DEPTH_LIMIT = 65536 }; /* what pl_json_skip's bit stack can hold */

/* ---- errors ---- */

static void PL_PRINTF(3, 4) syntax_error(pl_json_reader *r, size_t offset, const char *fmt, ...)
{
    if (r->failed)
        return;
    r->failed = true;
    if (!r->err)
        return;
    va_list args;
    va_start(args, fmt);
    pl_error_setv(r->err, PL_ERROR_SYNTAX, r->text, r->len, offset, fmt, args);
    va_end(args);
    r->err->path[0] = '\0';
}

static bool validate_text(const char *text, size_t len, uint32_t max_depth, pl_error *err);

/* Writes the reader's current position as a JSON Pointer, innermost step first so that a path
 * too long for the buffer keeps the steps nearest the bad value. */
static void materialize_path(const pl_json_reader *r, pl_error *err, uint32_t levels)
{
    err->path[0] = '\0';
    for (uint32_t i = levels; i-- > 0;) {
        const pl_json_frame *f = &r->frames[i];
        if (f->is_object) {
            if (f->key)
                pl_error_prefix_key(err, f->key, f->key_len);
        } else if (f->index != SIZE_MAX) {
            pl_error_prefix_index(err, f->index);
        }
    }
}

/* A decoder-level error. If the text is not JSON at all, that syntax error is reported instead,
 * so that every language reports the same kind for the same input. */
static void value_errorv(pl_json_reader *r, pl_error_kind kind, size_t offset, const char *key,
                         size_t key_len, const char *fmt, va_list args)
{
    if (r->failed)
        return;
    r->failed = true;
    if (!r->err)
        return;
    if (kind != PL_ERROR_MEMORY && !validate_text(r->text, r->len, r->max_depth, r->err))
        return;
    pl_error_setv(r->err, kind, r->text, r->len, offset, fmt, args);
    materialize_path(r, r->err, r->depth);
    if (key) {
        /* Append "/key" by escaping into a scratch error, then concatenating. */
        pl_error scratch;
        scratch.path[0] = '\0';
        pl_error_prefix_key(&scratch, key, key_len);
        size_t have = strlen(r->err->path), add = strlen(scratch.path);
        if (have + add < sizeof r->err->path)
            memcpy(r->err->path + have, scratch.path, add + 1);
    }
}

static void PL_PRINTF(4, 5)
    value_error(pl_json_reader *r, pl_error_kind kind, size_t offset, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    value_errorv(r, kind, offset, NULL, 0, fmt, args);
    va_end(args);
}

bool pl_json_fail(pl_json_reader *r, pl_error_kind kind, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    value_errorv(r, kind, r->value_pos, NULL, 0, fmt, args);
    va_end(args);
    return false;
}

bool pl_json_fail_key(pl_json_reader *r, const char *key, size_t key_len, pl_error_kind kind,
                      const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    value_errorv(r, kind, r->pos ? r->pos - 1 : 0, key, key_len, fmt, args);
    va_end(args);
    return false;
}

size_t pl_json_value_offset(const pl_json_reader *r)
{
    return r->value_pos;
}

/* ---- scanning ---- */

/* Index of the first byte at or after pos that is not JSON whitespace, or len. */
static inline size_t skip_ws_at(const char *s, size_t pos, size_t len)
{
    /* Compact JSON (what encoders write) has none: one test for the usual case. */
    while (pos < len && (unsigned char)s[pos] <= ' ' &&
           (s[pos] == ' ' || s[pos] == '\n' || s[pos] == '\r' || s[pos] == '\t'))
        pos++;
    return pos;
}

static inline void skip_ws(pl_json_reader *r)
{
    r->pos = skip_ws_at(r->text, r->pos, r->len);
}

static void describe_byte(char *out, size_t size, unsigned char c)
{
    if (c >= 0x21 && c < 0x7F)
        snprintf(out, size, "'%c'", c);
    else
        snprintf(out, size, "byte 0x%02x", c);
}

static void unexpected(pl_json_reader *r, const char *expected)
{
    if (r->pos >= r->len) {
        syntax_error(r, r->pos, "unexpected end of input; expected %s", expected);
        return;
    }
    if (r->pos == 0 && r->len >= 3 && memcmp(r->text, "\xef\xbb\xbf", 3) == 0) {
        syntax_error(r, 0, "a byte order mark is not allowed before JSON text (RFC 8259)");
        return;
    }
    char what[16];
    describe_byte(what, sizeof what, (unsigned char)r->text[r->pos]);
    syntax_error(r, r->pos, "unexpected %s; expected %s", what, expected);
}

/* Four hex digits at p (the caller has checked there are four bytes). */
static int32_t hex4(const unsigned char *p)
{
    int a = pl_hex_value(p[0]), b = pl_hex_value(p[1]), c = pl_hex_value(p[2]),
        d = pl_hex_value(p[3]);
    if ((a | b | c | d) < 0)
        return -1;
    return (a << 12) | (b << 8) | (c << 4) | d;
}

/* The usual string: ASCII without escapes or controls. Returns the index of the closing quote
 * of the string whose '"' is at pos, or SIZE_MAX when the careful scan must decide; *resume is
 * then where that scan may start (everything before it is plain ASCII). Sixteen bytes at a time,
 * done at the first quote when no byte that needs a look comes before it. */
static inline size_t quick_string_end(const char *text, size_t pos, size_t len, size_t *resume)
{
    size_t p = pos + 1;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(0x20);
    while (p + 16 <= len) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(text + p));
        unsigned q = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote));
        /* Signed compare: below 0x20 catches both the controls and bytes 0x80..0xFF. */
        unsigned other = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(_mm_cmpeq_epi8(v, backslash), _mm_cmplt_epi8(v, space)));
        if (q | other) {
            if (q && ((q - 1) & other) == 0)
                return p + (size_t)__builtin_ctz(q);
            break;
        }
        p += 16;
    }
#endif
    *resume = p;
    return SIZE_MAX;
}

static bool scan_string_rest(pl_json_reader *r, size_t p, bool *escaped);

/* Checks the string whose '"' is at r->pos and moves past its closing quote. *escaped tells
 * whether it holds any escape (so that a copy must be unescaped). */
static inline bool scan_string(pl_json_reader *r, bool *escaped)
{
    size_t resume = 0;
    size_t end = quick_string_end(r->text, r->pos, r->len, &resume);
    if (PL_LIKELY(end != SIZE_MAX)) {
        r->pos = end + 1;
        *escaped = false;
        return true;
    }
    return scan_string_rest(r, resume, escaped);
}

bool pl_json_scan_string(pl_json_reader *r, bool *escaped)
{
    return scan_string(r, escaped);
}

/* The careful part of scan_string, from p (inside the string whose '"' is at r->pos): UTF-8,
 * escapes and errors. */
static bool scan_string_rest(pl_json_reader *r, size_t p, bool *escaped)
{
    const unsigned char *s = (const unsigned char *)r->text;
    size_t len = r->len;
    bool any_escape = false;
    for (;;) {
        p = pl_find_string_special(s, p, len);
        if (p >= len) {
            syntax_error(r, r->pos, "unterminated string");
            return false;
        }
        unsigned char c = s[p];
        if (c == '"')
            break;
        if (c == '\\') {
            any_escape = true;
            if (p + 1 >= len) {
                syntax_error(r, r->pos, "unterminated string");
                return false;
            }
            unsigned char e = s[p + 1];
            if (e == 'u') {
                if (len - p < 6) {
                    syntax_error(r, p, "'\\u' needs four hex digits");
                    return false;
                }
                int32_t cp = hex4(s + p + 2);
                if (cp < 0) {
                    syntax_error(r, p, "'\\u' needs four hex digits");
                    return false;
                }
                if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    syntax_error(r, p, "lone low surrogate \\u%04x", (unsigned)cp);
                    return false;
                }
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    int32_t low =
                        len - p >= 12 && s[p + 6] == '\\' && s[p + 7] == 'u' ? hex4(s + p + 8) : -1;
                    if (low < 0xDC00 || low > 0xDFFF) {
                        syntax_error(r, p,
                                     "high surrogate \\u%04x is not followed by a low surrogate",
                                     (unsigned)cp);
                        return false;
                    }
                    p += 12;
                } else {
                    p += 6;
                }
                continue;
            }
            if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' ||
                e == 't') {
                p += 2;
                continue;
            }
            syntax_error(r, p, "invalid escape in a string");
            return false;
        }
        if (c < 0x20) {
            syntax_error(r, p, "control character (byte 0x%02x) in a string; it must be escaped",
                         c);
            return false;
        }
        if (c < 0x80) {
            p++;
            continue;
        }
        uint32_t cp;
        size_t k = pl_utf8_decode(s + p, len - p, &cp);
        if (!k) {
            syntax_error(r, p, "invalid UTF-8 in a string");
            return false;
        }
        p += k;
    }
    r->pos = p + 1;
    *escaped = any_escape;
    return true;
}

/* Undoes the escapes of an already checked string body into out (room for len + 1). */
static size_t unescape(const unsigned char *s, size_t len, char *out)
{
    size_t o = 0, p = 0;
    while (p < len) {
        const unsigned char *bs = memchr(s + p, '\\', len - p);
        size_t run = bs ? (size_t)(bs - (s + p)) : len - p;
        memcpy(out + o, s + p, run);
        o += run;
        p += run;
        if (p >= len)
            break;
        unsigned char e = s[p + 1];
        switch (e) {
        case 'b':
            out[o++] = '\b';
            p += 2;
            break;
        case 'f':
            out[o++] = '\f';
            p += 2;
            break;
        case 'n':
            out[o++] = '\n';
            p += 2;
            break;
        case 'r':
            out[o++] = '\r';
            p += 2;
            break;
        case 't':
            out[o++] = '\t';
            p += 2;
            break;
        case 'u': {
            uint32_t cp = (uint32_t)hex4(s + p + 2);
            p += 6;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                uint32_t low = (uint32_t)hex4(s + p + 2);
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                p += 6;
            }
            o += pl_utf8_encode(cp, out + o);
            break;
        }
        default:
            out[o++] = (char)e;
            p += 2;
            break;
        }
    }
    out[o] = '\0';
    return o;
}

/* memcpy for the usual short string without a call: two overlapping loads and stores. */
static inline void copy_small(char *out, const char *in, size_t n)
{
    if (n > 16) {
        memcpy(out, in, n);
    } else if (n >= 8) {
        uint64_t a, b;
        memcpy(&a, in, 8);
        memcpy(&b, in + n - 8, 8);
        memcpy(out, &a, 8);
        memcpy(out + n - 8, &b, 8);
    } else if (n >= 4) {
        uint32_t a, b;
        memcpy(&a, in, 4);
        memcpy(&b, in + n - 4, 4);
        memcpy(out, &a, 4);
        memcpy(out + n - 4, &b, 4);
    } else {
        for (size_t i = 0; i < n; i++)
            out[i] = in[i];
    }
}

/* Produces the text of a checked string body [start, end): a view, or an arena copy when copy
 * is set or escapes need undoing. */
static inline bool string_result(pl_json_reader *r, size_t start, size_t end, bool escaped,
                                 bool copy, const char **out, size_t *out_len)
{
    size_t raw = end - start;
    if (!escaped && !copy) {
        *out = r->text + start;
        *out_len = raw;
        return true;
    }
    char *buf = r->arena ? pl_arena_bytes(r->arena, raw + 1) : NULL;
    if (!buf) {
        value_error(r, PL_ERROR_MEMORY, start,
                    r->arena ? "out of memory" : "no arena to copy into");
        return false;
    }
    if (escaped) {
        *out_len = unescape((const unsigned char *)r->text + start, raw, buf);
    } else {
        copy_small(buf, r->text + start, raw);
        buf[raw] = '\0';
        *out_len = raw;
    }
    *out = buf;
    return true;
}

/* Checks the number at r->pos and moves past it, filling n. */
bool pl_json_scan_number(pl_json_reader *r, pl_json_number *n)
{
    const char *s = r->text;
    size_t len = r->len, p = r->pos;
    n->negative = false;
    if (p < len && s[p] == '-') {
        n->negative = true;
        p++;
    }
    n->int_start = p;
    if (p < len && s[p] == '0') {
        p++;
    } else if (p < len && s[p] >= '1' && s[p] <= '9') {
        while (p < len && s[p] >= '0' && s[p] <= '9')
            p++;
    } else {
        r->pos = p;
        unexpected(r, "a digit");
        return false;
    }
    n->int_end = p;
    n->frac_start = n->frac_end = p;
    if (p < len && s[p] == '.') {
        p++;
        n->frac_start = p;
        while (p < len && s[p] >= '0' && s[p] <= '9')
            p++;
        if (p == n->frac_start) {
            r->pos = p;
            unexpected(r, "a digit after '.'");
            return false;
        }
        n->frac_end = p;
    }
    n->exponent = 0;
    if (p < len && (s[p] == 'e' || s[p] == 'E')) {
        p++;
        bool exp_negative = false;
        if (p < len && (s[p] == '+' || s[p] == '-')) {
            exp_negative = s[p] == '-';
            p++;
        }
        size_t digits = p;
        int64_t e = 0;
        while (p < len && s[p] >= '0' && s[p] <= '9') {
            if (e < 1000000000)
                e = e * 10 + (s[p] - '0');
            p++;
        }
        if (p == digits) {
            r->pos = p;
            unexpected(r, "a digit in the exponent");
            return false;
        }
        n->exponent = exp_negative ? -e : e;
    }
    n->end = p;
    r->pos = p;
    return true;
}

/* Checks a literal (true, false, null) at r->pos. */
static bool scan_literal(pl_json_reader *r, const char *word, size_t word_len)
{
    if (r->len - r->pos >= word_len && memcmp(r->text + r->pos, word, word_len) == 0) {
        r->pos += word_len;
        return true;
    }
    /* Point at the first byte that differs. */
    size_t i = 0;
    while (r->pos + i < r->len && i < word_len && r->text[r->pos + i] == word[i])
        i++;
    r->pos += i;
    char expected[16];
    snprintf(expected, sizeof expected, "'%s'", word);
    if (r->pos >= r->len)
        syntax_error(r, r->pos, "unexpected end of input inside %s", expected);
    else
        unexpected(r, expected);
    return false;
}

/* Skips one value of any kind starting at r->pos (after whitespace) without recursion. Nesting
 * below the reader's own depth is tracked in a bit stack (1 = object). */
static bool scan_value(pl_json_reader *r)
{
    uint64_t stack[MAX_DEPTH_LIMIT / 64];
    uint32_t depth = 0;
    uint32_t room = r->max_depth > r->depth ? r->max_depth - r->depth : 0;
    const char *s = r->text;
    bool escaped;
    for (;;) {
        /* A value is expected here. */
        skip_ws(r);
        if (r->pos >= r->len) {
            unexpected(r, "a value");
            return false;
        }
        switch (s[r->pos]) {
        case '{':
        case '[': {
            bool is_object = s[r->pos] == '{';
            if (depth >= room) {
                syntax_error(r, r->pos, "nesting deeper than %u", (unsigned)r->max_depth);
                if (r->err)
                    r->err->kind = PL_ERROR_DEPTH;
                return false;
            }
            if (is_object)
                stack[depth >> 6] |= (uint64_t)1 << (depth & 63);
            else
                stack[depth >> 6] &= ~((uint64_t)1 << (depth & 63));
            depth++;
            r->pos++;
            skip_ws(r);
            if (r->pos < r->len && s[r->pos] == (is_object ? '}' : ']')) {
                r->pos++;
                depth--;
                break;
            }
            if (is_object) {
                if (r->pos >= r->len || s[r->pos] != '"') {
                    unexpected(r, "a key string or '}'");
                    return false;
                }
                if (!scan_string(r, &escaped))
                    return false;
                skip_ws(r);
                if (r->pos >= r->len || s[r->pos] != ':') {
                    unexpected(r, "':' after a key");
                    return false;
                }
                r->pos++;
            }
            continue;
        }
        case '"':
            if (!scan_string(r, &escaped))
                return false;
            break;
        case 't':
            if (!scan_literal(r, "true", 4))
                return false;
            break;
        case 'f':
            if (!scan_literal(r, "false", 5))
                return false;
            break;
        case 'n':
            if (!scan_literal(r, "null", 4))
                return false;
            break;
        default: {
            char c = s[r->pos];
            if (c == '-' || (c >= '0' && c <= '9')) {
                pl_json_number n;
                if (!pl_json_scan_number(r, &n))
                    return false;
                break;
            }
            unexpected(r, "a value");
            return false;
        }
        }
        /* A value has ended: close containers or move to the next member. */
        for (;;) {
            if (depth == 0)
                return true;
            bool is_object = (stack[(depth - 1) >> 6] >> ((depth - 1) & 63)) & 1;
            skip_ws(r);
            if (r->pos >= r->len) {
                unexpected(r, is_object ? "',' or '}'" : "',' or ']'");
                return false;
            }
            char c = s[r->pos];
            if (c == (is_object ? '}' : ']')) {
                r->pos++;
                depth--;
                continue;
            }
            if (c != ',') {
                unexpected(r, is_object ? "',' or '}' after an object member"
                                        : "',' or ']' after an array element");
                return false;
            }
            r->pos++;
            if (is_object) {
                skip_ws(r);
                if (r->pos >= r->len || s[r->pos] != '"') {
                    unexpected(r, "a key string after ','");
                    return false;
                }
                if (!scan_string(r, &escaped))
                    return false;
                skip_ws(r);
                if (r->pos >= r->len || s[r->pos] != ':') {
                    unexpected(r, "':' after a key");
                    return false;
                }
                r->pos++;
            }
            break;
        }
    }
}

/* ---- public reader ---- */

void pl_json_reader_init(pl_json_reader *r, const char *text, size_t len, pl_arena *arena,
                         pl_error *err)
{
    r->text = text;
    r->len = text ? len : 0;
    r->pos = 0;
    r->value_pos = 0;
    r->arena = arena;
    r->err = err;
    r->depth = 0;
    r->max_depth = PL_JSON_DEFAULT_MAX_DEPTH;
    r->failed = false;
    r->frames_cap = PL_JSON_INLINE_FRAMES;
    r->frames = r->inline_frames;
}

bool pl_json_reader_failed(const pl_json_reader *r)
{
    return r->failed;
}

bool pl_json_reader_finish(pl_json_reader *r)
{
    if (r->failed)
        return false;
    if (r->depth) {
        syntax_error(r, r->pos, "the reader finished inside an array or object");
        return false;
    }
    skip_ws(r);
    if (r->pos < r->len) {
        char what[16];
        describe_byte(what, sizeof what, (unsigned char)r->text[r->pos]);
        syntax_error(r, r->pos, "unexpected %s after the JSON value", what);
        return false;
    }
    return true;
}

/* Classifies the next value by its first byte (literals are checked whole). Skips whitespace
 * and sets value_pos. Reports a syntax error for anything that cannot start a value. */
static pl_json_kind next_kind(pl_json_reader *r)
{
    if (r->failed)
        return PL_JSON_INVALID;
    skip_ws(r);
    r->value_pos = r->pos;
    if (r->pos >= r->len) {
        unexpected(r, "a value");
        return PL_JSON_INVALID;
    }
    const char *s = r->text + r->pos;
    size_t avail = r->len - r->pos;
    switch (*s) {
    case '{':
        return PL_JSON_OBJECT;
    case '[':
        return PL_JSON_ARRAY;
    case '"':
        return PL_JSON_STRING;
    case 't':
        if (avail >= 4 && memcmp(s, "true", 4) == 0)
            return PL_JSON_TRUE;
        break;
    case 'f':
        if (avail >= 5 && memcmp(s, "false", 5) == 0)
            return PL_JSON_FALSE;
        break;
    case 'n':
        if (avail >= 4 && memcmp(s, "null", 4) == 0)
            return PL_JSON_NULL;
        break;
    default:
        if (*s == '-' || (*s >= '0' && *s <= '9'))
            return PL_JSON_NUMBER;
        unexpected(r, "a value");
        return PL_JSON_INVALID;
    }
    /* A malformed literal: report where it goes wrong. */
    size_t saved = r->pos;
    scan_literal(r, *s == 't' ? "true" : *s == 'f' ? "false" : "null", *s == 'f' ? 5 : 4);
    r->pos = saved;
    return PL_JSON_INVALID;
}

pl_json_kind pl_json_peek(pl_json_reader *r)
{
    return next_kind(r);
}

static const char *kind_noun(pl_json_kind kind)
{
    switch (kind) {
    case PL_JSON_NULL:
        return "null";
    case PL_JSON_FALSE:
    case PL_JSON_TRUE:
        return "a boolean";
    case PL_JSON_NUMBER:
        return "a number";
    case PL_JSON_STRING:
        return "a string";
    case PL_JSON_ARRAY:
        return "an array";
    case PL_JSON_OBJECT:
        return "an object";
    case PL_JSON_INVALID:
        break;
    }
    return "something else";
}

/* Reports that the next value (already classified as found) is not what the caller wanted. */
static void mismatch(pl_json_reader *r, pl_json_kind found, const char *expected)
{
    if (found == PL_JSON_INVALID)
        return; /* next_kind has reported it */
    if (found == PL_JSON_NULL)
        value_error(r, PL_ERROR_NULL, r->value_pos, "expected %s, found null", expected);
    else
        value_error(r, PL_ERROR_TYPE, r->value_pos, "expected %s, found %s", expected,
                    kind_noun(found));
}

static bool push_frame(pl_json_reader *r, bool is_object)
{
    if (r->depth >= r->max_depth || r->depth >= MAX_DEPTH_LIMIT) {
        syntax_error(r, r->pos, "nesting deeper than %u", (unsigned)r->max_depth);
        if (r->err)
            r->err->kind = PL_ERROR_DEPTH;
        return false;
    }
    if (r->depth == r->frames_cap) {
        uint32_t cap = r->frames_cap * 2;
        pl_json_frame *grown = r->arena ? pl_arena_alloc(r->arena, cap * sizeof *grown) : NULL;
        if (!grown) {
            value_error(r, PL_ERROR_MEMORY, r->pos,
                        r->arena ? "out of memory"
                                 : "nesting deeper than %d needs an arena for the reader",
                        PL_JSON_INLINE_FRAMES);
            return false;
        }
        memcpy(grown, r->frames, r->depth * sizeof *grown);
        r->frames = grown;
        r->frames_cap = cap;
    }
    pl_json_frame *f = &r->frames[r->depth++];
    f->key = NULL;
    f->key_len = 0;
    f->index = SIZE_MAX;
    f->is_object = is_object;
    f->first = 1;
    r->pos++;
    return true;
}

/* The usual '{' or '[': right where the reader stands (compact JSON), no error, room for a frame
 * among those already there. */
static inline bool begin_fast(pl_json_reader *r, char open, bool is_object)
{
    size_t pos = r->pos;
    uint32_t depth = r->depth;
    if (PL_LIKELY(!r->failed && pos < r->len && r->text[pos] == open && depth < r->max_depth &&
                  depth < r->frames_cap && depth < MAX_DEPTH_LIMIT)) {
        r->value_pos = pos;
        pl_json_frame *f = &r->frames[depth];
        f->key = NULL;
        f->key_len = 0;
        f->index = SIZE_MAX;
        f->is_object = is_object;
        f->first = 1;
        r->depth = depth + 1;
        r->pos = pos + 1;
        return true;
    }
    return false;
}

bool pl_json_object_begin(pl_json_reader *r)
{
    if (begin_fast(r, '{', true))
        return true;
    pl_json_kind kind = next_kind(r);
    if (kind != PL_JSON_OBJECT) {
        mismatch(r, kind, "an object");
        return false;
    }
    return push_frame(r, true);
}

bool pl_json_array_begin(pl_json_reader *r)
{
    if (begin_fast(r, '[', false))
        return true;
    pl_json_kind kind = next_kind(r);
    if (kind != PL_JSON_ARRAY) {
        mismatch(r, kind, "an array");
        return false;
    }
    return push_frame(r, false);
}

static pl_json_frame *top_frame(pl_json_reader *r, bool is_object)
{
    if (r->failed)
        return NULL;
    if (!r->depth || r->frames[r->depth - 1].is_object != is_object) {
        syntax_error(r, r->pos, "%s called outside %s",
                     is_object ? "pl_json_object_next" : "pl_json_array_next",
                     is_object ? "an object" : "an array");
        return NULL;
    }
    return &r->frames[r->depth - 1];
}

/* The members loop of pl_json_object_next after the frame check: 1 with the key, 0 after '}', -1
 * on error. */
static PL_ALWAYS_INLINE int object_next_in(pl_json_reader *r, pl_json_frame *f, const char **key,
                                           size_t *key_len)
{
    /* Written for compact JSON: whitespace is looked for only where the expected byte is not. */
    const char *s = r->text;
    size_t len = r->len, pos = skip_ws_at(s, r->pos, len);
    if (pos < len && s[pos] == '}') {
        r->pos = pos + 1;
        r->depth--;
        return 0;
    }
    if (!f->first) {
        if (pos >= len || s[pos] != ',') {
            r->pos = pos;
            unexpected(r, "',' or '}' after an object member");
            return -1;
        }
        pos++;
        if (pos >= len || s[pos] != '"') {
            pos = skip_ws_at(s, pos, len);
            if (pos >= len || s[pos] != '"') {
                r->pos = pos;
                unexpected(r, "a key string after ','");
                return -1;
            }
        }
    } else if (pos >= len || s[pos] != '"') {
        r->pos = pos;
        unexpected(r, "a key string or '}'");
        return -1;
    }
    f->first = 0;
    size_t start = pos + 1, resume = 0;
    size_t end = quick_string_end(s, pos, len, &resume);
    if (PL_LIKELY(end != SIZE_MAX)) {
        *key = s + start;
        *key_len = end - start;
    } else {
        bool escaped;
        r->pos = pos;
        if (!scan_string_rest(r, resume, &escaped))
            return -1;
        end = r->pos - 1;
        if (PL_LIKELY(!escaped)) {
            *key = s + start;
            *key_len = end - start;
        } else if (!string_result(r, start, end, escaped, false, key, key_len)) {
            return -1;
        }
    }
    pos = end + 1;
    if (pos >= len || s[pos] != ':') {
        pos = skip_ws_at(s, pos, len);
        if (pos >= len || s[pos] != ':') {
            r->pos = pos;
            unexpected(r, "':' after a key");
            return -1;
        }
    }
    r->pos = pos + 1;
    f->key = *key;
    f->key_len = *key_len;
    return 1;
}

int pl_json_object_next(pl_json_reader *r, const char **key, size_t *key_len)
{
    pl_json_frame *f = top_frame(r, true);
    if (!f)
        return -1;
    return object_next_in(r, f, key, key_len);
}

static inline uint64_t load64(const void *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* Sixteen 0xFF bytes then sixteen zeros: load64(first_bytes + 16 - k) keeps the first k bytes of a
 * word (k <= 16; none when k <= 0 for the second word at + 24 - k) whatever the byte order. */
static const unsigned char first_bytes[32] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                              0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};

/* Is the text at s (16 bytes readable) field's quoted key? Two masked words; keys of more than 13
 * bytes (and those with quoted_len 0) are never matched as text. */
static inline bool key_text_matches(const char *s, const pl_json_field *field)
{
    size_t n = field->quoted_len;
    if (n - 1 >= 16)
        return false;
    const char *q = field->quoted;
    return (((load64(s) ^ load64(q)) & load64(first_bytes + 16 - n)) |
            ((load64(s + 8) ^ load64(q + 8)) & load64(first_bytes + 24 - n))) == 0;
}

/* pl_json_object_next_field when the expected key does not match as text: the careful reader,
 * then a look-up of the key from the expected field on. */
static PL_NOINLINE int next_field_slow(pl_json_reader *r, const pl_json_field *fields)
{
    pl_json_frame *f = top_frame(r, true);
    if (!f)
        return PL_JSON_FIELD_ERROR;
    /* An absent optional field, in compact JSON: the quoted key of the field after the
     * expected one. */
    const char *s = r->text;
    size_t pos = r->pos, at = pos + !f->first, next = f->index + 2;
    if (r->len - pos >= 17 && (f->first || s[pos] == ',') && fields[next - 1].key &&
        key_text_matches(s + at, &fields[next])) {
        f->first = 0;
        f->index = next;
        f->key = s + at + 1;
        f->key_len = fields[next].key_len;
        r->pos = at + fields[next].quoted_len;
        return (int)next;
    }
    const char *key;
    size_t n;
    int more = object_next_in(r, f, &key, &n);
    if (more <= 0)
        return more == 0 ? PL_JSON_FIELD_END : PL_JSON_FIELD_ERROR;
    /* Out of order, absent fields, whitespace or escapes. */
    size_t hint = f->index + 1, i;
    for (i = hint; fields[i].key; i++) {
        if (fields[i].key_len == n && memcmp(fields[i].key, key, n) == 0)
            goto found;
    }
    for (i = 0; i < hint; i++) {
        if (fields[i].key_len == n && memcmp(fields[i].key, key, n) == 0)
            goto found;
    }
    for (i = hint; fields[i].key; i++)
        continue;
    return (int)i; /* unknown: the count */
found:
    f->index = i;
    return (int)i;
}

int pl_json_object_next_field(pl_json_reader *r, const pl_json_field *fields)
{
    /* Compact JSON with the members in the order of the fields (what encoders write): the next
     * bytes are ,"key": (or "key": first) for the field after the last one found, whose index an
     * object's frame keeps in its (otherwise unused) index. The quoted text has no escapes and no
     * whitespace, so a byte-for-byte match is a checked key. Kept small (few registers, no
     * out-parameters); everything else is next_field_slow. */
    uint32_t depth = r->depth;
    if (PL_LIKELY(!r->failed && depth)) {
        pl_json_frame *f = &r->frames[depth - 1];
        size_t pos = r->pos;
        /* In an array, index counts elements, not fields: no table entry to look at. */
        if (PL_UNLIKELY(pos >= r->len || !f->is_object))
            return next_field_slow(r, fields);
        size_t hint = f->index + 1; /* SIZE_MAX + 1 wraps to 0 for the first member */
        const pl_json_field *fd = &fields[hint];
        const char *s = r->text;
        size_t at = pos + !f->first, n = fd->quoted_len;
        if (s[pos] == '}') {
            r->pos = pos + 1;
            r->depth = depth - 1;
            return PL_JSON_FIELD_END;
        }
        /* Keys of up to 13 bytes (longer ones are looked up; the terminating entry has
         * quoted_len 0), with 16 bytes of text to compare with. */
        if (PL_LIKELY(r->len - pos >= 17 && (f->first || s[pos] == ','))) {
            if (key_text_matches(s + at, fd)) {
                f->first = 0;
                f->index = hint;
                f->key = s + at + 1;
                f->key_len = fd->key_len;
                r->pos = at + n;
                return (int)hint;
            }
        }
    }
    return next_field_slow(r, fields);
}

void pl_json_object_key(const pl_json_reader *r, const char **key, size_t *key_len)
{
    const pl_json_frame *f = r->depth ? &r->frames[r->depth - 1] : NULL;
    *key = f && f->is_object ? f->key : NULL;
    *key_len = f && f->is_object ? f->key_len : 0;
}

int pl_json_array_next(pl_json_reader *r)
{
    pl_json_frame *f = top_frame(r, false);
    if (!f)
        return -1;
    const char *s = r->text;
    size_t len = r->len, pos = skip_ws_at(s, r->pos, len);
    if (pos < len && s[pos] == ']') {
        r->pos = pos + 1;
        r->depth--;
        return 0;
    }
    if (!f->first) {
        if (pos >= len || s[pos] != ',') {
            r->pos = pos;
            unexpected(r, "',' or ']' after an array element");
            return -1;
        }
        pos++;
    }
    r->pos = pos;
    f->first = 0;
    f->index++; /* SIZE_MAX + 1 wraps to 0 for the first element */
    return 1;
}

bool pl_json_read_null(pl_json_reader *r)
{
    pl_json_kind kind = next_kind(r);
    if (kind != PL_JSON_NULL) {
        if (kind != PL_JSON_INVALID)
            value_error(r, PL_ERROR_TYPE, r->value_pos, "expected null, found %s", kind_noun(kind));
        return false;
    }
    r->pos += 4;
    return true;
}

bool pl_json_read_if_null(pl_json_reader *r)
{
    size_t pos = r->pos;
    /* The usual answer, in compact JSON: anything but whitespace or 'n' is not null. */
    if (PL_LIKELY(pos < r->len && (unsigned char)r->text[pos] > ' ' && r->text[pos] != 'n'))
        return false;
    if (next_kind(r) != PL_JSON_NULL)
        return false;
    r->pos += 4;
    return true;
}

bool pl_json_read_bool(pl_json_reader *r, bool *out)
{
    pl_json_kind kind = next_kind(r);
    if (kind == PL_JSON_TRUE) {
        r->pos += 4;
        *out = true;
        return true;
    }
    if (kind == PL_JSON_FALSE) {
        r->pos += 5;
        *out = false;
        return true;
    }
    mismatch(r, kind, "a boolean");
    return false;
}

static PL_ALWAYS_INLINE bool read_string(pl_json_reader *r, bool copy, const char **out,
                                         size_t *len)
{
    size_t pos = r->pos;
    if (PL_UNLIKELY(r->failed || pos >= r->len || r->text[pos] != '"')) {
        pl_json_kind kind = next_kind(r);
        if (kind != PL_JSON_STRING) {
            mismatch(r, kind, "a string");
            return false;
        }
        pos = r->pos;
    }
    r->value_pos = pos;
    size_t start = pos + 1, resume = 0;
    bool escaped = false;
    size_t end = quick_string_end(r->text, pos, r->len, &resume);
    if (PL_LIKELY(end != SIZE_MAX)) {
        r->pos = end + 1;
    } else {
        if (!scan_string_rest(r, resume, &escaped))
            return false;
        end = r->pos - 1;
    }
    return string_result(r, start, end, escaped, copy, out, len);
}

bool pl_json_read_string(pl_json_reader *r, const char **out, size_t *len)
{
    return read_string(r, true, out, len);
}

bool pl_json_read_string_view(pl_json_reader *r, const char **out, size_t *len)
{
    return read_string(r, false, out, len);
}

/* Exact integer value of a checked number, if it has one within [-2^63, 2^63 - 1]. */
static bool number_to_int64(pl_json_reader *r, const pl_json_number *n, int64_t lo, int64_t hi,
                            int64_t *out, const char *type)
{
    const char *s = r->text;
    /* The digits are int part then fraction; value = digits * 10^exp10. */
    int64_t exp10 = n->exponent - (int64_t)(n->frac_end - n->frac_start);
    size_t first = n->int_start, last = n->frac_end; /* last is one past */
    if (n->frac_start == n->frac_end)
        last = n->int_end;
    /* Skip leading zeros (and the '.'). */
    while (first < last && (s[first] == '0' || s[first] == '.'))
        first++;
    /* Drop trailing zeros into the exponent. */
    while (last > first && (s[last - 1] == '0' || s[last - 1] == '.')) {
        if (s[last - 1] == '0')
            exp10++;
        last--;
    }
    if (first == last) {
        *out = 0;
        return true;
    }
    size_t digits = 0;
    for (size_t i = first; i < last; i++)
        digits += s[i] != '.';
    if (exp10 < 0) {
        value_error(r, PL_ERROR_RANGE, r->value_pos, "expected an integer (%s), found %.*s", type,
                    (int)(n->end - r->value_pos < 40 ? n->end - r->value_pos : 40),
                    s + r->value_pos);
        return false;
    }
    if ((int64_t)digits + exp10 > 19)
        goto out_of_range;
    uint64_t v = 0;
    for (size_t i = first; i < last; i++) {
        if (s[i] != '.')
            v = v * 10 + (uint64_t)(s[i] - '0');
    }
    for (int64_t i = 0; i < exp10; i++) {
        if (v > UINT64_MAX / 10)
            goto out_of_range;
        v *= 10;
    }
    if (n->negative) {
        if (v > (uint64_t)INT64_MAX + 1 || (v > 0 && -(int64_t)(v - 1) - 1 < lo))
            goto out_of_range;
        *out = v ? -(int64_t)(v - 1) - 1 : 0;
    } else {
        if (v > (uint64_t)hi)
            goto out_of_range;
        *out = (int64_t)v;
    }
    return true;
out_of_range:
    value_error(r, PL_ERROR_RANGE, r->value_pos, "%.*s is out of range for %s",
                (int)(n->end - r->value_pos < 40 ? n->end - r->value_pos : 40), s + r->value_pos,
                type);
    return false;
}

static PL_ALWAYS_INLINE bool read_integer(pl_json_reader *r, int64_t lo, int64_t hi, int64_t *out,
                                          const char *type)
{
    const char *s = r->text;
    size_t p = r->pos, len = r->len;
    /* The usual integer, in compact JSON and not near the end of the text: up to 18 digits read
     * without bounds checks (a byte that ends the number always comes within 21 bytes, else the
     * careful path below decides). */
    if (PL_LIKELY(!r->failed && len - p >= 21)) {
        bool negative = s[p] == '-';
        size_t q = p + negative, start = q;
        uint64_t v = (uint64_t)(unsigned char)s[q] - '0';
        if (v <= 9) {
            q++;
            if (v) {
                uint64_t d;
                while ((d = (uint64_t)(unsigned char)s[q] - '0') <= 9 && q - start < 18) {
                    v = v * 10 + d;
                    q++;
                }
            }
            unsigned char c = (unsigned char)s[q];
            if (c != '.' && c != 'e' && c != 'E' && (c < '0' || c > '9')) {
                int64_t value = negative ? -(int64_t)v : (int64_t)v;
                if (value >= lo && value <= hi) {
                    r->value_pos = p;
                    r->pos = q;
                    *out = value;
                    return true;
                }
            }
        }
    }
    if (PL_UNLIKELY(r->failed || p >= len || (s[p] != '-' && (s[p] < '0' || s[p] > '9')))) {
        pl_json_kind kind = next_kind(r);
        if (kind != PL_JSON_NUMBER) {
            mismatch(r, kind, "an integer");
            return false;
        }
        p = r->pos;
    }
    r->value_pos = p;
    /* Fast path: up to 18 plain digits. */
    bool negative = s[p] == '-';
    p += negative;
    if (p < len && s[p] >= '1' && s[p] <= '9') {
        size_t start = p;
        uint64_t v = 0;
        while (p < len && s[p] >= '0' && s[p] <= '9' && p - start < 18)
            v = v * 10 + (uint64_t)(s[p++] - '0');
        if (p >= len || (s[p] != '.' && s[p] != 'e' && s[p] != 'E' && (s[p] < '0' || s[p] > '9'))) {
            int64_t value = negative ? -(int64_t)v : (int64_t)v;
            if (value >= lo && value <= hi) {
                r->pos = p;
                *out = value;
                return true;
            }
        }
    }
    pl_json_number n;
    if (!pl_json_scan_number(r, &n))
        return false;
    return number_to_int64(r, &n, lo, hi, out, type);
}

bool pl_json_read_int32(pl_json_reader *r, int32_t *out)
{
    int64_t v;
    if (!read_integer(r, INT32_MIN, INT32_MAX, &v, "int32"))
        return false;
    *out = (int32_t)v;
    return true;
}

bool pl_json_read_int64(pl_json_reader *r, int64_t *out)
{
    return read_integer(r, INT64_MIN, INT64_MAX, out, "int64");
}

bool pl_json_read_float64(pl_json_reader *r, double *out)
{
    size_t p = r->pos;
    if (PL_LIKELY(!r->failed && p < r->len &&
                  (r->text[p] == '-' || (r->text[p] >= '0' && r->text[p] <= '9')))) {
        r->value_pos = p;
    } else {
        pl_json_kind kind = next_kind(r);
        if (kind != PL_JSON_NUMBER) {
            mismatch(r, kind, "a number");
            return false;
        }
    }
    pl_json_number n;
    if (!pl_json_scan_number(r, &n))
        return false;
    if (!pl_json_number_to_double(r->text, &n, out)) {
        value_error(r, PL_ERROR_RANGE, r->value_pos, "%.*s is too large for float64",
                    (int)(n.end - r->value_pos < 40 ? n.end - r->value_pos : 40),
                    r->text + r->value_pos);
        return false;
    }
    return true;
}

bool pl_json_skip(pl_json_reader *r)
{
    if (r->failed)
        return false;
    skip_ws(r);
    r->value_pos = r->pos;
    return scan_value(r);
}

static bool read_raw(pl_json_reader *r, bool copy, const char **out, size_t *len)
{
    if (!pl_json_skip(r))
        return false;
    size_t start = r->value_pos, raw = r->pos - start;
    if (!copy) {
        *out = r->text + start;
        *len = raw;
        return true;
    }
    char *buf = r->arena ? pl_arena_strdup(r->arena, r->text + start, raw) : NULL;
    if (!buf) {
        value_error(r, PL_ERROR_MEMORY, start,
                    r->arena ? "out of memory" : "no arena to copy into");
        return false;
    }
    *out = buf;
    *len = raw;
    return true;
}

bool pl_json_read_raw(pl_json_reader *r, const char **out, size_t *len)
{
    return read_raw(r, true, out, len);
}

bool pl_json_read_raw_view(pl_json_reader *r, const char **out, size_t *len)
{
    return read_raw(r, false, out, len);
}

bool pl_json_validate(const char *text, size_t len, pl_error *err)
{
    return validate_text(text, len, PL_JSON_DEFAULT_MAX_DEPTH, err);
}

static bool validate_text(const char *text, size_t len, uint32_t max_depth, pl_error *err)
{
    pl_json_reader r;
    pl_json_reader_init(&r, text, len, NULL, err);
    r.max_depth = max_depth;
    if (!text && len) {
        syntax_error(&r, 0, "no text");
        return false;
    }
    skip_ws(&r);
    return scan_value(&r) && pl_json_reader_finish(&r);
}

/* ---- support for generated decoders ---- */

pl_json_mark pl_json_mark_here(const pl_json_reader *r)
{
    pl_json_mark mark = {r->pos, r->depth};
    return mark;
}

void pl_json_rewind(pl_json_reader *r, pl_json_mark mark)
{
    if (r->failed || mark.depth > r->depth)
        return;
    r->pos = mark.pos;
    r->depth = mark.depth;
}

/* Does the checked key string [start, end) (escaped or not) equal key? */
static bool key_equals(pl_json_reader *r, size_t start, size_t end, bool escaped, const char *key,
                       size_t key_len)
{
    if (!escaped)
        return end - start == key_len && memcmp(r->text + start, key, key_len) == 0;
    /* An escaped key unescapes to at most its raw length. */
    if (end - start < key_len)
        return false;
    char small[256];
    char *buf = end - start < sizeof small ? small : malloc(end - start + 1);
    if (!buf)
        return false;
    size_t n = unescape((const unsigned char *)r->text + start, end - start, buf);
    bool same = n == key_len && memcmp(buf, key, key_len) == 0;
    if (buf != small)
        free(buf);
    return same;
}

int pl_json_object_begin_tag(pl_json_reader *r, const char *key, size_t key_len, const char **tag,
                             size_t *tag_len)
{
    if (!pl_json_object_begin(r))
        return -1;
    skip_ws(r);
    const char *s = r->text;
    size_t open_end = r->pos;
    if (r->pos >= r->len || s[r->pos] != '"')
        return 0;
    size_t start = r->pos + 1;
    bool escaped;
    if (!scan_string(r, &escaped))
        return -1;
    size_t end = r->pos - 1;
    if (escaped || end - start != key_len || memcmp(s + start, key, key_len) != 0) {
        r->pos = open_end;
        return 0;
    }
    skip_ws(r);
    if (r->pos >= r->len || s[r->pos] != ':') {
        unexpected(r, "':' after a key");
        return -1;
    }
    r->pos++;
    skip_ws(r);
    if (r->pos >= r->len || s[r->pos] != '"') {
        /* Not a string: the full look-ahead reports it, with repeated keys taken into account. */
        r->pos = open_end;
        return 0;
    }
    pl_json_frame *f = &r->frames[r->depth - 1];
    f->first = 0;
    f->key = s + start;
    f->key_len = key_len;
    r->value_pos = r->pos;
    size_t value_start = r->pos + 1;
    if (!scan_string(r, &escaped))
        return -1;
    if (!string_result(r, value_start, r->pos - 1, escaped, false, tag, tag_len))
        return -1;
    return 1;
}

int pl_json_peek_tag(pl_json_reader *r, const char *key, size_t key_len, const char **tag,
                     size_t *tag_len)
{
    pl_json_kind kind = next_kind(r);
    if (kind != PL_JSON_OBJECT) {
        mismatch(r, kind, "an object");
        return -1;
    }
    const char *s = r->text;
    size_t object_at = r->pos;
    size_t found_at = SIZE_MAX; /* value of the last `key` member */
    bool found_string = false, found_escaped = false;
    size_t found_end = 0;
    /* Walk the members one level down without a frame; scan_value's depth room counts from the
     * reader's depth, so count this level in it while walking. */
    r->depth++;
    r->pos++;
    skip_ws(r);
    bool ok = true;
    if (r->pos < r->len && s[r->pos] == '}') {
        r->pos++;
    } else {
        for (;;) {
            skip_ws(r);
            if (r->pos >= r->len || s[r->pos] != '"') {
                unexpected(r, "a key string or '}'");
                ok = false;
                break;
            }
            size_t start = r->pos + 1;
            bool escaped;
            if (!scan_string(r, &escaped)) {
                ok = false;
                break;
            }
            bool match = key_equals(r, start, r->pos - 1, escaped, key, key_len);
            skip_ws(r);
            if (r->pos >= r->len || s[r->pos] != ':') {
                unexpected(r, "':' after a key");
                ok = false;
                break;
            }
            r->pos++;
            skip_ws(r);
            size_t value_at = r->pos;
            if (match && r->pos < r->len && s[r->pos] == '"') {
                if (!scan_string(r, &escaped)) {
                    ok = false;
                    break;
                }
                found_at = value_at;
                found_string = true;
                found_escaped = escaped;
                found_end = r->pos - 1;
            } else {
                if (!scan_value(r)) {
                    ok = false;
                    break;
                }
                if (match) {
                    found_at = value_at;
                    found_string = false;
                }
            }
            skip_ws(r);
            if (r->pos < r->len && s[r->pos] == ',') {
                r->pos++;
                continue;
            }
            if (r->pos < r->len && s[r->pos] == '}') {
                r->pos++;
                break;
            }
            unexpected(r, "',' or '}' after an object member");
            ok = false;
            break;
        }
    }
    r->depth--;
    if (!ok)
        return -1;
    r->pos = object_at;
    r->value_pos = object_at;
    if (found_at == SIZE_MAX)
        return 0;
    if (!found_string) {
        /* Report at path/key, as if the reader stood on that member. */
        pl_json_kind found = PL_JSON_INVALID;
        switch (s[found_at]) {
        case 'n':
            found = PL_JSON_NULL;
            break;
        case 't':
            found = PL_JSON_TRUE;
            break;
        case 'f':
            found = PL_JSON_FALSE;
            break;
        case '{':
            found = PL_JSON_OBJECT;
            break;
        case '[':
            found = PL_JSON_ARRAY;
            break;
        default:
            found = PL_JSON_NUMBER;
            break;
        }
        if (found == PL_JSON_NULL)
            pl_json_fail_key_at(r, key, key_len, found_at, PL_ERROR_NULL,
                                "expected a string (the discriminator), found null");
        else
            pl_json_fail_key_at(r, key, key_len, found_at, PL_ERROR_TYPE,
                                "expected a string (the discriminator), found %s",
                                kind_noun(found));
        return -1;
    }
    if (!string_result(r, found_at + 1, found_end, found_escaped, false, tag, tag_len))
        return -1;
    return 1;
}

bool pl_json_fail_key_at(pl_json_reader *r, const char *key, size_t key_len, size_t offset,
                         pl_error_kind kind, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    value_errorv(r, kind, offset, key, key_len, fmt, args);
    va_end(args);
    return false;
}

bool pl_json_read_json(pl_json_reader *r, const char **out, size_t *len)
{
    const char *raw;
    size_t raw_len;
    if (!read_raw(r, false, &raw, &raw_len))
        return false;
    char *buf = r->arena ? pl_arena_alloc_bytes(r->arena, raw_len + 1) : NULL;
    if (!buf) {
        value_error(r, PL_ERROR_MEMORY, r->value_pos,
                    r->arena ? "out of memory" : "no arena to copy into");
        return false;
    }
    /* The value is checked JSON: whitespace outside strings is insignificant, and a string ends
     * at the first '"' that no backslash escapes. */
    size_t o = 0, p = 0;
    while (p < raw_len) {
        char c = raw[p];
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
            p++;
        } else if (c != '"') {
            buf[o++] = c;
            p++;
        } else {
            size_t start = p++;
            while (raw[p] != '"')
                p += raw[p] == '\\' ? 2 : 1;
            p++;
            memcpy(buf + o, raw + start, p - start);
            o += p - start;
        }
    }
    buf[o] = '\0';
    *out = buf;
    *len = o;
    return true;
}

bool pl_json_skip_member(pl_json_reader *r, const char *key, size_t key_len, const char *tag_key,
                         size_t tag_key_len, const char *tag, size_t tag_len, bool *retag)
{
    if (!tag_key || key_len != tag_key_len || memcmp(key, tag_key, key_len) != 0)
        return pl_json_skip(r);
    const char *again;
    size_t again_len;
    if (!pl_json_read_string_view(r, &again, &again_len))
        return false;
    if (tag && (again_len != tag_len || memcmp(again, tag, tag_len) != 0)) {
        *retag = true;
        return false;
    }
    return true;
}

bool pl_json_fail_missing(pl_json_reader *r, const pl_string *keys, size_t count,
                          const uint64_t *seen)
{
    for (size_t i = 0; i < count; i++) {
        if (!(seen[i / 64] & ((uint64_t)1 << (i % 64))))
            return pl_json_fail_key(r, keys[i].data, keys[i].len, PL_ERROR_MISSING,
                                    "missing required key \"%.*s\"",
                                    (int)(keys[i].len < 64 ? keys[i].len : 64), keys[i].data);
    }
    return false;
}
