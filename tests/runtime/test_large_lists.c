/* Large lists: pl_list_builder past 2 MiB, where the elements live in mapped pages grown by
 * remapping (Linux) and are freed with the arena. Every element is checked after
 * pl_list_finish, for element sizes that do and do not divide a page, for lists that end just
 * past, at and below the 2 MiB line after the last doubling, in an arena reset and reused (whose
 * largest list block is kept for the next large list), and for a big list built among many
 * small ones. ASan and valgrind check that each block goes
 * back the way it came (munmap or free). */
#include "test_util.h"

enum { MIB = 1 << 20 };

/* The pattern byte j of element i holds. */
static unsigned char pattern(size_t i, size_t j, unsigned seed)
{
    uint64_t h = (uint64_t)i * 0x9E3779B97F4A7C15ull ^ (uint64_t)j * 0xC2B2AE3D27D4EB4Full ^ seed;
    return (unsigned char)(h ^ (h >> 29) ^ (h >> 47));
}

static void fill(unsigned char *slot, size_t i, size_t size, unsigned seed)
{
    for (size_t j = 0; j < size; j++)
        slot[j] = pattern(i, j, seed);
}

/* Pushes count elements of size bytes, each checked to come zeroed; returns the finished
 * array. The element just pushed is written before the next push (the builder's rule). */
static unsigned char *build(pl_arena *arena, size_t count, size_t size, unsigned seed)
{
    pl_list_builder list = PL_LIST_BUILDER_INIT;
    for (size_t i = 0; i < count; i++) {
        unsigned char *slot = pl_list_push(arena, &list, size);
        assert_non_null(slot);
        for (size_t j = 0; j < size; j++) {
            if (slot[j] != 0)
                fail_msg("element %zu of %zu bytes: byte %zu not zeroed", i, size, j);
        }
        fill(slot, i, size, seed);
    }
    assert_int_equal(list.count, count);
    unsigned char *items = pl_list_finish(arena, &list, size);
    assert_int_equal(list.count, count);
    assert_int_equal(list.cap, count);
    if (count * size >= 64 * 1024)
        assert_non_null(list.owned);
    return items;
}

static void check(const unsigned char *items, size_t count, size_t size, unsigned seed)
{
    assert_non_null(items);
    for (size_t i = 0; i < count; i++) {
        for (size_t j = 0; j < size; j++) {
            if (items[i * size + j] != pattern(i, j, seed))
                fail_msg("element %zu of %zu (%zu bytes), byte %zu: %u, expected %u", i, count,
                         size, j, items[i * size + j], pattern(i, j, seed));
        }
    }
}

static void lists_past_2_mib(void **state)
{
    (void)state;
    /* Sizes that divide 2 MiB and sizes that do not; counts that end past, exactly at and just
     * under a doubling. */
    static const struct {
        size_t size, count;
    } cases[] = {
        {1, 3 * MIB + 17},    /* bytes: grows 2 MiB -> 4 MiB, shrinks to 3 MiB + 17 */
        {8, 2 * MIB / 8 + 1}, /* 2 MiB + 8 in a 4 MiB block */
        {8, 2 * MIB / 8},     /* exactly 2 MiB, full: no shrink */
        {8, MIB / 8 + 1},     /* 1 MiB + 8 in a 2 MiB block: shrinks below the line */
        {24, 100000},         /* 2.4 MB, not a whole number of pages */
        {3, 1000003},         /* odd size */
        {1000, 5000},         /* the first block is already near the line */
        {4104, 1100},         /* larger than a page */
        {2 * MIB + 8, 3},     /* each element past the line */
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        pl_arena *arena = pl_arena_new();
        size_t size = cases[c].size, count = cases[c].count;
        unsigned char *items = build(arena, count, size, (unsigned)c);
        check(items, count, size, (unsigned)c);
        assert_true(pl_arena_bytes_reserved(arena) >= count * size);
        pl_arena_free(arena);
    }
}

static void arena_reset_and_reused(void **state)
{
    (void)state;
    pl_arena *arena = pl_arena_new();
    /* Larger, smaller, then larger again, crossing the line in both directions. */
    static const size_t counts[] = {400000, 300000, 70000, 600000, 262144, 262145, 1};
    size_t after_reset = 0, spare = 0;
    for (unsigned round = 0; round < sizeof counts / sizeof *counts; round++) {
        char *before = pl_arena_strdup(arena, "before", 6);
        assert_non_null(before);
        unsigned char *items = build(arena, counts[round], 8, round);
        char *after = pl_arena_strdup(arena, "after", 5);
        check(items, counts[round], 8, round);
        assert_string_equal(before, "before");
        assert_string_equal(after, "after");
        pl_arena_reset(arena);
        /* What is left is the arena's own block and the spare: the list's block when it had
         * one (finished to its exact size), else the spare kept before. */
        if (counts[round] * 8 >= 64 * 1024)
            spare = counts[round] * 8;
        size_t blocks = pl_arena_bytes_reserved(arena) - spare;
        if (round == 0)
            after_reset = blocks;
        else
            assert_true(blocks <= after_reset);
        assert_true(blocks < 2 * MIB);
    }
    pl_arena_free(arena);
}

/* After a reset the arena keeps the largest block a list had of its own, and the next large
 * list starts in it: the same list again is built without growing (in the very same block),
 * a list of another element size (the block is no multiple of it) grows out of it, a mapped
 * block serves a list below 2 MiB and a malloc'd one a list past it, and of two large lists
 * only one takes the spare. */
static void spare_block_kept_across_resets(void **state)
{
    (void)state;
    pl_arena *arena = pl_arena_new();
    unsigned char *first = build(arena, 300000, 12, 1); /* 3.6 MB: mapped */
    check(first, 300000, 12, 1);
    size_t before = pl_arena_bytes_reserved(arena);
    pl_arena_reset(arena);
    assert_true(pl_arena_bytes_reserved(arena) >= 300000 * 12);
    assert_true(pl_arena_bytes_reserved(arena) <= before);
    /* The list takes the whole spare when it first needs a block of its own. */
    pl_list_builder probe = PL_LIST_BUILDER_INIT;
    while (!probe.owned)
        assert_non_null(pl_list_push(arena, &probe, 12));
    assert_int_equal(probe.cap, 300000);
    pl_arena_reset(arena);
    unsigned char *again = build(arena, 300000, 12, 2);
    assert_ptr_equal(again, first);
    check(again, 300000, 12, 2);
    pl_arena_reset(arena);
    /* 7-byte elements past the spare's 3.6 MB: it grows out of the block taken whole. */
    unsigned char *odd = build(arena, 700001, 7, 3);
    check(odd, 700001, 7, 3);
    pl_arena_reset(arena);
    /* Below 2 MiB in the mapped spare (finished into malloc), then past 2 MiB from it. */
    unsigned char *small = build(arena, 20000, 40, 4);
    check(small, 20000, 40, 4);
    pl_arena_reset(arena);
    unsigned char *large = build(arena, 150000, 24, 5);
    check(large, 150000, 24, 5);
    pl_arena_reset(arena);
    /* Two large lists at once: one takes the spare, the other a block of its own; the larger
     * stays for next time and the other goes back (ASan and valgrind see a leak otherwise). */
    pl_list_builder a = PL_LIST_BUILDER_INIT, b = PL_LIST_BUILDER_INIT;
    for (size_t i = 0; i < 400000; i++) {
        unsigned char *x = pl_list_push(arena, &a, 10);
        assert_non_null(x);
        fill(x, i, 10, 6);
        if (i % 4 == 0) {
            unsigned char *y = pl_list_push(arena, &b, 10);
            assert_non_null(y);
            fill(y, i / 4, 10, 7);
        }
    }
    check(pl_list_finish(arena, &a, 10), 400000, 10, 6);
    check(pl_list_finish(arena, &b, 10), 100000, 10, 7);
    pl_arena_reset(arena);
    assert_true(pl_arena_bytes_reserved(arena) >= 400000 * 10);
    assert_true(pl_arena_bytes_reserved(arena) < 400000 * 10 + 1000000);
    pl_arena_free(arena); /* with a spare */
}

/* A big list grows while 64 small ones take turns with it in the same arena (each small push
 * may find the arena's last allocation is another list), and a second big list grows beside
 * the first. */
static void small_lists_around_a_big_one(void **state)
{
    (void)state;
    enum { SMALL = 64, BIG_COUNT = 700000, SMALL_SIZE = 12 };
    pl_arena *arena = pl_arena_new();
    pl_list_builder small[SMALL], big = PL_LIST_BUILDER_INIT, other = PL_LIST_BUILDER_INIT;
    size_t small_count[SMALL];
    for (size_t s = 0; s < SMALL; s++) {
        small[s] = (pl_list_builder)PL_LIST_BUILDER_INIT;
        small_count[s] = 0;
    }
    for (size_t i = 0; i < BIG_COUNT; i++) {
        uint64_t *slot = pl_list_push(arena, &big, sizeof *slot);
        assert_non_null(slot);
        assert_int_equal(*slot, 0);
        *slot = i * 3 + 1;
        if (i % 2 == 0) {
            uint32_t *o = pl_list_push(arena, &other, sizeof *o);
            assert_non_null(o);
            *o = (uint32_t)(i ^ 0x5A5A5A5Au);
        }
        if (i % 97 == 0) {
            size_t s = (i / 97) % SMALL;
            unsigned char *e = pl_list_push(arena, &small[s], SMALL_SIZE);
            assert_non_null(e);
            fill(e, small_count[s]++, SMALL_SIZE, (unsigned)s);
        }
    }
    uint64_t *items = pl_list_finish(arena, &big, sizeof *items);
    uint32_t *others = pl_list_finish(arena, &other, sizeof *others);
    assert_non_null(items);
    for (size_t i = 0; i < BIG_COUNT; i++) {
        if (items[i] != i * 3 + 1)
            fail_msg("big element %zu: %llu", i, (unsigned long long)items[i]);
        if (i % 2 == 0 && others[i / 2] != (uint32_t)(i ^ 0x5A5A5A5Au))
            fail_msg("other element %zu: %u", i / 2, others[i / 2]);
    }
    for (size_t s = 0; s < SMALL; s++) {
        unsigned char *e = pl_list_finish(arena, &small[s], SMALL_SIZE);
        assert_int_equal(small[s].count, small_count[s]);
        check(e, small_count[s], SMALL_SIZE, (unsigned)s);
    }
    pl_arena_free(arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lists_past_2_mib),
        cmocka_unit_test(arena_reset_and_reused),
        cmocka_unit_test(spare_block_kept_across_resets),
        cmocka_unit_test(small_lists_around_a_big_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
