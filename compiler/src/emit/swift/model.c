/* Structs, enums, unions and aliases as Swift types with hand-written Codable conformances:
 * the coding follows the schema (absent vs null, defaults, tags), never a coder's settings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swift.h"

/* ---- containment cycles ---- */

/* A struct or union held inline (not behind a list or map) by a value of `type`. */
static const pc_decl *inline_target(sw_ctx *ctx, const pc_type *type)
{
    type = sw_unalias(ctx, type, true);
    if (type->kind != PC_TYPE_NAMED)
        return NULL;
    const pc_decl *decl = type->as.decl;
    return decl->kind == PC_DECL_STRUCT || decl->kind == PC_DECL_UNION ? decl : NULL;
}

typedef struct tarjan {
    sw_ctx *ctx;
    uint32_t *index, *low, *component, *stack;
    bool *on_stack;
    uint32_t next_index, depth, components;
} tarjan;

static void strongconnect(tarjan *t, const pc_decl *decl);

static void visit_edge(tarjan *t, const pc_decl *from, const pc_decl *to)
{
    if (!to)
        return;
    if (t->index[to->index] == UINT32_MAX) {
        strongconnect(t, to);
        if (t->low[to->index] < t->low[from->index])
            t->low[from->index] = t->low[to->index];
    } else if (t->on_stack[to->index] && t->index[to->index] < t->low[from->index]) {
        t->low[from->index] = t->index[to->index];
    }
}

static void strongconnect(tarjan *t, const pc_decl *decl)
{
    uint32_t v = decl->index;
    t->index[v] = t->low[v] = t->next_index++;
    t->stack[t->depth++] = v;
    t->on_stack[v] = true;
    if (decl->kind == PC_DECL_STRUCT) {
        for (uint32_t f = 0; f < decl->as.struct_.field_count; f++)
            visit_edge(t, decl, inline_target(t->ctx, decl->as.struct_.fields[f]->type));
    } else if (decl->kind == PC_DECL_UNION && !t->ctx->decls[v].indirect) {
        for (uint32_t i = 0; i < decl->as.union_.variant_count; i++)
            visit_edge(t, decl, inline_target(t->ctx, decl->as.union_.variants[i]->target));
    }
    if (t->low[v] == t->index[v]) {
        uint32_t w;
        do {
            w = t->stack[--t->depth];
            t->on_stack[w] = false;
            t->component[w] = t->components;
        } while (w != v);
        t->components++;
    }
}

/* Components of the containment graph; `self_loop` marks declarations that hold themselves. */
static bool components(sw_ctx *ctx, uint32_t *component)
{
    uint32_t n = ctx->schema->decl_count;
    tarjan t = {ctx,
                calloc(n, sizeof(uint32_t)),
                calloc(n, sizeof(uint32_t)),
                component,
                calloc(n, sizeof(uint32_t)),
                calloc(n, sizeof(bool)),
                0,
                0,
                0};
    bool ok = t.index && t.low && t.stack && t.on_stack;
    if (ok) {
        for (uint32_t i = 0; i < n; i++)
            t.index[i] = UINT32_MAX;
        for (uint32_t i = 0; i < n; i++) {
            const pc_decl *decl = ctx->schema->decls[i];
            if ((decl->kind == PC_DECL_STRUCT || decl->kind == PC_DECL_UNION) &&
                t.index[decl->index] == UINT32_MAX)
                strongconnect(&t, decl);
        }
    }
    free(t.index);
    free(t.low);
    free(t.stack);
    free(t.on_stack);
    return ok;
}

static bool in_cycle(sw_ctx *ctx, const uint32_t *component, const pc_decl *from, const pc_decl *to)
{
    (void)ctx;
    return to && component[from->index] == component[to->index];
}

bool sw_find_cycles(sw_ctx *ctx)
{
    /* Swift lays structs and enums out inline, so a type that contains itself (through an
     * Optional too) does not compile. Unions on a cycle become `indirect enum`s; a cycle of
     * structs alone is broken by storing the fields on it out of line. */
    uint32_t n = ctx->schema->decl_count;
    uint32_t *component = calloc(n ? n : 1, sizeof *component);
    if (!component || !components(ctx, component)) {
        free(component);
        return false;
    }
    bool any_indirect = false;
    for (uint32_t i = 0; i < n; i++) {
        const pc_decl *decl = ctx->schema->decls[i];
        if (decl->kind == PC_DECL_UNION) {
            for (uint32_t v = 0; v < decl->as.union_.variant_count; v++) {
                if (in_cycle(ctx, component, decl,
                             inline_target(ctx, decl->as.union_.variants[v]->target)))
                    ctx->decls[decl->index].indirect = any_indirect = true;
            }
        }
    }
    /* Indirect unions no longer hold their variants inline: the cycles left are of structs.
     * Without one, the graph and so its components are the same. */
    bool ok = !any_indirect || components(ctx, component);
    for (uint32_t i = 0; ok && i < n; i++) {
        const pc_decl *decl = ctx->schema->decls[i];
        if (decl->kind != PC_DECL_STRUCT)
            continue;
        for (uint32_t f = 0; f < decl->as.struct_.field_count; f++) {
            if (!in_cycle(ctx, component, decl,
                          inline_target(ctx, decl->as.struct_.fields[f]->type)))
                continue;
            sw_decl *info = &ctx->decls[decl->index];
            if (!info->boxed) {
                info->boxed = pl_arena_alloc(ctx->arena, decl->as.struct_.field_count);
                if (!info->boxed) {
                    ok = false;
                    break;
                }
            }
            info->boxed[f] = true;
        }
    }
    free(component);
    return ok;
}

/* ---- structs ---- */

typedef enum field_kind {
    FIELD_REQUIRED,  /* name: T */
    FIELD_OPTIONAL,  /* name?: T */
    FIELD_NULLABLE,  /* name: T? */
    FIELD_TRISTATE,  /* name?: T? */
    FIELD_DEFAULTED, /* name: T = v (T may be nullable) */
} field_kind;

typedef struct field_info {
    const pc_field *field;
    const char *name;    /* the Swift identifier, backticked when needed */
    const char *storage; /* "_name" when stored out of line, else NULL */
    field_kind kind;
    bool nullable; /* the type admits null */
    bool boxed;
    bool wire;
    const char *read; /* how generated code reads a field in storage: "self._name.value" */
    const char *type; /* the property's Swift type */
    /* The same with their lengths, for the lines written per field; coded is the type decoded
     * from the container ("T" in T.self), often the start of type ("T" of "T?"). */
    sw_sv name_sv, type_sv, coded_sv, read_sv, storage_sv;
} field_info;

static void describe_field(sw_ctx *ctx, const pc_decl *decl, uint32_t index, field_info *info)
{
    const pc_field *field = decl->as.struct_.fields[index];
    const pc_type *type = field->type;
    const sw_decl *owner = &ctx->decls[decl->index];
    info->field = field;
    info->name = sw_member(ctx, field->name, SW_FIELD);
    info->nullable = sw_is_nullable(ctx, type);
    info->boxed = owner->boxed && owner->boxed[index];
    info->wire = sw_needs_wire(ctx, type);
    if (field->default_value)
        info->kind = FIELD_DEFAULTED;
    else if (field->optional)
        info->kind = info->nullable ? FIELD_TRISTATE : FIELD_OPTIONAL;
    else
        info->kind = info->nullable ? FIELD_NULLABLE : FIELD_REQUIRED;
    /* The type's spelling, and without its null: the same for a type that admits none, and
     * the spelling without its "?" for `T?` around a type that admits none. */
    const char *plain = sw_type_text(ctx, type, false, false);
    sw_sv plain_sv = sw_sv_of(plain), nonnull_sv = plain_sv;
    if (info->nullable) {
        if (type->kind == PC_TYPE_NULLABLE && !sw_is_nullable(ctx, type->as.element))
            nonnull_sv.length--;
        else
            nonnull_sv = sw_sv_of(sw_type_text(ctx, type, true, false));
    }
    if (info->kind == FIELD_TRISTATE)
        info->type = sw_concat(ctx, "PayloadTristate<", sw_type_text(ctx, type, true, false), ">");
    else if (info->kind == FIELD_OPTIONAL)
        info->type = sw_concat(ctx, plain, "?", "");
    else
        info->type = plain;
    if (info->wire)
        info->coded_sv = sw_sv_of(sw_type_text(ctx, type, info->kind != FIELD_REQUIRED, true));
    else
        info->coded_sv = info->kind == FIELD_REQUIRED ? plain_sv : nonnull_sv;
    /* Deprecated fields are read through private storage so that the generated coding does
     * not trip its own deprecation warnings; a boxed field needs storage anyway. */
    info->storage = NULL;
    info->read = NULL;
    if (field->meta.deprecated || info->boxed) {
        info->storage = sw_concat(ctx, "_", sw_member_plain(ctx, field->name, SW_FIELD), "");
        info->read = sw_concat(ctx, "self.", info->storage, info->boxed ? ".value" : "");
    }
    info->name_sv = sw_sv_of(info->name);
    info->type_sv = sw_sv_of(info->type);
    info->read_sv = sw_sv_of(info->read ? info->read : "");
    info->storage_sv = sw_sv_of(info->storage ? info->storage : "");
}

/* How generated code reads the field: "self.name", or through its storage. */
static const char *field_read(sw_ctx *ctx, const field_info *f)
{
    if (f->read)
        return f->read;
    /* "self." + name, with the length already known. */
    char *text = pl_arena_alloc(ctx->arena, f->name_sv.length + 6);
    if (!text) {
        ctx->failed = true;
        return f->name;
    }
    memcpy(text, "self.", 5);
    memcpy(text + 5, f->name, f->name_sv.length + 1);
    return text;
}

static void field_type(sw_ctx *ctx, pc_writer *w, const field_info *f)
{
    (void)ctx;
    sw_put(w, f->type);
}

static void field_declaration(sw_ctx *ctx, pc_writer *w, const field_info *f)
{
    pc_blank(w);
    sw_doc(w, &f->field->meta);
    sw_deprecation(w, &f->field->meta);
    if (!f->storage) {
        SW_LINE(w, SW_SV("public var "), f->name_sv, SW_SV(": "), f->type_sv);
        return;
    }
    sw_cat(w, "public var ", f->name, ": ");
    field_type(ctx, w, f);
    SW_OPEN(w, SW_SV(" {"));
    sw_catln(w, "get { ", f->read + 5, " }");
    sw_catln(w, "set { ", f->storage, f->boxed ? ".value" : "", " = newValue }");
    sw_close(w, "}");
    pc_blank(w);
    pc_line(w, f->boxed ? "// Out of line: the struct contains itself through this field."
                        : "// The coding reads this, so that it does not trip the deprecation.");
    sw_cat(w, "private var ", f->storage, ": ");
    if (f->boxed)
        sw_put(w, "PayloadIndirect<");
    field_type(ctx, w, f);
    if (f->boxed)
        sw_put(w, ">");
    pc_newline(w);
}

static void assign_begin(pc_writer *w, const field_info *f)
{
    if (f->storage)
        sw_cat(w, "self.", f->storage, f->boxed ? " = PayloadIndirect(" : " = ");
    else
        SW_CAT(w, SW_SV("self."), f->name_sv, SW_SV(" = "));
}

static void assign_end(pc_writer *w, const field_info *f)
{
    if (f->boxed)
        sw_put(w, ")");
    pc_newline(w);
}

static void memberwise_init(sw_ctx *ctx, pc_writer *w, const field_info *fields, uint32_t count)
{
    pc_blank(w);
    bool multiline = count > 3;
    sw_put(w, "public init(");
    if (multiline) {
        pc_newline(w);
        pc_indent(w);
    }
    for (uint32_t i = 0; i < count; i++) {
        const field_info *f = &fields[i];
        SW_CAT(w, f->name_sv, SW_SV(": "), f->type_sv);
        switch (f->kind) {
        case FIELD_OPTIONAL:
            sw_put(w, " = nil");
            break;
        case FIELD_TRISTATE:
            sw_put(w, " = .absent");
            break;
        case FIELD_DEFAULTED:
            sw_put(w, " = ");
            sw_default(ctx, w, f->field->type, f->field->default_value);
            break;
        default:
            break;
        }
        if (i + 1 < count)
            sw_put(w, multiline ? "," : ", ");
        if (multiline)
            pc_newline(w);
    }
    if (multiline)
        pc_dedent(w);
    SW_OPEN(w, SW_SV(") {"));
    for (uint32_t i = 0; i < count; i++) {
        const field_info *f = &fields[i];
        if (!f->storage) {
            SW_LINE(w, SW_SV("self."), f->name_sv, SW_SV(" = "), f->name_sv);
            continue;
        }
        assign_begin(w, f);
        sw_put(w, f->name);
        assign_end(w, f);
    }
    sw_close(w, "}");
}

static void coding_keys(sw_ctx *ctx, pc_writer *w, const field_info *fields, uint32_t count)
{
    (void)ctx;
    pc_blank(w);
    SW_OPEN(w, SW_SV("enum CodingKeys: String, CodingKey {"));
    for (uint32_t i = 0; i < count; i++) {
        const field_info *f = &fields[i];
        bool quoted = f->name[0] == '`';
        size_t plain_length = quoted ? f->name_sv.length - 2 : f->name_sv.length;
        const char *bare = quoted ? f->name + 1 : f->name;
        if (f->field->wire.len == plain_length &&
            memcmp(f->field->wire.ptr, bare, plain_length) == 0) {
            SW_LINE(w, SW_SV("case "), f->name_sv);
            continue;
        }
        SW_CAT(w, SW_SV("case "), f->name_sv, SW_SV(" = "));
        sw_string_literal(w, f->field->wire.ptr, f->field->wire.len);
        pc_newline(w);
    }
    sw_close(w, "}");
}

/* `try container.payloadX(T.self, forKey: .k` (the caller closes it). */
static void decode_call(sw_ctx *ctx, pc_writer *w, const field_info *f, const char *helper,
                        bool nonnull)
{
    (void)ctx;
    (void)nonnull; /* f->coded_sv is the nonnull form for every kind but FIELD_REQUIRED */
    SW_CAT(w, SW_SV("try container."), sw_sv_of(helper), SW_SV("("), f->coded_sv,
           SW_SV(".self, forKey: ."), f->name_sv);
}

static void wire_map(sw_ctx *ctx, pc_writer *w, const field_info *f)
{
    if (!f->wire)
        return;
    sw_put(w, ".map { ");
    sw_from_wire(ctx, w, f->field->type, "$0", true);
    sw_put(w, " }");
}

static void decode_field(sw_ctx *ctx, pc_writer *w, const field_info *f)
{
    const pc_type *type = f->field->type;
    if (!f->storage && !f->wire && f->kind != FIELD_DEFAULTED) {
        /* Most fields: the whole line at once. */
        /* The decoded type is the property's: Swift infers it. */
        static const sw_sv helpers[] = {
            [FIELD_REQUIRED] = SW_SV_INIT(" = try container.payloadRequired(forKey: ."),
            [FIELD_OPTIONAL] = SW_SV_INIT(" = try container.payloadOptional(forKey: ."),
            [FIELD_NULLABLE] = SW_SV_INIT(" = try container.payloadNullable(forKey: ."),
            [FIELD_TRISTATE] = SW_SV_INIT(" = try container.payloadTristate(forKey: ."),
        };
        SW_LINE(w, SW_SV("self."), f->name_sv, helpers[f->kind], f->name_sv, SW_SV(")"));
        return;
    }
    assign_begin(w, f);
    switch (f->kind) {
    case FIELD_REQUIRED:
        if (f->wire) {
            pc_writer call;
            pc_writer_init(&call, "");
            decode_call(ctx, &call, f, "payloadRequired", false);
            sw_put(&call, ")");
            pl_buf_append_char(&call.buf, '\0');
            sw_from_wire(ctx, w, type, call.buf.data, false);
            pc_writer_free(&call);
        } else {
            decode_call(ctx, w, f, "payloadRequired", false);
            sw_put(w, ")");
        }
        break;
    case FIELD_NULLABLE:
        decode_call(ctx, w, f, "payloadNullable", true);
        sw_put(w, ")");
        wire_map(ctx, w, f);
        break;
    case FIELD_OPTIONAL:
        decode_call(ctx, w, f, "payloadOptional", true);
        sw_put(w, ")");
        wire_map(ctx, w, f);
        break;
    case FIELD_TRISTATE:
        decode_call(ctx, w, f, "payloadTristate", true);
        sw_put(w, ")");
        wire_map(ctx, w, f);
        break;
    case FIELD_DEFAULTED:
        if (f->nullable && !f->wire) {
            decode_call(ctx, w, f, "payloadDefaultedNullable", true);
            sw_put(w, ", default: ");
            sw_default(ctx, w, type, f->field->default_value);
            sw_put(w, ")");
        } else if (f->nullable) {
            decode_call(ctx, w, f, "payloadTristate", true);
            sw_put(w, ")");
            wire_map(ctx, w, f);
            sw_put(w, ".orDefault(");
            sw_default(ctx, w, type, f->field->default_value);
            sw_put(w, ")");
        } else {
            decode_call(ctx, w, f, "payloadOptional", true);
            sw_put(w, ")");
            wire_map(ctx, w, f);
            sw_put(w, " ?? ");
            sw_default(ctx, w, type, f->field->default_value);
        }
        break;
    }
    assign_end(w, f);
}

static void encode_field(sw_ctx *ctx, pc_writer *w, const field_info *f)
{
    const char *call = "encode";
    bool map_present = false; /* the value is an optional or tristate around the type */
    switch (f->kind) {
    case FIELD_REQUIRED:
        break;
    case FIELD_NULLABLE:
        call = "payloadEncodeNullable";
        break;
    case FIELD_OPTIONAL:
        call = "encodeIfPresent";
        map_present = true;
        break;
    case FIELD_TRISTATE:
        call = "payloadEncode";
        map_present = true;
        break;
    case FIELD_DEFAULTED:
        if (f->nullable)
            call = "payloadEncodeNullable";
        break;
    }
    if (!f->wire && !f->read) {
        SW_LINE(w, SW_SV("try container."), sw_sv_of(call), SW_SV("(self."), f->name_sv,
                SW_SV(", forKey: ."), f->name_sv, SW_SV(")"));
        return;
    }
    if (!f->wire) {
        SW_LINE(w, SW_SV("try container."), sw_sv_of(call), SW_SV("("), f->read_sv,
                SW_SV(", forKey: ."), f->name_sv, SW_SV(")"));
        return;
    }
    sw_cat(w, "try container.", call, "(");
    if (map_present) {
        sw_cat(w, field_read(ctx, f), ".map { ");
        sw_to_wire(ctx, w, f->field->type, "$0", true);
        sw_put(w, " }");
    } else {
        sw_to_wire(ctx, w, f->field->type, field_read(ctx, f), false);
    }
    SW_LINE(w, SW_SV(", forKey: ."), f->name_sv, SW_SV(")"));
}

void sw_struct(sw_ctx *ctx, pc_writer *w, const pc_decl *decl)
{
    const sw_decl *info = &ctx->decls[decl->index];
    uint32_t count = decl->as.struct_.field_count;
    field_info *fields = pl_arena_alloc(ctx->arena, (count ? count : 1) * sizeof *fields);
    if (!fields) {
        ctx->failed = true;
        return;
    }
    for (uint32_t i = 0; i < count; i++)
        describe_field(ctx, decl, i, &fields[i]);

    sw_doc(w, &decl->meta);
    sw_deprecation(w, &decl->meta);
    sw_open(w, "public struct ", info->name, ": Codable, Hashable, Sendable, PayloadValidatable {");
    if (decl->as.struct_.status)
        SW_LINE(w, SW_SV("/// The HTTP status of this error response."));
    if (decl->as.struct_.status) {
        char status[24];
        sw_utoa(status, (unsigned long long)decl->as.struct_.status);
        sw_catln(w, "public static let status = ", status);
    }
    for (uint32_t i = 0; i < count; i++)
        field_declaration(ctx, w, &fields[i]);
    for (uint32_t i = 0; i < count; i++) {
        if (fields[i].field->constraints.pattern) {
            pc_blank(w);
            char number[24];
            sw_utoa(number, i);
            sw_cat(w, "private static let pattern", number, " = PayloadPattern(");
            const pc_value *pattern = fields[i].field->constraints.pattern;
            sw_string_literal(w, pattern->as.string.ptr, pattern->as.string.len);
            SW_LINE(w, SW_SV(")"));
        }
    }
    memberwise_init(ctx, w, fields, count);

    if (count == 0) {
        pc_blank(w);
        SW_OPEN(w, SW_SV("public init(from decoder: any Decoder) throws {"));
        SW_LINE(w, SW_SV("_ = try decoder.container(keyedBy: PayloadKey.self)"));
        sw_close(w, "}");
        pc_blank(w);
        SW_OPEN(w, SW_SV("public func encode(to encoder: any Encoder) throws {"));
        SW_LINE(w, SW_SV("_ = encoder.container(keyedBy: PayloadKey.self)"));
        sw_close(w, "}");
    } else {
        coding_keys(ctx, w, fields, count);
        pc_blank(w);
        SW_OPEN(w, SW_SV("public init(from decoder: any Decoder) throws {"));
        SW_LINE(w, SW_SV("let container = try decoder.container(keyedBy: CodingKeys.self)"));
        for (uint32_t i = 0; i < count; i++)
            decode_field(ctx, w, &fields[i]);
        sw_close(w, "}");
        pc_blank(w);
        SW_OPEN(w, SW_SV("public func encode(to encoder: any Encoder) throws {"));
        SW_LINE(w, SW_SV("var container = encoder.container(keyedBy: CodingKeys.self)"));
        for (uint32_t i = 0; i < count; i++)
            encode_field(ctx, w, &fields[i]);
        sw_close(w, "}");
    }

    pc_blank(w);
    if (!info->checks) {
        SW_LINE(
            w,
            SW_SV(
                "public func validate(at path: String, into violations: inout [PayloadError]) {}"));
        sw_close(w, "}");
        return;
    }
    SW_OPEN(
        w, SW_SV("public func validate(at path: String, into violations: inout [PayloadError]) {"));
    ctx->temp = 0;
    for (uint32_t i = 0; i < count; i++) {
        const field_info *f = &fields[i];
        const pc_field *field = f->field;
        if (!sw_type_checks(ctx, field->type, &field->constraints))
            continue;
        const char *path = sw_pointer_path(ctx, "path", field->wire);
        char pattern[40] = "Self.pattern";
        if (field->constraints.pattern)
            sw_utoa(pattern + 12, i);
        bool present = f->kind == FIELD_OPTIONAL || f->kind == FIELD_TRISTATE;
        const char *read = field_read(ctx, f);
        const char *expr =
            f->kind == FIELD_TRISTATE ? sw_concat(ctx, read, ".unwrapped", "") : read;
        sw_checks(ctx, w, field->type, &field->constraints, expr, present, path,
                  field->constraints.pattern ? pattern : NULL);
    }
    sw_close(w, "}");
    sw_close(w, "}");
}

/* ---- enums ---- */

void sw_enum(sw_ctx *ctx, pc_writer *w, const pc_decl *decl)
{
    const sw_decl *info = &ctx->decls[decl->index];
    bool open = decl->as.enum_.open;
    uint32_t count = decl->as.enum_.member_count;
    sw_member_context context = open ? SW_OPEN_CASE : SW_CASE;
    bool deprecated = info->has_deprecated;

    /* Each member's Swift name is needed four times below. */
    const char **names = pl_arena_alloc(ctx->arena, (count ? count : 1) * sizeof *names);
    if (!names) {
        ctx->failed = true;
        return;
    }
    for (uint32_t i = 0; i < count; i++)
        names[i] = sw_member(ctx, decl->as.enum_.members[i]->name, context);

    sw_doc(w, &decl->meta);
    sw_deprecation(w, &decl->meta);
    if (open)
        sw_open(w, "public enum ", info->name,
                ": Codable, Hashable, Sendable, CaseIterable, RawRepresentable",
                deprecated ? ", PayloadDeprecatedMembers {" : " {");
    else
        sw_open(w, "public enum ", info->name,
                ": String, Codable, Hashable, Sendable, CaseIterable {");
    for (uint32_t i = 0; i < count; i++) {
        const pc_member *member = decl->as.enum_.members[i];
        const char *name = names[i];
        pc_blank(w);
        sw_doc(w, &member->meta);
        sw_deprecation(w, &member->meta);
        sw_cat(w, "case ", name);
        const char *bare = name[0] == '`' ? name + 1 : name;
        size_t length = strlen(bare) - (name[0] == '`' ? 1 : 0);
        if (!open && (member->wire.len != length || memcmp(member->wire.ptr, bare, length) != 0)) {
            sw_put(w, " = ");
            sw_string_literal(w, member->wire.ptr, member->wire.len);
        }
        pc_newline(w);
    }
    if (open) {
        pc_blank(w);
        pc_line(w, "/// A member this version does not know, kept to be written back unchanged. "
                   "Not among `allCases`.");
        SW_LINE(w, SW_SV("case unknown(String)"));
    }

    /* allCases: synthesized for a closed enum unless a member is deprecated (Swift then does
     * not synthesize it); built from raw values where naming a deprecated case would warn. */
    if (open || deprecated) {
        pc_blank(w);
        pc_write(w, "public static let allCases: [%s] = [", info->name);
        for (uint32_t i = 0; i < count; i++) {
            const pc_member *member = decl->as.enum_.members[i];
            if (i)
                sw_put(w, ", ");
            if (deprecated) {
                sw_string_literal(w, member->wire.ptr, member->wire.len);
            } else {
                sw_put(w, ".");
                sw_put(w, names[i]);
            }
        }
        if (deprecated)
            pc_line(w, "].%s(%s.init(rawValue:))", open ? "map" : "compactMap", info->name);
        else
            SW_LINE(w, SW_SV("]"));
    }

    if (open) {
        pc_blank(w);
        SW_OPEN(w, SW_SV("public init(rawValue: String) {"));
        SW_OPEN(w, SW_SV("switch rawValue {"));
        pc_dedent(w); /* cases sit at the switch's indentation */
        for (uint32_t i = 0; i < count; i++) {
            const pc_member *member = decl->as.enum_.members[i];
            if (member->meta.deprecated)
                continue;
            sw_put(w, "case ");
            sw_string_literal(w, member->wire.ptr, member->wire.len);
            sw_catln(w, ": self = .", names[i]);
        }
        if (deprecated)
            pc_line(w,
                    "default: self = PayloadSupport.deprecatedMember(%s.self, rawValue) ?? "
                    ".unknown(rawValue)",
                    info->name);
        else
            SW_LINE(w, SW_SV("default: self = .unknown(rawValue)"));
        pc_indent(w);
        sw_close(w, "}");
        sw_close(w, "}");
        pc_blank(w);
        SW_OPEN(w, SW_SV("public var rawValue: String {"));
        SW_OPEN(w, SW_SV("switch self {"));
        pc_dedent(w); /* cases sit at the switch's indentation */
        for (uint32_t i = 0; i < count; i++) {
            const pc_member *member = decl->as.enum_.members[i];
            sw_cat(w, "case .", names[i], ": return ");
            sw_string_literal(w, member->wire.ptr, member->wire.len);
            pc_newline(w);
        }
        SW_LINE(w, SW_SV("case .unknown(let wire): return wire"));
        pc_indent(w);
        sw_close(w, "}");
        sw_close(w, "}");
        if (deprecated) {
            pc_blank(w);
            SW_LINE(
                w,
                SW_SV(
                    "// Called through PayloadDeprecatedMembers by init(rawValue:), where naming"));
            SW_LINE(w, SW_SV("// a deprecated case directly would warn."));
            SW_LINE(w, SW_SV("@available(*, deprecated, message: \"used by init(rawValue:)\")"));
            pc_open(w, "public static func payloadDeprecatedMember(_ wire: String) -> %s? {",
                    info->name);
            SW_OPEN(w, SW_SV("switch wire {"));
            pc_dedent(w); /* cases sit at the switch's indentation */
            for (uint32_t i = 0; i < count; i++) {
                const pc_member *member = decl->as.enum_.members[i];
                if (!member->meta.deprecated)
                    continue;
                sw_put(w, "case ");
                sw_string_literal(w, member->wire.ptr, member->wire.len);
                sw_catln(w, ": return .", names[i]);
            }
            SW_LINE(w, SW_SV("default: return nil"));
            pc_indent(w);
            sw_close(w, "}");
            sw_close(w, "}");
        }
        pc_blank(w);
        SW_OPEN(w, SW_SV("public init(from decoder: any Decoder) throws {"));
        SW_LINE(
            w,
            SW_SV("self.init(rawValue: try decoder.singleValueContainer().decode(String.self))"));
        sw_close(w, "}");
    } else {
        pc_blank(w);
        SW_OPEN(w, SW_SV("public init(from decoder: any Decoder) throws {"));
        sw_catln(w, "self = try PayloadSupport.member(decoder, ", info->name, ".init(rawValue:))");
        sw_close(w, "}");
    }
    pc_blank(w);
    SW_OPEN(w, SW_SV("public func encode(to encoder: any Encoder) throws {"));
    SW_LINE(w, SW_SV("var container = encoder.singleValueContainer()"));
    SW_LINE(w, SW_SV("try container.encode(rawValue)"));
    sw_close(w, "}");
    sw_close(w, "}");
}

/* ---- unions ---- */

void sw_union(sw_ctx *ctx, pc_writer *w, const pc_decl *decl)
{
    const sw_decl *info = &ctx->decls[decl->index];
    bool open = decl->as.union_.open;
    uint32_t count = decl->as.union_.variant_count;
    sw_member_context context = open ? SW_OPEN_CASE : SW_CASE;
    pc_str key = decl->as.union_.discriminator;

    sw_doc(w, &decl->meta);
    sw_deprecation(w, &decl->meta);
    sw_open(w, info->indirect ? "public indirect enum " : "public enum ", info->name,
            ": Codable, Hashable, Sendable, PayloadValidatable {");
    for (uint32_t i = 0; i < count; i++) {
        const pc_variant *variant = decl->as.union_.variants[i];
        pc_blank(w);
        sw_doc(w, &variant->meta);
        sw_deprecation(w, &variant->meta);
        sw_cat(w, "case ", sw_member(ctx, variant->name, context), "(");
        sw_type(ctx, w, variant->target);
        SW_LINE(w, SW_SV(")"));
    }
    if (open) {
        pc_blank(w);
        SW_LINE(
            w,
            SW_SV(
                "/// A variant this version does not know: the whole object, kept to be written"));
        SW_LINE(w, SW_SV("/// back unchanged."));
        SW_LINE(w, SW_SV("case unknown(PayloadJSON)"));
    }

    pc_blank(w);
    if (info->has_deprecated) {
        /* Building a deprecated case warns unless the builder is deprecated too; Decodable
         * calls its witness without a warning. */
        SW_LINE(w, SW_SV("@available(*, deprecated, message: \"decode through a Decoder\")"));
    }
    SW_OPEN(w, SW_SV("public init(from decoder: any Decoder) throws {"));
    sw_put(w, "let tag = try PayloadSupport.tag(decoder, ");
    sw_string_literal(w, key.ptr, key.len);
    SW_LINE(w, SW_SV(")"));
    SW_OPEN(w, SW_SV("switch tag {"));
    pc_dedent(w); /* cases sit at the switch's indentation */
    for (uint32_t i = 0; i < count; i++) {
        const pc_variant *variant = decl->as.union_.variants[i];
        sw_put(w, "case ");
        sw_string_literal(w, variant->wire.ptr, variant->wire.len);
        sw_cat(w, ": self = .", sw_member(ctx, variant->name, context), "(try ");
        sw_type(ctx, w, variant->target);
        SW_LINE(w, SW_SV("(from: decoder))"));
    }
    if (open) {
        SW_LINE(w, SW_SV("default: self = .unknown(try PayloadJSON(from: decoder))"));
    } else {
        sw_put(w, "default: throw PayloadSupport.unknownTag(decoder, ");
        sw_string_literal(w, key.ptr, key.len);
        pc_line(w, ", tag, \"%s\")", info->name);
    }
    pc_indent(w);
    sw_close(w, "}");
    sw_close(w, "}");

    pc_blank(w);
    SW_OPEN(w, SW_SV("public func encode(to encoder: any Encoder) throws {"));
    SW_OPEN(w, SW_SV("switch self {"));
    pc_dedent(w); /* cases sit at the switch's indentation */
    for (uint32_t i = 0; i < count; i++) {
        const pc_variant *variant = decl->as.union_.variants[i];
        sw_catln(w, "case .", sw_member(ctx, variant->name, context), "(let value):");
        pc_indent(w);
        sw_put(w, "try PayloadSupport.encodeTag(encoder, ");
        sw_string_literal(w, key.ptr, key.len);
        sw_put(w, ", ");
        sw_string_literal(w, variant->wire.ptr, variant->wire.len);
        SW_LINE(w, SW_SV(")"));
        SW_LINE(w, SW_SV("try value.encode(to: encoder)"));
        pc_dedent(w);
    }
    if (open) {
        SW_LINE(w, SW_SV("case .unknown(let json):"));
        pc_indent(w);
        SW_LINE(w, SW_SV("try json.encode(to: encoder)"));
        pc_dedent(w);
    }
    pc_indent(w);
    sw_close(w, "}");
    sw_close(w, "}");

    pc_blank(w);
    if (!info->checks) {
        SW_LINE(
            w,
            SW_SV(
                "public func validate(at path: String, into violations: inout [PayloadError]) {}"));
        sw_close(w, "}");
        return;
    }
    SW_OPEN(
        w, SW_SV("public func validate(at path: String, into violations: inout [PayloadError]) {"));
    SW_OPEN(w, SW_SV("switch self {"));
    pc_dedent(w); /* cases sit at the switch's indentation */
    bool all = true;
    for (uint32_t i = 0; i < count; i++) {
        const pc_variant *variant = decl->as.union_.variants[i];
        if (!sw_type_checks(ctx, variant->target, NULL)) {
            all = false;
            continue;
        }
        sw_catln(w, "case .", sw_member(ctx, variant->name, context),
                 "(let value): value.validate(at: path, into: &violations)");
    }
    if (!all || open)
        SW_LINE(w, SW_SV("default: break"));
    pc_indent(w);
    sw_close(w, "}");
    sw_close(w, "}");
    sw_close(w, "}");
}

/* ---- aliases ---- */

void sw_alias(sw_ctx *ctx, pc_writer *w, const pc_decl *decl)
{
    const sw_decl *info = &ctx->decls[decl->index];
    const pc_type *target = decl->as.alias.target;
    if (!info->wrapper) {
        sw_doc(w, &decl->meta);
        sw_deprecation(w, &decl->meta);
        sw_cat(w, "public typealias ", info->name, " = ");
        sw_type(ctx, w, target);
        pc_newline(w);
        sw_alias_validator(ctx, w, decl);
        return;
    }
    /* Swift has no recursive typealias: a wrapper that codes as its value. */
    bool wire = sw_needs_wire(ctx, target);
    sw_doc(w, &decl->meta);
    sw_deprecation(w, &decl->meta);
    pc_open(w, "public struct %s: Codable, Hashable, Sendable, PayloadValidatable {", info->name);
    sw_put(w, "public var value: ");
    sw_type(ctx, w, target);
    pc_newline(w);
    const pc_constraints *c = &decl->as.alias.constraints;
    if (c->pattern) {
        pc_blank(w);
        sw_put(w, "private static let pattern = PayloadPattern(");
        sw_string_literal(w, c->pattern->as.string.ptr, c->pattern->as.string.len);
        SW_LINE(w, SW_SV(")"));
    }
    pc_blank(w);
    sw_put(w, "public init(_ value: ");
    sw_type(ctx, w, target);
    SW_OPEN(w, SW_SV(") {"));
    SW_LINE(w, SW_SV("self.value = value"));
    sw_close(w, "}");
    pc_blank(w);
    SW_OPEN(w, SW_SV("public init(from decoder: any Decoder) throws {"));
    pc_writer call;
    pc_writer_init(&call, "");
    sw_put(&call, "try decoder.singleValueContainer().decode(");
    if (wire)
        sw_wire_type(ctx, &call, target, false);
    else
        sw_type(ctx, &call, target);
    sw_put(&call, ".self)");
    pl_buf_append_char(&call.buf, '\0');
    sw_put(w, "value = ");
    sw_from_wire(ctx, w, target, call.buf.data, false);
    pc_newline(w);
    pc_writer_free(&call);
    sw_close(w, "}");
    pc_blank(w);
    SW_OPEN(w, SW_SV("public func encode(to encoder: any Encoder) throws {"));
    SW_LINE(w, SW_SV("var container = encoder.singleValueContainer()"));
    sw_put(w, "try container.encode(");
    sw_to_wire(ctx, w, target, "value", false);
    SW_LINE(w, SW_SV(")"));
    sw_close(w, "}");
    pc_blank(w);
    if (!info->checks) {
        SW_LINE(
            w,
            SW_SV(
                "public func validate(at path: String, into violations: inout [PayloadError]) {}"));
        sw_close(w, "}");
        return;
    }
    SW_OPEN(
        w, SW_SV("public func validate(at path: String, into violations: inout [PayloadError]) {"));
    ctx->temp = 0;
    sw_checks(ctx, w, target, c, "value", false, "path", c->pattern ? "Self.pattern" : NULL);
    sw_close(w, "}");
    sw_close(w, "}");
}
