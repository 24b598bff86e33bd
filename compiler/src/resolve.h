/* Internal to the resolver phases (resolve.c, annotations.c, routes.c, directions.c). */
#ifndef PAYLOADC_RESOLVE_H
#define PAYLOADC_RESOLVE_H

#include "schema.h"

/* A hash map keyed by a pair of strings read as "first.second". */
typedef struct pc_map_entry {
    pc_str first, second;
    void *value;
    uint32_t hash;
    uint32_t generation; /* the entry is live only in its map's current generation */
} pc_map_entry;

typedef struct pc_map {
    pl_arena *arena;
    pc_map_entry *entries;
    uint32_t capacity, count, generation;
} pc_map;

void pc_map_init(pc_map *map, pl_arena *arena);
/* Empties the map in constant time, keeping its memory: one map serves many small scopes
 * (the fields of each struct) without an allocation each. */
void pc_map_reset(pc_map *map);
/* Makes room for count entries at once (growing by doubling rehashes, and each table is
 * zeroed memory). False without memory. */
bool pc_map_reserve(pc_map *map, uint32_t count);
void *pc_map_get(const pc_map *map, pc_str first, pc_str second);
/* Inserts value unless the key is present; returns the value already there, or NULL. */
void *pc_map_put(pc_map *map, pc_str first, pc_str second, void *value);

struct pc_symbol_table {
    pc_map decls;    /* (package, name) -> pc_decl */
    pc_map packages; /* (package, "") -> pc_package */
};

/* Pushes onto an array whose capacity doubles at powers of two. */
bool pc_array_push(pl_arena *arena, void ***items, uint32_t *count, void *item);

/* Phases, in the order pc_schema_resolve runs them. */
void pc_check_annotations(pc_schema *schema);
void pc_check_defaults(pc_schema *schema);
void pc_check_services(pc_schema *schema);
void pc_compute_directions(pc_schema *schema);

/* "did you mean" among candidates; NULL when none is close enough. */
typedef struct pc_suggester {
    pc_str wanted;
    pc_str best;
    uint32_t best_distance;
} pc_suggester;

void pc_suggester_init(pc_suggester *suggester, pc_str wanted);
void pc_suggester_offer(pc_suggester *suggester, pc_str candidate);
/* Compares `compared` with the wanted name but suggests `shown` (a qualified name). */
void pc_suggester_offer_as(pc_suggester *suggester, pc_str compared, pc_str shown);

/* The name as generated code spells it (lowerCamel, or UpperCamel for types), as a key for
 * collision checks; allocates only when the spelling changes. */
pc_str pc_camel_key(pl_arena *arena, pc_str name, bool upper_first);
bool pc_suggester_found(const pc_suggester *suggester);

#endif
