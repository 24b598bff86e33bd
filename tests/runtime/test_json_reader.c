/* The pull reader: each primitive, limits, error kinds, paths, offsets, lines and columns. */
#include "test_util.h"

#include <math.h>
#include <stdio.h>

/* A reader over an exact-size heap copy (so reading past the end is caught). */
typedef struct fixture {
    char *text;
    size_t len;
    pl_arena *arena;
    pl_error err;
    pl_json_reader r;
} fixture;

static fixture *open_text(const char *text, size_t len)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->text = exact_copy(text, len);
    f->len = len;
    f->arena = pl_arena_new();
    pl_error_clear(&f->err);
    pl_json_reader_init(&f->r, f->text, len, f->arena, &f->err);
    return f;
}

static fixture *open_str(const char *text)
{
    return open_text(text, strlen(text));
}

static void close_fixture(fixture *f)
{
    pl_arena_free(f->arena);
    free(f->text);
    free(f);
}

static void expect_error(fixture *f, pl_error_kind kind, const char *path, size_t offset)
{
    if (f->err.kind != kind)
        fail_msg("kind %s, expected %s (%s)", pl_error_kind_name(f->err.kind),
                 pl_error_kind_name(kind), f->err.message);
    if (strcmp(f->err.path, path) != 0)
        fail_msg("path '%s', expected '%s' (%s)", f->err.path, path, f->err.message);
    if (f->err.offset != offset)
        fail_msg("offset %zu, expected %zu (%s)", f->err.offset, offset, f->err.message);
    assert_true(pl_json_reader_failed(&f->r));
}

/* ---- scalars ---- */

static void test_literals(void **state)
{
    (void)state;
    fixture *f = open_str(" [true, false, null, null] ");
    bool b = false;
    assert_true(pl_json_array_begin(&f->r));
    assert_int_equal(pl_json_array_next(&f->r), 1);
    assert_int_equal(pl_json_peek(&f->r), PL_JSON_TRUE);
    assert_true(pl_json_read_bool(&f->r, &b));
    assert_true(b);
    assert_int_equal(pl_json_array_next(&f->r), 1);
    assert_true(pl_json_read_bool(&f->r, &b));
    assert_false(b);
    assert_int_equal(pl_json_array_next(&f->r), 1);
    assert_false(pl_json_reader_failed(&f->r));
    assert_true(pl_json_read_if_null(&f->r));
    assert_int_equal(pl_json_array_next(&f->r), 1);
    assert_true(pl_json_read_null(&f->r));
    assert_int_equal(pl_json_array_next(&f->r), 0);
    assert_true(pl_json_reader_finish(&f->r));
    close_fixture(f);

    f = open_str("1");
    assert_false(pl_json_read_if_null(&f->r));
    assert_false(pl_json_reader_failed(&f->r));
    int32_t v;
    assert_true(pl_json_read_int32(&f->r, &v));
    assert_int_equal(v, 1);
    close_fixture(f);

    f = open_str("nul");
    assert_false(pl_json_read_bool(&f->r, &b));
    expect_error(f, PL_ERROR_SYNTAX, "", 3);
    close_fixture(f);

    f = open_str("trUe");
    assert_false(pl_json_read_bool(&f->r, &b));
    expect_error(f, PL_ERROR_SYNTAX, "", 2);
    close_fixture(f);

    f = open_str("null");
    assert_false(pl_json_read_bool(&f->r, &b));
    expect_error(f, PL_ERROR_NULL, "", 0);
    close_fixture(f);

    f = open_str("\"true\"");
    assert_false(pl_json_read_bool(&f->r, &b));
    expect_error(f, PL_ERROR_TYPE, "", 0);
    assert_non_null(strstr(f->err.message, "expected a boolean, found a string"));
    close_fixture(f);

    f = open_str("1");
    assert_false(pl_json_read_null(&f->r));
    expect_error(f, PL_ERROR_TYPE, "", 0);
    close_fixture(f);
}

typedef struct int_case {
    const char *text;
    bool ok;
    int64_t value;
} int_case;

static void test_int32(void **state)
{
    (void)state;
    static const int_case cases[] = {
        {"0", true, 0},
        {"-0", true, 0},
        {"7", true, 7},
        {"-7", true, -7},
        {"1.0", true, 1},
        {"1e2", true, 100},
        {"1E+2", true, 100},
        {"100e-2", true, 1},
        {"-0.0", true, 0},
        {"0e99999999999999", true, 0},
        {"0.000e-5", true, 0},
        {"2147483647", true, INT32_MAX},
        {"-2147483648", true, INT32_MIN},
        {"2147483647.000", true, INT32_MAX},
        {"21474836.47e2", true, INT32_MAX},
        {"2147483648", false, 0},
        {"-2147483649", false, 0},
        {"1.5", false, 0},
        {"1e-1", false, 0},
        {"0.1e1", true, 1},
        {"12345678901234567890", false, 0},
        {"1e400", false, 0},
        {"1e-400", false, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fixture *f = open_str(cases[i].text);
        int32_t v = 42;
        bool ok = pl_json_read_int32(&f->r, &v);
        if (ok != cases[i].ok)
            fail_msg("%s: %s", cases[i].text, ok ? "accepted" : f->err.message);
        if (ok) {
            assert_int_equal(v, cases[i].value);
            assert_true(pl_json_reader_finish(&f->r));
        } else {
            expect_error(f, PL_ERROR_RANGE, "", 0);
        }
        close_fixture(f);
    }
}

static void test_int64(void **state)
{
    (void)state;
    static const int_case cases[] = {
        {"9223372036854775807", true, INT64_MAX},
        {"-9223372036854775808", true, INT64_MIN},
        {"9223372036854775808", false, 0},
        {"-9223372036854775809", false, 0},
        {"92233720368547758070e-1", true, INT64_MAX},
        {"9.223372036854775807e18", true, INT64_MAX},
        {"-9.223372036854775808e18", true, INT64_MIN},
        {"9.223372036854775808e18", false, 0},
        {"1e18", true, 1000000000000000000},
        {"1e19", false, 0},
        {"123456789012345678", true, 123456789012345678},
        {"-123456789012345678", true, -123456789012345678},
        {"1234567890123456789", true, 1234567890123456789},
        {"0.00000000000000000000000000001e29", true, 1},
        {"10000000000000000000000000000e-28", true, 1},
        {"1.00000000000000000000000000001", false, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fixture *f = open_str(cases[i].text);
        int64_t v = 42;
        bool ok = pl_json_read_int64(&f->r, &v);
        if (ok != cases[i].ok)
            fail_msg("%s: %s", cases[i].text, ok ? "accepted" : f->err.message);
        if (ok)
            assert_true(v == cases[i].value);
        else
            expect_error(f, PL_ERROR_RANGE, "", 0);
        close_fixture(f);
    }
    /* Not a number at all. */
    fixture *f = open_str("\"12\"");
    int64_t v;
    assert_false(pl_json_read_int64(&f->r, &v));
    expect_error(f, PL_ERROR_TYPE, "", 0);
    close_fixture(f);
    f = open_str("-");
    assert_false(pl_json_read_int64(&f->r, &v));
    expect_error(f, PL_ERROR_SYNTAX, "", 1);
    close_fixture(f);
    f = open_str("01");
    assert_true(pl_json_read_int64(&f->r, &v));
    assert_false(pl_json_reader_finish(&f->r));
    expect_error(f, PL_ERROR_SYNTAX, "", 1);
    close_fixture(f);
    f = open_str("1.");
    assert_false(pl_json_read_int64(&f->r, &v));
    expect_error(f, PL_ERROR_SYNTAX, "", 2);
    close_fixture(f);
}

typedef struct float_case {
    const char *text;
    double value;
} float_case;

static void test_float64(void **state)
{
    (void)state;
    static const float_case cases[] = {
        {"0", 0.0},
        {"1", 1.0},
        {"-1.5", -1.5},
        {"0.1", 0.1},
        {"1e-7", 1e-7},
        {"123456789012345680000", 123456789012345680000.0},
        {"1.7976931348623157e308", 1.7976931348623157e308},
        {"4.9e-324", 4.9e-324},
        {"5e-324", 5e-324},
        {"2.2250738585072011e-308", 2.2250738585072011e-308},
        {"2.2250738585072014e-308", 2.2250738585072014e-308},
        {"3.141592653589793", 3.141592653589793},
        {"0.30000000000000004", 0.30000000000000004},
        {"9007199254740993", 9007199254740992.0}, /* ties to even */
        {"9007199254740995", 9007199254740996.0},
        {"1e23", 1e23},
        {"8.98846567431158e307", 8.98846567431158e307},
        {"0.1000000000000000055511151231257827021181583404541015625", 0.1},
        {"1e-400", 0.0},
        {"123.456e-2", 1.23456},
        {"100000000000000000000000000000000000000000000000000000000000000000000000000000000000"
         "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
         1e168},
        /* Halfway between 1 and the next double plus a tiny bit: must round up. */
        {"1.00000000000000011102230246251565404236316680908203125000000000000000000000000000"
         "000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
         "000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
         "000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
         "000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
         "000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
         "000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
         "000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
         "000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
         "0000000000000000000000000000000000000000000000000001",
         1.0000000000000002},
        /* Exactly halfway: ties to even (down to 1). */
        {"1.00000000000000011102230246251565404236316680908203125", 1.0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fixture *f = open_str(cases[i].text);
        double v = -42;
        if (!pl_json_read_float64(&f->r, &v))
            fail_msg("%s: %s", cases[i].text, f->err.message);
        if (v != cases[i].value)
            fail_msg("%s read as %.17g, expected %.17g", cases[i].text, v, cases[i].value);
        close_fixture(f);
    }
    fixture *f = open_str("-0");
    double v;
    assert_true(pl_json_read_float64(&f->r, &v));
    assert_true(v == 0 && signbit(v));
    close_fixture(f);
    f = open_str("-1e-400");
    assert_true(pl_json_read_float64(&f->r, &v));
    assert_true(v == 0 && signbit(v));
    close_fixture(f);
    f = open_str("1e400");
    assert_false(pl_json_read_float64(&f->r, &v));
    expect_error(f, PL_ERROR_RANGE, "", 0);
    close_fixture(f);
    f = open_str("-1.8e308");
    assert_false(pl_json_read_float64(&f->r, &v));
    expect_error(f, PL_ERROR_RANGE, "", 0);
    close_fixture(f);
    f = open_str("[1,true]");
    assert_true(pl_json_array_begin(&f->r));
    assert_int_equal(pl_json_array_next(&f->r), 1);
    assert_true(pl_json_read_float64(&f->r, &v));
    assert_int_equal(pl_json_array_next(&f->r), 1);
    assert_false(pl_json_read_float64(&f->r, &v));
    expect_error(f, PL_ERROR_TYPE, "/1", 3);
    close_fixture(f);
}

static void test_strings(void **state)
{
    (void)state;
    const char *s;
    size_t len;
    fixture *f = open_str("\"plain\"");
    assert_true(pl_json_read_string_view(&f->r, &s, &len));
    assert_int_equal(len, 5);
    assert_ptr_equal(s, f->text + 1); /* a view: no copy without escapes */
    close_fixture(f);

    f = open_str("\"plain\"");
    assert_true(pl_json_read_string(&f->r, &s, &len));
    assert_ptr_not_equal(s, f->text + 1);
    assert_string_equal(s, "plain");
    close_fixture(f);

    f = open_str(
        "\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\\u0041\\u00e9\\u20AC\\ud83d\\ude00\\u0000z\"");
    assert_true(pl_json_read_string_view(&f->r, &s, &len));
    static const char expected[] =
        "a\"b\\c/d\be\ff\ng\rh\tiA\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\0z";
    assert_int_equal(len, sizeof expected - 1);
    assert_memory_equal(s, expected, len);
    assert_int_equal(s[len], '\0');
    close_fixture(f);

    /* Long strings go through the eight-bytes-at-a-time scan; put specials at every phase. */
    for (size_t at = 0; at < 20; at++) {
        char text[64];
        memset(text, 'x', sizeof text);
        text[0] = '"';
        text[1 + at] = '\\';
        text[2 + at] = 'n';
        text[40] = '"';
        f = open_text(text, 41);
        assert_true(pl_json_read_string(&f->r, &s, &len));
        assert_int_equal(len, 38);
        assert_int_equal(s[at], '\n');
        close_fixture(f);
    }

    static const struct {
        const char *text;
        size_t offset;
    } bad[] = {
        {"\"abc", 0},
        {"\"abc\\", 0},
        {"\"\\x\"", 1},
        {"\"\\u12\"", 1},
        {"\"\\u12", 1},
        {"\"\\uD800\"", 1},
        {"\"\\uD800\\u0041\"", 1},
        {"\"\\uDC00\"", 1},
        {"\"ok\\uD83D\"", 3},
        {"\"tab\there\"", 4},
        {"\"nl\n\"", 3},
        {"\"\x7f ok \xff\"", 6},
        {"\"\xc0\x80\"", 1},
        {"\"\xed\xa0\x80\"", 1},
        {"\"\xf4\x90\x80\x80\"", 1},
        {"\"\xe2\x82\"", 1},
        {"\"12345678\xe2\x82", 9},
        {"'single'", 0},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        f = open_str(bad[i].text);
        if (pl_json_read_string(&f->r, &s, &len))
            fail_msg("accepted %s", bad[i].text);
        expect_error(f, PL_ERROR_SYNTAX, "", bad[i].offset);
        close_fixture(f);
    }
}

/* ---- structure ---- */

static void test_objects_and_arrays(void **state)
{
    (void)state;
    fixture *f =
        open_str(" { \"id\" : 7 , \"tags\":[\"a\",\"b\"],\"unknown\":{\"x\":[1,{\"y\":null}]},"
                 "\"e\\u0073c\":true, \"empty\":{}, \"none\":[] } ");
    const char *key;
    size_t key_len;
    int64_t id = 0;
    int tags = 0;
    bool esc = false;
    int more;
    assert_true(pl_json_object_begin(&f->r));
    while ((more = pl_json_object_next(&f->r, &key, &key_len)) > 0) {
        if (key_len == 2 && memcmp(key, "id", 2) == 0) {
            assert_true(pl_json_read_int64(&f->r, &id));
        } else if (key_len == 4 && memcmp(key, "tags", 4) == 0) {
            assert_true(pl_json_array_begin(&f->r));
            while ((more = pl_json_array_next(&f->r)) > 0) {
                const char *s;
                size_t len;
                assert_true(pl_json_read_string_view(&f->r, &s, &len));
                tags++;
            }
            assert_int_equal(more, 0);
        } else if (key_len == 3 && memcmp(key, "esc", 3) == 0) {
            assert_true(pl_json_read_bool(&f->r, &esc));
        } else if (key_len == 5 && memcmp(key, "empty", 5) == 0) {
            assert_true(pl_json_object_begin(&f->r));
            assert_int_equal(pl_json_object_next(&f->r, &key, &key_len), 0);
        } else if (key_len == 4 && memcmp(key, "none", 4) == 0) {
            assert_true(pl_json_array_begin(&f->r));
            assert_int_equal(pl_json_array_next(&f->r), 0);
        } else {
            assert_true(pl_json_skip(&f->r));
        }
    }
    assert_int_equal(more, 0);
    assert_true(pl_json_reader_finish(&f->r));
    assert_int_equal(id, 7);
    assert_int_equal(tags, 2);
    assert_true(esc);
    close_fixture(f);

    static const struct {
        const char *text;
        size_t offset;
    } bad[] = {
        {"{\"a\":1,}", 7}, {"{\"a\" 1}", 5}, {"{\"a\":1 \"b\":2}", 7},
        {"{a:1}", 1},      {"{\"a\":1", 6},  {"{,}", 1},
        {"[1,]", 3},       {"[1 2]", 3},     {"[1,,2]", 3},
        {"[", 1},          {"{\"a\":}", 5},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        f = open_str(bad[i].text);
        assert_false(pl_json_skip(&f->r));
        expect_error(f, PL_ERROR_SYNTAX, "", bad[i].offset);
        close_fixture(f);
        /* The same through the pull functions. */
        assert_false(pl_json_validate(bad[i].text, strlen(bad[i].text), NULL));
    }

    /* Pull-style: a trailing comma in an array and in an object. */
    f = open_str("[1,]");
    int64_t v;
    assert_true(pl_json_array_begin(&f->r));
    assert_int_equal(pl_json_array_next(&f->r), 1);
    assert_true(pl_json_read_int64(&f->r, &v));
    assert_int_equal(pl_json_array_next(&f->r), 1);
    assert_false(pl_json_read_int64(&f->r, &v));
    expect_error(f, PL_ERROR_SYNTAX, "", 3);
    close_fixture(f);
    f = open_str("{\"a\":1,}");
    assert_true(pl_json_object_begin(&f->r));
    assert_int_equal(pl_json_object_next(&f->r, &key, &key_len), 1);
    assert_true(pl_json_skip(&f->r));
    assert_int_equal(pl_json_object_next(&f->r, &key, &key_len), -1);
    expect_error(f, PL_ERROR_SYNTAX, "", 7);
    /* Once failed, every call fails without touching the error. */
    assert_int_equal(pl_json_object_next(&f->r, &key, &key_len), -1);
    assert_false(pl_json_skip(&f->r));
    expect_error(f, PL_ERROR_SYNTAX, "", 7);
    close_fixture(f);

    /* Type errors on containers. */
    f = open_str("[1]");
    assert_false(pl_json_object_begin(&f->r));
    expect_error(f, PL_ERROR_TYPE, "", 0);
    close_fixture(f);
    f = open_str("null");
    assert_false(pl_json_array_begin(&f->r));
    expect_error(f, PL_ERROR_NULL, "", 0);
    close_fixture(f);
    /* Misuse: next outside a container. */
    f = open_str("[]");
    assert_int_equal(pl_json_object_next(&f->r, &key, &key_len), -1);
    close_fixture(f);
}

static void test_raw_and_skip(void **state)
{
    (void)state;
    fixture *f = open_str("{\"a\": { \"x\" : [1, 2.5e3, \"s\\\"}\"] } , \"b\":  -0.5 }");
    const char *key, *raw;
    size_t key_len, raw_len;
    assert_true(pl_json_object_begin(&f->r));
    assert_int_equal(pl_json_object_next(&f->r, &key, &key_len), 1);
    assert_true(pl_json_read_raw(&f->r, &raw, &raw_len));
    assert_string_equal(raw, "{ \"x\" : [1, 2.5e3, \"s\\\"}\"] }");
    assert_int_equal(pl_json_value_offset(&f->r), 6);
    assert_int_equal(pl_json_object_next(&f->r, &key, &key_len), 1);
    assert_true(pl_json_read_raw_view(&f->r, &raw, &raw_len));
    assert_int_equal(raw_len, 4);
    assert_memory_equal(raw, "-0.5", 4);
    assert_int_equal(pl_json_object_next(&f->r, &key, &key_len), 0);
    assert_true(pl_json_reader_finish(&f->r));
    close_fixture(f);

    f = open_str("[1, {\"a\": [tru]}]");
    assert_false(pl_json_skip(&f->r));
    expect_error(f, PL_ERROR_SYNTAX, "", 14);
    close_fixture(f);
}

/* ---- errors: paths, offsets, lines, columns ---- */

static void test_paths(void **state)
{
    (void)state;
    fixture *f = open_str("{\"items\":[{\"qty\":1},{\"qty\":2},{\"qty\":3},{\"qty\":\"four\"}]}");
    const char *key;
    size_t key_len;
    assert_true(pl_json_object_begin(&f->r));
    assert_int_equal(pl_json_object_next(&f->r, &key, &key_len), 1);
    assert_true(pl_json_array_begin(&f->r));
    int32_t qty;
    for (int i = 0; i < 4; i++) {
        assert_int_equal(pl_json_array_next(&f->r), 1);
        assert_true(pl_json_object_begin(&f->r));
        assert_int_equal(pl_json_object_next(&f->r, &key, &key_len), 1);
        if (i < 3) {
            assert_true(pl_json_read_int32(&f->r, &qty));
            assert_int_equal(pl_json_object_next(&f->r, &key, &key_len), 0);
        } else {
            assert_false(pl_json_read_int32(&f->r, &qty));
        }
    }
    expect_error(f, PL_ERROR_TYPE, "/items/3/qty", 47);
    assert_string_equal(f->err.message, "expected an integer, found a string");
    close_fixture(f);

    /* Keys are escaped as RFC 6901 says, and undone JSON escapes are shown as text. */
    f = open_str("{\"a/b\":{\"m~n\":{\"\\u00e9\":[0, null]}}}");
    assert_true(pl_json_object_begin(&f->r));
    assert_int_equal(pl_json_object_next(&f->r, &key, &key_len), 1);
    assert_true(pl_json_object_begin(&f->r));
    assert_int_equal(pl_json_object_next(&f->r, &key, &key_len), 1);
    assert_true(pl_json_object_begin(&f->r));
    assert_int_equal(pl_json_object_next(&f->r, &key, &key_len), 1);
    assert_int_equal(key_len, 2);
    assert_memory_equal(key, "\xc3\xa9", 2);
    assert_true(pl_json_array_begin(&f->r));
    assert_int_equal(pl_json_array_next(&f->r), 1);
    assert_true(pl_json_skip(&f->r));
    assert_int_equal(pl_json_array_next(&f->r), 1);
    int64_t v;
    assert_false(pl_json_read_int64(&f->r, &v));
    expect_error(f, PL_ERROR_NULL, "/a~1b/m~0n/\xc3\xa9/1", 28);
    close_fixture(f);

    /* A decoder's own errors: a bad enum value at its path, a missing key at the key's path. */
    f = open_str("{\"slot\":{\"kind\":\"weird\"}}");
    assert_true(pl_json_object_begin(&f->r));
    assert_int_equal(pl_json_object_next(&f->r, &key, &key_len), 1);
    assert_true(pl_json_object_begin(&f->r));
    assert_int_equal(pl_json_object_next(&f->r, &key, &key_len), 1);
    const char *s;
    size_t len;
    assert_true(pl_json_read_string_view(&f->r, &s, &len));
    assert_false(pl_json_fail(&f->r, PL_ERROR_ENUM, "unknown kind \"%.*s\"", (int)len, s));
    expect_error(f, PL_ERROR_ENUM, "/slot/kind", 16);
    assert_string_equal(f->err.message, "unknown kind \"weird\"");
    close_fixture(f);

    f = open_str("{\"slot\":{\"kind\":\"a\"}}");
    assert_true(pl_json_object_begin(&f->r));
    assert_int_equal(pl_json_object_next(&f->r, &key, &key_len), 1);
    assert_true(pl_json_object_begin(&f->r));
    assert_int_equal(pl_json_object_next(&f->r, &key, &key_len), 1);
    assert_true(pl_json_skip(&f->r));
    assert_int_equal(pl_json_object_next(&f->r, &key, &key_len), 0);
    assert_false(pl_json_fail_key(&f->r, "starts_at", 9, PL_ERROR_MISSING, "missing required key"));
    expect_error(f, PL_ERROR_MISSING, "/slot/starts_at", 19);
    close_fixture(f);

    f = open_str("{}");
    assert_true(pl_json_object_begin(&f->r));
    assert_int_equal(pl_json_object_next(&f->r, &key, &key_len), 0);
    assert_false(pl_json_fail_key(&f->r, "a/b", 3, PL_ERROR_MISSING, "missing"));
    expect_error(f, PL_ERROR_MISSING, "/a~1b", 1);
    close_fixture(f);
}

static void test_syntax_wins_over_type(void **state)
{
    (void)state;
    /* The decoder stops at a wrong type, but the text is not JSON further on: every language
     * reports that as a syntax error, so the C reader does too. */
    fixture *f = open_str("{\"a\": \"x\", \"b\": }");
    const char *key;
    size_t key_len;
    int64_t v;
    assert_true(pl_json_object_begin(&f->r));
    assert_int_equal(pl_json_object_next(&f->r, &key, &key_len), 1);
    assert_false(pl_json_read_int64(&f->r, &v));
    expect_error(f, PL_ERROR_SYNTAX, "", 16);
    close_fixture(f);
    f = open_str("{\"a\": \"x\"} x");
    assert_true(pl_json_object_begin(&f->r));
    assert_int_equal(pl_json_object_next(&f->r, &key, &key_len), 1);
    assert_false(pl_json_fail(&f->r, PL_ERROR_ENUM, "bad"));
    expect_error(f, PL_ERROR_SYNTAX, "", 11);
    close_fixture(f);
}

static void test_line_column(void **state)
{
    (void)state;
    fixture *f = open_str("{\n  \"a\": 1,\n  \"\xc3\xa9\": tru\n}");
    assert_false(pl_json_skip(&f->r));
    assert_int_equal(f->err.kind, PL_ERROR_SYNTAX);
    assert_int_equal(f->err.offset, 23);
    assert_int_equal(f->err.line, 3);
    assert_int_equal(f->err.column, 11); /* é counts as one column */
    close_fixture(f);

    pl_error err;
    assert_false(pl_json_validate("", 0, &err));
    assert_int_equal(err.offset, 0);
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, 1);
    assert_non_null(strstr(err.message, "end of input"));
    assert_false(pl_json_validate("  \n ", 4, &err));
    assert_int_equal(err.offset, 4);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 2);
    assert_false(pl_json_validate("\xef\xbb\xbf{}", 5, &err));
    assert_int_equal(err.offset, 0);
    assert_non_null(strstr(err.message, "byte order mark"));
    assert_false(pl_json_validate(NULL, 3, &err));
    assert_true(pl_json_validate(" \t\r\n[] \t\r\n", 10, &err));
    assert_false(pl_json_validate("[] []", 5, &err));
    assert_int_equal(err.offset, 3);
    assert_false(pl_json_validate("[]\0", 3, &err));
    assert_int_equal(err.offset, 2);
}

/* ---- limits ---- */

static void test_depth(void **state)
{
    (void)state;
    enum { DEEP = 100000 };
    char *deep = malloc(DEEP * 2);
    assert_non_null(deep);
    memset(deep, '[', DEEP);
    memset(deep + DEEP, ']', DEEP);
    pl_error err;
    assert_false(pl_json_validate(deep, DEEP * 2, &err));
    assert_int_equal(err.kind, PL_ERROR_DEPTH);
    assert_int_equal(err.offset, 512);
    /* 512 deep is allowed, 513 not. */
    assert_true(pl_json_validate(deep + DEEP - 512, 1024, &err));
    memset(deep, '[', 513);
    memset(deep + 513, ']', 513);
    assert_false(pl_json_validate(deep, 1026, &err));
    assert_int_equal(err.kind, PL_ERROR_DEPTH);
    free(deep);

    /* A configured limit, with the pull functions and skip sharing it. */
    fixture *f = open_str("[[[1]]]");
    f->r.max_depth = 2;
    assert_true(pl_json_array_begin(&f->r));
    assert_int_equal(pl_json_array_next(&f->r), 1);
    assert_false(pl_json_skip(&f->r));
    expect_error(f, PL_ERROR_DEPTH, "", 2);
    close_fixture(f);
    f = open_str("[[[1]]]");
    f->r.max_depth = 2;
    assert_true(pl_json_array_begin(&f->r));
    assert_int_equal(pl_json_array_next(&f->r), 1);
    assert_true(pl_json_array_begin(&f->r));
    assert_int_equal(pl_json_array_next(&f->r), 1);
    assert_false(pl_json_array_begin(&f->r));
    expect_error(f, PL_ERROR_DEPTH, "", 2);
    close_fixture(f);

    /* Deep pull nesting grows the frame stack in the arena and keeps the path. */
    char text[200 * 2 + 8];
    size_t n = 0;
    for (int i = 0; i < 200; i++)
        text[n++] = '[';
    text[n++] = '"';
    text[n++] = '"';
    for (int i = 0; i < 200; i++)
        text[n++] = ']';
    f = open_text(text, n);
    for (int i = 0; i < 200; i++) {
        assert_true(pl_json_array_begin(&f->r));
        assert_int_equal(pl_json_array_next(&f->r), 1);
    }
    int64_t v;
    assert_false(pl_json_read_int64(&f->r, &v));
    assert_int_equal(f->err.kind, PL_ERROR_TYPE);
    assert_int_equal(strlen(f->err.path), 400);
    close_fixture(f);

    /* Without an arena the reader still works within its inline frames. */
    pl_json_reader r;
    pl_json_reader_init(&r, "[[1]]", 5, NULL, &err);
    assert_true(pl_json_array_begin(&r));
    assert_int_equal(pl_json_array_next(&r), 1);
    assert_true(pl_json_skip(&r));
    assert_int_equal(pl_json_array_next(&r), 0);
    assert_true(pl_json_reader_finish(&r));
    pl_json_reader_init(&r, text, n, NULL, &err);
    bool ok = true;
    for (int i = 0; i < 200 && ok; i++)
        ok = pl_json_array_begin(&r) && pl_json_array_next(&r) == 1;
    assert_false(ok);
    assert_int_equal(err.kind, PL_ERROR_MEMORY);
}

static void test_truncated_inputs(void **state)
{
    (void)state;
    /* Every prefix of a document is read without touching a byte past its end. */
    static const char doc[] =
        "{\"a\":[1,-2.5e+3,true,false,null,\"x\\u00e9\\ud83d\\ude00\\n\"],\"b\":{\"c\":{}}}";
    size_t full = sizeof doc - 1;
    for (size_t len = 0; len <= full; len++) {
        char *copy = exact_copy(doc, len);
        pl_error err;
        bool ok = pl_json_validate(copy, len, &err);
        assert_true(ok == (len == full));
        if (!ok)
            assert_int_equal(err.kind, PL_ERROR_SYNTAX);
        free(copy);
    }
}

static void test_long_path_truncates(void **state)
{
    (void)state;
    /* Keys long enough that the path cannot fit: the innermost steps are kept. */
    char text[4096];
    size_t n = 0;
    for (int i = 0; i < 6; i++) {
        text[n++] = '{';
        text[n++] = '"';
        text[n++] = (char)('a' + i);
        memset(text + n, 'k', 150);
        n += 150;
        text[n++] = '"';
        text[n++] = ':';
    }
    memcpy(text + n, "\"x\"", 3);
    n += 3;
    for (int i = 0; i < 6; i++)
        text[n++] = '}';
    fixture *f = open_text(text, n);
    const char *key;
    size_t key_len;
    for (int i = 0; i < 6; i++) {
        assert_true(pl_json_object_begin(&f->r));
        assert_int_equal(pl_json_object_next(&f->r, &key, &key_len), 1);
    }
    int64_t v;
    assert_false(pl_json_read_int64(&f->r, &v));
    assert_int_equal(f->err.kind, PL_ERROR_TYPE);
    assert_true(strlen(f->err.path) < PL_ERROR_PATH_MAX);
    assert_memory_equal(f->err.path, ".../", 4);
    assert_non_null(strstr(f->err.path, "/fkkk"));
    assert_null(strstr(f->err.path, "/akkk"));
    close_fixture(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_literals),
        cmocka_unit_test(test_int32),
        cmocka_unit_test(test_int64),
        cmocka_unit_test(test_float64),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_objects_and_arrays),
        cmocka_unit_test(test_raw_and_skip),
        cmocka_unit_test(test_paths),
        cmocka_unit_test(test_syntax_wins_over_type),
        cmocka_unit_test(test_line_column),
        cmocka_unit_test(test_depth),
        cmocka_unit_test(test_truncated_inputs),
        cmocka_unit_test(test_long_path_truncates),
    };
    return cmocka_run_group_tests_name("json_reader", tests, NULL, NULL);
}
