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

static uint32_t member_hash(pc_str name, sw_member_context context)
{
    uint32_t hash = 2166136261u ^ (uint32_t)context;
    for (uint32_t i = 0; i < name.len; i++)
        hash = (hash ^ (uint32_t)(unsigned char)name.ptr[i]) * 16777619u;
    return hash;
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

static int compare_base(const void *a, const void *b)
{
    const name_slot *x = a, *y = b;
    int c = strcmp(x->base, y->base);
    return c ? c : (x->decl->index < y->decl->index ? -1 : x->decl->index > y->decl->index);
}

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

bool sw_name_decls(sw_ctx *ctx)
{
    const pc_schema *schema = ctx->schema;
    uint32_t count = schema->decl_count;
    name_slot *slots = calloc(count ? count : 1, sizeof *slots);
    if (!slots) {
        pc_emit_error(ctx->emit, "out of memory");
        return false;
    }
    for (uint32_t i = 0; i < count; i++) {
        const pc_decl *decl = schema->decls[i];
        const char *base = sw_upper(ctx, decl->name);
        if (decl->kind == PC_DECL_SERVICE)
            base = sw_concat(ctx, base, "Client", "");
        slots[i] = (name_slot){base, NULL, decl};
    }
    /* Two packages may both declare a name; in one Swift module those types take their
     * package's name in front (MycoachErrorsNotFound), so that neither depends on the order. */
    qsort(slots, count, sizeof *slots, compare_base);
    for (uint32_t i = 0; i < count;) {
        uint32_t end = i + 1;
        bool shared = false;
        while (end < count && strcmp(slots[end].base, slots[i].base) == 0) {
            if (package_of(slots[end].decl) != package_of(slots[i].decl))
                shared = true;
            end++;
        }
        for (uint32_t k = i; k < end; k++) {
            const char *base = shared
                                   ? sw_concat(ctx, package_camel(ctx, package_of(slots[k].decl)),
                                               slots[k].base, "")
                                   : slots[k].base;
            const char *name = *ctx->prefix ? sw_concat(ctx, ctx->prefix, base, "") : base;
            if (in_list(reserved_types, sizeof reserved_types / sizeof reserved_types[0], name))
                name = sw_concat(ctx, name, "_", "");
            slots[k].name = name;
        }
        i = end;
    }
    qsort(slots, count, sizeof *slots, compare_name);
    bool ok = true;
    for (uint32_t i = 0; i < count; i++) {
        ctx->decls[slots[i].decl->index].name = slots[i].name;
        if (i > 0 && strcmp(slots[i].name, slots[i - 1].name) == 0) {
            pc_emit_error(ctx->emit,
                          "swift: '%s' and '%s' would both be named '%s' in Swift; "
                          "rename one",
                          slots[i - 1].decl->qualified_name, slots[i].decl->qualified_name,
                          slots[i].name);
            ok = false;
        }
    }
    free(slots);
    return ok && !ctx->failed;
}
