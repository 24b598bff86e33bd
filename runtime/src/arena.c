#include "internal.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

/* Bump allocation from a chain of blocks; each block is at least twice the previous one so
 * that the number of system allocations grows with the logarithm of the total size. */
typedef struct pl_block {
    struct pl_block *next;
    size_t size, used;
    alignas(max_align_t) unsigned char data[];
} pl_block;

struct pl_arena {
    pl_block *head;
    size_t reserved;
};

enum { PL_ARENA_FIRST_BLOCK = 4096 - sizeof(pl_block) };

pl_arena *pl_arena_new(void)
{
    return calloc(1, sizeof(pl_arena));
}

void pl_arena_free(pl_arena *arena)
{
    if (!arena)
        return;
    pl_block *block = arena->head;
    while (block) {
        pl_block *next = block->next;
        free(block);
        block = next;
    }
    free(arena);
}

/* Room for size bytes at the given alignment, from the current block or a new one. */
static void *arena_take(pl_arena *arena, size_t size, size_t align)
{
    pl_block *block = arena->head;
    if (block) {
        /* Byte allocations leave used unaligned; round up (block data is max-aligned). */
        size_t start = (block->used + align - 1) & ~(align - 1);
        if (start <= block->size && block->size - start >= size) {
            block->used = start + size;
            return block->data + start;
        }
    }
    size_t want = block ? block->size * 2 : PL_ARENA_FIRST_BLOCK;
    if (want < size)
        want = size;
    if (want > SIZE_MAX - sizeof(pl_block))
        return NULL;
    pl_block *fresh = malloc(sizeof(pl_block) + want);
    if (!fresh)
        return NULL;
    fresh->size = want;
    fresh->used = size;
    fresh->next = arena->head;
    arena->head = fresh;
    arena->reserved += sizeof(pl_block) + want;
    return fresh->data;
}

void *pl_arena_alloc(pl_arena *arena, size_t size)
{
    const size_t align = alignof(max_align_t);
    size_t rounded = (size + align - 1) & ~(align - 1);
    if (rounded < size)
        return NULL;
    void *result = arena_take(arena, rounded, align);
    if (result)
        memset(result, 0, rounded);
    return result;
}

void *pl_arena_alloc_bytes(pl_arena *arena, size_t size)
{
    return arena_take(arena, size, 1);
}

char *pl_arena_strdup(pl_arena *arena, const char *text, size_t len)
{
    char *copy = len < SIZE_MAX ? pl_arena_alloc_bytes(arena, len + 1) : NULL;
    if (!copy)
        return NULL;
    if (len)
        memcpy(copy, text, len);
    copy[len] = '\0';
    return copy;
}

size_t pl_arena_bytes_reserved(const pl_arena *arena)
{
    return arena->reserved;
}
