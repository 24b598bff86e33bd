/* libFuzzer target: pl_json_validate against the pull reader and the writer.
 *
 * For any input: validate and a generic pull walk agree on whether it is JSON; every value the
 * walk reads is written back canonically, and that output is valid JSON again; numbers and
 * strings survive a write-and-read round trip. */
#include "payload.h"

#include <stdlib.h>
#include <string.h>

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            abort();                                                                               \
    } while (0)

/* Reads a string back from canonical JSON and compares it. */
static void check_string_round_trip(const char *s, size_t len)
{
    pl_buf buf;
    pl_buf_init(&buf);
    pl_error err;
    CHECK(pl_json_write_string(&buf, s, len, &err));
    pl_arena *arena = pl_arena_new();
    pl_json_reader r;
    pl_json_reader_init(&r, buf.data, buf.len, arena, &err);
    const char *back;
    size_t back_len;
    CHECK(pl_json_read_string(&r, &back, &back_len));
    CHECK(pl_json_reader_finish(&r));
    CHECK(back_len == len && memcmp(back, s, len) == 0);
    pl_arena_free(arena);
    pl_buf_free(&buf);
}

static void check_number_round_trip(double v)
{
    char text[PL_JSON_FLOAT64_MAX];
    size_t len = pl_json_format_float64(v, text);
    CHECK(len > 0);
    pl_json_reader r;
    pl_error err;
    pl_json_reader_init(&r, text, len, NULL, &err);
    double back;
    CHECK(pl_json_read_float64(&r, &back));
    CHECK(back == v);
}

/* Walks any value with the typed pull functions, writing it canonically into out. Returns
 * whether the reader accepted everything. */
static bool walk(pl_json_reader *r, pl_buf *out)
{
    enum { MAX = 600 };
    unsigned char is_object[MAX];
    bool first[MAX];
    int depth = 0;
    pl_error werr;
    for (;;) {
        /* At a value. */
        pl_json_kind kind = pl_json_peek(r);
        switch (kind) {
        case PL_JSON_INVALID:
            return false;
        case PL_JSON_NULL:
            if (!pl_json_read_null(r))
                return false;
            CHECK(pl_json_write_null(out, &werr));
            break;
        case PL_JSON_TRUE:
        case PL_JSON_FALSE: {
            bool b;
            if (!pl_json_read_bool(r, &b))
                return false;
            CHECK(pl_json_write_bool(out, b, &werr));
            break;
        }
        case PL_JSON_NUMBER: {
            /* Raw first (any valid number), then the typed readers on the same text. */
            const char *raw;
            size_t raw_len;
            if (!pl_json_read_raw_view(r, &raw, &raw_len))
                return false;
            pl_json_reader sub;
            pl_error err;
            double d;
            pl_json_reader_init(&sub, raw, raw_len, NULL, &err);
            if (pl_json_read_float64(&sub, &d)) {
                check_number_round_trip(d);
                CHECK(pl_json_write_float64(out, d, &werr));
            } else {
                CHECK(err.kind == PL_ERROR_RANGE);
                CHECK(pl_json_write_raw(out, raw, raw_len, &werr));
            }
            int64_t i64;
            pl_json_reader_init(&sub, raw, raw_len, NULL, &err);
            if (pl_json_read_int64(&sub, &i64)) {
                pl_json_reader_init(&sub, raw, raw_len, NULL, &err);
                CHECK(pl_json_read_float64(&sub, &d));
                CHECK(d == (double)i64);
            } else {
                CHECK(err.kind == PL_ERROR_RANGE);
            }
            break;
        }
        case PL_JSON_STRING: {
            const char *s;
            size_t len;
            if (!pl_json_read_string(r, &s, &len))
                return false;
            check_string_round_trip(s, len);
            CHECK(pl_json_write_string(out, s, len, &werr));
            break;
        }
        case PL_JSON_ARRAY:
        case PL_JSON_OBJECT:
            if (depth >= MAX)
                return false;
            if (kind == PL_JSON_ARRAY ? !pl_json_array_begin(r) : !pl_json_object_begin(r))
                return false;
            CHECK(pl_buf_append_char(out, kind == PL_JSON_ARRAY ? '[' : '{'));
            is_object[depth] = kind == PL_JSON_OBJECT;
            first[depth] = true;
            depth++;
            goto next_member;
        }
        /* After a value: move on in the enclosing containers. */
    next_member:
        for (;;) {
            if (depth == 0)
                return true;
            int more;
            if (is_object[depth - 1]) {
                const char *key;
                size_t key_len;
                more = pl_json_object_next(r, &key, &key_len);
                if (more > 0) {
                    if (!first[depth - 1])
                        CHECK(pl_buf_append_char(out, ','));
                    CHECK(pl_json_write_string(out, key, key_len, &werr));
                    CHECK(pl_buf_append_char(out, ':'));
                }
            } else {
                more = pl_json_array_next(r);
                if (more > 0 && !first[depth - 1])
                    CHECK(pl_buf_append_char(out, ','));
            }
            if (more < 0)
                return false;
            if (more > 0) {
                first[depth - 1] = false;
                break;
            }
            CHECK(pl_buf_append_char(out, is_object[depth - 1] ? '}' : ']'));
            depth--;
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* An exact-size copy so that ASan sees any read past the end. */
    char *text = malloc(size ? size : 1);
    if (!text)
        return 0;
    if (size)
        memcpy(text, data, size);
    pl_error err;
    bool valid = pl_json_validate(text, size, &err);
    if (!valid)
        CHECK(err.offset <= size && err.line >= 1 && err.column >= 1);

    pl_arena *arena = pl_arena_new();
    pl_json_reader r;
    pl_error rerr;
    pl_json_reader_init(&r, text, size, arena, &rerr);
    pl_buf out;
    pl_buf_init(&out);
    bool walked = walk(&r, &out) && pl_json_reader_finish(&r);
    CHECK(walked == valid);
    if (walked) {
        CHECK(pl_json_validate(out.data, out.len, &err));
        /* Canonical output is a fixed point of compaction. */
        pl_buf compact;
        pl_buf_init(&compact);
        CHECK(pl_json_write_raw_compact(&compact, text, size, &err));
        CHECK(pl_json_validate(compact.data, compact.len, &err));
        pl_buf_free(&compact);
    }
    pl_buf_free(&out);

    /* The skip path agrees too. */
    pl_json_reader_init(&r, text, size, NULL, NULL);
    CHECK((pl_json_skip(&r) && pl_json_reader_finish(&r)) == valid);

    /* Formats never crash on arbitrary text. */
    pl_date d;
    pl_datetime dt;
    pl_uuid u;
    uint8_t *bytes;
    size_t bytes_len;
    if (pl_datetime_parse(text, size, &dt)) {
        char buf[PL_DATETIME_MAX];
        pl_datetime back;
        size_t n = pl_datetime_format(&dt, buf);
        CHECK(pl_datetime_parse(buf, n, &back));
        CHECK(pl_datetime_unix_seconds(&back) == pl_datetime_unix_seconds(&dt));
    }
    (void)pl_date_parse(text, size, &d);
    (void)pl_uuid_parse(text, size, &u);
    if (pl_base64_decode(text, size, arena, &bytes, &bytes_len)) {
        pl_buf b64;
        pl_buf_init(&b64);
        CHECK(pl_base64_encode(&b64, bytes, bytes_len));
        CHECK(b64.len == size && memcmp(b64.data, text, size) == 0);
        pl_buf_free(&b64);
    }
    (void)pl_decimal_valid(text, size);
    pl_arena_free(arena);
    free(text);
    return 0;
}
