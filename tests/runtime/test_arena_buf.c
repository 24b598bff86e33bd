/* Arena, growable buffer, error helpers and UTF-8 helpers. */
#include "test_util.h"

#include <stdalign.h>

static void test_arena(void **state)
{
    (void)state;
    pl_arena *arena = pl_arena_new();
    assert_non_null(arena);
    assert_int_equal(pl_arena_bytes_reserved(arena), 0);
    for (size_t size = 0; size < 3000; size += 7) {
        unsigned char *p = pl_arena_alloc(arena, size);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
        for (size_t i = 0; i < size; i++)
            assert_int_equal(p[i], 0);
        memset(p, 0xAB, size);
    }
    void *big = pl_arena_alloc(arena, 1 << 20);
    assert_non_null(big);
    assert_true(pl_arena_bytes_reserved(arena) >= (1 << 20));
    assert_null(pl_arena_alloc(arena, SIZE_MAX - 3));
    char *s = pl_arena_strdup(arena, "hello world", 5);
    assert_string_equal(s, "hello");
    s = pl_arena_strdup(arena, NULL, 0);
    assert_string_equal(s, "");
    pl_arena_free(arena);
    pl_arena_free(NULL);
}

/* After pl_arena_reserve(n), allocations adding up to n come from one block: consecutive ones
 * are adjacent (they would jump between doubling blocks of 4 KiB, 8 KiB, ... otherwise). */
static void test_arena_reserve(void **state)
{
    (void)state;
    enum { CHUNK = 1024, RESERVED = 3 << 20 };
    pl_arena *arena = pl_arena_new();
    assert_non_null(arena);
    assert_non_null(pl_arena_alloc(arena, 100)); /* a first small block exists */
    assert_true(pl_arena_reserve(arena, RESERVED));
    size_t reserved = pl_arena_bytes_reserved(arena);
    assert_true(reserved >= RESERVED);
    assert_true(pl_arena_reserve(arena, RESERVED)); /* room already there: nothing changes */
    assert_int_equal(pl_arena_bytes_reserved(arena), reserved);
    unsigned char *previous = NULL;
    for (size_t used = 0; used + CHUNK <= RESERVED; used += CHUNK) {
        unsigned char *p = pl_arena_alloc(arena, CHUNK);
        assert_non_null(p);
        assert_int_equal(p[0], 0);
        assert_int_equal(p[CHUNK - 1], 0);
        memset(p, 0x5A, CHUNK);
        if (previous)
            assert_ptr_equal(p, previous + CHUNK);
        previous = p;
    }
    assert_int_equal(pl_arena_bytes_reserved(arena), reserved);
    assert_true(pl_arena_reserve(arena, 0));
    assert_false(pl_arena_reserve(arena, SIZE_MAX - 3)); /* unchanged when it fails */
    assert_int_equal(pl_arena_bytes_reserved(arena), reserved);
    assert_non_null(pl_arena_alloc(arena, 10));
    pl_arena_free(arena);
}

static void test_buf(void **state)
{
    (void)state;
    pl_buf buf;
    pl_buf_init(&buf);
    assert_null(buf.data);
    assert_true(pl_buf_append(&buf, "ab", 2));
    assert_true(pl_buf_append_char(&buf, 'c'));
    assert_int_equal(buf.len, 3);
    assert_string_equal(buf.data, "abc"); /* always NUL-terminated after an append */
    for (int i = 0; i < 10000; i++)
        assert_true(pl_buf_append(&buf, "0123456789", 10));
    assert_int_equal(buf.len, 100003);
    assert_true(buf.cap > buf.len);
    assert_int_equal(buf.data[buf.len], '\0');
    assert_true(pl_buf_append(&buf, NULL, 0));
    assert_false(pl_buf_reserve(&buf, SIZE_MAX));
    assert_int_equal(buf.len, 100003);
    pl_buf_free(&buf);
    assert_null(buf.data);
    assert_int_equal(buf.len, 0);
}

static void test_error_helpers(void **state)
{
    (void)state;
    pl_error err;
    pl_error_clear(&err);
    assert_int_equal(err.kind, PL_ERROR_NONE);
    pl_error_clear(NULL);
    assert_string_equal(pl_error_kind_name(PL_ERROR_SYNTAX), "syntax");
    assert_string_equal(pl_error_kind_name(PL_ERROR_REGEX), "regex");
    assert_string_equal(pl_error_kind_name((pl_error_kind)99), "unknown");

    pl_error_format(&err, PL_ERROR_CONSTRAINT, "length %d above %d", 81, 80);
    assert_int_equal(err.kind, PL_ERROR_CONSTRAINT);
    assert_string_equal(err.message, "length 81 above 80");
    assert_string_equal(err.path, "");
    pl_error_prefix_key(&err, "title", 5);
    pl_error_prefix_index(&err, 3);
    pl_error_prefix_key(&err, "a/b~c", 5);
    assert_string_equal(err.path, "/a~1b~0c/3/title");
    pl_error_prefix_key(NULL, "x", 1);
    pl_error_format(NULL, PL_ERROR_ENCODE, "nothing");

    /* Too long: the innermost steps stay, after "...". */
    pl_error_format(&err, PL_ERROR_CONSTRAINT, "deep");
    char key[100];
    memset(key, 'k', sizeof key);
    pl_error_prefix_key(&err, "inner", 5);
    for (int i = 0; i < 20; i++)
        pl_error_prefix_key(&err, key, sizeof key);
    size_t len = strlen(err.path);
    assert_true(len < PL_ERROR_PATH_MAX);
    assert_memory_equal(err.path, ".../", 4);
    assert_string_equal(err.path + len - 6, "/inner");
    char before[PL_ERROR_PATH_MAX];
    strcpy(before, err.path);
    pl_error_prefix_index(&err, 7);
    assert_string_equal(err.path, before);
}

static void test_utf8(void **state)
{
    (void)state;
    assert_true(pl_utf8_valid("", 0));
    assert_true(pl_utf8_valid("plain ascii text, long enough for words", 39));
    assert_true(pl_utf8_valid("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf", 13));
    assert_true(pl_utf8_valid("a\0b", 3));
    static const char *const bad[] = {"\x80",
                                      "\xc3",
                                      "\xc0\x80",
                                      "\xc1\xbf",
                                      "\xe0\x80\x80",
                                      "\xed\xa0\x80",
                                      "\xed\xbf\xbf",
                                      "\xf0\x80\x80\x80",
                                      "\xf4\x90\x80\x80",
                                      "\xf5\x80\x80\x80",
                                      "\xff",
                                      "abcdefgh\xe2\x82"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (pl_utf8_valid(bad[i], strlen(bad[i])))
            fail_msg("accepted bad UTF-8 #%zu", i);
    assert_int_equal(pl_utf8_length("", 0), 0);
    assert_int_equal(pl_utf8_length("abc", 3), 3);
    assert_int_equal(pl_utf8_length("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arena), cmocka_unit_test(test_arena_reserve),
        cmocka_unit_test(test_buf),   cmocka_unit_test(test_error_helpers),
        cmocka_unit_test(test_utf8),
    };
    return cmocka_run_group_tests_name("arena_buf", tests, NULL, NULL);
}
