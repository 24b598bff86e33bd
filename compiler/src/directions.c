/* Directions (language.md §9): which named types routes carry as input (path, query, body)
 * and which as output (responses, errors). A worklist, not recursion, so that long chains of
 * types cannot exhaust the C stack; each (type, direction) is visited once. */
#include "resolve.h"

typedef struct worklist {
    pl_arena *arena;
    pc_decl **items;
    uint32_t count;
} worklist;

static void reach_type(worklist *pending, const pc_type *type, pc_direction direction)
{
    while (type) {
        switch (type->kind) {
        case PC_TYPE_LIST:
        case PC_TYPE_MAP:
        case PC_TYPE_NULLABLE: type = type->as.element; continue;
        case PC_TYPE_NAMED: {
            pc_decl *decl = type->as.decl;
            if ((decl->direction & direction) != direction) {
                decl->direction = (pc_direction)(decl->direction | direction);
                pc_array_push(pending->arena, (void ***)&pending->items, &pending->count, decl);
            }
            return;
        }
        case PC_TYPE_PRIMITIVE:
        case PC_TYPE_UNRESOLVED: return;
        }
    }
}

/* Passes a declaration's direction on to the types it contains. */
static void spread(worklist *pending, const pc_decl *decl)
{
    pc_direction direction = decl->direction;
    switch (decl->kind) {
    case PC_DECL_STRUCT:
        for (uint32_t f = 0; f < decl->as.struct_.field_count; f++)
            reach_type(pending, decl->as.struct_.fields[f]->type, direction);
        break;
    case PC_DECL_UNION:
        for (uint32_t v = 0; v < decl->as.union_.variant_count; v++)
            reach_type(pending, decl->as.union_.variants[v]->target, direction);
        break;
    case PC_DECL_ALIAS: reach_type(pending, decl->as.alias.target, direction); break;
    case PC_DECL_ENUM:
    case PC_DECL_SERVICE: break;
    }
}

void pc_compute_directions(pc_schema *schema)
{
    worklist pending = {schema->arena, NULL, 0};
    for (uint32_t r = 0; r < schema->route_count; r++) {
        const pc_route *route = schema->routes[r];
        for (uint32_t p = 0; p < route->param_count; p++)
            reach_type(&pending, route->params[p]->type, PC_DIR_IN);
        reach_type(&pending, route->response, PC_DIR_OUT);
        for (uint32_t t = 0; t < route->throw_count; t++)
            reach_type(&pending, route->throws[t], PC_DIR_OUT);
    }
    while (pending.count)
        spread(&pending, pending.items[--pending.count]);
}
