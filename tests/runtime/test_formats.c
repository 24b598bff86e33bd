/* date, datetime, uuid, base64 bytes, decimal: parsing, canonical writing, JSON wrappers. */
#include "test_util.h"

static bool date_ok(const char *text)
{
    pl_date d;
    size_t len = strlen(text);
    char *copy = exact_copy(text, len);
    bool ok = pl_date_parse(copy, len, &d);
    free(copy);
    return ok;
}

static void test_date(void **state)
{
    (void)state;
    static const char *const good[] = {"2024-02-29", "2000-02-29", "2023-12-31", "0000-01-01",
                                       "9999-12-31", "1970-01-01", "2023-04-30"};
    static const char *const bad[] = {"2023-02-29",     "1900-02-29", "2024-13-01",  "2024-00-10",
                                      "2024-01-00",     "2024-01-32", "2023-04-31",  "2024-1-01",
                                      "24-01-01",       "2024/01/01", "2024-01-01T", " 2024-01-01",
                                      "２０２４-01-01", "",           "+2024-01-01", "2024-01-0a"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        if (!date_ok(good[i]))
            fail_msg("refused %s", good[i]);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (date_ok(bad[i]))
            fail_msg("accepted %s", bad[i]);
    pl_date d;
    assert_true(pl_date_parse("2024-02-29", 10, &d));
    assert_int_equal(d.year, 2024);
    assert_int_equal(d.month, 2);
    assert_int_equal(d.day, 29);
    char out[PL_DATE_MAX];
    assert_int_equal(pl_date_format(&d, out), 10);
    assert_string_equal(out, "2024-02-29");
}

static void check_datetime(const char *text, const char *canonical)
{
    pl_datetime dt;
    size_t len = strlen(text);
    char *copy = exact_copy(text, len);
    bool ok = pl_datetime_parse(copy, len, &dt);
    free(copy);
    if (!canonical) {
        if (ok)
            fail_msg("accepted %s", text);
        return;
    }
    if (!ok)
        fail_msg("refused %s", text);
    char out[PL_DATETIME_MAX];
    size_t n = pl_datetime_format(&dt, out);
    assert_int_equal(n, strlen(out));
    if (strcmp(out, canonical) != 0)
        fail_msg("%s written as %s, expected %s", text, out, canonical);
}

static void test_datetime(void **state)
{
    (void)state;
    check_datetime("2024-05-01T10:00:00Z", "2024-05-01T10:00:00Z");
    check_datetime("2024-05-01t10:00:00z", "2024-05-01T10:00:00Z");
    check_datetime("2024-05-01T10:00:00+00:00", "2024-05-01T10:00:00Z");
    check_datetime("2024-05-01T10:00:00-00:00", "2024-05-01T10:00:00Z");
    check_datetime("2024-05-01T10:00:00+02:00", "2024-05-01T10:00:00+02:00");
    check_datetime("2024-05-01T10:00:00-09:30", "2024-05-01T10:00:00-09:30");
    check_datetime("2024-05-01T10:00:00.5Z", "2024-05-01T10:00:00.5Z");
    check_datetime("2024-05-01T10:00:00.500Z", "2024-05-01T10:00:00.5Z");
    check_datetime("2024-05-01T10:00:00.000Z", "2024-05-01T10:00:00Z");
    check_datetime("2024-05-01T10:00:00.123456789+01:00", "2024-05-01T10:00:00.123456789+01:00");
    check_datetime("2024-05-01T10:00:00.000000001Z", "2024-05-01T10:00:00.000000001Z");
    check_datetime("2024-02-29T23:59:59+23:59", "2024-02-29T23:59:59+23:59");
    check_datetime("1998-12-31T23:59:60Z", "1998-12-31T23:59:60Z");
    check_datetime("1998-12-31T15:59:60.123-08:00", "1998-12-31T15:59:60.123-08:00");
    check_datetime("1999-01-01T00:59:60+01:00", "1999-01-01T00:59:60+01:00");

    static const char *const bad[] = {
        "2024-05-01T10:00:00",             /* no offset */
        "2024-05-01 10:00:00Z",            /* space */
        "2024-05-01T10:00Z",               /* no seconds */
        "2024-05-01T24:00:00Z",            /* hour */
        "2024-05-01T10:60:00Z",            /* minute */
        "2024-05-01T10:00:61Z",            /* second */
        "1998-12-31T23:58:60Z",            /* leap second on the wrong minute */
        "1998-12-31T22:59:60Z",            /* ... and hour */
        "1998-12-31T23:59:60+01:00",       /* 22:59:60 UTC */
        "2024-05-01T10:00:00.Z",           /* empty fraction */
        "2024-05-01T10:00:00.1234567891Z", /* ten digits */
        "2024-05-01T10:00:00+2:00",        /* offset hour */
        "2024-05-01T10:00:00+24:00",       /* offset range */
        "2024-05-01T10:00:00+02:60",
        "2024-05-01T10:00:00+0200",
        "2024-05-01T10:00:00ZZ",
        "2024-05-01T10:00:00Z ",
        "2023-02-29T10:00:00Z", /* no such day */
        "2024-05-01T1:00:00Z",
        "2024-05-01",
        "",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        check_datetime(bad[i], NULL);

    pl_datetime dt;
    assert_true(pl_datetime_parse("2024-05-01T10:20:30.250+02:00", 29, &dt));
    assert_int_equal(dt.year, 2024);
    assert_int_equal(dt.month, 5);
    assert_int_equal(dt.day, 1);
    assert_int_equal(dt.hour, 10);
    assert_int_equal(dt.minute, 20);
    assert_int_equal(dt.second, 30);
    assert_int_equal(dt.nanosecond, 250000000);
    assert_int_equal(dt.fraction_digits, 3);
    assert_int_equal(dt.offset_minutes, 120);
    assert_true(pl_datetime_unix_seconds(&dt) == 1714551630);
    assert_true(pl_datetime_parse("1970-01-01T00:00:00Z", 20, &dt));
    assert_true(pl_datetime_unix_seconds(&dt) == 0);
    assert_true(pl_datetime_parse("1969-12-31T23:59:59Z", 20, &dt));
    assert_true(pl_datetime_unix_seconds(&dt) == -1);
    assert_true(pl_datetime_parse("0000-03-01T00:00:00Z", 20, &dt));
    assert_true(pl_datetime_unix_seconds(&dt) == -62162035200);
}

static void test_uuid(void **state)
{
    (void)state;
    pl_uuid u;
    const char *text = "123E4567-e89b-12D3-a456-426614174000";
    char *copy = exact_copy(text, 36);
    assert_true(pl_uuid_parse(copy, 36, &u));
    free(copy);
    assert_int_equal(u.bytes[0], 0x12);
    assert_int_equal(u.bytes[15], 0x00);
    char out[PL_UUID_MAX];
    assert_int_equal(pl_uuid_format(&u, out), 36);
    assert_string_equal(out, "123e4567-e89b-12d3-a456-426614174000");
    static const char *const bad[] = {
        "123e4567e89b12d3a456426614174000",      "123e4567-e89b-12d3-a456-42661417400",
        "123e4567-e89b-12d3-a456-4266141740000", "123e4567-e89b-12d3-a456_426614174000",
        "g23e4567-e89b-12d3-a456-426614174000",  "{123e4567-e89b-12d3-a456-426614174000}",
        "123e4567-e89b-12d3-a4564-26614174000",  ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (pl_uuid_parse(bad[i], strlen(bad[i]), &u))
            fail_msg("accepted %s", bad[i]);
}

static void test_base64(void **state)
{
    (void)state;
    /* RFC 4648 section 10. */
    static const struct {
        const char *data, *text;
    } vectors[] = {{"", ""},
                   {"f", "Zg=="},
                   {"fo", "Zm8="},
                   {"foo", "Zm9v"},
                   {"foob", "Zm9vYg=="},
                   {"fooba", "Zm9vYmE="},
                   {"foobar", "Zm9vYmFy"}};
    pl_arena *arena = pl_arena_new();
    for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
        pl_buf buf;
        pl_buf_init(&buf);
        assert_true(
            pl_base64_encode(&buf, (const uint8_t *)vectors[i].data, strlen(vectors[i].data)));
        assert_int_equal(buf.len, strlen(vectors[i].text));
        if (buf.len)
            assert_string_equal(buf.data, vectors[i].text);
        pl_buf_free(&buf);
        uint8_t *out;
        size_t out_len;
        size_t len = strlen(vectors[i].text);
        char *copy = exact_copy(vectors[i].text, len);
        assert_true(pl_base64_decode(copy, len, arena, &out, &out_len));
        free(copy);
        assert_int_equal(out_len, strlen(vectors[i].data));
        assert_memory_equal(out, vectors[i].data, out_len);
    }
    /* Every byte value survives. */
    uint8_t all[256];
    for (int i = 0; i < 256; i++)
        all[i] = (uint8_t)i;
    pl_buf buf;
    pl_buf_init(&buf);
    assert_true(pl_base64_encode(&buf, all, sizeof all));
    uint8_t *out;
    size_t out_len;
    assert_true(pl_base64_decode(buf.data, buf.len, arena, &out, &out_len));
    assert_int_equal(out_len, 256);
    assert_memory_equal(out, all, 256);
    pl_buf_free(&buf);

    static const char *const bad[] = {"Zg",   "Zg=",       "Zm8",      "Zh==",   "Zm9=",
                                      "Zg=a", "Z===",      "====",     "Zm9v\n", "Zm-v",
                                      "Zm_v", "Zm9v Zg==", "Zg==Zg==", "=Zg="};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (pl_base64_decode(bad[i], strlen(bad[i]), arena, &out, &out_len))
            fail_msg("accepted %s", bad[i]);
    pl_arena_free(arena);
}

static void test_decimal(void **state)
{
    (void)state;
    static const char *const good[] = {
        "0", "-0", "12", "-12.50", "0.001", "123456789012345678901234567890.123456789"};
    static const char *const bad[] = {"",      "-",  "01", "1.",  ".5",   "+1", "1e5",
                                      "1.2.3", " 1", "1 ", "--1", "0x10", "NaN"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        if (!pl_decimal_valid(good[i], strlen(good[i])))
            fail_msg("refused %s", good[i]);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (pl_decimal_valid(bad[i], strlen(bad[i])))
            fail_msg("accepted %s", bad[i]);
}

static void test_json_wrappers(void **state)
{
    (void)state;
    const char *text = "[\"2024-02-29\",\"2024-05-01T10:00:00.500+00:00\","
                       "\"123E4567-E89B-12D3-A456-426614174000\",\"Zm9vYg==\",\"-12.50\","
                       "\"2024-02-30\"]";
    pl_arena *arena = pl_arena_new();
    pl_error err;
    pl_json_reader r;
    pl_json_reader_init(&r, text, strlen(text), arena, &err);
    pl_date d;
    pl_datetime dt;
    pl_uuid u;
    uint8_t *bytes;
    size_t bytes_len;
    const char *dec;
    size_t dec_len;
    assert_true(pl_json_array_begin(&r));
    assert_int_equal(pl_json_array_next(&r), 1);
    assert_true(pl_json_read_date(&r, &d));
    assert_int_equal(pl_json_array_next(&r), 1);
    assert_true(pl_json_read_datetime(&r, &dt));
    assert_int_equal(pl_json_array_next(&r), 1);
    assert_true(pl_json_read_uuid(&r, &u));
    assert_int_equal(pl_json_array_next(&r), 1);
    assert_true(pl_json_read_bytes(&r, &bytes, &bytes_len));
    assert_int_equal(pl_json_array_next(&r), 1);
    assert_true(pl_json_read_decimal(&r, &dec, &dec_len));
    assert_string_equal(dec, "-12.50");
    assert_int_equal(pl_json_array_next(&r), 1);
    assert_false(pl_json_read_date(&r, &d));
    assert_int_equal(err.kind, PL_ERROR_FORMAT);
    assert_string_equal(err.path, "/5");
    assert_int_equal(err.offset, strlen(text) - 13);

    pl_buf buf;
    pl_buf_init(&buf);
    assert_true(pl_json_write_date(&buf, &d, &err));
    assert_string_equal(buf.data, "\"2024-02-29\"");
    buf.len = 0;
    assert_true(pl_json_write_datetime(&buf, &dt, &err));
    assert_true(pl_buf_append_char(&buf, ','));
    assert_true(pl_json_write_uuid(&buf, &u, &err));
    assert_true(pl_buf_append_char(&buf, ','));
    assert_true(pl_json_write_bytes(&buf, bytes, bytes_len, &err));
    assert_true(pl_buf_append_char(&buf, ','));
    assert_true(pl_json_write_decimal(&buf, dec, dec_len, &err));
    assert_string_equal(buf.data, "\"2024-05-01T10:00:00.5Z\",\"123e4567-e89b-12d3-a456-"
                                  "426614174000\",\"Zm9vYg==\",\"-12.50\"");
    assert_false(pl_json_write_decimal(&buf, "1e5", 3, &err));
    assert_int_equal(err.kind, PL_ERROR_ENCODE);
    pl_buf_free(&buf);

    /* Wrong JSON kinds and bad texts, with paths. */
    static const struct {
        const char *text;
        pl_error_kind kind;
    } bad[] = {{"{\"d\":1}", PL_ERROR_TYPE},
               {"{\"d\":null}", PL_ERROR_NULL},
               {"{\"d\":\"2024-1-1\"}", PL_ERROR_FORMAT},
               {"{\"d\":\"Zg\"}", PL_ERROR_FORMAT},
               {"{\"d\":\"x\"}", PL_ERROR_FORMAT},
               {"{\"d\":\"1.\"}", PL_ERROR_FORMAT}};
    for (int which = 0; which < 5; which++) {
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            pl_json_reader_init(&r, bad[i].text, strlen(bad[i].text), arena, &err);
            const char *key;
            size_t key_len;
            assert_true(pl_json_object_begin(&r));
            assert_int_equal(pl_json_object_next(&r, &key, &key_len), 1);
            bool ok;
            switch (which) {
            case 0:
                ok = pl_json_read_date(&r, &d);
                break;
            case 1:
                ok = pl_json_read_datetime(&r, &dt);
                break;
            case 2:
                ok = pl_json_read_uuid(&r, &u);
                break;
            case 3:
                ok = pl_json_read_bytes(&r, &bytes, &bytes_len);
                break;
            default:
                ok = pl_json_read_decimal(&r, &dec, &dec_len);
                break;
            }
            assert_false(ok);
            assert_int_equal(err.kind, bad[i].kind);
            assert_string_equal(err.path, "/d");
        }
    }
    pl_arena_free(arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date),    cmocka_unit_test(test_datetime),
        cmocka_unit_test(test_uuid),    cmocka_unit_test(test_base64),
        cmocka_unit_test(test_decimal), cmocka_unit_test(test_json_wrappers),
    };
    return cmocka_run_group_tests_name("formats", tests, NULL, NULL);
}
