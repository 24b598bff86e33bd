/* Scala names: escaping of identifiers, standard names and their shadowing, literals, doc
 * comments, I-Regexp translation, and the per-declaration facts the writers need. */
#include <string.h>

#include "scala.h"

/* Scala 2 keywords plus the hard keywords of Scala 3: these need backquotes. */
static const char *const keywords[] = {
    "abstract", "case",    "catch",    "class",    "def",     "do",      "else",   "enum",
    "export",   "extends", "false",    "final",    "finally", "for",     "forSome", "given",
    "if",       "implicit", "import",  "lazy",     "macro",   "match",   "new",    "null",
    "object",   "override", "package", "private",  "protected", "return", "sealed", "super",
    "then",     "this",    "throw",    "trait",    "true",    "try",     "type",   "val",
    "var",      "while",   "with",     "yield"};

/* Members every case class has (from Any, AnyRef and Product, and its own copy): a field of
 * one of these names would clash with it, so it gets a trailing underscore. */
static const char *const member_names[] = {
    "asInstanceOf", "canEqual",    "clone",          "copy",
    "eq",           "equals",      "finalize",       "getClass",
    "hashCode",     "isInstanceOf", "ne",            "notify",
    "notifyAll",    "productArity", "productElement", "productElementName",
    "productElementNames", "productIterator", "productPrefix", "synchronized",
    "toString",     "wait"};

static bool in_list(const char *name, size_t length, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (strlen(list[i]) == length && memcmp(list[i], name, length) == 0)
            return true;
    }
    return false;
}

/* Finishes a converted name: backquotes for keywords and names that are not identifiers. */
static const char *finish(sc_ctx *ctx, const char *converted, size_t length, pc_str original,
                          bool term)
{
    bool plain = length > 0 && !(converted[0] >= '0' && converted[0] <= '9');
    if (plain && term && in_list(converted, length, member_names,
                                 sizeof member_names / sizeof member_names[0])) {
        char *out = pl_arena_alloc(ctx->arena, length + 2);
        if (!out)
            return "x_";
        memcpy(out, converted, length);
        out[length] = '_';
        return out;
    }
    if (plain && !in_list(converted, length, keywords, sizeof keywords / sizeof keywords[0]))
        return pl_arena_strdup(ctx->arena, converted, length);
    /* A keyword, or nothing left after removing underscores ("_", "_1"): backquote the
     * converted name, or the original when nothing is left. */
    const char *text = length ? converted : original.ptr;
    size_t text_length = length ? length : original.len;
    char *out = pl_arena_alloc(ctx->arena, text_length + 3);
    if (!out)
        return "x_";
    out[0] = '`';
    memcpy(out + 1, text, text_length);
    out[text_length + 1] = '`';
    out[text_length + 2] = '\0';
    return out;
}

const char *sc_term_name(sc_ctx *ctx, pc_str name)
{
    char small[128];
    char *buffer = name.len < sizeof small ? small : pl_arena_alloc(ctx->arena, name.len + 1u);
    if (!buffer)
        return "x_";
    size_t length = pc_lower_camel(name, buffer, (size_t)name.len + 1);
    return finish(ctx, buffer, length, name, true);
}

const char *sc_type_name(sc_ctx *ctx, pc_str name)
{
    char small[128];
    char *buffer = name.len < sizeof small ? small : pl_arena_alloc(ctx->arena, name.len + 1u);
    if (!buffer)
        return "X_";
    size_t length = pc_upper_camel(name, buffer, (size_t)name.len + 1);
    return finish(ctx, buffer, length, name, false);
}

bool sc_needs_space(const char *name)
{
    size_t length = strlen(name);
    return length && name[length - 1] == '_';
}

/* ---- standard names ---- */

static const struct {
    const char *plain, *qualified;
} std_names[SC_STD_COUNT] = {
    [SC_BOOLEAN] = {"Boolean", "_root_.scala.Boolean"},
    [SC_INT] = {"Int", "_root_.scala.Int"},
    [SC_LONG] = {"Long", "_root_.scala.Long"},
    [SC_DOUBLE] = {"Double", "_root_.scala.Double"},
    [SC_STRING] = {"String", "_root_.java.lang.String"},
    [SC_OPTION] = {"Option", "_root_.scala.Option"},
    [SC_SOME] = {"Some", "_root_.scala.Some"},
    [SC_NONE] = {"None", "_root_.scala.None"},
    [SC_VECTOR] = {"Vector", "_root_.scala.collection.immutable.Vector"},
    [SC_MAP] = {"Map", "_root_.scala.collection.immutable.Map"},
    [SC_BIGDECIMAL] = {"BigDecimal", "_root_.scala.math.BigDecimal"},
    [SC_UNIT] = {"Unit", "_root_.scala.Unit"},
    [SC_EITHER] = {"Either", "_root_.scala.util.Either"},
    [SC_PRODUCT] = {"Product", "_root_.scala.Product"},
    [SC_SERIALIZABLE] = {"Serializable", "_root_.java.io.Serializable"},
    [SC_LOCALDATE] = {"LocalDate", "_root_.java.time.LocalDate"},
    [SC_UUID] = {"UUID", "_root_.java.util.UUID"},
    [SC_DATETIME] = {"DateTime", "_root_.payloadc.runtime.DateTime"},
    [SC_BYTES] = {"Bytes", "_root_.payloadc.runtime.Bytes"},
    [SC_JSON] = {"Json", "_root_.payloadc.runtime.Json"},
    [SC_PATCH] = {"Patch", "_root_.payloadc.runtime.Patch"},
    [SC_DECIMAL] = {"Decimal", "_root_.payloadc.runtime.Decimal"},
    [SC_CLIENTERROR] = {"ClientError", "_root_.payloadc.runtime.ClientError"},
};

uint32_t sc_std_bit(const char *name)
{
    /* Only names starting with an upper-case letter can clash; most do not, cheaply. */
    if (!(name[0] >= 'A' && name[0] <= 'Z'))
        return 0;
    for (uint32_t i = 0; i < SC_STD_COUNT; i++) {
        if (strcmp(std_names[i].plain, name) == 0)
            return 1u << i;
    }
    return 0;
}

const char *sc_std_import(sc_std name);
const char *sc_std_import(sc_std name)
{
    return std_names[name].qualified + strlen("_root_.");
}

void sc_std_write(sc_ctx *ctx, uint32_t shadowed, sc_std name)
{
    if (shadowed & (1u << name)) {
        sc_w(ctx->w, std_names[name].qualified);
    } else {
        ctx->used |= 1u << name;
        sc_w(ctx->w, std_names[name].plain);
    }
}

void sc_wint(pc_writer *w, int64_t value)
{
    char digits[24];
    char *end = digits + sizeof digits;
    char *at = end;
    uint64_t magnitude = value < 0 ? (uint64_t)0 - (uint64_t)value : (uint64_t)value;
    do {
        *--at = (char)('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude);
    if (value < 0)
        *--at = '-';
    pc_str text = {at, (uint32_t)(end - at)};
    pc_write_str(w, text);
}

/* ---- literals and comments ---- */

void sc_write_string(pc_writer *w, const char *text, size_t length)
{
    static const char hex[] = "0123456789abcdef";
    char buffer[256];
    size_t used = 0;
    buffer[used++] = '"';
    for (size_t i = 0; i < length; i++) {
        if (used > sizeof buffer - 8) {
            pc_str chunk = {buffer, (uint32_t)used};
            pc_write_str(w, chunk);
            used = 0;
        }
        unsigned char c = (unsigned char)text[i];
        if (c == '"' || c == '\\') {
            buffer[used++] = '\\';
            buffer[used++] = (char)c;
        } else if (c == '\n') {
            buffer[used++] = '\\';
            buffer[used++] = 'n';
        } else if (c == '\r') {
            buffer[used++] = '\\';
            buffer[used++] = 'r';
        } else if (c == '\t') {
            buffer[used++] = '\\';
            buffer[used++] = 't';
        } else if (c < 0x20 || c == 0x7f) {
            /* Scala 2.11 turns \uXXXX into the character before lexing, which is fine for
             * these (not line breaks) inside a literal. */
            memcpy(buffer + used, "\\u00", 4);
            used += 4;
            buffer[used++] = hex[c >> 4];
            buffer[used++] = hex[c & 15];
        } else {
            buffer[used++] = (char)c;
        }
    }
    buffer[used++] = '"';
    pc_str chunk = {buffer, (uint32_t)used};
    pc_write_str(w, chunk);
}

/* One line of a doc comment: nothing in it may end the comment ("*" "/"), open a nested one
 * (Scala comments nest) or start a unicode escape (Scala 2.11 reads \u even in comments). */
static void doc_escape(pc_writer *w, const char *line, size_t length)
{
    size_t start = 0;
    for (size_t i = 0; i < length; i++) {
        const char *replacement = NULL;
        if (line[i] == '*' && i + 1 < length && line[i + 1] == '/')
            replacement = "*&#47;";
        else if (line[i] == '/' && i + 1 < length && line[i + 1] == '*')
            replacement = "/&#42;";
        else if (line[i] == '\\')
            replacement = "&#92;";
        if (replacement) {
            pc_str before = {line + start, (uint32_t)(i - start)};
            pc_write_str(w, before);
            sc_w(w, replacement);
            start = i + (line[i] == '\\' ? 1 : 2);
            i = start - 1;
        }
    }
    pc_str rest = {line + start, (uint32_t)(length - start)};
    pc_write_str(w, rest);
}

void sc_write_doc(pc_writer *w, const char *doc, const char *deprecated_note)
{
    if (!doc && !deprecated_note)
        return;
    if (doc && !deprecated_note && !strchr(doc, '\n')) {
        sc_w(w, "/** ");
        doc_escape(w, doc, strlen(doc));
        sc_w(w, " */");
        pc_newline(w);
        return;
    }
    if (doc) {
        const char *newline = strchr(doc, '\n');
        size_t first = newline ? (size_t)(newline - doc) : strlen(doc);
        sc_w(w, "/** ");
        doc_escape(w, doc, first);
        pc_newline(w);
        if (newline)
            pc_write_doc(w, newline + 1, NULL, "  * ", NULL, doc_escape);
        if (deprecated_note) {
            sc_w(w, "  *");
            pc_newline(w);
        }
    } else {
        sc_w(w, "/**");
        pc_newline(w);
    }
    if (deprecated_note) {
        sc_w(w, "  * @deprecated ");
        doc_escape(w, deprecated_note, strlen(deprecated_note));
        pc_newline(w);
    }
    sc_w(w, "  */");
    pc_newline(w);
}

/* ---- I-Regexp to java.util.regex ----
 * The two agree but for: '.' (any character but \n and \r in I-Regexp, more exclusions in
 * Java), '$' (a literal in I-Regexp, an anchor in Java) and '&' inside a class (Java's "&&"
 * is an intersection). Everything else, \p{..} included, means the same. */
const char *sc_java_regex(sc_ctx *ctx, pc_str pattern)
{
    char *out = pl_arena_alloc(ctx->arena, (size_t)pattern.len * 7 + 1);
    if (!out)
        return "";
    size_t used = 0;
    bool in_class = false;
    for (uint32_t i = 0; i < pattern.len; i++) {
        char c = pattern.ptr[i];
        if (c == '\\' && i + 1 < pattern.len) {
            out[used++] = c;
            out[used++] = pattern.ptr[++i];
            continue;
        }
        if (in_class) {
            if (c == ']')
                in_class = false;
            if (c == '&' || (c == '[' )) {
                out[used++] = '\\';
            }
            out[used++] = c;
            continue;
        }
        if (c == '[') {
            in_class = true;
            out[used++] = c;
            /* A leading '^' negates in both; a ']' right after it cannot occur unescaped. */
            if (i + 1 < pattern.len && pattern.ptr[i + 1] == '^')
                out[used++] = pattern.ptr[++i];
        } else if (c == '.') {
            memcpy(out + used, "[^\\n\\r]", 7);
            used += 7;
        } else if (c == '$') {
            out[used++] = '\\';
            out[used++] = '$';
        } else {
            out[used++] = c;
        }
    }
    out[used] = '\0';
    return out;
}

/* ---- packages and declarations ---- */

static bool segment_needs_quotes(const char *segment, size_t length)
{
    return in_list(segment, length, keywords, sizeof keywords / sizeof keywords[0]);
}

const char *sc_package_clause(sc_ctx *ctx, sc_package *package)
{
    (void)ctx;
    return package->scala;
}

/* Builds the Scala name of a package: prefix and segments, keywords backquoted. */
static char *scala_package_name(sc_ctx *ctx, pc_str name, bool dir)
{
    size_t prefix_length = strlen(ctx->prefix);
    char *out = pl_arena_alloc(ctx->arena, prefix_length + 1 + (size_t)name.len * 3 + 8);
    if (!out)
        return NULL;
    size_t used = 0;
    for (size_t i = 0; i < prefix_length; i++)
        out[used++] = dir && ctx->prefix[i] == '.' ? '/' : ctx->prefix[i];
    if (prefix_length)
        out[used++] = dir ? '/' : '.';
    uint32_t start = 0;
    for (uint32_t i = 0; i <= name.len; i++) {
        if (i < name.len && name.ptr[i] != '.')
            continue;
        size_t length = i - start;
        bool quote = !dir && segment_needs_quotes(name.ptr + start, length);
        if (quote)
            out[used++] = '`';
        memcpy(out + used, name.ptr + start, length);
        used += length;
        if (quote)
            out[used++] = '`';
        if (i < name.len)
            out[used++] = dir ? '/' : '.';
        start = i + 1;
    }
    out[used] = '\0';
    return out;
}

/* Terms that could shadow the first segment of a package path somewhere in generated code:
 * the local names of generated methods and the alias of the runtime package. Field and
 * parameter names are added from the schema. */
static const char *const local_terms[] = {"rt", "f", "v", "p", "o", "w", "j", "x", "r", "b",
                                          "d", "tag", "handler", "request", "java", "scala",
                                          "payloadc"};

static bool package_head_shadowed(const sc_ctx *ctx, pc_str head, const pc_str *terms,
                                  uint32_t term_count)
{
    (void)ctx;
    for (size_t i = 0; i < sizeof local_terms / sizeof local_terms[0]; i++) {
        if (pc_str_eq_cstr(head, local_terms[i]))
            return true;
    }
    for (uint32_t i = 0; i < term_count; i++) {
        if (pc_str_eq(head, terms[i]))
            return true;
    }
    return false;
}

/* Whether `type` reaches alias `self` through lists, maps, nullables and other aliases (not
 * through structs or unions, which are named classes). Alias chains are short; depth bounds
 * cycles that do not pass through `self`. */
static bool alias_contains(const pc_decl *self, const pc_type *type, int depth)
{
    while (type && depth < 64) {
        switch (type->kind) {
        case PC_TYPE_LIST:
        case PC_TYPE_MAP:
        case PC_TYPE_NULLABLE:
            type = type->as.element;
            continue;
        case PC_TYPE_NAMED:
            if (type->as.decl == self)
                return true;
            if (type->as.decl->kind != PC_DECL_ALIAS)
                return false;
            type = type->as.decl->as.alias.target;
            depth++;
            continue;
        default:
            return false;
        }
    }
    return false;
}

static void mark_live(sc_ctx *ctx, const pc_type *type)
{
    while (type) {
        switch (type->kind) {
        case PC_TYPE_LIST:
        case PC_TYPE_MAP:
        case PC_TYPE_NULLABLE:
            type = type->as.element;
            continue;
        case PC_TYPE_NAMED:
            ctx->decls[type->as.decl->index].used_live = true;
            return;
        default:
            return;
        }
    }
}

/* An enum member named by a live default cannot carry @deprecated either. */
static void mark_default_live(sc_ctx *ctx, const pc_value *value)
{
    if (!value || value->kind != PC_VALUE_NAME || !value->member || !value->member->meta.deprecated)
        return;
    const pc_member **grown = pl_arena_alloc(
        ctx->arena, ((size_t)ctx->live_member_count + 1) * sizeof *grown);
    if (!grown)
        return;
    if (ctx->live_member_count)
        memcpy(grown, ctx->live_members, ctx->live_member_count * sizeof *grown);
    grown[ctx->live_member_count++] = value->member;
    ctx->live_members = grown;
}

bool sc_member_deprecated(const sc_ctx *ctx, const pc_member *member)
{
    if (!member->meta.deprecated)
        return false;
    for (uint32_t i = 0; i < ctx->live_member_count; i++) {
        if (ctx->live_members[i] == member)
            return false;
    }
    return true;
}

bool sc_prepare(sc_ctx *ctx)
{
    const pc_schema *schema = ctx->schema;
    ctx->decls = pl_arena_alloc(ctx->arena, ((size_t)schema->decl_count + 1) * sizeof *ctx->decls);
    ctx->packages = pl_arena_alloc(ctx->arena,
                                   ((size_t)schema->package_count + 1) * sizeof *ctx->packages);
    if (!ctx->decls || !ctx->packages)
        return false;

    /* The head of each package, compared against every field and parameter name (as Scala
     * writes them); a hash would do, but there are few packages and heads. */
    pc_str heads[64];
    bool shadowed_heads[64] = {false};
    uint32_t head_count = 0;
    for (uint32_t i = 0; i < schema->package_count && head_count < 64; i++) {
        pc_str name = schema->packages[i]->name;
        const char *dot = memchr(name.ptr, '.', name.len);
        pc_str head = {name.ptr, dot ? (uint32_t)(dot - name.ptr) : name.len};
        bool seen = false;
        for (uint32_t k = 0; k < head_count; k++)
            seen = seen || pc_str_eq(heads[k], head);
        if (!seen) {
            shadowed_heads[head_count] = package_head_shadowed(ctx, head, NULL, 0);
            heads[head_count++] = head;
        }
    }
    if (*ctx->prefix) {
        /* With a prefix every package starts with it; compare its head instead. */
        const char *dot = strchr(ctx->prefix, '.');
        pc_str head = {ctx->prefix, dot ? (uint32_t)(dot - ctx->prefix)
                                        : (uint32_t)strlen(ctx->prefix)};
        head_count = 1;
        heads[0] = head;
        shadowed_heads[0] = package_head_shadowed(ctx, head, NULL, 0);
    }
    for (uint32_t d = 0; d < schema->decl_count; d++) {
        const pc_decl *decl = schema->decls[d];
        pc_field *const *fields = NULL;
        uint32_t count = 0;
        if (decl->kind == PC_DECL_STRUCT) {
            fields = decl->as.struct_.fields;
            count = decl->as.struct_.field_count;
        }
        for (uint32_t f = 0; f < count; f++) {
            pc_str name = fields[f]->name;
            /* The Scala name is lowerCamel: a head matches only when it is its own
             * lowerCamel form, so compare the converted name. */
            char buffer[128];
            if (name.len >= sizeof buffer)
                continue;
            size_t length = pc_lower_camel(name, buffer, sizeof buffer);
            pc_str converted = {buffer, (uint32_t)length};
            for (uint32_t k = 0; k < head_count; k++) {
                if (!shadowed_heads[k] && pc_str_eq(heads[k], converted))
                    shadowed_heads[k] = true;
            }
        }
        if (decl->kind == PC_DECL_SERVICE) {
            for (uint32_t r = 0; r < decl->as.service.route_count; r++) {
                const pc_route *route = decl->as.service.routes[r];
                for (uint32_t p = 0; p < route->param_count; p++) {
                    char buffer[128];
                    pc_str name = route->params[p]->name;
                    if (name.len >= sizeof buffer)
                        continue;
                    size_t length = pc_lower_camel(name, buffer, sizeof buffer);
                    pc_str converted = {buffer, (uint32_t)length};
                    for (uint32_t k = 0; k < head_count; k++) {
                        if (!shadowed_heads[k] && pc_str_eq(heads[k], converted))
                            shadowed_heads[k] = true;
                    }
                }
            }
        }
    }

    for (uint32_t i = 0; i < schema->package_count; i++) {
        sc_package *package = &ctx->packages[i];
        pc_str name = schema->packages[i]->name;
        package->name = name;
        package->scala = scala_package_name(ctx, name, false);
        package->dir = scala_package_name(ctx, name, true);
        if (!package->scala || !package->dir)
            return false;
        pc_str head = name;
        if (*ctx->prefix) {
            head = heads[0];
        } else {
            const char *dot = memchr(name.ptr, '.', name.len);
            head.len = dot ? (uint32_t)(dot - name.ptr) : name.len;
        }
        bool root = false;
        for (uint32_t k = 0; k < head_count; k++) {
            if (pc_str_eq(heads[k], head))
                root = shadowed_heads[k];
        }
        size_t length = strlen(package->scala);
        char *ref = pl_arena_alloc(ctx->arena, length + 9);
        if (!ref)
            return false;
        snprintf(ref, length + 9, "%s%s.", root ? "_root_." : "", package->scala);
        package->ref = ref;
        ctx->package_count++;
    }

    for (uint32_t d = 0; d < schema->decl_count; d++) {
        const pc_decl *decl = schema->decls[d];
        sc_decl *info = &ctx->decls[d];
        info->name = sc_type_name(ctx, decl->name);
        for (uint32_t i = 0; i < ctx->package_count; i++) {
            if (decl->file && decl->file->package &&
                pc_str_eq(ctx->packages[i].name, decl->file->package->name))
                info->package = &ctx->packages[i];
        }
        if (!info->package)
            continue;
        size_t length = strlen(info->package->ref) + strlen(info->name) + 1;
        char *qualified = pl_arena_alloc(ctx->arena, length);
        if (!qualified)
            return false;
        snprintf(qualified, length, "%s%s", info->package->ref, info->name);
        info->qualified = qualified;
        info->package->shadowed |= sc_std_bit(info->name);
        if (decl->kind == PC_DECL_ALIAS) {
            info->recursive = alias_contains(decl, decl->as.alias.target, 0);
            if (!info->recursive)
                info->package->has_aliases = true;
        }
    }

    /* Deprecation: Scala 2.11 warns wherever a deprecated type is used outside deprecated
     * code, so @deprecated goes only on declarations that no live code uses. Fields and
     * routes cannot carry @deprecated (see docs/scala.md), so they count as live. */
    for (uint32_t d = 0; d < schema->decl_count; d++) {
        const pc_decl *decl = schema->decls[d];
        switch (decl->kind) {
        case PC_DECL_STRUCT:
            if (decl->meta.deprecated)
                break;
            for (uint32_t f = 0; f < decl->as.struct_.field_count; f++) {
                mark_live(ctx, decl->as.struct_.fields[f]->type);
                mark_default_live(ctx, decl->as.struct_.fields[f]->default_value);
            }
            break;
        case PC_DECL_UNION:
            if (decl->meta.deprecated)
                break;
            for (uint32_t v = 0; v < decl->as.union_.variant_count; v++) {
                if (!decl->as.union_.variants[v]->meta.deprecated)
                    mark_live(ctx, decl->as.union_.variants[v]->target);
            }
            break;
        case PC_DECL_ALIAS:
            if (!decl->meta.deprecated)
                mark_live(ctx, decl->as.alias.target);
            break;
        case PC_DECL_SERVICE:
            for (uint32_t r = 0; r < decl->as.service.route_count; r++) {
                const pc_route *route = decl->as.service.routes[r];
                for (uint32_t p = 0; p < route->param_count; p++) {
                    mark_live(ctx, route->params[p]->type);
                    mark_default_live(ctx, route->params[p]->default_value);
                }
                mark_live(ctx, route->response);
                for (uint32_t t = 0; t < route->throw_count; t++)
                    mark_live(ctx, route->throws[t]);
            }
            break;
        case PC_DECL_ENUM:
            break;
        }
    }
    for (uint32_t d = 0; d < schema->decl_count; d++) {
        const pc_decl *decl = schema->decls[d];
        sc_decl *info = &ctx->decls[d];
        info->deprecated = decl->meta.deprecated && !info->used_live &&
                           decl->kind != PC_DECL_SERVICE && decl->kind != PC_DECL_ALIAS;
    }

    /* What validates: a fixed point, since types refer to each other in cycles. */
    bool changed = true;
    while (changed) {
        changed = false;
        for (uint32_t d = 0; d < schema->decl_count; d++) {
            const pc_decl *decl = schema->decls[d];
            sc_decl *info = &ctx->decls[d];
            if (info->validates)
                continue;
            bool validates = false;
            switch (decl->kind) {
            case PC_DECL_STRUCT:
                for (uint32_t f = 0; f < decl->as.struct_.field_count && !validates; f++) {
                    const pc_field *field = decl->as.struct_.fields[f];
                    validates = sc_constraints_any(&field->constraints) ||
                                sc_type_validates(ctx, field->type);
                }
                break;
            case PC_DECL_UNION:
                for (uint32_t v = 0; v < decl->as.union_.variant_count && !validates; v++)
                    validates = sc_type_validates(ctx, decl->as.union_.variants[v]->target);
                break;
            case PC_DECL_ALIAS:
                validates = sc_constraints_any(&decl->as.alias.constraints) ||
                            sc_type_validates(ctx, decl->as.alias.target);
                break;
            default:
                break;
            }
            if (validates) {
                info->validates = true;
                changed = true;
            }
        }
    }
    return true;
}
