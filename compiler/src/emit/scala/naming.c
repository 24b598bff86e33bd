/* Scala names: escaping of identifiers, standard names and their shadowing, literals, doc
 * comments, I-Regexp translation, and the per-declaration facts the writers need. */
#include <string.h>

#include "scala.h"

typedef struct sc_word {
    const char *text;
    size_t length;
} sc_word;

#define W(text)                                                                                    \
    {                                                                                              \
        text, sizeof text - 1                                                                      \
    }

/* Scala 2 keywords plus the hard keywords of Scala 3: these need backquotes. Sorted (byte
 * order, a prefix first) for the binary search: every field and member name is looked up. */
static const sc_word keywords[] = {
    W("abstract"), W("case"),     W("catch"),   W("class"),   W("def"),       W("do"),
    W("else"),     W("enum"),     W("export"),  W("extends"), W("false"),     W("final"),
    W("finally"),  W("for"),      W("forSome"), W("given"),   W("if"),        W("implicit"),
    W("import"),   W("lazy"),     W("macro"),   W("match"),   W("new"),       W("null"),
    W("object"),   W("override"), W("package"), W("private"), W("protected"), W("return"),
    W("sealed"),   W("super"),    W("then"),    W("this"),    W("throw"),     W("trait"),
    W("true"),     W("try"),      W("type"),    W("val"),     W("var"),       W("while"),
    W("with"),     W("yield")};

/* Members every case class has (from Any, AnyRef and Product, and its own copy): a field of
 * one of these names would clash with it, so it gets a trailing underscore. Sorted. */
static const sc_word member_names[] = {W("asInstanceOf"),
                                       W("canEqual"),
                                       W("clone"),
                                       W("copy"),
                                       W("eq"),
                                       W("equals"),
                                       W("finalize"),
                                       W("getClass"),
                                       W("hashCode"),
                                       W("isInstanceOf"),
                                       W("ne"),
                                       W("notify"),
                                       W("notifyAll"),
                                       W("productArity"),
                                       W("productElement"),
                                       W("productElementName"),
                                       W("productElementNames"),
                                       W("productIterator"),
                                       W("productPrefix"),
                                       W("synchronized"),
                                       W("toString"),
                                       W("wait")};

#undef W

static bool in_list(const char *name, size_t length, const sc_word *list, size_t count)
{
    size_t low = 0, high = count;
    if (length == 0)
        return false;
    while (low < high) {
        size_t mid = low + (high - low) / 2;
        /* Most probes differ in the first byte: no call for those. */
        int order = (unsigned char)name[0] - (unsigned char)list[mid].text[0];
        if (order == 0) {
            size_t common = list[mid].length < length ? list[mid].length : length;
            order = memcmp(name, list[mid].text, common);
        }
        if (order == 0)
            order = (length > list[mid].length) - (length < list[mid].length);
        if (order == 0)
            return true;
        if (order < 0)
            high = mid;
        else
            low = mid + 1;
    }
    return false;
}

/* The filter's hash: a name that hashes to a clear bit is neither a keyword nor a member
 * name, which settles nearly every field name in a few instructions. */
static unsigned reserved_hash(const char *name, size_t length)
{
    uint32_t h = (uint32_t)length;
    h = h * 31u + (unsigned char)name[0];
    h = h * 31u + (unsigned char)name[length / 2];
    h = h * 31u + (unsigned char)name[length - 1];
    return (h * 2654435761u) >> (32 - SC_FILTER_BITS);
}

static void filter_add(sc_ctx *ctx, const sc_word *list, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        unsigned h = reserved_hash(list[i].text, list[i].length);
        ctx->reserved[h >> 6] |= 1ull << (h & 63);
    }
}

static bool maybe_reserved(const sc_ctx *ctx, const char *name, size_t length)
{
    unsigned h = reserved_hash(name, length);
    return (ctx->reserved[h >> 6] >> (h & 63)) & 1u;
}

char *sc_chars(sc_ctx *ctx, size_t length)
{
    /* Thousands of short names: bump-allocated from 64 KiB blocks, not one arena call
     * (which clears the memory) each. */
    if ((size_t)(ctx->pool_end - ctx->pool) <= length) {
        size_t size = length < 65536 ? 65536 : length + 1;
        char *block = pl_arena_alloc(ctx->arena, size);
        if (!block)
            return NULL;
        ctx->pool = block;
        ctx->pool_end = block + size;
    }
    char *out = ctx->pool;
    out[length] = '\0';
    ctx->pool += length + 1;
    return out;
}

char *sc_strdup(sc_ctx *ctx, const char *text, size_t length)
{
    char *out = sc_chars(ctx, length);
    if (out)
        memcpy(out, text, length);
    return out;
}

/* Finishes a converted name: backquotes for keywords and names that are not identifiers. */
static const char *finish(sc_ctx *ctx, const char *converted, size_t length, pc_str original,
                          bool term)
{
    bool plain = length > 0 && !(converted[0] >= '0' && converted[0] <= '9');
    if (plain && !maybe_reserved(ctx, converted, length)) {
        char *out = sc_strdup(ctx, converted, length);
        return out ? out : "x_";
    }
    if (plain && term &&
        in_list(converted, length, member_names, sizeof member_names / sizeof member_names[0])) {
        char *out = pl_arena_alloc(ctx->arena, length + 2);
        if (!out)
            return "x_";
        memcpy(out, converted, length);
        out[length] = '_';
        return out;
    }
    if (plain && !in_list(converted, length, keywords, sizeof keywords / sizeof keywords[0])) {
        char *out = sc_strdup(ctx, converted, length);
        return out ? out : "x_";
    }
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
    size_t plain_length, qualified_length;
} std_names[SC_STD_COUNT] = {
#define STD(plain, qualified)                                                                      \
    {                                                                                              \
        plain, qualified, sizeof plain - 1, sizeof qualified - 1                                   \
    }
    [SC_BOOLEAN] = STD("Boolean", "_root_.scala.Boolean"),
    [SC_INT] = STD("Int", "_root_.scala.Int"),
    [SC_LONG] = STD("Long", "_root_.scala.Long"),
    [SC_DOUBLE] = STD("Double", "_root_.scala.Double"),
    [SC_STRING] = STD("String", "_root_.java.lang.String"),
    [SC_OPTION] = STD("Option", "_root_.scala.Option"),
    [SC_SOME] = STD("Some", "_root_.scala.Some"),
    [SC_NONE] = STD("None", "_root_.scala.None"),
    [SC_VECTOR] = STD("Vector", "_root_.scala.collection.immutable.Vector"),
    [SC_MAP] = STD("Map", "_root_.scala.collection.immutable.Map"),
    [SC_BIGDECIMAL] = STD("BigDecimal", "_root_.scala.math.BigDecimal"),
    [SC_UNIT] = STD("Unit", "_root_.scala.Unit"),
    [SC_EITHER] = STD("Either", "_root_.scala.util.Either"),
    [SC_PRODUCT] = STD("Product", "_root_.scala.Product"),
    [SC_SERIALIZABLE] = STD("Serializable", "_root_.java.io.Serializable"),
    [SC_LOCALDATE] = STD("LocalDate", "_root_.java.time.LocalDate"),
    [SC_UUID] = STD("UUID", "_root_.java.util.UUID"),
    [SC_DATETIME] = STD("DateTime", "_root_.payloadc.runtime.DateTime"),
    [SC_BYTES] = STD("Bytes", "_root_.payloadc.runtime.Bytes"),
    [SC_JSON] = STD("Json", "_root_.payloadc.runtime.Json"),
    [SC_PATCH] = STD("Patch", "_root_.payloadc.runtime.Patch"),
    [SC_DECIMAL] = STD("Decimal", "_root_.payloadc.runtime.Decimal"),
    [SC_CLIENTERROR] = STD("ClientError", "_root_.payloadc.runtime.ClientError"),
#undef STD
};

uint32_t sc_std_bit(const char *name)
{
    /* Only names starting with an upper-case letter can clash; most do not, cheaply. */
    if (!(name[0] >= 'A' && name[0] <= 'Z'))
        return 0;
    for (uint32_t i = 0; i < SC_STD_COUNT; i++) {
        if (std_names[i].plain[0] == name[0] && strcmp(std_names[i].plain, name) == 0)
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
        sc_wn(ctx->w, std_names[name].qualified, std_names[name].qualified_length);
    } else {
        ctx->used |= 1u << name;
        sc_wn(ctx->w, std_names[name].plain, std_names[name].plain_length);
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
    sc_ws(w, text);
}

/* ---- literals and comments ---- */

void sc_write_string(pc_writer *w, const char *text, size_t length)
{
    static const char hex[] = "0123456789abcdef";
    /* Wire names and most strings need no escape: quotes around the text as it is. The
     * scan takes 8 bytes at a time (any byte below 0x20, '"', '\\' or DEL stops it), the
     * rest one by one through a table of the same bytes, 32 bits a row. */
    static const uint32_t escaped[8] = {0xffffffffu, 1u << ('"' - 32), 1u << ('\\' - 64),
                                        1u << (0x7f - 96)};
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    size_t plain = 0;
    while (length - plain >= 8) {
        uint64_t v;
        memcpy(&v, text + plain, 8);
        uint64_t quote = v ^ (ones * '"'), backslash = v ^ (ones * '\\'), del = v ^ (ones * 0x7f);
        uint64_t found = ((v - ones * 0x20) & ~v) | ((quote - ones) & ~quote) |
                         ((backslash - ones) & ~backslash) | ((del - ones) & ~del);
        if (found & highs)
            break;
        plain += 8;
    }
    while (plain < length) {
        unsigned char c = (unsigned char)text[plain];
        if ((escaped[c >> 5] >> (c & 31)) & 1u)
            break;
        plain++;
    }
    if (plain == length) {
        if (w->at_line_start)
            pc_begin_line(w);
        pl_buf *buf = &w->buf;
        if (!w->at_line_start && buf->cap - buf->len > length + 2) {
            char *at = buf->data + buf->len;
            at[0] = '"';
            memcpy(at + 1, text, length);
            at[length + 1] = '"';
            at[length + 2] = '\0';
            buf->len += length + 2;
            return;
        }
        sc_wn(w, "\"", 1);
        sc_wn(w, text, length);
        sc_wn(w, "\"", 1);
        return;
    }
    char buffer[256];
    size_t used = 0;
    buffer[used++] = '"';
    for (size_t i = 0; i < length; i++) {
        if (used > sizeof buffer - 8) {
            pc_str chunk = {buffer, (uint32_t)used};
            sc_ws(w, chunk);
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
    sc_ws(w, chunk);
}

/* One line of a doc comment: nothing in it may end the comment ("*" "/"), open a nested one
 * (Scala comments nest) or start a unicode escape (Scala 2.11 reads \u even in comments). */
static void doc_escape(pc_writer *w, const char *line, size_t length)
{
    /* Nearly every doc line has none of the three: then it is written as it is. */
    if (!memchr(line, '/', length) && !memchr(line, '\\', length)) {
        sc_wn(w, line, length);
        return;
    }
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
            sc_ws(w, before);
            sc_w(w, replacement);
            start = i + (line[i] == '\\' ? 1 : 2);
            i = start - 1;
        }
    }
    pc_str rest = {line + start, (uint32_t)(length - start)};
    sc_ws(w, rest);
}

void sc_write_doc(pc_writer *w, const char *doc, const char *deprecated_note)
{
    if (!doc && !deprecated_note)
        return;
    if (doc && !deprecated_note && !strchr(doc, '\n')) {
        sc_w(w, "/** ");
        doc_escape(w, doc, strlen(doc));
        sc_w(w, " */");
        sc_nl(w);
        return;
    }
    if (doc) {
        const char *newline = strchr(doc, '\n');
        size_t first = newline ? (size_t)(newline - doc) : strlen(doc);
        sc_w(w, "/** ");
        doc_escape(w, doc, first);
        sc_nl(w);
        /* The other lines, as pc_write_doc writes them ("  * " before each, "  *" alone on
         * an empty one), without its formatted writes. */
        for (const char *line = newline ? newline + 1 : NULL; line;) {
            const char *end = strchr(line, '\n');
            size_t length = end ? (size_t)(end - line) : strlen(line);
            if (length) {
                sc_wn(w, "  * ", 4);
                doc_escape(w, line, length);
            } else {
                sc_wn(w, "  *", 3);
            }
            sc_nl(w);
            line = end ? end + 1 : NULL;
        }
        if (deprecated_note) {
            sc_w(w, "  *");
            sc_nl(w);
        }
    } else {
        sc_w(w, "/**");
        sc_nl(w);
    }
    if (deprecated_note) {
        sc_w(w, "  * @deprecated ");
        doc_escape(w, deprecated_note, strlen(deprecated_note));
        sc_nl(w);
    }
    sc_w(w, "  */");
    sc_nl(w);
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
            if (c == '&' || (c == '[')) {
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
static const char *const local_terms[] = {"rt",      "f",       "v",    "p",     "o",       "w",
                                          "j",       "x",       "r",    "b",     "d",       "tag",
                                          "handler", "request", "java", "scala", "payloadc"};

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
    const pc_member **grown =
        pl_arena_alloc(ctx->arena, ((size_t)ctx->live_member_count + 1) * sizeof *grown);
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
    ctx->packages =
        pl_arena_alloc(ctx->arena, ((size_t)schema->package_count + 1) * sizeof *ctx->packages);
    if (!ctx->decls || !ctx->packages)
        return false;
    filter_add(ctx, keywords, sizeof keywords / sizeof keywords[0]);
    filter_add(ctx, member_names, sizeof member_names / sizeof member_names[0]);

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
        pc_str head = {ctx->prefix,
                       dot ? (uint32_t)(dot - ctx->prefix) : (uint32_t)strlen(ctx->prefix)};
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
        const char **names = NULL;
        if (count) {
            names = pl_arena_alloc(ctx->arena, count * sizeof *names);
            if (!names)
                return false;
        }
        ctx->decls[d].fields = names;
        for (uint32_t f = 0; f < count; f++) {
            pc_str name = fields[f]->name;
            /* The Scala name is lowerCamel: a head matches only when it is its own
             * lowerCamel form, so compare the converted name. */
            char small[128];
            char *buffer =
                name.len < sizeof small ? small : pl_arena_alloc(ctx->arena, name.len + 1u);
            if (!buffer)
                return false;
            size_t length = pc_lower_camel(name, buffer, (size_t)name.len + 1);
            pc_str converted = {buffer, (uint32_t)length};
            for (uint32_t k = 0; k < head_count; k++) {
                if (!shadowed_heads[k] && pc_str_eq(heads[k], converted))
                    shadowed_heads[k] = true;
            }
            names[f] = finish(ctx, buffer, length, name, true);
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
        size_t ref_length = strlen(info->package->ref), name_length = strlen(info->name);
        char *qualified = pl_arena_alloc(ctx->arena, ref_length + name_length + 1);
        if (!qualified)
            return false;
        memcpy(qualified, info->package->ref, ref_length);
        memcpy(qualified + ref_length, info->name, name_length + 1);
        info->qualified = qualified;
        info->name_length = name_length;
        info->qualified_length = ref_length + name_length;
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
