/* MADV_HUGEPAGE, posix_memalign and mremap are outside strict C11: ask for the C library's
 * extensions. */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE
#endif

#include "internal.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#if defined(__linux__)
#include <sys/mman.h>
#endif

enum { PL_ARENA_FIRST_BLOCK = 4096 - sizeof(pl_block) };

pl_arena *pl_arena_new(void)
{
    return calloc(1, sizeof(pl_arena));
}

void pl_arena_free(pl_arena *arena)
{
    if (!arena)
        return;
    /* The records of owned blocks live in the arena's blocks: free what they point to first. */
    for (pl_owned *owned = arena->owned; owned; owned = owned->next)
        pl_owned_free(owned->block, owned->size);
    if (arena->spare)
        pl_owned_free(arena->spare, arena->spare_size);
    pl_block *block = arena->head;
    while (block) {
        pl_block *next = block->next;
        free(block);
        block = next;
    }
    free(arena);
}

void *pl_large_alloc(size_t *size)
{
#ifdef MADV_HUGEPAGE
    enum { HUGE_PAGE = 2 << 20 };
    if (*size >= PL_LARGE_ALLOCATION && *size <= SIZE_MAX - HUGE_PAGE) {
        size_t rounded = (*size + HUGE_PAGE - 1) & ~(size_t)(HUGE_PAGE - 1);
        void *memory = NULL;
        if (posix_memalign(&memory, HUGE_PAGE, rounded) != 0)
            return NULL;
        (void)madvise(memory, rounded, MADV_HUGEPAGE); /* advice only: failing it costs nothing */
        *size = rounded;
        return memory;
    }
#endif
    return malloc(*size);
}

/* Blocks of their own (large lists): from PL_LARGE_ALLOCATION up, mapped pages on Linux, so that
 * growing one remaps its pages instead of copying them. malloc does the same only while it serves
 * the size with mmap, and glibc stops doing so for sizes it has seen freed (its threshold grows),
 * so a decoder reusing an arena copied a 30 MB list at every doubling on every decode. Smaller
 * blocks stay in malloc, whose recycled memory costs no page faults. Whether a block is mapped
 * follows from its size alone. Elsewhere, malloc and realloc. */
#if defined(__linux__) && defined(MREMAP_MAYMOVE)
static void *map_block(size_t size)
{
    void *block = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (block == MAP_FAILED)
        return NULL;
#ifdef MADV_HUGEPAGE
    (void)madvise(block, size, MADV_HUGEPAGE); /* advice only */
#endif
    return block;
}

void *pl_owned_alloc(size_t size)
{
    return size >= PL_LARGE_ALLOCATION ? map_block(size) : malloc(size);
}

void *pl_owned_resize(void *block, size_t old_size, size_t new_size)
{
    bool was_mapped = old_size >= PL_LARGE_ALLOCATION, mapped = new_size >= PL_LARGE_ALLOCATION;
    if (!was_mapped && !mapped)
        return realloc(block, new_size);
    if (was_mapped && mapped) {
        void *moved = mremap(block, old_size, new_size, MREMAP_MAYMOVE);
        if (moved == MAP_FAILED)
            return NULL;
#ifdef MADV_HUGEPAGE
        if (new_size > old_size)
            (void)madvise(moved, new_size, MADV_HUGEPAGE);
#endif
        return moved;
    }
    /* Crossing the threshold: one copy into the other kind of memory. */
    void *fresh = mapped ? map_block(new_size) : malloc(new_size);
    if (!fresh)
        return NULL;
    memcpy(fresh, block, old_size < new_size ? old_size : new_size);
    pl_owned_free(block, old_size);
    return fresh;
}

void pl_owned_free(void *block, size_t size)
{
    if (size >= PL_LARGE_ALLOCATION)
        (void)munmap(block, size);
    else
        free(block);
}
#else
void *pl_owned_alloc(size_t size)
{
    return malloc(size);
}

void *pl_owned_resize(void *block, size_t old_size, size_t new_size)
{
    (void)old_size;
    return realloc(block, new_size);
}

void pl_owned_free(void *block, size_t size)
{
    (void)size;
    free(block);
}
#endif

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
    size_t bytes = sizeof(pl_block) + want;
    pl_block *fresh = pl_large_alloc(&bytes);
    if (!fresh)
        return NULL;
    fresh->size = bytes - sizeof(pl_block);
    fresh->used = size;
    fresh->next = arena->head;
    arena->head = fresh;
    arena->reserved += bytes;
    return fresh->data;
}

bool pl_arena_reserve(pl_arena *arena, size_t size)
{
    pl_block *block = arena->head;
    if (block && block->size - block->used >= size)
        return true;
    /* A fresh block with room for size, handed back unused. */
    if (!arena_take(arena, size, 1))
        return false;
    arena->head->used -= size;
    return true;
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

void pl_arena_reset(pl_arena *arena)
{
    if (!arena)
        return;
    /* The largest block of its own becomes (or replaces) the spare; the others go. */
    for (pl_owned *owned = arena->owned; owned; owned = owned->next) {
        if (owned->size > arena->spare_size) {
            if (arena->spare)
                pl_owned_free(arena->spare, arena->spare_size);
            arena->spare = owned->block;
            arena->spare_size = owned->size;
        } else {
            pl_owned_free(owned->block, owned->size);
        }
    }
    arena->owned = NULL;
    /* Blocks double, so the newest (the head) is the largest. */
    pl_block *keep = arena->head;
    pl_block *block = keep ? keep->next : NULL;
    while (block) {
        pl_block *next = block->next;
        free(block);
        block = next;
    }
    arena->reserved = arena->spare_size;
    if (keep) {
        keep->next = NULL;
        keep->used = 0;
        arena->reserved += sizeof(pl_block) + keep->size;
    }
    arena->head = keep;
}

void *pl_arena_take_spare(pl_arena *arena, size_t min_size, size_t *size)
{
    void *spare = arena->spare;
    if (!spare || arena->spare_size < min_size)
        return NULL;
    *size = arena->spare_size;
    arena->reserved -= arena->spare_size;
    arena->spare = NULL;
    arena->spare_size = 0;
    return spare;
}

void *pl_arena_alloc_aligned(pl_arena *arena, size_t size)
{
    return arena_take(arena, size, alignof(max_align_t));
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

bool pl_arena_extend(pl_arena *arena, void *p, size_t old_size, size_t new_size)
{
    pl_block *block = arena->head;
    if (!block || (unsigned char *)p + old_size != block->data + block->used)
        return false;
    size_t start = (size_t)((unsigned char *)p - block->data);
    if (new_size > block->size - start)
        return false;
    block->used = start + new_size;
    return true;
}

void pl_arena_trim(pl_arena *arena, void *p, size_t old_size, size_t new_size)
{
    pl_block *block = arena->head;
    if (block && (unsigned char *)p + old_size == block->data + block->used)
        block->used -= old_size - new_size;
}

void **pl_arena_own(pl_arena *arena, void *block, size_t size)
{
    pl_owned *owned = pl_arena_alloc(arena, sizeof *owned);
    if (!owned)
        return NULL;
    owned->block = block;
    owned->size = size;
    owned->next = arena->owned;
    arena->owned = owned;
    arena->reserved += size;
    return &owned->block;
}

size_t pl_arena_owned_size(void **slot)
{
    return ((pl_owned *)(void *)((char *)slot - offsetof(pl_owned, block)))->size;
}

void pl_arena_owned_resized(pl_arena *arena, void **slot, size_t old_size, size_t new_size)
{
    pl_owned *owned = (pl_owned *)(void *)((char *)slot - offsetof(pl_owned, block));
    owned->size = new_size;
    arena->reserved = arena->reserved - old_size + new_size;
}
