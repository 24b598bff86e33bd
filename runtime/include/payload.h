/* libpayload: the runtime that payloadc's generated C code and API servers use. */
#ifndef PAYLOAD_H
#define PAYLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(PL_BUILDING_LIBRARY) && defined(__GNUC__)
#define PL_API __attribute__((visibility("default")))
#else
#define PL_API
#endif

/* Helpers for generated code that only pay off inlined (their arguments are constants there). */
#if defined(__GNUC__) || defined(__clang__)
#define PL_INLINE static inline __attribute__((always_inline))
#else
#define PL_INLINE static inline
#endif

/* ---- arena: all decoded memory comes from an arena and is freed with it ---- */

typedef struct pl_arena pl_arena;

PL_API pl_arena *pl_arena_new(void);
PL_API void pl_arena_free(pl_arena *arena);
/* Zeroed memory aligned for any type; NULL only when the system is out of memory. */
PL_API void *pl_arena_alloc(pl_arena *arena, size_t size);
/* Copies len bytes and appends a NUL. */
PL_API char *pl_arena_strdup(pl_arena *arena, const char *text, size_t len);
/* Makes room for size bytes in one block, so that allocations adding up to that size take no
 * new block: a caller that knows how much it will allocate gets one large block (from 2 MiB on
 * transparent huge pages where the system has them) instead of a run of doubling small ones.
 * Returns false when the system is out of memory (the arena is unchanged). */
PL_API bool pl_arena_reserve(pl_arena *arena, size_t size);
/* Frees everything allocated from the arena but keeps its largest block for what comes next,
 * and the largest block a list had of its own (the next large list starts in it), so that an
 * arena reused for one request after another (a server's worker) stops asking the system for
 * memory once it has seen its largest request. Everything decoded into it is gone. */
PL_API void pl_arena_reset(pl_arena *arena);
/* Total bytes requested from the system so far (for peak-memory reports). */
PL_API size_t pl_arena_bytes_reserved(const pl_arena *arena);

/* ---- growable output buffer ---- */

typedef struct pl_buf {
    char *data;
    size_t len, cap;
} pl_buf;

PL_API void pl_buf_init(pl_buf *buf);
PL_API void pl_buf_free(pl_buf *buf);
/* Each returns false only when memory runs out; the buffer is then unchanged. */
PL_API bool pl_buf_reserve(pl_buf *buf, size_t extra);
PL_API bool pl_buf_append(pl_buf *buf, const char *bytes, size_t len);
PL_API bool pl_buf_append_char(pl_buf *buf, char c);
/* Keeps the first len bytes (len <= buf->len), for undoing a partial write. */
PL_API void pl_buf_truncate(pl_buf *buf, size_t len);

/* ---- errors ---- */

typedef enum pl_error_kind {
    PL_ERROR_NONE = 0,
    PL_ERROR_SYNTAX,     /* not JSON at all */
    PL_ERROR_TYPE,       /* wrong JSON kind for the field */
    PL_ERROR_MISSING,    /* required key absent */
    PL_ERROR_NULL,       /* null where the schema does not allow it */
    PL_ERROR_RANGE,      /* integer out of range, or not an integer */
    PL_ERROR_FORMAT,     /* date, datetime, uuid, bytes, decimal text */
    PL_ERROR_ENUM,       /* unknown member of a closed enum */
    PL_ERROR_TAG,        /* unknown or missing union tag */
    PL_ERROR_CONSTRAINT, /* @min, @max, lengths, items, @pattern */
    PL_ERROR_DEPTH,      /* nesting deeper than the limit */
    PL_ERROR_ENCODE,     /* a value that cannot be written (NaN, Infinity) */
    PL_ERROR_MEMORY,     /* out of memory */
    PL_ERROR_REGEX       /* a pattern that is not an I-Regexp */
} pl_error_kind;

#define PL_ERROR_MESSAGE_MAX 256
#define PL_ERROR_PATH_MAX 512

typedef struct pl_error {
    pl_error_kind kind;
    char message[PL_ERROR_MESSAGE_MAX];
    char path[PL_ERROR_PATH_MAX]; /* JSON Pointer (RFC 6901); "" is the root */
    size_t offset;                /* byte offset in the input where it went wrong */
    uint32_t line, column;        /* 1-based, from offset */
} pl_error;

PL_API void pl_error_clear(pl_error *err);
PL_API const char *pl_error_kind_name(pl_error_kind kind);

/* Path helpers for errors found after decoding (validate): each level that sees a failure from
 * below puts its own step in front, so a path costs nothing until something fails.
 * pl_error_prefix_key escapes '~' and '/' as RFC 6901 says. A path that would not fit in
 * PL_ERROR_PATH_MAX keeps its innermost steps (the ones nearest the bad value) and gets a
 * leading "..." */
PL_API void pl_error_prefix_key(pl_error *err, const char *key, size_t len);
PL_API void pl_error_prefix_index(pl_error *err, size_t index);
/* Sets kind and message (printf-style) with an empty path and offset 0. */
PL_API void pl_error_format(pl_error *err, pl_error_kind kind, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* ---- UTF-8 ---- */

/* True when text is valid UTF-8 (RFC 3629: no overlongs, no surrogates, nothing past U+10FFFF). */
PL_API bool pl_utf8_valid(const char *text, size_t len);
/* Number of code points in valid UTF-8 text (what @min_length and @max_length count). */
PL_API size_t pl_utf8_length(const char *text, size_t len);

/* ---- JSON reader (RFC 8259, strict) ----
 *
 * A pull reader for decoders that go straight into structs. It never reads past len (the text
 * need not be NUL-terminated), validates UTF-8, rejects lone surrogate escapes, and limits
 * nesting without recursion. It keeps a JSON Pointer of where it is as cheap (pointer, length)
 * and index steps, and writes err->path only when something fails, so every error, including
 * those a decoder raises with pl_json_fail, comes with a path like "/items/3/qty".
 *
 *   pl_json_reader r;
 *   pl_json_reader_init(&r, text, len, arena, err);
 *   if (!pl_json_object_begin(&r)) return false;
 *   const char *key; size_t key_len; int more;
 *   while ((more = pl_json_object_next(&r, &key, &key_len)) > 0) {
 *       if (key_len == 3 && memcmp(key, "qty", 3) == 0) {
 *           if (!pl_json_read_int32(&r, &qty)) return false;
 *       } else if (!pl_json_skip(&r)) {
 *           return false;
 *       }
 *   }
 *   if (more < 0 || !pl_json_reader_finish(&r)) return false;
 *
 * Every function returns false (or a negative or PL_JSON_INVALID result) after filling err; the
 * reader is then stuck in that error, so later calls fail too without overwriting it. Errors
 * about the text itself (PL_ERROR_SYNTAX, PL_ERROR_DEPTH) have the root path. Any other error
 * is replaced by the text's syntax error when the text is not JSON further on, so that the
 * answer does not depend on how far a decoder got (other languages parse first). After
 * pl_json_object_next or pl_json_array_next returns 1 the caller reads exactly one value.
 * Memory comes from the arena only for strings the caller asks to be copied, keys and view
 * strings with escapes, and path frames past PL_JSON_INLINE_FRAMES levels of pull nesting; the
 * arena may be NULL when none of those happen (pl_json_skip needs none at any depth). */

typedef enum pl_json_kind {
    PL_JSON_INVALID = 0, /* not the start of a value (an error has been reported) */
    PL_JSON_NULL,
    PL_JSON_FALSE,
    PL_JSON_TRUE,
    PL_JSON_NUMBER,
    PL_JSON_STRING,
    PL_JSON_ARRAY,
    PL_JSON_OBJECT
} pl_json_kind;

#define PL_JSON_DEFAULT_MAX_DEPTH 512
#define PL_JSON_INLINE_FRAMES 16

/* One open array or object, for the error path. Private. */
typedef struct pl_json_frame {
    const char *key; /* object: the current key, as read (escapes undone) */
    size_t key_len;
    size_t index; /* array: index of the current element; SIZE_MAX before the first; object read
                     with pl_json_object_next_field: the last field found */
    uint8_t is_object;
    uint8_t first; /* nothing read yet */
} pl_json_frame;

/* Caller-owned and cheap to set up (no allocation until nesting passes
 * PL_JSON_INLINE_FRAMES). The fields are private except max_depth, which may be set after
 * pl_json_reader_init and before the first read. */
typedef struct pl_json_reader {
    const char *text;
    size_t len, pos;
    size_t value_pos; /* where the value last read (or about to be read) began */
    pl_arena *arena;
    pl_error *err;
    uint32_t depth;
    uint32_t max_depth; /* open arrays and objects allowed at once; default 512 */
    bool failed;
    uint32_t frames_cap;
    pl_json_frame *frames;
    pl_json_frame inline_frames[PL_JSON_INLINE_FRAMES];
} pl_json_reader;

PL_API void pl_json_reader_init(pl_json_reader *r, const char *text, size_t len, pl_arena *arena,
                                pl_error *err);
/* After the top-level value: succeeds when only whitespace is left. */
PL_API bool pl_json_reader_finish(pl_json_reader *r);
/* True once any call has failed. */
PL_API bool pl_json_reader_failed(const pl_json_reader *r);

/* Kind of the next value, after skipping whitespace; consumes nothing. PL_JSON_INVALID when
 * nothing can start there (a syntax error is then reported). */
PL_API pl_json_kind pl_json_peek(pl_json_reader *r);

/* '{' ... '}'. pl_json_object_next returns 1 with the next key (a view into the text, or an
 * arena copy when the key has escapes; not NUL-terminated in the first case), 0 after the
 * closing '}', -1 on error. */
PL_API bool pl_json_object_begin(pl_json_reader *r);
PL_API int pl_json_object_next(pl_json_reader *r, const char **key, size_t *key_len);
/* '[' ... ']'. pl_json_array_next returns 1 when an element follows, 0 after ']', -1 on
 * error. */
PL_API bool pl_json_array_begin(pl_json_reader *r);
PL_API int pl_json_array_next(pl_json_reader *r);

PL_API bool pl_json_read_null(pl_json_reader *r);
/* For a nullable value: consumes a null and returns true, or consumes nothing and returns
 * false (also on error; check pl_json_reader_failed). */
PL_API bool pl_json_read_if_null(pl_json_reader *r);
PL_API bool pl_json_read_bool(pl_json_reader *r, bool *out);
/* A string, unescaped, copied into the arena and NUL-terminated (it may contain U+0000, so use
 * *len). */
PL_API bool pl_json_read_string(pl_json_reader *r, const char **out, size_t *len);
/* The same, but a view into the text when the string has no escapes (not NUL-terminated); an
 * arena copy otherwise. Valid while both the text and the arena live. */
PL_API bool pl_json_read_string_view(pl_json_reader *r, const char **out, size_t *len);
/* Integers: the number must be an exact integer in range. 1.0, 1e2 and -0 are integers; 1.5 and
 * 1e-1 are not (PL_ERROR_RANGE, as is a value outside the type). */
PL_API bool pl_json_read_int32(pl_json_reader *r, int32_t *out);
PL_API bool pl_json_read_int64(pl_json_reader *r, int64_t *out);
/* The nearest double (correctly rounded, independent of the C locale). A number too large for
 * a double is PL_ERROR_RANGE rather than infinity; one too small becomes 0 or a subnormal. */
PL_API bool pl_json_read_float64(pl_json_reader *r, double *out);
/* Checks and skips one whole value of any kind (for unknown keys). */
PL_API bool pl_json_skip(pl_json_reader *r);
/* Checks one whole value and returns its exact text, from its first byte to its last (no
 * surrounding whitespace). pl_json_read_raw copies it into the arena with a NUL;
 * pl_json_read_raw_view points into the text. */
PL_API bool pl_json_read_raw(pl_json_reader *r, const char **out, size_t *len);
PL_API bool pl_json_read_raw_view(pl_json_reader *r, const char **out, size_t *len);

/* Errors a decoder finds itself. pl_json_fail reports at the current path and the offset of
 * the next value (or of the last one read when called right after reading it, see
 * pl_json_value_offset). pl_json_fail_key reports at the current object's path plus key: a
 * missing required key is reported at the key's own path, at the offset of the object's '}'.
 * Both return false. */
PL_API bool pl_json_fail(pl_json_reader *r, pl_error_kind kind, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
PL_API bool pl_json_fail_key(pl_json_reader *r, const char *key, size_t key_len, pl_error_kind kind,
                             const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
/* Byte offset where the last value read began (for errors about a value already read). */
PL_API size_t pl_json_value_offset(const pl_json_reader *r);

/* Strict RFC 8259: the whole text is one value with optional whitespace around it; UTF-8 is
 * validated, lone surrogate escapes are rejected, nesting is limited to 512. A byte order mark
 * is rejected. Errors are PL_ERROR_SYNTAX (or PL_ERROR_DEPTH) at the root path. */
PL_API bool pl_json_validate(const char *text, size_t len, pl_error *err);

/* ---- JSON writer: canonical JSON onto a pl_buf ----
 *
 * Canonical as codegen.md and RFC 8785 say: strings escape only '"', '\' and U+0000..U+001F
 * (\b \t \n \f \r where they exist, else \u00XX with lowercase hex; DEL and everything else is
 * written as UTF-8); numbers in ECMAScript Number::toString form. Structure ('{', ',', ':')
 * is appended by the caller with pl_buf_append. Each function returns false after filling err
 * (PL_ERROR_ENCODE or PL_ERROR_MEMORY, path "": the caller puts its steps in front). */

#define PL_JSON_FLOAT64_MAX 32 /* room for any pl_json_format_float64 output and its NUL */

PL_API bool pl_json_write_null(pl_buf *out, pl_error *err);
PL_API bool pl_json_write_bool(pl_buf *out, bool value, pl_error *err);
PL_API bool pl_json_write_int32(pl_buf *out, int32_t value, pl_error *err);
PL_API bool pl_json_write_int64(pl_buf *out, int64_t value, pl_error *err);
/* Shortest digits that read back as the same double, in RFC 8785 section 3.2.2.3 form: -0 is
 * 0, 1e-7, 1e+21, 100, 1.5, 123456789012345680000. NaN and +-Infinity are PL_ERROR_ENCODE. */
PL_API bool pl_json_write_float64(pl_buf *out, double value, pl_error *err);
/* The same into out (PL_JSON_FLOAT64_MAX bytes); returns the length, 0 for NaN or Infinity. */
PL_API size_t pl_json_format_float64(double value, char *out);
/* A string with its quotes; text must be valid UTF-8 (PL_ERROR_ENCODE otherwise). */
PL_API bool pl_json_write_string(pl_buf *out, const char *text, size_t len, pl_error *err);
/* JSON text exactly as given (for values kept as they came: open unions). Not checked. */
PL_API bool pl_json_write_raw(pl_buf *out, const char *text, size_t len, pl_error *err);
/* JSON text checked and without insignificant whitespace (for canonical `json` fields);
 * invalid text is PL_ERROR_ENCODE. Strings and numbers are kept byte for byte. */
PL_API bool pl_json_write_raw_compact(pl_buf *out, const char *json, size_t len, pl_error *err);

/* ---- formats (language.md section 4) ---- */

/* date: RFC 3339 full-date "YYYY-MM-DD", a real day of the proleptic Gregorian calendar. */
typedef struct pl_date {
    int32_t year; /* 0..9999 */
    uint8_t month, day;
} pl_date;

#define PL_DATE_MAX 11 /* "YYYY-MM-DD" and a NUL */

PL_API bool pl_date_parse(const char *text, size_t len, pl_date *out);
/* Writes the canonical form with a NUL; returns its length (10). */
PL_API size_t pl_date_format(const pl_date *date, char *out);

/* datetime: RFC 3339 date-time with a required offset ("Z"/"z" or +hh:mm/-hh:mm), "T" or "t",
 * 0..9 fraction digits, second 60 only where it is 23:59:60 in UTC (a leap second). "-00:00"
 * reads as offset 0. The canonical form writes "Z" for offset 0 and the fraction without
 * trailing zeros (none at all when it is zero): 2024-05-01T10:00:00.5+02:00. */
typedef struct pl_datetime {
    int32_t year; /* 0..9999 */
    uint8_t month, day, hour, minute, second;
    uint8_t fraction_digits; /* as written, 0..9 */
    uint32_t nanosecond;     /* 0..999999999 */
    int16_t offset_minutes;  /* -1439..1439; local time minus UTC */
} pl_datetime;

#define PL_DATETIME_MAX 36 /* "YYYY-MM-DDTHH:MM:SS.fffffffff+hh:mm" and a NUL */

PL_API bool pl_datetime_parse(const char *text, size_t len, pl_datetime *out);
PL_API size_t pl_datetime_format(const pl_datetime *datetime, char *out);
/* Seconds since 1970-01-01T00:00:00Z (a leap second 60 counts as the next second's 0); with
 * nanosecond, what time_t and struct timespec need. */
PL_API int64_t pl_datetime_unix_seconds(const pl_datetime *datetime);

/* uuid: 8-4-4-4-12 hex digits, either case; written in lowercase. */
typedef struct pl_uuid {
    uint8_t bytes[16];
} pl_uuid;

#define PL_UUID_MAX 37

PL_API bool pl_uuid_parse(const char *text, size_t len, pl_uuid *out);
PL_API size_t pl_uuid_format(const pl_uuid *uuid, char *out);

/* bytes: base64 with the RFC 4648 standard alphabet, padded; no whitespace, and unused bits
 * of the last character must be zero (so that decoding then encoding gives the same text).
 * Unpadded or URL-safe input is rejected. Decoding allocates from the arena (len may be 0). */
PL_API bool pl_base64_decode(const char *text, size_t len, pl_arena *arena, uint8_t **out,
                             size_t *out_len);
PL_API bool pl_base64_encode(pl_buf *out, const uint8_t *data, size_t len);

/* decimal: -?(0|[1-9][0-9]*)(\.[0-9]+)? exactly; kept as text. */
PL_API bool pl_decimal_valid(const char *text, size_t len);

/* Reading and writing the formats as JSON strings; a malformed value is PL_ERROR_FORMAT at the
 * value's path. pl_json_read_decimal copies the text into the arena with a NUL. */
PL_API bool pl_json_read_date(pl_json_reader *r, pl_date *out);
PL_API bool pl_json_read_datetime(pl_json_reader *r, pl_datetime *out);
PL_API bool pl_json_read_uuid(pl_json_reader *r, pl_uuid *out);
PL_API bool pl_json_read_bytes(pl_json_reader *r, uint8_t **out, size_t *len);
PL_API bool pl_json_read_decimal(pl_json_reader *r, const char **out, size_t *len);
PL_API bool pl_json_write_date(pl_buf *out, const pl_date *value, pl_error *err);
PL_API bool pl_json_write_datetime(pl_buf *out, const pl_datetime *value, pl_error *err);
PL_API bool pl_json_write_uuid(pl_buf *out, const pl_uuid *value, pl_error *err);
PL_API bool pl_json_write_bytes(pl_buf *out, const uint8_t *data, size_t len, pl_error *err);
/* The text must be a valid decimal (PL_ERROR_ENCODE otherwise); written as a JSON string. */
PL_API bool pl_json_write_decimal(pl_buf *out, const char *text, size_t len, pl_error *err);

/* ---- I-Regexp (RFC 9485) ---- */

typedef struct pl_regex pl_regex;

/* Compiles an I-Regexp, allocating from arena (the result lives as long as the arena). Returns
 * NULL when the pattern is not an I-Regexp, with err->kind PL_ERROR_REGEX, err->offset the byte
 * offset in the pattern of the offending character, line and column in the pattern, and a message
 * that says what to write instead (or PL_ERROR_MEMORY). Stricter than RFC 9485 in one way:
 * unescaped '^' and '$' outside a class are refused, because every other regex dialect reads
 * them as anchors; write \^ or [$] for the characters. Patterns are limited to 10000 NFA states
 * after expanding counted repetition, and to groups nested 200 deep. */
PL_API pl_regex *pl_regex_compile(const char *pattern, size_t len, pl_arena *arena, pl_error *err);
/* True when the whole of text (UTF-8) matches, code point by code point. Time is linear in len
 * (times the pattern's size), never exponential. Invalid UTF-8 never matches. Thread-safe: the
 * compiled pattern is read-only. Returns false if a large pattern cannot get scratch memory. */
PL_API bool pl_regex_match(const pl_regex *re, const char *text, size_t len);

/* ---- support for generated code (payloadc gen --lang c, docs/c.md) ----
 *
 * The value types and helpers that generated decoders, encoders and validators use. Everything
 * here is also fine to use by hand. */

/* Text (string, decimal, json): UTF-8, len bytes. Decoded text is an arena copy followed by a NUL,
 * but it may hold U+0000 itself, so use len. */
typedef struct pl_string {
    const char *data;
    size_t len;
} pl_string;

/* The decoded bytes of a base64 string. */
typedef struct pl_bytes {
    const uint8_t *data;
    size_t len;
} pl_bytes;

/* @deprecated("why") in generated code: a warning where the type, field or member is used. */
#if defined(__GNUC__) || defined(__clang__)
#define PL_DEPRECATED(msg) __attribute__((deprecated(msg)))
#else
#define PL_DEPRECATED(msg)
#endif

/* A place in the text to come back to: taken before a value, pl_json_rewind returns there and
 * forgets everything read since (paths included). Only while no error has been reported. Union
 * decoders use it when the discriminator is not the first key. */
typedef struct pl_json_mark {
    size_t pos;
    uint32_t depth;
} pl_json_mark;

PL_API pl_json_mark pl_json_mark_here(const pl_json_reader *r);
PL_API void pl_json_rewind(pl_json_reader *r, pl_json_mark mark);

/* Internally tagged unions. pl_json_object_begin_tag opens the next value as an object (like
 * pl_json_object_begin) and, when its first key is `key` with a string value, reads that value
 * into *tag and returns 1, positioned after it; otherwise it returns 0 having read nothing past
 * the '{' (the first key is read again by pl_json_object_next). -1 on error.
 * pl_json_peek_tag looks ahead through the whole next value without consuming it: it must be an
 * object (else a type or null error); returns 1 with the string value of the last `key` member
 * (repeated keys: the last wins, as in JSON.parse), 0 when there is none, -1 on error (a `key`
 * whose value is not a string is a type error at that key's path). *tag is a view into the text,
 * or an arena copy when it has escapes. */
PL_API int pl_json_object_begin_tag(pl_json_reader *r, const char *key, size_t key_len,
                                    const char **tag, size_t *tag_len);
PL_API int pl_json_peek_tag(pl_json_reader *r, const char *key, size_t key_len, const char **tag,
                            size_t *tag_len);
/* pl_json_fail_key with the byte offset of the value the error is about. */
PL_API bool pl_json_fail_key_at(pl_json_reader *r, const char *key, size_t key_len, size_t offset,
                                pl_error_kind kind, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* Helpers that keep generated decoders short. pl_json_skip_member handles a key a struct does
 * not know: the value is skipped, unless the key is tag_key (the discriminator of the union the
 * struct is read as a variant of), whose string value must then equal tag when tag is not NULL
 * (otherwise *retag is set and false returned, with no error: the union reads the object again,
 * since with repeated keys the last one wins). pl_json_fail_missing reports the first key of
 * keys whose bit is clear in seen (bit i for keys[i]) as PL_ERROR_MISSING at its own path; call
 * it after the object's closing brace. Both return false after reporting an error. */
PL_API bool pl_json_skip_member(pl_json_reader *r, const char *key, size_t key_len,
                                const char *tag_key, size_t tag_key_len, const char *tag,
                                size_t tag_len, bool *retag);
PL_API bool pl_json_fail_missing(pl_json_reader *r, const pl_string *keys, size_t count,
                                 const uint64_t *seen);

/* A struct's members by field: pl_json_object_next_field is pl_json_object_next for a struct
 * whose fields are fields[0..count), followed by an entry of NULLs and zeros. It returns the
 * index of the field the key names, count for a key the struct does not know
 * (pl_json_object_key then gives it), PL_JSON_FIELD_END after the closing '}' or
 * PL_JSON_FIELD_ERROR. The field after the last one found is expected next (encoders write the
 * fields in order): when the text there is exactly its quoted key and ':' it is taken without
 * scanning the key or looking it up. quoted is the key as JSON text with its quotes and colon
 * ("\"id\":", quoted_len bytes) in 16 bytes padded with NULs; quoted is NULL and quoted_len 0
 * for a key of more than 13 bytes or one that would need escapes in JSON (it is then looked
 * up). The answer is the same as looking every key up, with the same errors at the same offsets
 * and paths. Use one table for all the members of an object (its frame keeps the index of the
 * last field found). */
typedef struct pl_json_field {
    const char *key;
    const char *quoted;
    uint32_t key_len, quoted_len;
} pl_json_field;

#define PL_JSON_FIELD_END (-1)
#define PL_JSON_FIELD_ERROR (-2)

PL_API int pl_json_object_next_field(pl_json_reader *r, const pl_json_field *fields);
/* The key of the member being read in the innermost object (a view into the text, or an arena
 * copy when it has escapes), NULL outside an object. */
PL_API void pl_json_object_key(const pl_json_reader *r, const char **key, size_t *key_len);

/* The member loop's fast path, inline so that generated code compares with constants. After a
 * member's value was read (successfully) in the innermost object: pl_json_object_next_is takes
 * the next member when the text there is exactly member_text, the member's key as JSON text
 * after a ',' and before its value (",\"ends_at\":", len bytes, 4 <= len), and records it as field
 * index of the object's table, as pl_json_object_next_field would have found it; it returns
 * false having consumed nothing otherwise. pl_json_object_end_is takes a '}' right there. Either
 * answer is the table's: anything else (whitespace, escapes, other keys) is left to
 * pl_json_object_next_field. With len a constant, the comparison is two to four word compares
 * (for keys of up to 28 bytes; longer ones call memcmp). */
PL_INLINE bool pl_bytes_equal_small(const char *a, const char *b, size_t n)
{
    uint64_t x[4], y[4];
    if (n >= 4 && n < 8) {
        uint32_t u[2], v[2];
        memcpy(&u[0], a, 4), memcpy(&v[0], b, 4);
        memcpy(&u[1], a + n - 4, 4), memcpy(&v[1], b + n - 4, 4);
        return ((u[0] ^ v[0]) | (u[1] ^ v[1])) == 0;
    }
    if (n >= 8 && n <= 32) {
        /* Overlapping words: no masks, and the same answer in either byte order. */
        memcpy(&x[0], a, 8), memcpy(&y[0], b, 8);
        memcpy(&x[3], a + n - 8, 8), memcpy(&y[3], b + n - 8, 8);
        uint64_t diff = (x[0] ^ y[0]) | (x[3] ^ y[3]);
        if (n > 16) {
            memcpy(&x[1], a + 8, 8), memcpy(&y[1], b + 8, 8);
            diff |= x[1] ^ y[1];
        }
        if (n > 24) {
            memcpy(&x[2], a + 16, 8), memcpy(&y[2], b + 16, 8);
            diff |= x[2] ^ y[2];
        }
        return diff == 0;
    }
    return memcmp(a, b, n) == 0;
}

PL_INLINE bool pl_json_object_next_is(pl_json_reader *r, const char *member_text, size_t len,
                                      size_t index)
{
    const char *at = r->text + r->pos;
    if (r->len - r->pos < len || !pl_bytes_equal_small(at, member_text, len))
        return false;
    pl_json_frame *frame = &r->frames[r->depth - 1];
    frame->index = index;
    frame->key = at + 2;
    frame->key_len = len - 4;
    r->pos += len;
    return true;
}

/* The same for the first member a struct reads: right after pl_json_object_begin the text must
 * be the key without the ',' ("\"id\":"); after a union's discriminator (read by
 * pl_json_object_begin_tag) it is after a ',' as for any later member. */
PL_INLINE bool pl_json_object_first_is(pl_json_reader *r, const char *member_text, size_t len,
                                       size_t index)
{
    pl_json_frame *frame = &r->frames[r->depth - 1];
    if (!frame->first)
        return pl_json_object_next_is(r, member_text, len, index);
    const char *at = r->text + r->pos;
    if (r->len - r->pos < len - 1 || !pl_bytes_equal_small(at, member_text + 1, len - 1))
        return false;
    frame->first = 0;
    frame->index = index;
    frame->key = at + 1;
    frame->key_len = len - 4;
    r->pos += len - 1;
    return true;
}

PL_INLINE bool pl_json_object_end_is(pl_json_reader *r)
{
    if (r->pos >= r->len || r->text[r->pos] != '}')
        return false;
    r->pos++;
    r->depth--;
    return true;
}

/* Writing and validating, as generated code does it. pl_json_write_key appends key_text, a
 * member's key as JSON text after a ',' (",\"id\":"), leaving out the ',' when more is false
 * (the first member of an object). pl_error_at_key and pl_error_at_index put a step in front of
 * err's path (pl_error_prefix_key / _index) and return false, so a failure below is passed up
 * in one statement. pl_violation fills err with a PL_ERROR_CONSTRAINT and a formatted message
 * at the path /key (the root when key is NULL) and returns false. */
PL_API bool pl_json_write_key(pl_buf *out, const char *key_text, size_t len, bool more,
                              pl_error *err);
PL_API bool pl_error_at_key(pl_error *err, const char *key, size_t len);
PL_API bool pl_error_at_index(pl_error *err, size_t index);
PL_API bool pl_violation(pl_error *err, const char *key, size_t key_len, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* A `json` value: any JSON value, copied into the arena without insignificant whitespace
 * (strings and numbers byte for byte), NUL-terminated. */
PL_API bool pl_json_read_json(pl_json_reader *r, const char **out, size_t *len);

/* Lists of unknown length, built in the arena: pl_list_push returns a zeroed slot for one more
 * element of `size` bytes (NULL when memory runs out); pl_list_finish returns the elements as
 * one array (NULL when there are none) and gives back unused room where it can. Elements keep
 * their place while later ones are pushed only until the next push: read one element completely
 * before pushing the next. Large lists get a block of their own (past 2 MiB, mapped pages grown
 * by remapping on Linux), so that a 50 MB array costs its own size and no copy of it. Start from
 * PL_LIST_BUILDER_INIT. */
typedef struct pl_list_builder {
    unsigned char *items;
    size_t count, cap; /* in elements */
    void **owned;      /* private: the arena's record of a block of its own, or NULL */
} pl_list_builder;

#define PL_LIST_BUILDER_INIT {NULL, 0, 0, NULL}

PL_API void *pl_list_push(pl_arena *arena, pl_list_builder *list, size_t size);
PL_API void *pl_list_finish(pl_arena *arena, pl_list_builder *list, size_t size);
/* The zeroed slot at index (index <= count; count pushes a new one). For map values. */
PL_API void *pl_list_slot(pl_arena *arena, pl_list_builder *list, size_t index, size_t size);

/* Map keys in the order they were first read. pl_map_key finds key among those added so far or
 * adds an arena copy of it, and gives its index: a repeated key keeps the place of its first
 * appearance and takes the last value (as JSON.parse does). Hashing starts past a few keys, so
 * a map with many keys stays linear. False only when memory runs out. The keys are
 * pl_list_finish(arena, &map->keys, sizeof(pl_string)). */
typedef struct pl_map_builder {
    pl_list_builder keys; /* pl_string */
    uint32_t *table;      /* private: hash index, or NULL */
    size_t table_cap;
} pl_map_builder;

#define PL_MAP_BUILDER_INIT {PL_LIST_BUILDER_INIT, NULL, 0}

PL_API bool pl_map_key(pl_arena *arena, pl_map_builder *map, const char *key, size_t len,
                       size_t *index);

/* A @pattern compiled on first use, for validators: a static pl_pattern per pattern, matched from
 * any number of threads. The first use compiles the pattern into memory of its own and publishes
 * it with an atomic compare-and-swap (two threads racing both compile; one result is kept and the
 * other freed); later uses read it with an acquire load, so there is no lock and no
 * initialisation call. The compiled pattern is read-only and lives until the program ends.
 * Returns 1 when the whole text matches, 0 when not, -1 when the pattern cannot be compiled
 * (out of memory; payloadc has checked the pattern itself). */
typedef struct pl_pattern {
    const char *source;
    size_t len;
    void *compiled; /* private: written once, atomically */
} pl_pattern;

#define PL_PATTERN_INIT(literal) {literal, sizeof(literal) - 1, NULL}

PL_API int pl_pattern_match(pl_pattern *pattern, const char *text, size_t len);

/* Checks for validators: true when the text (UTF-8) has min..max code points / matches the
 * pattern; otherwise false with a PL_ERROR_CONSTRAINT (or PL_ERROR_MEMORY) at /key, or at the
 * root when key is NULL. */
PL_API bool pl_check_length(const char *text, size_t len, size_t min, size_t max, pl_error *err,
                            const char *key, size_t key_len);
PL_API bool pl_check_pattern(pl_pattern *pattern, const char *text, size_t len, pl_error *err,
                             const char *key, size_t key_len);

/* ---- HTTP dispatch: the runtime of generated servers (docs/server.md) ---- */

/* One HTTP request as the generated dispatchers read it; nothing needs to be NUL-terminated. */
typedef struct pl_http_request {
    const char *method; /* "GET", "POST", ... (NUL-terminated) */
    const char *path;   /* percent-encoded, without the query: "/events/42" */
    size_t path_len;
    const char *query; /* percent-encoded, without '?': "a=1&b=x%20y"; NULL when none */
    size_t query_len;
    const char *body; /* NULL when none */
    size_t body_len;
} pl_http_request;

/* The answer of a dispatcher. body (JSON) lives in the request's arena. body_len > 0 means a
 * JSON answer (Content-Type: application/json, Content-Length: body_len); body is NULL for 204
 * and for HEAD, whose body_len is the length of the GET answer's body. */
typedef struct pl_http_response {
    int status;
    const char *body;
    size_t body_len;
    const char *allow; /* 405 and OPTIONS: the path's methods ("GET, HEAD, DELETE, OPTIONS") */
    bool matched;      /* the path matched a route of the service (false: its 404, try another) */
} pl_http_response;

#define PL_ROUTE_MAX_SEGMENTS 32

/* A route table entry: NULL segments are parameters. */
typedef struct pl_route {
    const char *method;
    const char *const *segments;
    size_t segment_count;
} pl_route;

/* The percent-decoded parameter segments of the matched route, in path order. */
typedef struct pl_route_params {
    const char *text[PL_ROUTE_MAX_SEGMENTS];
    size_t len[PL_ROUTE_MAX_SEGMENTS];
    size_t count;
} pl_route_params;

/* Finds the route of method and path (literal segments win over parameters, left to right);
 * HEAD finds the GET route. Returns its index, or -1 with out filled: 404, 405 with allow, 204
 * with allow for OPTIONS, 400 for bad percent-encoding. */
PL_API long pl_route_find(const pl_route *routes, size_t count, const pl_http_request *req,
                          pl_arena *arena, pl_route_params *params, pl_http_response *out);
/* Percent-decodes into out (at least len bytes); plus_space: '+' is a space (queries). */
PL_API bool pl_percent_decode(const char *in, size_t len, bool plus_space, char *out,
                              size_t *out_len);
/* Appends "key":value to a JSON object being built in json (which starts with '{').
 * quoted: the value is a JSON string; else it is written as is when it is a JSON number,
 * true or false, and as a string otherwise (the decoder then reports the type). */
PL_API bool pl_request_param(pl_buf *json, const char *key, const char *text, size_t len,
                             bool quoted, pl_error *err);
/* The same for a query parameter: absent keys add nothing; list gathers repeated keys into an
 * array; a scalar given twice is an error. */
PL_API bool pl_request_query(pl_buf *json, const char *key, const char *query, size_t query_len,
                             bool list, bool quoted, pl_error *err);
/* Appends "body":<body> after checking it is one strict JSON value (nothing when empty). */
PL_API bool pl_request_body(pl_buf *json, const char *body, size_t len, pl_error *err);
/* out = status with {"status":..,"path":..,"message":..}; path may be NULL. */
PL_API bool pl_http_problem(pl_http_response *out, int status, const char *path,
                            const char *message, pl_arena *arena);
/* out = 400 for a decoding or validation error (500 when it is out of memory). */
PL_API bool pl_http_bad_request(pl_http_response *out, const pl_error *err, pl_arena *arena);
/* out = status with the JSON in body (copied to the arena; body is freed). encoded false: the
 * encoder failed with err, and out is a 500. */
PL_API bool pl_http_json(pl_http_response *out, int status, pl_buf *body, bool encoded,
                         const pl_error *err, pl_arena *arena);
/* out = 500 for a handler's answer that failed its _validate with err: the problem names the
 * invalid value ("path" is a JSON Pointer into the answer). */
PL_API bool pl_http_invalid_answer(pl_http_response *out, const pl_error *err, pl_arena *arena);
/* The end of a dispatch: the answer of a HEAD request loses its body (body_len stays). Returns ok. */
PL_API bool pl_http_done(const pl_http_request *req, pl_http_response *out, bool ok);

#ifdef __cplusplus
}
#endif

#endif
