/* The model behind the generated C: names of every declaration and member, which embeddings
 * must go through a pointer (a struct that contains itself by value, through unions, nullable
 * aliases or optional fields, cannot be a C struct), the list and map types, and which types
 * have anything to validate. Everything here is computed before any file is written, so that a
 * name collision or an unsupported package cycle is an error with nothing written. */
#include <stdlib.h>
#include <string.h>

#include "c_internal.h"

c_decl *c_info(c_gen *g, const pc_decl *decl)
{
    return &g->decls[decl->index];
}

const pc_type *c_strip_nullable(const pc_type *t, bool *flag)
{
    if (t->kind == PC_TYPE_NULLABLE) {
        /* An alias that is nullable already carries its null (it is a wrapper struct). */
        *flag = !pc_type_is_nullable(t->as.element);
        return t->as.element;
    }
    *flag = false;
    return t;
}

const char *c_primitive_ctype(pc_primitive p)
{
    switch (p) {
    case PC_PRIM_BOOL:
        return "bool";
    case PC_PRIM_INT32:
        return "int32_t";
    case PC_PRIM_INT64:
        return "int64_t";
    case PC_PRIM_FLOAT64:
        return "double";
    case PC_PRIM_STRING:
        return "pl_string";
    case PC_PRIM_BYTES:
        return "pl_bytes";
    case PC_PRIM_DATE:
        return "pl_date";
    case PC_PRIM_DATETIME:
        return "pl_datetime";
    case PC_PRIM_UUID:
        return "pl_uuid";
    case PC_PRIM_DECIMAL:
        return "pl_string";
    case PC_PRIM_JSON:
        return "pl_string";
    case PC_PRIM_COUNT:
        break;
    }
    return "void";
}

static const char *primitive_stem(pc_primitive p)
{
    switch (p) {
    case PC_PRIM_BOOL:
        return "pl_bool";
    case PC_PRIM_INT32:
        return "pl_int32";
    case PC_PRIM_INT64:
        return "pl_int64";
    case PC_PRIM_FLOAT64:
        return "pl_float64";
    case PC_PRIM_STRING:
        return "pl_string";
    case PC_PRIM_BYTES:
        return "pl_bytes";
    case PC_PRIM_DATE:
        return "pl_date";
    case PC_PRIM_DATETIME:
        return "pl_datetime";
    case PC_PRIM_UUID:
        return "pl_uuid";
    case PC_PRIM_DECIMAL:
        return "pl_decimal";
    case PC_PRIM_JSON:
        return "pl_json";
    case PC_PRIM_COUNT:
        break;
    }
    return "pl_void";
}

const char *c_ctype(c_gen *g, const pc_type *t)
{
    switch (t->kind) {
    case PC_TYPE_PRIMITIVE:
        return c_primitive_ctype(t->as.primitive);
    case PC_TYPE_NAMED:
        return c_info(g, t->as.decl)->name;
    case PC_TYPE_LIST:
    case PC_TYPE_MAP:
        return c_composite_of(g, t)->name;
    case PC_TYPE_NULLABLE:
        return c_ctype(g, t->as.element);
    case PC_TYPE_UNRESOLVED:
        break;
    }
    return "void";
}

/* The name stem of a type inside composite names. */
static const char *stem(c_gen *g, const pc_type *t)
{
    bool flag;
    const pc_type *value = c_strip_nullable(t, &flag);
    if (flag)
        return c_fmt(g, "%s_or_null", stem(g, value));
    switch (value->kind) {
    case PC_TYPE_PRIMITIVE:
        return primitive_stem(value->as.primitive);
    case PC_TYPE_NULLABLE:
        return stem(g, value->as.element);
    default:
        return c_ctype(g, value);
    }
}

static uint64_t hash_text(const char *text)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (; *text; text++) {
        h ^= (unsigned char)*text;
        h *= 0x100000001b3ull;
    }
    return h;
}

/* The composites by name: an open-addressing index into g->composites (id + 1; 0 is empty). */
static bool index_composite(c_gen *g, const c_composite *c)
{
    if ((g->composite_count + 1) * 2 > g->composite_index_cap) {
        uint32_t cap = g->composite_index_cap ? g->composite_index_cap * 2 : 256;
        uint32_t *fresh = pl_arena_alloc(g->arena, cap * sizeof *fresh);
        if (!fresh)
            return false;
        for (uint32_t i = 0; i < g->composite_count; i++) {
            uint32_t at = (uint32_t)(hash_text(g->composites[i]->name) & (cap - 1));
            while (fresh[at])
                at = (at + 1) & (cap - 1);
            fresh[at] = i + 1;
        }
        g->composite_index = fresh;
        g->composite_index_cap = cap;
    }
    uint32_t at = (uint32_t)(hash_text(c->name) & (g->composite_index_cap - 1));
    while (g->composite_index[at])
        at = (at + 1) & (g->composite_index_cap - 1);
    g->composite_index[at] = c->id + 1;
    return true;
}

static uint32_t type_slot(const c_gen *g, const pc_type *t)
{
    uint64_t h = (uint64_t)(uintptr_t)t * 0x9e3779b97f4a7c15ull;
    return (uint32_t)(h >> 32) & (g->type_cap - 1);
}

/* Remembers the composite of the type node t (a failure to grow only loses the shortcut). */
static void remember_type(c_gen *g, const pc_type *t, c_composite *c)
{
    if ((g->type_count + 1) * 2 > g->type_cap) {
        uint32_t cap = g->type_cap ? g->type_cap * 2 : 1024;
        const pc_type **keys = calloc(cap, sizeof *keys);
        c_composite **values = calloc(cap, sizeof *values);
        if (!keys || !values) {
            free(keys);
            free(values);
            return;
        }
        const pc_type **old_keys = g->type_keys;
        c_composite **old_values = g->type_values;
        uint32_t old_cap = g->type_cap;
        g->type_keys = keys;
        g->type_values = values;
        g->type_cap = cap;
        for (uint32_t i = 0; i < old_cap; i++) {
            if (!old_keys[i])
                continue;
            uint32_t at = type_slot(g, old_keys[i]);
            while (keys[at])
                at = (at + 1) & (cap - 1);
            keys[at] = old_keys[i];
            values[at] = old_values[i];
        }
        free(old_keys);
        free(old_values);
    }
    uint32_t at = type_slot(g, t);
    while (g->type_keys[at])
        at = (at + 1) & (g->type_cap - 1);
    g->type_keys[at] = t;
    g->type_values[at] = c;
    g->type_count++;
}

/* The composite of a type whose name is not known yet: by name, or made. */
static c_composite *composite_by_name(c_gen *g, const pc_type *t)
{
    const char *name =
        c_fmt(g, "%s_%s", stem(g, t->as.element), t->kind == PC_TYPE_MAP ? "map" : "list");
    if (g->composite_index_cap) {
        uint32_t at = (uint32_t)(hash_text(name) & (g->composite_index_cap - 1));
        for (uint32_t entry; (entry = g->composite_index[at]) != 0;
             at = (at + 1) & (g->composite_index_cap - 1)) {
            if (strcmp(g->composites[entry - 1]->name, name) == 0)
                return g->composites[entry - 1];
        }
    }
    if (g->composite_count == g->composite_cap) {
        uint32_t cap = g->composite_cap ? g->composite_cap * 2 : 64;
        c_composite **grown = realloc(g->composites, cap * sizeof *grown);
        if (!grown) {
            g->failed = true;
            return &g->fallback;
        }
        g->composites = grown;
        g->composite_cap = cap;
    }
    c_composite *c = pl_arena_alloc(g->arena, sizeof *c);
    if (!c) {
        g->failed = true;
        return &g->fallback;
    }
    c->name = name;
    c->guard = c_fmt(g, "%s_DEFINED", c_upper_snake(g, name, strlen(name)));
    c->is_map = t->kind == PC_TYPE_MAP;
    c->element = c_strip_nullable(t->as.element, &c->nullable);
    c->id = g->composite_count;
    g->composites[g->composite_count++] = c;
    if (!index_composite(g, c))
        g->failed = true;
    /* Its helper functions live in each .c that needs them; keep their names clear too. */
    const char *owner = c_fmt(g, "the helpers of %s", name);
    c_register_name(g, c_fmt(g, "read_%s", name), owner);
    c_register_name(g, c_fmt(g, "write_%s", name), owner);
    c_register_name(g, c_fmt(g, "validate_%s", name), owner);
    c_register_name(
        g, name,
        c_fmt(g, "the C type of %s<…> of %s", c->is_map ? "map" : "list", stem(g, t->as.element)));
    return c;
}

c_composite *c_composite_of(c_gen *g, const pc_type *t)
{
    if (g->type_cap) {
        for (uint32_t at = type_slot(g, t); g->type_keys[at]; at = (at + 1) & (g->type_cap - 1)) {
            if (g->type_keys[at] == t)
                return g->type_values[at];
        }
    }
    /* What is made here lives as long as the model, even when asked for while writing. */
    pl_arena *current = g->arena;
    g->arena = g->model;
    c_composite *c = composite_by_name(g, t);
    g->arena = current;
    if (c != &g->fallback)
        remember_type(g, t, c);
    return c;
}

bool c_constraints_empty(const pc_constraints *c)
{
    return !c->min && !c->max && !c->has_min_length && !c->has_max_length && !c->has_min_items &&
           !c->has_max_items && !c->pattern;
}

bool c_type_validates(c_gen *g, const pc_type *t)
{
    switch (t->kind) {
    case PC_TYPE_LIST:
    case PC_TYPE_MAP:
    case PC_TYPE_NULLABLE:
        return c_type_validates(g, t->as.element);
    case PC_TYPE_NAMED:
        return c_info(g, t->as.decl)->validates;
    default:
        return false;
    }
}

/* ---- names ---- */

static char *package_prefix(c_gen *g, pc_str name)
{
    char *text =
        c_fmt(g, "%s%.*s_", name.len && name.ptr[0] == '_' ? "p" : "", (int)name.len, name.ptr);
    for (char *c = text; *c; c++) {
        if (*c == '.')
            *c = '_';
    }
    return text;
}

/* Registers a name of declaration d: what it names is before + quoted + after + d's label. */
static void register_decl_name(c_gen *g, const char *text, const pc_decl *d, const char *before,
                               pc_str quoted, const char *after)
{
    c_owner o = {NULL, before, quoted, after, d};
    c_register_owned(g, text, &o);
}

static const pc_str no_text = {"", 0};

static void name_struct_fields(c_gen *g, c_decl *info)
{
    const pc_decl *d = info->decl;
    uint32_t n = d->as.struct_.field_count;
    info->fields = n ? pl_arena_alloc(g->arena, n * sizeof *info->fields) : NULL;
    if (n && !info->fields) {
        g->failed = true;
        return;
    }
    uint32_t required = 0;
    for (uint32_t i = 0; i < n; i++) {
        c_field *f = &info->fields[i];
        f->field = d->as.struct_.fields[i];
        f->member = c_member_name(g, f->field->name);
        bool flag;
        f->value = c_strip_nullable(f->field->type, &flag);
        f->required = !f->field->optional && !f->field->default_value;
        f->wire_literal = c_literal(g, f->field->wire.ptr, f->field->wire.len);
        f->key_literal = c_key_literal(g, f->field->wire, &f->key_length);
        if (f->required)
            f->seen_bit = required++;
        (void)flag;
    }
    info->required_count = required;
    /* Flags are named after their member (has_x, x_is_null). A member that equals another's flag
     * gets a trailing '_' until nothing collides. */
    for (int round = 0; round < 16; round++) {
        for (uint32_t i = 0; i < n; i++) {
            c_field *f = &info->fields[i];
            bool flag;
            c_strip_nullable(f->field->type, &flag);
            f->has = f->field->optional ? c_concat(g, "has_", f->member) : NULL;
            f->is_null = flag ? c_concat(g, f->member, "_is_null") : NULL;
        }
        bool clash = false;
        for (uint32_t i = 0; i < n && !clash; i++) {
            for (uint32_t j = 0; j < n; j++) {
                const c_field *o = &info->fields[j];
                if ((o->has && strcmp(info->fields[i].member, o->has) == 0) ||
                    (o->is_null && strcmp(info->fields[i].member, o->is_null) == 0)) {
                    info->fields[i].member = c_fmt(g, "%s_", info->fields[i].member);
                    clash = true;
                    break;
                }
            }
        }
        if (!clash)
            return;
    }
}

static void name_decl(c_gen *g, c_package *p, const pc_decl *d)
{
    c_decl *info = c_info(g, d);
    info->decl = d;
    info->package = p;
    info->name = c_fmt(g, "%s%.*s", p->prefix, (int)d->name.len, d->name.ptr);
    info->upper = c_concat(g, p->upper, c_upper_snake(g, d->name.ptr, d->name.len));
    c_owner self = {NULL, "", no_text, "", d};
    if (!c_register_owned(g, info->name, &self))
        return; /* its functions and constants would only repeat the same collision */
    static const char *const functions[][2] = {{"_decode", "the decode function of "},
                                               {"_encode", "the encode function of "},
                                               {"_validate", "the validate function of "},
                                               {"_read", "the read function of "}};
    for (size_t i = 0; i < sizeof functions / sizeof functions[0]; i++)
        register_decl_name(g, c_concat(g, info->name, functions[i][0]), d, functions[i][1], no_text,
                           "");
    switch (d->kind) {
    case PC_DECL_STRUCT:
        register_decl_name(g, c_concat(g, info->name, "_read_members"), d,
                           "the read_members function of ", no_text, "");
        register_decl_name(g, c_concat(g, info->name, "_write_members"), d,
                           "the write_members function of ", no_text, "");
        name_struct_fields(g, info);
        break;
    case PC_DECL_ENUM: {
        bool open = d->as.enum_.open;
        info->enum_type = open ? c_concat(g, info->name, "_value") : info->name;
        if (open)
            register_decl_name(g, info->enum_type, d, "the member enum of ", no_text, "");
        register_decl_name(g, c_concat(g, info->name, "_to_string"), d,
                           "the to_string function of ", no_text, "");
        register_decl_name(g, c_concat(g, info->name, "_from_string"), d,
                           "the from_string function of ", no_text, "");
        uint32_t n = d->as.enum_.member_count;
        info->member_consts = pl_arena_alloc(g->arena, (n ? n : 1) * sizeof(char *));
        if (!info->member_consts) {
            g->failed = true;
            return;
        }
        for (uint32_t i = 0; i < n; i++) {
            const pc_member *m = d->as.enum_.members[i];
            info->member_consts[i] =
                c_fmt(g, "%s_%s", info->upper, c_upper_snake(g, m->name.ptr, m->name.len));
            register_decl_name(g, info->member_consts[i], d, "member '", m->name, "' of ");
        }
        if (open) {
            /* UNKNOWN, or UNKNOWN_ when a member is called unknown. */
            const char *unknown = c_concat(g, info->upper, "_UNKNOWN");
            for (bool again = true; again;) {
                again = false;
                for (uint32_t i = 0; i < n; i++) {
                    if (strcmp(info->member_consts[i], unknown) == 0) {
                        unknown = c_concat(g, unknown, "_");
                        again = true;
                    }
                }
            }
            info->unknown_const = unknown;
            register_decl_name(g, unknown, d, "the unknown value of ", no_text, "");
        }
        break;
    }
    case PC_DECL_UNION: {
        info->tag_type = c_concat(g, info->name, "_tag");
        register_decl_name(g, c_concat(g, info->name, "_read_variant"), d,
                           "the read_variant function of ", no_text, "");
        register_decl_name(g, info->tag_type, d, "the tag enum of ", no_text, "");
        uint32_t n = d->as.union_.variant_count;
        info->variant_consts = pl_arena_alloc(g->arena, (n ? n : 1) * sizeof(char *));
        info->variant_members = pl_arena_alloc(g->arena, (n ? n : 1) * sizeof(char *));
        info->variant_pointer = pl_arena_alloc(g->arena, (n ? n : 1) * sizeof(bool));
        if (!info->variant_consts || !info->variant_members || !info->variant_pointer) {
            g->failed = true;
            return;
        }
        for (uint32_t i = 0; i < n; i++) {
            const pc_variant *v = d->as.union_.variants[i];
            info->variant_consts[i] =
                c_fmt(g, "%s_%s", info->upper, c_upper_snake(g, v->name.ptr, v->name.len));
            register_decl_name(g, info->variant_consts[i], d, "the tag of variant '", v->name,
                               "' of ");
            const char *member = c_member_name(g, v->name);
            if (strcmp(member, "tag") == 0 || strcmp(member, "raw") == 0)
                member = c_concat(g, member, "_");
            info->variant_members[i] = member;
        }
        if (d->as.union_.open) {
            const char *unknown = c_concat(g, info->upper, "_UNKNOWN");
            for (bool again = true; again;) {
                again = false;
                for (uint32_t i = 0; i < n; i++) {
                    if (strcmp(info->variant_consts[i], unknown) == 0) {
                        unknown = c_concat(g, unknown, "_");
                        again = true;
                    }
                }
            }
            info->unknown_const = unknown;
            register_decl_name(g, unknown, d, "the unknown tag of ", no_text, "");
        }
        break;
    }
    case PC_DECL_ALIAS: {
        bool flag;
        c_strip_nullable(d->as.alias.target, &flag);
        info->wrapper = flag;
        break;
    }
    case PC_DECL_SERVICE:
        break;
    }
}

/* ---- by-value embedding: strongly connected components ---- */

/* The declaration a value of t contains by value (a struct, a union or a nullable alias's
 * wrapper), or NULL (primitives, enums, lists and maps, which point to their elements). */
static const pc_decl *by_value_target(c_gen *g, const pc_type *t)
{
    for (;;) {
        if (t->kind == PC_TYPE_NULLABLE) {
            t = t->as.element;
        } else if (t->kind == PC_TYPE_NAMED) {
            const pc_decl *d = t->as.decl;
            if (d->kind == PC_DECL_STRUCT || d->kind == PC_DECL_UNION)
                return d;
            if (d->kind != PC_DECL_ALIAS)
                return NULL;
            if (c_info(g, d)->wrapper)
                return d;
            t = d->as.alias.target;
        } else {
            return NULL;
        }
    }
}

typedef struct scc_state {
    uint32_t *index, *low, *stack, *edge_at;
    bool *on_stack;
    uint32_t next_index, stack_len, next_scc;
} scc_state;

/* The i-th by-value edge of node d, or NULL past the last. */
static const pc_decl *edge(c_gen *g, const pc_decl *d, uint32_t i)
{
    switch (d->kind) {
    case PC_DECL_STRUCT:
        return i < d->as.struct_.field_count ? by_value_target(g, d->as.struct_.fields[i]->type)
                                             : (const pc_decl *)(uintptr_t)1;
    case PC_DECL_UNION:
        return i < d->as.union_.variant_count ? by_value_target(g, d->as.union_.variants[i]->target)
                                              : (const pc_decl *)(uintptr_t)1;
    case PC_DECL_ALIAS:
        return i == 0 ? by_value_target(g, d->as.alias.target->as.element)
                      : (const pc_decl *)(uintptr_t)1;
    default:
        return (const pc_decl *)(uintptr_t)1;
    }
}

#define END_OF_EDGES ((const pc_decl *)(uintptr_t)1)

static bool is_node(c_gen *g, const pc_decl *d)
{
    return d->kind == PC_DECL_STRUCT || d->kind == PC_DECL_UNION ||
           (d->kind == PC_DECL_ALIAS && c_info(g, d)->wrapper);
}

/* Tarjan's algorithm without recursion (a long chain of structs must not exhaust the stack). */
static bool compute_scc(c_gen *g)
{
    uint32_t n = g->schema->decl_count;
    scc_state s = {0};
    s.index = calloc(n ? n : 1, sizeof *s.index);
    s.low = calloc(n ? n : 1, sizeof *s.low);
    s.stack = calloc(n ? n : 1, sizeof *s.stack);
    s.edge_at = calloc(n ? n : 1, sizeof *s.edge_at);
    s.on_stack = calloc(n ? n : 1, sizeof *s.on_stack);
    uint32_t *call = calloc(n ? n : 1, sizeof *call);
    bool ok = s.index && s.low && s.stack && s.edge_at && s.on_stack && call;
    for (uint32_t root = 0; ok && root < n; root++) {
        const pc_decl *rd = g->schema->decls[root];
        if (!is_node(g, rd) || s.index[root])
            continue;
        uint32_t depth = 0;
        call[depth++] = root;
        s.index[root] = s.low[root] = ++s.next_index;
        s.stack[s.stack_len++] = root;
        s.on_stack[root] = true;
        while (depth) {
            uint32_t v = call[depth - 1];
            const pc_decl *vd = g->schema->decls[v];
            const pc_decl *w = edge(g, vd, s.edge_at[v]++);
            if (w == END_OF_EDGES) {
                if (s.low[v] == s.index[v]) {
                    uint32_t id = s.next_scc++;
                    uint32_t x;
                    do {
                        x = s.stack[--s.stack_len];
                        s.on_stack[x] = false;
                        g->decls[x].scc = id;
                    } while (x != v);
                }
                depth--;
                if (depth) {
                    uint32_t parent = call[depth - 1];
                    if (s.low[v] < s.low[parent])
                        s.low[parent] = s.low[v];
                }
                continue;
            }
            if (!w)
                continue;
            uint32_t wi = w->index;
            if (!s.index[wi]) {
                s.index[wi] = s.low[wi] = ++s.next_index;
                s.stack[s.stack_len++] = wi;
                s.on_stack[wi] = true;
                call[depth++] = wi;
            } else if (s.on_stack[wi] && s.index[wi] < s.low[v]) {
                s.low[v] = s.index[wi];
            }
        }
    }
    free(s.index);
    free(s.low);
    free(s.stack);
    free(s.edge_at);
    free(s.on_stack);
    free(call);
    return ok;
}

static bool same_scc(c_gen *g, const pc_decl *a, const pc_decl *b)
{
    return b && c_info(g, a)->scc == c_info(g, b)->scc;
}

static void decide_pointers(c_gen *g)
{
    for (uint32_t i = 0; i < g->schema->decl_count; i++) {
        const pc_decl *d = g->schema->decls[i];
        c_decl *info = c_info(g, d);
        if (!is_node(g, d))
            continue;
        if (d->kind == PC_DECL_STRUCT) {
            for (uint32_t k = 0; k < d->as.struct_.field_count; k++)
                info->fields[k].pointer = same_scc(g, d, edge(g, d, k));
        } else if (d->kind == PC_DECL_UNION) {
            for (uint32_t k = 0; k < d->as.union_.variant_count; k++)
                info->variant_pointer[k] = same_scc(g, d, edge(g, d, k));
        } else {
            info->wrapper_pointer = same_scc(g, d, edge(g, d, 0));
        }
    }
}

/* ---- validation ---- */

/* Which declarations have anything to validate: those with constraints of their own (on the
 * alias, or on a field), then, backwards along "is contained in", everything containing one.
 * A worklist rather than a fixpoint loop: chains of thousands of structs are common. */
typedef struct dependents {
    uint32_t *first; /* by decl index: head of its list in next/owner, or UINT32_MAX */
    uint32_t *next;
    uint32_t *owner;
    uint32_t count, cap;
} dependents;

static void add_dependent(c_gen *g, dependents *deps, const pc_type *t, uint32_t owner)
{
    switch (t->kind) {
    case PC_TYPE_LIST:
    case PC_TYPE_MAP:
    case PC_TYPE_NULLABLE:
        add_dependent(g, deps, t->as.element, owner);
        return;
    case PC_TYPE_NAMED:
        break;
    default:
        return;
    }
    if (deps->count == deps->cap) {
        uint32_t cap = deps->cap ? deps->cap * 2 : 1024;
        uint32_t *next = realloc(deps->next, cap * sizeof *next);
        uint32_t *owners = next ? realloc(deps->owner, cap * sizeof *owners) : NULL;
        if (next)
            deps->next = next;
        if (!next || !owners) {
            g->failed = true;
            return;
        }
        deps->owner = owners;
        deps->cap = cap;
    }
    uint32_t target = t->as.decl->index;
    deps->owner[deps->count] = owner;
    deps->next[deps->count] = deps->first[target];
    deps->first[target] = deps->count++;
}

static void compute_validates(c_gen *g)
{
    uint32_t n = g->schema->decl_count;
    dependents deps = {0};
    deps.first = malloc((n ? n : 1) * sizeof *deps.first);
    uint32_t *queue = malloc((n ? n : 1) * sizeof *queue);
    if (!deps.first || !queue) {
        g->failed = true;
        goto done;
    }
    for (uint32_t i = 0; i < n; i++)
        deps.first[i] = UINT32_MAX;
    uint32_t queued = 0;
    for (uint32_t i = 0; i < n; i++) {
        const pc_decl *d = g->schema->decls[i];
        bool own = false;
        switch (d->kind) {
        case PC_DECL_STRUCT:
            for (uint32_t k = 0; k < d->as.struct_.field_count; k++) {
                const pc_field *f = d->as.struct_.fields[k];
                own = own || !c_constraints_empty(&f->constraints);
                add_dependent(g, &deps, f->type, i);
            }
            break;
        case PC_DECL_UNION:
            for (uint32_t k = 0; k < d->as.union_.variant_count; k++)
                add_dependent(g, &deps, d->as.union_.variants[k]->target, i);
            break;
        case PC_DECL_ALIAS:
            own = !c_constraints_empty(&d->as.alias.constraints);
            add_dependent(g, &deps, d->as.alias.target, i);
            break;
        default:
            break;
        }
        if (own) {
            g->decls[i].validates = true;
            queue[queued++] = i;
        }
    }
    for (uint32_t at = 0; at < queued && !g->failed; at++) {
        for (uint32_t e = deps.first[queue[at]]; e != UINT32_MAX; e = deps.next[e]) {
            uint32_t owner = deps.owner[e];
            if (!g->decls[owner].validates) {
                g->decls[owner].validates = true;
                queue[queued++] = owner;
            }
        }
    }
done:
    free(deps.first);
    free(deps.next);
    free(deps.owner);
    free(queue);
}

/* ---- packages ---- */

static void need_type(c_gen *g, c_package *p, const pc_type *t)
{
    switch (t->kind) {
    case PC_TYPE_LIST:
    case PC_TYPE_MAP:
        c_composite_of(g, t);
        need_type(g, p, t->as.element);
        break;
    case PC_TYPE_NULLABLE:
        need_type(g, p, t->as.element);
        break;
    case PC_TYPE_NAMED: {
        const c_package *q = c_info(g, t->as.decl)->package;
        if (q && q != p)
            p->needs[q->index] = true;
        break;
    }
    default:
        break;
    }
}

static void collect_needs(c_gen *g, c_package *p)
{
    for (uint32_t i = 0; i < p->decl_count; i++) {
        const pc_decl *d = p->decls[i];
        switch (d->kind) {
        case PC_DECL_STRUCT:
            for (uint32_t k = 0; k < d->as.struct_.field_count; k++)
                need_type(g, p, d->as.struct_.fields[k]->type);
            break;
        case PC_DECL_UNION:
            for (uint32_t k = 0; k < d->as.union_.variant_count; k++)
                need_type(g, p, d->as.union_.variants[k]->target);
            break;
        case PC_DECL_ALIAS:
            need_type(g, p, d->as.alias.target);
            break;
        default:
            break;
        }
    }
}

/* Headers include the headers of the packages they use; a cycle cannot be expressed with
 * include guards, so it is an error (docs/c.md, "Limits"). */
static bool check_package_cycles(c_gen *g)
{
    uint32_t n = g->package_count;
    int *state = calloc(n ? n : 1, sizeof *state); /* 0 new, 1 in progress, 2 done */
    uint32_t *stack = calloc(n ? n : 1, sizeof *stack), *next = calloc(n ? n : 1, sizeof *next);
    bool ok = state && stack && next;
    uint32_t order = 0;
    for (uint32_t root = 0; ok && root < n; root++) {
        if (state[root])
            continue;
        uint32_t depth = 0;
        stack[depth++] = root;
        state[root] = 1;
        while (depth && ok) {
            uint32_t v = stack[depth - 1];
            if (next[v] == n) {
                state[v] = 2;
                g->packages[v].order = order++;
                depth--;
                continue;
            }
            uint32_t w = next[v]++;
            if (!g->packages[v].needs[w])
                continue;
            if (state[w] == 1) {
                pc_emit_error(
                    g->ctx,
                    "C: packages '%.*s' and '%.*s' use each other's types; C headers "
                    "cannot include each other, so the C emitter needs packages "
                    "without such a cycle (move the shared types into one package)",
                    (int)g->packages[v].package->name.len, g->packages[v].package->name.ptr,
                    (int)g->packages[w].package->name.len, g->packages[w].package->name.ptr);
                ok = false;
            } else if (!state[w]) {
                state[w] = 1;
                stack[depth++] = w;
            }
        }
    }
    free(state);
    free(stack);
    free(next);
    return ok;
}

bool c_model_build(c_gen *g)
{
    const pc_schema *s = g->schema;
    g->decls = pl_arena_alloc(g->arena, (s->decl_count ? s->decl_count : 1) * sizeof *g->decls);
    g->package_count = s->package_count;
    g->packages =
        pl_arena_alloc(g->arena, (s->package_count ? s->package_count : 1) * sizeof *g->packages);
    if (!g->decls || !g->packages)
        return false;
    for (uint32_t i = 0; i < s->package_count; i++) {
        c_package *p = &g->packages[i];
        p->package = s->packages[i];
        p->index = i;
        p->prefix = package_prefix(g, p->package->name);
        p->upper = c_upper_snake(g, p->prefix, strlen(p->prefix));
        p->stem = c_fmt(g, "%.*s", (int)strlen(p->prefix) - 1, p->prefix);
        p->needs =
            pl_arena_alloc(g->arena, (s->package_count ? s->package_count : 1) * sizeof(bool));
        uint32_t count = 0;
        for (uint32_t f = 0; f < p->package->file_count; f++)
            count += p->package->files[f]->decl_count;
        count += c_server_decl_count(g, p->package);
        p->decls = pl_arena_alloc(g->arena, (count ? count : 1) * sizeof *p->decls);
        if (!p->needs || !p->decls)
            return false;
        for (uint32_t f = 0; f < p->package->file_count; f++) {
            const pc_file *file = p->package->files[f];
            for (uint32_t k = 0; k < file->decl_count; k++) {
                if (file->decls[k]->kind != PC_DECL_SERVICE)
                    p->decls[p->decl_count++] = file->decls[k];
            }
        }
        c_server_append_decls(g, p);
        c_register_name(g, c_fmt(g, "%s.h", p->stem),
                        c_fmt(g, "the files of package '%.*s'", (int)p->package->name.len,
                              p->package->name.ptr));
    }
    /* Static helpers every generated .c may define. */
    c_register_name(g, "read_pl_bytes", "a helper function of the generated C");
    c_register_name(g, "null_pointer", "a helper function of the generated C");
    for (uint32_t i = 0; i < g->package_count; i++) {
        for (uint32_t k = 0; k < g->packages[i].decl_count; k++)
            name_decl(g, &g->packages[i], g->packages[i].decls[k]);
    }
    if (g->failed || g->ctx->failed)
        return false;
    if (!compute_scc(g))
        return false;
    decide_pointers(g);
    compute_validates(g);
    for (uint32_t i = 0; i < g->package_count; i++)
        collect_needs(g, &g->packages[i]);
    c_server_needs(g);
    if (g->failed || g->ctx->failed)
        return false;
    return check_package_cycles(g) && !g->failed && !g->ctx->failed;
}
