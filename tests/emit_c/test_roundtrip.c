/* Runs the C generated at build time from tests/emit_c/schemas/everything.payload: every kind of
 * field and type decoded, validated and written back byte for byte, defaults, recursion through
 * pointers, unions in both tag positions, open enums and unions, escaped member names, values
 * built by hand, and the errors of each stage with their paths. The conformance suite checks the
 * wire behaviour across languages; this checks the C API itself. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test_every.h"

/* The inputs are exact-size heap copies, so that ASan sees any read past the end. */
static char *copy_of(const char *text, size_t len)
{
    char *copy = malloc(len ? len : 1);
    assert_non_null(copy);
    memcpy(copy, text, len);
    return copy;
}

#define ROUND_TRIP(T, input, expected)                                                             \
    do {                                                                                           \
        pl_arena *arena_ = pl_arena_new();                                                         \
        pl_error err_;                                                                             \
        T value_;                                                                                  \
        pl_buf out_;                                                                               \
        pl_buf_init(&out_);                                                                        \
        size_t len_ = strlen(input);                                                               \
        char *text_ = copy_of(input, len_);                                                        \
        if (!T##_decode(text_, len_, arena_, &value_, &err_))                                      \
            fail_msg("decode: %s at '%s'", err_.message, err_.path);                               \
        if (!T##_validate(&value_, &err_))                                                         \
            fail_msg("validate: %s at '%s'", err_.message, err_.path);                             \
        if (!T##_encode(&value_, &out_, &err_))                                                    \
            fail_msg("encode: %s at '%s'", err_.message, err_.path);                               \
        assert_string_equal(out_.data, expected);                                                  \
        free(text_);                                                                               \
        pl_buf_free(&out_);                                                                        \
        pl_arena_free(arena_);                                                                     \
    } while (0)

/* Expects a failure at the stage ("decode" or "validate") with the path and kind. */
#define FAILS(T, input, want_stage, want_path, want_kind)                                                         \
    do {                                                                                           \
        pl_arena *arena_ = pl_arena_new();                                                         \
        pl_error err_;                                                                             \
        T value_;                                                                                  \
        size_t len_ = strlen(input);                                                               \
        char *text_ = copy_of(input, len_);                                                        \
        bool decoded_ = T##_decode(text_, len_, arena_, &value_, &err_);                           \
        if (strcmp(want_stage, "decode") == 0) {                                                        \
            assert_false(decoded_);                                                                \
        } else {                                                                                   \
            if (!decoded_)                                                                         \
                fail_msg("decode: %s at '%s'", err_.message, err_.path);                           \
            assert_false(T##_validate(&value_, &err_));                                            \
        }                                                                                          \
        assert_string_equal(err_.path, want_path);                                                 \
        assert_int_equal(err_.kind, want_kind);                                                         \
        free(text_);                                                                               \
        pl_arena_free(arena_);                                                                     \
    } while (0)

static const char defaults_out[] =
    "{\"b\":true,\"i\":-2147483648,\"l\":9007199254740993,\"f\":2,\"g\":1e+21,"
    "\"s\":\"tab\\there \\\"quoted\\\" ?\?= \xc3\xa9 \\u0000 end\",\"by\":\"AAEC/w==\","
    "\"d\":\"2024-02-29\",\"dt\":\"2025-03-01T15:00:00.5Z\","
    "\"u\":\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\",\"m\":\"12.50\",\"j\":{},\"jn\":null,"
    "\"js\":\"text\",\"c\":\"light-green\",\"lv\":\"unknown\",\"n\":null,\"nv\":7,\"p\":50,"
    "\"mn\":\"x\"}";

static void defaults_are_applied_and_written(void **state)
{
    (void)state;
    ROUND_TRIP(test_every_Defaults, "{}", defaults_out);
    /* The defaults as C values. */
    pl_arena *arena = pl_arena_new();
    pl_error err;
    test_every_Defaults d;
    assert_true(test_every_Defaults_decode("{}", 2, arena, &d, &err));
    assert_true(d.b);
    assert_int_equal(d.i, INT32_MIN);
    assert_true(d.l == INT64_C(9007199254740993));
    assert_int_equal(d.s.len, 30);
    assert_int_equal(d.by.len, 4);
    assert_int_equal(d.by.data[3], 0xff);
    assert_int_equal(d.dt.nanosecond, 500000000);
    assert_int_equal(d.dt.fraction_digits, 3);
    assert_int_equal(d.u.bytes[0], 0xa0);
    assert_int_equal(d.c, TEST_EVERY_COLOUR_LIGHT_GREEN);
    assert_int_equal(d.lv.value, TEST_EVERY_LEVEL_UNKNOWN);
    assert_true(d.n_is_null);
    assert_false(d.nv_is_null);
    assert_int_equal(d.nv, 7);
    assert_false(d.mn.is_null);
    pl_arena_free(arena);
}

static const char everything_in[] =
    "{\"flag\":true,\"small\":-5,\"big\":9007199254740991,\"real\":0.1,\"text\":\"h\\u00e9\\n\","
    "\"data\":\"AAEC\",\"day\":\"2024-02-29\",\"at\":\"2024-05-01T10:00:00.120-05:30\","
    "\"id\":\"A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11\",\"money\":\"-0.50\","
    "\"anything\":{ \"a\" : [1, 2.0, \"x y\"] },\"colour\":\"light-green\",\"level\":\"medium\","
    "\"percent\":100,\"slug\":\"abc\",\"maybe_name\":null,\"tags\":[\"ab\"],\"old_tags\":[\"z\"],"
    "\"ints\":[1,null,3],\"matrix\":[[1,2],[],[3.5]],\"scores\":{\"a\":1,\"b\":null,\"a\":4},"
    "\"nested\":{\"p\":[{\"x\":1,\"y\":2}]},\"shape\":{\"kind\":\"nothing\"},"
    "\"extension\":{\"type\":\"zzz\", \"n\": 1.0},\"patch\":null,\"short_name\":\"abc\","
    "\"unknown\":[{\"deep\":[]}],\"defaults\":{}}";

static void every_type_round_trips(void **state)
{
    (void)state;
    char expected[2048];
    snprintf(expected, sizeof expected, "%s%s}",
             "{\"flag\":true,\"small\":-5,\"big\":9007199254740991,\"real\":0.1,"
             "\"text\":\"h\xc3\xa9\\n\",\"data\":\"AAEC\",\"day\":\"2024-02-29\","
             "\"at\":\"2024-05-01T10:00:00.12-05:30\",\"id\":\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\","
             "\"money\":\"-0.50\",\"anything\":{\"a\":[1,2.0,\"x y\"]},\"colour\":\"light-green\","
             "\"level\":\"medium\",\"percent\":100,\"slug\":\"abc\",\"maybe_name\":null,"
             "\"tags\":[\"ab\"],\"old_tags\":[\"z\"],\"ints\":[1,null,3],"
             "\"matrix\":[[1,2],[],[3.5]],\"scores\":{\"a\":4,\"b\":null},"
             "\"nested\":{\"p\":[{\"x\":1,\"y\":2}]},\"shape\":{\"kind\":\"nothing\"},"
             "\"extension\":{\"type\":\"zzz\",\"n\":1.0},\"patch\":null,\"short_name\":\"abc\","
             "\"defaults\":",
             defaults_out);
    ROUND_TRIP(test_every_Everything, everything_in, expected);
}

static void decoded_values_are_usable(void **state)
{
    (void)state;
    pl_arena *arena = pl_arena_new();
    pl_error err;
    test_every_Everything v;
    assert_true(test_every_Everything_decode(everything_in, strlen(everything_in), arena, &v, &err));
    assert_string_equal(v.text.data, "h\xc3\xa9\n"); /* NUL-terminated arena copy */
    assert_int_equal(v.data.len, 3);
    assert_int_equal(v.level.value, TEST_EVERY_LEVEL_UNKNOWN_);
    assert_string_equal(v.level.raw.data, "medium");
    assert_true(v.maybe_name.is_null);
    assert_int_equal(v.ints.count, 3);
    assert_true(v.ints.is_null[1]);
    assert_int_equal(v.ints.items[2], 3);
    assert_int_equal(v.matrix.count, 3);
    assert_int_equal(v.matrix.items[1].count, 0);
    assert_true(v.matrix.items[2].items[0] == 3.5);
    /* A repeated map key keeps its first place and takes the last value. */
    assert_int_equal(v.scores.count, 2);
    assert_string_equal(v.scores.keys[0].data, "a");
    assert_int_equal(v.scores.values[0], 4);
    assert_true(v.scores.is_null[1]);
    assert_int_equal(v.shape.tag, TEST_EVERY_SHAPE_NOTHING);
    assert_true(v.has_extension);
    assert_int_equal(v.extension.tag, TEST_EVERY_EXTENSION_UNKNOWN);
    assert_true(v.has_patch);
    assert_true(v.patch_is_null);
    assert_true(v.has_old_tags);
    assert_string_equal(test_every_Colour_to_string(v.colour), "light-green");
    test_every_Colour c;
    assert_true(test_every_Colour_from_string("red", 3, &c));
    assert_int_equal(c, TEST_EVERY_COLOUR_RED);
    assert_false(test_every_Colour_from_string("light_green", 11, &c));
    assert_null(test_every_Colour_to_string((test_every_Colour)42));
    pl_arena_free(arena);
}

static void recursion_goes_through_pointers(void **state)
{
    (void)state;
    ROUND_TRIP(test_every_Node,
               "{\"name\":\"ab\",\"next\":{\"name\":\"cd\",\"maybe\":{\"name\":\"ef\"}},"
               "\"children\":[{\"name\":\"gh\"}],\"by_name\":{\"x\":{\"name\":\"ij\"}}}",
               "{\"name\":\"ab\",\"next\":{\"name\":\"cd\",\"maybe\":{\"name\":\"ef\",\"maybe\":null,"
               "\"children\":[],\"by_name\":{}},\"children\":[],\"by_name\":{}},\"maybe\":null,"
               "\"children\":[{\"name\":\"gh\",\"maybe\":null,\"children\":[],\"by_name\":{}}],"
               "\"by_name\":{\"x\":{\"name\":\"ij\",\"maybe\":null,\"children\":[],\"by_name\":{}}}}");
    FAILS(test_every_Node, "{\"name\":\"ab\",\"next\":{\"name\":\"c\"}}", "validate", "/next/name",
          PL_ERROR_CONSTRAINT);
    FAILS(test_every_Node, "{\"name\":\"ab\",\"children\":[{\"name\":\"ok\"},{}]}", "decode",
          "/children/1/name", PL_ERROR_MISSING);
}

static void unions_read_the_tag_anywhere(void **state)
{
    (void)state;
    const char *expected = "{\"kind\":\"group\",\"shapes\":[{\"kind\":\"circle\",\"center\":{\"x\":0,"
                           "\"y\":0},\"radius\":1.5},{\"kind\":\"nothing\"}],\"main\":{\"kind\":\"dot\","
                           "\"x\":1,\"y\":2}}";
    ROUND_TRIP(test_every_Shape,
               "{\"main\":{\"kind\":\"dot\",\"x\":1,\"y\":2},\"shapes\":[{\"center\":{\"x\":0,\"y\":0},"
               "\"radius\":1.5,\"kind\":\"circle\"},{\"kind\":\"nothing\"}],\"kind\":\"group\"}",
               expected);
    ROUND_TRIP(test_every_Shape, expected, expected);
    /* A repeated tag: the last one wins, as JSON.parse would have it. */
    ROUND_TRIP(test_every_Shape, "{\"kind\":\"circle\",\"kind\":\"dot\",\"x\":1,\"y\":2}",
               "{\"kind\":\"dot\",\"x\":1,\"y\":2}");
    FAILS(test_every_Shape, "{\"kind\":\"square\"}", "decode", "/kind", PL_ERROR_TAG);
    FAILS(test_every_Shape, "{\"x\":1,\"kind\":\"square\"}", "decode", "/kind", PL_ERROR_TAG);
    FAILS(test_every_Shape, "{\"x\":1}", "decode", "/kind", PL_ERROR_TAG);
    FAILS(test_every_Shape, "{\"kind\":null}", "decode", "/kind", PL_ERROR_NULL);
    FAILS(test_every_Shape, "{\"kind\":7}", "decode", "/kind", PL_ERROR_TYPE);
    FAILS(test_every_Shape, "[]", "decode", "", PL_ERROR_TYPE);
    FAILS(test_every_Shape, "{\"kind\":\"circle\",\"center\":{\"x\":0,\"y\":0},\"radius\":-1}",
          "validate", "/radius", PL_ERROR_CONSTRAINT);
    /* Open: the unknown object kept as it came, without whitespace; members named tag and raw. */
    ROUND_TRIP(test_every_Extension, "{ \"type\" : \"other\" , \"a\" : [ 1 , 2.50 ] }",
               "{\"type\":\"other\",\"a\":[1,2.50]}");
    ROUND_TRIP(test_every_Extension, "{\"type\":\"tag\"}", "{\"type\":\"tag\"}");
    ROUND_TRIP(test_every_Extension, "{\"x\":1,\"type\":\"raw\",\"y\":2}",
               "{\"type\":\"raw\",\"x\":1,\"y\":2}");
}

static void escaped_member_names(void **state)
{
    (void)state;
    const char *in = "{\"size\":1,\"int\":3,\"default\":\"d\",\"struct\":null,\"has_size\":2,"
                     "\"_private\":\"q\",\"errno\":5}";
    ROUND_TRIP(test_every_Keywords, in,
               "{\"int\":3,\"default\":\"d\",\"union\":true,\"struct\":null,\"_private\":\"q\","
               "\"errno\":5,\"has_size\":2,\"size\":1}");
    pl_arena *arena = pl_arena_new();
    pl_error err;
    test_every_Keywords k;
    assert_true(test_every_Keywords_decode(in, strlen(in), arena, &k, &err));
    assert_int_equal(k.int_, 3);
    assert_true(k.has_default_);
    assert_true(k.union_);
    assert_true(k.struct__is_null);
    assert_string_equal(k.private_.data, "q");
    assert_int_equal(k.errno_, 5);
    assert_true(k.has_has_size_);
    assert_int_equal(k.has_size_, 2);
    assert_true(k.has_size);
    assert_int_equal(k.size, 1);
    pl_arena_free(arena);
}

static void errors_carry_paths(void **state)
{
    (void)state;
    FAILS(test_every_Keywords, "{\"int\":1.5,\"struct\":null}", "decode", "/int", PL_ERROR_RANGE);
    FAILS(test_every_Keywords, "{\"int\":1}", "decode", "/struct", PL_ERROR_MISSING);
    FAILS(test_every_Keywords, "{\"int\":1,\"struct\":{\"x\":1}}", "decode", "/struct/y",
          PL_ERROR_MISSING);
    FAILS(test_every_Keywords, "{\"int\":1,\"struct\":null,\"union\":null}", "decode", "/union",
          PL_ERROR_NULL);
    FAILS(test_every_Keywords, "{\"int\":1,\"struct\":null,}", "decode", "", PL_ERROR_SYNTAX);
    FAILS(test_every_Level, "7", "decode", "", PL_ERROR_TYPE);
    FAILS(test_every_Colour, "\"blue\"", "decode", "", PL_ERROR_ENUM);
    FAILS(test_every_Percent, "0", "validate", "", PL_ERROR_CONSTRAINT);
    FAILS(test_every_Slug, "\"ABC\"", "validate", "", PL_ERROR_CONSTRAINT);
    FAILS(test_every_Tags, "[]", "validate", "", PL_ERROR_CONSTRAINT);
    FAILS(test_every_Tags, "[\"ab\",\"a\"]", "validate", "/1", PL_ERROR_CONSTRAINT);
    FAILS(test_every_Everything, "{}", "decode", "/flag", PL_ERROR_MISSING);
}

static void values_built_by_hand(void **state)
{
    (void)state;
    pl_buf out;
    pl_error err;
    pl_buf_init(&out);
    test_every_Point p = {1.5, -2};
    assert_true(test_every_Point_encode(&p, &out, &err));
    assert_string_equal(out.data, "{\"x\":1.5,\"y\":-2}");
    /* NaN cannot be written: an encode error at the field, the buffer left as it was. */
    out.len = 0;
    p.y = NAN;
    assert_false(test_every_Point_encode(&p, &out, &err));
    assert_int_equal(err.kind, PL_ERROR_ENCODE);
    assert_string_equal(err.path, "/y");
    assert_int_equal(out.len, 0);
    /* A required member held through a pointer may not be NULL. */
    test_every_Group group;
    memset(&group, 0, sizeof group);
    assert_false(test_every_Group_encode(&group, &out, &err));
    assert_string_equal(err.path, "/main");
    /* A list that claims items it does not have. */
    test_every_Shape main_shape;
    memset(&main_shape, 0, sizeof main_shape);
    main_shape.tag = TEST_EVERY_SHAPE_NOTHING;
    group.main = &main_shape;
    group.shapes.count = 2;
    assert_false(test_every_Group_encode(&group, &out, &err));
    assert_string_equal(err.path, "/shapes");
    group.shapes.count = 0;
    out.len = 0;
    assert_true(test_every_Group_encode(&group, &out, &err));
    assert_string_equal(out.data, "{\"shapes\":[],\"main\":{\"kind\":\"nothing\"}}");
    /* Out-of-range enum and tag values are encode errors, not garbage. */
    test_every_Colour colour = (test_every_Colour)9;
    assert_false(test_every_Colour_encode(&colour, &out, &err));
    main_shape.tag = (test_every_Shape_tag)9;
    assert_false(test_every_Shape_encode(&main_shape, &out, &err));
    /* An open enum's unknown value is written from raw. */
    test_every_Level level = {TEST_EVERY_LEVEL_UNKNOWN_, {"medium", 6}};
    out.len = 0;
    assert_true(test_every_Level_encode(&level, &out, &err));
    assert_string_equal(out.data, "\"medium\"");
    /* A datetime that does not exist is refused. */
    test_every_Defaults d;
    pl_arena *arena = pl_arena_new();
    assert_true(test_every_Defaults_decode("{}", 2, arena, &d, &err));
    d.dt.month = 13;
    assert_false(test_every_Defaults_encode(&d, &out, &err));
    assert_string_equal(err.path, "/dt");
    pl_arena_free(arena);
    pl_buf_free(&out);
}

static void top_level_lists_and_aliases(void **state)
{
    (void)state;
    ROUND_TRIP(test_every_Tags, "[\"ab\", \"cd\"]", "[\"ab\",\"cd\"]");
    ROUND_TRIP(test_every_MaybeName, "null", "null");
    ROUND_TRIP(test_every_MaybeName, "\"n\"", "\"n\"");
    ROUND_TRIP(test_every_MaybeNode, "null", "null");
    ROUND_TRIP(test_every_Level, "\"unknown\"", "\"unknown\"");
    ROUND_TRIP(test_every_Colour, "\"light-green\"", "\"light-green\"");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaults_are_applied_and_written),
        cmocka_unit_test(every_type_round_trips),
        cmocka_unit_test(decoded_values_are_usable),
        cmocka_unit_test(recursion_goes_through_pointers),
        cmocka_unit_test(unions_read_the_tag_anywhere),
        cmocka_unit_test(escaped_member_names),
        cmocka_unit_test(errors_carry_paths),
        cmocka_unit_test(values_built_by_hand),
        cmocka_unit_test(top_level_lists_and_aliases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
