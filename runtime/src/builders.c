/* List and map builders for generated decoders (payload.h, "support for generated code"). */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* Lists whose elements take at least this many bytes move to a block of their own, grown with
 * pl_owned_resize (which remaps pages instead of copying) and freed with the arena. The block
 * may be the one an earlier large list had before the arena was reset, whole: its size is the
 * arena's record's, which may be more than cap elements. */
enum { OWN_THRESHOLD = 64 * 1024 };

static PL_NOINLINE bool grow(pl_arena *arena, pl_list_builder *list, size_t size)
{
    size_t cap = list->cap ? list->cap * 2 : (size < 16 ? 64 / size : 4);
    if (cap < list->cap || size == 0 || cap > SIZE_MAX / size)
        return false;
    size_t old_bytes = list->owned ? pl_arena_owned_size(list->owned) : list->cap * size;
    size_t new_bytes = cap * size;
    if (list->owned) {
        unsigned char *grown = pl_owned_resize(list->items, old_bytes, new_bytes);
        if (!grown)
            return false;
        *list->owned = grown;
        pl_arena_owned_resized(arena, list->owned, old_bytes, new_bytes);
        list->items = grown;
    } else if (list->items && pl_arena_extend(arena, list->items, old_bytes, new_bytes)) {
        /* grown in place */
    } else if (new_bytes >= OWN_THRESHOLD) {
        size_t spare_bytes;
        unsigned char *block = pl_arena_take_spare(arena, new_bytes, &spare_bytes);
        if (block) {
            new_bytes = spare_bytes;
            cap = spare_bytes / size;
        } else if (!(block = pl_owned_alloc(new_bytes))) {
            return false;
        }
        void **slot = pl_arena_own(arena, block, new_bytes);
        if (!slot) {
            pl_owned_free(block, new_bytes);
            return false;
        }
        if (list->count)
            memcpy(block, list->items, list->count * size);
        if (list->items)
            pl_arena_trim(arena, list->items, old_bytes, 0);
        list->items = block;
        list->owned = slot;
    } else {
        unsigned char *fresh = pl_arena_alloc_aligned(arena, new_bytes);
        if (!fresh)
            return false;
        if (list->count)
            memcpy(fresh, list->items, list->count * size);
        list->items = fresh;
    }
    list->cap = cap;
    return true;
}

void *pl_list_push(pl_arena *arena, pl_list_builder *list, size_t size)
{
    if (list->count == list->cap && !grow(arena, list, size))
        return NULL;
    unsigned char *slot = list->items + list->count * size;
    memset(slot, 0, size);
    list->count++;
    return slot;
}

void *pl_list_slot(pl_arena *arena, pl_list_builder *list, size_t index, size_t size)
{
    if (index >= list->count)
        return pl_list_push(arena, list, size);
    unsigned char *slot = list->items + index * size;
    memset(slot, 0, size);
    return slot;
}

void *pl_list_finish(pl_arena *arena, pl_list_builder *list, size_t size)
{
    size_t used = list->count * size;
    size_t have = list->owned ? pl_arena_owned_size(list->owned) : list->cap * size;
    if (list->owned) {
        if (used && used < have) {
            unsigned char *shrunk = pl_owned_resize(list->items, have, used);
            if (shrunk) {
                *list->owned = shrunk;
                pl_arena_owned_resized(arena, list->owned, have, used);
                list->items = shrunk;
            }
        }
    } else if (list->items) {
        pl_arena_trim(arena, list->items, have, used);
    }
    list->cap = list->count;
    return list->count ? list->items : NULL;
}

/* ---- maps ---- */

enum { LINEAR_KEYS = 8 };

/* FNV-1a, seeded with the table's address so that colliding keys cannot be prepared in advance
 * as easily as for a fixed seed. */
static uint64_t hash_key(const void *seed, const char *key, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ull ^ (uint64_t)(uintptr_t)seed;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)key[i];
        h *= 0x100000001b3ull;
    }
    return h ^ (h >> 29);
}

static void table_insert(pl_map_builder *map, const pl_string *keys, size_t index)
{
    size_t mask = map->table_cap - 1;
    size_t at = (size_t)hash_key(map->table, keys[index].data, keys[index].len) & mask;
    while (map->table[at])
        at = (at + 1) & mask;
    map->table[at] = (uint32_t)index + 1;
}

/* (Re)builds the hash index for count keys and room to grow; the old table stays in the arena. */
static bool table_build(pl_arena *arena, pl_map_builder *map, size_t count)
{
    size_t cap = 16;
    while (cap < count * 4) {
        if (cap > SIZE_MAX / 8)
            return false;
        cap *= 2;
    }
    if (count >= UINT32_MAX - 1)
        return false;
    uint32_t *table = pl_arena_alloc(arena, cap * sizeof *table);
    if (!table)
        return false;
    map->table = table;
    map->table_cap = cap;
    const pl_string *keys = (const pl_string *)(void *)map->keys.items;
    for (size_t i = 0; i < count; i++)
        table_insert(map, keys, i);
    return true;
}

bool pl_map_key(pl_arena *arena, pl_map_builder *map, const char *key, size_t len, size_t *index)
{
    const pl_string *keys = (const pl_string *)(void *)map->keys.items;
    size_t count = map->keys.count;
    if (!map->table) {
        for (size_t i = 0; i < count; i++) {
            if (keys[i].len == len && memcmp(keys[i].data, key, len) == 0) {
                *index = i;
                return true;
            }
        }
    } else {
        size_t mask = map->table_cap - 1;
        size_t at = (size_t)hash_key(map->table, key, len) & mask;
        for (uint32_t entry; (entry = map->table[at]) != 0; at = (at + 1) & mask) {
            const pl_string *k = &keys[entry - 1];
            if (k->len == len && memcmp(k->data, key, len) == 0) {
                *index = entry - 1;
                return true;
            }
        }
    }
    char *copy = pl_arena_strdup(arena, key, len);
    pl_string *slot = copy ? pl_list_push(arena, &map->keys, sizeof *slot) : NULL;
    if (!slot)
        return false;
    slot->data = copy;
    slot->len = len;
    *index = count;
    count++;
    if (map->table && count * 2 <= map->table_cap) {
        table_insert(map, (const pl_string *)(void *)map->keys.items, count - 1);
        return true;
    }
    if (count > LINEAR_KEYS)
        return table_build(arena, map, count);
    return true;
}
