/* The parts of libpayload that generated C code uses (payload.h, "support for generated code"):
 * list and map builders, union tag look-ahead, mark/rewind, `json` values, patterns shared by
 * threads, the compact write and check helpers, arena reset. */
#include <pthread.h>
#include <stdio.h>

#include "test_util.h"

/* ---- list builder ---- */

static void list_of_small_elements(void **state)
{
    (void)state;
    pl_arena *arena = pl_arena_new();
    pl_list_builder list = PL_LIST_BUILDER_INIT;
    for (int32_t i = 0; i < 1000; i++) {
        int32_t *slot = pl_list_push(arena, &list, sizeof *slot);
        assert_non_null(slot);
        assert_int_equal(*slot, 0); /* zeroed */
        *slot = i;
        /* Something else allocated between pushes: the list cannot simply grow in place. */
        if (i % 7 == 0)
            assert_non_null(pl_arena_strdup(arena, "x", 1));
    }
    int32_t *items = pl_list_finish(arena, &list, sizeof *items);
    assert_int_equal(list.count, 1000);
    for (int32_t i = 0; i < 1000; i++)
        assert_int_equal(items[i], i);
    pl_list_builder empty = PL_LIST_BUILDER_INIT;
    assert_null(pl_list_finish(arena, &empty, 8));
    pl_arena_free(arena);
}

typedef struct big {
    char bytes[1000];
    size_t index;
} big;

static void large_list_gets_a_block_of_its_own(void **state)
{
    (void)state;
    pl_arena *arena = pl_arena_new();
    pl_list_builder list = PL_LIST_BUILDER_INIT;
    for (size_t i = 0; i < 5000; i++) { /* 5 MB */
        big *slot = pl_list_push(arena, &list, sizeof *slot);
        assert_non_null(slot);
        slot->index = i;
        slot->bytes[999] = (char)i;
    }
    assert_non_null(list.owned);
    big *items = pl_list_finish(arena, &list, sizeof *items);
    for (size_t i = 0; i < 5000; i++) {
        assert_int_equal(items[i].index, i);
        assert_int_equal(items[i].bytes[999], (char)i);
    }
    assert_true(pl_arena_bytes_reserved(arena) >= 5000 * sizeof(big));
    pl_arena_free(arena); /* frees the owned block too (ASan/valgrind would see a leak) */
}

static void list_slots_overwrite(void **state)
{
    (void)state;
    pl_arena *arena = pl_arena_new();
    pl_list_builder list = PL_LIST_BUILDER_INIT;
    int64_t *a = pl_list_slot(arena, &list, 0, sizeof *a);
    *a = 5;
    int64_t *b = pl_list_slot(arena, &list, 1, sizeof *b);
    *b = 6;
    int64_t *again = pl_list_slot(arena, &list, 0, sizeof *again);
    assert_int_equal(*again, 0);
    assert_int_equal(list.count, 2);
    pl_arena_free(arena);
}

/* ---- map keys ---- */

static void map_keys_keep_first_place(void **state)
{
    (void)state;
    pl_arena *arena = pl_arena_new();
    pl_map_builder map = PL_MAP_BUILDER_INIT;
    char key[32];
    /* 2000 keys, each given twice: the hash index must find every repeat. */
    for (int round = 0; round < 2; round++) {
        for (int i = 0; i < 2000; i++) {
            int n = snprintf(key, sizeof key, "key-%d", i);
            size_t index;
            assert_true(pl_map_key(arena, &map, key, (size_t)n, &index));
            assert_int_equal(index, (size_t)i);
        }
    }
    size_t index;
    assert_true(pl_map_key(arena, &map, "", 0, &index));
    assert_int_equal(index, 2000);
    assert_true(pl_map_key(arena, &map, "a\0b", 3, &index));
    assert_int_equal(index, 2001);
    assert_true(pl_map_key(arena, &map, "a", 1, &index));
    assert_int_equal(index, 2002);
    pl_string *keys = pl_list_finish(arena, &map.keys, sizeof *keys);
    assert_string_equal(keys[17].data, "key-17");
    assert_int_equal(keys[2001].len, 3);
    pl_arena_free(arena);
}

/* ---- union tags ---- */

static void tag_first_is_read_in_one_pass(void **state)
{
    (void)state;
    const char *text = "{\"kind\":\"match\",\"id\":1}";
    pl_error err;
    pl_json_reader r;
    const char *tag, *key;
    size_t tag_len, key_len;
    pl_json_reader_init(&r, text, strlen(text), NULL, &err);
    assert_int_equal(pl_json_object_begin_tag(&r, "kind", 4, &tag, &tag_len), 1);
    assert_int_equal(tag_len, 5);
    assert_memory_equal(tag, "match", 5);
    assert_int_equal(pl_json_object_next(&r, &key, &key_len), 1);
    assert_memory_equal(key, "id", 2);
    int64_t id;
    assert_true(pl_json_read_int64(&r, &id));
    assert_int_equal(pl_json_object_next(&r, &key, &key_len), 0);
    assert_true(pl_json_reader_finish(&r));
}

static void tag_elsewhere_is_found_by_looking_ahead(void **state)
{
    (void)state;
    const char *text = " {\"id\":{\"kind\":\"no\"},\"kind\":\"a\",\"x\":[1,{}],\"kind\":\"b\"}";
    pl_arena *arena = pl_arena_new();
    pl_error err;
    pl_json_reader r;
    const char *tag, *key;
    size_t tag_len, key_len;
    pl_json_reader_init(&r, text, strlen(text), arena, &err);
    pl_json_mark mark = pl_json_mark_here(&r);
    assert_int_equal(pl_json_object_begin_tag(&r, "kind", 4, &tag, &tag_len), 0);
    pl_json_rewind(&r, mark);
    /* The last "kind" wins; the inner one does not count. */
    assert_int_equal(pl_json_peek_tag(&r, "kind", 4, &tag, &tag_len), 1);
    assert_int_equal(tag_len, 1);
    assert_memory_equal(tag, "b", 1);
    /* Nothing was consumed: the object reads from its start. */
    assert_true(pl_json_object_begin(&r));
    assert_int_equal(pl_json_object_next(&r, &key, &key_len), 1);
    assert_memory_equal(key, "id", 2);
    assert_true(pl_json_skip(&r));
    while (pl_json_object_next(&r, &key, &key_len) > 0)
        assert_true(pl_json_skip(&r));
    assert_true(pl_json_reader_finish(&r));
    pl_arena_free(arena);
}

static void tag_problems(void **state)
{
    (void)state;
    pl_arena *arena = pl_arena_new();
    pl_error err;
    pl_json_reader r;
    const char *tag;
    size_t tag_len;
    struct {
        const char *text;
        int result;
        const char *path;
        pl_error_kind kind;
    } cases[] = {
        {"{\"a\":1}", 0, NULL, PL_ERROR_NONE},
        {"{}", 0, NULL, PL_ERROR_NONE},
        {"{\"kind\":7}", -1, "/kind", PL_ERROR_TYPE},
        {"{\"kind\":null}", -1, "/kind", PL_ERROR_NULL},
        {"{\"k\\u0069nd\":\"x\"}", 1, NULL, PL_ERROR_NONE},
        {"[]", -1, "", PL_ERROR_TYPE},
        {"{\"kind\":\"x\",}", -1, "", PL_ERROR_SYNTAX},
        {"{\"kind\":\"\\ud800\"}", -1, "", PL_ERROR_SYNTAX},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len = strlen(cases[i].text);
        char *text = exact_copy(cases[i].text, len);
        pl_json_reader_init(&r, text, len, arena, &err);
        int result = pl_json_peek_tag(&r, "kind", 4, &tag, &tag_len);
        assert_int_equal(result, cases[i].result);
        if (cases[i].path) {
            assert_string_equal(err.path, cases[i].path);
            assert_int_equal(err.kind, cases[i].kind);
        }
        free(text);
    }
    /* Inside a parent, the path is the parent's plus the key. */
    const char *text = "{\"items\":[{\"kind\":false}]}";
    const char *key;
    size_t key_len;
    pl_json_reader_init(&r, text, strlen(text), arena, &err);
    assert_true(pl_json_object_begin(&r));
    assert_int_equal(pl_json_object_next(&r, &key, &key_len), 1);
    assert_true(pl_json_array_begin(&r));
    assert_int_equal(pl_json_array_next(&r), 1);
    assert_int_equal(pl_json_peek_tag(&r, "kind", 4, &tag, &tag_len), -1);
    assert_string_equal(err.path, "/items/0/kind");
    pl_arena_free(arena);
}

static void unknown_members_and_missing_keys(void **state)
{
    (void)state;
    const char *text = "{\"kind\":\"a\",\"x\":[1],\"kind\":\"b\"}";
    pl_error err;
    pl_json_reader r;
    const char *key;
    size_t key_len;
    bool retag = false;
    pl_json_reader_init(&r, text, strlen(text), NULL, &err);
    assert_true(pl_json_object_begin(&r));
    assert_int_equal(pl_json_object_next(&r, &key, &key_len), 1);
    assert_true(pl_json_skip_member(&r, key, key_len, "kind", 4, "a", 1, &retag));
    assert_int_equal(pl_json_object_next(&r, &key, &key_len), 1);
    assert_true(pl_json_skip_member(&r, key, key_len, "kind", 4, "a", 1, &retag));
    assert_int_equal(pl_json_object_next(&r, &key, &key_len), 1);
    assert_false(pl_json_skip_member(&r, key, key_len, "kind", 4, "a", 1, &retag));
    assert_true(retag);
    assert_false(pl_json_reader_failed(&r)); /* not an error: the caller reads again */

    text = "{\"outer\":{\"b\":1}}";
    pl_json_reader_init(&r, text, strlen(text), NULL, &err);
    assert_true(pl_json_object_begin(&r));
    assert_int_equal(pl_json_object_next(&r, &key, &key_len), 1);
    assert_true(pl_json_object_begin(&r));
    int more;
    while ((more = pl_json_object_next(&r, &key, &key_len)) > 0)
        assert_true(pl_json_skip(&r));
    static const pl_string keys[] = {{"a", 1}, {"b", 1}, {"c/d", 3}};
    uint64_t seen = 2;
    assert_false(pl_json_fail_missing(&r, keys, 3, &seen));
    assert_int_equal(err.kind, PL_ERROR_MISSING);
    assert_string_equal(err.path, "/outer/a");
}

/* ---- json values ---- */

static void json_values_are_compacted(void **state)
{
    (void)state;
    const char *text = " { \"a\" : [ 1 , 2.50e1 , \"x \\\" y\" ] , \"b\" : { } , \"c\":null } ";
    pl_arena *arena = pl_arena_new();
    pl_error err;
    pl_json_reader r;
    const char *out;
    size_t len;
    pl_json_reader_init(&r, text, strlen(text), arena, &err);
    assert_true(pl_json_read_json(&r, &out, &len));
    assert_string_equal(out, "{\"a\":[1,2.50e1,\"x \\\" y\"],\"b\":{},\"c\":null}");
    assert_int_equal(len, strlen(out));
    assert_true(pl_json_reader_finish(&r));
    pl_arena_free(arena);
}

/* ---- patterns ---- */

static pl_pattern shared = PL_PATTERN_INIT("[a-z]+(-[a-z]+)*");

static void *match_many(void *arg)
{
    (void)arg;
    for (int i = 0; i < 2000; i++) {
        if (pl_pattern_match(&shared, "ice-hockey", 10) != 1 ||
            pl_pattern_match(&shared, "Ice", 3) != 0)
            return (void *)1;
    }
    return NULL;
}

static void patterns_are_shared_by_threads(void **state)
{
    (void)state;
    pthread_t threads[8];
    for (int i = 0; i < 8; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, match_many, NULL), 0);
    for (int i = 0; i < 8; i++) {
        void *result;
        assert_int_equal(pthread_join(threads[i], &result), 0);
        assert_null(result);
    }
    assert_non_null(shared.compiled);
    static pl_pattern broken = PL_PATTERN_INIT("(a");
    assert_int_equal(pl_pattern_match(&broken, "a", 1), -1);
}

static void checks_report_paths(void **state)
{
    (void)state;
    pl_error err;
    static pl_pattern code = PL_PATTERN_INIT("[A-Z]{2}");
    assert_true(pl_check_pattern(&code, "FR", 2, &err, "country", 7));
    assert_false(pl_check_pattern(&code, "fr", 2, &err, "country", 7));
    assert_int_equal(err.kind, PL_ERROR_CONSTRAINT);
    assert_string_equal(err.path, "/country");
    assert_false(pl_check_pattern(&code, "F", 1, &err, NULL, 0));
    assert_string_equal(err.path, "");
    /* Code points, not bytes: "éé" is 2 long in 4 bytes. */
    assert_true(pl_check_length("\xc3\xa9\xc3\xa9", 4, 2, 2, &err, "a", 1));
    assert_false(pl_check_length("\xc3\xa9\xc3\xa9", 4, 3, 10, &err, "a/b", 3));
    assert_string_equal(err.path, "/a~1b");
    assert_false(pl_check_length("abcd", 4, 0, 3, &err, NULL, 0));
    assert_non_null(strstr(err.message, "at most 3"));
    assert_true(pl_check_length("", 0, 0, SIZE_MAX, &err, NULL, 0));
    assert_false(pl_violation(&err, "x", 1, "must be at least %d", 5));
    assert_string_equal(err.message, "must be at least 5");
    assert_false(pl_error_at_index(&err, 3));
    assert_false(pl_error_at_key(&err, "items", 5));
    assert_string_equal(err.path, "/items/3/x");
}

/* ---- writing ---- */

static void write_helpers(void **state)
{
    (void)state;
    pl_buf out;
    pl_error err;
    pl_buf_init(&out);
    assert_true(pl_json_write_key(&out, ",\"a\":", 5, false, &err));
    assert_true(pl_json_write_key(&out, ",\"b\":", 5, true, &err));
    assert_string_equal(out.data, "\"a\":,\"b\":");
    pl_buf_truncate(&out, 4);
    assert_string_equal(out.data, "\"a\":");
    pl_buf_truncate(&out, 99);
    assert_int_equal(out.len, 4);
    pl_date bad_date = {2023, 2, 29};
    assert_false(pl_json_write_date(&out, &bad_date, &err));
    assert_int_equal(err.kind, PL_ERROR_ENCODE);
    pl_datetime dt = {2016, 12, 31, 23, 59, 60, 0, 0, 0};
    out.len = 0;
    assert_true(pl_json_write_datetime(&out, &dt, &err));
    assert_string_equal(out.data, "\"2016-12-31T23:59:60Z\"");
    dt.offset_minutes = 60; /* 23:59:60 local is 22:59:60 UTC: no leap second then */
    assert_false(pl_json_write_datetime(&out, &dt, &err));
    pl_datetime fine = {5, 1, 2, 3, 4, 5, 4, 120000000, -330};
    out.len = 0;
    assert_true(pl_json_write_datetime(&out, &fine, &err));
    assert_string_equal(out.data, "\"0005-01-02T03:04:05.12-05:30\"");
    pl_buf_free(&out);
}

/* ---- arena reset ---- */

static void arena_reset_keeps_the_largest_block(void **state)
{
    (void)state;
    pl_arena *arena = pl_arena_new();
    for (int i = 0; i < 1000; i++)
        assert_non_null(pl_arena_alloc(arena, 1000));
    pl_list_builder list = PL_LIST_BUILDER_INIT;
    for (int i = 0; i < 100; i++)
        assert_non_null(pl_list_push(arena, &list, 1000)); /* an owned block */
    size_t before = pl_arena_bytes_reserved(arena);
    pl_arena_reset(arena);
    size_t after = pl_arena_bytes_reserved(arena);
    assert_true(after > 0 && after < before);
    unsigned char *again = pl_arena_alloc(arena, 500);
    for (int i = 0; i < 500; i++)
        assert_int_equal(again[i], 0);
    assert_int_equal(pl_arena_bytes_reserved(arena), after); /* no new block */
    pl_arena_free(arena);
    pl_arena_reset(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(list_of_small_elements),
        cmocka_unit_test(large_list_gets_a_block_of_its_own),
        cmocka_unit_test(list_slots_overwrite),
        cmocka_unit_test(map_keys_keep_first_place),
        cmocka_unit_test(tag_first_is_read_in_one_pass),
        cmocka_unit_test(tag_elsewhere_is_found_by_looking_ahead),
        cmocka_unit_test(tag_problems),
        cmocka_unit_test(unknown_members_and_missing_keys),
        cmocka_unit_test(json_values_are_compacted),
        cmocka_unit_test(patterns_are_shared_by_threads),
        cmocka_unit_test(checks_report_paths),
        cmocka_unit_test(write_helpers),
        cmocka_unit_test(arena_reset_keeps_the_largest_block),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
