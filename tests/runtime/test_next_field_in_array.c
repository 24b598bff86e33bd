/* pl_json_object_next_field called where an array is open must fail as pl_json_object_next does,
 * without looking at the field table: the frame's index counts elements there, and reading
 * fields[index + 1] before checking the frame was a read past a short table (ASan found it). */
#include "test_util.h"

static void field_inside_an_array(void **state)
{
    (void)state;
    static const char text[] = "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20]";
    /* {x, y} and the end entry, in a block of exactly three entries. */
    pl_json_field *fields = calloc(3, sizeof *fields);
    assert_non_null(fields);
    static const char quoted_x[16] = "\"x\":", quoted_y[16] = "\"y\":";
    fields[0] = (pl_json_field){"x", quoted_x, 1, 4};
    fields[1] = (pl_json_field){"y", quoted_y, 1, 4};
    for (size_t elements = 0; elements <= 20; elements++) {
        pl_error errs[2];
        for (int by_field = 0; by_field < 2; by_field++) {
            char *copy = exact_copy(text, sizeof text - 1);
            pl_json_reader r;
            pl_json_reader_init(&r, copy, sizeof text - 1, NULL, &errs[by_field]);
            assert_true(pl_json_array_begin(&r));
            for (size_t i = 0; i < elements; i++) {
                assert_int_equal(pl_json_array_next(&r), 1);
                assert_true(pl_json_skip(&r));
            }
            if (by_field) {
                assert_int_equal(pl_json_object_next_field(&r, fields), PL_JSON_FIELD_ERROR);
            } else {
                const char *key;
                size_t key_len;
                assert_int_equal(pl_json_object_next(&r, &key, &key_len), -1);
            }
            free(copy);
        }
        assert_int_equal(errs[1].kind, errs[0].kind);
        assert_int_equal(errs[1].offset, errs[0].offset);
        assert_string_equal(errs[1].path, errs[0].path);
        assert_string_equal(errs[1].message, errs[0].message);
        assert_string_equal(errs[1].message, "pl_json_object_next called outside an object");
    }
    free(fields);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(field_inside_an_array),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
