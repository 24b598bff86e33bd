/* Name resolution and the declaration-level checks. */
#include "resolve.h"

#include <stdlib.h>
#include <string.h>

/* ---- containers ---- */

void pc_map_init(pc_map *map, pl_arena *arena)
{
    memset(map, 0, sizeof *map);
    map->arena = arena;
}

/* Eight bytes at a time, and the last bytes in one or two loads that may overlap: map keys
 * are names and package names, hashed at every lookup. */
static uint64_t hash_mix(uint64_t hash, uint64_t word)
{
    hash = (hash ^ word) * 0x9E3779B97F4A7C15ULL;
    return hash ^ (hash >> 29);
}

static uint64_t hash_text(uint64_t hash, pc_str text)
{
    const unsigned char *at = (const unsigned char *)text.ptr;
    uint32_t length = text.len;
    uint64_t last = 0;
    if (length > 8) {
        for (uint32_t left = length; left > 8; left -= 8, at += 8) {
            uint64_t word;
            memcpy(&word, at, sizeof word);
            hash = hash_mix(hash, word);
        }
        memcpy(&last, text.ptr + length - 8, sizeof last);
    } else if (length >= 4) {
        uint32_t low, high;
        memcpy(&low, at, sizeof low);
        memcpy(&high, at + length - 4, sizeof high);
        last = ((uint64_t)high << 32) | low;
    } else if (length > 0) {
        last = ((uint64_t)at[0] << 16) | ((uint64_t)at[length / 2] << 8) | at[length - 1];
    }
    return hash_mix(hash, last ^ ((uint64_t)length << 56));
}

static uint64_t hash_pair(pc_str first, pc_str second)
{
    return hash_text(hash_text(0x243F6A8885A308D3ULL, first), second);
}

static bool same_text(pc_str a, pc_str b)
{
    return a.len == b.len && (a.ptr == b.ptr || a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

void pc_map_reset(pc_map *map)
{
    map->generation++;
    map->count = 0;
}

static pc_map_entry *find_slot(pc_map_entry *entries, uint32_t capacity, uint32_t generation,
                               uint32_t hash, pc_str first, pc_str second)
{
    uint32_t mask = capacity - 1;
    for (uint32_t index = hash & mask;; index = (index + 1) & mask) {
        pc_map_entry *entry = &entries[index];
        if (!entry->value || entry->generation != generation)
            return entry;
        if (entry->hash == hash && same_text(entry->first, first) &&
            same_text(entry->second, second))
            return entry;
    }
}

void *pc_map_get(const pc_map *map, pc_str first, pc_str second)
{
    if (!map->capacity)
        return NULL;
    const pc_map_entry *entry = find_slot(map->entries, map->capacity, map->generation,
                                          (uint32_t)hash_pair(first, second), first, second);
    return entry->generation == map->generation ? entry->value : NULL;
}

static bool map_grow(pc_map *map, uint32_t capacity)
{
    pc_map_entry *entries = pl_arena_alloc(map->arena, capacity * sizeof *entries);
    if (!entries)
        return false;
    for (uint32_t i = 0; i < map->capacity; i++) {
        pc_map_entry *old = &map->entries[i];
        if (old->value && old->generation == map->generation)
            *find_slot(entries, capacity, map->generation, old->hash, old->first, old->second) =
                *old;
    }
    map->entries = entries;
    map->capacity = capacity;
    return true;
}

bool pc_map_reserve(pc_map *map, uint32_t count)
{
    if (count > UINT32_MAX / 4)
        return false;
    uint32_t capacity = map->capacity ? map->capacity : 64;
    while ((map->count + count) * 2 > capacity)
        capacity *= 2;
    return capacity == map->capacity || map_grow(map, capacity);
}

void *pc_map_put(pc_map *map, pc_str first, pc_str second, void *value)
{
    if ((map->count + 1) * 2 > map->capacity &&
        !map_grow(map, map->capacity ? map->capacity * 2 : 64))
        return NULL;
    uint32_t hash = (uint32_t)hash_pair(first, second);
    pc_map_entry *slot =
        find_slot(map->entries, map->capacity, map->generation, hash, first, second);
    if (slot->value && slot->generation == map->generation)
        return slot->value;
    slot->generation = map->generation;
    slot->first = first;
    slot->second = second;
    slot->hash = hash;
    slot->value = value;
    map->count++;
    return NULL;
}

bool pc_array_push(pl_arena *arena, void ***items, uint32_t *count, void *item)
{
    uint32_t n = *count;
    if (n == 0 || (n >= 4 && (n & (n - 1)) == 0)) {
        uint32_t capacity = n == 0 ? 4 : n * 2;
        void **grown = pl_arena_alloc(arena, capacity * sizeof *grown);
        if (!grown)
            return false;
        if (n)
            memcpy(grown, *items, n * sizeof *grown);
        *items = grown;
    }
    (*items)[(*count)++] = item;
    return true;
}

#define PUSH(arena, array, count, item) pc_array_push((arena), (void ***)&(array), &(count), (item))

/* ---- suggestions ---- */

void pc_suggester_init(pc_suggester *suggester, pc_str wanted)
{
    suggester->wanted = wanted;
    suggester->best.ptr = NULL;
    suggester->best.len = 0;
    /* Close enough: a third of the last part of the name (a package prefix is not a reason to
     * allow more edits), and at least one edit. */
    uint32_t last = wanted.len;
    while (last > 0 && wanted.ptr[last - 1] != '.')
        last--;
    uint32_t simple_length = wanted.len - last;
    suggester->best_distance = simple_length / 3 > 0 ? simple_length / 3 + 1 : 2;
}

void pc_suggester_offer_as(pc_suggester *suggester, pc_str compared, pc_str shown)
{
    uint32_t distance = pc_edit_distance(suggester->wanted, compared);
    if (distance < suggester->best_distance && !pc_str_eq(shown, suggester->wanted)) {
        suggester->best_distance = distance;
        suggester->best = shown;
    }
}

void pc_suggester_offer(pc_suggester *suggester, pc_str candidate)
{
    pc_suggester_offer_as(suggester, candidate, candidate);
}

bool pc_suggester_found(const pc_suggester *suggester)
{
    return suggester->best.ptr != NULL;
}

/* ---- naming ---- */

static size_t convert_camel(pc_str name, char *out, size_t capacity, bool upper_first)
{
    if (capacity == 0)
        return 0;
    const size_t limit = capacity - 1;
    const char *text = name.ptr;
    uint32_t i = 0, length = name.len;
    size_t used = 0;
    /* Leading underscores are dropped; the first letter takes the wanted case. */
    while (i < length && text[i] == '_')
        i++;
    if (i < length && used < limit) {
        char c = text[i++];
        if (upper_first && c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        else if (!upper_first && c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        out[used++] = c;
    }
    /* Then runs of characters, each after the first capitalised when underscores came
     * before it. The spelling is never longer than the name: with room for all of it (as
     * every caller gives), no bound to check per character. */
    if (limit >= length) {
        while (i < length) {
            char c = text[i++];
            if (c == '_') {
                while (i < length && text[i] == '_')
                    i++;
                if (i == length)
                    break;
                c = text[i++];
                if (c >= 'a' && c <= 'z')
                    c = (char)(c - 'a' + 'A');
            }
            out[used++] = c;
        }
        out[used] = '\0';
        return used;
    }
    while (i < length && used < limit) {
        char c = text[i];
        if (c == '_') {
            while (i < length && text[i] == '_')
                i++;
            if (i == length)
                break;
            c = text[i];
            if (c >= 'a' && c <= 'z')
                c = (char)(c - 'a' + 'A');
        }
        out[used++] = c;
        i++;
    }
    out[used] = '\0';
    return used;
}

size_t pc_lower_camel(pc_str name, char *out, size_t capacity)
{
    return convert_camel(name, out, capacity, false);
}

size_t pc_upper_camel(pc_str name, char *out, size_t capacity)
{
    return convert_camel(name, out, capacity, true);
}

pc_str pc_camel_key(pl_arena *arena, pc_str name, bool upper_first)
{
    bool unchanged = name.len > 0 && memchr(name.ptr, '_', name.len) == NULL &&
                     (upper_first ? !(name.ptr[0] >= 'a' && name.ptr[0] <= 'z')
                                  : !(name.ptr[0] >= 'A' && name.ptr[0] <= 'Z'));
    if (unchanged)
        return name;
    char *buffer = pl_arena_alloc(arena, (size_t)name.len + 1);
    if (!buffer)
        return name;
    size_t length = convert_camel(name, buffer, (size_t)name.len + 1, upper_first);
    pc_str key = {buffer, (uint32_t)length};
    return key;
}

/* ---- packages and declarations ---- */

static const char *const keywords[] = {"package", "import", "struct",  "enum",          "union",
                                       "open",    "type",   "service", "discriminator", "throws",
                                       "true",    "false",  "null"};

static bool is_keyword(pc_str name)
{
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++) {
        if (name.len && name.ptr[0] == keywords[i][0] && pc_str_eq_cstr(name, keywords[i]))
            return true;
    }
    return false;
}

static bool is_text(pc_str name, const char *text, uint32_t length)
{
    return name.len == length && memcmp(name.ptr, text, length) == 0;
}

static bool is_reserved_type_name(pc_str name)
{
    pc_primitive primitive;
    return pc_primitive_from_name(name, &primitive) || is_text(name, "list", 4) ||
           is_text(name, "map", 3);
}

static pc_package *package_of(pc_schema *schema, pc_str name)
{
    pc_str none = {"", 0};
    pc_package *package = pc_map_get(&schema->symbols->packages, name, none);
    if (package)
        return package;
    package = pl_arena_alloc(schema->arena, sizeof *package);
    if (!package)
        return NULL;
    package->name = name;
    pc_map_put(&schema->symbols->packages, name, none, package);
    PUSH(schema->arena, schema->packages, schema->package_count, package);
    return package;
}

static const char *qualify(pl_arena *arena, pc_str package, pc_str name)
{
    char *text = pl_arena_alloc(arena, (size_t)package.len + 1 + name.len + 1);
    if (!text)
        return "";
    memcpy(text, package.ptr, package.len);
    text[package.len] = '.';
    memcpy(text + package.len + 1, name.ptr, name.len);
    return text;
}

static void collect_declarations(pc_schema *schema)
{
    for (uint32_t f = 0; f < schema->file_count; f++) {
        pc_file *file = schema->files[f];
        if (file->package_name.text.len == 0) {
            if (!file->has_syntax_errors) {
                pc_loc start = {file->source, 0, 0, 1, 1};
                pc_diag_report(&schema->diags, PC_DIAG_MISSING_PACKAGE, start,
                               "missing package declaration; a file starts with "
                               "'package name;'");
            }
            continue;
        }
        file->package = package_of(schema, file->package_name.text);
        if (!file->package)
            continue;
        PUSH(schema->arena, file->package->files, file->package->file_count, file);
        if (file->has_syntax_errors)
            continue;
        for (uint32_t d = 0; d < file->decl_count; d++) {
            pc_decl *decl = file->decls[d];
            decl->qualified_name = qualify(schema->arena, file->package->name, decl->name);
            if (is_keyword(decl->name)) {
                pc_diag_report(&schema->diags, PC_DIAG_KEYWORD_AS_NAME, decl->loc,
                               "'%.*s' is a keyword and cannot name %s", (int)decl->name.len,
                               decl->name.ptr, pc_decl_kind_with_article(decl->kind));
                continue;
            }
            if (is_reserved_type_name(decl->name)) {
                pc_diag_report(&schema->diags, PC_DIAG_RESERVED_TYPE_NAME, decl->loc,
                               "'%.*s' is a built-in type name and cannot name %s",
                               (int)decl->name.len, decl->name.ptr,
                               pc_decl_kind_with_article(decl->kind));
                continue;
            }
            pc_decl *existing =
                pc_map_put(&schema->symbols->decls, file->package->name, decl->name, decl);
            if (existing) {
                pc_diag *diag = pc_diag_report(
                    &schema->diags, PC_DIAG_DUPLICATE_DECLARATION, decl->loc,
                    "'%.*s' is already declared in package '%.*s'", (int)decl->name.len,
                    decl->name.ptr, (int)file->package->name.len, file->package->name.ptr);
                pc_diag_add_note(&schema->diags, diag, existing->loc,
                                 "the first declaration of '%.*s' is here", (int)existing->name.len,
                                 existing->name.ptr);
                continue;
            }
            decl->index = schema->decl_count;
            PUSH(schema->arena, schema->decls, schema->decl_count, decl);
            if (decl->kind == PC_DECL_SERVICE) {
                for (uint32_t r = 0; r < decl->as.service.route_count; r++)
                    PUSH(schema->arena, schema->routes, schema->route_count,
                         decl->as.service.routes[r]);
            }
        }
    }
}

static void check_type_name_collisions(pc_schema *schema)
{
    pc_map seen;
    pc_map_init(&seen, schema->arena);
    pc_map_reserve(&seen, schema->decl_count);
    for (uint32_t i = 0; i < schema->decl_count; i++) {
        pc_decl *decl = schema->decls[i];
        pc_str key = pc_camel_key(schema->arena, decl->name, true);
        pc_decl *other = pc_map_put(&seen, decl->file->package->name, key, decl);
        if (other) {
            pc_diag *diag = pc_diag_report(
                &schema->diags, PC_DIAG_NAME_COLLISION, decl->loc,
                "'%.*s' and '%.*s' both become '%.*s' in generated code", (int)decl->name.len,
                decl->name.ptr, (int)other->name.len, other->name.ptr, (int)key.len, key.ptr);
            pc_diag_add_note(&schema->diags, diag, other->loc, "'%.*s' is declared here",
                             (int)other->name.len, other->name.ptr);
        }
    }
}

/* ---- type references ---- */

/* May this file name the package (its own, or one of a file it imports)? */
static bool package_visible(const pc_file *file, const pc_package *package)
{
    if (file->package == package)
        return true;
    for (uint32_t i = 0; i < file->import_count; i++) {
        const pc_file *imported = file->imports[i]->file;
        if (imported && imported->package == package)
            return true;
    }
    return false;
}

static void suggest_type(pc_schema *schema, const pc_file *file, pc_suggester *suggester)
{
    for (int p = 0; p < PC_PRIM_COUNT; p++)
        pc_suggester_offer(suggester, pc_str_from_cstr(pc_primitive_name((pc_primitive)p)));
    for (uint32_t i = 0; i < schema->decl_count; i++) {
        const pc_decl *decl = schema->decls[i];
        if (decl->kind == PC_DECL_SERVICE)
            continue;
        pc_str qualified = pc_str_from_cstr(decl->qualified_name);
        if (decl->file->package == file->package) {
            pc_suggester_offer(suggester, decl->name);
            pc_suggester_offer(suggester, qualified);
        } else if (package_visible(file, decl->file->package)) {
            pc_suggester_offer(suggester, qualified);
            /* "Stadium" for club.venues.Stadium: suggest the name it must be written as. */
            if (suggester->wanted.len && !memchr(suggester->wanted.ptr, '.', suggester->wanted.len))
                pc_suggester_offer_as(suggester, decl->name, qualified);
        }
    }
}

static void report_unknown_type(pc_schema *schema, const pc_file *file, const pc_type *type)
{
    pc_str name = type->written.text;
    pc_suggester suggester;
    pc_suggester_init(&suggester, name);
    suggest_type(schema, file, &suggester);
    if (pc_suggester_found(&suggester))
        pc_diag_report(&schema->diags, PC_DIAG_UNKNOWN_TYPE, type->written.loc,
                       "unknown type '%.*s'; did you mean '%.*s'?", (int)name.len, name.ptr,
                       (int)suggester.best.len, suggester.best.ptr);
    else
        pc_diag_report(&schema->diags, PC_DIAG_UNKNOWN_TYPE, type->written.loc,
                       "unknown type '%.*s'", (int)name.len, name.ptr);
}

static void resolve_type(pc_schema *schema, const pc_file *file, pc_type *type);

static void resolve_generic(pc_schema *schema, const pc_file *file, pc_type *type)
{
    pc_str name = type->written.text;
    bool is_list = is_text(name, "list", 4), is_map = is_text(name, "map", 3);
    for (uint32_t i = 0; i < type->arg_count; i++)
        resolve_type(schema, file, type->args[i]);
    if (is_list && type->arg_count == 1) {
        type->kind = PC_TYPE_LIST;
        type->as.element = type->args[0];
        return;
    }
    if (is_map && type->arg_count == 2) {
        const pc_type *key = type->args[0];
        if (key->kind == PC_TYPE_UNRESOLVED)
            return; /* reported as an unknown type */
        if (key->kind != PC_TYPE_PRIMITIVE || key->as.primitive != PC_PRIM_STRING) {
            pc_diag_report(&schema->diags, PC_DIAG_MAP_KEY_TYPE, key->loc,
                           "map keys are JSON object keys, so the key type must be 'string'");
            return;
        }
        type->kind = PC_TYPE_MAP;
        type->as.element = type->args[1];
        return;
    }
    if (is_list || is_map) {
        pc_diag_report(&schema->diags, PC_DIAG_GENERIC_ARITY, type->loc,
                       "'%s' takes %s type argument%s (%s), not %u", is_list ? "list" : "map",
                       is_list ? "one" : "two", is_list ? "" : "s",
                       is_list ? "list<T>" : "map<string, T>", type->arg_count);
        return;
    }
    pc_primitive primitive;
    if (type->written.dots == 0 && !pc_primitive_from_name(name, &primitive) &&
        !pc_map_get(&schema->symbols->decls, file->package->name, name)) {
        report_unknown_type(schema, file, type); /* an unknown name is the first problem */
        return;
    }
    pc_diag_report(&schema->diags, PC_DIAG_GENERIC_ARITY, type->loc,
                   "'%.*s' takes no type arguments; only list<T> and map<string, T> do",
                   (int)name.len, name.ptr);
}

static void resolve_type(pc_schema *schema, const pc_file *file, pc_type *type)
{
    if (!type)
        return;
    if (type->kind == PC_TYPE_NULLABLE) {
        resolve_type(schema, file, type->as.element);
        return;
    }
    if (type->kind != PC_TYPE_UNRESOLVED)
        return;
    pc_str name = type->written.text;
    if (type->written.dots == 0) {
        if (type->arg_count || is_text(name, "list", 4) || is_text(name, "map", 3)) {
            resolve_generic(schema, file, type);
            return;
        }
        pc_primitive primitive;
        if (pc_primitive_from_name(name, &primitive)) {
            type->kind = PC_TYPE_PRIMITIVE;
            type->as.primitive = primitive;
            return;
        }
    } else if (type->arg_count) {
        resolve_generic(schema, file, type);
        return;
    }
    pc_decl *decl = NULL;
    if (type->written.dots == 0) {
        decl = pc_map_get(&schema->symbols->decls, file->package->name, name);
    } else {
        uint32_t split = name.len;
        while (split > 0 && name.ptr[split - 1] != '.')
            split--;
        pc_str package_name = {name.ptr, split - 1};
        pc_str simple = {name.ptr + split, name.len - split};
        pc_package *package = pc_map_get(&schema->symbols->packages, package_name, (pc_str){"", 0});
        if (package && !package_visible(file, package)) {
            pc_diag_report(&schema->diags, PC_DIAG_UNKNOWN_PACKAGE, type->written.loc,
                           "package '%.*s' is not imported by this file; import one of its "
                           "files to use '%.*s'",
                           (int)package_name.len, package_name.ptr, (int)name.len, name.ptr);
            return;
        }
        if (!package) {
            pc_suggester suggester;
            pc_suggester_init(&suggester, package_name);
            for (uint32_t i = 0; i < schema->package_count; i++) {
                if (package_visible(file, schema->packages[i]))
                    pc_suggester_offer(&suggester, schema->packages[i]->name);
            }
            if (pc_suggester_found(&suggester))
                pc_diag_report(&schema->diags, PC_DIAG_UNKNOWN_PACKAGE, type->written.loc,
                               "unknown package '%.*s' in '%.*s'; did you mean '%.*s'?",
                               (int)package_name.len, package_name.ptr, (int)name.len, name.ptr,
                               (int)suggester.best.len, suggester.best.ptr);
            else
                pc_diag_report(&schema->diags, PC_DIAG_UNKNOWN_PACKAGE, type->written.loc,
                               "unknown package '%.*s' in '%.*s'", (int)package_name.len,
                               package_name.ptr, (int)name.len, name.ptr);
            return;
        }
        decl = pc_map_get(&schema->symbols->decls, package_name, simple);
    }
    if (!decl) {
        report_unknown_type(schema, file, type);
        return;
    }
    if (decl->kind == PC_DECL_SERVICE) {
        pc_diag *diag = pc_diag_report(&schema->diags, PC_DIAG_NOT_A_TYPE, type->written.loc,
                                       "'%.*s' is a service, not a type", (int)name.len, name.ptr);
        pc_diag_add_note(&schema->diags, diag, decl->loc, "the service is declared here");
        return;
    }
    type->kind = PC_TYPE_NAMED;
    type->as.decl = decl;
}

static void resolve_all_types(pc_schema *schema)
{
    for (uint32_t i = 0; i < schema->decl_count; i++) {
        pc_decl *decl = schema->decls[i];
        const pc_file *file = decl->file;
        switch (decl->kind) {
        case PC_DECL_STRUCT:
            for (uint32_t f = 0; f < decl->as.struct_.field_count; f++)
                resolve_type(schema, file, decl->as.struct_.fields[f]->type);
            break;
        case PC_DECL_UNION:
            for (uint32_t v = 0; v < decl->as.union_.variant_count; v++)
                resolve_type(schema, file, decl->as.union_.variants[v]->target);
            break;
        case PC_DECL_ALIAS:
            resolve_type(schema, file, decl->as.alias.target);
            break;
        case PC_DECL_SERVICE:
            for (uint32_t r = 0; r < decl->as.service.route_count; r++) {
                pc_route *route = decl->as.service.routes[r];
                for (uint32_t p = 0; p < route->param_count; p++)
                    resolve_type(schema, file, route->params[p]->type);
                resolve_type(schema, file, route->response);
                for (uint32_t t = 0; t < route->throw_count; t++)
                    resolve_type(schema, file, route->throws[t]);
            }
            break;
        case PC_DECL_ENUM:
            break;
        }
    }
}

/* type A = B; type B = A?; never bottoms out in a JSON shape. list and map do. */
static void check_alias_cycles(pc_schema *schema)
{
    for (uint32_t i = 0; i < schema->decl_count; i++) {
        pc_decl *alias = schema->decls[i];
        if (alias->kind != PC_DECL_ALIAS)
            continue;
        const pc_type *type = alias->as.alias.target;
        for (uint32_t steps = 0; type && steps <= schema->decl_count; steps++) {
            if (type->kind == PC_TYPE_NULLABLE) {
                type = type->as.element;
                continue;
            }
            if (type->kind != PC_TYPE_NAMED || type->as.decl->kind != PC_DECL_ALIAS)
                break;
            if (type->as.decl == alias) {
                pc_diag_report(&schema->diags, PC_DIAG_ALIAS_CYCLE, alias->loc,
                               "alias '%.*s' refers to itself without a list or map between",
                               (int)alias->name.len, alias->name.ptr);
                alias->as.alias.target->kind = PC_TYPE_UNRESOLVED; /* break the cycle */
                break;
            }
            type = type->as.decl->as.alias.target;
        }
    }
}

/* ---- members of structs, enums and unions ---- */

/* Duplicate names, wire names and generated spellings within one scope (a struct's fields, an
 * enum's members, a union's variants). Scopes are small and there are thousands of them: the
 * tables live in scratch memory reused from scope to scope, each name is hashed once (its wire
 * name and spelling reuse the hash when they are the same text), and spellings are written into
 * a scratch buffer rather than the arena. */
/* Keys by table: the name, the wire name, the generated spelling. */
enum { NAME_KEY, WIRE_KEY, CAMEL_KEY, NAME_TABLES };

typedef struct name_entry {
    pc_str keys[NAME_TABLES];
    uint64_t hashes[NAME_TABLES];
    pc_loc *loc;
} name_entry;

typedef struct name_checker {
    pc_schema *schema;
    const char *what; /* "field", "member", ... */
    name_entry *entries;
    uint32_t entry_count;
    size_t entry_capacity;
    uint32_t *slots; /* entry index + 1; 0 is empty */
    uint32_t table_size;
    size_t slot_capacity;
    char *camels;
    size_t camel_used, camel_capacity;
    bool usable; /* false when scratch memory ran out: the scope goes unchecked */
    /* Per table (WIRE_KEY, CAMEL_KEY): still empty, every entry so far having its name as that
     * key. Such a table would hold the name table's keys, which are distinct, so a name whose
     * wire name (spelling) is itself needs no look-up there; the table is filled only once an
     * entry has another key. Most names are their own wire name, many their own spelling. */
    bool deferred[NAME_TABLES];
} name_checker;

static void name_checker_init(name_checker *checker, pc_schema *schema)
{
    memset(checker, 0, sizeof *checker);
    checker->schema = schema;
}

static void name_checker_release(name_checker *checker)
{
    free(checker->entries);
    free(checker->slots);
    free(checker->camels);
}

/* A scratch array with room for `wanted` items; NULL (the old array kept) without memory. */
static void *reserve(void *memory, size_t *capacity, size_t wanted, size_t size)
{
    if (wanted <= *capacity)
        return memory;
    size_t grown = *capacity ? *capacity : 16;
    while (grown < wanted)
        grown *= 2;
    void *fresh = realloc(memory, grown * size);
    if (fresh)
        *capacity = grown;
    return fresh;
}

/* Starts a new scope of up to count names. */
static void name_checker_scope(name_checker *checker, const char *what, uint32_t count)
{
    checker->what = what;
    checker->entry_count = 0;
    checker->deferred[WIRE_KEY] = checker->deferred[CAMEL_KEY] = true;
    checker->camel_used = 0;
    uint32_t size = 16;
    while (size < count * 2)
        size *= 2;
    checker->table_size = size;
    checker->usable = false;
    name_entry *entries =
        reserve(checker->entries, &checker->entry_capacity, count, sizeof *entries);
    if (!entries)
        return;
    checker->entries = entries;
    uint32_t *slots =
        reserve(checker->slots, &checker->slot_capacity, (size_t)size * NAME_TABLES, sizeof *slots);
    if (!slots)
        return;
    checker->slots = slots;
    /* Spellings are at most as long as names; longer ones than this go to the arena. */
    char *camels = reserve(checker->camels, &checker->camel_capacity, (size_t)count * 32, 1);
    if (!camels)
        return;
    checker->camels = camels;
    memset(slots, 0, (size_t)size * NAME_TABLES * sizeof *slots);
    checker->usable = true;
}

/* Adds entry `index` to a table unless its key is there; returns the entry already there.
 * Slot i of table t is slots[t * table_size + i]. */
static const name_entry *name_table_put(name_checker *checker, int table, uint32_t index)
{
    uint32_t *slots = checker->slots + (size_t)table * checker->table_size;
    uint32_t mask = checker->table_size - 1;
    const name_entry *entries = checker->entries;
    uint64_t hash = entries[index].hashes[table];
    pc_str key = entries[index].keys[table];
    for (uint32_t at = (uint32_t)hash & mask;; at = (at + 1) & mask) {
        uint32_t slot = slots[at];
        if (slot == 0) {
            slots[at] = index + 1;
            return NULL;
        }
        const name_entry *other = &entries[slot - 1];
        if (other->hashes[table] == hash && same_text(other->keys[table], key))
            return other;
    }
}

/* Whether entry `index`, whose key in `table` is its name when `same`, needs a look-up in that
 * table; fills a deferred table with the entries before it when it does. */
static bool name_table_needed(name_checker *checker, int table, uint32_t index, bool same)
{
    if (!checker->deferred[table])
        return true;
    if (same)
        return false;
    checker->deferred[table] = false;
    for (uint32_t i = 0; i < index; i++)
        name_table_put(checker, table, i);
    return true;
}

/* The generated spelling of a name (lowerCamel) as a key, in the scope's scratch buffer. */
static pc_str camel_key(name_checker *checker, pc_str name)
{
    if (name.len > 0 && memchr(name.ptr, '_', name.len) == NULL &&
        !(name.ptr[0] >= 'A' && name.ptr[0] <= 'Z'))
        return name;
    if (checker->camel_capacity - checker->camel_used < (size_t)name.len + 1)
        return pc_camel_key(checker->schema->arena, name, false);
    char *buffer = checker->camels + checker->camel_used;
    size_t length = pc_lower_camel(name, buffer, (size_t)name.len + 1);
    checker->camel_used += length + 1;
    pc_str key = {buffer, (uint32_t)length};
    return key;
}

/* Returns false when the name itself is a duplicate (the wire and camel checks then add
 * nothing). */
static bool name_checker_add(name_checker *checker, pc_diag_code duplicate_code, pc_str name,
                             pc_str wire, pc_loc *loc)
{
    if (!checker->usable)
        return true;
    pc_schema *schema = checker->schema;
    uint32_t index = checker->entry_count;
    name_entry *entry = &checker->entries[index];
    entry->keys[NAME_KEY] = name;
    entry->hashes[NAME_KEY] = hash_text(0, name);
    entry->loc = loc;
    const name_entry *first = name_table_put(checker, NAME_KEY, index);
    if (first) {
        pc_diag *diag = pc_diag_report(&schema->diags, duplicate_code, *loc, "duplicate %s '%.*s'",
                                       checker->what, (int)name.len, name.ptr);
        pc_diag_add_note(&schema->diags, diag, *first->loc, "'%.*s' is first declared here",
                         (int)name.len, name.ptr);
        return false;
    }
    checker->entry_count++;
    entry->keys[WIRE_KEY] = wire;
    bool same = same_text(wire, name);
    entry->hashes[WIRE_KEY] = same ? entry->hashes[NAME_KEY] : hash_text(0, wire);
    first = name_table_needed(checker, WIRE_KEY, index, same)
                ? name_table_put(checker, WIRE_KEY, index)
                : NULL;
    if (first) {
        pc_diag *diag =
            pc_diag_report(&schema->diags, PC_DIAG_DUPLICATE_WIRE_NAME, *loc,
                           "%s '%.*s' has the wire name '%.*s', which is already "
                           "taken",
                           checker->what, (int)name.len, name.ptr, (int)wire.len, wire.ptr);
        pc_diag_add_note(&schema->diags, diag, *first->loc, "the other one with wire name '%.*s'",
                         (int)wire.len, wire.ptr);
    }
    pc_str camel = camel_key(checker, name);
    entry->keys[CAMEL_KEY] = camel;
    same = camel.ptr == name.ptr;
    entry->hashes[CAMEL_KEY] = same ? entry->hashes[NAME_KEY] : hash_text(0, camel);
    first = name_table_needed(checker, CAMEL_KEY, index, same)
                ? name_table_put(checker, CAMEL_KEY, index)
                : NULL;
    if (first) {
        pc_diag *diag = pc_diag_report(
            &schema->diags, PC_DIAG_NAME_COLLISION, *loc,
            "%s '%.*s' becomes '%.*s' in generated code, like another %s here", checker->what,
            (int)name.len, name.ptr, (int)camel.len, camel.ptr, checker->what);
        pc_diag_add_note(&schema->diags, diag, *first->loc, "this one also becomes '%.*s'",
                         (int)camel.len, camel.ptr);
    }
    return true;
}

static void check_struct(name_checker *checker, pc_decl *decl)
{
    name_checker_scope(checker, "field", decl->as.struct_.field_count);
    for (uint32_t i = 0; i < decl->as.struct_.field_count; i++) {
        pc_field *field = decl->as.struct_.fields[i];
        name_checker_add(checker, PC_DIAG_DUPLICATE_FIELD, field->name, field->wire, &field->loc);
    }
}

static void check_enum(pc_schema *schema, name_checker *checker, pc_decl *decl)
{
    if (decl->as.enum_.member_count == 0) {
        pc_diag_report(&schema->diags, PC_DIAG_EMPTY_ENUM, decl->loc, "enum '%.*s' has no members",
                       (int)decl->name.len, decl->name.ptr);
        return;
    }
    name_checker_scope(checker, "enum member", decl->as.enum_.member_count);
    for (uint32_t i = 0; i < decl->as.enum_.member_count; i++) {
        pc_member *member = decl->as.enum_.members[i];
        name_checker_add(checker, PC_DIAG_DUPLICATE_MEMBER, member->name, member->wire,
                         &member->loc);
    }
}

static void check_union(pc_schema *schema, name_checker *checker, pc_decl *decl)
{
    if (decl->as.union_.variant_count == 0) {
        pc_diag_report(&schema->diags, PC_DIAG_EMPTY_ENUM, decl->loc,
                       "union '%.*s' has no variants", (int)decl->name.len, decl->name.ptr);
        return;
    }
    pc_str discriminator = decl->as.union_.discriminator;
    if (discriminator.len == 0)
        pc_diag_report(&schema->diags, PC_DIAG_INVALID_DISCRIMINATOR,
                       decl->as.union_.discriminator_loc,
                       "the discriminator key is empty; name the JSON key that holds the variant, "
                       "like \"kind\"");
    name_checker_scope(checker, "variant", decl->as.union_.variant_count);
    for (uint32_t i = 0; i < decl->as.union_.variant_count; i++) {
        pc_variant *variant = decl->as.union_.variants[i];
        name_checker_add(checker, PC_DIAG_DUPLICATE_MEMBER, variant->name, variant->wire,
                         &variant->loc);
        pc_type *target = variant->target;
        if (target->kind == PC_TYPE_UNRESOLVED)
            continue;
        if (target->kind != PC_TYPE_NAMED || target->as.decl->kind != PC_DECL_STRUCT) {
            const char *what = target->kind == PC_TYPE_NAMED
                                   ? pc_decl_kind_with_article(target->as.decl->kind)
                                   : "a built-in type";
            pc_diag_report(&schema->diags, PC_DIAG_VARIANT_NOT_STRUCT, target->loc,
                           "variant '%.*s' must be a struct, but '%.*s' is %s",
                           (int)variant->name.len, variant->name.ptr, (int)target->written.text.len,
                           target->written.text.ptr, what);
            continue;
        }
        const pc_decl *member = target->as.decl;
        for (uint32_t f = 0; f < member->as.struct_.field_count; f++) {
            const pc_field *field = member->as.struct_.fields[f];
            if (!pc_str_eq(field->wire, discriminator))
                continue;
            pc_diag *diag;
            if (pc_str_eq(field->name, field->wire))
                diag = pc_diag_report(
                    &schema->diags, PC_DIAG_VARIANT_DISCRIMINATOR_CLASH, target->loc,
                    "struct '%.*s' has a field '%.*s', which is this union's discriminator key",
                    (int)member->name.len, member->name.ptr, (int)field->name.len, field->name.ptr);
            else
                diag =
                    pc_diag_report(&schema->diags, PC_DIAG_VARIANT_DISCRIMINATOR_CLASH, target->loc,
                                   "struct '%.*s' has a field '%.*s' with wire name '%.*s', "
                                   "which is this union's discriminator key",
                                   (int)member->name.len, member->name.ptr, (int)field->name.len,
                                   field->name.ptr, (int)field->wire.len, field->wire.ptr);
            pc_diag_add_note(&schema->diags, diag, field->loc,
                             "rename this field or give the union another discriminator");
        }
    }
}

/* A struct that requires itself (through required, non-nullable fields) has no finite JSON
 * value. Colours: 0 unvisited, 1 on the stack, 2 done. */
typedef struct self_reference_frame {
    pc_decl *decl;
    uint32_t next_field;
} self_reference_frame;

static const pc_decl *required_struct(const pc_field *field)
{
    if (field->optional || !field->type)
        return NULL;
    const pc_type *shape = pc_type_unalias(field->type, false);
    if (!shape || shape->kind != PC_TYPE_NAMED || shape->as.decl->kind != PC_DECL_STRUCT)
        return NULL;
    if (pc_type_is_nullable(field->type))
        return NULL;
    return shape->as.decl;
}

static void check_self_reference(pc_schema *schema)
{
    uint8_t *colour = pl_arena_alloc(schema->arena, schema->decl_count + 1);
    self_reference_frame *stack =
        pl_arena_alloc(schema->arena, (schema->decl_count + 1) * sizeof *stack);
    if (!colour || !stack)
        return;
    for (uint32_t start = 0; start < schema->decl_count; start++) {
        pc_decl *root = schema->decls[start];
        if (root->kind != PC_DECL_STRUCT || colour[start])
            continue;
        uint32_t depth = 0;
        stack[depth++] = (self_reference_frame){root, 0};
        colour[start] = 1;
        while (depth) {
            self_reference_frame *frame = &stack[depth - 1];
            pc_decl *decl = frame->decl;
            if (frame->next_field == decl->as.struct_.field_count) {
                colour[decl->index] = 2;
                depth--;
                continue;
            }
            pc_field *field = decl->as.struct_.fields[frame->next_field++];
            const pc_decl *target = required_struct(field);
            if (!target)
                continue;
            if (colour[target->index] == 1) {
                pc_diag_report(&schema->diags, PC_DIAG_REQUIRED_SELF_REFERENCE, field->loc,
                               "struct '%.*s' requires itself through '%.*s.%.*s'; make a "
                               "field on the way optional, nullable or a list",
                               (int)target->name.len, target->name.ptr, (int)decl->name.len,
                               decl->name.ptr, (int)field->name.len, field->name.ptr);
                continue;
            }
            if (colour[target->index] == 0) {
                colour[target->index] = 1;
                stack[depth++] = (self_reference_frame){(pc_decl *)target, 0};
            }
        }
    }
}

/* ---- warnings ---- */

static void warn_deprecated_type(pc_schema *schema, const pc_type *type, bool user_deprecated)
{
    if (!type || user_deprecated)
        return;
    if (type->kind == PC_TYPE_LIST || type->kind == PC_TYPE_MAP || type->kind == PC_TYPE_NULLABLE) {
        warn_deprecated_type(schema, type->as.element, user_deprecated);
        return;
    }
    if (type->kind == PC_TYPE_NAMED && type->as.decl->meta.deprecated) {
        const pc_decl *decl = type->as.decl;
        pc_diag *diag = pc_diag_report(
            &schema->diags, PC_DIAG_DEPRECATED_USE, type->loc, "'%s' is deprecated%s%.*s",
            decl->qualified_name, decl->meta.deprecated_reason.len ? ": " : "",
            (int)decl->meta.deprecated_reason.len, decl->meta.deprecated_reason.ptr);
        pc_diag_add_note(&schema->diags, diag, decl->loc, "deprecated here");
    }
}

static void check_warnings(pc_schema *schema)
{
    uint8_t *thrown = pl_arena_alloc(schema->arena, schema->decl_count + 1);
    if (!thrown)
        return;
    for (uint32_t r = 0; r < schema->route_count; r++) {
        const pc_route *route = schema->routes[r];
        for (uint32_t t = 0; t < route->throw_count; t++) {
            const pc_type *type = pc_type_unalias(route->throws[t], false);
            if (type && type->kind == PC_TYPE_NAMED)
                thrown[type->as.decl->index] = 1;
        }
    }
    for (uint32_t i = 0; i < schema->decl_count; i++) {
        pc_decl *decl = schema->decls[i];
        bool deprecated = decl->meta.deprecated;
        switch (decl->kind) {
        case PC_DECL_STRUCT:
            if (decl->as.struct_.status && !thrown[i]) {
                for (uint32_t a = 0; a < decl->meta.annotation_count; a++) {
                    const pc_annotation *annotation = decl->meta.annotations[a];
                    if (annotation->kind == PC_ANNOTATION_STATUS)
                        pc_diag_report(&schema->diags, PC_DIAG_STATUS_UNUSED, annotation->loc,
                                       "'%.*s' has a @status but no route throws it",
                                       (int)decl->name.len, decl->name.ptr);
                }
            }
            for (uint32_t f = 0; f < decl->as.struct_.field_count; f++) {
                const pc_field *field = decl->as.struct_.fields[f];
                warn_deprecated_type(schema, field->type, deprecated || field->meta.deprecated);
            }
            break;
        case PC_DECL_ALIAS:
            warn_deprecated_type(schema, decl->as.alias.target, deprecated);
            break;
        case PC_DECL_UNION:
            for (uint32_t v = 0; v < decl->as.union_.variant_count; v++) {
                const pc_variant *variant = decl->as.union_.variants[v];
                warn_deprecated_type(schema, variant->target,
                                     deprecated || variant->meta.deprecated);
            }
            break;
        case PC_DECL_SERVICE:
            for (uint32_t r = 0; r < decl->as.service.route_count; r++) {
                const pc_route *route = decl->as.service.routes[r];
                bool route_deprecated = deprecated || route->meta.deprecated;
                for (uint32_t p = 0; p < route->param_count; p++)
                    warn_deprecated_type(schema, route->params[p]->type,
                                         route_deprecated || route->params[p]->meta.deprecated);
                warn_deprecated_type(schema, route->response, route_deprecated);
                for (uint32_t t = 0; t < route->throw_count; t++)
                    warn_deprecated_type(schema, route->throws[t], route_deprecated);
            }
            break;
        case PC_DECL_ENUM:
            break;
        }
    }
}

/* ---- entry points ---- */

static bool has_front_end_errors(const pc_schema *schema)
{
    for (uint32_t i = 0; i < schema->file_count; i++) {
        if (schema->files[i]->has_syntax_errors)
            return true;
    }
    return false;
}

bool pc_schema_resolve(pc_schema *schema)
{
    if (schema->resolved)
        return schema->diags.error_count == 0;
    schema->resolved = true;
    schema->symbols = pl_arena_alloc(schema->arena, sizeof *schema->symbols);
    if (!schema->symbols)
        return false;
    pc_map_init(&schema->symbols->decls, schema->arena);
    pc_map_init(&schema->symbols->packages, schema->arena);
    uint32_t declared = 0;
    for (uint32_t i = 0; i < schema->file_count; i++)
        declared += schema->files[i]->decl_count;
    pc_map_reserve(&schema->symbols->decls, declared);
    collect_declarations(schema);
    if (has_front_end_errors(schema))
        return false;
    check_type_name_collisions(schema);
    resolve_all_types(schema);
    check_alias_cycles(schema);
    pc_check_annotations(schema);
    name_checker checker;
    name_checker_init(&checker, schema);
    for (uint32_t i = 0; i < schema->decl_count; i++) {
        pc_decl *decl = schema->decls[i];
        if (decl->kind == PC_DECL_STRUCT)
            check_struct(&checker, decl);
        else if (decl->kind == PC_DECL_ENUM)
            check_enum(schema, &checker, decl);
        else if (decl->kind == PC_DECL_UNION)
            check_union(schema, &checker, decl);
    }
    name_checker_release(&checker);
    check_self_reference(schema);
    pc_check_defaults(schema);
    pc_check_services(schema);
    pc_compute_directions(schema);
    check_warnings(schema);
    return schema->diags.error_count == 0;
}

pc_decl *pc_schema_find(const pc_schema *schema, const char *qualified_name)
{
    if (!schema->symbols)
        return NULL;
    const char *dot = strrchr(qualified_name, '.');
    if (!dot)
        return NULL;
    pc_str package = {qualified_name, (uint32_t)(dot - qualified_name)};
    pc_str name = pc_str_from_cstr(dot + 1);
    return pc_map_get(&schema->symbols->decls, package, name);
}
