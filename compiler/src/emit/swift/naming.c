/* Swift names: types in UpperCamelCase, members in lowerCamelCase (language.md §5.3), keywords
 * backticked, and the few names that would clash with what Swift or the generated code already
 * declares renamed with a trailing underscore. Converted names never contain an underscore, so
 * a renamed one cannot collide with another converted name. */
#include <stdlib.h>
#include <string.h>

#include "swift.h"

/* Words that need backticks to be identifiers. Backticks around a word that does not need them
 * are harmless, so the list errs on the side of contextual keywords too. Sorted in strcmp
 * order for bsearch: sw_member runs for every field of every struct. */
// clang-format off
static const char *const swift_keywords[] = {
    "Any", "Protocol", "Self", "Type", "actor", "any", "as", "associatedtype", "async",
    "await", "borrowing", "break", "case", "catch", "class", "consuming", "continue",
    "convenience", "default", "defer", "deinit", "didSet", "do", "dynamic", "else", "enum",
    "extension", "fallthrough", "false", "fileprivate", "final", "for", "func", "get", "guard",
    "if", "import", "in", "indirect", "infix", "init", "inout", "internal", "is", "lazy",
    "let", "macro", "mutating", "nil", "nonisolated", "nonmutating", "open", "operator",
    "optional", "override", "package", "postfix", "precedencegroup", "prefix", "private",
    "protocol", "public", "repeat", "required", "rethrows", "return", "self", "set", "some",
    "static", "struct", "subscript", "super", "switch", "throw", "throws", "true", "try",
    "typealias", "unowned", "var", "weak", "where", "while", "willSet",
};
// clang-format on

/* Type names the generated code or Swift itself relies on: a declaration called so would
 * shadow them (or, for Type, Self, Protocol and Any, cannot be declared at all).
 * PayloadRuntime is no type, but its file is PayloadRuntime.swift. */
// clang-format off
static const char *const reserved_types[] = {
    "Any", "AnyObject", "Array", "Bool", "CaseIterable", "Character", "Codable", "CodingKey",
    "CodingKeys", "Comparable", "CustomStringConvertible", "Data", "Date", "Decimal",
    "Decodable", "Decoder", "DecodingError", "Dictionary", "Double", "Encodable", "Encoder",
    "EncodingError", "Equatable", "Error", "Float", "Foundation", "FoundationNetworking",
    "Hashable", "Hasher", "Int", "Int16", "Int32", "Int64", "Int8", "KeyedDecodingContainer",
    "KeyedEncodingContainer", "Locale", "LosslessStringConvertible", "Never", "Optional",
    "PayloadAliases", "PayloadBytes", "PayloadCheck", "PayloadClientError", "PayloadDate",
    "PayloadDateTime", "PayloadDecimal", "PayloadDeprecatedMembers", "PayloadError",
    "PayloadHTTPRequest", "PayloadHTTPResponse", "PayloadIndirect", "PayloadJSON", "PayloadJSONDecoder",
    "PayloadJSONEncoder", "PayloadKey", "PayloadNumber", "PayloadPattern", "PayloadPointer",
    "PayloadQueryItem", "PayloadRuntime", "PayloadSupport", "PayloadTransport", "PayloadTristate",
    "PayloadURL", "PayloadURLSessionTransport", "PayloadUUID", "PayloadValidatable", "Protocol",
    "RawRepresentable", "Result", "Self", "Sendable", "Set", "String", "Swift", "TimeZone",
    "Type", "UInt", "UInt16", "UInt32", "UInt64", "UInt8", "URL", "URLError", "URLRequest",
    "URLSession", "UUID", "Unicode", "Void",
};
// clang-format on

static int compare_word(const void *key, const void *item)
{
    return strcmp(key, *(const char *const *)item);
}

/* Both lists are sorted in strcmp order. */
static bool in_list(const char *const *list, size_t count, const char *word)
{
    return bsearch(word, list, count, sizeof *list, compare_word) != NULL;
}

static bool is_keyword(const char *word)
{
    return in_list(swift_keywords, sizeof swift_keywords / sizeof swift_keywords[0], word);
}

bool sw_is_identifier(const char *text)
{
    if (!text || !*text || (*text >= '0' && *text <= '9'))
        return false;
    for (const char *c = text; *c; c++) {
        bool ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                  (*c >= '0' && *c <= '9') || *c == '_';
        if (!ok)
            return false;
    }
    return !is_keyword(text);
}

/* Converts into the arena; a name that converts to nothing or to a leading digit ("_1") gets an
 * underscore in front, which no other converted name has. */
static char *camel(sw_ctx *ctx, pc_str name, bool upper, size_t extra)
{
    char *out = pl_arena_alloc(ctx->arena, (size_t)name.len + extra + 4);
    if (!out) {
        ctx->failed = true;
        return (char *)"_";
    }
    size_t length = upper ? pc_upper_camel(name, out + 1, (size_t)name.len + 1)
                          : pc_lower_camel(name, out + 1, (size_t)name.len + 1);
    if (length == 0 || (out[1] >= '0' && out[1] <= '9')) {
        out[0] = '_';
        if (length == 0) {
            out[1] = upper ? 'X' : 'x';
            out[2] = '\0';
        }
        return out;
    }
    return out + 1;
}

const char *sw_upper(sw_ctx *ctx, pc_str name)
{
    return camel(ctx, name, true, 0);
}

static bool renamed(const char *word, sw_member_context context)
{
    /* Every renamed word starts with one of these: most names stop here. */
    if (!strchr("hnstuv", word[0]) || !word[0])
        return false;
    switch (context) {
    case SW_FIELD:
        /* self.`self` cannot be told from the parameter; hashValue is Hashable's; validate()
         * is PayloadValidatable's. */
        return strcmp(word, "self") == 0 || strcmp(word, "hashValue") == 0 ||
               strcmp(word, "validate") == 0;
    case SW_CASE:
        /* `.none` compared with an Optional means Optional.none. */
        return strcmp(word, "none") == 0;
    case SW_OPEN_CASE:
        return strcmp(word, "none") == 0 || strcmp(word, "unknown") == 0;
    case SW_PARAM:
        return strcmp(word, "self") == 0;
    case SW_ROUTE:
        /* A client's stored property. */
        return strcmp(word, "transport") == 0;
    }
    return false;
}

const char *sw_member_plain(sw_ctx *ctx, pc_str name, sw_member_context context)
{
    char *word = camel(ctx, name, false, 2);
    if (renamed(word, context))
        strcat(word, "_");
    return word;
}

/* Whether a converted member name may be a keyword: keywords are 2 to 16 characters long and
 * start with a letter, so one table lookup settles most names without a search. */
static bool maybe_keyword(sw_ctx *ctx, const char *word, size_t length)
{
    unsigned char first = (unsigned char)word[0];
    return length < 32 && first < 128 && (ctx->keyword_lengths[first] >> length & 1u);
}

void sw_naming_init(sw_ctx *ctx)
{
    for (size_t i = 0; i < sizeof swift_keywords / sizeof swift_keywords[0]; i++) {
        const char *word = swift_keywords[i];
        ctx->keyword_lengths[(unsigned char)word[0]] |= 1u << strlen(word);
    }
}

static const char *convert_member(sw_ctx *ctx, pc_str name, sw_member_context context)
{
    const char *word = sw_member_plain(ctx, name, context);
    size_t length = strlen(word);
    if (!maybe_keyword(ctx, word, length) || !is_keyword(word))
        return word;
    char *quoted = pl_arena_alloc(ctx->arena, length + 3);
    if (!quoted) {
        ctx->failed = true;
        return word;
    }
    quoted[0] = '`';
    memcpy(quoted + 1, word, length);
    quoted[length + 1] = '`';
    quoted[length + 2] = '\0';
    return quoted;
}

/* Eight bytes at a time (the last ones in a load that may overlap): every field of every
 * struct is looked up here. */
static uint32_t member_hash(pc_str name, sw_member_context context)
{
    uint64_t hash = 0x243F6A8885A308D3ULL ^ ((uint64_t)context << 32) ^ name.len;
    const char *at = name.ptr;
    uint32_t left = name.len;
    uint64_t word = 0;
    for (; left > 8; left -= 8, at += 8) {
        memcpy(&word, at, sizeof word);
        hash = (hash ^ word) * 0x9E3779B97F4A7C15ULL;
        hash ^= hash >> 29;
    }
    if (name.len >= 8) {
        memcpy(&word, name.ptr + name.len - 8, sizeof word);
    } else {
        word = 0;
        for (uint32_t i = 0; i < left; i++)
            word |= (uint64_t)(unsigned char)at[i] << (8 * i);
    }
    hash = (hash ^ word) * 0x9E3779B97F4A7C15ULL;
    return (uint32_t)(hash ^ (hash >> 32));
}

/* Doubles the table (from 1024 slots); false when memory ran out (names are then converted
 * each time, as without the cache). */
static bool members_grow(sw_ctx *ctx)
{
    uint32_t capacity = ctx->members ? 2 * (ctx->member_mask + 1) : 1024;
    sw_member_slot *slots = calloc(capacity, sizeof *slots);
    if (!slots)
        return false;
    for (uint32_t i = 0; ctx->members && i <= ctx->member_mask; i++) {
        const sw_member_slot *old = &ctx->members[i];
        if (!old->key)
            continue;
        pc_str key = {old->key, old->length};
        uint32_t at = member_hash(key, (sw_member_context)old->context) & (capacity - 1);
        while (slots[at].key)
            at = (at + 1) & (capacity - 1);
        slots[at] = *old;
    }
    free(ctx->members);
    ctx->members = slots;
    ctx->member_mask = capacity - 1;
    return true;
}

const char *sw_member(sw_ctx *ctx, pc_str name, sw_member_context context)
{
    if ((ctx->member_count + 1) * 2 > (ctx->members ? ctx->member_mask + 1 : 0) &&
        !members_grow(ctx))
        return convert_member(ctx, name, context);
    uint32_t at = member_hash(name, context) & ctx->member_mask;
    for (;; at = (at + 1) & ctx->member_mask) {
        sw_member_slot *slot = &ctx->members[at];
        if (!slot->key)
            break;
        if (slot->length == name.len && slot->context == (uint32_t)context &&
            memcmp(slot->key, name.ptr, name.len) == 0)
            return slot->swift;
    }
    /* Kept for the whole run, past the declaration being written. */
    pl_arena *current = ctx->arena;
    ctx->arena = ctx->persistent ? ctx->persistent : current;
    const char *swift = convert_member(ctx, name, context);
    ctx->arena = current;
    ctx->members[at] =
        (sw_member_slot){name.ptr ? name.ptr : "", name.len, (uint32_t)context, swift};
    ctx->member_count++;
    return swift;
}

void sw_naming_free(sw_ctx *ctx)
{
    free(ctx->members);
    ctx->members = NULL;
}

/* ---- declaration names ---- */

typedef struct name_slot {
    const char *base; /* UpperCamel name before package qualification */
    const char *name; /* the final name */
    const pc_decl *decl;
} name_slot;

static int compare_name(const void *a, const void *b)
{
    const name_slot *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->decl->index < y->decl->index ? -1 : x->decl->index > y->decl->index);
}

static const pc_package *package_of(const pc_decl *decl)
{
    return decl->file ? decl->file->package : NULL;
}

/* "mycoach.events" -> "MycoachEvents" */
static const char *package_camel(sw_ctx *ctx, const pc_package *package)
{
    size_t length = package ? package->name.len : 0;
    char *out = pl_arena_alloc(ctx->arena, length + 2);
    if (!out) {
        ctx->failed = true;
        return "";
    }
    size_t used = 0;
    uint32_t start = 0;
    for (uint32_t i = 0; package && i <= package->name.len; i++) {
        if (i < package->name.len && package->name.ptr[i] != '.')
            continue;
        pc_str part = {package->name.ptr + start, i - start};
        used += pc_upper_camel(part, out + used, length + 2 - used);
        start = i + 1;
    }
    out[used] = '\0';
    return out;
}

/* Open addressing over slot indices (+ 1; 0 is empty), keyed by a string of the slot. */
typedef struct slot_table {
    uint32_t *cells;
    uint32_t mask;
} slot_table;

static uint32_t text_hash(const char *text)
{
    uint32_t hash = 2166136261u;
    for (const unsigned char *c = (const unsigned char *)text; *c; c++)
        hash = (hash ^ *c) * 16777619u;
    return hash;
}

/* The index of a slot whose key equals that of slot `index`, or `index` after adding it. */
static uint32_t slot_table_add(slot_table *table, const name_slot *slots, uint32_t index,
                               bool by_name)
{
    const char *key = by_name ? slots[index].name : slots[index].base;
    for (uint32_t at = text_hash(key) & table->mask;; at = (at + 1) & table->mask) {
        uint32_t cell = table->cells[at];
        if (cell == 0) {
            table->cells[at] = index + 1;
            return index;
        }
        const name_slot *other = &slots[cell - 1];
        if (strcmp(by_name ? other->name : other->base, key) == 0)
            return cell - 1;
    }
}

/* The sorted way of sw_name_decls, kept for reporting collisions in name order. */
static bool report_name_collisions(sw_ctx *ctx, name_slot *slots, uint32_t count)
{
    qsort(slots, count, sizeof *slots, compare_name);
    bool ok = true;
    for (uint32_t i = 0; i < count; i++) {
        if (i > 0 && strcmp(slots[i].name, slots[i - 1].name) == 0) {
            pc_emit_error(ctx->emit,
                          "swift: '%s' and '%s' would both be named '%s' in Swift; "
                          "rename one",
                          slots[i - 1].decl->qualified_name, slots[i].decl->qualified_name,
                          slots[i].name);
            ok = false;
        }
    }
    return ok;
}

bool sw_name_decls(sw_ctx *ctx)
{
    const pc_schema *schema = ctx->schema;
    uint32_t count = schema->decl_count;
    uint32_t size = 16;
    while (size < 2 * count)
        size *= 2;
    name_slot *slots = calloc(count ? count : 1, sizeof *slots);
    /* Per slot, the first slot with the same base; and per first slot, whether its base is
     * declared in more than one package. Then a table for bases and one for final names. */
    uint32_t *group = calloc(count ? count : 1, sizeof *group);
    bool *shared = calloc(count ? count : 1, sizeof *shared);
    uint32_t *cells = calloc(size, sizeof *cells);
    if (!slots || !group || !shared || !cells) {
        free(slots);
        free(group);
        free(shared);
        free(cells);
        pc_emit_error(ctx->emit, "out of memory");
        return false;
    }
    /* Hash tables rather than sorting: the declarations are named before any file is
     * written, so this is on the way of every run. */
    slot_table table = {cells, size - 1};
    for (uint32_t i = 0; i < count; i++) {
        const pc_decl *decl = schema->decls[i];
        const char *base = sw_upper(ctx, decl->name);
        if (decl->kind == PC_DECL_SERVICE)
            base = sw_concat(ctx, base, "Client", "");
        slots[i] = (name_slot){base, NULL, decl};
        group[i] = slot_table_add(&table, slots, i, false);
        /* Two packages may both declare a name; in one Swift module those types take their
         * package's name in front (MycoachErrorsNotFound), so that neither depends on the
         * order. */
        if (package_of(decl) != package_of(slots[group[i]].decl))
            shared[group[i]] = true;
    }
    /* Which (first character, length) pairs a reserved type name has: most names need no
     * search of the list. */
    uint32_t reserved_lengths[128] = {0};
    for (size_t i = 0; i < sizeof reserved_types / sizeof reserved_types[0]; i++) {
        size_t length = strlen(reserved_types[i]);
        reserved_lengths[(unsigned char)reserved_types[i][0] & 127] |= 1u << (length & 31);
    }
    for (uint32_t i = 0; i < count; i++) {
        const char *base =
            shared[group[i]]
                ? sw_concat(ctx, package_camel(ctx, package_of(slots[i].decl)), slots[i].base, "")
                : slots[i].base;
        const char *name = *ctx->prefix ? sw_concat(ctx, ctx->prefix, base, "") : base;
        size_t length = strlen(name);
        unsigned char first = (unsigned char)name[0];
        if (first < 128 && (reserved_lengths[first] >> (length & 31) & 1u) &&
            in_list(reserved_types, sizeof reserved_types / sizeof reserved_types[0], name))
            name = sw_concat(ctx, name, "_", "");
        slots[i].name = name;
        ctx->decls[slots[i].decl->index].name = name;
    }
    memset(cells, 0, size * sizeof *cells);
    bool ok = true;
    for (uint32_t i = 0; i < count && ok; i++)
        ok = slot_table_add(&table, slots, i, true) == i;
    if (!ok)
        report_name_collisions(ctx, slots, count);
    free(slots);
    free(group);
    free(shared);
    free(cells);
    return ok && !ctx->failed;
}
