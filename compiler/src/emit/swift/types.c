/* Swift spellings of schema types, their wire forms, literals, defaults, docs. */
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "swift.h"

/* Writes pieces of one line straight into the writer's buffer and, with end_line, ends it.
 * Generating a large schema is mostly such lines: one reservation and a call-free copy per piece
 * is cheaper than a pc_write_str per piece. */
static void put_line(pc_writer *w, const sw_sv *pieces, size_t count, size_t total, bool end_line)
{
    if (w->failed)
        return;
    if (end_line && w->at_line_start && total == 0) {
        pc_newline(w); /* an empty line: no indentation */
        return;
    }
    pc_start_line(w);
    /* Room for the line and its newline. */
    size_t need = total + 2;
    if (w->buf.cap - w->buf.len <= need && !pl_buf_reserve(&w->buf, need)) {
        w->failed = true;
        return;
    }
    char *out = w->buf.data + w->buf.len;
    for (size_t i = 0; i < count; i++) {
        pc_copy_bytes(out, pieces[i].text, pieces[i].length);
        out += pieces[i].length;
    }
    if (end_line) {
        *out++ = '\n';
        w->at_line_start = true;
    }
    w->buf.len = (size_t)(out - w->buf.data);
    *out = '\0'; /* pl_buf keeps its text terminated */
}

char *sw_utoa(char *out, unsigned long long value)
{
    char digits[24];
    size_t count = 0;
    do {
        digits[count++] = (char)('0' + value % 10);
        value /= 10;
    } while (value);
    while (count)
        *out++ = digits[--count];
    *out = '\0';
    return out;
}

const char *sw_concat(sw_ctx *ctx, const char *a, const char *b, const char *c)
{
    char *out = pc_arena_join(ctx->arena, a, b, c);
    if (!out)
        ctx->failed = true;
    return out ? out : a;
}

void sw_pieces(pc_writer *w, const sw_sv *pieces, size_t count, bool end_line)
{
    size_t total = 0;
    for (size_t i = 0; i < count; i++)
        total += pieces[i].length;
    put_line(w, pieces, count, total, end_line);
}

/* The writer keeps its block state in public fields; this does what pc_close does around its
 * text. */
void sw_close(pc_writer *w, const char *text)
{
    if (!w->at_line_start)
        pc_end_line(w);
    w->blank_pending = false;
    pc_dedent(w);
    const sw_sv piece = sw_sv_of(text);
    put_line(w, &piece, 1, piece.length, true);
}

void sw_open_pieces(pc_writer *w, const sw_sv *pieces, size_t count)
{
    sw_pieces(w, pieces, count, true);
    pc_indent(w);
    w->after_open = true;
}

static const char *const primitive_types[PC_PRIM_COUNT] = {
    [PC_PRIM_BOOL] = "Bool",        [PC_PRIM_INT32] = "Int32",
    [PC_PRIM_INT64] = "Int64",      [PC_PRIM_FLOAT64] = "Double",
    [PC_PRIM_STRING] = "String",    [PC_PRIM_BYTES] = "Data",
    [PC_PRIM_DATE] = "PayloadDate", [PC_PRIM_DATETIME] = "PayloadDateTime",
    [PC_PRIM_UUID] = "UUID",        [PC_PRIM_DECIMAL] = "PayloadDecimal",
    [PC_PRIM_JSON] = "PayloadJSON",
};

static bool is_alias(const pc_type *type)
{
    return type->kind == PC_TYPE_NAMED && type->as.decl->kind == PC_DECL_ALIAS;
}

static bool is_wrapper(sw_ctx *ctx, const pc_type *type)
{
    return is_alias(type) && ctx->decls[type->as.decl->index].wrapper;
}

const pc_type *sw_unalias(sw_ctx *ctx, const pc_type *type, bool through_nullable)
{
    for (int steps = 0; type && steps < 1000; steps++) {
        if (is_alias(type) && !is_wrapper(ctx, type))
            type = type->as.decl->as.alias.target;
        else if (through_nullable && type->kind == PC_TYPE_NULLABLE)
            type = type->as.element;
        else
            break;
    }
    return type;
}

bool sw_is_nullable(sw_ctx *ctx, const pc_type *type)
{
    const pc_type *shape = sw_unalias(ctx, type, false);
    return shape && shape->kind == PC_TYPE_NULLABLE;
}

/* ---- aliases that contain themselves ---- */

static bool reaches(sw_ctx *ctx, const pc_type *type, const pc_decl *target, int depth)
{
    if (!type || depth > 64)
        return false;
    switch (type->kind) {
    case PC_TYPE_LIST:
    case PC_TYPE_MAP:
    case PC_TYPE_NULLABLE:
        return reaches(ctx, type->as.element, target, depth + 1);
    case PC_TYPE_NAMED:
        if (type->as.decl == target)
            return true;
        if (type->as.decl->kind == PC_DECL_ALIAS && !ctx->decls[type->as.decl->index].wrapper)
            return reaches(ctx, type->as.decl->as.alias.target, target, depth + 1);
        return false;
    default:
        return false;
    }
}

void sw_find_wrappers(sw_ctx *ctx)
{
    /* One alias of each cycle is enough to break it; the first in declaration order is the
     * one whose name a reader expects to see as a type. */
    for (uint32_t i = 0; i < ctx->schema->decl_count; i++) {
        const pc_decl *decl = ctx->schema->decls[i];
        if (decl->kind == PC_DECL_ALIAS && reaches(ctx, decl->as.alias.target, decl, 0))
            ctx->decls[decl->index].wrapper = true;
    }
}

/* ---- spellings ---- */

void sw_type(sw_ctx *ctx, pc_writer *w, const pc_type *type)
{
    switch (type->kind) {
    case PC_TYPE_PRIMITIVE:
        sw_put(w, primitive_types[type->as.primitive]);
        return;
    case PC_TYPE_LIST:
        sw_put(w, "[");
        sw_type(ctx, w, type->as.element);
        sw_put(w, "]");
        return;
    case PC_TYPE_MAP:
        sw_put(w, "[String: ");
        sw_type(ctx, w, type->as.element);
        sw_put(w, "]");
        return;
    case PC_TYPE_NULLABLE:
        sw_type(ctx, w, type->as.element);
        if (!sw_is_nullable(ctx, type->as.element))
            sw_put(w, "?");
        return;
    case PC_TYPE_NAMED: {
        const pc_decl *decl = type->as.decl;
        /* A deprecated alias is spelled out, so that generated code does not warn about it. */
        if (decl->kind == PC_DECL_ALIAS && decl->meta.deprecated && !is_wrapper(ctx, type)) {
            sw_type(ctx, w, decl->as.alias.target);
            return;
        }
        sw_put(w, ctx->decls[decl->index].name);
        return;
    }
    case PC_TYPE_UNRESOLVED:
        break;
    }
    sw_put(w, "Never");
}

void sw_type_nonnull(sw_ctx *ctx, pc_writer *w, const pc_type *type)
{
    if (type->kind == PC_TYPE_NULLABLE) {
        sw_type_nonnull(ctx, w, type->as.element);
    } else if (is_alias(type) && sw_is_nullable(ctx, type)) {
        sw_type_nonnull(ctx, w, type->as.decl->as.alias.target);
    } else {
        sw_type(ctx, w, type);
    }
}

bool sw_needs_wire(sw_ctx *ctx, const pc_type *type)
{
    type = sw_unalias(ctx, type, false);
    switch (type->kind) {
    case PC_TYPE_PRIMITIVE:
        return type->as.primitive == PC_PRIM_UUID || type->as.primitive == PC_PRIM_BYTES;
    case PC_TYPE_LIST:
    case PC_TYPE_MAP:
    case PC_TYPE_NULLABLE:
        return sw_needs_wire(ctx, type->as.element);
    default:
        return false;
    }
}

void sw_wire_type(sw_ctx *ctx, pc_writer *w, const pc_type *type, bool nonnull)
{
    type = sw_unalias(ctx, type, nonnull);
    switch (type->kind) {
    case PC_TYPE_PRIMITIVE:
        sw_put(w, type->as.primitive == PC_PRIM_UUID    ? "PayloadUUID"
                  : type->as.primitive == PC_PRIM_BYTES ? "PayloadBytes"
                                                        : primitive_types[type->as.primitive]);
        return;
    case PC_TYPE_LIST:
        sw_put(w, "[");
        sw_wire_type(ctx, w, type->as.element, false);
        sw_put(w, "]");
        return;
    case PC_TYPE_MAP:
        sw_put(w, "[String: ");
        sw_wire_type(ctx, w, type->as.element, false);
        sw_put(w, "]");
        return;
    case PC_TYPE_NULLABLE:
        sw_wire_type(ctx, w, type->as.element, true);
        sw_put(w, "?");
        return;
    default:
        sw_type(ctx, w, type);
    }
}

/* One conversion step; `expr` is "$0" below the top. */
static void convert(sw_ctx *ctx, pc_writer *w, const pc_type *type, const char *expr, bool nonnull,
                    bool from)
{
    type = sw_unalias(ctx, type, nonnull);
    if (!sw_needs_wire(ctx, type)) {
        sw_put(w, expr);
        return;
    }
    switch (type->kind) {
    case PC_TYPE_PRIMITIVE:
        if (from) {
            sw_put(w, expr);
            sw_put(w, type->as.primitive == PC_PRIM_UUID ? ".uuid" : ".data");
        } else {
            sw_put(w, type->as.primitive == PC_PRIM_UUID ? "PayloadUUID(" : "PayloadBytes(");
            sw_put(w, expr);
            sw_put(w, ")");
        }
        return;
    case PC_TYPE_LIST:
    case PC_TYPE_NULLABLE:
    case PC_TYPE_MAP:
        sw_put(w, expr);
        sw_put(w, type->kind == PC_TYPE_MAP ? ".mapValues { " : ".map { ");
        convert(ctx, w, type->as.element, "$0", type->kind == PC_TYPE_NULLABLE, from);
        sw_put(w, " }");
        return;
    default:
        sw_put(w, expr);
    }
}

void sw_from_wire(sw_ctx *ctx, pc_writer *w, const pc_type *type, const char *expr, bool nonnull)
{
    convert(ctx, w, type, expr, nonnull, true);
}

void sw_to_wire(sw_ctx *ctx, pc_writer *w, const pc_type *type, const char *expr, bool nonnull)
{
    convert(ctx, w, type, expr, nonnull, false);
}

const char *sw_type_text(sw_ctx *ctx, const pc_type *type, bool nonnull, bool wire)
{
    /* Most field types are a primitive or a struct, enum or union: their text exists already. */
    if (type->kind == PC_TYPE_PRIMITIVE &&
        !(wire && (type->as.primitive == PC_PRIM_UUID || type->as.primitive == PC_PRIM_BYTES)))
        return primitive_types[type->as.primitive];
    if (type->kind == PC_TYPE_NAMED && type->as.decl->kind != PC_DECL_ALIAS)
        return ctx->decls[type->as.decl->index].name;
    pc_writer *w = &ctx->scratch;
    w->buf.len = 0;
    w->at_line_start = true;
    if (wire)
        sw_wire_type(ctx, w, type, nonnull);
    else if (nonnull)
        sw_type_nonnull(ctx, w, type);
    else
        sw_type(ctx, w, type);
    char *text = pl_arena_strdup(ctx->arena, w->buf.data ? w->buf.data : "", w->buf.len);
    if (!text) {
        ctx->failed = true;
        return "";
    }
    return text;
}

/* ---- literals ---- */

/* Bytes of a word, eight at a time (exact tests: a flagged word has such a byte). */
#define SW_ONES 0x0101010101010101ULL
#define SW_HIGHS 0x8080808080808080ULL
static inline uint64_t word_has_byte(uint64_t word, unsigned char byte)
{
    uint64_t v = word ^ (SW_ONES * byte);
    return (v - SW_ONES) & ~v & SW_HIGHS;
}

static inline uint64_t word_has_less(uint64_t word, unsigned char bound) /* bound <= 128 */
{
    return (word - SW_ONES * bound) & ~word & SW_HIGHS;
}

/* Whether text needs no escaping in a Swift string literal (and, with pointer, as a JSON
 * Pointer token): no '"', '\\', control character or DEL (nor '~' or '/'). Wire names are
 * almost always so, and are scanned eight bytes at a time. */
static bool plain_text(const char *text, size_t length, bool pointer)
{
    uint64_t bad = 0;
    size_t i = 0;
    for (; i < length; i += 8) {
        /* The last word may overlap the one before it: the same bytes tested twice. */
        size_t at = i + 8 <= length ? i : length >= 8 ? length - 8 : SIZE_MAX;
        if (at == SIZE_MAX)
            break;
        uint64_t word;
        memcpy(&word, text + at, sizeof word);
        bad |= word_has_less(word, 0x20) | word_has_byte(word, '"') | word_has_byte(word, '\\') |
               word_has_byte(word, 0x7F);
        if (pointer)
            bad |= word_has_byte(word, '~') | word_has_byte(word, '/');
    }
    if (bad)
        return false;
    for (; i < length; i++) { /* fewer than 8 bytes in all */
        unsigned char c = (unsigned char)text[i];
        if (c == '"' || c == '\\' || c < 0x20 || c == 0x7F || (pointer && (c == '~' || c == '/')))
            return false;
    }
    return true;
}

void sw_string_literal(pc_writer *w, const char *text, size_t length)
{
    if (length < 256 && plain_text(text, length, false)) {
        /* Wire names and keys are almost always plain text: no escaping loop. */
        const sw_sv pieces[3] = {SW_SV("\""), {text, length}, SW_SV("\"")};
        put_line(w, pieces, 3, length + 2, false);
        return;
    }
    static const char hex[] = "0123456789ABCDEF";
    char out[64];
    size_t used = 0;
    out[used++] = '"';
    for (size_t i = 0; i < length; i++) {
        unsigned char c = (unsigned char)text[i];
        if (used > sizeof out - 12) {
            pc_str chunk = {out, (uint32_t)used};
            pc_write_str(w, chunk);
            used = 0;
        }
        if (c == '"' || c == '\\') {
            out[used++] = '\\';
            out[used++] = (char)c;
        } else if (c == '\n') {
            out[used++] = '\\';
            out[used++] = 'n';
        } else if (c == '\r') {
            out[used++] = '\\';
            out[used++] = 'r';
        } else if (c == '\t') {
            out[used++] = '\\';
            out[used++] = 't';
        } else if (c < 0x20 || c == 0x7F) {
            memcpy(out + used, "\\u{", 3);
            used += 3;
            out[used++] = hex[c >> 4];
            out[used++] = hex[c & 15];
            out[used++] = '}';
        } else {
            out[used++] = (char)c;
        }
    }
    out[used++] = '"';
    pc_str chunk = {out, (uint32_t)used};
    pc_write_str(w, chunk);
}

/* Whether a wire name goes into a JSON Pointer literal as it is: no '~' or '/' to escape for
 * RFC 6901, nothing to escape for Swift. */
static bool plain_pointer_token(pc_str wire)
{
    return wire.len < 200 && plain_text(wire.ptr, wire.len, true);
}

void sw_pointer_literal(pc_writer *w, pc_str wire)
{
    /* Wire names are almost always plain text: written as they are, without a copy to
     * escape. */
    if (plain_pointer_token(wire)) {
        const sw_sv pieces[3] = {SW_SV("\"/"), {wire.ptr, wire.len}, SW_SV("\"")};
        put_line(w, pieces, 3, (size_t)wire.len + 3, false);
        return;
    }
    /* RFC 6901: '~' is "~0" and '/' is "~1" inside a token. */
    char small[256];
    size_t used = 0;
    small[used++] = '/';
    for (uint32_t i = 0; i < wire.len && used + 2 < sizeof small; i++) {
        if (wire.ptr[i] == '~') {
            small[used++] = '~';
            small[used++] = '0';
        } else if (wire.ptr[i] == '/') {
            small[used++] = '~';
            small[used++] = '1';
        } else {
            small[used++] = wire.ptr[i];
        }
    }
    sw_string_literal(w, small, used);
}

const char *sw_pointer_path(sw_ctx *ctx, const char *base, pc_str wire)
{
    if (plain_pointer_token(wire)) {
        /* Every struct field with checks has one: built in place, without the scratch writer. */
        size_t base_length = strlen(base);
        char *text = pl_arena_alloc(ctx->arena, base_length + wire.len + 8);
        if (!text) {
            ctx->failed = true;
            return base;
        }
        memcpy(text, base, base_length);
        memcpy(text + base_length, " + \"/", 5);
        memcpy(text + base_length + 5, wire.ptr, wire.len);
        memcpy(text + base_length + 5 + wire.len, "\"", 2);
        return text;
    }
    pc_writer *w = &ctx->scratch;
    w->buf.len = 0;
    w->at_line_start = true;
    sw_cat(w, base, " + ");
    sw_pointer_literal(w, wire);
    char *text = pl_arena_strdup(ctx->arena, w->buf.data ? w->buf.data : "", w->buf.len);
    if (!text) {
        ctx->failed = true;
        return base;
    }
    return text;
}

void sw_doc(pc_writer *w, const pc_meta *meta)
{
    /* pc_write_doc's layout, without its printf per line. */
    for (const char *line = meta->doc; line;) {
        const char *end = strchr(line, '\n');
        pc_str text = {line, (uint32_t)(end ? (size_t)(end - line) : strlen(line))};
        sw_put(w, text.len ? "/// " : "///");
        pc_write_str(w, text);
        pc_newline(w);
        line = end ? end + 1 : NULL;
    }
}

void sw_deprecation(pc_writer *w, const pc_meta *meta)
{
    if (!meta->deprecated)
        return;
    if (meta->deprecated_reason.len == 0) {
        sw_catln(w, "@available(*, deprecated)");
        return;
    }
    sw_put(w, "@available(*, deprecated, message: ");
    sw_string_literal(w, meta->deprecated_reason.ptr, meta->deprecated_reason.len);
    sw_catln(w, ")");
}

/* ---- defaults ---- */

static void json_default(pc_writer *w, const pc_value *value)
{
    switch (value->kind) {
    case PC_VALUE_NULL:
        sw_put(w, "PayloadJSON.null");
        return;
    case PC_VALUE_TRUE:
        sw_put(w, "PayloadJSON.bool(true)");
        return;
    case PC_VALUE_FALSE:
        sw_put(w, "PayloadJSON.bool(false)");
        return;
    case PC_VALUE_INT:
    case PC_VALUE_FLOAT:
        sw_put(w, "PayloadJSON.number(");
        sw_string_literal(w, value->raw.ptr, value->raw.len);
        sw_put(w, ")");
        return;
    case PC_VALUE_STRING:
        sw_put(w, "PayloadJSON.string(");
        sw_string_literal(w, value->as.string.ptr, value->as.string.len);
        sw_put(w, ")");
        return;
    case PC_VALUE_EMPTY_LIST:
        sw_put(w, "PayloadJSON.array([])");
        return;
    default:
        sw_put(w, "PayloadJSON.object([])");
        return;
    }
}

void sw_default(sw_ctx *ctx, pc_writer *w, const pc_type *type, const pc_value *value)
{
    const pc_type *base = sw_unalias(ctx, type, true);
    if (is_wrapper(ctx, base) && value->kind != PC_VALUE_NULL) {
        sw_cat(w, ctx->decls[base->as.decl->index].name, "(");
        sw_default(ctx, w, base->as.decl->as.alias.target, value);
        sw_put(w, ")");
        return;
    }
    bool json = base->kind == PC_TYPE_PRIMITIVE && base->as.primitive == PC_PRIM_JSON;
    if (value->kind == PC_VALUE_NULL && !(json && !sw_is_nullable(ctx, type))) {
        sw_put(w, "nil");
        return;
    }
    if (json) {
        json_default(w, value);
        return;
    }
    switch (value->kind) {
    case PC_VALUE_TRUE:
        sw_put(w, "true");
        return;
    case PC_VALUE_FALSE:
        sw_put(w, "false");
        return;
    case PC_VALUE_INT:
    case PC_VALUE_FLOAT:
        pc_write_str(w, value->raw);
        return;
    case PC_VALUE_EMPTY_LIST:
        sw_put(w, "[]");
        return;
    case PC_VALUE_EMPTY_MAP:
        sw_put(w, "[:]");
        return;
    case PC_VALUE_NAME: {
        const pc_member *member = value->member;
        const pc_decl *decl = base->kind == PC_TYPE_NAMED ? base->as.decl : NULL;
        if (!member || !decl || decl->kind != PC_DECL_ENUM)
            break;
        if (member->meta.deprecated) {
            /* Naming a deprecated case would warn; its raw value does not. */
            sw_cat(w, ctx->decls[decl->index].name, "(rawValue: ");
            sw_string_literal(w, member->wire.ptr, member->wire.len);
            sw_put(w, decl->as.enum_.open ? ")" : ")!");
            return;
        }
        sw_put(w, ".");
        sw_put(w, sw_member(ctx, member->name, decl->as.enum_.open ? SW_OPEN_CASE : SW_CASE));
        return;
    }
    case PC_VALUE_STRING: {
        const char *wrap = NULL, *close = ")";
        if (base->kind == PC_TYPE_PRIMITIVE) {
            switch (base->as.primitive) {
            case PC_PRIM_BYTES:
                wrap = "Data(base64Encoded: ";
                close = ")!";
                break;
            case PC_PRIM_DATE:
                wrap = "PayloadDate(literal: ";
                break;
            case PC_PRIM_DATETIME:
                wrap = "PayloadDateTime(literal: ";
                break;
            case PC_PRIM_UUID:
                wrap = "UUID(uuidString: ";
                close = ")!";
                break;
            case PC_PRIM_DECIMAL:
                wrap = "PayloadDecimal(literal: ";
                break;
            default:
                break;
            }
        }
        if (wrap)
            sw_put(w, wrap);
        sw_string_literal(w, value->as.string.ptr, value->as.string.len);
        if (wrap)
            sw_put(w, close);
        return;
    }
    default:
        break;
    }
    sw_put(w, "nil");
}
