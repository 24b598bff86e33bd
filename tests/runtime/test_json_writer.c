/* The canonical writer: numbers (RFC 8785 / ECMAScript), strings, raw values. */
#include "test_util.h"

#include <math.h>
#include <stdio.h>

static double from_bits(uint64_t bits)
{
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

static void check_float(double v, const char *expected)
{
    pl_buf buf;
    pl_buf_init(&buf);
    pl_error err;
    pl_error_clear(&err);
    if (!pl_json_write_float64(&buf, v, &err))
        fail_msg("%.17g refused: %s", v, err.message);
    if (strcmp(buf.data, expected) != 0)
        fail_msg("%.17g written as %s, expected %s", v, buf.data, expected);
    pl_buf_free(&buf);
}

static void test_rfc8785_numbers(void **state)
{
    (void)state;
    /* RFC 8785 appendix B, as IEEE 754 bit patterns. */
    static const struct {
        uint64_t bits;
        const char *text;
    } cases[] = {
        {0x0000000000000000ull, "0"},
        {0x8000000000000000ull, "0"},
        {0x0000000000000001ull, "5e-324"},
        {0x8000000000000001ull, "-5e-324"},
        {0x7fefffffffffffffull, "1.7976931348623157e+308"},
        {0xffefffffffffffffull, "-1.7976931348623157e+308"},
        {0x4340000000000000ull, "9007199254740992"},
        {0xc340000000000000ull, "-9007199254740992"},
        {0x4430000000000000ull, "295147905179352830000"},
        {0x44b52d02c7e14af5ull, "9.999999999999997e+22"},
        {0x44b52d02c7e14af6ull, "1e+23"},
        {0x44b52d02c7e14af7ull, "1.0000000000000001e+23"},
        {0x444b1ae4d6e2ef4eull, "999999999999999700000"},
        {0x444b1ae4d6e2ef4full, "999999999999999900000"},
        {0x444b1ae4d6e2ef50ull, "1e+21"},
        {0x3eb0c6f7a0b5ed8cull, "9.999999999999997e-7"},
        {0x3eb0c6f7a0b5ed8dull, "0.000001"},
        {0x41b3de4355555553ull, "333333333.3333332"},
        {0x41b3de4355555554ull, "333333333.33333325"},
        {0x41b3de4355555555ull, "333333333.3333333"},
        {0x41b3de4355555556ull, "333333333.3333334"},
        {0x41b3de4355555557ull, "333333333.33333343"},
        {0xbecbf647612f3696ull, "-0.0000033333333333333333"},
        {0x43143ff3c1cb0959ull, "1424953923781206.2"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_float(from_bits(cases[i].bits), cases[i].text);
}

static void test_ecmascript_forms(void **state)
{
    (void)state;
    check_float(1e-7, "1e-7");
    check_float(1e21, "1e+21");
    check_float(1e20, "100000000000000000000");
    check_float(100, "100");
    check_float(1.5, "1.5");
    check_float(-1.5, "-1.5");
    check_float(123456789012345680000.0, "123456789012345680000");
    check_float(0.1, "0.1");
    check_float(0.1 + 0.2, "0.30000000000000004");
    check_float(1.0 / 3.0, "0.3333333333333333");
    check_float(0.000001, "0.000001");
    check_float(0.0000012345, "0.0000012345");
    check_float(1.2345e-7, "1.2345e-7");
    check_float(123e-20, "1.23e-18");
    check_float(1.5e300, "1.5e+300");
    check_float(2.5e21, "2.5e+21");
    check_float(9007199254740993.0, "9007199254740992");
    check_float(18014398509481984.0, "18014398509481984");
    check_float(4.35, "4.35");
    check_float(5e-324, "5e-324");
    check_float(2.2250738585072014e-308, "2.2250738585072014e-308");
    check_float(-0.0, "0");
    check_float(1234.5678, "1234.5678");
    check_float(pow(2, -1022), "2.2250738585072014e-308");
    check_float(pow(2, 70), "1.1805916207174113e+21");
    check_float(pow(2, 60), "1152921504606847000");

    pl_buf buf;
    pl_buf_init(&buf);
    pl_error err;
    assert_false(pl_json_write_float64(&buf, NAN, &err));
    assert_int_equal(err.kind, PL_ERROR_ENCODE);
    assert_non_null(strstr(err.message, "NaN"));
    assert_false(pl_json_write_float64(&buf, INFINITY, &err));
    assert_int_equal(err.kind, PL_ERROR_ENCODE);
    assert_false(pl_json_write_float64(&buf, -INFINITY, &err));
    assert_int_equal(err.kind, PL_ERROR_ENCODE);
    assert_int_equal(buf.len, 0);
    char out[PL_JSON_FLOAT64_MAX];
    assert_int_equal(pl_json_format_float64(NAN, out), 0);
    assert_int_equal(pl_json_format_float64(-1.7976931348623157e308, out), 24);
    pl_buf_free(&buf);
}

/* Shortest digit count by brute force: the least precision whose %.*e reads back. */
static int brute_force_digits(double v)
{
    char buf[64];
    for (int p = 1; p <= 17; p++) {
        snprintf(buf, sizeof buf, "%.*e", p - 1, v);
        if (strtod(buf, NULL) == v)
            return p;
    }
    return 17;
}

static int significant_digits(const char *text)
{
    int count = 0, trailing_zeros = 0;
    bool started = false;
    for (const char *p = text; *p && *p != 'e'; p++) {
        if (*p < '0' || *p > '9')
            continue;
        if (*p == '0' && !started)
            continue;
        started = true;
        count++;
        trailing_zeros = *p == '0' ? trailing_zeros + 1 : 0;
    }
    return count - trailing_zeros;
}

static void test_shortest_round_trip_random(void **state)
{
    (void)state;
    /* A fixed xorshift sequence of bit patterns: every finite double must read back exactly
     * and use as few digits as the brute-force search. Integers above 2^53 are included. */
    uint64_t x = 0x9E3779B97F4A7C15ull;
    char out[PL_JSON_FLOAT64_MAX];
    for (int i = 0; i < 200000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        double v = from_bits(x);
        if (i % 4 == 1)
            v = (double)(int64_t)(x >> (i % 40)); /* integers of all sizes */
        if (i % 4 == 2)
            v = (double)(x % 100000) / 1000.0; /* short decimals */
        if (isnan(v) || isinf(v))
            continue;
        size_t len = pl_json_format_float64(v, out);
        assert_true(len > 0 && len < PL_JSON_FLOAT64_MAX);
        assert_int_equal(strlen(out), len);
        double back = strtod(out, NULL);
        if (back != v && !(v == 0 && back == 0))
            fail_msg("%.17g written as %s", v, out);
        if (v != 0 && significant_digits(out) != brute_force_digits(v))
            fail_msg("%.17g written as %s, not the shortest (%d digits)", v, out,
                     brute_force_digits(v));
    }
}

static void check_string(const char *text, size_t len, const char *expected)
{
    pl_buf buf;
    pl_buf_init(&buf);
    pl_error err;
    char *copy = exact_copy(text, len);
    if (!pl_json_write_string(&buf, copy, len, &err))
        fail_msg("refused: %s", err.message);
    if (buf.len != strlen(expected) || memcmp(buf.data, expected, buf.len) != 0)
        fail_msg("wrote %s, expected %s", buf.data, expected);
    free(copy);
    pl_buf_free(&buf);
}

static void test_strings(void **state)
{
    (void)state;
    check_string("", 0, "\"\"");
    check_string("plain", 5, "\"plain\"");
    check_string("q\"b\\s/", 6, "\"q\\\"b\\\\s/\"");
    check_string("\b\f\n\r\t", 5, "\"\\b\\f\\n\\r\\t\"");
    check_string("\x01\x1f\x7f", 3, "\"\\u0001\\u001f\x7f\"");
    check_string("a\0b", 3, "\"a\\u0000b\"");
    check_string("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9,
                 "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"");
    check_string("\xe2\x80\xa8", 3, "\"\xe2\x80\xa8\""); /* U+2028 stays raw, as in RFC 8785 */
    /* Long runs and specials at every phase of the eight-byte scan. */
    for (size_t at = 0; at < 24; at++) {
        char text[40], expected[48];
        memset(text, 'x', sizeof text);
        text[at] = '\n';
        size_t o = 0;
        expected[o++] = '"';
        for (size_t i = 0; i < sizeof text; i++) {
            if (i == at) {
                expected[o++] = '\\';
                expected[o++] = 'n';
            } else {
                expected[o++] = 'x';
            }
        }
        expected[o++] = '"';
        expected[o] = '\0';
        check_string(text, sizeof text, expected);
    }

    pl_buf buf;
    pl_buf_init(&buf);
    pl_error err;
    static const char *const bad[] = {"\xff", "abc\xc3", "\xed\xa0\x80", "\xc0\xaf",
                                      "12345678\xf5\x80\x80\x80"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_false(pl_json_write_string(&buf, bad[i], strlen(bad[i]), &err));
        assert_int_equal(err.kind, PL_ERROR_ENCODE);
    }
    pl_buf_free(&buf);
}

static void test_scalars_and_raw(void **state)
{
    (void)state;
    pl_buf buf;
    pl_buf_init(&buf);
    pl_error err;
    assert_true(pl_json_write_int64(&buf, INT64_MIN, &err));
    assert_true(pl_buf_append_char(&buf, ','));
    assert_true(pl_json_write_int64(&buf, INT64_MAX, &err));
    assert_true(pl_buf_append_char(&buf, ','));
    assert_true(pl_json_write_int32(&buf, INT32_MIN, &err));
    assert_true(pl_buf_append_char(&buf, ','));
    assert_true(pl_json_write_int32(&buf, 0, &err));
    assert_true(pl_buf_append_char(&buf, ','));
    assert_true(pl_json_write_bool(&buf, true, &err));
    assert_true(pl_buf_append_char(&buf, ','));
    assert_true(pl_json_write_bool(&buf, false, &err));
    assert_true(pl_buf_append_char(&buf, ','));
    assert_true(pl_json_write_null(&buf, &err));
    assert_string_equal(buf.data,
                        "-9223372036854775808,9223372036854775807,-2147483648,0,true,false,null");
    buf.len = 0;
    const char raw[] = " { \"a\" : [ 1 , \"x y\\\" \" ] ,\n\t\"b\":1.50e3 } ";
    assert_true(pl_json_write_raw(&buf, raw, sizeof raw - 1, &err));
    assert_string_equal(buf.data, raw);
    buf.len = 0;
    assert_true(pl_json_write_raw_compact(&buf, raw, sizeof raw - 1, &err));
    assert_string_equal(buf.data, "{\"a\":[1,\"x y\\\" \"],\"b\":1.50e3}");
    assert_false(pl_json_write_raw_compact(&buf, "{", 1, &err));
    assert_int_equal(err.kind, PL_ERROR_ENCODE);
    pl_buf_free(&buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc8785_numbers),
        cmocka_unit_test(test_ecmascript_forms),
        cmocka_unit_test(test_shortest_round_trip_random),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_scalars_and_raw),
    };
    return cmocka_run_group_tests_name("json_writer", tests, NULL, NULL);
}
